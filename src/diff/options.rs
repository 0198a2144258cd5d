//! What the diff engine can be told.

/// Settings for [`crate::diff::diff`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DiffOptions {
    /// The least similarity (0–1) at which two titles under matched parents count as one
    /// renamed node (default 0.6).
    pub title_similarity: f64,
    /// The least overlap of children (dice, 0–1) at which two sections count as one
    /// (default 0.5).
    pub dice: f64,
    /// Do not report reordered nodes.
    pub ignore_reorders: bool,
    /// Do not report renames that only change letter case.
    pub ignore_case: bool,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            title_similarity: 0.6,
            dice: 0.5,
            ignore_reorders: false,
            ignore_case: false,
        }
    }
}
