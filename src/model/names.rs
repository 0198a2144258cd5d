//! The stable kebab-case names of the library's lists (`NavFormat`, `ChangeKind`,
//! `ReportFormat`), read back from text.

/// The item of `all` whose `name` is `text`; else an error that says what `what` is and
/// lists every name.
pub(crate) fn from_name<T: Copy>(
    all: &[T],
    name: fn(T) -> &'static str,
    what: &str,
    text: &str,
) -> Result<T, String> {
    all.iter()
        .copied()
        .find(|&v| name(v) == text)
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|&v| name(v)).collect();
            format!(
                "unknown {what} `{text}` (expected one of: {})",
                names.join(", ")
            )
        })
}
