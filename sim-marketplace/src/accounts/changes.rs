//! An account's settings history: every change of its administration an
//! administrator asked for, saved or refused, with who asked, when (the
//! simulated clock) and what, by kind:
//! - `settings`, the integration settings (the settings page or `PUT
//!   /api/accounts/{id}/integration`): purchase-order management on or
//!   off, which connections enabled, which pre-approve Free and BYOL
//!   products and which redirect storefront purchases to Coupa (each not
//!   recorded in changes made before it was: absent);
//! - `private-marketplace`, the Private Marketplace (SPEC F13): on or off,
//!   and the listings it approves, as asked;
//! - `access`, the settings opened or changed by a user of the account
//!   whose policies lack the permission it takes (SPEC F15): always
//!   refused, naming the permission.
//!
//! A refused change leaves the settings as they were and is recorded all
//! the same, as an audit trail records a denied call: the admin sees it on
//! the settings page, and the dashboard's walkthroughs see what was asked
//! for after a person pressed Start (F12 the redirect turned on, F13 the
//! Private Marketplace, F14 purchase-order management refused beside an
//! enabled integration, F15 a user without the policy refused).
//!
//! Only what says what was asked is kept, never identities, URLs or
//! secrets; the newest [`KEPT`] changes of each account are kept.
//! `GET /api/settings-changes?account=&after=` lists them, like the
//! account's agreements and invoices.

use jiff::Timestamp;
use rusqlite::{Connection as Db, Row, params};
use serde::Serialize;

use super::{AccountId, Permission};
use crate::as_text;

/// How many changes of one account are kept.
pub const KEPT: i64 = 200;

/// What a change asked for, by kind (`kind` in JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Asked {
    /// The integration settings.
    Settings(SettingsAsked),
    /// The Private Marketplace: on or off, and its approved listings.
    PrivateMarketplace {
        private_marketplace: bool,
        approved_listings: Vec<String>,
    },
    /// Nothing could be asked: the user lacks this permission.
    Access { permission: String },
}

/// The part of the integration settings the history keeps: what F14 is
/// about, the Free/BYOL pre-approval flags (F9) and the redirect (F12).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SettingsAsked {
    pub po_management: bool,
    /// The connections asked to be enabled, by id.
    pub enabled_connections: Vec<String>,
    /// The connections asked to pre-approve Free products; `None` in a
    /// change recorded before the flags were.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub free_preapproved: Option<Vec<String>>,
    /// The same for BYOL products.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byol_preapproved: Option<Vec<String>>,
    /// The connections asked to send storefront purchases to Coupa;
    /// `None` in a change recorded before the redirect was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_connections: Option<Vec<String>>,
}

impl Asked {
    /// A user without `permission` opened or tried to change the settings.
    pub fn access(permission: Permission) -> Self {
        Asked::Access {
            permission: permission.to_string(),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Asked::Settings(_) => "settings",
            Asked::PrivateMarketplace { .. } => "private-marketplace",
            Asked::Access { .. } => "access",
        }
    }
}

/// A change as recorded and listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SettingsChange {
    pub id: i64,
    pub account_id: String,
    /// The user who asked.
    pub user: String,
    #[serde(serialize_with = "as_text::display")]
    pub at: Timestamp,
    /// Whether the settings were saved.
    pub saved: bool,
    /// Why not, when refused.
    pub refusal: Option<String>,
    #[serde(flatten)]
    pub asked: Asked,
}

/// A change to record; its id is assigned on insert.
#[derive(Clone, Debug)]
pub struct NewChange<'a> {
    pub account: &'a AccountId,
    pub user: &'a str,
    pub at: Timestamp,
    pub asked: &'a Asked,
    /// `None` when saved, else why it was refused.
    pub refusal: Option<&'a str>,
}

/// Space-separated, as the columns keep lists of ids.
fn joined(ids: &[String]) -> String {
    ids.join(" ")
}

