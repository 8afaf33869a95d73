//! Buyer accounts and their procurement-integration settings (SPEC F15):
//! who the account's users are (and, by the policies attached to them,
//! who administers the integration: [`policy`]), and how each of its
//! connections to Coupa or Ariba authenticates and behaves.
//!
//! The types here are the domain form; [`store`] keeps them in the
//! marketplace database (the request paths read them through an
//! [`AccountsCache`]), [`seed`] holds the defaults `procsim up` starts
//! with, [`auth`] matches an incoming cXML header to a connection, and
//! [`changes`] is the history of what admins asked to change.

pub mod auth;
mod cache;
pub mod changes;
pub mod policy;
pub mod seed;
pub mod store;
pub mod view;

use cxml::{SharedSecret, transport::FormEncoding};
use serde::{Deserialize, Serialize};

pub use crate::catalog::{AccountId, ProcurementSystem};
pub use cache::AccountsCache;
pub use policy::{Permission, Policy};
pub use seed::MarketplaceSeed;

/// A `Credential`'s domain and identity, e.g. `NetworkID` / `coupa-acme`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub domain: String,
    pub identity: String,
}

impl Identity {
    pub fn new(domain: impl Into<String>, identity: impl Into<String>) -> Self {
        Identity {
            domain: domain.into(),
            identity: identity.into(),
        }
    }

    /// A `NetworkID` identity, the domain both seeded buyers use.
    pub fn network_id(identity: impl Into<String>) -> Self {
        Identity::new("NetworkID", identity)
    }

    fn is_complete(&self) -> bool {
        !self.domain.trim().is_empty() && !self.identity.trim().is_empty()
    }
}

/// A person who may sign in for an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub email: String,
    /// The policies attached to the user; they decide what the user may
    /// administer.
    pub policies: Vec<Policy>,
}

impl User {
    /// Whether one of the user's policies grants `permission`.
    pub fn may(&self, permission: Permission) -> bool {
        self.policies.iter().any(|policy| policy.grants(permission))
    }
}

/// One procurement-system connection of an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection {
    /// Stable within the account, e.g. `coupa-1`.
    pub id: String,
    pub system: ProcurementSystem,
    pub enabled: bool,
    /// The buyer, as `From` names it.
    pub buyer: Identity,
    /// The marketplace, as `To` names it.
    pub supplier: Identity,
    /// Who carries the documents (`Sender`); for Ariba, its network hub.
    pub sender: Identity,
    pub shared_secret: SharedSecret,
    /// Coupa only: the instance.
    pub coupa_instance_url: Option<String>,
    /// Where cXML invoices go: Coupa's invoice inbox (SPEC F6), or for
    /// Ariba the network's, when its admin sets one (none by default).
    pub invoice_url: Option<String>,
    /// Coupa's redirect setting (SPEC F12).
    pub redirect: bool,
    /// Subscribing to Free or BYOL products needs no PO (SPEC F9).
    pub free_preapproved: bool,
    pub byol_preapproved: bool,
    /// POs reach the marketplace but create no subscription (SPEC F15).
    pub test_mode: bool,
    /// How carts return through the browser.
    pub form_encoding: FormEncoding,
}

/// A buyer account with its users and connections.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    pub name: String,
    /// Where notifications go (SPEC F16).
    pub contact_email: String,
    pub users: Vec<User>,
    /// Purchase-order management (SPEC F14); excludes any enabled connection.
    pub po_management: bool,
    pub connections: Vec<Connection>,
}

impl Account {
    pub fn user(&self, email: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|user| user.email.eq_ignore_ascii_case(email.trim()))
    }

    /// The emails of the users who may do `permission`, to name them to
    /// someone who may not.
    pub fn users_who_may(&self, permission: Permission) -> Vec<&str> {
        self.users
            .iter()
            .filter(|user| user.may(permission))
            .map(|user| user.email.as_str())
            .collect()
    }
}

/// Why integration settings were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("procurement-system integration and purchase-order management cannot both be enabled")]
    IntegrationAndPoManagement,
    #[error("connection {0}: buyer, supplier and sender identities need a domain and an identity")]
    IncompleteIdentity(String),
    #[error("connection {0}: a shared secret is required")]
    MissingSecret(String),
    #[error("connection {0}: {1} must be an http or https URL")]
    BadUrl(String, &'static str),
    #[error("connection ids must be unique and non-empty")]
    BadConnectionId,
}

/// The part of an account an admin may change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntegrationSettings {
    pub po_management: bool,
    pub connections: Vec<Connection>,
}

impl IntegrationSettings {
    /// Checks the settings as a whole (SPEC F14/F15).
    pub fn validate(&self) -> Result<(), SettingsError> {
        if self.po_management && self.connections.iter().any(|c| c.enabled) {
            return Err(SettingsError::IntegrationAndPoManagement);
        }
        let mut ids: Vec<&str> = self.connections.iter().map(|c| c.id.as_str()).collect();
        ids.sort_unstable();
        let unique = ids.windows(2).all(|pair| pair[0] != pair[1]);
        if !unique || ids.iter().any(|id| id.trim().is_empty()) {
            return Err(SettingsError::BadConnectionId);
        }
        self.connections.iter().try_for_each(validate_connection)
    }
}

fn validate_connection(connection: &Connection) -> Result<(), SettingsError> {
    let id = || connection.id.clone();
    let identities = [&connection.buyer, &connection.supplier, &connection.sender];
    if !identities.iter().all(|identity| identity.is_complete()) {
        return Err(SettingsError::IncompleteIdentity(id()));
    }
    if connection.shared_secret.expose().is_empty() {
        return Err(SettingsError::MissingSecret(id()));
    }
    let urls = [
        (&connection.coupa_instance_url, "the Coupa instance URL"),
        (&connection.invoice_url, "the invoice endpoint URL"),
    ];
    for (url, what) in urls {
        if let Some(url) = url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(SettingsError::BadUrl(id(), what));
        }
    }
    Ok(())
}
