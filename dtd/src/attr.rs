//! Attribute declarations (`<!ATTLIST>`) and the checks on attribute values
//! that depend only on the declared type.

use crate::names::{is_name, is_names, is_nmtoken, is_nmtokens};

/// A declared attribute type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AttrType {
    Cdata,
    Id,
    IdRef,
    IdRefs,
    Entity,
    Entities,
    NmToken,
    NmTokens,
    /// `NOTATION (a | b)`
    Notation(Box<[Box<str>]>),
    /// `(a | b)`
    Enumeration(Box<[Box<str>]>),
}

impl AttrType {
    /// The type for a keyword, if it is one (`NOTATION` needs its list).
    pub(crate) fn from_keyword(word: &str) -> Option<AttrType> {
        Some(match word {
            "CDATA" => AttrType::Cdata,
            "ID" => AttrType::Id,
            "IDREF" => AttrType::IdRef,
            "IDREFS" => AttrType::IdRefs,
            "ENTITY" => AttrType::Entity,
            "ENTITIES" => AttrType::Entities,
            "NMTOKEN" => AttrType::NmToken,
            "NMTOKENS" => AttrType::NmTokens,
            _ => return None,
        })
    }

    /// Whether `value` has the lexical form the type requires, with
    /// libxml2's exact tolerance for surrounding spaces (see [`crate::names`]).
    pub(crate) fn syntax_ok(&self, value: &str) -> bool {
        match self {
            AttrType::Cdata => true,
            AttrType::Id | AttrType::IdRef | AttrType::Entity => is_name(value),
            AttrType::IdRefs | AttrType::Entities => is_names(value),
            AttrType::NmToken => is_nmtoken(value),
            // libxml2 checks enumerated values with its NMTOKENS rule.
            AttrType::NmTokens | AttrType::Enumeration(_) => is_nmtokens(value),
            AttrType::Notation(_) => is_name(value),
        }
    }

    /// True if checking a value needs its normalised text at all.
    pub(crate) fn is_cdata(&self) -> bool {
        matches!(self, AttrType::Cdata)
    }
}

/// What the declaration says when the attribute is absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DefaultDecl {
    Required,
    Implied,
    Fixed(Box<str>),
    Default(Box<str>),
}

/// One attribute of an element.
#[derive(Debug, Clone)]
pub(crate) struct AttrDecl {
    pub(crate) name: Box<str>,
    pub(crate) ty: AttrType,
    pub(crate) default: DefaultDecl,
}

impl AttrDecl {
    /// The `#FIXED` value, if any.
    pub(crate) fn fixed(&self) -> Option<&str> {
        match &self.default {
            DefaultDecl::Fixed(v) => Some(v),
            _ => None,
        }
    }

    /// True when a value must be looked at beyond well-formedness.
    pub(crate) fn needs_value(&self) -> bool {
        !self.ty.is_cdata() || self.fixed().is_some()
    }
}

/// The attributes declared for one element.
#[derive(Debug, Clone, Default)]
pub(crate) struct AttrList {
    /// In declaration order.
    pub(crate) decls: Vec<AttrDecl>,
    /// Indices of the `#REQUIRED` ones, in the order libxml2 checks them.
    pub(crate) required: Vec<usize>,
    /// Indices in the order of libxml2's per-element attribute list.
    libxml2_order: Vec<usize>,
}

impl AttrList {
    /// Adds a declaration unless the attribute is already declared (the
    /// first declaration wins, as XML requires).
    pub(crate) fn add(&mut self, decl: AttrDecl) {
        if self.decls.iter().any(|d| d.name == decl.name) {
            return;
        }
        let index = self.decls.len();
        let namespace = decl.name.starts_with("xmlns:") || &*decl.name == "xmlns";
        self.decls.push(decl);
        // libxml2 (xmlAddAttributeDecl) puts namespace declarations first
        // and inserts every other attribute after the head of the list
        // (skipping `xmlns` entries), so missing attributes are reported in
        // the order: first declared, then the others from last to second.
        let at = if namespace || self.libxml2_order.is_empty() {
            0
        } else {
            let mut t = 0;
            while &*self.decls[self.libxml2_order[t]].name == "xmlns"
                && t + 1 < self.libxml2_order.len()
            {
                t += 1;
            }
            t + 1
        };
        self.libxml2_order.insert(at, index);
        self.required = self
            .libxml2_order
            .iter()
            .copied()
            .filter(|&i| self.decls[i].default == DefaultDecl::Required)
            .collect();
    }

    /// The index of the declaration for `name`.
    #[inline]
    pub(crate) fn find(&self, name: &[u8]) -> Option<usize> {
        self.decls.iter().position(|d| d.name.as_bytes() == name)
    }
}

/// Normalises a default value from the DTD as libxml2 does: literal
/// whitespace becomes a space, and for non-CDATA types spaces are trimmed
/// and collapsed.
pub(crate) fn normalize_default(ty: &AttrType, value: &str) -> String {
    if ty.is_cdata() {
        return value.to_owned();
    }
    value
        .split(' ')
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_declaration_wins_and_required_is_indexed() {
        let mut list = AttrList::default();
        let decl = |name: &str, default| AttrDecl {
            name: name.into(),
            ty: AttrType::Cdata,
            default,
        };
        list.add(decl("a", DefaultDecl::Implied));
        list.add(decl("b", DefaultDecl::Required));
        list.add(decl("a", DefaultDecl::Required));
        assert_eq!(list.decls.len(), 2);
        assert_eq!(list.required, vec![1]);
        list.add(decl("c", DefaultDecl::Required));
        list.add(decl("d", DefaultDecl::Required));
        // libxml2's order: first declared, then the rest from last to second.
        assert_eq!(list.required, vec![3, 2, 1]);
        assert_eq!(list.find(b"b"), Some(1));
        assert_eq!(list.find(b"z"), None);
    }

    #[test]
    fn syntax_per_type() {
        assert!(AttrType::Id.syntax_ok("a1"));
        assert!(!AttrType::Id.syntax_ok("1a"));
        assert!(AttrType::NmToken.syntax_ok("1a"));
        assert!(!AttrType::NmToken.syntax_ok("a b"));
        assert!(AttrType::NmTokens.syntax_ok("a b"));
        assert!(AttrType::Cdata.syntax_ok(" <anything> "));
    }

    #[test]
    fn defaults_are_normalised_for_tokens_only() {
        assert_eq!(normalize_default(&AttrType::NmTokens, " a   b "), "a b");
        assert_eq!(normalize_default(&AttrType::Cdata, " a   b "), " a   b ");
    }
}
