//! `Domain`: a credential domain such as `NetworkID` or `DUNS`, compared
//! case-insensitively because partners spell them `NetworkId`, `duns`, ...

use std::fmt;
use std::hash::{Hash, Hasher};

/// A non-empty credential domain; equality and hashing ignore ASCII case.
/// The original spelling is kept for writing.
#[derive(Debug, Clone, Eq)]
pub struct Domain(String);

/// The domain is empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("credential domain is empty")]
pub struct DomainError;

impl Domain {
    /// Validates `s` (surrounding whitespace is removed).
    pub fn new(s: &str) -> Result<Self, DomainError> {
        let s = s.trim();
        if s.is_empty() {
            Err(DomainError)
        } else {
            Ok(Self(s.to_owned()))
        }
    }

    /// The domain as spelled by whoever wrote it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this domain is `other`, ignoring ASCII case.
    pub fn is(&self, other: &str) -> bool {
        self.0.eq_ignore_ascii_case(other.trim())
    }
}

impl PartialEq for Domain {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}

impl Hash for Domain {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for b in self.0.bytes() {
            state.write_u8(b.to_ascii_lowercase());
        }
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn compares_case_insensitively() {
        assert_eq!(
            Domain::new("NetworkId").unwrap(),
            Domain::new("NetworkID").unwrap()
        );
        assert!(Domain::new("duns").unwrap().is("DUNS"));
        assert_ne!(
            Domain::new("DUNS").unwrap(),
            Domain::new("NetworkID").unwrap()
        );
        assert_eq!(Domain::new("  "), Err(DomainError));
        assert_eq!(Domain::new("Duns").unwrap().as_str(), "Duns");
    }
}
