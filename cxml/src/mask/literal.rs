//! Known secrets, masked wherever they occur: as written, XML-escaped, and
//! in UTF-16 of either byte order, all in one pass (Aho-Corasick).
//!
//! The replacement is made of a character that occurs in no known secret,
//! so a replacement can never form a secret together with what surrounds
//! it: every occurrence left after a leftmost, non-overlapping pass would
//! have been found by it.
//!
//! At most [`MAX_KNOWN`] secrets are kept, the least recently told going
//! first: services tell their current secrets again whenever they change,
//! so a program that saves a new secret a million times cannot make every
//! later journal write slower.

use std::collections::VecDeque;

use aho_corasick::{AhoCorasick, MatchKind};

/// The most secrets a masker keeps.
pub const MAX_KNOWN: usize = 256;

/// Candidates for the replacement character, the usual `*` first.
const MASK_CHARS: &[u8] = b"*#~^!%";
/// How many replacement characters stand for a secret.
const MASK_LEN: usize = 3;

/// The secrets a masker knows (least recently told first), and the byte
/// patterns they travel as.
#[derive(Clone, Default)]
pub(super) struct Known {
    secrets: VecDeque<String>,
    patterns: Vec<Pattern>,
    /// Finds every pattern at once; `None` while there is none.
    finder: Option<AhoCorasick>,
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
        self.secrets.iter().any(|known| known == secret)
    }

    /// Knows `secret` (again: it becomes the most recently told).
    pub(super) fn add(&mut self, secret: &str) {
        if secret.is_empty() {
            return;
        }
        if let Some(at) = self.secrets.iter().position(|known| known == secret) {
            if let Some(again) = self.secrets.remove(at) {
                self.secrets.push_back(again);
            }
            return;
        }
        self.secrets.push_back(secret.to_owned());
        while self.secrets.len() > MAX_KNOWN {
            self.secrets.pop_front();
        }
        self.patterns = patterns(&self.secrets);
        // Leftmost-longest, so a secret that contains another is masked
        // whole; the patterns are plain bytes, so building cannot fail.
        self.finder = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(self.patterns.iter().map(|p| &p.bytes))
            .ok();
    }

    /// `raw` with every occurrence of every pattern replaced.
    pub(super) fn mask(&self, raw: &[u8]) -> Vec<u8> {
        let Some(finder) = &self.finder else {
            return raw.to_vec();
        };
        let mut out = Vec::with_capacity(raw.len());
        let mut at = 0;
        for found in finder.find_iter(raw) {
            out.extend_from_slice(&raw[at..found.start()]);
            out.extend_from_slice(&self.patterns[found.pattern().as_usize()].mask);
            at = found.end();
        }
        out.extend_from_slice(&raw[at..]);
        out
    }
}

/// Every form of every secret.
fn patterns(secrets: &VecDeque<String>) -> Vec<Pattern> {
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
    patterns
}

/// The first candidate that occurs in no secret; failing that, the first
/// ASCII control character that does not.
fn mask_char(secrets: &VecDeque<String>) -> u8 {
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
