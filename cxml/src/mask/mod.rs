//! Masking of shared secrets in raw bytes, for everything that stores or
//! shows a document (journal, logs, pages). The rest of the input is kept
//! byte for byte, so a journal entry still shows what was sent.
//!
//! Two passes, both total on any byte sequence, well-formed or not:
//! - [`structural`]: the content of every `SharedSecret` and
//!   `CredentialMac` element, found by its tags rather than by an XML
//!   parser, so a document cut off inside the element, nested secret
//!   elements, CDATA and comments hide nothing; UTF-16 bodies are scanned
//!   in their own encoding.
//! - [`literal`]: every occurrence of a secret the caller knows (its
//!   connections' shared secrets, API keys), wherever it stands: in an
//!   attribute, a status text, a URL, as written or XML-escaped, in UTF-8
//!   or UTF-16.
//!
//! The first pass covers secrets nobody told us about (a partner's wrong
//! secret); the second guarantees that a known secret never survives,
//! whatever surrounds it.

mod literal;
mod structural;

use std::fmt;

/// What a secret is replaced with.
pub const MASK: &str = "***";

/// Masks secrets in raw bytes: structurally always, and every secret it
/// has been told with [`Masker::know`]. Its `Debug` never shows a secret.
#[derive(Clone, Default)]
pub struct Masker {
    known: literal::Known,
}

impl fmt::Debug for Masker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Masker")
            .field("known_secrets", &self.known.len())
            .finish()
    }
}

impl Masker {
    /// Adds `secret` to the secrets masked wherever they occur. Empty
    /// secrets are ignored; adding one twice changes nothing.
    pub fn know(&mut self, secret: &str) {
        self.known.add(secret);
    }

    /// Whether `secret` is already known.
    pub fn knows(&self, secret: &str) -> bool {
        self.known.contains(secret)
    }

    /// `raw` with every secret element's content and every known secret
    /// replaced.
    pub fn mask(&self, raw: &[u8]) -> Vec<u8> {
        let structural = structural::mask(raw);
        self.known.mask(&structural)
    }
}

/// Returns `raw` with the content of every `SharedSecret` and
/// `CredentialMac` element replaced by `***` (no known secrets).
pub fn mask_secrets(raw: &[u8]) -> Vec<u8> {
    structural::mask(raw)
}

#[cfg(test)]
mod tests;
