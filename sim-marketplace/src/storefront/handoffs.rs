//! The purchases the storefront handed to an account's procurement system
//! instead of subscribing: a Coupa connection's redirect (SPEC F12) and a
//! Free or BYOL product that is not pre-approved (SPEC F9, a 0.00 order
//! through Coupa or Ariba). Nothing else records them: the person's
//! browser leaves with a link, and the procurement system may never be
//! reached. The dashboard's F12 walkthrough sees here that Subscribe sent
//! the person on (`GET /api/storefront-handoffs?account=&after=`, like the
//! settings history).
//!
//! Who, which listing, to which system, why and when; never an identity,
//! URL or secret. The newest [`KEPT`] of each account are kept.

use jiff::Timestamp;
use rusqlite::{Connection as Db, Row, params};
use serde::Serialize;

use crate::{
    accounts::{AccountId, ProcurementSystem},
    as_text,
    catalog::ListingId,
};

/// How many handoffs of one account are kept.
pub const KEPT: i64 = 200;

/// Why a purchase went to the procurement system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The connection's redirect setting (SPEC F12).
    Redirect,
    /// A Free or BYOL product that is not pre-approved (SPEC F9).
    ZeroOrder,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Redirect => "redirect",
            Reason::ZeroOrder => "zero-order",
        }
    }
}

/// A handoff as recorded and listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Handoff {
    pub id: i64,
    pub account_id: String,
    /// The signed-in user who pressed Subscribe.
    pub user: String,
    pub listing_id: String,
    /// `coupa` or `ariba`.
    pub system: String,
    /// `redirect` or `zero-order`.
    pub reason: String,
    #[serde(serialize_with = "as_text::display")]
    pub at: Timestamp,
}

/// A handoff to record; its id is assigned on insert.
#[derive(Clone, Copy, Debug)]
pub struct NewHandoff<'a> {
    pub account: &'a AccountId,
    pub user: &'a str,
    pub listing: ListingId,
    pub system: ProcurementSystem,
    pub reason: Reason,
    pub at: Timestamp,
}

/// Records `handoff` and drops the account's handoffs beyond the newest
/// [`KEPT`].
pub fn record(db: &Db, handoff: &NewHandoff<'_>) -> rusqlite::Result<()> {
    let account = handoff.account.as_str();
    let system = match handoff.system {
        ProcurementSystem::Coupa => "coupa",
        ProcurementSystem::Ariba => "ariba",
    };
    db.execute(
        "INSERT INTO storefront_handoffs (account_id, user_email, listing_id, system, reason, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            account,
            handoff.user,
            handoff.listing.to_string(),
            system,
            handoff.reason.as_str(),
            handoff.at.to_string(),
        ],
    )?;
    db.execute(
        "DELETE FROM storefront_handoffs WHERE account_id = ?1 AND id <= (
             SELECT id FROM storefront_handoffs WHERE account_id = ?1
             ORDER BY id DESC LIMIT 1 OFFSET ?2)",
        params![account, KEPT],
    )?;
    Ok(())
}

/// The account's handoffs after id `after` (0: all kept), oldest first.
pub fn list(db: &Db, account: &str, after: i64) -> rusqlite::Result<Vec<Handoff>> {
    db.prepare_cached(
        "SELECT id, account_id, user_email, listing_id, system, reason, at
         FROM storefront_handoffs WHERE account_id = ?1 AND id > ?2 ORDER BY id",
    )?
    .query_map(params![account, after], from_row)?
    .collect()
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Handoff> {
    Ok(Handoff {
        id: row.get(0)?,
        account_id: row.get(1)?,
        user: row.get(2)?,
        listing_id: row.get(3)?,
        system: row.get(4)?,
        reason: row.get(5)?,
        at: as_text::column(row, 6)?,
    })
}

#[cfg(test)]
mod tests {
    use service_kit::Storage;

    use super::*;
    use crate::accounts::{MarketplaceSeed, store};

    #[test]
    fn handoffs_are_listed_after_an_id_and_only_the_newest_are_kept() {
        let db = crate::db::open(&Storage::Memory).expect("database");
        store::seed_if_empty(&db, &MarketplaceSeed::default()).expect("seeded");
        let account = AccountId::seeded(crate::catalog::SEEDED_COUPA_ACCOUNT);
        let at: Timestamp = "2026-01-15T10:00:00Z".parse().expect("instant");
        let handoff = NewHandoff {
            account: &account,
            user: "jane@acme.test",
            listing: ListingId::from_raw(42),
            system: ProcurementSystem::Coupa,
            reason: Reason::Redirect,
            at,
        };
        db.with(|db| {
            for _ in 0..KEPT + 3 {
                record(db, &handoff)?;
            }
            Ok(())
        })
        .expect("recorded");
        let kept = db.with(|db| list(db, account.as_str(), 0)).expect("listed");
        assert_eq!(kept.len() as i64, KEPT);
        assert_eq!(kept.last().map(|h| h.id), Some(KEPT + 3));
        let newest = db
            .with(|db| list(db, account.as_str(), KEPT + 2))
            .expect("listed");
        let json = serde_json::to_value(&newest).expect("json");
        assert_eq!(
            json,
            serde_json::json!([{
                "id": KEPT + 3,
                "account_id": "acct-coupa-001",
                "user": "jane@acme.test",
                "listing_id": "prod-0000002a",
                "system": "coupa",
                "reason": "redirect",
                "at": "2026-01-15T10:00:00Z",
            }])
        );
        assert!(
            db.with(|db| list(db, "acct-ariba-001", 0))
                .expect("listed")
                .is_empty()
        );
    }
}
