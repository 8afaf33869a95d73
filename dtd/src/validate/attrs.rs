//! Attributes of each start tag against the element's attribute list, and
//! document-wide ID uniqueness and IDREF targets, with libxml2's checks,
//! order and wording.

use quick_xml::events::BytesStart;
use quick_xml::events::attributes::AttrError;

use super::report::{AFTER_ALL, Phase};
use super::text::attribute_value;
use super::walker::{Walker, Wf, wf};
use crate::attr::{AttrDecl, AttrList, AttrType};
use crate::names::{FxHashMap, is_blank, is_name};

/// IDs seen so far and the references to check once the document is read.
#[derive(Default)]
pub(super) struct Ids {
    ids: FxHashMap<Box<str>, ()>,
    refs: Vec<PendingRef>,
    /// Offsets and lengths of the undeclared attribute names of the current
    /// start tag, to catch duplicates among them.
    undeclared_keys: Vec<(usize, usize)>,
}

/// An IDREF or IDREFS value, with what its error would need.
struct PendingRef {
    value: String,
    attribute: Box<str>,
    many: bool,
    offset: usize,
    path: String,
    element: String,
}

impl<'d> Walker<'d, '_> {
    /// Checks the attributes of the element just opened (top of the stack).
    pub(super) fn attributes(&mut self, e: &BytesStart<'_>, lt: usize) -> Result<(), Wf> {
        let depth = self.stack.len() - 1;
        let info = self.schema.element(self.stack[depth].name);
        let list = info.map(|i| &i.attrs);
        self.next_stamp();
        self.ids.undeclared_keys.clear();
        // quick-xml's duplicate check allocates per tag; the "seen" stamps
        // catch repeated declared attributes for free instead.
        let mut attributes = e.attributes();
        attributes.with_checks(false);
        for (i, attr) in attributes.enumerate() {
            if i == self.limits.max_attributes {
                let limit = self.limits.max_attributes;
                return Err(wf(
                    lt,
                    &format!("the element carries more than {limit} attributes, the limit"),
                ));
            }
            let attr = attr.map_err(|err| attr_error(&err, lt))?;
            let key = attr.key.into_inner();
            let key_at = self.offset_in_text(key).unwrap_or(lt + 1);
            let value_at = self.offset_in_text(&attr.value).unwrap_or(lt);
            let mut undeclared = Vec::new();
            let value = attribute_value(&attr.value, &mut undeclared)
                .map_err(|(i, m)| wf(value_at + i, &m))?;
            for (i, name) in undeclared {
                self.undeclared_entity(&name, value_at + i)?;
            }
            self.attribute(depth, list, key, key_at, &value)?;
        }
        let declared = info.is_some_and(|i| i.content.is_some());
        if let (true, Some(list)) = (declared, list) {
            for &i in &list.required {
                if self.seen[i] != self.stamp {
                    let attr = &list.decls[i].name;
                    self.error_at(depth, Phase::Required, None, |_, n| {
                        format!("Element {n} does not carry attribute {attr}")
                    });
                }
            }
        }
        Ok(())
    }

    /// One attribute (name at offset `key_at`) with its normalised value.
    fn attribute(
        &mut self,
        depth: usize,
        list: Option<&'d AttrList>,
        key: &[u8],
        key_at: usize,
        value: &str,
    ) -> Result<(), Wf> {
        let phase = if key == b"xmlns" || key.starts_with(b"xmlns:") {
            Phase::Namespace
        } else {
            Phase::Attribute
        };
        // libxml2 notices a repeated attribute once the tag is read, and
        // reports it at the tag's end.
        let tag_end = self.stack[depth].tag_end;
        let redefined = || {
            let shown = String::from_utf8_lossy(key);
            wf(tag_end, &format!("Attribute {shown} redefined"))
        };
        if let Some((i, decl)) = list.and_then(|l| l.find(key).map(|i| (i, &l.decls[i]))) {
            if self.seen[i] == self.stamp {
                return Err(redefined());
            }
            self.seen[i] = self.stamp;
            if decl.needs_value() {
                self.check_value(depth, phase, decl, value);
            }
            return Ok(());
        }
        let text = self.text.as_bytes();
        let seen_before = self
            .ids
            .undeclared_keys
            .iter()
            .any(|&(at, len)| text.get(at..at + len) == Some(key));
        if seen_before {
            return Err(redefined());
        }
        self.ids.undeclared_keys.push((key_at, key.len()));
        let name = match std::str::from_utf8(key) {
            Ok(name) if is_name(name) => name,
            _ => return Err(wf(key_at, "invalid attribute name")),
        };
        let name = self.attribute_name(name, phase, depth);
        self.error_at(depth, phase, None, |_, n| {
            format!("No declaration for attribute {name} of element {n}")
        });
        Ok(())
    }

    /// An attribute name as libxml2 words it: namespace declarations as
    /// written, other names by [`Walker::display_name`].
    fn attribute_name<'n>(&self, name: &'n str, phase: Phase, depth: usize) -> &'n str {
        if phase == Phase::Namespace {
            name
        } else {
            self.display_name(name, depth)
        }
    }

    /// A fresh stamp for "attribute seen on this element" marks.
    fn next_stamp(&mut self) {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.seen.fill(0);
            self.stamp = 1;
        }
    }

    /// libxml2's `xmlValidateOneAttribute` checks, in its order.
    fn check_value(&mut self, depth: usize, phase: Phase, decl: &'d AttrDecl, value: &str) {
        let a = self.attribute_name(&decl.name, phase, depth);
        if !decl.ty.syntax_ok(value) {
            self.error_at(depth, phase, None, |_, n| {
                format!("Syntax of value for attribute {a} of {n} is not valid")
            });
        }
        let fixed = decl.fixed().filter(|&f| f != value);
        if let Some(f) = fixed {
            self.error_at(depth, phase, None, |_, n| {
                format!("Value for attribute {a} of {n} is different from default \"{f}\"")
            });
        }
        match &decl.ty {
            AttrType::Id => self.add_id(depth, phase, value),
            AttrType::IdRef | AttrType::IdRefs => self.record_ref(depth, a, decl, value),
            AttrType::Notation(allowed) => {
                if !self.schema.notations.contains_key(value) {
                    self.error_at(depth, phase, None, |_, n| {
                        format!(
                            "Value \"{value}\" for attribute {a} of {n} is not a declared Notation"
                        )
                    });
                }
                if !allowed.iter().any(|t| **t == *value) {
                    self.error_at(depth, phase, None, |_, n| {
                        format!("Value \"{value}\" for attribute {a} of {n} is not among the enumerated notations")
                    });
                }
            }
            AttrType::Enumeration(allowed) if !allowed.iter().any(|t| **t == *value) => {
                self.error_at(depth, phase, None, |_, n| {
                    format!(
                        "Value \"{value}\" for attribute {a} of {n} is not among the enumerated set"
                    )
                });
            }
            _ => {}
        }
        if let Some(f) = fixed {
            self.error_at(depth, phase, None, |_, n| {
                format!("Value for attribute {a} of {n} must be \"{f}\"")
            });
        }
        self.check_entity_or_notation(depth, phase, decl, value);
    }

    /// libxml2's `xmlValidateAttributeValue2`: ENTITY values must name
    /// unparsed entities, NOTATION values declared notations.
    fn check_entity_or_notation(
        &mut self,
        depth: usize,
        phase: Phase,
        decl: &'d AttrDecl,
        value: &str,
    ) {
        let a = self.attribute_name(&decl.name, phase, depth);
        let (kind, names) = match decl.ty {
            AttrType::Entity => ("ENTITY", vec![value]),
            AttrType::Entities => ("ENTITIES", ref_pieces(value)),
            AttrType::Notation(_) => {
                if !self.schema.notations.contains_key(value) {
                    self.error_at(depth, phase, None, |_, _| {
                        format!("NOTATION attribute {a} reference an unknown notation \"{value}\"")
                    });
                }
                return;
            }
            _ => return,
        };
        for name in names {
            match self.schema.entities.get(name) {
                None => self.error_at(depth, phase, None, |_, _| {
                    format!("{kind} attribute {a} reference an unknown entity \"{name}\"")
                }),
                Some(entity) if !entity.unparsed => self.error_at(depth, phase, None, |_, _| {
                    format!("{kind} attribute {a} reference an entity \"{name}\" of wrong type")
                }),
                Some(_) => {}
            }
        }
    }

    /// Records an ID; a second element with the same ID is an error.
    fn add_id(&mut self, depth: usize, phase: Phase, value: &str) {
        if self.ids.ids.insert(value.into(), ()).is_some() {
            self.error_at(depth, phase, None, |_, _| {
                format!("ID {value} already defined")
            });
        }
    }

    fn record_ref(&mut self, depth: usize, shown: &str, decl: &AttrDecl, value: &str) {
        let frame = self.stack[depth];
        self.ids.refs.push(PendingRef {
            value: value.to_owned(),
            attribute: shown.into(),
            many: decl.ty == AttrType::IdRefs,
            offset: frame.tag_end,
            path: self.path(depth),
            element: self
                .display_name(self.name_of(frame.name), depth)
                .to_owned(),
        });
    }

    /// Checks ID references once every ID is known (libxml2 does this last).
    pub(super) fn check_refs(&mut self) {
        for r in std::mem::take(&mut self.ids.refs) {
            let (kind, pieces) = if r.many {
                ("IDREFS", ref_pieces(&r.value))
            } else {
                ("IDREF", vec![r.value.as_str()])
            };
            for piece in pieces {
                if self.ids.ids.contains_key(piece) {
                    continue;
                }
                if let Some(key) = self.report.slot(AFTER_ALL, Phase::Content) {
                    let message = format!(
                        "{kind} attribute {} references an unknown ID \"{piece}\"",
                        r.attribute
                    );
                    self.report.push(
                        key,
                        r.offset,
                        r.path.clone(),
                        r.element.clone(),
                        message,
                        None,
                    );
                }
            }
        }
    }
}

/// Splits a list value as libxml2 does when resolving it: at runs of
/// blanks, where a leading blank yields an empty first piece.
fn ref_pieces(value: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = value;
    while !rest.is_empty() {
        let end = rest.find(is_blank).unwrap_or(rest.len());
        pieces.push(&rest[..end]);
        rest = rest[end..].trim_start_matches(is_blank);
    }
    pieces
}

/// A malformed attribute in a start tag beginning at `lt`.
fn attr_error(error: &AttrError, lt: usize) -> Wf {
    let at = match *error {
        AttrError::ExpectedEq(p)
        | AttrError::ExpectedValue(p)
        | AttrError::UnquotedValue(p)
        | AttrError::ExpectedQuote(p, _)
        | AttrError::Duplicated(p, _) => p,
    };
    wf(lt + 1 + at, &format!("malformed attribute: {error}"))
}

#[cfg(test)]
mod tests {
    use super::ref_pieces;

    #[test]
    fn pieces_follow_libxml2() {
        assert_eq!(ref_pieces("x  y z"), ["x", "y", "z"]);
        assert_eq!(ref_pieces(" x"), ["", "x"]);
        assert_eq!(ref_pieces("x "), ["x"]);
        assert!(ref_pieces("").is_empty());
    }
}
