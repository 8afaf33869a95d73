//! General entities a document declares in its internal subset (and those
//! the DTD declares, such as cXML's `&cxml.version;`), expanded before the
//! document is read, within strict limits.
//!
//! The expansion is textual: every reference to a declared entity in
//! content or in an attribute value is replaced by its replacement text,
//! itself expanded recursively, so the streaming pass and any other reader
//! see a document whose only references are character references, the five
//! predefined entities and undeclared names. Line breaks inside replacement
//! texts are written as character references (in text) or spaces (in
//! markup and attribute values, where a parser turns them into spaces
//! anyway), so every line keeps its number; columns after a reference move
//! and [`Expanded::original_column`] moves them back.
//!
//! Nothing is ever fetched: a reference to an external parsed entity
//! expands to nothing (as libxml2 does when it does not load external
//! entities). Loops are not well-formed; more references, deeper nesting or
//! more replacement text than [`EntityLimits`] allows is refused with
//! [`ExpandError::OverLimit`] before any of it is built, which is what
//! defeats billion-laughs documents.

use std::borrow::Cow;

use crate::error::WellFormednessError;
use crate::names::{is_name, predefined_entity};
use crate::position::{position_of, positions_of};
use crate::schema::{GeneralEntity, Schema};
use crate::validate::prolog::{check_doctype, doctype_len, find_doctype};

/// Bounds on entity expansion in one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityLimits {
    /// References to declared entities expanded, nested ones included.
    pub max_references: usize,
    /// Entities expanded inside entities (a reference in the document is
    /// depth 1).
    pub max_depth: usize,
    /// Bytes of replacement text inserted in total.
    pub max_bytes: usize,
}

impl Default for EntityLimits {
    /// 10,000 references, depth 8, 1 MiB.
    fn default() -> Self {
        EntityLimits {
            max_references: 10_000,
            max_depth: 8,
            max_bytes: 1 << 20,
        }
    }
}

/// Why a document's entities could not be expanded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExpandError {
    /// A loop, a malformed internal subset, an unparsed or external entity
    /// where XML forbids it, `<` in an attribute's replacement text.
    #[error("{0}")]
    NotWellFormed(WellFormednessError),
    /// More expansion than [`EntityLimits`] allows.
    #[error("{0}")]
    OverLimit(WellFormednessError),
}

/// A document with its declared entities expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expanded<'a> {
    /// The document; borrowed when no declared entity is referenced.
    pub text: Cow<'a, str>,
    /// Entities the internal subset declares (parameter entities as
    /// `%name`), in declaration order.
    pub internal_entities: Vec<String>,
    /// Where the DOCTYPE starts, when there is one.
    pub doctype: Option<(u32, u32)>,
    splices: Vec<Splice>,
}

/// One reference replaced in the document, in columns of the expanded text
/// (replacement texts hold no line break, so both ends share a line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Splice {
    line: u32,
    start: u32,
    end: u32,
    /// Columns the reference itself took.
    written: u32,
}

impl Expanded<'_> {
    /// The column in the original document of a position in [`Self::text`];
    /// a position inside a replacement text maps to its reference.
    pub fn original_column(&self, line: u32, column: u32) -> u32 {
        let mut shift = 0i64;
        for s in self.splices.iter().filter(|s| s.line == line) {
            if column < s.start {
                break;
            }
            if column < s.end {
                return clamp(i64::from(s.start) - shift);
            }
            shift += i64::from(s.end - s.start) - i64::from(s.written);
        }
        clamp(i64::from(column) - shift)
    }
}

fn clamp(column: i64) -> u32 {
    u32::try_from(column.max(1)).unwrap_or(u32::MAX)
}

