//! Supplier invoices received against purchase orders: each stored once
//! (by payloadID: a redelivery is counted once), matched to its PO in the
//! same transaction that stores it, so the amount left to invoice is never
//! read stale; an invoice for an unknown PO stores nothing.

use cxml::Money;
use jiff::Timestamp;
use rusqlite::{OptionalExtension, Row, Transaction, params};

use super::{
    BuyerError, BuyerStore,
    requisitions::load_requisition,
    rows::{from_ms, to_ms},
};
use crate::invoice::{PoBasis, ReceivedInvoice, mismatches};

/// An invoice as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredInvoice {
    pub id: i64,
    pub payload_id: String,
    pub invoice_id: String,
    pub po_number: String,
    pub total: Money,
    /// Why it does not fit its PO; empty when it matched.
    pub flags: Vec<String>,
    pub received_at: Timestamp,
}

impl StoredInvoice {
    pub fn is_flagged(&self) -> bool {
        !self.flags.is_empty()
    }
}

/// What receiving an invoice came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceReceipt {
    pub invoice: StoredInvoice,
    /// The same payloadID had been received before; nothing new was stored.
    pub duplicate: bool,
    /// The purchase's flow id (the PO's).
    pub flow_id: String,
}

const COLUMNS: &str = "id, payload_id, invoice_id, po_number, currency, total, flags, received_ms";

fn from_row(r: &Row<'_>) -> rusqlite::Result<StoredInvoice> {
    let (currency, total): (String, String) = (r.get(4)?, r.get(5)?);
    let total = Money::parse(&currency, &total).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, Box::new(e))
    })?;
    let flags: String = r.get(6)?;
    Ok(StoredInvoice {
        id: r.get(0)?,
        payload_id: r.get(1)?,
        invoice_id: r.get(2)?,
        po_number: r.get(3)?,
        total,
        flags: serde_json::from_str(&flags).unwrap_or_default(),
        received_at: from_ms(r.get(7)?),
    })
}

fn of_po(tx: &Transaction<'_>, po_number: &str) -> rusqlite::Result<Vec<StoredInvoice>> {
    tx.prepare(&format!(
        "SELECT {COLUMNS} FROM invoices WHERE po_number = ?1 ORDER BY id"
    ))?
    .query_map([po_number], from_row)?
    .collect()
}

/// What has been invoiced against a PO that ordered `ordered`: the sum of
/// its matched invoices (flagged ones wait for review and do not count),
/// zero when there are none.
pub fn invoiced_total(ordered: &Money, invoices: &[StoredInvoice]) -> Money {
    // Zero at the PO's scale ("0.00 USD"), not a bare "0 USD".
    let zero = ordered
        .checked_sub(ordered)
        .unwrap_or_else(|_| Money::zero(ordered.currency().clone()));
    invoices
        .iter()
        .filter(|i| !i.is_flagged() && i.total.currency() == ordered.currency())
        .try_fold(zero.clone(), |sum, i| sum.checked_add(&i.total))
        .unwrap_or(zero)
}

impl BuyerStore {
    /// Matches `invoice` to its PO and stores it with its flags. An
    /// unknown PO is [`BuyerError::NoSuchOrder`] and stores nothing; the
    /// same invoice again is a duplicate, another one under a payloadID
    /// already received is [`BuyerError::PayloadReused`].
    pub async fn receive_invoice(
        &self,
        invoice: ReceivedInvoice,
        now: Timestamp,
    ) -> Result<InvoiceReceipt, BuyerError> {
        self.transact(move |tx| {
            let po: Option<(i64, String)> = tx
                .query_row(
                    "SELECT requisition_id, flow_id FROM purchase_orders WHERE number = ?1",
                    [&invoice.po_number],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let (requisition_id, flow_id) = po.ok_or(BuyerError::NoSuchOrder)?;
            let earlier = tx
                .query_row(
                    &format!("SELECT {COLUMNS} FROM invoices WHERE payload_id = ?1"),
                    [&invoice.payload_id],
                    from_row,
                )
                .optional()?;
            if let Some(earlier) = earlier {
                // Only the same invoice again is a redelivery; another one
                // under a used payloadID would be acknowledged and lost.
                let same = earlier.invoice_id == invoice.invoice_id
                    && earlier.po_number == invoice.po_number
                    && earlier.total == invoice.total;
                if !same {
                    return Err(BuyerError::PayloadReused {
                        earlier: earlier.invoice_id,
                    });
                }
                return Ok(InvoiceReceipt {
                    invoice: earlier,
                    duplicate: true,
                    flow_id,
                });
            }
            let requisition =
                load_requisition(tx, requisition_id)?.ok_or(BuyerError::NoSuchRequisition)?;
            let received = of_po(tx, &invoice.po_number)?;
            let invoiced = invoiced_total(&requisition.total, &received);
            let basis = PoBasis {
                currency: requisition.total.currency(),
                ordered: &requisition.total,
                invoiced: &invoiced,
                lines: &requisition.lines,
            };
            let mut flags = mismatches(&invoice, &basis);
            if received.iter().any(|r| r.invoice_id == invoice.invoice_id) {
                flags.push(format!(
                    "invoice number {} was already received for this PO",
                    invoice.invoice_id
                ));
            }
            let flags_json = serde_json::to_string(&flags)
                .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
            tx.execute(
                "INSERT INTO invoices
                 (payload_id, invoice_id, po_number, currency, total, flags, received_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    invoice.payload_id,
                    invoice.invoice_id,
                    invoice.po_number,
                    invoice.total.currency().as_str(),
                    invoice.total.amount().to_string(),
                    flags_json,
                    to_ms(now)
                ],
            )?;
            Ok(InvoiceReceipt {
                invoice: StoredInvoice {
                    id: tx.last_insert_rowid(),
                    payload_id: invoice.payload_id,
                    invoice_id: invoice.invoice_id,
                    po_number: invoice.po_number,
                    total: invoice.total,
                    flags,
                    received_at: now,
                },
                duplicate: false,
                flow_id,
            })
        })
        .await
    }

    /// Every invoice received, newest first.
    pub async fn invoices(&self) -> Result<Vec<StoredInvoice>, BuyerError> {
        self.transact(|tx| {
            let mut select =
                tx.prepare(&format!("SELECT {COLUMNS} FROM invoices ORDER BY id DESC"))?;
            let all = select
                .query_map([], from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(all)
        })
        .await
    }

    /// The invoices received against PO `number`, oldest first.
    pub async fn invoices_of(&self, number: &str) -> Result<Vec<StoredInvoice>, BuyerError> {
        let number = number.trim().to_owned();
        self.transact(move |tx| Ok(of_po(tx, &number)?)).await
    }
}
