//! Syntax that quick-xml accepts loosely and XML does not: the XML
//! declaration, the DOCTYPE declaration, processing-instruction targets and
//! the whitespace between attributes. Each check returns the offset (within
//! the slice it was given) and a libxml2-like message.

use super::text::Problem;
use crate::names::is_name;

fn problem(at: usize, message: &str) -> Problem {
    (at, message.to_owned())
}

/// A cursor over declaration bytes.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn skip_ws(&mut self) -> bool {
        let start = self.at;
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| b" \t\r\n".contains(b))
        {
            self.at += 1;
        }
        self.at > start
    }

    fn eat(&mut self, word: &[u8]) -> bool {
        let found = self.bytes[self.at..].starts_with(word);
        if found {
            self.at += word.len();
        }
        found
    }

    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    /// `S? = S? "value"`, returning the value.
    fn value(&mut self) -> Result<&'a [u8], Problem> {
        self.skip_ws();
        if !self.eat(b"=") {
            return Err(problem(self.at, "'=' expected"));
        }
        self.skip_ws();
        self.literal()
    }

    /// A quoted literal, returning its body.
    fn literal(&mut self) -> Result<&'a [u8], Problem> {
        let quote = match self.bytes.get(self.at) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => return Err(problem(self.at, "String not started expecting ' or \"")),
        };
        let body_start = self.at + 1;
        let Some(len) = self.bytes[body_start..].iter().position(|&b| b == quote) else {
            return Err(problem(self.at, "String not closed expecting \" or '"));
        };
        self.at = body_start + len + 1;
        Ok(&self.bytes[body_start..body_start + len])
    }
}

/// The content of `<?xml ... ?>` (from `xml`, without `?>`).
pub(super) fn check_xml_decl(content: &[u8]) -> Result<(), Problem> {
    let mut c = Cursor {
        bytes: content,
        at: 3,
    };
    if !c.skip_ws() || !c.eat(b"version") {
        return Err(problem(c.at, "Malformed declaration expecting version"));
    }
    let version = c.value()?;
    let numbered = version.len() > 2
        && version.starts_with(b"1.")
        && version[2..].iter().all(u8::is_ascii_digit);
    if !numbered {
        return Err(problem(c.at, "Unsupported version"));
    }
    let mut spaced = c.skip_ws();
    if spaced && c.eat(b"encoding") {
        let name = c.value()?;
        let valid = name.first().is_some_and(u8::is_ascii_alphabetic)
            && name
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(b));
        if !valid {
            return Err(problem(c.at, "Invalid XML encoding name"));
        }
        spaced = c.skip_ws();
    }
    if spaced && c.eat(b"standalone") {
        let value = c.value()?;
        if value != b"yes" && value != b"no" {
            return Err(problem(c.at, "standalone accepts only 'yes' or 'no'"));
        }
        c.skip_ws();
    }
    if c.done() {
        Ok(())
    } else {
        Err(problem(c.at, "parsing XML declaration: '?>' expected"))
    }
}

/// The content of `<!DOCTYPE ...>` after the keyword and its whitespace.
/// Returns the offset of the internal subset (`[`) if there is one.
pub(super) fn check_doctype(content: &[u8]) -> Result<Option<usize>, Problem> {
    let mut c = Cursor {
        bytes: content,
        at: 0,
    };
    let name_end = content
        .iter()
        .position(|b| b" \t\r\n[".contains(b))
        .unwrap_or(content.len());
    if !std::str::from_utf8(&content[..name_end]).is_ok_and(is_name) {
        return Err(problem(0, "xmlParseDocTypeDecl : no DOCTYPE name !"));
    }
    c.at = name_end;
    if c.skip_ws() && c.eat(b"SYSTEM") {
        c.skip_ws();
        c.literal()?;
        c.skip_ws();
    } else if c.eat(b"PUBLIC") {
        c.skip_ws();
        c.literal()?;
        if !c.skip_ws() {
            return Err(problem(c.at, "Space required after the Public Identifier"));
        }
        c.literal()?;
        c.skip_ws();
    }
    let subset = if c.bytes.get(c.at) == Some(&b'[') {
        let open = c.at;
        let close = content
            .iter()
            .rposition(|&b| b == b']')
            .filter(|&i| i > open);
        let Some(close) = close else {
            return Err(problem(open, "DOCTYPE improperly terminated"));
        };
        c.at = close + 1;
        c.skip_ws();
        Some(open)
    } else {
        None
    };
    if c.done() {
        Ok(subset)
    } else {
        Err(problem(c.at, "DOCTYPE improperly terminated"))
    }
}

