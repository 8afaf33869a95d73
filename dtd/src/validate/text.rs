//! Character-level well-formedness that quick-xml leaves to its caller:
//! forbidden characters, `]]>` in text, references (only the predefined
//! entities and character references exist for us) and attribute-value
//! normalisation.

use std::borrow::Cow;

use crate::names::{decode_char_ref, is_name, predefined_entity};

/// A well-formedness problem at an offset relative to the checked slice.
pub(crate) type Problem = (usize, String);

const fn table(attribute: bool) -> [bool; 256] {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = attribute || !matches!(b, 0x09 | 0x0A | 0x0D);
        b += 1;
    }
    // 0xEF leads the encodings of U+FFFE and U+FFFF, which XML forbids.
    t[0xEF] = true;
    if attribute {
        t[b'&' as usize] = true;
        t[b'<' as usize] = true;
    } else {
        t[b']' as usize] = true;
    }
    t
}

/// Bytes that need a closer look in character data.
static TEXT_SPECIAL: [bool; 256] = table(false);
/// Bytes that need a closer look (or rewriting) in attribute values.
static ATTR_SPECIAL: [bool; 256] = table(true);

/// Checks character data between markup.
pub(crate) fn check_text(bytes: &[u8]) -> Result<(), Problem> {
    let mut from = 0;
    while let Some(i) = bytes[from..]
        .iter()
        .position(|&b| TEXT_SPECIAL[usize::from(b)])
    {
        let at = from + i;
        match bytes[at] {
            b']' if bytes[at..].starts_with(b"]]>") => {
                return Err((at, "Sequence ']]>' not allowed in content".to_owned()));
            }
            b']' => {}
            0xEF => check_ef(bytes, at)?,
            b => return Err((at, invalid_char(u32::from(b)))),
        }
        from = at + 1;
    }
    Ok(())
}

/// Checks characters in comments, PIs and CDATA sections (no `]]>` rule).
pub(crate) fn check_chars(bytes: &[u8]) -> Result<(), Problem> {
    let mut from = 0;
    while let Some(i) = bytes[from..]
        .iter()
        .position(|&b| TEXT_SPECIAL[usize::from(b)])
    {
        let at = from + i;
        match bytes[at] {
            b']' => {}
            0xEF => check_ef(bytes, at)?,
            b => return Err((at, invalid_char(u32::from(b)))),
        }
        from = at + 1;
    }
    Ok(())
}

fn check_ef(bytes: &[u8], at: usize) -> Result<(), Problem> {
    if bytes.get(at + 1) == Some(&0xBF) && matches!(bytes.get(at + 2), Some(0xBE | 0xBF)) {
        let code = if bytes[at + 2] == 0xBE {
            0xFFFE
        } else {
            0xFFFF
        };
        return Err((at, invalid_char(code)));
    }
    Ok(())
}

fn invalid_char(code: u32) -> String {
    format!("invalid character U+{code:04X} in document")
}

/// The character a reference in content stands for (`name` is what lies
/// between `&` and `;`); `None` for an entity that is not predefined
/// (declared ones were expanded before, so it is undeclared).
pub(crate) fn resolve_ref(name: &[u8]) -> Result<Option<char>, String> {
    let name = std::str::from_utf8(name).map_err(|_| "invalid reference".to_owned())?;
    if name.starts_with('#') {
        decode_char_ref(name)
            .map(Some)
            .ok_or_else(|| format!("invalid character reference &{name};"))
    } else if is_name(name) {
        Ok(predefined_entity(name))
    } else {
        Err("EntityRef: expecting ';'".to_owned())
    }
}

/// The value of an attribute as a parser reports it: references replaced,
/// each literal tab, line feed, carriage return or CR LF pair turned into one
/// space. Borrowed when nothing needs rewriting. References to undeclared
/// entities stand for nothing; their offsets and names go to `undeclared`.
pub(crate) fn attribute_value<'r>(
    raw: &'r [u8],
    undeclared: &mut Vec<(usize, Box<[u8]>)>,
) -> Result<Cow<'r, str>, Problem> {
    let Some(first) = raw.iter().position(|&b| ATTR_SPECIAL[usize::from(b)]) else {
        return std::str::from_utf8(raw)
            .map(Cow::Borrowed)
            .map_err(|e| (e.valid_up_to(), "invalid UTF-8".to_owned()));
    };
    let text =
        std::str::from_utf8(raw).map_err(|e| (e.valid_up_to(), "invalid UTF-8".to_owned()))?;
    let mut out = String::with_capacity(raw.len());
    out.push_str(&text[..first]);
    let mut i = first;
    while i < raw.len() {
        let b = raw[i];
        if !ATTR_SPECIAL[usize::from(b)] {
            let next = raw[i..]
                .iter()
                .position(|&b| ATTR_SPECIAL[usize::from(b)])
                .map_or(raw.len(), |n| i + n);
            out.push_str(&text[i..next]);
            i = next;
            continue;
        }
        match b {
            b'\t' | b'\n' => out.push(' '),
            b'\r' => {
                out.push(' ');
                if raw.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'<' => {
                return Err((
                    i,
                    "Unescaped '<' not allowed in attribute values".to_owned(),
                ));
            }
            b'&' => {
                let Some(len) = raw[i..].iter().position(|&b| b == b';') else {
                    return Err((i, "'&' without ';' in an attribute value".to_owned()));
                };
                let name = &raw[i + 1..i + len];
                match resolve_ref(name).map_err(|m| (i, m))? {
                    Some(c) => out.push(c),
                    None => undeclared.push((i, name.into())),
                }
                i += len;
            }
            0xEF => {
                check_ef(raw, i)?;
                out.push_str(&text[i..i + 3]);
                i += 2;
            }
            other => return Err((i, invalid_char(u32::from(other)))),
        }
        i += 1;
    }
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_rules() {
        assert!(check_text(b"plain text ] ]> ]]").is_ok());
        assert_eq!(check_text(b"ab]]>").map_err(|e| e.0), Err(2));
        assert_eq!(check_text(b"a\x01b").map_err(|e| e.0), Err(1));
        assert!(check_text("\u{FFFD}\u{E9}".as_bytes()).is_ok());
        assert_eq!(check_text("x\u{FFFF}".as_bytes()).map_err(|e| e.0), Err(1));
        assert!(check_chars(b"]]>").is_ok());
    }

    #[test]
    fn references() {
        assert_eq!(resolve_ref(b"amp"), Ok(Some('&')));
        assert_eq!(resolve_ref(b"#x20"), Ok(Some(' ')));
        assert_eq!(resolve_ref(b"xxe"), Ok(None));
        assert!(resolve_ref(b"#1").is_err());
        assert!(resolve_ref(b"a b").is_err());
    }

    #[test]
    fn attribute_values_are_normalised() {
        let mut undeclared = Vec::new();
        assert!(matches!(
            attribute_value(b"plain", &mut undeclared),
            Ok(Cow::Borrowed("plain"))
        ));
        assert_eq!(
            attribute_value(b"a\tb\r\nc&amp;&#x41;\xC3\xA9", &mut undeclared)
                .ok()
                .as_deref(),
            Some("a b c&A\u{e9}")
        );
        assert_eq!(
            attribute_value(b"a<b", &mut undeclared).map_err(|e| e.0),
            Err(1)
        );
        assert!(undeclared.is_empty());
        assert_eq!(
            attribute_value(b"a&foo;", &mut undeclared).ok().as_deref(),
            Some("a")
        );
        assert_eq!(undeclared, vec![(1, b"foo"[..].into())]);
        assert!(attribute_value(b"a&amp", &mut undeclared).is_err());
    }
}
