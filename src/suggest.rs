//! "Did you mean" suggestions.

/// The candidate closest to `word`, if one is close enough to be a likely typo.
///
/// Close enough means an edit distance (with transpositions) of at most a third of the
/// word's length, and at least 1; case differences alone always qualify. Ties go to the
/// candidate that sorts first, so suggestions are deterministic.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    ranked(word, candidates).into_iter().next()
}

/// Every close candidate, closest first.
pub fn ranked<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let lower = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter(|c| *c != word)
        .filter_map(|c| {
            let d = strsim::damerau_levenshtein(&lower, &c.to_lowercase());
            (d <= limit).then_some((d, c))
        })
        .collect();
    scored.sort_unstable();
    scored.dedup();
    scored.into_iter().map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_typos_of_fields() {
        let fields = ["id", "title", "status", "initiative", "priority", "labels", "depends_on"];
        assert_eq!(closest("stauts", fields), Some("status"));
        assert_eq!(closest("initative", fields), Some("initiative"));
        assert_eq!(closest("dependson", fields), Some("depends_on"));
        assert_eq!(closest("Title", fields), Some("title"));
        assert_eq!(closest("customer", fields), None);
        assert_eq!(closest("notes", fields), None);
    }

    #[test]
    fn suggests_close_ids_deterministically() {
        let ids = ["S-101", "S-102", "S-110", "subscriptions", "tracking"];
        assert_eq!(closest("S-103", ids), Some("S-101"));
        assert_eq!(closest("subscription", ids), Some("subscriptions"));
        assert_eq!(closest("trakcing", ids), Some("tracking"));
        assert_eq!(closest("zzz", ids), None);
        assert_eq!(ranked("S-10", ids), vec!["S-101", "S-102", "S-110"]);
    }
}
