//! Reads the `application/x-www-form-urlencoded` body of a BrowserFormPost.
//!
//! The decoder is a dozen lines, so it is written here rather than pulled in:
//! we need to see the value after exactly one decoding step to spot a sender
//! that encoded it twice (rule CX051), which general-purpose form parsers hide.

use super::codec::decode_base64;
use super::{FormEncoding, FormPayload, TransportError};

/// Takes the cXML document out of a BrowserFormPost body.
///
/// Field names are matched case-insensitively. When both fields are present
/// `cxml-base64` wins, being the encoding that cannot be mangled by charsets.
/// A value still percent-encoded after one decoding step is decoded again
/// and flagged in [`FormPayload::double_encoded`].
pub fn decode_form(body: &[u8]) -> Result<FormPayload, TransportError> {
    let mut base64 = None;
    let mut urlencoded = None;
    for pair in body.split(|&b| b == b'&') {
        let (name, value) = match pair.iter().position(|&b| b == b'=') {
            Some(at) => (&pair[..at], &pair[at + 1..]),
            None => (pair, &[][..]),
        };
        let name = form_decode(name);
        let name = name.trim_ascii();
        if name.eq_ignore_ascii_case(FormEncoding::Base64.field_name().as_bytes()) {
            base64.get_or_insert(value);
        } else if name.eq_ignore_ascii_case(FormEncoding::UrlEncoded.field_name().as_bytes()) {
            urlencoded.get_or_insert(value);
        }
    }
    match (base64, urlencoded) {
        (Some(raw), _) => from_base64_field(raw),
        (None, Some(raw)) => from_urlencoded_field(raw),
        (None, None) => Err(TransportError::MissingField),
    }
}

fn from_base64_field(raw: &[u8]) -> Result<FormPayload, TransportError> {
    // `+` is kept as `+`: in a base64 value it is far likelier an unencoded
    // base64 digit than an encoded space, and whitespace is ignored anyway.
    let mut value = percent_decode(raw, false);
    let double_encoded = value.contains(&b'%');
    if double_encoded {
        value = percent_decode(&value, false);
    }
    let text = String::from_utf8_lossy(&value);
    let document = decode_base64(&text)?;
    Ok(FormPayload {
        encoding: FormEncoding::Base64,
        document,
        double_encoded,
    })
}

fn from_urlencoded_field(raw: &[u8]) -> Result<FormPayload, TransportError> {
    let mut document = form_decode(raw);
    let double_encoded = still_encoded(&document);
    if double_encoded {
        document = form_decode(&document);
    }
    if document.trim_ascii().is_empty() {
        return Err(TransportError::EmptyField {
            field: FormEncoding::UrlEncoded.field_name(),
        });
    }
    Ok(FormPayload {
        encoding: FormEncoding::UrlEncoded,
        document,
        double_encoded,
    })
}

/// After one decoding step an XML document shows a `<`; one that shows
/// only `%3C` was encoded again.
fn still_encoded(value: &[u8]) -> bool {
    !value.contains(&b'<') && value.windows(3).any(|w| w.eq_ignore_ascii_case(b"%3C"))
}

/// One step of form decoding: `+` is a space, `%XX` a byte.
pub(crate) fn form_decode(raw: &[u8]) -> Vec<u8> {
    percent_decode(raw, true)
}

/// Percent-decodes; a `%` not followed by two hex digits stays as it is
/// (what browsers and the WHATWG URL standard do).
fn percent_decode(raw: &[u8], plus_is_space: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if b == b'%'
            && let (Some(hi), Some(lo)) = (
                raw.get(i + 1).and_then(|&h| hex(h)),
                raw.get(i + 2).and_then(|&l| hex(l)),
            )
        {
            out.push(hi << 4 | lo);
            i += 3;
            continue;
        }
        out.push(if plus_is_space && b == b'+' { b' ' } else { b });
        i += 1;
    }
    out
}

fn hex(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::encode_base64;

    #[test]
    fn percent_decoding() {
        assert_eq!(form_decode(b"a+b%3Cc%3e%2B"), b"a b<c>+");
        assert_eq!(form_decode(b"100%+%zz%4"), b"100% %zz%4");
        assert_eq!(percent_decode(b"a+b", false), b"a+b");
    }

    #[test]
    fn reads_urlencoded_field_case_insensitively() {
        let body = b"other=1&CXML-URLENCODED=%3CcXML+a%3D%22%26%23xE9%3B%22%2F%3E&x=";
        let payload = decode_form(body);
        assert_eq!(
            payload,
            Ok(FormPayload {
                encoding: FormEncoding::UrlEncoded,
                document: b"<cXML a=\"&#xE9;\"/>".to_vec(),
                double_encoded: false,
            })
        );
    }

    #[test]
    fn reads_base64_field_with_unencoded_plus() {
        let doc = b"<cXML>\xc3\xa9>>?</cXML>";
        let encoded = encode_base64(doc);
        assert!(encoded.contains('+'), "{encoded}");
        let body = format!("Cxml-Base64={encoded}");
        let payload = decode_form(body.as_bytes());
        assert_eq!(payload.map(|p| p.document), Ok(doc.to_vec()));
    }

    #[test]
    fn base64_wins_over_urlencoded() {
        let body = format!(
            "cxml-urlencoded=%3Ca%2F%3E&cxml-base64={}",
            encode_base64(b"<b/>")
        );
        let payload = decode_form(body.as_bytes());
        assert_eq!(
            payload.map(|p| (p.encoding, p.document)),
            Ok((FormEncoding::Base64, b"<b/>".to_vec()))
        );
    }

    #[test]
    fn detects_double_encoding() {
        // `<a x="1"/>` form-encoded once by the sender, then again by the browser.
        let once = "%3Ca+x%3D%221%22%2F%3E";
        let twice = once.replace('%', "%25").replace('+', "%2B");
        let payload = decode_form(format!("cxml-urlencoded={twice}").as_bytes());
        assert_eq!(
            payload.clone().map(|p| (p.document, p.double_encoded)),
            Ok((b"<a x=\"1\"/>".to_vec(), true))
        );
        assert_eq!(
            payload.and_then(FormPayload::into_strict),
            Err(TransportError::DoubleEncoded)
        );
        let b64 = encode_base64(b"<a/>")
            .replace('=', "%3D")
            .replace('%', "%25");
        let payload = decode_form(format!("cxml-base64={b64}").as_bytes());
        assert_eq!(
            payload.map(|p| (p.document, p.double_encoded)),
            Ok((b"<a/>".to_vec(), true))
        );
    }

    #[test]
    fn missing_or_empty_fields() {
        assert_eq!(decode_form(b"a=1&b=2"), Err(TransportError::MissingField));
        assert_eq!(decode_form(b""), Err(TransportError::MissingField));
        assert_eq!(
            decode_form(b"cxml-urlencoded=+"),
            Err(TransportError::EmptyField {
                field: "cxml-urlencoded"
            })
        );
        assert!(matches!(
            decode_form(b"cxml-base64=%21%21"),
            Err(TransportError::InvalidBase64 { .. })
        ));
        assert_eq!(TransportError::MissingField.status_code().code(), 406);
    }
}