/// Expands the entities `text` declares in its internal subset, and those
/// `dtd` declares, in its content and attribute values.
pub fn expand<'a>(
    text: &'a str,
    dtd: Option<&crate::Dtd>,
    limits: &EntityLimits,
) -> Result<Expanded<'a>, ExpandError> {
    let bytes = text.as_bytes();
    let mut expanded = Expanded {
        text: Cow::Borrowed(text),
        internal_entities: Vec::new(),
        doctype: None,
        splices: Vec::new(),
    };
    let mut body = 0;
    let mut internal = None;
    if let Some(start) = find_doctype(bytes) {
        let pos = position_of(bytes, start);
        expanded.doctype = Some((pos.line, pos.column));
        let Some(len) = doctype_len(&bytes[start..]) else {
            return Ok(expanded);
        };
        body = start + len;
        if let Some((subset, at)) = internal_subset(text, start, len) {
            expanded.internal_entities = declared_entities(subset);
            if !expanded.internal_entities.is_empty() {
                let schema = crate::parse::parse(subset).map_err(|e| {
                    let line = position_of(bytes, at).line + e.line.saturating_sub(1);
                    ExpandError::NotWellFormed(WellFormednessError {
                        line,
                        column: e.column,
                        message: format!("in the internal subset: {}", e.message),
                    })
                })?;
                internal = Some(schema);
            }
        }
    }
    let mut expander = Expander {
        internal: internal.as_ref(),
        external: dtd.map(|d| &d.schema),
        limits,
        references: 0,
        inserted: 0,
        stack: Vec::new(),
        origin: 0,
        spans: Vec::new(),
    };
    if !expander.any_declared_reference(&text[body..]) {
        return Ok(expanded);
    }
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(&text[..body]);
    expander
        .content(&text[body..], body, &mut out, 0)
        .map_err(|fail| fail.located(text))?;
    let offsets: Vec<usize> = expander.spans.iter().flat_map(|s| [s.0, s.1]).collect();
    let positions = positions_of(out.as_bytes(), &offsets);
    expanded.splices = expander
        .spans
        .iter()
        .zip(positions.chunks_exact(2))
        .map(|(span, ends)| Splice {
            line: ends[0].line,
            start: ends[0].column,
            end: ends[1].column,
            written: span.2,
        })
        .collect();
    expanded.text = Cow::Owned(out);
    Ok(expanded)
}

/// The internal subset of the DOCTYPE at `start` (`len` bytes), and where
/// it starts in the document.
fn internal_subset(text: &str, start: usize, len: usize) -> Option<(&str, usize)> {
    let keyword = "<!DOCTYPE".len();
    let inner = &text.as_bytes()[start + keyword..start + len - 1];
    let ws = inner.iter().take_while(|b| b" \t\r\n".contains(b)).count();
    let content = &inner[ws..];
    let open = check_doctype(content).ok()??;
    let close = content.iter().rposition(|&b| b == b']')?;
    let from = start + keyword + ws + open + 1;
    let to = start + keyword + ws + close;
    Some((&text[from..to], from))
}

/// The names after each `<!ENTITY` of an internal subset (parameter
/// entities as `%name`), read without parsing the declarations.
pub fn declared_entities(subset: &str) -> Vec<String> {
    subset
        .match_indices("<!ENTITY")
        .map(|(at, _)| {
            let decl = subset[at + "<!ENTITY".len()..].trim_start();
            let (percent, decl) = match decl.strip_prefix('%') {
                Some(tail) => ("%", tail.trim_start()),
                None => ("", decl),
            };
            let name: String = decl
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, '>' | '"' | '\''))
                .take(64)
                .collect();
            format!("{percent}{name}")
        })
        .collect()
}

/// A failure at a byte offset of the original document.
struct Fail {
    offset: usize,
    message: String,
    limit: bool,
}

impl Fail {
    fn located(self, text: &str) -> ExpandError {
        let pos = position_of(text.as_bytes(), self.offset);
        let error = WellFormednessError {
            line: pos.line,
            column: pos.column,
            message: self.message,
        };
        if self.limit {
            ExpandError::OverLimit(error)
        } else {
            ExpandError::NotWellFormed(error)
        }
    }
}

/// Where a name is used: content or an attribute value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Content,
    Attribute,
}

struct Expander<'e> {
    internal: Option<&'e Schema>,
    external: Option<&'e Schema>,
    limits: &'e EntityLimits,
    references: usize,
    inserted: usize,
    /// Entities being expanded, outermost first.
    stack: Vec<&'e str>,
    /// Offset of the document's reference being expanded (errors inside
    /// replacement texts are reported there).
    origin: usize,
    /// Replaced document references: output start, output end, columns of
    /// the reference.
    spans: Vec<(usize, usize, u32)>,
}

