//! An account's settings history: every change of its integration
//! settings an administrator asked for (on the settings page or with
//! `PUT /api/accounts/{id}/integration`), saved or refused, with who asked,
//! when (the simulated clock) and what: purchase-order management on or
//! off, which connections enabled, and which pre-approve Free and BYOL
//! products (not recorded in changes made before they were: absent). A refused change leaves the
//! settings as they were and is recorded all the same, as an audit trail
//! records a denied call: the admin sees it on the settings page, and the
//! dashboard's F14 walkthrough sees that turning purchase-order management
//! on beside an enabled integration was asked for and refused.
//!
//! Only what says what was asked is kept, never identities, URLs or
//! secrets; the newest [`KEPT`] changes of each account are kept.
//! `GET /api/settings-changes?account=&after=` lists them, like the
//! account's agreements and invoices.

use jiff::Timestamp;
use rusqlite::{Connection as Db, Row, params};
use serde::Serialize;

use super::AccountId;
use crate::as_text;

/// How many changes of one account are kept.
pub const KEPT: i64 = 200;

/// What a change asked for: the part of the settings F14 is about, and
/// the Free/BYOL pre-approval flags (F9).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Asked {
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
}

/// A change as recorded and listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SettingsChange {
    pub id: i64,
    pub account_id: String,
    /// The administrator who asked.
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

/// Records `change` (inside the caller's transaction, the one that saved
/// the settings when they were saved) and drops the account's changes
/// beyond the newest [`KEPT`].
pub fn record(db: &Db, change: &NewChange<'_>) -> rusqlite::Result<()> {
    let account = change.account.as_str();
    db.execute(
        "INSERT INTO settings_changes (account_id, user_email, at, saved, refusal, po_management,
             enabled_connections, free_preapproved, byol_preapproved)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            account,
            change.user,
            change.at.to_string(),
            change.refusal.is_none(),
            change.refusal,
            change.asked.po_management,
            change.asked.enabled_connections.join(" "),
            change
                .asked
                .free_preapproved
                .as_ref()
                .map(|ids| ids.join(" ")),
            change
                .asked
                .byol_preapproved
                .as_ref()
                .map(|ids| ids.join(" ")),
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

/// The account's changes after id `after` (0: all kept), oldest first.
pub fn list(db: &Db, account: &str, after: i64) -> rusqlite::Result<Vec<SettingsChange>> {
    db.prepare_cached(
        "SELECT id, account_id, user_email, at, saved, refusal, po_management, enabled_connections,
             free_preapproved, byol_preapproved
         FROM settings_changes WHERE account_id = ?1 AND id > ?2 ORDER BY id",
    )?
    .query_map(params![account, after], from_row)?
    .collect()
}

/// The account's newest `count` changes, newest first (the settings page).
pub fn newest(db: &Db, account: &str, count: i64) -> rusqlite::Result<Vec<SettingsChange>> {
    db.prepare_cached(
        "SELECT id, account_id, user_email, at, saved, refusal, po_management, enabled_connections,
             free_preapproved, byol_preapproved
         FROM settings_changes WHERE account_id = ?1 ORDER BY id DESC LIMIT ?2",
    )?
    .query_map(params![account, count], from_row)?
    .collect()
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<SettingsChange> {
    let ids = |text: &str| text.split_whitespace().map(str::to_owned).collect();
    let enabled: String = row.get(7)?;
    let free: Option<String> = row.get(8)?;
    let byol: Option<String> = row.get(9)?;
    Ok(SettingsChange {
        id: row.get(0)?,
        account_id: row.get(1)?,
        user: row.get(2)?,
        at: as_text::column(row, 3)?,
        saved: row.get(4)?,
        refusal: row.get(5)?,
        asked: Asked {
            po_management: row.get(6)?,
            enabled_connections: ids(&enabled),
            free_preapproved: free.as_deref().map(ids),
            byol_preapproved: byol.as_deref().map(ids),
        },
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
        Asked {
            po_management,
            enabled_connections: enabled.iter().map(|id| (*id).to_owned()).collect(),
            free_preapproved: Some(vec!["coupa-1".to_owned()]),
            byol_preapproved: Some(Vec::new()),
        }
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
        assert_eq!(json["enabled_connections"][0], "coupa-1");
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
}
