//! Known secrets, masked wherever they occur: as written, XML-escaped, and
//! in UTF-16 of either byte order.
//!
//! The replacement is made of a character that occurs in no known secret,
//! so a replacement can never form a secret together with what surrounds
//! it: every occurrence left after a leftmost, non-overlapping pass would
//! have been found by it.

use std::collections::BTreeSet;

/// Candidates for the replacement character, the usual `*` first.
const MASK_CHARS: &[u8] = b"*#~^!%";
/// How many replacement characters stand for a secret.
const MASK_LEN: usize = 3;

/// The secrets a masker knows, and the byte patterns they travel as.
#[derive(Clone, Default)]
pub(super) struct Known {
    secrets: BTreeSet<String>,
    patterns: Vec<Pattern>,
}

#[derive(Clone)]
struct Pattern {
    bytes: Vec<u8>,
    mask: Vec<u8>,
}

impl Known {
    pub(super) fn len(&self) -> usize {
        self.secrets.len()
    }

    pub(super) fn contains(&self, secret: &str) -> bool {
        self.secrets.contains(secret)
    }

    pub(super) fn add(&mut self, secret: &str) {
        if secret.is_empty() || !self.secrets.insert(secret.to_owned()) {
            return;
        }
        self.patterns = patterns(&self.secrets);
    }

    /// `raw` with every occurrence of every pattern replaced.
    pub(super) fn mask(&self, raw: &[u8]) -> Vec<u8> {
        let mut out = raw.to_vec();
        for pattern in &self.patterns {
            if contains(&out, &pattern.bytes) {
                out = replace_all(&out, pattern);
            }
        }
        out
    }
}

/// Every form of every secret, longest first (so a secret that contains
/// another is masked whole).
fn patterns(secrets: &BTreeSet<String>) -> Vec<Pattern> {
    let mask_char = mask_char(secrets);
    let mut patterns = Vec::new();
    for secret in secrets {
        let escaped = xml_escaped(secret);
        let mut forms = vec![secret.clone()];
        if escaped != *secret {
            forms.push(escaped);
        }
        for form in forms {
            let masked = String::from(char::from(mask_char)).repeat(MASK_LEN);
            patterns.push(Pattern {
                bytes: form.as_bytes().to_vec(),
                mask: masked.as_bytes().to_vec(),
            });
            patterns.push(Pattern {
                bytes: utf16(&form, u16::to_le_bytes),
                mask: utf16(&masked, u16::to_le_bytes),
            });
            patterns.push(Pattern {
                bytes: utf16(&form, u16::to_be_bytes),
                mask: utf16(&masked, u16::to_be_bytes),
            });
        }
    }
    patterns.sort_by_key(|p| std::cmp::Reverse(p.bytes.len()));
    patterns
}

/// The first candidate that occurs in no secret; failing that, the first
/// ASCII control character that does not.
fn mask_char(secrets: &BTreeSet<String>) -> u8 {
    let used = |c: &u8| secrets.iter().any(|s| s.as_bytes().contains(c));
    MASK_CHARS
        .iter()
        .chain(&[1u8, 2, 3, 4, 5, 6, 7, 8])
        .copied()
        .find(|c| !used(c))
        .unwrap_or(b'*')
}

fn xml_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn utf16(text: &str, to_bytes: fn(u16) -> [u8; 2]) -> Vec<u8> {
    text.encode_utf16().flat_map(to_bytes).collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

fn replace_all(raw: &[u8], pattern: &Pattern) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut at = 0;
    // Leftmost, non-overlapping occurrences.
    for start in memchr::memmem::find_iter(raw, &pattern.bytes) {
        out.extend_from_slice(&raw[at..start]);
        out.extend_from_slice(&pattern.mask);
        at = start + pattern.bytes.len();
    }
    out.extend_from_slice(&raw[at..]);
    out
}
