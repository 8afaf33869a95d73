//! XML name syntax (the XML 1.0 fifth-edition character classes, as libxml2
//! applies them) and a small, fast name interner.
//!
//! The interner maps element names to dense `u32` ids once, when the DTD is
//! compiled; the validator then works on ids and never allocates per element.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// True for the characters that may start an XML `Name`.
pub(crate) fn is_name_start_char(c: char) -> bool {
    // Names are nearly always ASCII: decided without the ranges below.
    if c.is_ascii() {
        return c.is_ascii_alphabetic() || matches!(c, ':' | '_');
    }
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// True for the characters that may continue an XML `Name` (or make up a
/// `Nmtoken`).
pub(crate) fn is_name_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || matches!(c, ':' | '_' | '-' | '.');
    }
    is_name_start_char(c)
        || matches!(c,
            '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// `Name`: a start character followed by name characters.
pub(crate) fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if is_name_start_char(c) => chars.all(is_name_char),
        _ => false,
    }
}

/// `Nmtoken`: one or more name characters.
pub(crate) fn is_nmtoken(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_name_char)
}

/// `Names` as libxml2 checks them for IDREFS and ENTITIES values: names
/// separated by runs of spaces (0x20 only), with no leading or trailing space.
pub(crate) fn is_names(s: &str) -> bool {
    !s.is_empty() && s.split(' ').filter(|t| !t.is_empty()).all(is_name) && {
        !s.starts_with(' ') && !s.ends_with(' ')
    }
}

/// `Nmtokens` as libxml2 checks them: leading XML blanks and trailing spaces
/// are tolerated, tokens are separated by runs of spaces (0x20 only).
pub(crate) fn is_nmtokens(s: &str) -> bool {
    let body = s.trim_start_matches(is_blank).trim_end_matches(' ');
    !body.is_empty() && body.split(' ').filter(|t| !t.is_empty()).all(is_nmtoken)
}

/// The XML `S` production: space, tab, carriage return, line feed.
pub(crate) fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// True when every byte is XML whitespace.
pub(crate) fn is_blank_bytes(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// The XML `Char` production.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Decodes the body of a character reference (`#65` or `#x41`, without the
/// `&` and `;`); `None` if malformed or not an XML `Char`.
pub(crate) fn decode_char_ref(body: &str) -> Option<char> {
    let digits = body.strip_prefix('#')?;
    let code = match digits.strip_prefix('x') {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            u32::from_str_radix(hex, 16).ok()?
        }
        Some(_) => return None,
        None if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
            digits.parse().ok()?
        }
        None => return None,
    };
    char::from_u32(code).filter(|&c| is_xml_char(c))
}

/// The character a predefined entity stands for.
pub(crate) fn predefined_entity(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => return None,
    })
}

/// A multiply-rotate hasher in the style of rustc's `FxHasher`: names are
/// short and not attacker-chosen in a way that matters here (a collision only
/// costs a probe), so speed wins over DoS resistance.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A `HashMap` using [`FxHasher`].
pub(crate) type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Interned names: dense ids in insertion order, looked up by bytes.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    names: Vec<Box<str>>,
    ids: FxHashMap<Box<[u8]>, u32>,
}

impl Interner {
    /// The id of `name`, adding it if new.
    pub(crate) fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name.as_bytes()) {
            return id;
        }
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(name.into());
        self.ids.insert(name.as_bytes().into(), id);
        id
    }

    /// The id of `name`, if interned.
    #[inline]
    pub(crate) fn get(&self, name: &[u8]) -> Option<u32> {
        self.ids.get(name).copied()
    }

    /// The name behind an id.
    pub(crate) fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", |n| n)
    }

    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_tokens() {
        assert!(is_name("xml:lang"));
        // The ASCII shortcut gives the XML 1.0 classes.
        for c in (0..128u8).map(char::from) {
            let start = matches!(c, ':' | 'A'..='Z' | '_' | 'a'..='z');
            assert_eq!(is_name_start_char(c), start, "{c:?}");
            let more = start || matches!(c, '-' | '.' | '0'..='9');
            assert_eq!(is_name_char(c), more, "{c:?}");
        }
        assert!(is_name("é\u{B7}x") && !is_name("\u{B7}x"));
        assert!(is_name("_a-b.c"));
        assert!(!is_name("1abc"));
        assert!(!is_name(""));
        assert!(is_nmtoken("1abc"));
        assert!(!is_nmtoken(" ab"));
        assert!(!is_nmtoken("a b"));
    }

    #[test]
    fn lists_follow_libxml2() {
        assert!(is_nmtokens(" a  b "));
        assert!(!is_nmtokens("   "));
        assert!(!is_nmtokens("a\tb"));
        assert!(is_names("x  y z"));
        assert!(!is_names(" x"));
        assert!(!is_names("x "));
        assert!(!is_names("1x"));
    }

    #[test]
    fn character_references() {
        assert_eq!(decode_char_ref("#65"), Some('A'));
        assert_eq!(decode_char_ref("#x41"), Some('A'));
        assert_eq!(decode_char_ref("#x"), None);
        assert_eq!(decode_char_ref("#0"), None);
        assert_eq!(decode_char_ref("#xD800"), None);
        assert_eq!(decode_char_ref("#12a"), None);
        assert_eq!(decode_char_ref("65"), None);
        assert_eq!(predefined_entity("quot"), Some('"'));
        assert_eq!(predefined_entity("nbsp"), None);
    }

    #[test]
    fn interner_is_dense() {
        let mut i = Interner::default();
        assert_eq!(i.intern("a"), 0);
        assert_eq!(i.intern("b"), 1);
        assert_eq!(i.intern("a"), 0);
        assert_eq!(i.get(b"b"), Some(1));
        assert_eq!(i.get(b"c"), None);
        assert_eq!(i.name(1), "b");
        assert_eq!(i.len(), 2);
    }
}
