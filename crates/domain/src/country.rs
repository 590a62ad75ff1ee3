//! Country calling codes, so a national number from a spreadsheet ("912 345 678" in Portugal) can be
//! written in E.164 (+351912345678) when the importer names the country.

/// ISO 3166-1 alpha-2 code → calling code (without `+`).
const CODES: &[(&str, &str)] = &[
    ("AE", "971"),
    ("AR", "54"),
    ("AT", "43"),
    ("AU", "61"),
    ("BD", "880"),
    ("BE", "32"),
    ("BG", "359"),
    ("BH", "973"),
    ("BR", "55"),
    ("CA", "1"),
    ("CH", "41"),
    ("CL", "56"),
    ("CN", "86"),
    ("CO", "57"),
    ("CZ", "420"),
    ("DE", "49"),
    ("DK", "45"),
    ("DZ", "213"),
    ("EC", "593"),
    ("EG", "20"),
    ("ES", "34"),
    ("ET", "251"),
    ("FI", "358"),
    ("FR", "33"),
    ("GB", "44"),
    ("GH", "233"),
    ("GR", "30"),
    ("HK", "852"),
    ("HU", "36"),
    ("ID", "62"),
    ("IE", "353"),
    ("IL", "972"),
    ("IN", "91"),
    ("IQ", "964"),
    ("IT", "39"),
    ("JO", "962"),
    ("JP", "81"),
    ("KE", "254"),
    ("KR", "82"),
    ("KW", "965"),
    ("LB", "961"),
    ("LY", "218"),
    ("MA", "212"),
    ("MX", "52"),
    ("MY", "60"),
    ("NG", "234"),
    ("NL", "31"),
    ("NO", "47"),
    ("NZ", "64"),
    ("OM", "968"),
    ("PE", "51"),
    ("PH", "63"),
    ("PK", "92"),
    ("PL", "48"),
    ("PT", "351"),
    ("QA", "974"),
    ("RO", "40"),
    ("RU", "7"),
    ("SA", "966"),
    ("SD", "249"),
    ("SE", "46"),
    ("SG", "65"),
    ("SN", "221"),
    ("SY", "963"),
    ("TH", "66"),
    ("TN", "216"),
    ("TR", "90"),
    ("TW", "886"),
    ("TZ", "255"),
    ("UA", "380"),
    ("UG", "256"),
    ("US", "1"),
    ("UY", "598"),
    ("VE", "58"),
    ("VN", "84"),
    ("YE", "967"),
    ("ZA", "27"),
];

pub fn calling_code(iso2: &str) -> Option<&'static str> {
    let iso2 = iso2.trim().to_ascii_uppercase();
    CODES.iter().find(|(c, _)| *c == iso2).map(|(_, code)| *code)
}

/// Every supported country code, for messages and pickers.
pub fn countries() -> impl Iterator<Item = &'static str> {
    CODES.iter().map(|(c, _)| *c)
}

/// The country of an E.164 number (`+` optional), by its longest calling code; +1 answers US (Canada and the
/// Caribbean share it, and Meta's US rules are what a sender must meet for the whole of +1).
pub fn country_of(e164: &str) -> Option<&'static str> {
    let digits = e164.trim().trim_start_matches('+');
    CODES
        .iter()
        .filter(|(c, code)| digits.starts_with(code) && !(*code == "1" && *c != "US"))
        .max_by_key(|(_, code)| code.len())
        .map(|(c, _)| *c)
}

/// A representative time zone of a country (its most populous one), for sending at a recipient's local hour.
pub fn time_zone_of(iso2: &str) -> Option<&'static str> {
    Some(match iso2 {
        "AE" => "Asia/Dubai",
        "AR" => "America/Argentina/Buenos_Aires",
        "AT" => "Europe/Vienna",
        "AU" => "Australia/Sydney",
        "BD" => "Asia/Dhaka",
        "BE" => "Europe/Brussels",
        "BG" => "Europe/Sofia",
        "BH" => "Asia/Bahrain",
        "BR" => "America/Sao_Paulo",
        "CA" => "America/Toronto",
        "CH" => "Europe/Zurich",
        "CL" => "America/Santiago",
        "CN" => "Asia/Shanghai",
        "CO" => "America/Bogota",
        "CZ" => "Europe/Prague",
        "DE" => "Europe/Berlin",
        "DK" => "Europe/Copenhagen",
        "DZ" => "Africa/Algiers",
        "EC" => "America/Guayaquil",
        "EG" => "Africa/Cairo",
        "ES" => "Europe/Madrid",
        "ET" => "Africa/Addis_Ababa",
        "FI" => "Europe/Helsinki",
        "FR" => "Europe/Paris",
        "GB" => "Europe/London",
        "GH" => "Africa/Accra",
        "GR" => "Europe/Athens",
        "HK" => "Asia/Hong_Kong",
        "HU" => "Europe/Budapest",
        "ID" => "Asia/Jakarta",
        "IE" => "Europe/Dublin",
        "IL" => "Asia/Jerusalem",
        "IN" => "Asia/Kolkata",
        "IQ" => "Asia/Baghdad",
        "IT" => "Europe/Rome",
        "JO" => "Asia/Amman",
        "JP" => "Asia/Tokyo",
        "KE" => "Africa/Nairobi",
        "KR" => "Asia/Seoul",
        "KW" => "Asia/Kuwait",
        "LB" => "Asia/Beirut",
        "LY" => "Africa/Tripoli",
        "MA" => "Africa/Casablanca",
        "MX" => "America/Mexico_City",
        "MY" => "Asia/Kuala_Lumpur",
        "NG" => "Africa/Lagos",
        "NL" => "Europe/Amsterdam",
        "NO" => "Europe/Oslo",
        "NZ" => "Pacific/Auckland",
        "OM" => "Asia/Muscat",
        "PE" => "America/Lima",
        "PH" => "Asia/Manila",
        "PK" => "Asia/Karachi",
        "PL" => "Europe/Warsaw",
        "PT" => "Europe/Lisbon",
        "QA" => "Asia/Qatar",
        "RO" => "Europe/Bucharest",
        "RU" => "Europe/Moscow",
        "SA" => "Asia/Riyadh",
        "SD" => "Africa/Khartoum",
        "SE" => "Europe/Stockholm",
        "SG" => "Asia/Singapore",
        "SN" => "Africa/Dakar",
        "SY" => "Asia/Damascus",
        "TH" => "Asia/Bangkok",
        "TN" => "Africa/Tunis",
        "TR" => "Europe/Istanbul",
        "TW" => "Asia/Taipei",
        "TZ" => "Africa/Dar_es_Salaam",
        "UA" => "Europe/Kyiv",
        "UG" => "Africa/Kampala",
        "US" => "America/New_York",
        "UY" => "America/Montevideo",
        "VE" => "America/Caracas",
        "VN" => "Asia/Ho_Chi_Minh",
        "YE" => "Asia/Aden",
        "ZA" => "Africa/Johannesburg",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_s_country_is_its_longest_calling_code() {
        assert_eq!(country_of("+351912345678"), Some("PT"));
        assert_eq!(country_of("+34612345678"), Some("ES"));
        assert_eq!(country_of("14155550123"), Some("US"));
        assert_eq!(country_of("+971501234567"), Some("AE"));
        assert_eq!(country_of("+999"), None);
    }

    #[test]
    fn every_country_has_a_time_zone() {
        for c in countries() {
            assert!(time_zone_of(c).is_some(), "{c}");
        }
    }
}
