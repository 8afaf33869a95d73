//! Reads the inside of `<!DOCTYPE ...>` without ever acting on it.
//!
//! We record the name and identifiers (rule CX004 looks at the system id)
//! and whether an internal subset exists. An internal subset that declares
//! entities is refused: expanding them is how billion-laughs and external
//! entity attacks work, and cXML never needs them.

/// What the DOCTYPE declares, before a position is attached.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RawDoctype {
    pub(crate) name: String,
    pub(crate) public_id: Option<String>,
    pub(crate) system_id: Option<String>,
    pub(crate) has_internal_subset: bool,
}

/// Why a DOCTYPE was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum DoctypeError {
    EntityDeclaration(String),
    Malformed(&'static str),
}

/// Parses the content between `<!DOCTYPE` and the closing `>`; entity
/// declarations in the internal subset are refused unless `allow_entities`
/// (the validator, which expands them within limits before reading).
pub(crate) fn parse(content: &str, allow_entities: bool) -> Result<RawDoctype, DoctypeError> {
    let rest = content.trim_start();
    let name_end = rest
        .find(|c: char| c.is_whitespace() || c == '[')
        .unwrap_or(rest.len());
    let name = &rest[..name_end];
    if name.is_empty() {
        return Err(DoctypeError::Malformed("DOCTYPE has no name"));
    }
    let mut rest = rest[name_end..].trim_start();
    let mut public_id = None;
    let mut system_id = None;
    if let Some(after) = rest.strip_prefix("SYSTEM") {
        let (id, tail) = quoted(after)?;
        system_id = Some(id.to_owned());
        rest = tail;
    } else if let Some(after) = rest.strip_prefix("PUBLIC") {
        let (public, tail) = quoted(after)?;
        let (system, tail) = quoted(tail)?;
        public_id = Some(public.to_owned());
        system_id = Some(system.to_owned());
        rest = tail;
    }
    let rest = rest.trim_start();
    let has_internal_subset = rest.starts_with('[');
    if has_internal_subset {
        if let Some(entity) = declared_entity(rest).filter(|_| !allow_entities) {
            return Err(DoctypeError::EntityDeclaration(entity));
        }
    } else if !rest.is_empty() {
        return Err(DoctypeError::Malformed(
            "unexpected content after the DOCTYPE identifiers",
        ));
    }
    Ok(RawDoctype {
        name: name.to_owned(),
        public_id,
        system_id,
        has_internal_subset,
    })
}

/// A quoted literal after optional whitespace, and what follows it.
fn quoted(text: &str) -> Result<(&str, &str), DoctypeError> {
    let text = text.trim_start();
    let quote = text
        .chars()
        .next()
        .filter(|c| *c == '"' || *c == '\'')
        .ok_or(DoctypeError::Malformed("expected a quoted identifier"))?;
    let body = &text[1..];
    let end = body
        .find(quote)
        .ok_or(DoctypeError::Malformed("unterminated quoted identifier"))?;
    Ok((&body[..end], &body[end + 1..]))
}

/// The name of the first entity the internal subset declares, if any
/// (parameter entities show up as `%name`).
fn declared_entity(subset: &str) -> Option<String> {
    dtd::declared_entities(subset).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_cxml_doctype() {
        let d = parse(
            r#" cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd""#,
            false,
        );
        assert_eq!(
            d,
            Ok(RawDoctype {
                name: "cXML".into(),
                public_id: None,
                system_id: Some("http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd".into()),
                has_internal_subset: false,
            })
        );
    }

    #[test]
    fn reads_public_ids_and_harmless_subsets() {
        let d = parse(
            r#"html PUBLIC "-//W3C//DTD" 'x.dtd' [ <!ELEMENT a ANY> ]"#,
            false,
        );
        let d = d.ok();
        assert_eq!(
            d.as_ref().map(|d| d.public_id.as_deref()),
            Some(Some("-//W3C//DTD"))
        );
        assert_eq!(d.as_ref().map(|d| d.has_internal_subset), Some(true));
    }

    #[test]
    fn refuses_entity_declarations() {
        let d = parse(r#"cXML [ <!ENTITY lol "lol"> ]"#, false);
        assert_eq!(d, Err(DoctypeError::EntityDeclaration("lol".into())));
        let d = parse(
            r#"cXML [ <!ENTITY % ext SYSTEM "file:///etc/passwd"> ]"#,
            false,
        );
        assert_eq!(d, Err(DoctypeError::EntityDeclaration("%ext".into())));
        // The validator expands them itself, within limits.
        let d = parse(r#"cXML [ <!ENTITY lol "lol"> ]"#, true);
        assert_eq!(d.map(|d| d.has_internal_subset), Ok(true));
    }

    #[test]
    fn refuses_malformed_identifiers() {
        assert!(matches!(parse("", false), Err(DoctypeError::Malformed(_))));
        assert!(matches!(
            parse("cXML SYSTEM \"x", false),
            Err(DoctypeError::Malformed(_))
        ));
        assert!(matches!(
            parse("cXML SYSTEM x", false),
            Err(DoctypeError::Malformed(_))
        ));
    }
}
