//! `PayloadId`: the unique id of one cXML document (`cXML@payloadID`).

use std::fmt;

/// Longest payload id we accept; real ones are well under 100 characters.
const MAX_LEN: usize = 256;

/// A non-empty payload id without whitespace or control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PayloadId(String);

/// Why a string is not a usable payload id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayloadIdError {
    #[error("payloadID is empty")]
    Empty,
    #[error("payloadID is longer than {MAX_LEN} characters")]
    TooLong,
    #[error("payloadID contains whitespace or control characters")]
    BadCharacter,
}

impl PayloadId {
    /// Validates `s` as a payload id.
    pub fn new(s: impl Into<String>) -> Result<Self, PayloadIdError> {
        let s = s.into();
        if s.is_empty() {
            return Err(PayloadIdError::Empty);
        }
        if s.chars().count() > MAX_LEN {
            return Err(PayloadIdError::TooLong);
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(PayloadIdError::BadCharacter);
        }
        Ok(Self(s))
    }

    /// A fresh id in the recommended `time.process.random@host` form. Time is
    /// a parameter (the simulated clock), never read from the wall clock here.
    pub fn generate(now_millis: u64, host: &str) -> Result<Self, PayloadIdError> {
        let random: u64 = rand::random();
        Self::generate_with(now_millis, std::process::id(), random, host)
    }

    /// A fresh id for a document procsim itself writes, on its own host
    /// name; infallible because every part is known to be valid.
    pub fn fresh(now_millis: u64) -> Self {
        let random: u64 = rand::random();
        Self(format!(
            "{now_millis}.{}.{random}@procsim.local",
            std::process::id()
        ))
    }

    /// Deterministic form of [`PayloadId::generate`], for tests and replays.
    pub fn generate_with(
        now_millis: u64,
        process: u32,
        random: u64,
        host: &str,
    ) -> Result<Self, PayloadIdError> {
        Self::new(format!("{now_millis}.{process}.{random}@{host}"))
    }

    /// The id as written in the document.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the last `@`, when the id has the recommended form.
    pub fn host(&self) -> Option<&str> {
        self.0.rsplit_once('@').map(|(_, host)| host)
    }
}

impl fmt::Display for PayloadId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for PayloadId {
    type Err = PayloadIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl From<PayloadId> for String {
    fn from(id: PayloadId) -> Self {
        id.0
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn generated_ids_have_the_recommended_form() {
        let id = PayloadId::generate_with(1_700_000_000_000, 42, 7, "market.example").unwrap();
        assert_eq!(id.as_str(), "1700000000000.42.7@market.example");
        assert_eq!(id.host(), Some("market.example"));
        let a = PayloadId::generate(1, "h").unwrap();
        let b = PayloadId::generate(1, "h").unwrap();
        assert_ne!(a, b, "the random part must differ");
    }

    #[test]
    fn rejects_empty_and_spaced_ids() {
        assert_eq!(PayloadId::new(""), Err(PayloadIdError::Empty));
        assert_eq!(PayloadId::new("a b"), Err(PayloadIdError::BadCharacter));
        assert_eq!(
            PayloadId::new("x".repeat(300)),
            Err(PayloadIdError::TooLong)
        );
        assert!(PayloadId::new("933695160894").is_ok());
    }
}
