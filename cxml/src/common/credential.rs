//! `Credential`: who a party is (`domain` + `Identity`) and, for the
//! `Sender`, how it proves it (`SharedSecret` or `CredentialMac`).

use serde::{Deserialize, Serialize};

use crate::newtypes::{Domain, DomainError, SharedSecret};

/// `<!ELEMENT Credential (Identity, (SharedSecret | DigitalSignature | CredentialMac)?)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credential {
    #[serde(rename = "@domain")]
    pub domain: String,
    #[serde(rename = "@type", default, skip_serializing_if = "Option::is_none")]
    pub credential_type: Option<String>,
    #[serde(rename = "Identity", default)]
    pub identity: String,
    #[serde(
        rename = "SharedSecret",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub shared_secret: Option<SharedSecret>,
    #[serde(
        rename = "CredentialMac",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credential_mac: Option<CredentialMac>,
}

impl Credential {
    /// A credential without a secret (for `From` and `To`).
    pub fn new(domain: impl Into<String>, identity: impl Into<String>) -> Self {
        Self {
            domain: domain.into(),
            credential_type: None,
            identity: identity.into(),
            shared_secret: None,
            credential_mac: None,
        }
    }

    /// A credential carrying a shared secret (for `Sender`).
    pub fn with_secret(
        domain: impl Into<String>,
        identity: impl Into<String>,
        secret: SharedSecret,
    ) -> Self {
        Self {
            shared_secret: Some(secret),
            ..Self::new(domain, identity)
        }
    }

    /// The domain as a case-insensitive value.
    pub fn domain(&self) -> Result<Domain, DomainError> {
        Domain::new(&self.domain)
    }

    /// The identity without surrounding whitespace.
    pub fn identity(&self) -> &str {
        self.identity.trim()
    }

    /// Whether this credential is `identity` in `domain` (domain compared
    /// case-insensitively, identity exactly after trimming).
    pub fn matches(&self, domain: &str, identity: &str) -> bool {
        self.domain.trim().eq_ignore_ascii_case(domain.trim()) && self.identity() == identity.trim()
    }
}

/// `<!ELEMENT CredentialMac (#PCDATA)>`: a MAC in place of the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialMac {
    #[serde(rename = "@type")]
    pub mac_type: String,
    #[serde(rename = "@algorithm")]
    pub algorithm: String,
    #[serde(rename = "@creationDate")]
    pub creation_date: String,
    #[serde(rename = "@expirationDate")]
    pub expiration_date: String,
    #[serde(rename = "$text", default)]
    pub value: String,
}