/// The content of `<? ... ?>`: a name other than `xml` (in any case),
/// then whitespace before any data.
pub(super) fn check_pi(content: &[u8]) -> Result<(), Problem> {
    let end = content
        .iter()
        .position(|b| b" \t\r\n".contains(b))
        .unwrap_or(content.len());
    let target = std::str::from_utf8(&content[..end]).unwrap_or("");
    if !is_name(target) {
        return Err(problem(
            0,
            "ParsePI: PI target is not a name, or space expected",
        ));
    }
    if target.eq_ignore_ascii_case("xml") {
        return Err(problem(
            0,
            "XML declaration allowed only at the start of the document",
        ));
    }
    Ok(())
}

/// The attributes part of a start tag: every attribute after a quoted
/// value must be separated from it by whitespace.
pub(super) fn check_attribute_spacing(raw: &[u8]) -> Result<(), Problem> {
    let mut from = 0;
    while let Some(i) = memchr::memchr2(b'"', b'\'', &raw[from..]) {
        let open = from + i;
        let Some(len) = memchr::memchr(raw[open], &raw[open + 1..]) else {
            return Ok(());
        };
        let after = open + 1 + len + 1;
        if raw.get(after).is_some_and(|b| !b" \t\r\n".contains(b)) {
            return Err(problem(after, "attributes construct error"));
        }
        from = after;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_declarations() {
        assert!(check_xml_decl(b"xml version=\"1.0\" encoding='UTF-8' standalone='no' ").is_ok());
        assert!(check_xml_decl(b"xml version = '1.0'").is_ok());
        for bad in [
            &b"xml verion=\"1.0\""[..],
            b"xml version=\"1.0\" a=\"1\"encoding=\"UTF-8\"",
            b"xml version=\"1.0\" encoding=UTF-8\"",
            b"xml version=\"1.0\"' encoding=\"UTF-8\"",
            b"xml version=\"1&.0\"",
            b"xml version=\"1.0\"encoding=\"UTF-8\"",
            b"xml version='1.0' standalone='maybe'",
        ] {
            assert!(
                check_xml_decl(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn doctypes() {
        assert_eq!(
            check_doctype(b"cXML SYSTEM \"http://x/cXML.dtd\""),
            Ok(None)
        );
        assert_eq!(
            check_doctype(b"r PUBLIC \"-//X\" 'x.dtd' [ <!ELEMENT r ANY> ] "),
            Ok(Some(26))
        );
        assert_eq!(check_doctype(b"r"), Ok(None));
        assert!(check_doctype(b"cXML SYSTE\"M \"x\"").is_err());
        assert!(check_doctype(b"r [ <!ELEMENT r ANY>").is_err());
        assert!(check_doctype(b"r SYSTEM").is_err());
    }

    #[test]
    fn pi_targets_and_attribute_spacing() {
        assert!(check_pi(b"xml-stylesheet href='a'").is_ok());
        assert!(check_pi(b"xma=\"1\"l version").is_err());
        assert!(check_pi(b"XML x").is_err());
        assert!(check_attribute_spacing(b" a=\"1\" b='2'").is_ok());
        assert_eq!(
            check_attribute_spacing(b" a=\"1\"b='2'").map_err(|e| e.0),
            Err(6)
        );
    }
}
