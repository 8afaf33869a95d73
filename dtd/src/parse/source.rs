//! The DTD text as a stack of inputs: the file itself, and on top of it the
//! replacement text of each parameter entity being read.
//!
//! Expanding `%name;` pushes a frame instead of splicing strings, and the end
//! of a frame reads as whitespace (the spec's one-space padding around a
//! reference's replacement text), so tokens never straddle an entity
//! boundary. Only internal parameter entities declared earlier can be
//! expanded: external ones are never fetched, and a reference to one is an
//! error. Depth and total expansion are bounded against entity bombs.

use crate::error::DtdError;
use crate::names::{FxHashMap, is_name_char, is_name_start_char};
use crate::position::position_of;

/// Nesting bound for parameter-entity references.
const MAX_DEPTH: usize = 40;
/// Bound on the bytes read from parameter-entity replacement texts.
const MAX_EXPANDED: usize = 64 << 20;

/// A declared parameter entity.
#[derive(Debug)]
pub(crate) struct ParamEntity {
    pub(crate) name: String,
    /// The replacement text; `None` for an external entity.
    pub(crate) value: Option<String>,
}

#[derive(Debug, Clone, Copy)]
struct Frame {
    /// Index into `Source::entities`; `None` for the DTD text itself.
    entity: Option<usize>,
    pos: usize,
}

/// A byte cursor over the DTD with parameter-entity frames.
pub(crate) struct Source<'a> {
    main: &'a str,
    frames: Vec<Frame>,
    entities: Vec<ParamEntity>,
    by_name: FxHashMap<String, usize>,
    expanded: usize,
}

/// Shorthand for results carrying a [`DtdError`].
pub(crate) type Res<T> = Result<T, DtdError>;

impl<'a> Source<'a> {
    pub(crate) fn new(main: &'a str) -> Self {
        Source {
            main,
            frames: vec![Frame {
                entity: None,
                pos: 0,
            }],
            entities: Vec::new(),
            by_name: FxHashMap::default(),
            expanded: 0,
        }
    }

    fn text_of(&self, frame: Frame) -> &str {
        match frame.entity {
            None => self.main,
            Some(i) => self.entities[i].value.as_deref().unwrap_or(""),
        }
    }

    fn top(&self) -> Frame {
        self.frames[self.frames.len() - 1]
    }

    /// The unread rest of the current frame.
    pub(crate) fn rest(&self) -> &str {
        let top = self.top();
        self.text_of(top).get(top.pos..).unwrap_or("")
    }

    pub(crate) fn peek(&self) -> Option<u8> {
        self.rest().as_bytes().first().copied()
    }

    pub(crate) fn starts_with(&self, s: &str) -> bool {
        self.rest().starts_with(s)
    }

    /// Advances `n` bytes in the current frame.
    pub(crate) fn bump(&mut self, n: usize) {
        let last = self.frames.len() - 1;
        self.frames[last].pos += n;
    }

    /// True when reading the replacement text of a parameter entity.
    pub(crate) fn in_entity(&self) -> bool {
        self.frames.len() > 1
    }

    /// True when the DTD text itself is fully read.
    pub(crate) fn at_eof(&self) -> bool {
        !self.in_entity() && self.rest().is_empty()
    }

    /// Drops the current frame if it is an exhausted entity.
    fn pop_exhausted(&mut self) -> bool {
        if self.in_entity() && self.rest().is_empty() {
            self.frames.pop();
            true
        } else {
            false
        }
    }

    /// Skips whitespace, expanded parameter-entity references and the ends
    /// of their replacement texts. Returns true if anything was skipped.
    pub(crate) fn skip_ws(&mut self) -> Res<bool> {
        let mut skipped = false;
        loop {
            let rest = self.rest().as_bytes();
            let ws = rest
                .iter()
                .position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
                .unwrap_or(rest.len());
            if ws > 0 {
                self.bump(ws);
                skipped = true;
            } else if self.pop_exhausted() {
                skipped = true;
            } else if self.at_pe_ref() {
                self.expand_pe_ref()?;
                skipped = true;
            } else {
                return Ok(skipped);
            }
        }
    }

    /// True at `%` followed by a name start (a reference, not the `%` of a
    /// parameter-entity declaration).
    fn at_pe_ref(&self) -> bool {
        let mut chars = self.rest().chars();
        chars.next() == Some('%') && chars.next().is_some_and(is_name_start_char)
    }

    /// Reads `%name;` and pushes the entity's replacement text; errors are
    /// reported at the `%`.
    fn expand_pe_ref(&mut self) -> Res<()> {
        let rest = &self.rest()[1..];
        let end = rest
            .char_indices()
            .find(|&(_, c)| !is_name_char(c))
            .map_or(rest.len(), |(i, _)| i);
        let name = rest[..end].to_owned();
        if !rest[end..].starts_with(';') {
            return Err(self.error(format!(
                "missing ';' after parameter-entity reference %{name}"
            )));
        }
        let index = self.lookup(&name)?;
        if self.frames.len() > MAX_DEPTH || self.frames.iter().any(|f| f.entity == Some(index)) {
            return Err(self.error(format!(
                "parameter entity %{name}; references itself or nests too deeply"
            )));
        }
        let len = self.entities[index].value.as_ref().map_or(0, String::len);
        self.expanded += len;
        if self.expanded > MAX_EXPANDED {
            return Err(self.error("parameter-entity expansion exceeds 64 MiB".to_owned()));
        }
        self.bump(end + 2);
        self.frames.push(Frame {
            entity: Some(index),
            pos: 0,
        });
        Ok(())
    }

