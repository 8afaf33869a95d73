//! Known secrets, masked wherever they occur: as written, XML-escaped, and
//! in UTF-16 of either byte order, all in one pass (Aho-Corasick).
//!
//! The replacement is made of one byte value that occurs in no pattern (no
//! form of any secret, UTF-16's NUL bytes included: a UTF-16 mask is that
//! byte twice per code unit, never a NUL), so no match can take in a byte
//! of a replacement: every occurrence left after a leftmost,
//! non-overlapping pass lies wholly in text the pass went over, and would
//! have been found by it. (A UTF-16 mask of `*\0` units once let its NUL
//! complete the big-endian form of a secret right after it, which the
//! `mask` fuzzer found.)
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

/// Every form of every secret, each with its mask.
fn patterns(secrets: &VecDeque<String>) -> Vec<Pattern> {
    let mut forms = Vec::new();
    for secret in secrets {
        let escaped = xml_escaped(secret);
        let mut written = vec![secret.clone()];
        if escaped != *secret {
            written.push(escaped);
        }
        for form in written {
            forms.push((form.as_bytes().to_vec(), 1));
            forms.push((utf16(&form, u16::to_le_bytes), 2));
            forms.push((utf16(&form, u16::to_be_bytes), 2));
        }
    }
    let mask_byte = mask_byte(forms.iter().map(|(bytes, _)| bytes.as_slice()));
    forms
        .into_iter()
        .map(|(bytes, width)| Pattern {
            bytes,
            // `width` bytes per character: in UTF-16 the unit is the byte
            // twice (U+2A2A for `*`), the same in either order.
            mask: vec![mask_byte; MASK_LEN * width],
        })
        .collect()
}

/// The first candidate byte found in no pattern; failing that, the first
/// ASCII control byte, then any byte but NUL, found in none.
fn mask_byte<'a>(patterns: impl Iterator<Item = &'a [u8]>) -> u8 {
    let mut used = [false; 256];
    for pattern in patterns {
        for &byte in pattern {
            used[usize::from(byte)] = true;
        }
    }
    MASK_CHARS
        .iter()
        .copied()
        .chain(1u8..=255)
        .find(|&byte| !used[usize::from(byte)])
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
