//! The one place where bytes become text: the size limit and the UTF-8 check that every
//! file navdiff reads goes through, from disk or from git.

use crate::error::{Error, Result};

/// The largest nav file, page or snapshot navdiff reads, in bytes.
pub const MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// Refuses a file of `size` bytes when it is over [`MAX_FILE_SIZE`].
pub(crate) fn check_size(name: &str, size: u64) -> Result<()> {
    if size > MAX_FILE_SIZE {
        return Err(Error::TooLarge {
            path: name.to_owned(),
            limit: MAX_FILE_SIZE,
        });
    }
    Ok(())
}

/// The text of a nav file's bytes, without a byte-order mark; binary and non-UTF-8 input
/// is an error naming `name` and, for bad UTF-8, the line and column.
pub fn decode_text<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str> {
    if bytes[..bytes.len().min(8000)].contains(&0) {
        return Err(Error::Binary {
            path: name.to_owned(),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.split(|&b| b == b'\n').count();
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            Err(Error::Syntax {
                path: name.to_owned(),
                line,
                column,
                message: format!(
                    "not UTF-8 text (invalid byte 0x{:02x})",
                    bytes[e.valid_up_to()]
                ),
                excerpt: None,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_and_bad_utf8_are_named_errors() {
        let err = decode_text("logo.png", b"\x89PNG\r\n\x1a\n\0\0").expect_err("binary");
        assert_eq!(
            err.to_string(),
            "logo.png: binary file (it contains NUL bytes), not a nav file"
        );
        let err = decode_text("nav.yml", b"- a\n- b\xff\n").expect_err("latin-1");
        assert_eq!(
            err.to_string(),
            "nav.yml:2:4: not UTF-8 text (invalid byte 0xff)"
        );
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        assert_eq!(
            decode_text("a", "\u{feff}- a".as_bytes()).expect("utf-8"),
            "- a"
        );
    }

    #[test]
    fn the_size_limit_names_the_file() {
        assert!(check_size("a", MAX_FILE_SIZE).is_ok());
        let err = check_size("v1:big.yml", MAX_FILE_SIZE + 1).expect_err("too large");
        assert_eq!(
            err.to_string(),
            "v1:big.yml: file is larger than navdiff reads (16 MiB)"
        );
    }
}