/// Records `change` (inside the caller's transaction, the one that saved
/// the settings when they were saved) and drops the account's changes
/// beyond the newest [`KEPT`].
pub fn record(db: &Db, change: &NewChange<'_>) -> rusqlite::Result<()> {
    let account = change.account.as_str();
    let none = || None::<String>;
    let (po_management, enabled, free, byol, redirect) = match change.asked {
        Asked::Settings(asked) => (
            asked.po_management,
            joined(&asked.enabled_connections),
            asked.free_preapproved.as_deref().map(joined),
            asked.byol_preapproved.as_deref().map(joined),
            asked.redirect_connections.as_deref().map(joined),
        ),
        _ => (false, String::new(), none(), none(), none()),
    };
    let (private_marketplace, approved) = match change.asked {
        Asked::PrivateMarketplace {
            private_marketplace,
            approved_listings,
        } => (Some(*private_marketplace), Some(joined(approved_listings))),
        _ => (None, None),
    };
    let permission = match change.asked {
        Asked::Access { permission } => Some(permission.as_str()),
        _ => None,
    };
    db.execute(
        "INSERT INTO settings_changes (account_id, user_email, at, saved, refusal, po_management,
             enabled_connections, free_preapproved, byol_preapproved, kind, redirect_connections,
             private_marketplace, approved_listings, permission)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            account,
            change.user,
            change.at.to_string(),
            change.refusal.is_none(),
            change.refusal,
            po_management,
            enabled,
            free,
            byol,
            change.asked.kind(),
            redirect,
            private_marketplace,
            approved,
            permission,
        ],
    )?;
    db.execute(
        "DELETE FROM settings_changes WHERE account_id = ?1 AND id <= (
             SELECT id FROM settings_changes WHERE account_id = ?1
             ORDER BY id DESC LIMIT 1 OFFSET ?2)",
        params![account, KEPT],
    )?;
    Ok(())
}

const COLUMNS: &str = "id, account_id, user_email, at, saved, refusal, po_management, \
    enabled_connections, free_preapproved, byol_preapproved, kind, redirect_connections, \
    private_marketplace, approved_listings, permission";

/// The account's changes after id `after` (0: all kept), oldest first.
pub fn list(db: &Db, account: &str, after: i64) -> rusqlite::Result<Vec<SettingsChange>> {
    db.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM settings_changes WHERE account_id = ?1 AND id > ?2 ORDER BY id"
    ))?
    .query_map(params![account, after], from_row)?
    .collect()
}

/// The account's newest `count` changes, newest first (the settings page).
pub fn newest(db: &Db, account: &str, count: i64) -> rusqlite::Result<Vec<SettingsChange>> {
    db.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM settings_changes WHERE account_id = ?1 ORDER BY id DESC LIMIT ?2"
    ))?
    .query_map(params![account, count], from_row)?
    .collect()
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<SettingsChange> {
    let ids = |text: &str| text.split_whitespace().map(str::to_owned).collect();
    let kind: String = row.get(10)?;
    let asked = match kind.as_str() {
        "private-marketplace" => Asked::PrivateMarketplace {
            private_marketplace: row.get::<_, Option<bool>>(12)?.unwrap_or(false),
            approved_listings: row
                .get::<_, Option<String>>(13)?
                .as_deref()
                .map_or_else(Vec::new, ids),
        },
        "access" => Asked::Access {
            permission: row.get::<_, Option<String>>(14)?.unwrap_or_default(),
        },
        _ => {
            let enabled: String = row.get(7)?;
            let list = |index: usize| -> rusqlite::Result<Option<Vec<String>>> {
                Ok(row.get::<_, Option<String>>(index)?.as_deref().map(ids))
            };
            Asked::Settings(SettingsAsked {
                po_management: row.get(6)?,
                enabled_connections: ids(&enabled),
                free_preapproved: list(8)?,
                byol_preapproved: list(9)?,
                redirect_connections: list(11)?,
            })
        }
    };
    Ok(SettingsChange {
        id: row.get(0)?,
        account_id: row.get(1)?,
        user: row.get(2)?,
        at: as_text::column(row, 3)?,
        saved: row.get(4)?,
        refusal: row.get(5)?,
        asked,
    })
}

#[cfg(test)]
mod tests {
    use service_kit::Storage;

    use super::*;
    use crate::accounts::{MarketplaceSeed, store};

    /// A database with the seeded accounts, Acme's id and an instant.
    fn seeded() -> (service_kit::Store, AccountId, Timestamp) {
        let db = crate::db::open(&Storage::Memory).expect("database");
        store::seed_if_empty(&db, &MarketplaceSeed::default()).expect("seeded");
        let account = AccountId::seeded(crate::catalog::SEEDED_COUPA_ACCOUNT);
        let at = "2026-01-15T10:00:00Z".parse().expect("instant");
        (db, account, at)
    }

