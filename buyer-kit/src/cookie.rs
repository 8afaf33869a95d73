//! `BuyerCookie`: the buyer's token for one punchout session, echoed back in
//! the PunchOutOrderMessage. procsim also uses the cookie of the session that
//! started a purchase as that purchase's flow id in the journal.

use std::fmt;

/// 128 random bits as 32 lower-case hex digits: unguessable, so a cart
/// cannot be posted into someone else's session.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BuyerCookie(String);

impl BuyerCookie {
    /// A fresh random cookie.
    pub fn generate() -> Self {
        let bits: u128 = rand::random();
        Self(format!("{bits:032x}"))
    }

    /// A cookie as received (trimmed); `None` when empty.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        (!text.is_empty()).then(|| Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BuyerCookie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_cookies_are_long_and_distinct() {
        let a = BuyerCookie::generate();
        let b = BuyerCookie::generate();
        assert_eq!(a.as_str().len(), 32);
        assert_ne!(a, b);
        assert_eq!(BuyerCookie::parse("  "), None);
    }
}
