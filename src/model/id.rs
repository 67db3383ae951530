//! Item ids: the order people read them in, and what makes an id unusable.

/// Orders ids as people read them: runs of digits compare as numbers, so `S-9` comes before
/// `S-10`; otherwise byte order.
pub fn id_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let n = x.iter().take_while(|b| b.is_ascii_digit()).count();
                let m = y.iter().take_while(|b| b.is_ascii_digit()).count();
                let (p, q) = (&x[..n], &y[..m]);
                let (p, q) = (trim_zeros(p), trim_zeros(q));
                let ord = p.len().cmp(&q.len()).then_with(|| p.cmp(q));
                if ord != Ordering::Equal {
                    return ord;
                }
                x = &x[n..];
                y = &y[m..];
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(d);
                }
                x = &x[1..];
                y = &y[1..];
            }
        }
    }
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let zeros = digits.iter().take_while(|b| **b == b'0').count();
    &digits[zeros.min(digits.len().saturating_sub(1))..]
}

/// Whether `c` changes the direction of the text around it (bidi embeddings, overrides,
/// isolates and marks): plan text must not be able to reorder what a reviewer reads.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Why an id cannot be used, if it cannot.
pub fn id_problem(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        Some("an id cannot be empty")
    } else if id.chars().any(char::is_whitespace) {
        Some("an id cannot contain whitespace")
    } else if id.contains(['/', '\\']) {
        Some("an id cannot contain a path separator")
    } else if id.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        Some("an id cannot contain control or bidi characters")
    } else if id.starts_with('.') {
        Some("an id cannot start with `.`")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::id_cmp;

    #[test]
    fn ids_sort_naturally() {
        let mut ids = vec!["S-10", "S-9", "S-100", "S-2", "alpha", "S-09", "T-1", "S-1a", "S-1"];
        ids.sort_by(|a, b| id_cmp(a, b));
        assert_eq!(ids, ["S-1", "S-1a", "S-2", "S-09", "S-9", "S-10", "S-100", "T-1", "alpha"]);
    }
}
