//! `Anid`: an Ariba Network ID, `AN` followed by digits (`AN01000000999`),
//! with a `-T` suffix for a test account.

use std::fmt;

/// An ANID as the network spells it (upper-case `AN`, suffix kept).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Anid(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an Ariba Network ID (AN followed by 8 to 14 digits, optionally -T)")]
pub struct AnidError(String);

impl Anid {
    pub fn parse(text: &str) -> Result<Self, AnidError> {
        let text = text.trim();
        let bad = || AnidError(text.chars().take(40).collect());
        let (body, suffix) = match text
            .len()
            .checked_sub(2)
            .and_then(|at| text.split_at_checked(at))
        {
            Some((body, "-T" | "-t")) => (body, "-T"),
            _ => (text, ""),
        };
        let digits = body
            .strip_prefix("AN")
            .or_else(|| body.strip_prefix("an"))
            .ok_or_else(bad)?;
        if !(8..=14).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        Ok(Self(format!("AN{digits}{suffix}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Anid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anids_are_an_and_digits_with_an_optional_test_suffix() {
        assert_eq!(
            Anid::parse(" AN01000000999 ").map(|a| a.0),
            Ok("AN01000000999".into())
        );
        assert_eq!(
            Anid::parse("an01000000001-t").map(|a| a.0),
            Ok("AN01000000001-T".into())
        );
        for bad in [
            "",
            "AN",
            "AN123",
            "XX01000000999",
            "AN0100000099x",
            "AN01000000999-X",
        ] {
            assert!(Anid::parse(bad).is_err(), "{bad}");
        }
    }
}
