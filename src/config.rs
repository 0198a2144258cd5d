//! `navdiff.toml`: settings kept with the repository, so that CI and every contributor run
//! navdiff the same way. Flags on the command line win over it.
//!
//! ```toml
//! nav = "docs/mkdocs.yml"        # the nav file, when discovery is not enough
//! nav-format = "mkdocs"          # its format, when detection is not enough
//! fail-on = ["removed"]          # change kinds that fail `navdiff diff` (exit 1)
//! title-similarity = 0.6         # how alike two titles must be to count as a rename
//! dice = 0.5                     # how many children two sections must share to be one
//! ignore-reorders = false
//! ignore-case = false
//! tags = "v*"                    # the release tags `navdiff changelog` walks
//! ignore = ["api/*"]             # entries to leave out: globs on targets or titles
//!
//! [annotations]                  # levels of `--format annotations`, per change kind
//! removed = "error"              # notice, warning, error or off
//! ```

use std::path::Path;

use serde::Deserialize;

use crate::diff::ChangeKind;
use crate::error::{Error, Result};
use crate::formats::support::LineIndex;
use crate::model::NavFormat;
use crate::report::{AnnotationLevel, AnnotationLevels};
use crate::source::{decode_text, read_named_file};

/// The configuration file's name, at the repository root.
pub const CONFIG_FILE: &str = "navdiff.toml";

/// What `fail-on` (and `--fail-on`) can name: a kind of change, or `unredirected`, an old
/// URL left without a page or a redirect.
///
/// The change kinds come from [`ChangeKind::ALL`], in its order, then `unredirected`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FailOn {
    /// Changes of this kind.
    Change(ChangeKind),
    /// An old URL that no longer serves a page and that no redirect covers.
    Unredirected,
}

impl FailOn {
    /// Every value, in the order `--help` lists them.
    pub const ALL: [FailOn; 7] = [
        FailOn::Change(ChangeKind::Added),
        FailOn::Change(ChangeKind::Removed),
        FailOn::Change(ChangeKind::Moved),
        FailOn::Change(ChangeKind::Renamed),
        FailOn::Change(ChangeKind::Relinked),
        FailOn::Change(ChangeKind::Reordered),
        FailOn::Unredirected,
    ];

    /// The name used on the command line and in `navdiff.toml`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            FailOn::Change(kind) => kind.name(),
            FailOn::Unredirected => "unredirected",
        }
    }
}

impl std::fmt::Display for FailOn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for FailOn {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        crate::model::from_name(&FailOn::ALL, FailOn::name, "fail-on value", s)
    }
}

impl<'de> Deserialize<'de> for FailOn {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        /// The names, for serde's message about an unknown one.
        const NAMES: [&str; 7] = [
            "added",
            "removed",
            "moved",
            "renamed",
            "relinked",
            "reordered",
            "unredirected",
        ];
        struct Name;
        impl serde::de::Visitor<'_> for Name {
            type Value = FailOn;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a change kind or `unredirected`")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> std::result::Result<FailOn, E> {
                FailOn::ALL
                    .into_iter()
                    .find(|v| v.name() == name)
                    .ok_or_else(|| E::unknown_variant(name, &NAMES))
            }
        }
        d.deserialize_str(Name)
    }
}

/// The settings of `navdiff.toml`; every one optional.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
#[non_exhaustive]
pub struct Config {
    /// The nav file's path in the repository.
    pub nav: Option<String>,
    /// The nav file's format (`mkdocs`, `mdbook`, …).
    pub nav_format: Option<NavFormat>,
    /// Change kinds (and `unredirected`) that make `navdiff diff` exit 1.
    pub fail_on: Vec<FailOn>,
    /// The rename threshold for titles (0–1).
    pub title_similarity: Option<f64>,
    /// The section-overlap threshold (0–1).
    pub dice: Option<f64>,
    /// Do not report reordered nodes.
    pub ignore_reorders: Option<bool>,
    /// Do not report case-only renames.
    pub ignore_case: Option<bool>,
    /// A glob for the release tags of `navdiff changelog`.
    pub tags: Option<String>,
    /// Globs of targets or titles whose entries (with everything under them) every command
    /// leaves out, such as generated API references.
    pub ignore: Vec<String>,
    /// The level of each kind of change in GitHub annotations (`--format annotations`).
    pub annotations: AnnotationLevels,
}

