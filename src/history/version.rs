//! Version numbers in tag names, in the schemes projects tag releases with, so that
//! releases sort as their project means them to:
//!
//! - semver: `v1.2.3`, `2.0.0-rc.1`, `v3.0.0-beta.9` (numeric identifiers compare as
//!   numbers: `alpha.9` < `alpha.76`), build metadata (`+build`) ignored;
//! - PEP 440: `2.14.0b1`, `1.0rc1`, `1.0.post1`, `2.0.dev3`, `v2.14.0b1`;
//! - Maven and JBoss: `3.6.0.Beta2`, `3.5.2.Final`, `5.0.0.M1`, `5.0.0.RC1`, `4.3.0.RELEASE`,
//!   `1.0.CR1`, `2.1.SP1`, `1.0-SNAPSHOT`;
//! - calendar versions: `2024.04`, `24.04.1`, `2019-01-03`.
//!
//! A tag is a prefix without digits (`v`, `release-`, `create-vite@`), then the version.
//! Tags with the same prefix (a leading or trailing `v` aside) form one *series*: only
//! versions of one series compare. `2.2.x`, `1.0.x` and other names with digits that are
//! not versions are not read as versions.

use std::cmp::Ordering;

/// A version read from a tag name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Version {
    /// The prefix before the version, lower case, without a `v` before the digits: the
    /// series the version belongs to (`""` for `v1.2` and `1.2` alike).
    pub(crate) series: String,
    /// The release numbers, without trailing zeros (`1.0.0` is `1`).
    numbers: Vec<u64>,
    /// -2 development snapshot, -1 pre-release, 0 release, 1 post-release.
    stage: i8,
    /// The qualifier's identifiers after its stage word (`beta.9` → `beta`, 9).
    parts: Vec<Part>,
}

/// One identifier of a qualifier: numbers sort before words, as in semver.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Number(u64),
    Word(String),
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.numbers
            .cmp(&other.numbers)
            .then(self.stage.cmp(&other.stage))
            .then_with(|| self.parts.cmp(&other.parts))
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// What a qualifier's first word means: its stage, and the word it sorts by.
fn stage_of(word: &str) -> Option<(i8, &'static str)> {
    Some(match word {
        "dev" | "snapshot" => (-2, "dev"),
        "a" | "alpha" => (-1, "alpha"),
        "b" | "beta" => (-1, "beta"),
        "m" | "milestone" => (-1, "milestone"),
        "c" | "rc" | "cr" | "pre" | "preview" => (-1, "rc"),
        "final" | "ga" | "release" => (0, ""),
        "post" | "sp" | "rev" | "r" => (1, "post"),
        _ => return None,
    })
}

impl Version {
    /// The version in `tag`, `None` when the name is not one.
    pub(crate) fn parse(tag: &str) -> Option<Version> {
        let start = tag.find(|c: char| c.is_ascii_digit())?;
        let prefix = &tag[..start];
        if !prefix
            .chars()
            .all(|c| c.is_ascii_alphabetic() || matches!(c, '-' | '_' | '/' | '@'))
        {
            return None;
        }
        let series = series_of(prefix);
        let rest = &tag[start..];
        let rest = rest.split_once('+').map_or(rest, |(v, _)| v);
        if let Some(numbers) = calendar_date(rest) {
            return Some(Version {
                series,
                numbers,
                stage: 0,
                parts: Vec::new(),
            });
        }
        // The release numbers: digits separated by dots.
        let bytes = rest.as_bytes();
        let mut end = 0;
        let mut numbers = Vec::new();
        loop {
            let digits = bytes[end..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            numbers.push(rest[end..end + digits].parse::<u64>().ok()?);
            end += digits;
            if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
                end += 1;
            } else {
                break;
            }
        }
        while numbers.len() > 1 && numbers.last() == Some(&0) {
            numbers.pop();
        }
        let (stage, parts) = qualifier(&rest[end..])?;
        Some(Version {
            series,
            numbers,
            stage,
            parts,
        })
    }
}

/// The series of a prefix: lower case, without the `v` that stands before version digits.
fn series_of(prefix: &str) -> String {
    let lower = prefix.to_ascii_lowercase();
    match lower.strip_suffix('v') {
        Some(head) if head.is_empty() || !head.ends_with(|c: char| c.is_ascii_alphabetic()) => {
            head.to_owned()
        }
        _ => lower,
    }
}

/// `YYYY-MM-DD` as three numbers.
fn calendar_date(text: &str) -> Option<Vec<u64>> {
    let parts: Vec<&str> = text.split('-').collect();
    match parts.as_slice() {
        [y, m, d]
            if y.len() == 4
                && m.len() == 2
                && d.len() == 2
                && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) =>
        {
            parts.iter().map(|p| p.parse().ok()).collect()
        }
        _ => None,
    }
}

