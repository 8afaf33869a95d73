//! Syntax that quick-xml accepts loosely and XML does not: the XML
//! declaration, the DOCTYPE declaration, processing-instruction targets and
//! the whitespace between attributes. Each check returns the offset (within
//! the slice it was given) and a libxml2-like message.

use super::text::Problem;
use super::walker::{Walker, Wf, wf};
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

/// The content of `<?xml ... ?>` (from `xml`, without `?>`); true when it
/// says `standalone="yes"`.
pub(super) fn check_xml_decl(content: &[u8]) -> Result<bool, Problem> {
    let mut c = Cursor {
        bytes: content,
        at: 3,
    };
    if !c.skip_ws() || !c.eat(b"version") {
        return Err(problem(c.at, "Malformed declaration expecting version"));
    }
    let version = c.value()?;
    let numbered = version.starts_with(b"1.") && version[2..].iter().all(u8::is_ascii_digit);
    if !numbered {
        return Err(problem(c.at, "Unsupported version"));
    }
    let mut spaced = c.skip_ws();
    let mut standalone = false;
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
        standalone = value == b"yes";
        c.skip_ws();
    }
    if c.done() {
        Ok(standalone)
    } else {
        Err(problem(c.at, "parsing XML declaration: '?>' expected"))
    }
}

/// Where the DOCTYPE starts, if the document has one in its prolog (after
/// the XML declaration, comments, PIs and whitespace).
pub(crate) fn find_doctype(text: &[u8]) -> Option<usize> {
    let mut at = 0;
    loop {
        at += text[at..]
            .iter()
            .take_while(|b| b" \t\r\n".contains(b))
            .count();
        let rest = &text[at..];
        let close: &[u8] = if rest.starts_with(b"<?") {
            b"?>"
        } else if rest.starts_with(b"<!--") {
            b"-->"
        } else {
            return rest.starts_with(b"<!DOCTYPE").then_some(at);
        };
        at += memchr::memmem::find(rest, close)? + close.len();
    }
}

/// The length of the DOCTYPE declaration at the start of `rest`, up to and
/// including its `>`, skipping quoted literals, comments and the internal
/// subset (quick-xml balances `<` and `>` and ignores quotes).
pub(crate) fn doctype_len(rest: &[u8]) -> Option<usize> {
    let mut i = "<!DOCTYPE".len();
    let mut depth = 0usize;
    while i < rest.len() {
        match rest[i] {
            q @ (b'"' | b'\'') => i += 1 + memchr::memchr(q, &rest[i + 1..])?,
            b'<' if rest[i..].starts_with(b"<!--") => {
                i += 4 + memchr::memmem::find(&rest[i + 4..], b"-->")? + 2;
            }
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'>' if depth == 0 => return Some(i + 1),
            _ => {}
        }
        i += 1;
    }
    None
}

impl Walker<'_, '_> {
    /// Checks the DOCTYPE at `start` and returns where the document
    /// continues. Its system identifier is never followed, and its internal
    /// subset is not read here: the entities it declares were expanded
    /// before the walk ([`crate::entities`]), and the DTD the caller chose
    /// is the only one validated against, as with `xmllint --dtdvalid`.
    pub(super) fn doctype(&mut self, start: usize) -> Result<usize, Wf> {
        let rest = &self.text.as_bytes()[start..];
        let Some(len) = doctype_len(rest) else {
            return Err(wf(start, "DOCTYPE improperly terminated"));
        };
        let inner = &rest["<!DOCTYPE".len()..len - 1];
        let ws = inner.iter().take_while(|b| b" \t\r\n".contains(b)).count();
        // libxml2 does not insist on the space after the keyword.
        let base = start + "<!DOCTYPE".len() + ws;
        let content = &inner[ws..];
        super::text::check_chars(content).map_err(|(i, m)| wf(base + i, &m))?;
        check_doctype(content).map_err(|(i, m)| wf(base + i, &m))?;
        self.external_subset = names_external_subset(content);
        Ok(start + len)
    }
}

/// The content of `<!DOCTYPE ...>` after the keyword and its whitespace.
/// Returns the offset of the internal subset (`[`) if there is one.
pub(crate) fn check_doctype(content: &[u8]) -> Result<Option<usize>, Problem> {
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
    let keyword_space = |c: &mut Cursor<'_>, keyword: &str| {
        if c.skip_ws() {
            Ok(())
        } else {
            Err(problem(c.at, &format!("Space required after '{keyword}'")))
        }
    };
    if c.skip_ws() && c.eat(b"SYSTEM") {
        keyword_space(&mut c, "SYSTEM")?;
        c.literal()?;
        c.skip_ws();
    } else if c.eat(b"PUBLIC") {
        keyword_space(&mut c, "PUBLIC")?;
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

/// True when the DOCTYPE content (checked) has a SYSTEM or PUBLIC id.
fn names_external_subset(content: &[u8]) -> bool {
    let name_end = content
        .iter()
        .position(|b| b" \t\r\n[".contains(b))
        .unwrap_or(content.len());
    let rest = &content[name_end..];
    let ws = rest.iter().take_while(|b| b" \t\r\n".contains(b)).count();
    let rest = &rest[ws..];
    ws > 0 && (rest.starts_with(b"SYSTEM") || rest.starts_with(b"PUBLIC"))
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
        assert_eq!(
            check_xml_decl(b"xml version=\"1.0\" encoding='UTF-8' standalone='no' "),
            Ok(false)
        );
        assert_eq!(
            check_xml_decl(b"xml version='1.0' standalone='yes'"),
            Ok(true)
        );
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
    fn doctype_delimiting() {
        assert_eq!(
            find_doctype(b"<?xml version='1.0'?>\n<!-- c -->\n<!DOCTYPE r>"),
            Some(33)
        );
        assert_eq!(find_doctype(b"<r/>"), None);
        assert_eq!(find_doctype(b"<!-- unclosed"), None);
        let d = b"<!DOCTYPE r SYSTEM \"a>b\" [ <!-- ] > --> <!ATTLIST r a CDATA '>'> ]>rest";
        assert_eq!(doctype_len(d), Some(d.len() - 4));
        assert_eq!(doctype_len(b"<!DOCTYPE r [ "), None);
    }

    #[test]
    fn doctypes() {
        assert_eq!(
            check_doctype(b"cXML SYSTEM \"http://x/cXML.dtd\""),
            Ok(None)
        );
        assert_eq!(
            check_doctype(b"r PUBLIC \"-//X\" 'x.dtd' [ <!ELEMENT r ANY> ] "),
            Ok(Some(24))
        );
        assert_eq!(check_doctype(b"r"), Ok(None));
        assert!(check_doctype(b"cXML SYSTE\"M \"x\"").is_err());
        assert!(check_doctype(b"r [ <!ELEMENT r ANY>").is_err());
        assert!(check_doctype(b"r SYSTEM").is_err());
        assert!(check_doctype(b"r SYSTEM\"x\"").is_err());
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
