//! `SharedSecret`: the password in a `Credential`. It never prints, compares
//! in constant time and is read only through [`SharedSecret::expose`].

use std::fmt;

use subtle::ConstantTimeEq;

/// A shared secret. `Debug` and `Display` print `***`.
///
/// It (de)serializes as plain text so that the wire `Credential` can hold it
/// directly: a whole parsed document can then be logged without leaking it.
#[derive(Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct SharedSecret(String);

impl SharedSecret {
    /// Wraps a secret. Any string is a valid secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// The secret itself; call only where it is checked or sent.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl PartialEq for SharedSecret {
    fn eq(&self, other: &Self) -> bool {
        // `ct_eq` on slices of different lengths returns false at once; the
        // length of a secret is not worth hiding here.
        self.0.as_bytes().ct_eq(other.0.as_bytes()).into()
    }
}

impl Eq for SharedSecret {}

impl fmt::Debug for SharedSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for SharedSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_and_compares_by_value() {
        let s = SharedSecret::new("abracadabra");
        assert_eq!(format!("{s} {s:?}"), "*** ***");
        assert_eq!(s.expose(), "abracadabra");
        assert_eq!(s, SharedSecret::new("abracadabra"));
        assert_ne!(s, SharedSecret::new("abracadabrA"));
        assert_ne!(s, SharedSecret::new("abra"));
    }
}
