//! The private marketplace setting in the marketplace database: one row
//! per account that has ever set it, and its approved listings. An account
//! without a row has it disabled with nothing approved.

use rusqlite::{Connection as Db, OptionalExtension, Transaction, params};

use super::PrivateMarketplace;
use crate::catalog::{AccountId, ListingId};

/// The account's setting (disabled and empty when never set).
pub fn get(db: &Db, account: &str) -> rusqlite::Result<PrivateMarketplace> {
    let enabled: Option<bool> = db
        .query_row(
            "SELECT enabled FROM private_marketplaces WHERE account_id = ?1",
            [account],
            |row| row.get(0),
        )
        .optional()?;
    let approved = db
        .prepare("SELECT listing_id FROM approved_listings WHERE account_id = ?1")?
        .query_map([account], |row| row.get::<_, String>(0))?
        .filter_map(|id| id.map(|id| id.parse::<ListingId>().ok()).transpose())
        .collect::<Result<_, _>>()?;
    Ok(PrivateMarketplace {
        enabled: enabled.unwrap_or(false),
        approved,
    })
}

/// Replaces the account's setting inside the caller's transaction (the
/// one that records the change in the settings history); `false` when
/// there is no such account (nothing is written).
pub fn write(
    tx: &Transaction<'_>,
    account: &AccountId,
    setting: &PrivateMarketplace,
) -> rusqlite::Result<bool> {
    let exists: Option<i64> = tx
        .query_row(
            "SELECT 1 FROM accounts WHERE id = ?1",
            [account.as_str()],
            |row| row.get(0),
        )
        .optional()?;
    if exists.is_none() {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO private_marketplaces (account_id, enabled) VALUES (?1, ?2)
         ON CONFLICT (account_id) DO UPDATE SET enabled = excluded.enabled",
        params![account.as_str(), setting.enabled],
    )?;
    tx.execute(
        "DELETE FROM approved_listings WHERE account_id = ?1",
        [account.as_str()],
    )?;
    let mut insert =
        tx.prepare("INSERT INTO approved_listings (account_id, listing_id) VALUES (?1, ?2)")?;
    for id in &setting.approved {
        insert.execute(params![account.as_str(), id.to_string()])?;
    }
    Ok(true)
}
