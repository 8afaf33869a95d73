//! The integration settings as JSON and page context show them (secrets
//! always `***`), and as an admin sends them back (a secret that is
//! absent, empty or `***` keeps the stored one).

use cxml::{SharedSecret, transport::FormEncoding};
use serde::{Deserialize, Serialize};

use service_kit::{Store, StoreError};

use super::{
    Account, AccountsCache, Connection, Identity, IntegrationSettings, Permission,
    ProcurementSystem, changes, policy::PROCUREMENT_ADMIN_POLICY, store,
};

/// What a secret looks like whenever it is shown.
pub const MASK: &str = "***";

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ConnectionView {
    pub id: String,
    pub system: ProcurementSystem,
    pub enabled: bool,
    pub buyer: Identity,
    pub supplier: Identity,
    pub sender: Identity,
    #[serde(default)]
    pub shared_secret: Option<String>,
    #[serde(default)]
    pub coupa_instance_url: Option<String>,
    #[serde(default)]
    pub invoice_url: Option<String>,
    #[serde(default)]
    pub redirect: bool,
    #[serde(default)]
    pub free_preapproved: bool,
    #[serde(default)]
    pub byol_preapproved: bool,
    #[serde(default)]
    pub test_mode: bool,
    /// `cxml-base64` (default) or `cxml-urlencoded`.
    #[serde(default)]
    pub form_encoding: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SettingsView {
    #[serde(default)]
    pub account: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub contact_email: Option<String>,
    pub po_management: bool,
    pub connections: Vec<ConnectionView>,
}

impl SettingsView {
    /// What this view asks for, as the settings history records it.
    pub fn asked(&self) -> changes::Asked {
        let ids = |flag: fn(&ConnectionView) -> bool| {
            self.connections
                .iter()
                .filter(|c| flag(c))
                .map(|c| c.id.trim().to_owned())
                .collect::<Vec<_>>()
        };
        changes::Asked::Settings(changes::SettingsAsked {
            po_management: self.po_management,
            enabled_connections: ids(|c| c.enabled),
            free_preapproved: Some(ids(|c| c.free_preapproved)),
            byol_preapproved: Some(ids(|c| c.byol_preapproved)),
            redirect_connections: Some(ids(|c| c.redirect)),
        })
    }

    pub fn of(account: &Account) -> Self {
        SettingsView {
            account: Some(account.id.to_string()),
            name: Some(account.name.clone()),
            contact_email: Some(account.contact_email.clone()),
            po_management: account.po_management,
            connections: account.connections.iter().map(masked).collect(),
        }
    }

    /// The settings these views ask for, secrets filled from `current`.
    pub fn into_settings(self, current: &Account) -> Result<IntegrationSettings, String> {
        let connections = self
            .connections
            .into_iter()
            .map(|view| unmask(view, current))
            .collect::<Result<_, _>>()?;
        Ok(IntegrationSettings {
            po_management: self.po_management,
            connections,
        })
    }
}

fn masked(c: &Connection) -> ConnectionView {
    ConnectionView {
        id: c.id.clone(),
        system: c.system,
        enabled: c.enabled,
        buyer: c.buyer.clone(),
        supplier: c.supplier.clone(),
        sender: c.sender.clone(),
        shared_secret: Some(MASK.to_owned()),
        coupa_instance_url: c.coupa_instance_url.clone(),
        invoice_url: c.invoice_url.clone(),
        redirect: c.redirect,
        free_preapproved: c.free_preapproved,
        byol_preapproved: c.byol_preapproved,
        test_mode: c.test_mode,
        form_encoding: Some(c.form_encoding.field_name().to_owned()),
    }
}

fn unmask(view: ConnectionView, current: &Account) -> Result<Connection, String> {
    let kept = current
        .connections
        .iter()
        .find(|c| c.id == view.id)
        .map(|c| c.shared_secret.clone());
    let shared_secret = match view.shared_secret.as_deref().map(str::trim) {
        None | Some("" | MASK) => kept.unwrap_or_default(),
        Some(new) => SharedSecret::new(new),
    };
    let form_encoding = match view.form_encoding.as_deref() {
        None | Some("cxml-base64") => FormEncoding::Base64,
        Some("cxml-urlencoded") => FormEncoding::UrlEncoded,
        Some(other) => return Err(format!("unknown form encoding {other:?}")),
    };
    let url = |value: Option<String>| value.filter(|url| !url.trim().is_empty());
    Ok(Connection {
        id: view.id.trim().to_owned(),
        system: view.system,
        enabled: view.enabled,
        buyer: view.buyer,
        supplier: view.supplier,
        sender: view.sender,
        shared_secret,
        coupa_instance_url: url(view.coupa_instance_url),
        invoice_url: url(view.invoice_url),
        redirect: view.redirect,
        free_preapproved: view.free_preapproved,
        byol_preapproved: view.byol_preapproved,
        test_mode: view.test_mode,
        form_encoding,
    })
}

/// Why a user may not do something to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Nobody is signed in, or the user is not of this account.
    NotMember,
    /// The user's policies do not grant this permission.
    Missing(Permission),
}

