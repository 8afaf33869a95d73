//! The event cursor under the fast reader: quick-xml `Reader` events with
//! exactly the text rules of quick-xml's serde layer (consecutive text,
//! CDATA and references merged, comments and processing instructions
//! transparent, end-of-line normalised), and a bail-out (`None`) on anything
//! it does not model, so the caller can hand the document to serde instead.

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use serde::de::DeserializeOwned;

use crate::tree::MAX_ATTRIBUTES;

/// `None` means "not read here": the serde reader decides.
pub(super) type Bail<T> = Option<T>;

/// How the content of an element starts (see [`Pull::text_start`]).
pub(super) enum TextStart<'a> {
    /// The whole content: plain text (maybe empty), then the end tag.
    Closed(&'a str),
    /// Anything else: the plain first piece of a text run, if any, and the
    /// event to go on from.
    Open(Option<&'a str>, Event<'a>),
}

pub(super) struct Pull<'a> {
    reader: Reader<&'a [u8]>,
    text: &'a str,
    buf: String,
    /// Byte offset of the event [`Self::next`] returned last.
    at: usize,
}

impl<'a> Pull<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Self {
            reader: Reader::from_str(text),
            text,
            buf: String::new(),
            at: 0,
        }
    }

    /// Byte offset of the next event.
    #[inline(always)]
    pub(super) fn pos(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    /// Byte offset of the event [`Self::next`] returned last.
    pub(super) fn at(&self) -> usize {
        self.at
    }

    /// The next event that serde would see (a DOCTYPE too: only the prolog
    /// may have one). Inlined, and its offset kept aside rather than
    /// returned with it, so that events are not copied from frame to frame
    /// (which cost more than reading them).
    #[inline(always)]
    pub(super) fn next(&mut self) -> Bail<Event<'a>> {
        loop {
            self.at = self.pos();
            match self.reader.read_event() {
                Ok(Event::Comment(_) | Event::PI(_) | Event::Decl(_)) => {}
                Ok(event) => return Some(event),
                Err(_) => return None,
            }
        }
    }

    /// Walks the child elements of a struct-like element, calling `f` with
    /// each child's start tag and emptiness (its offset is [`Self::at`]).
    /// Non-blank text bails. `f` matches full names, so only a name it does
    /// not know can have a prefix: [`Self::unknown`] checks.
    ///
    /// The events are looked at where quick-xml wrote them rather than
    /// moved out first (here and in [`Self::text`], the two hottest loops):
    /// the copy stalls on the reader's fresh stores and cost more than the
    /// rest of the loop.
    #[inline(always)]
    pub(super) fn children(
        &mut self,
        empty: bool,
        mut f: impl FnMut(&mut Self, &BytesStart<'a>, bool) -> Bail<()>,
    ) -> Bail<()> {
        if empty {
            return Some(());
        }
        loop {
            self.at = self.pos();
            let event = self.reader.read_event();
            match &event {
                Ok(Event::Start(e)) => f(self, not_nil(e)?, false)?,
                Ok(Event::Empty(e)) => f(self, not_nil(e)?, true)?,
                Ok(Event::End(_)) => return Some(()),
                Ok(Event::Text(t)) if t.iter().all(|b| is_ws(*b)) => {}
                Ok(Event::Comment(_) | Event::PI(_) | Event::Decl(_)) => {}
                _ => return None,
            }
        }
    }

    /// A child element the caller does not model: skipped, unless its name
    /// has a prefix (serde matches local names, so `p:ItemID` would be an
    /// `ItemID` to it).
    pub(super) fn unknown(&mut self, e: &BytesStart<'_>, empty: bool) -> Bail<()> {
        plain(e)?;
        self.skip(empty)
    }

    /// The merged text of a text-only element, as serde gives a `String`
    /// element field: untrimmed, empty for `<a/>`. A child element bails.
    pub(super) fn text(&mut self, empty: bool) -> Bail<String> {
        if empty {
            return Some(String::new());
        }
        match self.text_start()? {
            TextStart::Closed(text) => Some(text.to_owned()),
            TextStart::Open(lone, event) => end_tag(self.run_from(lone, event)?),
        }
    }

    /// Starts on the content of a non-empty element, settling the usual
    /// case, one plain text event (or none) then the end tag, with the
    /// events looked at in place.
    pub(super) fn text_start(&mut self) -> Bail<TextStart<'a>> {
        self.at = self.pos();
        let first = self.reader.read_event();
        if let Ok(Event::End(_)) = &first {
            return Some(TextStart::Closed(""));
        }
        if let Ok(Event::Text(_)) = &first
            && let Some(lone) = self.raw(self.at, self.pos())
        {
            let at = self.pos();
            let after = self.reader.read_event();
            if let Ok(Event::End(_)) = &after {
                return Some(TextStart::Closed(lone));
            }
            self.at = at;
            return Some(TextStart::Open(Some(lone), self.serde_sees(after)?));
        }
        Some(TextStart::Open(None, self.serde_sees(first)?))
    }

    /// `event`, just read, if serde would see it; else the next one that
    /// it would.
    fn serde_sees(&mut self, event: quick_xml::Result<Event<'a>>) -> Bail<Event<'a>> {
        match event.ok()? {
            Event::Comment(_) | Event::PI(_) | Event::Decl(_) => self.next(),
            event => Some(event),
        }
    }

    /// Merges the text run that goes on with `event`, the one the last
    /// [`Self::next`] returned (it may be the end tag: an empty run), after
    /// `lone`, a plain first piece of the input if any; returns the run and
    /// the event that ended it. A lone plain piece is copied once, straight
    /// from the input.
    pub(super) fn run_from(
        &mut self,
        mut lone: Option<&'a str>,
        first: Event<'a>,
    ) -> Bail<(String, Event<'a>)> {
        let mut merged = false;
        self.buf.clear();
        let mut event = first;
        loop {
            let end = self.pos();
            match event {
                Event::Text(t) => match self.raw(self.at, end) {
                    Some(s) if lone.is_none() && !merged => lone = Some(s),
                    _ => {
                        self.merge(&mut lone, &mut merged);
                        self.buf.push_str(&t.xml_content().ok()?);
                    }
                },
                Event::CData(c) => {
                    self.merge(&mut lone, &mut merged);
                    self.buf.push_str(&c.xml_content().ok()?);
                }
                Event::GeneralRef(r) => {
                    self.merge(&mut lone, &mut merged);
                    push_ref(&mut self.buf, &r)?;
                }
                other => {
                    let text = match lone {
                        Some(s) if !merged => s.to_owned(),
                        _ => self.buf.clone(),
                    };
                    return Some((text, other));
                }
            }
            event = self.next()?;
        }
    }

    /// Moves a pending lone piece into the merge buffer.
    fn merge(&mut self, lone: &mut Option<&'a str>, merged: &mut bool) {
        if !*merged {
            self.buf.push_str(lone.take().unwrap_or(""));
            *merged = true;
        }
    }

    /// Text bytes `start..end` of the input when `xml_content` would give
    /// them unchanged: no CR, NEL or LINE SEPARATOR to normalise (the
    /// lead bytes 0xC2 and 0xE2 are a cheap over-approximation).
    fn raw(&self, start: usize, end: usize) -> Option<&'a str> {
        let s = self.text.get(start..end)?;
        (!s.bytes().any(|b| matches!(b, b'\r' | 0xC2 | 0xE2))).then_some(s)
    }

    /// Text as serde gives a `$text` field: blank text is absent.
    pub(super) fn text_field(&mut self, empty: bool) -> Bail<Option<String>> {
        let text = self.text(empty)?;
        Some((!is_blank(&text)).then_some(text))
    }

    /// Skips a subtree, still refusing what serde would refuse in it.
    pub(super) fn skip(&mut self, empty: bool) -> Bail<()> {
        if empty {
            return Some(());
        }
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => return Some(()),
                Event::End(_) => depth -= 1,
                Event::GeneralRef(r) => self.check_ref(&r)?,
                Event::DocType(_) | Event::Eof => return None,
                _ => {}
            }
        }
    }

    /// Refuses a reference serde would refuse.
    pub(super) fn check_ref(&mut self, r: &BytesRef<'_>) -> Bail<()> {
        self.buf.clear();
        push_ref(&mut self.buf, r)
    }

    /// Calls `f` with each attribute's name and raw (escaped) value. Duplicate
    /// attributes and prefixed names other than `xml:lang` bail.
    ///
    /// Attributes in the form writers use are split here (see
    /// [`plain_attr`]), and a name is compared with the few before it; from
    /// the first attribute in any other form on, quick-xml's iterator reads
    /// them (with its own duplicate check, which allocates).
    pub(super) fn attrs(
        &self,
        e: &BytesStart<'_>,
        mut f: impl FnMut(&[u8], &'a str) -> Bail<()>,
    ) -> Bail<()> {
        let raw = e.attributes_raw();
        let mut rest = raw;
        let mut count = 0;
        while let Some(plain) = plain_attr(rest) {
            // Repeats are looked for among the attributes before: bounded
            // work, as the tree's reader bounds it.
            if count == MAX_ATTRIBUTES {
                return None;
            }
            let Some((key, value, after)) = plain else {
                // quick-xml yields the same first `count` attributes.
                let rest = e.attributes().skip(count);
                for attr in rest.take(MAX_ATTRIBUTES - count + 1) {
                    count += 1;
                    if count > MAX_ATTRIBUTES {
                        return None;
                    }
                    let attr = attr.ok()?;
                    let key = attr.key.into_inner();
                    check_prefix(key)?;
                    f(key, within(self.text, &attr.value)?)?;
                }
                return Some(());
            };
            check_prefix(key)?;
            if plain_names(raw).take(count).any(|name| name == key) {
                return None;
            }
            f(key, within(self.text, value)?)?;
            count += 1;
            rest = after;
        }
        Some(())
    }

    /// Reads a rare subtree through serde, from its own bytes.
    pub(super) fn serde<T: DeserializeOwned>(&mut self, empty: bool) -> Bail<T> {
        let at = self.at;
        self.skip(empty)?;
        let end = self.pos();
        let subtree = self.text.get(at..end)?;
        // serde's repeat check is quadratic: a flood goes to the whole
        // reader, which refuses it.
        super::reject_attribute_floods(subtree).ok()?;
        // Read on its own, a subtree loses the `xsi` binding an `xsi:nil`
        // in it may rely on: the whole reader decides.
        if memchr::memmem::find(subtree.as_bytes(), b"nil").is_some() {
            return None;
        }
        quick_xml::de::from_str(subtree).ok()
    }
}

