//! The `invoices` table: issuing an invoice (once per agreement and
//! period), the cXML ones waiting to be sent, recording each delivery
//! attempt, and reading invoices for the API and the account page.

use std::collections::HashSet;

use rusqlite::{Connection as Db, OptionalExtension, Row, params};
use serde::Serialize;

/// An invoice as stored and shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Invoice {
    pub id: i64,
    /// `INV-000001`.
    pub number: String,
    pub agreement_id: i64,
    pub account_id: String,
    /// `contract`, `installment-2`, `usage-2026-03`.
    pub period: String,
    /// `cxml` (to the procurement system, against the PO) or `own`.
    pub channel: String,
    pub description: String,
    pub amount: String,
    pub currency: String,
    pub quantity: String,
    pub unit_price: String,
    /// The PO line the agreement was ordered on.
    pub po_line: Option<i64>,
    /// The agreement's PO number, when it has one.
    pub po_number: Option<String>,
    pub due_at: String,
    pub created_at: String,
    /// Where a cXML invoice goes.
    pub url: Option<String>,
    pub connection_id: Option<String>,
    /// Fixed when issued, so a retry is recognisably the same document.
    pub payload_id: Option<String>,
    pub timestamp: Option<String>,
    /// `issued` (own), `pending`, `delivered` or `failed` (cXML).
    pub state: String,
    pub attempts: i64,
    pub next_attempt_at: Option<String>,
    /// The last delivery's outcome, e.g. `200 OK` or `cannot connect`.
    pub last_status: Option<String>,
}

/// An invoice to issue; the number and id are assigned on insert.
#[derive(Clone, Debug)]
pub struct NewInvoice {
    pub agreement_id: i64,
    pub account_id: String,
    pub period: String,
    pub description: String,
    pub amount: String,
    pub currency: String,
    pub quantity: String,
    pub unit_price: String,
    pub po_line: Option<i64>,
    pub po_number: Option<String>,
    pub due_at: String,
    pub created_at: String,
    /// Where and as what a cXML invoice goes; `None` for an own invoice.
    pub cxml: Option<CxmlTarget>,
}

#[derive(Clone, Debug)]
pub struct CxmlTarget {
    pub url: String,
    pub connection_id: String,
    pub payload_id: String,
    pub timestamp: String,
}

const COLUMNS: &str = "id, number, agreement_id, account_id, period, channel, description, amount, \
     currency, quantity, unit_price, po_line, po_number, due_at, created_at, url, connection_id, payload_id, timestamp, state, \
     attempts, next_attempt_at, last_status";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Invoice> {
    Ok(Invoice {
        id: row.get(0)?,
        number: row.get(1)?,
        agreement_id: row.get(2)?,
        account_id: row.get(3)?,
        period: row.get(4)?,
        channel: row.get(5)?,
        description: row.get(6)?,
        amount: row.get(7)?,
        currency: row.get(8)?,
        quantity: row.get(9)?,
        unit_price: row.get(10)?,
        po_line: row.get(11)?,
        po_number: row.get(12)?,
        due_at: row.get(13)?,
        created_at: row.get(14)?,
        url: row.get(15)?,
        connection_id: row.get(16)?,
        payload_id: row.get(17)?,
        timestamp: row.get(18)?,
        state: row.get(19)?,
        attempts: row.get(20)?,
        next_attempt_at: row.get(21)?,
        last_status: row.get(22)?,
    })
}

/// Issues `invoice` unless its agreement already has one for the period;
/// gives the new invoice, or `None` when it existed.
pub fn issue(db: &Db, invoice: &NewInvoice) -> rusqlite::Result<Option<Invoice>> {
    let exists: Option<i64> = db
        .query_row(
            "SELECT id FROM invoices WHERE agreement_id = ?1 AND period = ?2",
            params![invoice.agreement_id, invoice.period],
            |row| row.get(0),
        )
        .optional()?;
    if exists.is_some() {
        return Ok(None);
    }
    let next: i64 = db.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM invoices", [], |r| {
        r.get(0)
    })?;
    let (channel, state) = match invoice.cxml {
        Some(_) => ("cxml", "pending"),
        None => ("own", "issued"),
    };
    let target = invoice.cxml.as_ref();
    db.execute(
        "INSERT INTO invoices (id, number, agreement_id, account_id, period, channel, description,
             amount, currency, quantity, unit_price, po_line, po_number, due_at, created_at, url,
             connection_id, payload_id, timestamp, state, next_attempt_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
             ?19, ?20, ?21)",
        params![
            next,
            format!("INV-{next:06}"),
            invoice.agreement_id,
            invoice.account_id,
            invoice.period,
            channel,
            invoice.description,
            invoice.amount,
            invoice.currency,
            invoice.quantity,
            invoice.unit_price,
            invoice.po_line,
            invoice.po_number,
            invoice.due_at,
            invoice.created_at,
            target.map(|t| &t.url),
            target.map(|t| &t.connection_id),
            target.map(|t| &t.payload_id),
            target.map(|t| &t.timestamp),
            state,
            target.map(|_| &invoice.created_at),
        ],
    )?;
    get(db, next)
}

pub fn get(db: &Db, id: i64) -> rusqlite::Result<Option<Invoice>> {
    db.query_row(
        &format!("SELECT {COLUMNS} FROM invoices WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()
}

/// Every (agreement, period) that has an invoice, of the agreements still
/// open for invoicing.
pub fn issued_periods(db: &Db) -> rusqlite::Result<HashSet<(i64, String)>> {
    db.prepare_cached(
        "SELECT agreement_id, period FROM invoices WHERE agreement_id IN \
         (SELECT id FROM agreements WHERE invoicing_done = 0)",
    )?
    .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
    .collect()
}

/// Every cXML invoice still waiting to be delivered, oldest first.
pub fn pending(db: &Db) -> rusqlite::Result<Vec<Invoice>> {
    db.prepare(&format!(
        "SELECT {COLUMNS} FROM invoices WHERE state = 'pending' ORDER BY id"
    ))?
    .query_map([], from_row)?
    .collect()
}

/// What one delivery attempt came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attempt {
    Delivered(String),
    /// Transient: try again at the instant given.
    RetryAt(String, String),
    /// Permanent, or too many transient failures.
    Failed(String),
}

/// Records an attempt on invoice `id`.
pub fn record_attempt(db: &Db, id: i64, attempt: &Attempt) -> rusqlite::Result<()> {
    let (state, status, next) = match attempt {
        Attempt::Delivered(status) => ("delivered", status, None),
        Attempt::RetryAt(status, at) => ("pending", status, Some(at)),
        Attempt::Failed(status) => ("failed", status, None),
    };
    db.execute(
        "UPDATE invoices SET state = ?2, last_status = ?3, next_attempt_at = ?4,
             attempts = attempts + 1
         WHERE id = ?1",
        params![id, state, status, next],
    )?;
    Ok(())
}

/// Every invoice, or the account's, oldest first.
pub fn list(db: &Db, account: Option<&str>) -> rusqlite::Result<Vec<Invoice>> {
    let mut select = db.prepare(&format!(
        "SELECT {COLUMNS} FROM invoices WHERE ?1 IS NULL OR account_id = ?1 ORDER BY id"
    ))?;
    select.query_map([account], from_row)?.collect()
}
