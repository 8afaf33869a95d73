//! `Header`: who sends (`From`), who receives (`To`) and who carries the
//! document and proves it (`Sender`).

use serde::{Deserialize, Serialize};

use crate::common::Credential;

/// `<!ELEMENT Header (From, To, Sender, (Path, OriginalDocument)?)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    #[serde(rename = "From")]
    pub from: Party,
    #[serde(rename = "To")]
    pub to: Party,
    #[serde(rename = "Sender")]
    pub sender: Sender,
}

impl Header {
    /// A header with one credential per party.
    pub fn new(
        from: Credential,
        to: Credential,
        sender: Credential,
        user_agent: impl Into<String>,
    ) -> Self {
        Self {
            from: Party {
                credential: vec![from],
            },
            to: Party {
                credential: vec![to],
            },
            sender: Sender {
                credential: vec![sender],
                user_agent: user_agent.into(),
            },
        }
    }
}

/// `<!ELEMENT From (Credential+, Correspondent?)>` and the same for `To`.
/// Ariba sends several sibling credentials: look at all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    #[serde(rename = "Credential", default)]
    pub credential: Vec<Credential>,
}

impl Party {
    /// The first credential in `domain` (compared case-insensitively).
    pub fn credential_in(&self, domain: &str) -> Option<&Credential> {
        self.credential
            .iter()
            .find(|c| c.domain.trim().eq_ignore_ascii_case(domain.trim()))
    }

    /// Whether any credential is `identity` in `domain`.
    pub fn has(&self, domain: &str, identity: &str) -> bool {
        self.credential.iter().any(|c| c.matches(domain, identity))
    }
}

/// `<!ELEMENT Sender (Credential+, UserAgent)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sender {
    #[serde(rename = "Credential", default)]
    pub credential: Vec<Credential>,
    #[serde(rename = "UserAgent", default)]
    pub user_agent: String,
}