/// The start tag, unless it may carry `xsi:nil`: serde reads an optional
/// element so marked as absent, whatever it holds, and the readers take
/// their children's text without looking at the children's attributes.
#[inline(always)]
pub(super) fn not_nil<'e, 'a>(e: &'e BytesStart<'a>) -> Bail<&'e BytesStart<'a>> {
    memchr::memmem::find(e.attributes_raw(), b"nil")
        .is_none()
        .then_some(e)
}

/// Refuses a prefixed attribute name other than `xml:lang` (serde matches
/// local names).
fn check_prefix(key: &[u8]) -> Bail<()> {
    (!key.contains(&b':') || key == b"xml:lang").then_some(())
}

/// The names of the leading plain attributes of `raw` (see [`plain_attr`]).
fn plain_names(raw: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = raw;
    std::iter::from_fn(move || {
        let (name, _, after) = plain_attr(rest)??;
        rest = after;
        Some(name)
    })
}

/// The ASCII name characters [`plain_attr`] accepts: letters, digits and
/// `:_-.`.
const NAME_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b':' | b'_' | b'-' | b'.');
        b += 1;
    }
    table
};

/// The first attribute of `raw` (a start tag's attributes, or what is left
/// of them) as `(name, raw value, rest)`, if it has the form writers use:
/// whitespace, a name of ASCII name characters, `=`, a quoted value.
/// quick-xml's iterator reads such an attribute the same way. `None` when
/// only whitespace is left; `Some(None)` for any other form.
#[allow(clippy::type_complexity)]
#[inline]
fn plain_attr(raw: &[u8]) -> Option<Option<(&[u8], &[u8], &[u8])>> {
    let start = raw.iter().position(|b| !is_ws(*b))?;
    let attr = raw.get(start..).unwrap_or_default();
    let name_len = attr
        .iter()
        .position(|b| !NAME_BYTES[usize::from(*b)])
        .unwrap_or(attr.len());
    let (name, after) = attr.split_at(name_len);
    let [b'=', quote @ (b'"' | b'\''), after @ ..] = after else {
        return Some(None);
    };
    let Some(len) = after.iter().position(|b| b == quote) else {
        return Some(None);
    };
    let (value, after) = after.split_at(len);
    Some((!name.is_empty()).then(|| (name, value, after.get(1..).unwrap_or_default())))
}

