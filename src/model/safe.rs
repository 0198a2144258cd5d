//! Text from a repository shown where it cannot reorder what surrounds it: bidirectional
//! controls, which every output format shows as escapes (`report/` escapes the rest for
//! each medium).

/// Whether `c` is a bidirectional control (embeddings, overrides and isolates: U+202A–U+202E,
/// U+2066–U+2069), which reorders the text around it when shown ("Trojan Source").
#[must_use]
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// JSON text with bidirectional controls written as `\u` escapes: the same JSON value,
/// shown without reordering a terminal or an editor. (serde writes control characters as
/// escapes already.)
#[must_use]
pub fn json_safe(json: String) -> String {
    if !json.chars().any(is_bidi_control) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_bidi_control(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::json_safe;

    #[test]
    fn bidi_controls_become_json_escapes_of_the_same_value() {
        let json = serde_json::to_string(&"a\u{202e}b\u{2066}c").expect("json");
        let safe = json_safe(json);
        assert_eq!(safe, r#""a\u202eb\u2066c""#);
        let back: String = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back, "a\u{202e}b\u{2066}c");
    }
}
