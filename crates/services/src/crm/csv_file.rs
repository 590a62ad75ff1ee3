//! Reading the CSV files people export from spreadsheets and other CRMs: UTF-8 with or without a BOM,
//! cells in Windows-1252 mixed in (decoded per cell, so one badly saved row does not spoil the file),
//! comma, semicolon or tab; and writing cells so a spreadsheet never runs them as formulas.

use parley_domain::DomainError;

pub const MAX_BYTES: usize = 50 * 1024 * 1024;
pub const MAX_COLUMNS: usize = 200;
pub const SAMPLE_ROWS: usize = 5;

/// What the upload step tells the person about their file.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub delimiter: u8,
    pub headers: Vec<String>,
    pub sample: Vec<Vec<String>>,
    pub rows: usize,
}

fn bad(message: &str) -> DomainError {
    DomainError::Rejected { code: "invalid_csv", message: message.into() }
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// A cell as text: UTF-8 when it is, else Windows-1252 (what Excel writes on most Western machines;
/// its printable range is Latin-1's with a few extra letters and signs).
pub fn decode(cell: &[u8]) -> String {
    match std::str::from_utf8(cell) {
        Ok(s) => s.to_owned(),
        Err(_) => cell.iter().map(|&b| cp1252(b)).collect(),
    }
}

fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    if (0x80..0xA0).contains(&b) { HIGH[(b - 0x80) as usize] } else { b as char }
}

/// The delimiter that splits the header line into the most columns (outside quotes).
fn sniff(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in bytes.iter().take(64 * 1024) {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = counts.iter().enumerate().max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i))).map(|(i, _)| i);
    [b',', b';', b'\t'][best.unwrap_or(0)]
}

pub fn reader(bytes: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(true).from_reader(strip_bom(bytes))
}

/// Checks that the upload is a CSV file we can import and describes it.
pub fn inspect(bytes: &[u8]) -> Result<Shape, DomainError> {
    if bytes.len() > MAX_BYTES {
        return Err(bad("The file is larger than 50 MB. Split it into smaller files."));
    }
    let body = strip_bom(bytes);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(bad("The file is empty."));
    }
    if body.iter().take(8192).any(|&b| b == 0) {
        return Err(bad("This is not a CSV file (it contains binary data). Save the sheet as CSV and try again."));
    }
    let delimiter = sniff(body);
    let mut rdr = reader(bytes, delimiter);
    let headers = rdr
        .byte_headers()
        .map_err(|e| bad(&format!("The header line cannot be read: {e}")))?
        .iter()
        .map(|h| decode(h).trim().to_owned())
        .collect::<Vec<_>>();
    if headers.len() > MAX_COLUMNS {
        return Err(bad(&format!("The file has {} columns; at most {MAX_COLUMNS} are imported.", headers.len())));
    }
    if headers.iter().all(String::is_empty) {
        return Err(bad("The first line must name the columns."));
    }
    let headers = unique_headers(headers);
    let mut sample = Vec::new();
    let mut rows = 0usize;
    let mut record = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                rows += 1;
                if sample.len() < SAMPLE_ROWS {
                    sample.push(record.iter().map(decode).collect());
                }
            }
            // A row with broken quoting is reported when importing; keep counting the rest.
            Err(_) => rows += 1,
        }
    }
    if rows == 0 {
        return Err(bad("The file has a header line but no rows."));
    }
    Ok(Shape { delimiter, headers, sample, rows })
}

/// Blank headers get a name, repeated ones a number, so the mapping can name every column.
fn unique_headers(headers: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(headers.len());
    for (i, h) in headers.into_iter().enumerate() {
        let base = if h.is_empty() { format!("Column {}", i + 1) } else { h };
        let mut name = base.clone();
        let mut n = 2;
        while out.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
            name = format!("{base} ({n})");
            n += 1;
        }
        out.push(name);
    }
    out
}