/// `&name;` at `at`: the name, and the offset after `;`.
fn reference(src: &str, at: usize) -> Option<(&str, usize)> {
    let rest = &src[at + 1..];
    let end = rest.find(';').filter(|&e| e <= 256)?;
    let name = &rest[..end];
    let plain = !name.starts_with('#') && predefined_entity(name).is_none() && is_name(name);
    plain.then_some((name, at + 1 + end + 1))
}

impl<'e> Expander<'e> {
    fn lookup(&self, name: &str) -> Option<(&'e str, &'e GeneralEntity)> {
        [self.internal, self.external]
            .into_iter()
            .flatten()
            .find_map(|schema| schema.entities.get_key_value(name))
            .map(|(k, v)| (k.as_str(), v))
    }

    fn any_declared_reference(&self, text: &str) -> bool {
        if self.internal.is_none() && self.external.is_none_or(|s| s.entities.is_empty()) {
            return false;
        }
        memchr::memchr_iter(b'&', text.as_bytes())
            .any(|at| reference(text, at).is_some_and(|(name, _)| self.lookup(name).is_some()))
    }

    fn fail(&self, offset: usize, message: String) -> Fail {
        Fail {
            offset,
            message,
            limit: false,
        }
    }

    fn over(&self, offset: usize, message: String) -> Fail {
        Fail {
            offset,
            message,
            limit: true,
        }
    }

    /// Copies content, expanding references; `base` is the offset of `src`
    /// in the document for the document itself, and `depth` 0 there.
    fn content(
        &mut self,
        src: &str,
        base: usize,
        out: &mut String,
        depth: usize,
    ) -> Result<(), Fail> {
        let b = src.as_bytes();
        let mut copied = 0;
        let mut i = 0;
        while let Some(n) = memchr::memchr2(b'<', b'&', &b[i..]) {
            let at = i + n;
            if b[at] == b'&' {
                i = at + 1;
                if let Some((name, end)) = reference(src, at)
                    && let Some(entity) = self.lookup(name)
                {
                    emit(out, &src[copied..at], depth, false);
                    self.reference(entity, Context::Content, (base, at, end), out, depth)?;
                    copied = end;
                    i = end;
                }
                continue;
            }
            let rest = &b[at..];
            let close: Option<usize> = if rest.starts_with(b"<!--") {
                memchr::memmem::find(&rest[4..], b"-->").map(|e| 4 + e + 3)
            } else if rest.starts_with(b"<![CDATA[") {
                memchr::memmem::find(&rest[9..], b"]]>").map(|e| 9 + e + 3)
            } else if rest.starts_with(b"<?") {
                memchr::memmem::find(&rest[2..], b"?>").map(|e| 2 + e + 2)
            } else if rest.starts_with(b"<!") {
                memchr::memchr(b'>', rest).map(|e| e + 1)
            } else {
                emit(out, &src[copied..at], depth, false);
                let Some(end) = self.tag(src, at, base, out, depth)? else {
                    copied = at;
                    break;
                };
                copied = end;
                i = end;
                continue;
            };
            let Some(len) = close else { break };
            emit(out, &src[copied..at], depth, false);
            emit(out, &src[at..at + len], depth, true);
            copied = at + len;
            i = copied;
        }
        emit(out, &src[copied..], depth, false);
        Ok(())
    }

    /// Copies the tag at `at`, expanding references in its attribute
    /// values; the offset after it, or `None` when it does not end.
    fn tag(
        &mut self,
        src: &str,
        at: usize,
        base: usize,
        out: &mut String,
        depth: usize,
    ) -> Result<Option<usize>, Fail> {
        let b = src.as_bytes();
        let mut i = at;
        let mut copied = at;
        loop {
            let Some(n) = b[i..]
                .iter()
                .position(|&c| matches!(c, b'"' | b'\'' | b'>'))
            else {
                return Ok(None);
            };
            let q = i + n;
            if b[q] == b'>' {
                emit(out, &src[copied..=q], depth, true);
                return Ok(Some(q + 1));
            }
            let Some(len) = memchr::memchr(b[q], &b[q + 1..]) else {
                return Ok(None);
            };
            let close = q + 1 + len;
            emit(out, &src[copied..=q], depth, true);
            self.attribute(&src[q + 1..close], base + q + 1, out, depth)?;
            out.push(char::from(b[q]));
            copied = close + 1;
            i = copied;
        }
    }

