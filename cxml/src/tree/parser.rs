//! Builds the tree from quick-xml events.
//!
//! Checks run cheapest first: size (no work at all on an oversized body),
//! UTF-8 (one vectorised pass; cXML is UTF-8 and every later decode can then
//! not fail), then one streaming pass that tracks positions incrementally.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::errors::{Error as XmlError, IllFormedError, SyntaxError};
use quick_xml::escape::EscapeError;
use quick_xml::events::{BytesDecl, BytesRef, BytesStart, Event};

use super::doctype::{self, DoctypeError};
use super::index::ChainFiler;
use super::name::Names;
use super::position::LineTracker;
use super::recall::{Guess, Recall};
use super::{
    Arena, AttrSlot, Doctype, Document, MAX_SUPPORTED_DEPTH, Node, Position, Span, TreeLimits,
    WellFormedness, WellFormednessKind as Kind, XmlDecl,
};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

pub(crate) fn parse(bytes: &[u8], limits: &TreeLimits) -> Result<Document, WellFormedness> {
    if bytes.len() > limits.max_bytes {
        return Err(fail(
            Kind::TooLarge,
            Position { line: 1, column: 1 },
            format!(
                "document is {} bytes; the limit is {} bytes",
                bytes.len(),
                limits.max_bytes
            ),
        ));
    }
    let (bom, body) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let text = std::str::from_utf8(body).map_err(|e| {
        let at = LineTracker::new(body).at(e.valid_up_to());
        fail(
            Kind::InvalidUtf8,
            at,
            format!(
                "invalid UTF-8 at byte {} (cXML documents must be UTF-8)",
                e.valid_up_to()
            ),
        )
    })?;
    let first_non_ascii = first_non_ascii(body).map(|i| LineTracker::new(body).at(i));
    let max_depth = limits.max_depth.min(MAX_SUPPORTED_DEPTH);
    let (arena, doctype, xml_decl) = Builder::new(text, max_depth, false)?.run()?.built;
    Ok(Document {
        arena,
        doctype,
        bom,
        xml_decl,
        first_non_ascii,
    })
}

/// What [`parse_expanded`] read.
pub(crate) struct Expanded {
    pub(crate) document: Document,
    /// Some reference named an entity nobody declared; it was read as
    /// nothing.
    pub(crate) undeclared_entities: bool,
}

/// Parses text that is already decoded, its declared entities expanded
/// (`dtd::expand`): the internal subset's entity declarations are accepted,
/// and a reference to an undeclared entity reads as nothing (the validator
/// judges it). Only `procsim validate` reads this way; the size limit is
/// the caller's.
pub(crate) fn parse_expanded(text: &str, limits: &TreeLimits) -> Result<Expanded, WellFormedness> {
    let first_non_ascii =
        first_non_ascii(text.as_bytes()).map(|i| LineTracker::new(text.as_bytes()).at(i));
    let max_depth = limits.max_depth.min(MAX_SUPPORTED_DEPTH);
    let run = Builder::new(text, max_depth, true)?.run()?;
    let (arena, doctype, xml_decl) = run.built;
    Ok(Expanded {
        document: Document {
            arena,
            doctype,
            bom: false,
            xml_decl,
            first_non_ascii,
        },
        undeclared_entities: run.undeclared_entities,
    })
}

/// The offset of the first byte that is not ASCII: whole blocks are
/// tested at once (a word at a time), the byte looked for only in the
/// block that has one.
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    const BLOCK: usize = 256;
    let block = bytes.chunks(BLOCK).position(|b| !b.is_ascii())?;
    let start = block * BLOCK;
    bytes[start..]
        .iter()
        .position(|b| !b.is_ascii())
        .map(|i| start + i)
}

fn fail(kind: Kind, at: Position, message: String) -> WellFormedness {
    WellFormedness {
        kind,
        line: at.line,
        column: at.column,
        message,
    }
}

type Built = (Arena, Option<Doctype>, Option<XmlDecl>);

struct Run {
    built: Built,
    undeclared_entities: bool,
}

/// An element whose end tag is still to come.
struct Open {
    id: u32,
    /// The chain of names it is filed under (see `ChainFiler`).
    chain: u32,
}

