//! The `invoices` table: issuing an invoice (once per agreement and
//! period), the cXML ones waiting to be sent, recording each delivery
//! attempt, and reading invoices for the API and the account page.

use std::collections::HashSet;

use cxml::PayloadId;
use jiff::Timestamp;
use rusqlite::{Connection as Db, OptionalExtension, Row, params};
use serde::Serialize;

use super::{
    number::InvoiceNumber,
    period::Period,
    state::{InvoiceChannel, InvoiceState},
};
use crate::{as_text, catalog::AccountId, money::Money, order::agreements::AgreementId};

/// An invoice as stored and shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Invoice {
    pub id: i64,
    pub number: InvoiceNumber,
    pub agreement_id: AgreementId,
    #[serde(serialize_with = "as_text::display")]
    pub account_id: AccountId,
    pub period: Period,
    pub channel: InvoiceChannel,
    pub description: String,
    /// Shown as `amount` and `currency`.
    #[serde(flatten)]
    pub amount: Money,
    #[serde(serialize_with = "as_text::display")]
    pub quantity: i64,
    /// In the amount's currency.
    #[serde(serialize_with = "Money::serialize_decimal")]
    pub unit_price: Money,
    /// The PO line the agreement was ordered on.
    pub po_line: Option<i64>,
    /// The agreement's PO number, when it has one.
    pub po_number: Option<String>,
    #[serde(serialize_with = "as_text::display")]
    pub due_at: Timestamp,
    #[serde(serialize_with = "as_text::display")]
    pub created_at: Timestamp,
    /// Where a cXML invoice goes.
    pub url: Option<String>,
    pub connection_id: Option<String>,
    /// Fixed when issued, so a retry is recognisably the same document.
    #[serde(serialize_with = "as_text::display_opt")]
    pub payload_id: Option<PayloadId>,
    #[serde(serialize_with = "as_text::display_opt")]
    pub timestamp: Option<cxml::Timestamp>,
    pub state: InvoiceState,
    pub attempts: i64,
    #[serde(serialize_with = "as_text::display_opt")]
    pub next_attempt_at: Option<Timestamp>,
    /// The last delivery's outcome, e.g. `200 OK` or `cannot connect`.
    pub last_status: Option<String>,
}

/// An invoice to issue; the number and id are assigned on insert.
#[derive(Clone, Debug)]
pub struct NewInvoice {
    pub agreement_id: AgreementId,
    pub account_id: AccountId,
    pub period: Period,
    pub description: String,
    pub amount: Money,
    pub quantity: i64,
    pub unit_price: Money,
    pub po_line: Option<i64>,
    pub po_number: Option<String>,
    pub due_at: Timestamp,
    pub created_at: Timestamp,
    /// Where and as what a cXML invoice goes; `None` for an own invoice.
    pub cxml: Option<CxmlTarget>,
}

#[derive(Clone, Debug)]
pub struct CxmlTarget {
    pub url: String,
    pub connection_id: String,
    pub payload_id: PayloadId,
    pub timestamp: cxml::Timestamp,
}

const COLUMNS: &str = "id, number, agreement_id, account_id, period, channel, description, amount, \
     currency, quantity, unit_price, po_line, po_number, due_at, created_at, url, connection_id, payload_id, timestamp, state, \
     attempts, next_attempt_at, last_status";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Invoice> {
    let amount = Money::from_columns(row, 7, 8)?;
    Ok(Invoice {
        id: row.get(0)?,
        number: row.get(1)?,
        agreement_id: row.get(2)?,
        account_id: as_text::column(row, 3)?,
        period: row.get(4)?,
        channel: row.get(5)?,
        description: row.get(6)?,
        amount,
        quantity: as_text::column(row, 9)?,
        unit_price: Money::from_columns(row, 10, 8)?,
        po_line: row.get(11)?,
        po_number: row.get(12)?,
        due_at: as_text::column(row, 13)?,
        created_at: as_text::column(row, 14)?,
        url: row.get(15)?,
        connection_id: row.get(16)?,
        payload_id: as_text::column_opt(row, 17)?,
        timestamp: as_text::column_opt(row, 18)?,
        state: row.get(19)?,
        attempts: row.get(20)?,
        next_attempt_at: as_text::column_opt(row, 21)?,
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
        Some(_) => (InvoiceChannel::Cxml, InvoiceState::Pending),
        None => (InvoiceChannel::Own, InvoiceState::Issued),
    };
    let target = invoice.cxml.as_ref();
    let created_at = invoice.created_at.to_string();
    db.execute(
        "INSERT INTO invoices (id, number, agreement_id, account_id, period, channel, description,
             amount, currency, quantity, unit_price, po_line, po_number, due_at, created_at, url,
             connection_id, payload_id, timestamp, state, next_attempt_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
             ?19, ?20, ?21)",
        params![
            next,
            InvoiceNumber::of(next),
            invoice.agreement_id,
            invoice.account_id.as_str(),
            invoice.period,
            channel,
            invoice.description,
            invoice.amount.decimal(),
            invoice.amount.currency(),
            invoice.quantity.to_string(),
            invoice.unit_price.decimal(),
            invoice.po_line,
            invoice.po_number,
            invoice.due_at.to_string(),
            created_at,
            target.map(|t| &t.url),
            target.map(|t| &t.connection_id),
            target.map(|t| t.payload_id.as_str()),
            target.map(|t| t.timestamp.as_str()),
            state,
            target.map(|_| &created_at),
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
pub fn issued_periods(db: &Db) -> rusqlite::Result<HashSet<(AgreementId, Period)>> {
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
    RetryAt(String, Timestamp),
    /// Permanent, or too many transient failures.
    Failed(String),
}

/// Records an attempt on invoice `id`.
pub fn record_attempt(db: &Db, id: i64, attempt: &Attempt) -> rusqlite::Result<()> {
    let (state, status, next) = match attempt {
        Attempt::Delivered(status) => (InvoiceState::Delivered, status, None),
        Attempt::RetryAt(status, at) => (InvoiceState::Pending, status, Some(at.to_string())),
        Attempt::Failed(status) => (InvoiceState::Failed, status, None),
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

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
