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
mod recall;

use std::collections::HashMap;

use serde::Serialize;

use crate::status_code::StatusCode;

pub(crate) use head::{Head, read_head, type_of_empty_body};
pub use index::Index;
pub use name::Name;

/// Limits applied while parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeLimits {
    /// Largest accepted document, in bytes; checked before parsing starts.
    pub max_bytes: usize,
    /// Deepest accepted element nesting (the root is depth 1).
    pub max_depth: usize,
}

/// The most attributes one element may carry. XML sets no bound, but the
/// cXML DTDs declare at most 26 on an element, and checking a start tag's
/// attributes for repeats grows with the square of their number: a few
/// hundred thousand on one tag took minutes. Beyond this the document is
/// refused, as one nested too deep is.
pub const MAX_ATTRIBUTES: usize = 256;

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
    arena: Arena,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attr<'a> {
    pub name: &'a Name,
    pub value: &'a str,
}

/// A stretch of one of the document's tables (`start`, `len`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn range(self) -> std::ops::Range<usize> {
        let start = self.start as usize;
        start..start + self.len as usize
    }
}

/// One element as the document stores it: indexes into its tables.
///
/// Elements are numbered in document order, so an element's subtree is the
/// run `id..end`: its first child (if any) is `id + 1`, and each child's
/// `end` is the next child. Its attributes run from its `attrs` to the next
/// element's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Node {
    name: u32,
    /// One past the last element of this element's subtree.
    end: u32,
    line: u32,
    column: u32,
    /// Where its attributes start in the attribute table.
    attrs: u32,
    text: Span,
}

/// An attribute as the document stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct AttrSlot {
    name: u32,
    value: Span,
}

/// The elements of a document, numbered in document order (the root is 0).
///
/// A handful of tables instead of one allocation per element, list and
/// text: a large order has 50,000 elements, and every allocation per
/// element showed in the time and memory of `procsim validate`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Arena {
    nodes: Vec<Node>,
    attrs: Vec<AttrSlot>,
    /// Distinct names, each stored once.
    names: Vec<Name>,
    /// Every element's direct text and every attribute value, end to end.
    text: String,
    /// The distinct chains of names from the root, with their elements
    /// (see [`Index`]); the root's chain is the first.
    chains: Vec<Chain>,
}

impl Arena {
    /// The attribute a slot holds.
    fn attr(&self, slot: &AttrSlot) -> Attr<'_> {
        Attr {
            name: &self.names[slot.name as usize],
            value: &self.text[slot.value.range()],
        }
    }
}

/// One distinct chain of names from the root, e.g.
/// `cXML/Request/OrderRequest/ItemOut`, and the elements at its end.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Chain {
    /// The number of its last name.
    name: u32,
    parent: Option<u32>,
    depth: u32,
    /// The chains one name longer.
    longer: Vec<u32>,
    /// The elements at the end of this chain, by number (so in document
    /// order).
    elements: Vec<u32>,
}

/// An element: name, attributes, child elements and its direct text
/// (text and CDATA of this element only, concatenated, untrimmed). A small
/// copyable view into its [`Document`].
#[derive(Clone, Copy)]
pub struct Element<'a> {
    arena: &'a Arena,
    id: u32,
}

impl PartialEq for Element<'_> {
    /// Equal subtrees: the same names, attributes, texts and positions,
    /// element by element (of one document or of two).
    fn eq(&self, other: &Self) -> bool {
        if std::ptr::eq(self.arena, other.arena) && self.id == other.id {
            return true;
        }
        let (mine, theirs) = (self.descendants(), other.descendants());
        mine.len() == theirs.len()
            && mine.zip(theirs).all(|(a, b)| {
                a.name() == b.name()
                    && a.position() == b.position()
                    && a.text() == b.text()
                    && a.children().count() == b.children().count()
                    && a.attrs().eq(b.attrs())
            })
    }
}

impl Eq for Element<'_> {}

impl std::fmt::Debug for Element<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{}> at {}:{}", self.name(), self.line(), self.column())
    }
}

impl<'a> Element<'a> {
    fn node(self) -> &'a Node {
        &self.arena.nodes[self.id as usize]
    }

    /// The element's name as written (`ItemOut`).
    pub fn name(self) -> &'a Name {
        &self.arena.names[self.node().name as usize]
    }

    /// Its attributes, in document order.
    pub fn attrs(self) -> impl ExactSizeIterator<Item = Attr<'a>> + 'a {
        let arena = self.arena;
        let start = self.node().attrs as usize;
        let end = arena
            .nodes
            .get(self.id as usize + 1)
            .map_or(arena.attrs.len(), |next| next.attrs as usize);
        arena.attrs[start..end]
            .iter()
            .map(move |slot| arena.attr(slot))
    }

    /// Its child elements, in document order.
    pub fn children(self) -> Children<'a> {
        Children {
            arena: self.arena,
            next: self.id + 1,
            end: self.node().end,
        }
    }

    /// The first child element with this name.
    pub fn child(self, name: &str) -> Option<Element<'a>> {
        self.children().find(|c| *c.name() == *name)
    }

    /// All child elements with this name, in document order.
    pub fn children_named<'n>(self, name: &'n str) -> impl Iterator<Item = Element<'a>> + 'n
    where
        'a: 'n,
    {
        self.children().filter(move |c| *c.name() == *name)
    }

    /// Follows a relative path of child names, e.g. `"Total/Money"`, taking
    /// the first match at each step.
    pub fn at(self, rel_path: &str) -> Option<Element<'a>> {
        rel_path
            .split('/')
            .filter(|s| !s.is_empty())
            .try_fold(self, |el, name| el.child(name))
    }

    /// The value of an attribute.
    pub fn attr(self, name: &str) -> Option<&'a str> {
        self.attrs().find(|a| *a.name == *name).map(|a| a.value)
    }

    /// The direct text, untrimmed.
    pub fn text(self) -> &'a str {
        &self.arena.text[self.node().text.range()]
    }

    /// The direct text with surrounding whitespace removed.
    pub fn trimmed_text(self) -> &'a str {
        self.text().trim()
    }

    /// The line of the start tag.
    pub fn line(self) -> u32 {
        self.node().line
    }

    /// The column of the start tag.
    pub fn column(self) -> u32 {
        self.node().column
    }

    /// Where the start tag sits.
    pub fn position(self) -> Position {
        Position {
            line: self.line(),
            column: self.column(),
        }
    }

    /// This element and every element below it, in document order.
    pub fn descendants(self) -> Descendants<'a> {
        Descendants {
            arena: self.arena,
            next: self.id,
            end: self.node().end,
        }
    }

    /// Elements at or below this one whose chain of names ends with
    /// `suffix` (`"ItemIn/ItemDetail/UnitPrice"`). A leading `/` anchors the
    /// chain at this element.
    pub fn find_all(self, suffix: &str) -> Vec<Element<'a>> {
        paths::find_all(self, suffix)
    }
}

