//! Field encodings: base64, and US-ASCII with character references.

use std::fmt::Write as _;

use base64::Engine;
use base64::alphabet;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};

use super::TransportError;

/// Decodes with or without padding: buyers' and suppliers' libraries
/// disagree on it and the content is unambiguous either way.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Standard base64 (with padding) of the document bytes.
pub fn encode_base64(doc_bytes: &[u8]) -> String {
    STANDARD.encode(doc_bytes)
}

/// Decodes a `cxml-base64` value, ignoring whitespace and line breaks
/// (MIME-style encoders wrap at 76 columns).
pub fn decode_base64(field: &str) -> Result<Vec<u8>, TransportError> {
    let compact: String = field.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if compact.is_empty() {
        return Err(TransportError::EmptyField {
            field: "cxml-base64",
        });
    }
    LENIENT
        .decode(compact.as_bytes())
        .map_err(|e| TransportError::InvalidBase64 {
            reason: e.to_string(),
        })
}

const CDATA_OPEN: &str = "<![CDATA[";
const CDATA_CLOSE: &str = "]]>";

/// The document as US-ASCII for a `cxml-urlencoded` field: every non-ASCII
/// character becomes a hexadecimal character reference. The browser does
/// the URL encoding when it submits the form; doing it here too is the
/// double encoding of rule CX051.
///
/// A character reference means nothing inside CDATA, so there the section is
/// closed around the reference and reopened. A leading byte-order mark is
/// dropped (it would otherwise turn into text before the XML declaration).
pub fn encode_urlencoded(doc: &str) -> String {
    let doc = doc.strip_prefix('\u{feff}').unwrap_or(doc);
    let mut out = String::with_capacity(doc.len() + doc.len() / 8);
    let mut rest = doc;
    let mut in_cdata = false;
    loop {
        let marker = if in_cdata { CDATA_CLOSE } else { CDATA_OPEN };
        let Some(at) = rest.find(marker) else {
            push_ascii(&mut out, rest, in_cdata);
            break;
        };
        let (chunk, tail) = rest.split_at(at + marker.len());
        push_ascii(&mut out, chunk, in_cdata);
        in_cdata = !in_cdata;
        rest = tail;
    }
    out
}

fn push_ascii(out: &mut String, chunk: &str, in_cdata: bool) {
    for c in chunk.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        // Writing to a String cannot fail.
        let _ = if in_cdata {
            write!(out, "]]>&#x{:X};<![CDATA[", u32::from(c))
        } else {
            write!(out, "&#x{:X};", u32::from(c))
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_and_tolerates_wrapping() {
        let doc = "<cXML>café ✓</cXML>".as_bytes();
        let encoded = encode_base64(doc);
        assert_eq!(decode_base64(&encoded).ok().as_deref(), Some(doc));
        let wrapped = format!("  {}\r\n{}\n", &encoded[..8], &encoded[8..]);
        assert_eq!(decode_base64(&wrapped).ok().as_deref(), Some(doc));
        let unpadded = encoded.trim_end_matches('=');
        assert_eq!(decode_base64(unpadded).ok().as_deref(), Some(doc));
    }

    #[test]
    fn base64_errors() {
        assert_eq!(
            decode_base64(" \n"),
            Err(TransportError::EmptyField {
                field: "cxml-base64"
            })
        );
        assert!(matches!(
            decode_base64("PGE+*"),
            Err(TransportError::InvalidBase64 { .. })
        ));
    }

    #[test]
    fn urlencoded_uses_character_references() {
        let out = encode_urlencoded("\u{feff}<a t=\"é\">Zoë 😀 & co</a>");
        assert_eq!(out, "<a t=\"&#xE9;\">Zo&#xEB; &#x1F600; & co</a>");
        assert!(out.is_ascii());
    }

    #[test]
    fn urlencoded_splits_cdata_around_references() {
        let out = encode_urlencoded("<a><![CDATA[é<]]>é</a>");
        assert_eq!(out, "<a><![CDATA[]]>&#xE9;<![CDATA[<]]>&#xE9;</a>");
    }
}
