//! What readers learn from a page's own text: its title.

/// The title a page shows: its front matter `title:`, else its first heading (markdown `#`
/// or setext, reStructuredText over- or underlined), with inline markup left as written.
pub(crate) fn document_title(text: &str) -> Option<String> {
    let mut lines = text.lines().peekable();
    if lines.peek().is_some_and(|l| l.trim() == "---") {
        lines.next();
        for line in lines.by_ref() {
            let line = line.trim_end();
            if line == "---" || line == "..." {
                break;
            }
            if let Some(title) = line.strip_prefix("title:") {
                let title = title.trim().trim_matches(|c| c == '"' || c == '\'').trim();
                if !title.is_empty() {
                    return Some(title.to_owned());
                }
            }
        }
    }
    let rest: Vec<&str> = lines.collect();
    let is_rule = |l: &str| {
        let l = l.trim_end();
        l.len() >= 3
            && l.chars().all(|c| c == l.chars().next().unwrap_or(' '))
            && l.starts_with(['=', '-', '~', '*', '^', '#', '+', '"'])
    };
    for (i, line) in rest.iter().enumerate() {
        let trimmed = line.trim();
        if let Some(h) = trimmed.strip_prefix("= ").filter(|h| !h.trim().is_empty()) {
            return Some(h.trim().to_owned());
        }
        if let Some(h) = trimmed.strip_prefix('#') {
            let h = h.trim_start_matches('#');
            if h.starts_with(' ') && !h.trim().is_empty() {
                return Some(h.trim().trim_end_matches('#').trim().to_owned());
            }
        }
        if !trimmed.is_empty()
            && !is_rule(line)
            && !trimmed.starts_with("..")
            && rest.get(i + 1).is_some_and(|next| is_rule(next))
        {
            return Some(trimmed.to_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::document_title;

    #[test]
    fn titles_from_front_matter_headings_and_rst() {
        assert_eq!(
            document_title("---\nid: x\ntitle: 'Front matter'\n---\n# Heading\n").as_deref(),
            Some("Front matter")
        );
        assert_eq!(
            document_title("Intro text\n\n## Second level first\n# Top\n").as_deref(),
            Some("Second level first")
        );
        assert_eq!(
            document_title("Setext\n======\n").as_deref(),
            Some("Setext")
        );
        assert_eq!(
            document_title(".. _label:\n\n=====\nTitle\n=====\n\nBody\n").as_deref(),
            Some("Title")
        );
        assert_eq!(document_title("#hashtag\nno heading\n"), None);
        assert_eq!(
            document_title(":page-x: y\n= AsciiDoc Title\n").as_deref(),
            Some("AsciiDoc Title")
        );
    }
}
