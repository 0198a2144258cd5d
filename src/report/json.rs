//! The JSON contract, schema `navdiff.diff.v1` (`schema/navdiff.diff.v1.json` in the
//! repository describes it): stable and versioned; fields are only ever added.

use std::io::{self, Write};

use serde::Serialize;

use crate::diff::{Change, Diff, EvidenceSource, Side, Summary};
use crate::model::json_safe;
use crate::redirects::{Coverage, UrlChange};

/// The schema id of the JSON navdiff writes.
pub const DIFF_SCHEMA: &str = "navdiff.diff.v1";

#[derive(Serialize)]
struct Out<'a> {
    schema: &'static str,
    old: &'a Side,
    new: &'a Side,
    summary: &'a Summary,
    changes: &'a [Change],
    file_evidence: EvidenceSource,
    /// Paired nodes whose title is empty on one side only (not reported as renamed).
    #[serde(skip_serializing_if = "Option::is_none")]
    untitled_sections: Option<usize>,
    /// Every old URL that no longer serves a page, when redirects were checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    redirects: Option<&'a [UrlChange]>,
}

/// The JSON document of `diff`, as a value (for documents that embed diffs).
pub(crate) fn to_value(diff: &Diff) -> serde_json::Value {
    to_value_with(diff, None)
}

/// The JSON document of `diff` with the old URLs of `redirects`, as a value.
pub(crate) fn to_value_with(diff: &Diff, redirects: Option<&Coverage>) -> serde_json::Value {
    serde_json::to_value(document(diff, redirects)).expect("a diff always serialises")
}

fn document<'a>(diff: &'a Diff, redirects: Option<&'a Coverage>) -> Out<'a> {
    Out {
        schema: DIFF_SCHEMA,
        old: &diff.old,
        new: &diff.new,
        summary: &diff.summary,
        changes: &diff.changes,
        file_evidence: diff.file_evidence,
        untitled_sections: (diff.untitled > 0).then_some(diff.untitled),
        redirects: redirects
            .filter(|c| c.computed)
            .map(|c| c.entries.as_slice()),
    }
}

pub(super) fn render(
    diff: &Diff,
    redirects: Option<&Coverage>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let doc = document(diff, redirects);
    // Serialised first, so that a closed pipe surfaces as the I/O error it is.
    let mut text = serde_json::to_string_pretty(&doc).map_err(io::Error::other)?;
    text.push('\n');
    out.write_all(json_safe(text).as_bytes())
}