/// What follows the release numbers: its stage and identifiers, `None` when it is not a
/// qualifier of any scheme.
fn qualifier(text: &str) -> Option<(i8, Vec<Part>)> {
    if text.is_empty() {
        return Some((0, Vec::new()));
    }
    // `-rc.1` (semver; any word), `.Beta2` (Maven; a known word), `b1` (PEP 440; a known word).
    let (body, any_word) = match text.strip_prefix('-') {
        Some(body) => (body, true),
        None => (text.strip_prefix('.').unwrap_or(text), false),
    };
    if body.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    for id in body.split(['.', '-', '_']) {
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        // `rc1` is `rc`, 1: numbers in a word compare as numbers.
        let mut rest = id;
        while !rest.is_empty() {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 {
                parts.push(Part::Number(rest[..digits].parse().ok()?));
                rest = &rest[digits..];
            } else {
                let letters = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
                parts.push(Part::Word(rest[..letters].to_ascii_lowercase()));
                rest = &rest[letters..];
            }
        }
    }
    match parts.first() {
        Some(Part::Word(word)) => match stage_of(word) {
            Some((stage, canonical)) => {
                if canonical.is_empty() {
                    parts.remove(0);
                } else {
                    parts[0] = Part::Word(canonical.to_owned());
                }
                if stage != -1 {
                    // `Final`, `post1`, `dev3`: the word is the stage; numbers follow.
                    parts.retain(|p| matches!(p, Part::Number(_)));
                }
                Some((stage, parts))
            }
            None if any_word => Some((-1, parts)),
            None => None,
        },
        // `1.0.0-0.3.7`: a numeric pre-release.
        Some(Part::Number(_)) if any_word => Some((-1, parts)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(tags: &[&str]) -> Vec<String> {
        let mut v: Vec<(&str, Version)> = tags
            .iter()
            .map(|t| {
                (
                    *t,
                    Version::parse(t).unwrap_or_else(|| panic!("{t} is a version")),
                )
            })
            .collect();
        v.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(b.0)));
        v.into_iter().map(|(t, _)| t.to_owned()).collect()
    }

    #[test]
    fn semver_with_numeric_prerelease_identifiers() {
        let tags = [
            "v1.0.0",
            "v1.0.0-beta.1",
            "v1.0.0-alpha.76",
            "v1.0.0-alpha.9",
            "v1.0.0-alpha",
            "v1.0.0-rc.1",
            "v0.9.0",
            "v1.0.1",
            "v1.0.0-alpha.10",
        ];
        assert_eq!(
            sorted(&tags),
            [
                "v0.9.0",
                "v1.0.0-alpha",
                "v1.0.0-alpha.9",
                "v1.0.0-alpha.10",
                "v1.0.0-alpha.76",
                "v1.0.0-beta.1",
                "v1.0.0-rc.1",
                "v1.0.0",
                "v1.0.1"
            ]
        );
    }

    #[test]
    fn pep_440() {
        let tags = [
            "v2.14.0",
            "v2.14.0b1",
            "v2.14.0rc1",
            "v2.14.0a2",
            "v2.14.0.post1",
            "v2.14.0.dev3",
            "v2.13.1",
            "v2.14.0b10",
        ];
        assert_eq!(
            sorted(&tags),
            [
                "v2.13.1",
                "v2.14.0.dev3",
                "v2.14.0a2",
                "v2.14.0b1",
                "v2.14.0b10",
                "v2.14.0rc1",
                "v2.14.0",
                "v2.14.0.post1"
            ]
        );
    }

    #[test]
    fn maven_and_jboss() {
        let tags = [
            "3.6.0.Final",
            "3.6.0.Beta2",
            "3.6.0.Alpha1",
            "3.6.0.CR1",
            "3.5.2.Final",
            "3.6.0.Beta10",
            "3.6.1.SP1",
            "3.6.1",
            "5.0.0.M1",
            "5.0.0.RC1",
            "5.0.0.RELEASE",
            "5.0.0-M2",
            "4.0-SNAPSHOT",
        ];
        assert_eq!(
            sorted(&tags),
            [
                "3.5.2.Final",
                "3.6.0.Alpha1",
                "3.6.0.Beta2",
                "3.6.0.Beta10",
                "3.6.0.CR1",
                "3.6.0.Final",
                "3.6.1",
                "3.6.1.SP1",
                "4.0-SNAPSHOT",
                "5.0.0.M1",
                "5.0.0-M2",
                "5.0.0.RC1",
                "5.0.0.RELEASE"
            ]
        );
        assert_eq!(
            Version::parse("3.5.2.Final").map(|v| v.cmp(&Version::parse("3.5.2").expect("v"))),
            Some(Ordering::Equal)
        );
    }

    #[test]
    fn calendar_versions() {
        assert_eq!(
            sorted(&["2024.10", "2024.9.1", "2023.12.0", "24.04.1", "2019-01-03"]),
            ["24.04.1", "2019-01-03", "2023.12.0", "2024.9.1", "2024.10"]
        );
    }

    #[test]
    fn names_that_are_not_versions_and_series() {
        for tag in [
            "2.2.x",
            "1.0.x",
            "latest",
            "stable",
            "v1.x",
            "1.0-",
            "v1.0.0-beta!",
            "0.12.x",
        ] {
            assert_eq!(Version::parse(tag), None, "{tag}");
        }
        let series = |t: &str| Version::parse(t).map(|v| v.series);
        assert_eq!(series("v1.2"), Some(String::new()));
        assert_eq!(series("1.2"), Some(String::new()));
        assert_eq!(series("V1.2"), Some(String::new()));
        assert_eq!(series("trpl-v0.1.0"), Some("trpl-".to_owned()));
        assert_eq!(series("create-vite@5.0.0"), Some("create-vite@".to_owned()));
        assert_eq!(series("release-2.0"), Some("release-".to_owned()));
        assert_eq!(series("nav1.0"), Some("nav".to_owned()));
        assert_eq!(Version::parse("1.0.0+build.5"), Version::parse("1.0.0"));
        assert_eq!(Version::parse("1.0.0.beta0").map(|v| v.stage), Some(-1));
    }
}
