//! Document validation: limits, input decoding, and the outcome.
//!
//! The streaming pass itself is in [`walker`]; content rules per open
//! element in [`content`], attributes and IDs in [`attrs`], character-level
//! well-formedness in [`text`] and error collection in [`report`].

mod attrs;
mod content;
mod naming;
mod prolog;
mod report;
mod text;
mod walker;

use std::borrow::Cow;

use crate::error::{Verdict, WellFormednessError};
use crate::schema::Schema;

/// Bounds on the work one document may cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Documents larger than this are refused before parsing.
    pub max_bytes: usize,
    /// Elements may nest at most this deep (the root is depth 1).
    pub max_depth: usize,
    /// At most this many validity errors are returned (at least one): the
    /// first ones in libxml2's order.
    pub max_errors: usize,
}

impl Default for Limits {
    /// 64 MiB, depth 256 (libxml2's default bound), 100 errors.
    fn default() -> Self {
        Limits {
            max_bytes: 64 << 20,
            max_depth: 256,
            max_errors: 100,
        }
    }
}

/// Validates `xml` against `schema`.
pub(crate) fn validate(schema: &Schema, xml: &[u8], limits: &Limits) -> Verdict {
    if xml.len() > limits.max_bytes {
        return not_well_formed(format!(
            "document is {} bytes, over the limit of {} bytes",
            xml.len(),
            limits.max_bytes
        ));
    }
    let text = match decode(xml) {
        Ok(text) => text,
        Err(error) => return Verdict::NotWellFormed(error),
    };
    walker::run(schema, &text, limits)
}

fn not_well_formed(message: String) -> Verdict {
    Verdict::NotWellFormed(WellFormednessError {
        line: 1,
        column: 1,
        message,
    })
}

/// The document as UTF-8 text without its byte-order mark. UTF-8 and
/// US-ASCII are read as is and ISO-8859-1 is transcoded; the other common
/// single-byte encodings are accepted only for pure-ASCII documents, where
/// they make no difference. Anything else is refused, as libxml2 refuses
/// encodings it does not know.
fn decode(xml: &[u8]) -> Result<Cow<'_, str>, WellFormednessError> {
    if xml.starts_with(&[0xFE, 0xFF]) || xml.starts_with(&[0xFF, 0xFE]) {
        return Err(at_start("UTF-16 documents are not supported".to_owned()));
    }
    let body = xml.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(xml);
    if let Some(declared) = declared_encoding(body) {
        let name = declared.to_ascii_lowercase();
        match name.as_str() {
            "utf-8" | "utf8" | "us-ascii" | "ascii" => {}
            "iso-8859-1" | "iso_8859-1" | "iso8859-1" | "latin1" | "latin-1" | "l1" => {
                return Ok(Cow::Owned(body.iter().map(|&b| char::from(b)).collect()));
            }
            _ if ascii_compatible(&name) && body.is_ascii() => {}
            _ => return Err(at_start(format!("Unsupported encoding {declared}"))),
        }
    }
    match std::str::from_utf8(body) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(e) => {
            let pos = crate::position::position_of(body, e.valid_up_to());
            Err(WellFormednessError {
                line: pos.line,
                column: pos.column,
                message: "Input is not proper UTF-8".to_owned(),
            })
        }
    }
}

/// Single-byte encodings that agree with ASCII on ASCII bytes.
fn ascii_compatible(name: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    name.strip_prefix("iso-8859-").is_some_and(digits)
        || name.strip_prefix("windows-125").is_some_and(digits)
        || name.strip_prefix("cp125").is_some_and(digits)
        || matches!(name, "koi8-r" | "koi8-u")
}

fn at_start(message: String) -> WellFormednessError {
    WellFormednessError {
        line: 1,
        column: 1,
        message,
    }
}

/// The `encoding` pseudo-attribute of a leading XML declaration.
fn declared_encoding(body: &[u8]) -> Option<&str> {
    if !body.starts_with(b"<?xml") {
        return None;
    }
    let end = body.windows(2).take(512).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&body[..end]).ok()?;
    let after = &decl[decl.find("encoding")? + "encoding".len()..];
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|&q| q == '"' || q == '\'')?;
    let value = &after[1..];
    value.find(quote).map(|end| &value[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_declared_encoding() {
        assert_eq!(
            declared_encoding(b"<?xml version=\"1.0\" encoding='ISO-8859-1'?><a/>"),
            Some("ISO-8859-1")
        );
        assert_eq!(declared_encoding(b"<?xml version=\"1.0\"?><a/>"), None);
        assert_eq!(declared_encoding(b"<a/>"), None);
    }

    #[test]
    fn latin1_is_transcoded_and_bad_utf8_located() {
        let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xE9</a>";
        assert!(decode(latin).is_ok_and(|t| t.ends_with("<a>\u{e9}</a>")));
        let bad = b"<a>\n  \xE9</a>";
        let err = decode(bad).err();
        assert_eq!(err.map(|e| (e.line, e.column)), Some((2, 3)));
    }
}
