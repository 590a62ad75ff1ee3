//! Fuzzes the contact importer's CSV reading: the upload's check (`csv_file::inspect`: encoding, delimiter,
//! headers, row count), the suggested mapping (`guess_target`), and the import job's reading of every row
//! (`csv_file::reader`, `decode`, `imports::columns`, `imports::parse_record`: phones, emails and custom fields of
//! every kind). Only the database writes are left out. Besides "never panic", the job must read as many rows as the
//! upload announced (the progress bar ends at 100 %), and an exported cell must never start a formula.
#![no_main]

use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use parley_services::crm::csv_file::{self, decode, guess_target, inspect, safe_cell};
use parley_services::crm::fields::{FieldDef, FieldKind};
use parley_services::crm::imports::{columns, parse_record};

/// One custom field of each kind, named so that a one-letter header maps to it.
fn fields() -> Vec<FieldDef> {
    let def = |key: &str, kind, options: &[&str]| FieldDef {
        key: key.to_owned(),
        label: format!("{key} field"),
        kind,
        required: key == "t",
        options: options.iter().map(|o| (*o).to_owned()).collect(),
    };
    vec![
        def("t", FieldKind::Text, &[]),
        def("n", FieldKind::Number, &[]),
        def("d", FieldKind::Date, &[]),
        def("b", FieldKind::Boolean, &[]),
        def("s", FieldKind::Select, &["Gold", "Silver"]),
        def("m", FieldKind::MultiSelect, &["Red", "Blue", "Ünïcode"]),
        def("u", FieldKind::Url, &[]),
        def("e", FieldKind::Email, &[]),
        def("p", FieldKind::Phone, &[]),
    ]
}

fuzz_target!(|file: &[u8]| {
    let Ok(shape) = inspect(file) else { return };
    let fields = fields();
    let keys: Vec<(String, String)> = fields.iter().map(|d| (d.key.clone(), d.label.clone())).collect();
    let mapping: HashMap<String, String> = shape.headers.iter().map(|h| (h.clone(), guess_target(h, &keys))).collect();
    let columns = columns(&shape.headers, &mapping, &fields);
    let mut reader = csv_file::reader(file, shape.delimiter);
    let mut record = csv::ByteRecord::new();
    let mut rows = 0usize;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let cells: Vec<String> = record.iter().map(decode).collect();
                for country in [None, Some("PT"), Some("BR")] {
                    let _ = parse_record(&cells, shape.headers.len(), &columns, country);
                }
                for cell in &cells {
                    let out = safe_cell(cell);
                    assert!(!out.starts_with(['=', '+', '-', '@', '\t', '\r']), "{out:?} would run as a formula");
                }
            }
            Err(_) => {}
        }
        rows += 1;
    }
    assert_eq!(rows, shape.rows, "the job reads the rows the upload counted");
});