impl Config {
    /// The `navdiff.toml` in `dir`, or the defaults when there is none. The file gets the
    /// checks of every file navdiff reads: it must resolve inside its repository (a link to
    /// a file outside is refused), be a regular file (not a FIFO or a device) and be within
    /// the size limit.
    pub fn load(dir: &Path) -> Result<Config> {
        let path = dir.join(CONFIG_FILE);
        let name = path.display().to_string();
        match read_named_file(&path, &name)? {
            Some(bytes) => Config::parse(&name, decode_text(&name, &bytes)?),
            None => Ok(Config::default()),
        }
    }

    /// The configuration file at `path`, which must exist (`--config FILE`), with the same
    /// checks as [`Config::load`].
    pub fn load_file(path: &Path) -> Result<Config> {
        let name = path.display().to_string();
        let bytes = read_named_file(path, &name)?.ok_or_else(|| Error::Read {
            path: name.clone(),
            source: std::fs::metadata(path)
                .err()
                .unwrap_or_else(|| std::io::Error::other("it is a folder, not a file")),
        })?;
        Config::parse(&name, decode_text(&name, &bytes)?)
    }

    /// The text of a new `navdiff.toml` (`navdiff init`): every setting with what it does,
    /// naming `nav` when one was found.
    #[must_use]
    pub fn template(nav: Option<&str>) -> String {
        let nav_line = nav.map_or_else(
            || "# nav = \"docs/mkdocs.yml\"".to_owned(),
            |n| format!("nav = {n:?}"),
        );
        let formats: Vec<&str> = NavFormat::ALL.iter().map(|f| f.name()).collect();
        let kinds: Vec<&str> = FailOn::ALL.iter().map(|k| k.name()).collect();
        let mut text = comment("navdiff settings: flags on the command line win over these.");
        text += &comment("The nav file, when discovery by its usual names is not enough.");
        text += &format!("{nav_line}\n");
        text += &comment(&format!(
            "Its format, when detection is not enough: {}.",
            or_list(&formats)
        ));
        text += "# nav-format = \"mkdocs\"\n";
        text += &comment(&format!(
            "What makes `navdiff diff` exit 1: changes of these kinds, or `unredirected` (an old URL left without a page or a redirect): {}.",
            or_list(&kinds)
        ));
        text += "fail-on = []\n";
        text += &comment(
            "How alike two titles must be to count as a rename (0-1), and how many children two sections must share to count as one (0-1).",
        );
        text +=
            "title-similarity = 0.6\ndice = 0.5\nignore-reorders = false\nignore-case = false\n";
        text += &comment("The release tags `navdiff changelog` walks.");
        text += "# tags = \"v*\"\n";
        text += &comment(
            "Entries to leave out (globs on targets or titles), such as a generated API reference.",
        );
        text += "ignore = []\n";
        let levels: Vec<&str> = AnnotationLevel::ALL.iter().map(|l| l.name()).collect();
        text += &comment(&format!(
            "How GitHub shows each kind of change with `--format annotations`: {}.",
            or_list(&levels)
        ));
        text += "[annotations]\n";
        let defaults = AnnotationLevels::default();
        for kind in ChangeKind::ALL {
            text += &format!("{kind} = \"{}\"\n", defaults.get(kind));
        }
        text
    }

    /// Parses `text`, the contents of the file `name`.
    pub fn parse(name: &str, text: &str) -> Result<Config> {
        toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            let (line, column) = LineIndex::new(text).line_column(text, offset);
            Error::syntax(name, text, line, column, e.message().to_owned())
        })
    }
}