/// A cell for an exported file: one that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
/// carriage return) gets a leading `'`, so it is shown, never executed.
pub fn safe_cell(v: &str) -> std::borrow::Cow<'_, str> {
    match v.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{v}").into(),
        _ => v.into(),
    }
}

/// Guesses a target for a header by its name (`Phone number` → phone, `E-mail` → email, a custom
/// field's key or label → that field).
pub fn guess_target(header: &str, field_keys: &[(String, String)]) -> String {
    let h: String = header.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
    let known: &[(&[&str], &str)] = &[
        (
            &[
                "phone",
                "phonenumber",
                "mobile",
                "mobilephone",
                "cell",
                "whatsapp",
                "tel",
                "telephone",
                "telefone",
                "telefono",
                "hatif",
                "الهاتف",
                "رقمالهاتف",
                "جوال",
            ],
            "phone",
        ),
        (&["name", "fullname", "contactname", "nome", "nombre", "nom", "الاسم", "اسم"], "name"),
        (&["email", "emailaddress", "mail", "correo", "البريدالإلكتروني", "البريد"], "email"),
        (
            &["company", "organisation", "organization", "business", "empresa", "société", "societe", "الشركة"],
            "company",
        ),
        (&["notes", "note", "comments", "comment", "notas", "ملاحظات"], "notes"),
        (&["tags", "labels", "tag", "label", "etiquetas", "الوسوم"], "labels"),
    ];
    for (names, target) in known {
        if names.contains(&h.as_str()) {
            return (*target).to_owned();
        }
    }
    for (key, label) in field_keys {
        let l: String = label.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
        let k: String = key.chars().filter(|c| c.is_alphanumeric()).collect();
        if h == l || h == k {
            return format!("field.{key}");
        }
    }
    "skip".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolons_a_bom_and_latin1_cells_are_understood() {
        let mut file = b"\xEF\xBB\xBFName;Phone;City\n".to_vec();
        file.extend_from_slice(b"Jos\xE9;+351912345678;Lisboa\n");
        file.extend_from_slice("Zoë;+351912345679;Porto\n".as_bytes());
        let s = inspect(&file).expect("should be accepted");
        assert_eq!(s.delimiter, b';');
        assert_eq!(s.headers, ["Name", "Phone", "City"]);
        assert_eq!(s.rows, 2);
        assert_eq!(s.sample[0][0], "José");
        assert_eq!(s.sample[1][0], "Zoë");
    }

    #[test]
    fn tabs_quotes_and_repeated_headers() {
        let s = inspect(b"phone\tphone\t\n\"+1 415\t555\"\tx\ty\n").expect("should be accepted");
        assert_eq!(s.delimiter, b'\t');
        assert_eq!(s.headers, ["phone", "phone (2)", "Column 3"]);
        assert_eq!(s.sample[0][0], "+1 415\t555");
    }

    #[test]
    fn what_is_not_an_importable_csv_is_refused_with_a_reason() {
        assert!(inspect(b"").is_err());
        assert!(inspect(b"\xEF\xBB\xBF  \n").is_err());
        assert!(inspect(b"PK\x03\x04\x00\x00binary").is_err());
        assert!(inspect(b"name,phone\n").is_err());
        let wide = (0..201).map(|i| format!("c{i}")).collect::<Vec<_>>().join(",") + "\n1\n";
        assert!(inspect(wide.as_bytes()).is_err());
    }

    #[test]
    fn formulas_are_exported_inert() {
        assert_eq!(safe_cell("=cmd()"), "'=cmd()");
        assert_eq!(safe_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe_cell("+351"), "'+351");
        assert_eq!(safe_cell("Ana"), "Ana");
    }

    #[test]
    fn headers_are_guessed() {
        let fields = vec![("plan".to_owned(), "Plan type".to_owned())];
        assert_eq!(guess_target("Phone Number", &fields), "phone");
        assert_eq!(guess_target("E-mail", &fields), "email");
        assert_eq!(guess_target("Plan type", &fields), "field.plan");
        assert_eq!(guess_target("Favourite colour", &fields), "skip");
    }
}