/// The child elements of one element; see [`Element::children`].
#[derive(Clone)]
pub struct Children<'a> {
    arena: &'a Arena,
    /// The next child, if below `end`.
    next: u32,
    /// The end of the parent's subtree.
    end: u32,
}

impl<'a> Iterator for Children<'a> {
    type Item = Element<'a>;

    fn next(&mut self) -> Option<Element<'a>> {
        if self.next >= self.end {
            return None;
        }
        let id = self.next;
        // The next sibling starts where this child's subtree ends.
        self.next = self
            .arena
            .nodes
            .get(id as usize)
            .map_or(self.end, |n| n.end);
        Some(Element {
            arena: self.arena,
            id,
        })
    }
}

/// An element and every element below it, in document order; see
/// [`Element::descendants`].
#[derive(Clone)]
pub struct Descendants<'a> {
    arena: &'a Arena,
    next: u32,
    end: u32,
}

impl<'a> Iterator for Descendants<'a> {
    type Item = Element<'a>;

    fn next(&mut self) -> Option<Element<'a>> {
        (self.next < self.end).then(|| {
            let id = self.next;
            self.next += 1;
            Element {
                arena: self.arena,
                id,
            }
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = (self.end - self.next) as usize;
        (left, Some(left))
    }
}

impl ExactSizeIterator for Descendants<'_> {}

impl Document {
    /// The root element.
    pub fn root(&self) -> Element<'_> {
        Element {
            arena: &self.arena,
            id: 0,
        }
    }

    /// Every element filed by its chain of names, in one walk: for asking
    /// many [`find_all`](Index::find_all) questions of one document.
    pub fn index(&self) -> Index<'_> {
        Index::new(self)
    }

    /// Every attribute whose name `wanted` accepts, with its element, in
    /// document order. Each distinct name is judged once, not each
    /// attribute: a rule that looks at attributes by name (every
    /// `timestamp`, say) pays for the few it wants, not for all of them.
    pub fn attributes_named(
        &self,
        wanted: impl Fn(&str) -> bool,
    ) -> impl Iterator<Item = (Element<'_>, Attr<'_>)> {
        let arena = &self.arena;
        let accepted: Vec<bool> = arena.names.iter().map(|n| wanted(n)).collect();
        // The element owning a slot is found by walking forward: slots and
        // elements are both in document order.
        let mut owner = 0usize;
        arena
            .attrs
            .iter()
            .enumerate()
            .filter(move |(_, slot)| accepted.get(slot.name as usize) == Some(&true))
            .map(move |(at, slot)| {
                let after = |id: usize| arena.nodes.get(id + 1).map(|n| n.attrs as usize);
                while after(owner).is_some_and(|next| next <= at) {
                    owner += 1;
                }
                let el = Element {
                    arena,
                    // Element numbers are u32 (see the parser).
                    id: u32::try_from(owner).unwrap_or(u32::MAX),
                };
                (el, arena.attr(slot))
            })
    }

    /// See [`Element::find_all`]; searches from the root.
    pub fn find_all(&self, suffix: &str) -> Vec<Element<'_>> {
        self.root().find_all(suffix)
    }

    /// The path of an element of this document, e.g.
    /// `/cXML/Message/PunchOutOrderMessage/ItemIn[2]`: `[n]` appears where a
    /// parent has several children of that name. `None` for an element of
    /// another document.
    pub fn path_of(&self, el: Element<'_>) -> Option<String> {
        if !std::ptr::eq(el.arena, &self.arena) {
            return None;
        }
        paths::paths_at(self.root(), &[el.position()]).remove(&el.position())
    }

    /// The paths of the elements whose start tags sit at `positions`, in one
    /// walk of the tree (positions where no element starts are left out).
    pub fn paths_at(&self, positions: &[Position]) -> HashMap<Position, String> {
        let mut wanted = positions.to_vec();
        wanted.sort_unstable();
        wanted.dedup();
        paths::paths_at(self.root(), &wanted)
    }

    /// [`paths_at`](Self::paths_at) for positions already sorted and without
    /// repeats, answered in their order.
    pub(crate) fn paths_in_order(&self, sorted: &[Position]) -> Vec<(Position, String)> {
        paths::paths_in_order(self.root(), sorted)
    }
}

/// What kind of well-formedness failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WellFormednessKind {
    TooLarge,
    TooDeep,
    TooManyAttributes,
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