struct Builder<'a> {
    source: &'a str,
    reader: Reader<&'a [u8]>,
    lines: LineTracker<'a>,
    names: Names,
    arena: Arena,
    chains: ChainFiler,
    recall: Recall,
    /// The chain of the element that closed last, while no element has
    /// opened since: the previous sibling of the next one to open.
    previous_sibling: Option<u32>,
    stack: Vec<Open>,
    /// The text of each open element so far, by depth (kept from element
    /// to element to reuse their allocations): moved into the arena's text
    /// when the element closes, so that one element's text stays in one
    /// piece however its children interleave with it.
    pending_text: Vec<String>,
    root_closed: bool,
    doctype: Option<Doctype>,
    xml_decl: Option<XmlDecl>,
    max_depth: usize,
    /// Reading expanded text for the validator (see [`parse_expanded`]).
    expanded: bool,
    undeclared_entities: bool,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, max_depth: usize, expanded: bool) -> Result<Self, WellFormedness> {
        // Offsets into the text are kept as u32.
        if u32::try_from(text.len()).is_err() {
            return Err(fail(
                Kind::TooLarge,
                Position { line: 1, column: 1 },
                format!("document is {} bytes; the limit is 4 GiB", text.len()),
            ));
        }
        let mut reader = Reader::from_str(text);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        config.trim_text(false);
        Ok(Self {
            source: text,
            reader,
            lines: LineTracker::new(text.as_bytes()),
            names: Names::default(),
            arena: Arena {
                // Every element starts with a `<`: the table is made once at
                // its largest size (only the part used is ever touched)
                // rather than copied each time it doubles.
                nodes: Vec::with_capacity(memchr::memchr_iter(b'<', text.as_bytes()).count()),
                attrs: Vec::new(),
                names: Vec::new(),
                // Texts and attribute values are parts of the source, made
                // no longer by resolving references or line ends: reserved
                // at once, the table is never copied to grow.
                text: String::with_capacity(text.len()),
                chains: Vec::new(),
            },
            chains: ChainFiler::default(),
            recall: Recall::default(),
            previous_sibling: None,
            stack: Vec::new(),
            pending_text: Vec::new(),
            root_closed: false,
            doctype: None,
            xml_decl: None,
            max_depth,
            expanded,
            undeclared_entities: false,
        })
    }

    fn run(mut self) -> Result<Run, WellFormedness> {
        loop {
            let start = offset(self.reader.buffer_position());
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(e) => return Err(self.reader_error(&e)),
            };
            match event {
                Event::Start(e) => self.open(&e, start)?,
                Event::Empty(e) => {
                    self.open(&e, start)?;
                    self.close();
                }
                Event::End(_) => self.close(),
                Event::Text(t) => {
                    // A text event is the source from where reading
                    // started to where it stopped: sliced from the text,
                    // already known to be UTF-8, rather than checked again.
                    let end = offset(self.reader.buffer_position());
                    let text = match self.source.get(start..end) {
                        Some(slice) if slice.len() == t.len() => Cow::Borrowed(slice),
                        _ => t.decode().map_err(|e| self.at(Kind::Syntax, start, e))?,
                    };
                    self.text(&normalize_line_ends(&text), start)?;
                }
                Event::CData(c) => {
                    let text = c.decode().map_err(|e| self.at(Kind::Syntax, start, e))?;
                    self.text(&normalize_line_ends(&text), start)?;
                }
                Event::GeneralRef(r) => self.reference(&r, start)?,
                Event::Decl(d) => self.decl(&d),
                Event::DocType(d) => {
                    let content = d.decode().map_err(|e| self.at(Kind::Syntax, start, e))?;
                    self.doctype(&content, start)?;
                }
                Event::Comment(_) | Event::PI(_) => {}
                Event::Eof => break,
            }
        }
        self.finish()
    }

    fn finish(mut self) -> Result<Run, WellFormedness> {
        if let Some(open) = self.stack.last() {
            let node = self.arena.nodes[open.id as usize];
            let name = self.names.name(node.name);
            let end = self.lines.at(usize::MAX);
            return Err(fail(
                Kind::UnexpectedEof,
                end,
                format!(
                    "unexpected end of document: <{name}> opened at line {}, column {} is not closed",
                    node.line, node.column
                ),
            ));
        }
        self.arena.names = self.names.into_list();
        self.arena.chains = self.chains.into_chains();
        match self.root_closed {
            true => Ok(Run {
                built: (self.arena, self.doctype, self.xml_decl),
                undeclared_entities: self.undeclared_entities,
            }),
            false => Err(fail(
                Kind::NoRoot,
                self.lines.at(usize::MAX),
                "the document has no root element".into(),
            )),
        }
    }

    fn open(&mut self, tag: &BytesStart<'_>, start: usize) -> Result<(), WellFormedness> {
        let at = self.lines.at(start);
        let parent = self.stack.last().map(|open| open.chain);
        let raw = tag.name();
        let guess = self.recall.elements.guess(parent, self.previous_sibling);
        let name_id = self.names.get_guessed(raw.as_ref(), guess.map(|g| g.name));
        let name = self.names.name(name_id);
        if self.stack.is_empty() && self.root_closed {
            return Err(fail(
                Kind::ContentOutsideRoot,
                at,
                format!("element <{name}> follows the root element; a document has one root"),
            ));
        }
        if self.stack.len() >= self.max_depth {
            return Err(fail(
                Kind::TooDeep,
                at,
                format!(
                    "element <{name}> nests deeper than the limit of {} levels",
                    self.max_depth
                ),
            ));
        }
        let chain = match guess {
            Some(g) if g.name == name_id => g.chain,
            _ => {
                let chain = self.chains.chain(parent, name_id);
                let opened = Guess {
                    name: name_id,
                    chain,
                };
                self.recall
                    .elements
                    .remember(parent, self.previous_sibling, opened);
                chain
            }
        };
        let attrs = read_attrs(
            tag,
            &mut self.names,
            self.recall.attributes(chain),
            &mut self.arena,
            self.expanded.then_some(&mut self.undeclared_entities),
        )
        .map_err(|(kind, message)| fail(kind, at, message))?;
        let id = index(self.arena.nodes.len());
        self.arena.nodes.push(Node {
            name: name_id,
            end: id,
            line: at.line,
            column: at.column,
            attrs,
            text: Span::default(),
        });
        self.chains.file(chain, id);
        self.stack.push(Open { id, chain });
        self.previous_sibling = None;
        if self.pending_text.len() < self.stack.len() {
            self.pending_text.push(String::new());
        }
        Ok(())
    }

    /// quick-xml has already checked that the end tag matches.
    fn close(&mut self) {
        let depth = self.stack.len();
        let Some(open) = self.stack.pop() else {
            return;
        };
        self.previous_sibling = Some(open.chain);
        let text = match self.pending_text.get_mut(depth - 1) {
            Some(pending) if !pending.is_empty() => {
                let span = push_text(&mut self.arena.text, pending);
                pending.clear();
                span
            }
            _ => Span::default(),
        };
        let end = index(self.arena.nodes.len());
        if let Some(node) = self.arena.nodes.get_mut(open.id as usize) {
            node.text = text;
            node.end = end;
        }
        if self.stack.is_empty() {
            self.root_closed = true;
        }
    }

    fn text(&mut self, text: &str, start: usize) -> Result<(), WellFormedness> {
        if let Some(depth) = self.stack.len().checked_sub(1) {
            if let Some(pending) = self.pending_text.get_mut(depth) {
                pending.push_str(text);
            }
            return Ok(());
        }
        if text.trim().is_empty() {
            return Ok(());
        }
        let at = self
            .lines
            .at(start + (text.len() - text.trim_start().len()));
        Err(fail(
            Kind::ContentOutsideRoot,
            at,
            "text outside the root element".into(),
        ))
    }

    fn reference(&mut self, r: &BytesRef<'_>, start: usize) -> Result<(), WellFormedness> {
        let name = r
            .decode()
            .map_err(|e| self.at(Kind::Syntax, start, e))?
            .into_owned();
        let resolved = if r.is_char_ref() {
            match r.resolve_char_ref() {
                Ok(Some(c)) => c,
                _ => {
                    let at = self.lines.at(start);
                    return Err(fail(
                        Kind::Syntax,
                        at,
                        format!("invalid character reference &{name};"),
                    ));
                }
            }
        } else {
            match predefined(&name) {
                Some(c) => c,
                None if self.expanded => {
                    self.undeclared_entities = true;
                    return Ok(());
                }
                None => {
                    let at = self.lines.at(start);
                    return Err(fail(Kind::UndeclaredEntity, at, undeclared(&name)));
                }
            }
        };
        let mut buf = [0u8; 4];
        self.text(resolved.encode_utf8(&mut buf), start)
    }

    fn decl(&mut self, d: &BytesDecl<'_>) {
        let lossy = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        self.xml_decl = Some(XmlDecl {
            version: d.version().map(|v| lossy(&v)).unwrap_or_default(),
            encoding: d.encoding().and_then(Result::ok).map(|v| lossy(&v)),
            standalone: d.standalone().and_then(Result::ok).map(|v| lossy(&v)),
        });
    }

    fn doctype(&mut self, content: &str, start: usize) -> Result<(), WellFormedness> {
        let at = self.lines.at(start);
        if self.root_closed || !self.stack.is_empty() || self.doctype.is_some() {
            return Err(fail(
                Kind::Syntax,
                at,
                "a DOCTYPE must come once, before the root element".into(),
            ));
        }
        let raw = doctype::parse(content, self.expanded).map_err(|e| match e {
            DoctypeError::EntityDeclaration(name) => fail(
                Kind::EntityDeclaration,
                at,
                format!(
                    "the DOCTYPE declares entity `{name}`; entity declarations are not accepted \
                     (they are never expanded or fetched)"
                ),
            ),
            DoctypeError::Malformed(why) => {
                fail(Kind::Syntax, at, format!("malformed DOCTYPE: {why}"))
            }
        })?;
        self.doctype = Some(Doctype {
            name: raw.name,
            public_id: raw.public_id,
            system_id: raw.system_id,
            has_internal_subset: raw.has_internal_subset,
            position: at,
        });
        Ok(())
    }

    fn at(&mut self, kind: Kind, offset: usize, e: impl std::fmt::Display) -> WellFormedness {
        let at = self.lines.at(offset);
        fail(kind, at, e.to_string())
    }

    fn reader_error(&mut self, e: &XmlError) -> WellFormedness {
        let kind = match e {
            XmlError::Syntax(SyntaxError::InvalidBangMarkup) => Kind::Syntax,
            XmlError::Syntax(_) => Kind::UnexpectedEof,
            XmlError::IllFormed(IllFormedError::MismatchedEndTag { .. })
            | XmlError::IllFormed(IllFormedError::UnmatchedEndTag(_)) => Kind::MismatchedEndTag,
            XmlError::IllFormed(IllFormedError::MissingEndTag(_)) => Kind::UnexpectedEof,
            XmlError::InvalidAttr(_) => Kind::BadAttribute,
            XmlError::Escape(EscapeError::UnrecognizedEntity(..)) => Kind::UndeclaredEntity,
            XmlError::Encoding(_) => Kind::InvalidUtf8,
            _ => Kind::Syntax,
        };
        let at = self.lines.at(offset(self.reader.error_position()));
        fail(kind, at, e.to_string())
    }
}

