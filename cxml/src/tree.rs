//! A positional element tree for rule checks.
//!
//! The typed reader answers "what does this document say"; the validator
//! also needs "where does it say it": every element here keeps the line and
//! column of its start tag and its path (`/cXML/Request/OrderRequest/ItemOut[2]`).
//!
//! Parsing is hostile-input safe: the size limit is checked before any work,
//! nesting depth is bounded, no DTD or entity is ever fetched or expanded, and
//! a DOCTYPE whose internal subset declares entities is refused outright
//! (billion laughs, external entities). Only the five predefined entities and
//! character references are resolved. The validator alone reads text whose
//! entities `dtd::expand` has already expanded within its limits
//! ([`parser::parse_expanded`]), where such a DOCTYPE is accepted.

mod doctype;
mod head;
mod index;
mod name;
pub(crate) mod parser;
mod paths;
mod position;

use std::collections::HashMap;

use serde::Serialize;

use crate::status_code::StatusCode;

pub(crate) use head::{Head, read_head};
pub use index::Index;
pub use name::Name;
pub use paths::Descendants;

/// Limits applied while parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeLimits {
    /// Largest accepted document, in bytes; checked before parsing starts.
    pub max_bytes: usize,
    /// Deepest accepted element nesting (the root is depth 1).
    pub max_depth: usize,
}

/// Nesting allowed whatever [`TreeLimits::max_depth`] says: tree walks and
/// drops recurse, so the depth must stay far below what the stack can hold.
pub const MAX_SUPPORTED_DEPTH: usize = 1024;

impl Default for TreeLimits {
    fn default() -> Self {
        Self {
            max_bytes: 16 * 1024 * 1024,
            max_depth: 256,
        }
    }
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// A parsed document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub root: Element,
    pub doctype: Option<Doctype>,
    /// The bytes started with a UTF-8 byte-order mark (stripped before parsing).
    pub bom: bool,
    pub xml_decl: Option<XmlDecl>,
    /// Where the first non-ASCII character of the raw bytes sits, if any:
    /// a fact for the `cxml-urlencoded` rule, lost once references resolve.
    pub first_non_ascii: Option<Position>,
}

/// `<!DOCTYPE name SYSTEM "system_id" [internal subset]>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doctype {
    pub name: String,
    pub public_id: Option<String>,
    pub system_id: Option<String>,
    pub has_internal_subset: bool,
    pub position: Position,
}

/// The cXML DTD a DOCTYPE names, e.g. version `1.2.014` and file
/// `InvoiceDetail.dtd` from
/// `http://xml.cxml.org/schemas/cXML/1.2.014/InvoiceDetail.dtd`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredDtd {
    pub version: String,
    pub file: String,
}

impl Doctype {
    /// The version and file of the DTD the SYSTEM identifier names (its
    /// last two path segments), when it names a `.dtd` file at all.
    pub fn declared_dtd(&self) -> Option<DeclaredDtd> {
        DeclaredDtd::named_by(self.system_id.as_deref()?)
    }
}

impl DeclaredDtd {
    /// The version and file a SYSTEM identifier names, when it names a
    /// `.dtd` file at all.
    fn named_by(system_id: &str) -> Option<DeclaredDtd> {
        let system = system_id.trim();
        let mut segments = system.rsplit('/');
        let file = segments.next()?;
        let version = segments.next()?;
        let is_dtd = file.len() > 4 && file.to_ascii_lowercase().ends_with(".dtd");
        (is_dtd && !version.is_empty()).then(|| DeclaredDtd {
            version: version.to_owned(),
            file: file.to_owned(),
        })
    }
}

/// `<?xml version=".." encoding=".." standalone=".."?>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlDecl {
    pub version: String,
    pub encoding: Option<String>,
    pub standalone: Option<String>,
}

/// An attribute with its value unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    pub name: Name,
    pub value: Box<str>,
}