impl Access {
    /// The refusal in words for the user, naming what is missing and
    /// where it comes from.
    pub fn explain(self, account: &Account) -> String {
        match self {
            Access::NotMember => "Sign in as a user of this account first.".to_owned(),
            Access::Missing(permission) => {
                let holders = account.users_who_may(permission);
                let ask = match holders.as_slice() {
                    [] => String::new(),
                    holders => format!(
                        " Users of {} who hold it: {}.",
                        account.name,
                        holders.join(", ")
                    ),
                };
                format!(
                    "Your user lacks the permission {permission}. Attach the \
                     {PROCUREMENT_ADMIN_POLICY} policy to your user, or a policy that grants \
                     {permission}.{ask}"
                )
            }
        }
    }
}

/// Whether `user` is of `account` and holds `permission`.
pub fn check_access(
    account: &Account,
    user: Option<&str>,
    permission: Permission,
) -> Result<(), Access> {
    let user = user
        .and_then(|email| account.user(email))
        .ok_or(Access::NotMember)?;
    if !user.may(permission) {
        return Err(Access::Missing(permission));
    }
    Ok(())
}

/// Records in the account's settings history that `user`, one of its
/// users, was refused for lacking `permission` (SPEC F15): the page or
/// API they asked for answered 403 and changed nothing. A history that
/// cannot be written is logged, never a reason to answer otherwise.
pub async fn record_refused_access(
    db: &Store,
    account: &Account,
    asker: Asker<'_>,
    permission: Permission,
) {
    let id = account.id.clone();
    let (user, at) = (asker.user.to_owned(), asker.at);
    let refusal = Access::Missing(permission).explain(account);
    let recorded = db
        .call(move |db| {
            let asked = changes::Asked::access(permission);
            let change = changes::NewChange {
                account: &id,
                user: &user,
                at,
                asked: &asked,
                refusal: Some(&refusal),
            };
            changes::record(db, &change)
        })
        .await;
    if let Err(err) = recorded {
        tracing::warn!(error = %err, "a refused access was not recorded");
    }
}

/// Who asks for a change of settings, and when.
#[derive(Clone, Copy, Debug)]
pub struct Asker<'a> {
    pub user: &'a str,
    pub at: jiff::Timestamp,
}

/// Validates and stores the settings `view` asks for `account` in `db`,
/// dropping what `cache` holds once they are committed. Saved or refused,
/// the change is recorded in the account's history ([`changes`]), in the
/// same transaction as the settings when they are saved.
pub async fn save(
    db: &Store,
    cache: &AccountsCache,
    account: &Account,
    asker: Asker<'_>,
    view: SettingsView,
) -> Result<(), SaveError> {
    let asked = view.asked();
    let settings = view.into_settings(account).and_then(|settings| {
        settings
            .validate()
            .map(|()| settings)
            .map_err(|err| err.to_string())
    });
    let id = account.id.clone();
    let (user, at) = (asker.user.to_owned(), asker.at);
    // Dropped inside the section, right after the commit: a handler
    // cancelled while it waits cannot leave the cache stale.
    let cache = cache.clone();
    db.call(move |db| {
        let tx = db.transaction()?;
        let refusal = settings.as_ref().err().map(String::as_str);
        if let Ok(settings) = &settings {
            store::write_settings(&tx, &id, settings)?;
        }
        let change = changes::NewChange {
            account: &id,
            user: &user,
            at,
            asked: &asked,
            refusal,
        };
        changes::record(&tx, &change)?;
        tx.commit()?;
        if settings.is_ok() {
            cache.forget();
        }
        Ok(settings.map(|_| ()))
    })
    .await?
    .map_err(SaveError::Invalid)
}

/// Why settings were not saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The settings themselves are refused; the text says why.
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}