/// `bytes` as the piece of `text` they were borrowed from, without checking
/// UTF-8 again (the whole text was checked once); `None` for bytes from
/// elsewhere, which never happens with a reader over a `&str`.
pub(super) fn within<'t>(text: &'t str, bytes: &[u8]) -> Bail<&'t str> {
    let start = bytes.as_ptr().addr().checked_sub(text.as_ptr().addr())?;
    text.get(start..start.checked_add(bytes.len())?)
}

/// The text of a run that the end tag closed; a child element bails.
fn end_tag((text, after): (String, Event<'_>)) -> Bail<String> {
    matches!(after, Event::End(_)).then_some(text)
}

/// The start tag, unless its name has a prefix (serde matches local names,
/// which this reader does not model).
pub(super) fn plain<'e, 'a>(e: &'e BytesStart<'a>) -> Bail<&'e BytesStart<'a>> {
    (!e.name().as_ref().contains(&b':')).then_some(e)
}

/// An attribute value as serde gives it: unescaped, not normalised.
pub(super) fn value(raw: &str) -> Bail<String> {
    if raw.bytes().any(|b| b == b'&') {
        Some(quick_xml::escape::unescape(raw).ok()?.into_owned())
    } else {
        Some(raw.to_owned())
    }
}

/// Stores `v` in an empty slot; a second occurrence bails (serde's
/// "duplicate field").
pub(super) fn once<T>(slot: &mut Option<T>, v: T) -> Bail<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(v);
    Some(())
}