    /// The index of an internal parameter entity declared earlier.
    pub(crate) fn lookup(&self, name: &str) -> Res<usize> {
        let Some(&index) = self.by_name.get(name) else {
            return Err(self.error(format!("undeclared parameter entity %{name};")));
        };
        if self.entities[index].value.is_none() {
            return Err(self.error(format!(
                "external parameter entity %{name}; is not fetched (only internal entities are supported)"
            )));
        }
        Ok(index)
    }

    /// The replacement text of a parameter entity (see [`Source::lookup`]).
    pub(crate) fn value(&self, index: usize) -> &str {
        self.entities[index].value.as_deref().unwrap_or("")
    }

    /// Declares a parameter entity; the first declaration wins.
    pub(crate) fn declare(&mut self, name: String, value: Option<String>) {
        if self.by_name.contains_key(&name) {
            return;
        }
        self.by_name.insert(name.clone(), self.entities.len());
        self.entities.push(ParamEntity { name, value });
    }

    /// Reads a `Name` in the current frame.
    pub(crate) fn read_name(&mut self) -> Res<String> {
        let rest = self.rest();
        match rest.chars().next() {
            Some(c) if is_name_start_char(c) => {}
            _ => return Err(self.error(format!("expected a name, found {}", self.found()))),
        }
        let end = name_end(rest);
        let name = rest[..end].to_owned();
        self.bump(end);
        Ok(name)
    }

    /// Reads an `Nmtoken` in the current frame.
    pub(crate) fn read_nmtoken(&mut self) -> Res<String> {
        let rest = self.rest();
        let end = name_end(rest);
        if end == 0 {
            return Err(self.error(format!("expected a name token, found {}", self.found())));
        }
        let token = rest[..end].to_owned();
        self.bump(end);
        Ok(token)
    }

    /// Reads a quoted literal in the current frame, returning its raw body.
    pub(crate) fn read_literal(&mut self) -> Res<String> {
        let quote = match self.peek() {
            Some(q @ (b'"' | b'\'')) => q as char,
            _ => {
                return Err(
                    self.error(format!("expected a quoted literal, found {}", self.found()))
                );
            }
        };
        let rest = &self.rest()[1..];
        let Some(end) = rest.find(quote) else {
            return Err(self.error("unterminated literal".to_owned()));
        };
        let body = rest[..end].to_owned();
        self.bump(end + 2);
        Ok(body)
    }

    /// Skips past the next `pat` in the current frame.
    pub(crate) fn skip_past(&mut self, pat: &str, what: &str) -> Res<()> {
        match memchr::memmem::find(self.rest().as_bytes(), pat.as_bytes()) {
            Some(i) => {
                self.bump(i + pat.len());
                Ok(())
            }
            None => Err(self.error(format!("unterminated {what}"))),
        }
    }

    /// Requires the byte `b` next (after optional whitespace).
    pub(crate) fn expect(&mut self, b: u8, context: &str) -> Res<()> {
        self.skip_ws()?;
        if self.peek() == Some(b) {
            self.bump(1);
            Ok(())
        } else {
            Err(self.error(format!(
                "expected '{}' {context}, found {}",
                b as char,
                self.found()
            )))
        }
    }

    /// A short description of what comes next, for messages.
    pub(crate) fn found(&self) -> String {
        let rest = self.rest();
        if rest.is_empty() {
            return "end of input".to_owned();
        }
        let end = rest.char_indices().nth(12).map_or(rest.len(), |(i, _)| i);
        format!("{:?}", &rest[..end])
    }

    /// An error at the current position; inside an entity, at the outermost
    /// reference in the DTD text.
    pub(crate) fn error(&self, message: String) -> DtdError {
        let pos = position_of(self.main.as_bytes(), self.frames[0].pos);
        let message = match self.frames.get(1).and_then(|f| f.entity) {
            Some(i) => format!(
                "{message} (in parameter entity %{};)",
                self.entities[i].name
            ),
            None => message,
        };
        DtdError {
            line: pos.line,
            column: pos.column,
            message,
        }
    }
}

/// Where the run of name characters that `text` starts with ends: ASCII
/// bytes are judged as bytes, and only a name with other characters is
/// read character by character.
fn name_end(text: &str) -> usize {
    let ascii = text
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b':' | b'_' | b'-' | b'.')))
        .unwrap_or(text.len());
    if text.as_bytes().get(ascii).is_none_or(u8::is_ascii) {
        return ascii;
    }
    text[ascii..]
        .char_indices()
        .find(|&(_, c)| !is_name_char(c))
        .map_or(text.len(), |(i, _)| ascii + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_ends_where_its_characters_do() {
        assert_eq!(name_end("ItemOut quantity"), 7);
        assert_eq!(name_end("xml:lang="), 8);
        assert_eq!(name_end("a-b.c_d9>"), 8);
        assert_eq!(name_end("café au lait"), "café".len());
        assert_eq!(name_end("x\u{B7}y|"), "x\u{B7}y".len());
        assert_eq!(name_end("abc"), 3);
        assert_eq!(name_end(" abc"), 0);
        assert_eq!(name_end("é"), "é".len());
        assert_eq!(name_end("a\u{2028}"), 1);
    }
}