    /// Copies an attribute value, expanding references.
    fn attribute(
        &mut self,
        value: &str,
        base: usize,
        out: &mut String,
        depth: usize,
    ) -> Result<(), Fail> {
        let mut copied = 0;
        for at in memchr::memchr_iter(b'&', value.as_bytes()) {
            if at < copied {
                continue;
            }
            let Some((name, end)) = reference(value, at) else {
                continue;
            };
            let Some(entity) = self.lookup(name) else {
                continue;
            };
            attribute_text(out, &value[copied..at], depth);
            self.reference(entity, Context::Attribute, (base, at, end), out, depth)?;
            copied = end;
        }
        attribute_text(out, &value[copied..], depth);
        Ok(())
    }

    /// Expands one reference (`span`: base, start and end offsets of
    /// `&name;` in its source).
    fn reference(
        &mut self,
        (name, entity): (&'e str, &'e GeneralEntity),
        context: Context,
        (base, at, end): (usize, usize, usize),
        out: &mut String,
        depth: usize,
    ) -> Result<(), Fail> {
        if depth == 0 {
            self.origin = base + at;
        }
        let origin = self.origin;
        if self.stack.contains(&name) {
            return Err(self.fail(origin, "Detected an entity reference loop".to_owned()));
        }
        self.references += 1;
        if self.references > self.limits.max_references {
            let max = self.limits.max_references;
            return Err(self.over(
                origin,
                format!("more than {max} entity references to expand (entity '{name}')"),
            ));
        }
        if depth + 1 > self.limits.max_depth {
            let max = self.limits.max_depth;
            return Err(self.over(
                origin,
                format!("entities nest deeper than {max} levels (entity '{name}')"),
            ));
        }
        if entity.unparsed {
            return Err(self.fail(
                origin,
                format!("Entity reference to unparsed entity {name}"),
            ));
        }
        let Some(value) = entity.value.as_deref() else {
            if context == Context::Attribute {
                let message = format!("Attribute references external entity '{name}'");
                return Err(self.fail(origin, message));
            }
            // An external parsed entity: never fetched, so it adds nothing.
            self.record(depth, out.len(), out.len(), end - at);
            return Ok(());
        };
        self.inserted += value.len();
        if self.inserted > self.limits.max_bytes {
            let max = self.limits.max_bytes;
            return Err(self.over(
                origin,
                format!("entity replacement texts exceed {max} bytes (entity '{name}')"),
            ));
        }
        let start = out.len();
        self.stack.push(name);
        match context {
            Context::Content => self.content(value, base, out, depth + 1)?,
            Context::Attribute => {
                if value.contains('<') {
                    return Err(self.fail(
                        origin,
                        format!("'<' in entity '{name}' is not allowed in attributes values"),
                    ));
                }
                self.attribute(value, base, out, depth + 1)?;
            }
        }
        self.stack.pop();
        self.record(depth, start, out.len(), end - at);
        Ok(())
    }

    fn record(&mut self, depth: usize, start: usize, end: usize, written: usize) {
        if depth == 0 {
            let written = u32::try_from(written).unwrap_or(u32::MAX);
            self.spans.push((start, end, written));
        }
    }
}

/// Copies text or markup; inside a replacement text (`depth` > 0) line
/// breaks become character references in text and spaces in markup, so
/// the document keeps its line numbers.
fn emit(out: &mut String, piece: &str, depth: usize, markup: bool) {
    if depth == 0 || !piece.contains(['\n', '\r']) {
        out.push_str(piece);
        return;
    }
    for c in piece.chars() {
        match (c, markup) {
            ('\n', false) => out.push_str("&#10;"),
            ('\r', false) => out.push_str("&#13;"),
            ('\n' | '\r', true) => out.push(' '),
            (c, _) => out.push(c),
        }
    }
}

/// Copies attribute text; inside a replacement text quotes become
/// references (the value's own delimiters must stay) and whitespace the
/// space a parser makes of it.
fn attribute_text(out: &mut String, piece: &str, depth: usize) {
    if depth == 0 {
        out.push_str(piece);
        return;
    }
    for c in piece.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests;
