//! `Unspsc`: an 8-digit UNSPSC commodity code.

use std::fmt;

/// Exactly eight ASCII digits, e.g. `43232408`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Unspsc(String);

/// The code is not eight digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("UNSPSC code must be exactly 8 digits")]
pub struct UnspscError;

impl Unspsc {
    /// Validates `s` (surrounding whitespace is ignored).
    pub fn new(s: &str) -> Result<Self, UnspscError> {
        let s = s.trim();
        if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(s.to_owned()))
        } else {
            Err(UnspscError)
        }
    }

    /// The code as eight digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Unspsc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Unspsc {
    type Err = UnspscError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_eight_digits() {
        assert_eq!(
            Unspsc::new(" 43232408 ").map(|u| u.to_string()),
            Ok("43232408".into())
        );
        assert_eq!(Unspsc::new("4323240"), Err(UnspscError));
        assert_eq!(Unspsc::new("43-23-24-08"), Err(UnspscError));
        assert_eq!(Unspsc::new("ean12345"), Err(UnspscError));
    }
}
