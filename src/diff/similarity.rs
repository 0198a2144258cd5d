//! How alike two titles (or targets) are: `similar`'s character ratio, with the diff
//! algorithm pinned so that scores do not drift between versions.
//!
//! The ratio is `2 × matching characters / (len(a) + len(b))`: `"Install"` and
//! `"Installing"` score 14 / 17 ≈ 0.82; `"Deploy"` and `"Monitoring"` share one `o` and
//! score 2 / 16 = 0.125. The ratio is computed here, in `f64`, from the diff's equal runs.
//!
//! Only the first [`MAX_CHARS`] characters of each string are compared: a title is read in
//! a sidebar, and the cost of a character diff grows with the product of the lengths, so two
//! 600,000-character titles must not cost seconds.
//!
//! Targets are compared on what differs between them ([`target_alikeness`]): a shared folder
//! and the extension say nothing about whether two files are one page.

use similar::{Algorithm, DiffOp, TextDiff};

/// The most characters of each string a ratio looks at. At this length a comparison costs
/// at most about (2 × 128)² steps, well under a millisecond.
pub(crate) const MAX_CHARS: usize = 128;

/// The similarity of `a` and `b`, from 0 (nothing shared) to 1 (equal), on their first
/// [`MAX_CHARS`] characters.
pub(crate) fn ratio(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let (a, b) = (head(a), head(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .diff_chars(a, b);
    let same: usize = diff
        .ops()
        .iter()
        .map(|op| match *op {
            DiffOp::Equal { len, .. } => len,
            _ => 0,
        })
        .sum();
    2.0 * same as f64 / (a.chars().count() + b.chars().count()) as f64
}

/// The first [`MAX_CHARS`] characters of `s`.
fn head(s: &str) -> &str {
    match s.char_indices().nth(MAX_CHARS) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The length in characters that [`ratio`] compares of a string of `len` characters.
pub(crate) fn compared_len(len: usize) -> usize {
    len.min(MAX_CHARS)
}

/// The highest ratio two strings of these lengths (in characters) could reach; a cheap
/// bound that lets the matcher skip pairs that cannot reach its threshold.
pub(crate) fn best_possible(len_a: usize, len_b: usize) -> f64 {
    let (len_a, len_b) = (compared_len(len_a), compared_len(len_b));
    if len_a + len_b == 0 {
        return 1.0;
    }
    2.0 * len_a.min(len_b) as f64 / (len_a + len_b) as f64
}

/// The last path segment of a normalised target without a `#fragment`, the page's file
/// name without its extension (`guide/install` → `install`); `None` for an external URL,
/// a fragment, or the site's root.
pub(crate) fn file_stem(target: &str) -> Option<&str> {
    // Byte scans: this runs on every page of both trees.
    let bytes = target.as_bytes();
    let start = bytes.iter().rposition(|&b| b == b'/').map_or(0, |i| i + 1);
    let stem = &target[start..];
    if stem.is_empty() || stem == ".." || stem.as_bytes().contains(&b'#') {
        return None;
    }
    // A URL's scheme sits before its first `/` (`https://x.org/a`, `mailto:a@b.org`).
    let first = bytes.iter().position(|&b| b == b'/').unwrap_or(bytes.len());
    if bytes[..first].contains(&b':') && crate::model::has_scheme(target) {
        return None;
    }
    Some(stem)
}

/// How alike two normalised targets are on the part that differs: path segments shared at
/// the start or at the end are left out, so `reference/api` and `reference/glossary`
/// compare `api` with `glossary`. Two targets with the same file name in different folders
/// (`usage/fields` and `concepts/fields`) score 1; equal targets score 1.
pub(crate) fn target_alikeness(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    if let (Some(x), Some(y)) = (file_stem(a), file_stem(b))
        && x == y
    {
        return 1.0;
    }
    let (sa, sb): (Vec<&str>, Vec<&str>) = (a.split('/').collect(), b.split('/').collect());
    let prefix = sa.iter().zip(&sb).take_while(|(x, y)| x == y).count();
    let room = sa.len().min(sb.len()) - prefix;
    let suffix = sa
        .iter()
        .rev()
        .zip(sb.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    let part = |s: &[&str]| s[prefix..s.len() - suffix].join("/");
    ratio(&part(&sa), &part(&sb))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios() {
        assert!((ratio("install", "installing") - 14.0 / 17.0).abs() < 1e-6);
        assert!((ratio("deploy", "monitoring") - 0.125).abs() < 1e-9);
        assert!((ratio("overview", "over") - 8.0 / 12.0).abs() < 1e-12);
        assert!((ratio("same", "same") - 1.0).abs() < f64::EPSILON);
        assert!(ratio("", "x").abs() < f64::EPSILON);
        assert!(
            (ratio("getting started", "get started") - ratio("get started", "getting started"))
                .abs()
                < f64::EPSILON
        );
    }

    #[test]
    fn bound_is_never_below_the_ratio() {
        for (a, b) in [("a", "abcdef"), ("overview", "over"), ("x", "y")] {
            assert!(best_possible(a.chars().count(), b.chars().count()) >= ratio(a, b));
        }
        let long = "x".repeat(1_000);
        assert!(best_possible(1_000, 3) >= ratio(&long, "xxx"));
    }

    #[test]
    fn long_titles_cost_little() {
        // Two 600,000-character titles that differ everywhere: only their heads are diffed.
        let a: String = "ab".repeat(300_000);
        let b: String = "ba".repeat(300_000) + "c";
        let start = std::time::Instant::now();
        let r = ratio(&a, &b);
        assert!(r > 0.9, "{r}");
        // 400 such pairs (a 20 × 20 parent) in well under a second, even unoptimised.
        for _ in 0..400 {
            std::hint::black_box(ratio(&a, &b));
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn targets_compare_on_what_differs() {
        // The replacements: a shared folder does not make two pages one.
        assert!(target_alikeness("reference/api", "reference/glossary") < 0.3);
        assert!(target_alikeness("sdk/python", "sdk/go") < 0.3);
        assert!(target_alikeness("faq", "tips") < 0.3);
        assert!(target_alikeness("usage/devtools", "usage/fields") < 0.6);
        // The same file in another folder, and near-equal names.
        assert!((target_alikeness("usage/fields", "concepts/fields") - 1.0).abs() < 1e-12);
        assert!((target_alikeness("docs/s1/p5", "moved/docs/s1/p5") - 1.0).abs() < 1e-12);
        assert!(target_alikeness("guide/faq", "guide/faqs") > 0.8);
        // Shared segments at both ends leave the middle.
        assert!(target_alikeness("a/x/b", "a/y/c") < 0.5);
        assert!(target_alikeness("a/x", "a/y").abs() < 1e-12);
        assert_eq!(file_stem("guide/install"), Some("install"));
        assert_eq!(file_stem("https://x.org/a"), None);
        assert_eq!(file_stem("page#part"), None);
        assert_eq!(file_stem(""), None);
    }
}