/// Marks a required field read in place; a second occurrence bails.
pub(super) fn first(seen: &mut bool) -> Bail<()> {
    if *seen {
        return None;
    }
    *seen = true;
    Some(())
}

/// Appends to a list field (any number of occurrences, as serde's
/// overlapped lists collect them). The first element gets an exact
/// allocation: these lists nearly always hold one.
pub(super) fn push<T>(list: &mut Vec<T>, v: T) -> Bail<()> {
    if list.capacity() == 0 {
        list.reserve_exact(1);
    }
    list.push(v);
    Some(())
}

/// Pushes `blank` and hands it back to be filled in place.
pub(super) fn slot<T>(list: &mut Vec<T>, blank: T) -> Bail<&mut T> {
    list.push(blank);
    list.last_mut()
}

/// An attribute into an empty slot.
pub(super) fn attr_once(slot: &mut Option<String>, raw: &str) -> Bail<()> {
    once(slot, value(raw)?)
}

fn push_ref(out: &mut String, r: &BytesRef<'_>) -> Bail<()> {
    if let Some(ch) = r.resolve_char_ref().ok()? {
        out.push(ch);
    } else {
        let name = std::str::from_utf8(r).ok()?;
        out.push_str(quick_xml::escape::resolve_predefined_entity(name)?);
    }
    Some(())
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Blank as serde's `Text::is_blank` defines it.
pub(super) fn is_blank(s: &str) -> bool {
    s.bytes().all(is_ws)
}
