//! The content of secret elements, found by their tags in any byte
//! sequence. No XML parser is involved: a parser stops at the first error,
//! and what it has not read yet (a document cut off inside `<SharedSecret>`)
//! is exactly what must not leak. The scan is linear in the input.
//!
//! Rules, each erring towards masking more:
//! - an opening tag (`<SharedSecret`, `<x:SharedSecret`, with attributes)
//!   starts a secret; its content runs to the close tag that brings the
//!   nesting of secret elements back to zero, or to the end of the input;
//! - an opening tag that never ends (`<SharedSecret attr="…` at the end)
//!   masks everything after the element name;
//! - inside a secret, CDATA sections, comments and processing instructions
//!   are skipped whole, so a `</SharedSecret>` written inside them ends
//!   nothing;
//! - a close tag that never ends (`</SharedSecret<…`) ends where the next
//!   tag begins, so it swallows no tag after it;
//! - a body in UTF-16 (a BOM, or NUL bytes) is also scanned as UTF-16 in
//!   both byte orders and both alignments.

use super::MASK;

/// Elements whose text content is a credential.
const SECRET_ELEMENTS: &[&[u8]] = &[b"SharedSecret", b"CredentialMac"];

/// Masks every secret element's content in `raw`.
pub(super) fn mask(raw: &[u8]) -> Vec<u8> {
    let mut out = replace(raw, &secret_ranges(raw), MASK.as_bytes());
    if out.contains(&0) {
        for order in [ByteOrder::Little, ByteOrder::Big] {
            for offset in [0, 1] {
                out = mask_utf16(&out, order, offset);
            }
        }
    }
    out
}

#[derive(Clone, Copy)]
enum ByteOrder {
    Little,
    Big,
}

/// One pass over `raw` read as UTF-16 from byte `offset`.
fn mask_utf16(raw: &[u8], order: ByteOrder, offset: usize) -> Vec<u8> {
    let units: Vec<u16> = raw
        .get(offset..)
        .unwrap_or_default()
        .chunks_exact(2)
        .map(|pair| match order {
            ByteOrder::Little => u16::from_le_bytes([pair[0], pair[1]]),
            ByteOrder::Big => u16::from_be_bytes([pair[0], pair[1]]),
        })
        .collect();
    let ranges: Vec<(usize, usize)> = secret_ranges(&units)
        .into_iter()
        .map(|(start, end)| (offset + 2 * start, offset + 2 * end))
        .collect();
    if ranges.is_empty() {
        return raw.to_vec();
    }
    let mask: Vec<u8> = MASK
        .encode_utf16()
        .flat_map(|unit| match order {
            ByteOrder::Little => unit.to_le_bytes(),
            ByteOrder::Big => unit.to_be_bytes(),
        })
        .collect();
    replace(raw, &ranges, &mask)
}

/// `raw` with each of the ordered, disjoint `ranges` replaced by `mask`.
fn replace(raw: &[u8], ranges: &[(usize, usize)], mask: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut at = 0;
    for &(start, end) in ranges {
        out.extend_from_slice(&raw[at..start]);
        out.extend_from_slice(mask);
        at = end;
    }
    out.extend_from_slice(&raw[at..]);
    out
}

/// A code unit of the scanned text: a byte of UTF-8 (or any ASCII-based
/// encoding) or a UTF-16 unit.
trait Unit: Copy {
    /// The unit as an ASCII byte, if it is one.
    fn ascii(self) -> Option<u8>;
}

impl Unit for u8 {
    fn ascii(self) -> Option<u8> {
        self.is_ascii().then_some(self)
    }
}

impl Unit for u16 {
    fn ascii(self) -> Option<u8> {
        u8::try_from(self).ok().filter(u8::is_ascii)
    }
}

/// A tag naming a secret element.
struct SecretTag {
    closing: bool,
    /// Just after the element name.
    name_end: usize,
}

/// The ranges `(start, end)` of secret contents, ordered and disjoint.
fn secret_ranges<U: Unit>(units: &[U]) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut at = 0;
    while let Some(lt) = find(units, at, b'<') {
        let Some(tag) = secret_tag(units, lt) else {
            at = lt + 1;
            continue;
        };
        if tag.closing {
            at = tag.name_end;
            continue;
        }
        let Some((content, self_closing)) = tag_end(units, tag.name_end) else {
            push(&mut ranges, tag.name_end, units.len());
            break;
        };
        if self_closing {
            at = content;
            continue;
        }
        let (end, next) = content_end(units, content);
        push(&mut ranges, content, end);
        at = next;
    }
    ranges
}

fn push(ranges: &mut Vec<(usize, usize)>, start: usize, end: usize) {
    if end > start {
        ranges.push((start, end));
    }
}