/// The attributes of a tag; with `undeclared_flag`, a reference to an entity
/// that is not predefined reads as nothing and sets the flag.
/// Reads a start tag's attributes into the arena; `recalled` holds the
/// names of the last attributes read on an element of the same chain and
/// is left holding these.
fn read_attrs(
    tag: &BytesStart<'_>,
    names: &mut Names,
    recalled: &mut Vec<u32>,
    arena: &mut Arena,
    mut undeclared_flag: Option<&mut bool>,
) -> Result<u32, (Kind, String)> {
    let first = arena.attrs.len();
    for (i, attr) in tag.attributes().enumerate() {
        if i == super::MAX_ATTRIBUTES {
            return Err((
                Kind::TooManyAttributes,
                format!(
                    "the element carries more than {} attributes, the limit",
                    super::MAX_ATTRIBUTES
                ),
            ));
        }
        let attr = attr.map_err(|e| (Kind::BadAttribute, format!("bad attribute: {e}")))?;
        let name_id = names.get_guessed(attr.key.as_ref(), recalled.get(i).copied());
        match recalled.get_mut(i) {
            Some(slot) => *slot = name_id,
            None => recalled.push(name_id),
        }
        let name = names.name(name_id);
        let value = match undeclared_flag.as_deref_mut() {
            None => attr.unescape_value(),
            Some(flag) => attr.unescape_value_with(|entity| {
                predefined_str(entity).or_else(|| {
                    *flag = true;
                    Some("")
                })
            }),
        };
        let value = value.map_err(|e| match e {
            XmlError::Escape(EscapeError::UnrecognizedEntity(_, entity)) => {
                (Kind::UndeclaredEntity, undeclared(&entity))
            }
            other => (
                Kind::BadAttribute,
                format!("bad value in attribute `{name}`: {other}"),
            ),
        })?;
        let value = push_text(&mut arena.text, &value);
        arena.attrs.push(AttrSlot {
            name: name_id,
            value,
        });
    }
    recalled.truncate(arena.attrs.len() - first);
    Ok(index(first))
}

/// Appends `piece` to the arena's text and says where it went.
fn push_text(text: &mut String, piece: &str) -> Span {
    let start = index(text.len());
    text.push_str(piece);
    Span {
        start,
        len: index(piece.len()),
    }
}

/// A table index or text offset: the builder refuses texts of 4 GiB and
/// more, so every one fits.
fn index(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// XML 1.0 end-of-line handling: `\r\n` and lone `\r` read as `\n`.
/// (quick-xml's own helper applies the XML 1.1 rules, which also rewrite
/// U+0085 and U+2028 and so would change cXML 1.0 text.)
fn normalize_line_ends(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

fn predefined(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => None,
    }
}

fn predefined_str(name: &str) -> Option<&'static str> {
    match name {
        "lt" => Some("<"),
        "gt" => Some(">"),
        "amp" => Some("&"),
        "apos" => Some("'"),
        "quot" => Some("\""),
        _ => None,
    }
}

fn undeclared(name: &str) -> String {
    format!(
        "entity &{name}; is not declared (only &lt; &gt; &amp; &apos; &quot; and character \
         references are accepted)"
    )
}

fn offset(position: u64) -> usize {
    usize::try_from(position).unwrap_or(usize::MAX)
}
