//! The relationship requests Ariba buyers sent, in `ariba_relationships`
//! (one per buyer network id, tied to the account whose Ariba connection
//! names that buyer), and each account's choice to accept them at once
//! (`ariba_auto_accept`; no row: it does). Plain functions on a
//! connection, run inside the caller's `Store::call`.

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use crate::as_text;

/// Where a request stands on the marketplace's side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Requested,
    Accepted,
}

/// A buyer's request for a trading relationship.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Request {
    pub buyer_anid: String,
    pub buyer_name: String,
    /// The marketplace's network id the buyer asked.
    pub supplier_anid: String,
    pub account_id: String,
    pub connection_id: String,
    pub status: Status,
    #[serde(serialize_with = "as_text::display")]
    pub requested_at: Timestamp,
    pub accepted_by: Option<String>,
    #[serde(serialize_with = "as_text::display_opt")]
    pub accepted_at: Option<Timestamp>,
}

const COLUMNS: &str = "buyer_anid, buyer_name, supplier_anid, account_id, connection_id, \
                       status, requested_at, accepted_by, accepted_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Request> {
    Ok(Request {
        buyer_anid: row.get(0)?,
        buyer_name: row.get(1)?,
        supplier_anid: row.get(2)?,
        account_id: row.get(3)?,
        connection_id: row.get(4)?,
        status: if row.get::<_, String>(5)? == "accepted" {
            Status::Accepted
        } else {
            Status::Requested
        },
        requested_at: as_text::column(row, 6)?,
        accepted_by: row.get(7)?,
        accepted_at: as_text::column_opt(row, 8)?,
    })
}

/// The request of `buyer_anid`, if any.
pub fn get(db: &Connection, buyer_anid: &str) -> rusqlite::Result<Option<Request>> {
    db.query_row(
        &format!("SELECT {COLUMNS} FROM ariba_relationships WHERE buyer_anid = ?1"),
        [buyer_anid],
        from_row,
    )
    .optional()
}

/// The requests tied to `account_id`, pending first.
pub fn of_account(db: &Connection, account_id: &str) -> rusqlite::Result<Vec<Request>> {
    let mut select = db.prepare(&format!(
        "SELECT {COLUMNS} FROM ariba_relationships WHERE account_id = ?1
         ORDER BY status DESC, buyer_anid"
    ))?;
    select
        .query_map([account_id], from_row)?
        .collect::<rusqlite::Result<_>>()
}

/// Records `request` unless its buyer already asked; gives the stored one.
pub fn record(db: &Connection, request: &Request) -> rusqlite::Result<Request> {
    db.execute(
        "INSERT INTO ariba_relationships
         (buyer_anid, buyer_name, supplier_anid, account_id, connection_id, status, requested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'requested', ?6)
         ON CONFLICT (buyer_anid) DO NOTHING",
        params![
            request.buyer_anid,
            request.buyer_name,
            request.supplier_anid,
            request.account_id,
            request.connection_id,
            request.requested_at.to_string(),
        ],
    )?;
    Ok(get(db, &request.buyer_anid)?.unwrap_or_else(|| request.clone()))
}

/// Marks the request of `buyer_anid` accepted by `by` at `now`.
pub fn mark_accepted(
    db: &Connection,
    buyer_anid: &str,
    by: &str,
    now: Timestamp,
) -> rusqlite::Result<Option<Request>> {
    db.execute(
        "UPDATE ariba_relationships SET status = 'accepted', accepted_by = ?2, accepted_at = ?3
         WHERE buyer_anid = ?1 AND status = 'requested'",
        params![buyer_anid, by, now.to_string()],
    )?;
    get(db, buyer_anid)
}

/// Whether `account_id` accepts requests at once (it does unless set off).
pub fn auto_accept(db: &Connection, account_id: &str) -> rusqlite::Result<bool> {
    Ok(db
        .query_row(
            "SELECT auto_accept FROM ariba_auto_accept WHERE account_id = ?1",
            [account_id],
            |row| row.get(0),
        )
        .optional()?
        .unwrap_or(true))
}

pub fn set_auto_accept(db: &Connection, account_id: &str, on: bool) -> rusqlite::Result<()> {
    db.execute(
        "INSERT INTO ariba_auto_accept (account_id, auto_accept) VALUES (?1, ?2)
         ON CONFLICT (account_id) DO UPDATE SET auto_accept = excluded.auto_accept",
        params![account_id, on],
    )?;
    Ok(())
}