/// Where the content of a secret opened just before `from` ends, and
/// where scanning goes on: after the close tag that brings the nesting of
/// secret elements to zero, or the end of the input.
fn content_end<U: Unit>(units: &[U], from: usize) -> (usize, usize) {
    let len = units.len();
    let mut depth = 1usize;
    let mut at = from;
    while let Some(lt) = find(units, at, b'<') {
        if starts_with(units, lt, b"<![CDATA[") {
            at = find_seq(units, lt + 9, b"]]>").map_or(len, |p| p + 3);
            continue;
        }
        if starts_with(units, lt, b"<!--") {
            at = find_seq(units, lt + 4, b"-->").map_or(len, |p| p + 3);
            continue;
        }
        if starts_with(units, lt, b"<?") {
            at = find_seq(units, lt + 2, b"?>").map_or(len, |p| p + 2);
            continue;
        }
        let Some(tag) = secret_tag(units, lt) else {
            at = lt + 1;
            continue;
        };
        if tag.closing {
            depth -= 1;
            if depth == 0 {
                return (lt, after_close_tag(units, tag.name_end));
            }
            at = tag.name_end;
            continue;
        }
        match tag_end(units, tag.name_end) {
            None => return (len, len),
            Some((content, true)) => at = content,
            Some((content, false)) => {
                depth += 1;
                at = content;
            }
        }
    }
    (len, len)
}

/// Just after the `>` of a close tag whose name ends at `from`, or at the
/// next `<` when that comes first (a close tag cut short).
fn after_close_tag<U: Unit>(units: &[U], from: usize) -> usize {
    units
        .iter()
        .enumerate()
        .skip(from)
        .find_map(|(at, unit)| match unit.ascii() {
            Some(b'>') => Some(at + 1),
            Some(b'<') => Some(at),
            _ => None,
        })
        .unwrap_or(units.len())
}

/// The tag starting at `lt` (a `<`), if it opens or closes a secret
/// element, with or without a namespace prefix.
fn secret_tag<U: Unit>(units: &[U], lt: usize) -> Option<SecretTag> {
    let mut at = lt + 1;
    let closing = units.get(at).and_then(|u| u.ascii()) == Some(b'/');
    if closing {
        at += 1;
    }
    let name_start = at;
    while let Some(unit) = units.get(at) {
        match unit.ascii() {
            Some(b'>' | b'/' | b'<') => break,
            Some(b) if b.is_ascii_whitespace() => break,
            _ => at += 1,
        }
    }
    let name = &units[name_start..at];
    let local = match name.iter().rposition(|u| u.ascii() == Some(b':')) {
        Some(colon) => &name[colon + 1..],
        None => name,
    };
    SECRET_ELEMENTS
        .iter()
        .any(|secret| equals(local, secret))
        .then_some(SecretTag {
            closing,
            name_end: at,
        })
}

/// How an opening tag whose attributes start at `from` ends: where its
/// content starts and whether it closes itself (`/>`). Quoted values may
/// hold `>`; a `<`, which XML allows nowhere in a tag, ends the tag before
/// it, so what follows is content.
fn tag_end<U: Unit>(units: &[U], from: usize) -> Option<(usize, bool)> {
    let mut quote = None;
    for (at, unit) in units.iter().enumerate().skip(from) {
        let b = unit.ascii();
        match (quote, b) {
            (_, Some(b'<')) => return Some((at, false)),
            (Some(q), Some(b)) if b == q => quote = None,
            (Some(_), _) => {}
            (None, Some(b'"' | b'\'')) => quote = b,
            (None, Some(b'>')) => {
                let self_closing = at > from && units[at - 1].ascii() == Some(b'/');
                return Some((at + 1, self_closing));
            }
            (None, _) => {}
        }
    }
    None
}

fn find<U: Unit>(units: &[U], from: usize, byte: u8) -> Option<usize> {
    units
        .get(from..)?
        .iter()
        .position(|u| u.ascii() == Some(byte))
        .map(|p| from + p)
}

fn find_seq<U: Unit>(units: &[U], from: usize, seq: &[u8]) -> Option<usize> {
    let mut at = from;
    while let Some(p) = find(units, at, seq[0]) {
        if starts_with(units, p, seq) {
            return Some(p);
        }
        at = p + 1;
    }
    None
}

fn starts_with<U: Unit>(units: &[U], at: usize, seq: &[u8]) -> bool {
    units
        .get(at..at + seq.len())
        .is_some_and(|window| equals(window, seq))
}

fn equals<U: Unit>(units: &[U], ascii: &[u8]) -> bool {
    units.len() == ascii.len() && units.iter().zip(ascii).all(|(u, b)| u.ascii() == Some(*b))
}