/// An element: name, attributes, child elements and its direct text
/// (text and CDATA of this element only, concatenated, untrimmed).
///
/// Lists and texts are boxed slices, names shared: a large document has
/// tens of thousands of elements, and every byte and allocation per
/// element shows in the time and memory of `procsim validate`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub name: Name,
    pub attrs: Box<[Attr]>,
    pub children: Box<[Element]>,
    pub text: Box<str>,
    pub line: u32,
    pub column: u32,
}

impl Element {
    /// The first child element with this name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// All child elements with this name, in document order.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Follows a relative path of child names, e.g. `"Total/Money"`, taking
    /// the first match at each step.
    pub fn at(&self, rel_path: &str) -> Option<&Element> {
        rel_path
            .split('/')
            .filter(|s| !s.is_empty())
            .try_fold(self, |el, name| el.child(name))
    }

    /// The value of an attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.name == name)
            .map(|a| &*a.value)
    }

    /// The direct text with surrounding whitespace removed.
    pub fn trimmed_text(&self) -> &str {
        self.text.trim()
    }

    /// Where the start tag sits.
    pub fn position(&self) -> Position {
        Position {
            line: self.line,
            column: self.column,
        }
    }

    /// This element and every element below it, in document order.
    pub fn descendants(&self) -> Descendants<'_> {
        Descendants::new(self)
    }

    /// Elements at or below this one whose chain of names ends with
    /// `suffix` (`"ItemIn/ItemDetail/UnitPrice"`). A leading `/` anchors the
    /// chain at this element.
    pub fn find_all<'a>(&'a self, suffix: &str) -> Vec<&'a Element> {
        paths::find_all(self, suffix)
    }
}

impl Document {
    /// Every element filed by its chain of names, in one walk: for asking
    /// many [`find_all`](Index::find_all) questions of one document.
    pub fn index(&self) -> Index<'_> {
        Index::new(self)
    }

    /// See [`Element::find_all`]; searches from the root.
    pub fn find_all<'a>(&'a self, suffix: &str) -> Vec<&'a Element> {
        self.root.find_all(suffix)
    }

    /// The path of an element of this document, e.g.
    /// `/cXML/Message/PunchOutOrderMessage/ItemIn[2]`: `[n]` appears where a
    /// parent has several children of that name. `None` for an element of
    /// another document.
    pub fn path_of(&self, el: &Element) -> Option<String> {
        paths::paths_at(&self.root, &[el.position()]).remove(&el.position())
    }

    /// The paths of the elements whose start tags sit at `positions`, in one
    /// walk of the tree (positions where no element starts are left out).
    pub fn paths_at(&self, positions: &[Position]) -> HashMap<Position, String> {
        let mut wanted = positions.to_vec();
        wanted.sort_unstable();
        wanted.dedup();
        paths::paths_at(&self.root, &wanted)
    }
}

/// What kind of well-formedness failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WellFormednessKind {
    TooLarge,
    TooDeep,
    InvalidUtf8,
    EntityDeclaration,
    UndeclaredEntity,
    MismatchedEndTag,
    UnexpectedEof,
    BadAttribute,
    NoRoot,
    ContentOutsideRoot,
    Syntax,
}

/// Why bytes are not a well-formed document, and where (rule CX001).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("line {line}, column {column}: {message}")]
pub struct WellFormedness {
    pub kind: WellFormednessKind,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl WellFormedness {
    /// The cXML status a receiver answers with: 499 for a document over the
    /// size limit, 406 for everything else.
    pub fn status_code(&self) -> StatusCode {
        match self.kind {
            WellFormednessKind::TooLarge => StatusCode::DOCUMENT_SIZE_ERROR,
            _ => StatusCode::NOT_ACCEPTABLE,
        }
    }
}

/// Parses with the default limits (16 MiB, depth 256).
pub fn parse(bytes: &[u8]) -> Result<Document, WellFormedness> {
    parse_with(bytes, &TreeLimits::default())
}

/// Parses with explicit limits.
pub fn parse_with(bytes: &[u8], limits: &TreeLimits) -> Result<Document, WellFormedness> {
    parser::parse(bytes, limits)
}

#[cfg(test)]
mod tests;