/// `text` as `#` comment lines of at most 90 columns.
fn comment(text: &str) -> String {
    let mut out = String::new();
    let mut line = String::from("#");
    for word in text.split(' ') {
        if line.len() + 1 + word.len() > 90 && line.len() > 1 {
            out += &line;
            out.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(word);
    }
    out + &line + "\n"
}

/// `a, b or c`.
fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_setting() {
        let text = "nav = \"docs/mkdocs.yml\"\nnav-format = \"mkdocs\"\nfail-on = [\"removed\", \"relinked\"]\ntitle-similarity = 0.7\nignore-reorders = true\ntags = \"v*\"\n";
        let config = Config::parse("navdiff.toml", text).expect("valid");
        assert_eq!(config.nav.as_deref(), Some("docs/mkdocs.yml"));
        assert_eq!(
            config.fail_on,
            [
                FailOn::Change(ChangeKind::Removed),
                FailOn::Change(ChangeKind::Relinked)
            ]
        );
        assert_eq!(config.nav_format, Some(NavFormat::Mkdocs));
        assert_eq!(config.title_similarity, Some(0.7));
        assert_eq!(config.ignore_reorders, Some(true));
        assert_eq!(config.dice, None);
        let gate = Config::parse("navdiff.toml", "fail-on = [\"unredirected\"]\n").expect("valid");
        assert_eq!(gate.fail_on, [FailOn::Unredirected]);
        // The values are the change kinds, in their order, then `unredirected`.
        let kinds: Vec<FailOn> = ChangeKind::ALL.into_iter().map(FailOn::Change).collect();
        assert_eq!(FailOn::ALL[..kinds.len()], kinds[..]);
        assert_eq!(FailOn::ALL[kinds.len()..], [FailOn::Unredirected]);
        assert_eq!(config.annotations, AnnotationLevels::default());
        let config = Config::parse(
            "navdiff.toml",
            "[annotations]\nremoved = \"error\"\nmoved = \"notice\"\nreordered = \"off\"\n",
        )
        .expect("valid");
        assert_eq!(
            config.annotations,
            AnnotationLevels::default()
                .with(ChangeKind::Removed, AnnotationLevel::Error)
                .with(ChangeKind::Moved, AnnotationLevel::Notice)
                .with(ChangeKind::Reordered, AnnotationLevel::Off)
        );
    }

    #[test]
    fn errors_name_the_line() {
        let err = Config::parse("navdiff.toml", "nav = \"a\"\nfail-on = \"removed\"\n")
            .expect_err("wrong type");
        assert!(
            err.to_string()
                .starts_with("navdiff.toml:2:11: invalid type: string"),
            "{err}"
        );
        let err = Config::parse("navdiff.toml", "fail-on = [\"removed\", \"gone\"]\n")
            .expect_err("unknown kind");
        assert!(
            err.to_string().starts_with(
                "navdiff.toml:1:23: unknown variant `gone`, expected one of `added`, `removed`"
            ),
            "{err}"
        );
        let err = Config::parse("navdiff.toml", "[annotations]\nremoved = \"loud\"\n")
            .expect_err("unknown level");
        assert!(
            err.to_string().starts_with(
                "navdiff.toml:2:11: unknown variant `loud`, expected one of `off`, `notice`, `warning`, `error`"
            ),
            "{err}"
        );
        let err = Config::parse("navdiff.toml", "[annotations]\ngone = \"error\"\n")
            .expect_err("unknown kind");
        assert!(
            err.to_string()
                .starts_with("navdiff.toml:2:1: unknown variant `gone`"),
            "{err}"
        );
        let err =
            Config::parse("navdiff.toml", "nav = \"a\"\nnavv = 1\n").expect_err("unknown key");
        assert!(
            err.to_string()
                .starts_with("navdiff.toml:2:1: unknown field `navv`"),
            "{err}"
        );
    }
}

#[cfg(test)]
mod template_tests {
    use super::*;

    #[test]
    fn the_template_lists_every_format_and_kind_and_reads_back() {
        let text = Config::template(Some("docs/mkdocs.yml"));
        for format in NavFormat::ALL {
            assert!(text.contains(format.name()), "{format}: {text}");
        }
        for value in FailOn::ALL {
            assert!(text.contains(value.name()), "{value}: {text}");
        }
        assert!(text.lines().all(|l| l.chars().count() <= 90), "{text}");
        for level in AnnotationLevel::ALL {
            assert!(text.contains(level.name()), "{level}: {text}");
        }
        let config = Config::parse(CONFIG_FILE, &text).expect("the template reads back");
        assert_eq!(config.nav.as_deref(), Some("docs/mkdocs.yml"));
        assert_eq!(config.fail_on, []);
        assert_eq!(config.annotations, AnnotationLevels::default());
    }
}