    fn asked(po_management: bool, enabled: &[&str]) -> Asked {
        Asked::Settings(SettingsAsked {
            po_management,
            enabled_connections: enabled.iter().map(|id| (*id).to_owned()).collect(),
            free_preapproved: Some(vec!["coupa-1".to_owned()]),
            byol_preapproved: Some(Vec::new()),
            redirect_connections: Some(vec!["coupa-1".to_owned()]),
        })
    }

    #[test]
    fn a_refused_change_is_listed_with_what_was_asked_and_why() {
        let (db, account, at) = seeded();
        let both = asked(true, &["coupa-1"]);
        let po_only = asked(true, &[]);
        db.with(|db| {
            let refused = NewChange {
                account: &account,
                user: "admin@acme.test",
                at,
                asked: &both,
                refusal: Some("cannot both be enabled"),
            };
            record(db, &refused)?;
            let saved = NewChange {
                asked: &po_only,
                refusal: None,
                ..refused
            };
            record(db, &saved)
        })
        .expect("recorded");
        let all = db.with(|db| list(db, account.as_str(), 0)).expect("listed");
        assert_eq!(all.len(), 2);
        assert_eq!(
            (all[0].saved, all[0].refusal.as_deref(), &all[0].asked),
            (false, Some("cannot both be enabled"), &both)
        );
        assert_eq!((all[1].saved, &all[1].asked), (true, &po_only));
        let json = serde_json::to_value(&all[0]).expect("json");
        assert_eq!(json["kind"], "settings");
        assert_eq!(json["enabled_connections"][0], "coupa-1");
        assert_eq!(json["redirect_connections"][0], "coupa-1");
        assert_eq!(json["at"], "2026-01-15T10:00:00Z");
        let later = db
            .with(|db| list(db, account.as_str(), all[0].id))
            .expect("listed");
        assert_eq!(later, all[1..]);
    }

    #[test]
    fn only_the_newest_changes_of_an_account_are_kept() {
        let (db, account, at) = seeded();
        let off = asked(false, &["coupa-1"]);
        db.with(|db| {
            for _ in 0..KEPT + 5 {
                let change = NewChange {
                    account: &account,
                    user: "admin@acme.test",
                    at,
                    asked: &off,
                    refusal: None,
                };
                record(db, &change)?;
            }
            Ok(())
        })
        .expect("recorded");
        let kept = db.with(|db| list(db, account.as_str(), 0)).expect("listed");
        assert_eq!(kept.len() as i64, KEPT);
        assert_eq!(kept.last().map(|c| c.id), Some(KEPT + 5));
        let shown = db
            .with(|db| newest(db, account.as_str(), 3))
            .expect("listed");
        let ids: Vec<i64> = shown.iter().map(|c| c.id).collect();
        assert_eq!(ids, [KEPT + 5, KEPT + 4, KEPT + 3]);
    }

    /// A Private Marketplace change and a refused access are listed as
    /// their kinds, with what each asked for; neither reads as a change of
    /// the integration settings.
    #[test]
    fn each_kind_of_change_is_listed_as_asked() {
        let (db, account, at) = seeded();
        let on = Asked::PrivateMarketplace {
            private_marketplace: true,
            approved_listings: vec!["prod-0000002a".to_owned()],
        };
        let denied = Asked::access(Permission::DescribeProcurementSystemConfiguration);
        db.with(|db| {
            let pm = NewChange {
                account: &account,
                user: "admin@acme.test",
                at,
                asked: &on,
                refusal: None,
            };
            record(db, &pm)?;
            let access = NewChange {
                user: "dev@acme.test",
                asked: &denied,
                refusal: Some("Your user lacks the permission"),
                ..pm
            };
            record(db, &access)
        })
        .expect("recorded");
        let all = db.with(|db| list(db, account.as_str(), 0)).expect("listed");
        assert_eq!((&all[0].asked, all[0].saved), (&on, true));
        assert_eq!((&all[1].asked, all[1].saved), (&denied, false));
        let pm = serde_json::to_value(&all[0]).expect("json");
        assert_eq!(pm["kind"], "private-marketplace");
        assert_eq!(pm["private_marketplace"], true);
        assert_eq!(pm["approved_listings"][0], "prod-0000002a");
        assert!(pm.get("po_management").is_none(), "{pm}");
        let access = serde_json::to_value(&all[1]).expect("json");
        assert_eq!(access["kind"], "access");
        assert_eq!(
            access["permission"],
            "aws-marketplace:DescribeProcurementSystemConfiguration"
        );
        assert!(access.get("enabled_connections").is_none(), "{access}");
    }
}
