//! The `orders` table: every order the marketplace accepted, by payloadID
//! and by the buyer's orderID, whether it came as an OrderRequest or as a
//! subscription in the storefront. Its two lookups are how a repeated
//! order is recognised (SPEC F5).

use jiff::Timestamp;
use rusqlite::{Connection as Db, OptionalExtension, params};

/// One accepted order as stored.
pub struct OrderRow<'a> {
    pub payload_id: &'a str,
    pub account_id: &'a str,
    pub order_id: &'a str,
    /// What was ordered, to tell a repeat from a conflicting reuse of the
    /// orderID.
    pub fingerprint: &'a str,
    pub test_mode: bool,
    pub received_at: Timestamp,
}

pub fn insert(db: &Db, order: &OrderRow<'_>) -> rusqlite::Result<()> {
    db.execute(
        "INSERT INTO orders (payload_id, account_id, order_id, fingerprint, test_mode, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            order.payload_id,
            order.account_id,
            order.order_id,
            order.fingerprint,
            order.test_mode,
            order.received_at.to_string()
        ],
    )?;
    Ok(())
}

/// The order received with a payloadID, as far as a repeat is judged.
pub struct Seen {
    pub account_id: String,
    pub order_id: String,
    pub fingerprint: String,
}

/// The order received with this payloadID, if any.
pub fn by_payload(db: &Db, payload_id: &str) -> rusqlite::Result<Option<Seen>> {
    db.query_row(
        "SELECT account_id, order_id, fingerprint FROM orders WHERE payload_id = ?1",
        [payload_id],
        |row| {
            Ok(Seen {
                account_id: row.get(0)?,
                order_id: row.get(1)?,
                fingerprint: row.get(2)?,
            })
        },
    )
    .optional()
}

/// The fingerprint of the account's order with this orderID, if any.
pub fn fingerprint_of(
    db: &Db,
    account_id: &str,
    order_id: &str,
) -> rusqlite::Result<Option<String>> {
    db.query_row(
        "SELECT fingerprint FROM orders WHERE account_id = ?1 AND order_id = ?2",
        params![account_id, order_id],
        |row| row.get(0),
    )
    .optional()
}
