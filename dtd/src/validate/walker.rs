//! The streaming pass: one quick-xml event loop that checks
//! well-formedness (with what quick-xml leaves out) and drives the content
//! and attribute checks, holding only the stack of open elements.

use quick_xml::Reader;
use quick_xml::errors::{Error as XmlError, IllFormedError, SyntaxError};
use quick_xml::events::Event;

use super::Limits;
use super::attrs::Ids;
use super::content::{Frame, Mark};
use super::prolog::{check_attribute_spacing, check_pi, check_xml_decl, find_doctype};
use super::report::{Phase, Report};
use super::text::{check_chars, check_text, resolve_ref};
use crate::error::{Verdict, WellFormednessError};
use crate::guess::Guesses;
use crate::names::{Interner, is_blank, is_blank_bytes};
use crate::position::position_of;
use crate::schema::Schema;

/// A well-formedness error at a byte offset of the document.
pub(super) struct Wf {
    pub(super) offset: usize,
    pub(super) message: String,
}

/// State of one validation.
pub(super) struct Walker<'d, 'x> {
    pub(super) schema: &'d Schema,
    pub(super) text: &'x str,
    pub(super) limits: &'x Limits,
    pub(super) stack: Vec<Frame<'d>>,
    /// Children seen by the open element-content elements (see [`Mark`]).
    pub(super) log: Vec<Mark>,
    /// Element names the DTD does not know; their ids follow the DTD's.
    pub(super) local: Interner,
    /// Elements started so far: the next element's order.
    pub(super) seq: u32,
    /// True when the previous event was text or a reference (one text node).
    pub(super) text_run: bool,
    root_seen: bool,
    /// The XML declaration says `standalone="yes"`.
    pub(super) standalone: bool,
    /// The DOCTYPE names an external subset: an entity the document does
    /// not declare may be declared there (a validity error, not a
    /// well-formedness one, unless the document is standalone).
    pub(super) external_subset: bool,
    pub(super) report: Report,
    pub(super) ids: Ids,
    /// Per attribute declaration, the `stamp` of the last element that had it.
    pub(super) seen: Vec<u32>,
    pub(super) stamp: u32,
    /// Elements whose ambiguous model was already reported.
    pub(super) ambiguous_reported: Vec<u32>,
    /// Namespace prefixes declared (`xmlns:p`) by open elements, with the
    /// stack index of the declaring element; only used to word messages.
    pub(super) prefixes: Vec<(Box<str>, usize)>,
    /// Finds `xmlns:` in start tags (built once: a one-off search would
    /// pay its setup on every element).
    xmlns: memchr::memmem::Finder<'static>,
    /// The element that closed last, while none has opened since: the
    /// previous sibling of the next one.
    pub(super) previous_sibling: Option<u32>,
    /// What opened last time in the same place (element ids).
    guesses: Guesses<u32>,
}

/// Validates `text` (already decoded) against `schema`.
pub(super) fn run(schema: &Schema, text: &str, limits: &Limits) -> Verdict {
    let mut walker = Walker {
        schema,
        text,
        limits,
        stack: Vec::with_capacity(64),
        log: Vec::with_capacity(256),
        local: Interner::default(),
        seq: 0,
        text_run: false,
        root_seen: false,
        standalone: false,
        external_subset: false,
        report: Report::new(limits.max_errors),
        ids: Ids::default(),
        seen: vec![0; schema.max_attrs()],
        stamp: 0,
        ambiguous_reported: Vec::new(),
        prefixes: Vec::new(),
        xmlns: memchr::memmem::Finder::new(b"xmlns:"),
        previous_sibling: None,
        guesses: Guesses::default(),
    };
    if let Err(wf) = walker.walk() {
        let pos = position_of(text.as_bytes(), wf.offset);
        return Verdict::NotWellFormed(WellFormednessError {
            line: pos.line,
            column: pos.column,
            message: wf.message,
        });
    }
    walker.check_refs();
    if walker.report.is_empty() {
        Verdict::Valid
    } else {
        Verdict::Invalid(walker.report.finish(text.as_bytes()))
    }
}

fn offset(position: u64) -> usize {
    usize::try_from(position).unwrap_or(usize::MAX)
}

