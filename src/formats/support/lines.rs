//! Byte offsets in a file's text to the 1-based lines and columns that messages name.

/// Bytes per block of [`LineIndex::blocks`].
const BLOCK: usize = 256;

/// Byte offsets to 1-based lines and columns.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
    /// For text that is not all ASCII: the characters before each [`BLOCK`]-byte block, so
    /// that a column costs at most two blocks' worth of counting however long its line
    /// (a minified file is one line: readers ask for a column per entry).
    blocks: Option<Vec<usize>>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        // `blocks[i]`: the characters before byte `i * BLOCK`, for every block start up
        // to the end of the text.
        let blocks = (!text.is_ascii()).then(|| {
            let mut before = 0;
            let mut blocks = vec![0];
            for chunk in text.as_bytes().chunks(BLOCK) {
                before += chars_in(chunk);
                blocks.push(before);
            }
            blocks
        });
        LineIndex { starts, blocks }
    }

    /// The 1-based line holding byte `offset`.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// The 1-based line and column (in characters) of byte `offset` in `text`, the text
    /// this index was built from.
    pub(crate) fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.starts[line - 1];
        let end = offset.min(text.len());
        let column = match &self.blocks {
            None => end.saturating_sub(start) + 1,
            Some(blocks) => {
                let before = |at: usize| {
                    let block = at / BLOCK;
                    blocks[block] + chars_in(&text.as_bytes()[block * BLOCK..at])
                };
                before(end).saturating_sub(before(start.min(end))) + 1
            }
        };
        (line, column)
    }
}

/// The characters that start in `bytes` (UTF-8, possibly cut anywhere): the bytes that
/// are not continuation bytes.
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    #[track_caller]
    fn check(text: &str, offset: usize, expected: (usize, usize)) {
        assert_eq!(LineIndex::new(text).line_column(text, offset), expected);
    }

    #[test]
    fn lines_and_columns_in_characters() {
        check("ab\ncd", 0, (1, 1));
        check("ab\ncd", 4, (2, 2));
        check("ab\ncd", 3, (2, 1));
        check("é€\nxé-y", 9, (2, 3));
        check("é€x", 5, (1, 3));
        // A long line of multi-byte characters: columns count characters across blocks.
        let long = format!("{}x", "é".repeat(1000));
        check(&long, 2000, (1, 1001));
        let text = format!("€\n{}", "€a".repeat(300));
        check(&text, 4 + 4 * 250, (2, 501));
        // The very end of a text whose length is a whole number of blocks.
        let whole = "é".repeat(256);
        check(&whole, 512, (1, 257));
    }
}
