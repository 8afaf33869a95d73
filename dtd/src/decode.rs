//! Bytes to text: the document's encoding, told by its byte-order mark or
//! its XML declaration, decoded to UTF-8 before anything else reads it.
//!
//! UTF-8 and US-ASCII are read as they are; ISO-8859-1 and UTF-16 (little
//! or big endian, with its byte-order mark, as XML requires) are decoded by
//! hand: both are a few lines over `char::from` and `char::decode_utf16`,
//! which is less than a general encoding library would bring. The other
//! common single-byte encodings are accepted only for pure-ASCII documents,
//! where they make no difference; anything else is refused, as libxml2
//! refuses encodings it does not know.

use std::borrow::Cow;

use crate::error::WellFormednessError;

/// The encoding a document was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, or US-ASCII (a subset of it).
    Utf8,
    /// ISO-8859-1 (Latin-1).
    Latin1,
    Utf16Le,
    Utf16Be,
    /// A single-byte encoding such as windows-1252, declared on a document
    /// whose bytes are all ASCII.
    AsciiCompatible,
}

/// A document as text, with what its bytes said about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The document without its byte-order mark.
    pub text: Cow<'a, str>,
    pub encoding: Encoding,
    /// The encoding the XML declaration names, as written.
    pub declared: Option<String>,
    /// The bytes started with a UTF-8 byte-order mark.
    pub utf8_bom: bool,
}

/// Decodes a whole document. Errors are well-formedness errors at the
/// first byte that cannot be read.
pub fn decode(xml: &[u8]) -> Result<Decoded<'_>, WellFormednessError> {
    if let Some(units) = xml.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(units, Encoding::Utf16Le, u16::from_le_bytes);
    }
    if let Some(units) = xml.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(units, Encoding::Utf16Be, u16::from_be_bytes);
    }
    let (utf8_bom, body) = match xml.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => (true, rest),
        None => (false, xml),
    };
    let declared = declared_encoding(body).map(str::to_owned);
    let mut encoding = Encoding::Utf8;
    if let Some(name) = &declared {
        match name.to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" | "us-ascii" | "ascii" => {}
            "iso-8859-1" | "iso_8859-1" | "iso8859-1" | "latin1" | "latin-1" | "l1" => {
                return Ok(Decoded {
                    text: Cow::Owned(body.iter().map(|&b| char::from(b)).collect()),
                    encoding: Encoding::Latin1,
                    declared,
                    utf8_bom,
                });
            }
            lower if ascii_compatible(lower) && body.is_ascii() => {
                encoding = Encoding::AsciiCompatible;
            }
            "utf-16" | "utf-16le" | "utf-16be" => {
                return Err(at_start(format!(
                    "Document labelled {name} but has no UTF-16 byte-order mark"
                )));
            }
            _ => return Err(at_start(format!("Unsupported encoding {name}"))),
        }
    }
    match std::str::from_utf8(body) {
        Ok(text) => Ok(Decoded {
            text: Cow::Borrowed(text),
            encoding,
            declared,
            utf8_bom,
        }),
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

fn utf16(
    bytes: &[u8],
    encoding: Encoding,
    unit: fn([u8; 2]) -> u16,
) -> Result<Decoded<'static>, WellFormednessError> {
    let pairs = bytes.chunks_exact(2);
    let odd = !pairs.remainder().is_empty();
    let mut text = String::with_capacity(bytes.len() / 2);
    for c in char::decode_utf16(pairs.map(|p| unit([p[0], p[1]]))) {
        match c {
            Ok(c) => text.push(c),
            Err(_) => return Err(not_utf16(&text)),
        }
    }
    if odd {
        return Err(not_utf16(&text));
    }
    let declared = declared_encoding(text.as_bytes()).map(str::to_owned);
    Ok(Decoded {
        text: Cow::Owned(text),
        encoding,
        declared,
        utf8_bom: false,
    })
}

/// An error after the text decoded so far.
fn not_utf16(decoded: &str) -> WellFormednessError {
    let pos = crate::position::position_of(decoded.as_bytes(), decoded.len());
    WellFormednessError {
        line: pos.line,
        column: pos.column,
        message: "Input is not proper UTF-16".to_owned(),
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
        let decoded = decode(latin).ok();
        assert!(
            decoded
                .as_ref()
                .is_some_and(|d| d.text.ends_with("<a>\u{e9}</a>"))
        );
        assert_eq!(decoded.map(|d| d.encoding), Some(Encoding::Latin1));
        let bad = b"<a>\n  \xE9</a>";
        let err = decode(bad).err();
        assert_eq!(err.map(|e| (e.line, e.column)), Some((2, 3)));
    }

    #[test]
    fn utf16_with_either_byte_order_mark() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<a>\u{e9}\u{1F600}</a>";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        for (bytes, encoding) in [(le, Encoding::Utf16Le), (be, Encoding::Utf16Be)] {
            let decoded = decode(&bytes).ok();
            assert_eq!(decoded.as_ref().map(|d| d.text.as_ref()), Some(text));
            assert_eq!(decoded.as_ref().map(|d| d.encoding), Some(encoding));
            assert_eq!(decoded.and_then(|d| d.declared).as_deref(), Some("UTF-16"));
        }
        // A lone surrogate is not UTF-16.
        let err = decode(&[0xFF, 0xFE, b'<', 0, 0x00, 0xD8, b'>', 0]).err();
        assert_eq!(err.map(|e| e.column), Some(2));
        assert!(decode(b"<?xml version='1.0' encoding='UTF-16'?><a/>").is_err());
    }
}