impl<'d> Walker<'d, '_> {
    /// Reads the document: quick-xml handles everything but the DOCTYPE,
    /// which it cannot delimit when a literal holds a `>`; that one is cut
    /// out and read here (see [`super::prolog`]).
    fn walk(&mut self) -> Result<(), Wf> {
        let text = self.text;
        let Some(doctype) = find_doctype(text.as_bytes()) else {
            return self.read(0, text.len(), true);
        };
        self.read(0, doctype, false)?;
        let resume = self.doctype(doctype)?;
        self.read(resume, text.len(), true)
    }

    /// Streams the events of `text[from..to]`; `last` if that is the end.
    fn read(&mut self, from: usize, to: usize, last: bool) -> Result<(), Wf> {
        let text = self.text;
        let mut reader = Reader::from_str(&text[from..to]);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.check_comments = true;
        config.allow_dangling_amp = false;
        config.expand_empty_elements = false;
        config.trim_text(false);
        loop {
            let start = from + offset(reader.buffer_position());
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(XmlError::Syntax(SyntaxError::UnclosedTag)) => {
                    // libxml2 looks for the `>` up to the end of the input
                    // and reports the error there.
                    // quick-xml skips a byte-order mark (and what follows
                    // it up to the tag) where it starts reading, so `start`
                    // may stand before the tag, even inside the mark.
                    let mut at = start.min(to);
                    while !self.text.is_char_boundary(at) {
                        at += 1;
                    }
                    let start = self.text[at..to].find('<').map_or(at, |lt| at + lt);
                    let name = self.text[start..to]
                        .trim_start_matches('<')
                        .split(|c: char| c.is_whitespace() || c == '/')
                        .next()
                        .unwrap_or_default()
                        .to_owned();
                    let line = position_of(self.text.as_bytes(), start).line;
                    let message = format!("Couldn't find end of Start Tag {name} line {line}");
                    return Err(wf(to, &message));
                }
                Err(XmlError::Syntax(error))
                    if !matches!(
                        error,
                        SyntaxError::InvalidBangMarkup
                            | SyntaxError::UnclosedPI
                            | SyntaxError::UnclosedXmlDecl
                    ) =>
                {
                    // Something left open at the end of the input (a
                    // comment, CDATA, a quoted value): libxml2 reports it
                    // where the input ends. A declaration or PI it reports
                    // where it goes wrong.
                    return Err(wf(to, &format!("syntax error: {error}")));
                }
                Err(error) => {
                    let at = from + offset(reader.error_position());
                    return Err(self.parser_error(error, at));
                }
            };
            let end = from + offset(reader.buffer_position());
            if let Event::Eof = event {
                return if last { self.at_eof(end) } else { Ok(()) };
            }
            self.text_run = self.event(event, start, end)?;
        }
    }

    /// Handles one event spanning `start..end`; true if it was text.
    fn event(&mut self, event: Event<'_>, start: usize, end: usize) -> Result<bool, Wf> {
        match event {
            Event::Start(e) => self.start_element(&e, start, end - 1)?,
            Event::Empty(e) => {
                self.start_element(&e, start, end - 2)?;
                self.end_element();
            }
            Event::End(_) => self.end_element(),
            Event::Text(t) => {
                self.text(&t, start)?;
                return Ok(true);
            }
            Event::GeneralRef(r) => {
                self.reference(&r, start)?;
                return Ok(true);
            }
            Event::CData(c) => self.cdata(&c, start)?,
            Event::Comment(c) => self.markup_chars(&c, start + 4)?,
            Event::PI(p) => {
                check_pi(&p).map_err(|(i, m)| wf(start + 2 + i, &m))?;
                self.markup_chars(&p, start + 2)?;
            }
            Event::Decl(_) if start != 0 => {
                let message = "XML declaration allowed only at the start of the document";
                return Err(wf(start, message));
            }
            Event::Decl(d) => {
                let standalone = check_xml_decl(&d).map_err(|(i, m)| wf(start + 2 + i, &m))?;
                self.standalone = standalone;
            }
            Event::DocType(_) => {
                let message = "DOCTYPE is allowed only once, before the root element";
                return Err(wf(start, message));
            }
            Event::Eof => {}
        }
        Ok(false)
    }

    /// Records a validity error about the open element at `depth`; the
    /// message is built only if the error is kept.
    pub(super) fn error_at(
        &mut self,
        depth: usize,
        phase: Phase,
        expected: Option<&str>,
        message: impl FnOnce(&Self, &str) -> String,
    ) {
        let frame = &self.stack[depth];
        let (seq, offset, name) = (frame.seq, frame.tag_end, frame.name);
        let Some(key) = self.report.slot(seq, phase) else {
            return;
        };
        let element = self.display_name(self.name_of(name), depth).to_owned();
        let message = message(self, &element);
        let path = self.path(depth);
        self.report.push(
            key,
            offset,
            path,
            element,
            message,
            expected.map(str::to_owned),
        );
    }

    fn start_element(
        &mut self,
        e: &quick_xml::events::BytesStart<'_>,
        lt: usize,
        tag_end: usize,
    ) -> Result<(), Wf> {
        if self.stack.is_empty() {
            if self.root_seen {
                return Err(wf(lt, "Extra content at the end of the document"));
            }
            self.root_seen = true;
        }
        if self.stack.len() >= self.limits.max_depth {
            let message = format!(
                "Excessive depth in document: more than {} levels",
                self.limits.max_depth
            );
            return Err(wf(lt, &message));
        }
        let raw = e.attributes_raw();
        check_attribute_spacing(raw).map_err(|(i, m)| {
            let at = self.offset_in_text(raw).unwrap_or(lt);
            wf(at + i, &m)
        })?;
        let id = self.guessed_element_id(e.name().into_inner(), lt)?;
        if self.xmlns.find(raw).is_some() {
            self.declare_prefixes(e, self.stack.len());
        }
        self.child_element(id);
        self.open_element(id, tag_end);
        self.attributes(e, lt)
    }

    /// [`Walker::element_id`], guessed first from the element that opened
    /// in the same place last time (see [`Guesses`]).
    fn guessed_element_id(&mut self, name: &[u8], lt: usize) -> Result<u32, Wf> {
        let parent = self.stack.last().map(|frame| frame.name);
        let previous = self.previous_sibling.take();
        let guess = self.guesses.guess(parent, previous);
        if let Some(id) = guess.filter(|&id| self.name_of(id).as_bytes() == name) {
            return Ok(id);
        }
        let id = self.element_id(name, lt)?;
        self.guesses.remember(parent, previous, id);
        Ok(id)
    }

    fn text(&mut self, t: &[u8], start: usize) -> Result<(), Wf> {
        check_text(t).map_err(|(i, m)| wf(start + i, &m))?;
        if self.stack.is_empty() {
            if let Some(i) = t.iter().position(|b| !b" \t\r\n".contains(b)) {
                return Err(self.outside_root(start + i));
            }
            return Ok(());
        }
        self.child_text(|| is_blank_bytes(t));
        Ok(())
    }

    fn reference(&mut self, name: &[u8], start: usize) -> Result<(), Wf> {
        let resolved = resolve_ref(name).map_err(|m| wf(start, &m))?;
        if self.stack.is_empty() {
            return Err(self.outside_root(start));
        }
        match resolved {
            Some(c) => self.child_text(|| is_blank(c)),
            None => self.undeclared_entity(name, start)?,
        }
        Ok(())
    }

    /// A reference to an entity nobody declared (declared ones were
    /// expanded before the walk, see [`crate::entities`]). XML makes it a
    /// well-formedness error when no external subset could declare it, or
    /// the document says it is standalone; otherwise a validity error,
    /// reported (as libxml2 reports it) while reading, before the
    /// elements' own errors.
    pub(super) fn undeclared_entity(&mut self, name: &[u8], at: usize) -> Result<(), Wf> {
        let message = format!("Entity '{}' not defined", String::from_utf8_lossy(name));
        let Some(depth) = self.stack.len().checked_sub(1) else {
            return Err(wf(at, &message));
        };
        if !self.external_subset || self.standalone {
            return Err(wf(at, &message));
        }
        if let Some(key) = self.report.slot(0, Phase::Content) {
            let element = self.display_name(self.name_of(self.stack[depth].name), depth);
            let element = element.to_owned();
            let path = self.path(depth);
            self.report.push(key, at, path, element, message, None);
        }
        Ok(())
    }

    fn cdata(&mut self, c: &[u8], start: usize) -> Result<(), Wf> {
        check_chars(c).map_err(|(i, m)| wf(start + 9 + i, &m))?;
        if self.stack.is_empty() {
            return Err(self.outside_root(start));
        }
        self.child_cdata();
        Ok(())
    }

    /// Comments and processing instructions.
    fn markup_chars(&mut self, content: &[u8], start: usize) -> Result<(), Wf> {
        check_chars(content).map_err(|(i, m)| wf(start + i, &m))?;
        if !self.stack.is_empty() {
            self.child_other();
        }
        Ok(())
    }

    /// Where a slice borrowed from the document starts in it.
    pub(super) fn offset_in_text(&self, slice: &[u8]) -> Option<usize> {
        let base = self.text.as_ptr() as usize;
        let at = (slice.as_ptr() as usize).checked_sub(base)?;
        (at <= self.text.len()).then_some(at)
    }

    fn at_eof(&mut self, end: usize) -> Result<(), Wf> {
        if let Some(frame) = self.stack.last() {
            let line = position_of(self.text.as_bytes(), frame.tag_end).line;
            let name = self.name_of(frame.name);
            return Err(wf(
                end,
                &format!("Premature end of data in tag {name} line {line}"),
            ));
        }
        if !self.root_seen {
            return Err(wf(end, "Start tag expected, '<' not found"));
        }
        Ok(())
    }

    fn outside_root(&self, at: usize) -> Wf {
        if self.root_seen {
            wf(at, "Extra content at the end of the document")
        } else {
            wf(at, "Start tag expected, '<' not found")
        }
    }

    /// A quick-xml error, worded like libxml2's where it has an equivalent.
    fn parser_error(&self, error: XmlError, at: usize) -> Wf {
        match error {
            XmlError::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
                let line = self
                    .stack
                    .last()
                    .map_or(0, |f| position_of(self.text.as_bytes(), f.tag_end).line);
                let message =
                    format!("Opening and ending tag mismatch: {expected} line {line} and {found}");
                wf(at, &message)
            }
            XmlError::IllFormed(IllFormedError::UnmatchedEndTag(name)) => {
                wf(at, &format!("Unexpected end tag : {name}"))
            }
            other => wf(at, &other.to_string()),
        }
    }
}

pub(super) fn wf(offset: usize, message: &str) -> Wf {
    Wf {
        offset,
        message: message.to_owned(),
    }
}
