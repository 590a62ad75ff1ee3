//! A one-page PDF of plain text lines (the invoice download): the smallest valid document, written by hand
//! with a correct cross-reference table so any reader opens it.

/// Bytes of a PDF showing `lines` in Helvetica, top to bottom.
pub(crate) fn document(lines: &[String]) -> Vec<u8> {
    let mut content = String::from("BT /F1 12 Tf 16 TL 56 780 Td\n");
    for line in lines {
        content.push_str(&format!("({}) '\n", escape(line)));
    }
    content.push_str("ET\n");
    let content = encode(&content);
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_vec(),
    ];
    let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    stream.extend_from_slice(&content);
    stream.extend_from_slice(b"endstream");
    objects.push(stream);
    objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec());

    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)")
}

/// WinAnsi bytes for the text: the currency signs and the multiplication sign the invoices use, `?` for the
/// rest of non-ASCII.
fn encode(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            c if c.is_ascii() => c as u8,
            '€' => 0x80,
            '£' => 0xA3,
            '¥' => 0xA5,
            '×' => 0xD7,
            '–' => 0x96,
            _ => b'?',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cross_reference_table_points_at_the_objects() {
        let pdf = document(&["Invoice PRLY-0001 (paid)".into(), "Total: €49.00".into()]);
        assert!(pdf.starts_with(b"%PDF-1.4"));
        let tail = std::str::from_utf8(&pdf[pdf.len() - 40..]).expect("ascii tail");
        let startxref: usize = tail
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|n| n.parse().ok())
            .expect("startxref");
        let xref = std::str::from_utf8(&pdf[startxref..]).expect("ascii xref");
        assert!(xref.starts_with("xref\n0 6\n"));
        for (i, line) in xref.lines().skip(3).take(5).enumerate() {
            let off: usize = line[..10].parse().expect("offset");
            assert!(pdf[off..].starts_with(format!("{} 0 obj", i + 1).as_bytes()), "object {}", i + 1);
        }
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("\\(paid\\)"));
    }
}
