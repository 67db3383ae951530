//! Writing text as a YAML scalar that every YAML reader reads back as the same text.

/// Writes a string as a YAML scalar, quoting it when plain style would change its meaning.
pub fn quote_str(s: &str) -> String {
    match serde_yaml::to_string(s) {
        // serde_yaml quotes what YAML 1.2 would type; other tools' YAML 1.1 readers type more.
        Ok(out) if out.trim_end_matches('\n') == s && typed_in_yaml_1_1(s) => format!("'{}'", s.replace('\'', "''")),
        Ok(out) => out.trim_end_matches('\n').to_string(),
        Err(_) => format!("{s:?}"),
    }
}

/// Whether plain `s` reads as something other than text under YAML 1.1 (`yes`, `off`,
/// `~`, `0x1F`, `1_000`, `12:30`, `2026-01-05`).
pub fn typed_in_yaml_1_1(s: &str) -> bool {
    const WORDS: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"];
    let lower = s.to_ascii_lowercase();
    if WORDS.contains(&lower.as_str()) || matches!(lower.trim_start_matches(['-', '+']), ".inf" | ".nan") {
        return true;
    }
    let b = lower.trim_start_matches(['-', '+']).as_bytes();
    // A YAML 1.1 date or timestamp: `2026-1-5`, `2026-01-05`, `2026-01-05 10:00`, `…T10:00Z`.
    let digits = |part: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&part.len()) && part.bytes().all(|c| c.is_ascii_digit())
    };
    let mut parts = lower.splitn(3, '-');
    let date = match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(rest)) if digits(y, 4..=4) && digits(m, 1..=2) => {
            let day_end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
            let time = &rest[day_end..];
            digits(&rest[..day_end], 1..=2)
                && (time.is_empty()
                    || (time.starts_with(['t', ' '])
                        && time[1..].trim_start().starts_with(|c: char| c.is_ascii_digit())))
        }
        _ => false,
    };
    let number = b.first().is_some_and(|c| c.is_ascii_digit() || *c == b'.')
        && b.iter().all(|c| c.is_ascii_hexdigit() || b"._:xob".contains(c));
    date || number
}
