//! Literals inside declarations.
//!
//! Entity values get their parameter-entity and character references
//! replaced when declared, while general-entity references are kept as
//! written (the XML "bypassed" rule). Attribute default values get every
//! reference replaced and their whitespace characters turned into spaces,
//! as a parser does for attribute values.

use super::Parser;
use super::source::Res;
use crate::names::{decode_char_ref, is_name, predefined_entity};
use crate::schema::GeneralEntity;

/// Bound on one expanded literal.
const MAX_VALUE: usize = 16 << 20;
/// Bound on nested general-entity references in a default value.
const MAX_NESTING: usize = 16;

impl Parser<'_> {
    /// Reads an entity value literal and expands it.
    pub(super) fn entity_value(&mut self) -> Res<String> {
        let raw = self.src.read_literal()?;
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw.as_str();
        while let Some(i) = rest.find(['%', '&']) {
            out.push_str(&rest[..i]);
            let tail = &rest[i..];
            let Some(end) = tail.find(';') else {
                return Err(self
                    .src
                    .error("reference without ';' in an entity value".to_owned()));
            };
            let body = &tail[1..end];
            if tail.starts_with('%') {
                let index = self.src.lookup(body)?;
                out.push_str(self.src.value(index));
            } else if body.starts_with('#') {
                let Some(c) = decode_char_ref(body) else {
                    return Err(self
                        .src
                        .error(format!("invalid character reference &{body};")));
                };
                out.push(c);
            } else if is_name(body) {
                out.push_str(&tail[..=end]);
            } else {
                return Err(self.src.error(format!("invalid entity reference &{body};")));
            }
            rest = &tail[end + 1..];
            if out.len() > MAX_VALUE {
                return Err(self.src.error("entity value exceeds 16 MiB".to_owned()));
            }
        }
        out.push_str(rest);
        Ok(out)
    }

    /// Reads an attribute default literal and normalises it.
    pub(super) fn att_value(&mut self) -> Res<String> {
        let raw = self.src.read_literal()?;
        let mut out = String::with_capacity(raw.len());
        self.expand_att(&raw, &mut out, 0)?;
        Ok(out)
    }

    fn expand_att(&self, raw: &str, out: &mut String, depth: usize) -> Res<()> {
        if depth > MAX_NESTING {
            return Err(self
                .src
                .error("entity references nest too deeply".to_owned()));
        }
        let mut rest = raw;
        while let Some(i) = rest.find(['&', '<', '\t', '\n', '\r']) {
            out.push_str(&rest[..i]);
            let tail = &rest[i..];
            rest = match tail.as_bytes()[0] {
                b'<' => return Err(self.src.error("'<' in an attribute value".to_owned())),
                b'&' => {
                    let Some(end) = tail.find(';') else {
                        return Err(self
                            .src
                            .error("'&' without ';' in an attribute value".to_owned()));
                    };
                    self.expand_ref(&tail[1..end], out, depth)?;
                    &tail[end + 1..]
                }
                _ => {
                    out.push(' ');
                    let crlf = tail.starts_with("\r\n");
                    &tail[if crlf { 2 } else { 1 }..]
                }
            };
            if out.len() > MAX_VALUE {
                return Err(self.src.error("attribute value exceeds 16 MiB".to_owned()));
            }
        }
        out.push_str(rest);
        Ok(())
    }

    /// Replaces one reference inside an attribute default.
    fn expand_ref(&self, body: &str, out: &mut String, depth: usize) -> Res<()> {
        if body.starts_with('#') {
            match decode_char_ref(body) {
                Some(c) => out.push(c),
                None => {
                    return Err(self
                        .src
                        .error(format!("invalid character reference &{body};")));
                }
            }
        } else if let Some(c) = predefined_entity(body) {
            out.push(c);
        } else {
            match self.schema.entities.get(body) {
                Some(GeneralEntity { value: Some(v), .. }) => {
                    let v = v.clone();
                    self.expand_att(&v, out, depth + 1)?;
                }
                Some(_) => {
                    return Err(self.src.error(format!(
                        "external entity &{body}; referenced in an attribute value"
                    )));
                }
                None => return Err(self.src.error(format!("undeclared entity &{body};"))),
            }
        }
        Ok(())
    }
}
