//! How alike two titles (or targets) are: `similar`'s character ratio, with the diff
//! algorithm pinned so that scores do not drift between versions.
//!
//! The ratio is `2 × matching characters / (len(a) + len(b))`: `"Install"` and
//! `"Installing"` score 14 / 17 ≈ 0.82; `"Deploy"` and `"Monitoring"` share one `o` and
//! score 2 / 16 = 0.125. The ratio is computed here, in `f64`, from the diff's equal runs.

use similar::{Algorithm, DiffOp, TextDiff};

/// The similarity of `a` and `b`, from 0 (nothing shared) to 1 (equal).
pub(crate) fn ratio(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
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

/// The highest ratio two strings of these lengths (in characters) could reach; a cheap
/// bound that lets the matcher skip pairs that cannot reach its threshold.
pub(crate) fn best_possible(len_a: usize, len_b: usize) -> f64 {
    if len_a + len_b == 0 {
        return 1.0;
    }
    2.0 * len_a.min(len_b) as f64 / (len_a + len_b) as f64
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
    }
}
