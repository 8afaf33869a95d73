//! The buyer system's state in its own SQLite database (`service_kit::Store`):
//! punchout sessions and carts (`carts.rs`), requisitions with their
//! approval steps and the purchase orders they become (`requisitions.rs`,
//! `orders.rs`), the supplier invoices against them (`invoices.rs`),
//! what an admin changed in the settings (`admin_settings.rs`) and what a
//! tool following one purchase reads (`followed.rs`).
//! Each operation is one short transaction on the blocking
//! pool; the domain rules it applies live in the pure modules.

mod admin_settings;
mod carts;
mod followed;
mod invoices;
mod orders;
mod requisitions;
mod rows;
mod schema;

use rusqlite::Transaction;
use service_kit::{Storage, Store, StoreError};

use crate::{approval::ApprovalError, blanket::BlanketError, cart::CartError};

pub use carts::{CartState, NewSession, PunchoutSession, Returned, StoredCart};
pub use invoices::{InvoiceReceipt, StoredInvoice, invoiced_total};
pub use requisitions::{Decided, RequisitionStatus, StoredRequisition};

/// Why an operation was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum BuyerError {
    #[error("no open punchout session has this BuyerCookie")]
    UnknownSession,
    #[error("this cart does not exist or is not yours")]
    NoSuchCart,
    #[error("this cart was already submitted and can no longer change")]
    CartClosed,
    #[error("an empty cart cannot be submitted")]
    EmptyCart,
    #[error("no requisition has this number")]
    NoSuchRequisition,
    #[error("no purchase order has this number")]
    NoSuchOrder,
    #[error("this payloadID was already used for invoice {earlier}, with other content")]
    PayloadReused { earlier: String },
    #[error(transparent)]
    Cart(#[from] CartError),
    #[error(transparent)]
    Blanket(#[from] BlanketError),
    #[error(transparent)]
    Approval(#[from] ApprovalError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl BuyerError {
    /// The HTTP status a buyer system's page answers this with: 404 for
    /// what does not exist, 409 for what the state forbids, 500 for the
    /// store (its detail is for the log, not the page), 400 otherwise.
    pub fn http_status(&self) -> u16 {
        match self {
            BuyerError::NoSuchCart | BuyerError::NoSuchRequisition | BuyerError::NoSuchOrder => 404,
            BuyerError::Approval(_) | BuyerError::CartClosed | BuyerError::PayloadReused { .. } => {
                409
            }
            BuyerError::Store(_) => 500,
            _ => 400,
        }
    }
}

impl From<rusqlite::Error> for BuyerError {
    fn from(err: rusqlite::Error) -> Self {
        BuyerError::Store(StoreError::Sqlite(err))
    }
}

/// A `Clone` handle to one buyer system's database.
#[derive(Clone, Debug)]
pub struct BuyerStore {
    store: Store,
}

impl BuyerStore {
    /// Opens `file` (e.g. `coupa.sqlite`) in `storage`, memory or a data dir.
    pub fn open(storage: &Storage, file: &str) -> Result<Self, StoreError> {
        Ok(Self {
            store: Store::open(storage, file, schema::MIGRATIONS)?,
        })
    }

    /// Empties every table in one transaction: no carts, sessions,
    /// requisitions, POs, invoices or admin changes, and the numbering
    /// starts again (the next PO is `PO-000001`). The reset of all state.
    pub async fn reset(&self) -> Result<(), StoreError> {
        self.store
            .empty_and_reseed(
                &[
                    "admin_settings",
                    "invoices",
                    "purchase_orders",
                    "approval_steps",
                    "requisitions",
                    "punchout_sessions",
                    "cart_lines",
                    "carts",
                    "counters",
                ],
                |_| Ok(()),
            )
            .await
    }

    /// Runs `section` in one transaction on the blocking pool; it commits
    /// only when the section succeeds.
    async fn transact<T, F>(&self, section: F) -> Result<T, BuyerError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<T, BuyerError> + Send + 'static,
    {
        self.store
            .call(move |conn| {
                let tx = conn.transaction()?;
                let outcome = section(&tx);
                if outcome.is_ok() {
                    tx.commit()?;
                }
                Ok(outcome)
            })
            .await?
    }
}

/// The next value of the named sequence, from 1.
fn next_in_sequence(tx: &Transaction<'_>, name: &str) -> rusqlite::Result<u64> {
    tx.execute(
        "INSERT INTO counters (name, value) VALUES (?1, 1)
         ON CONFLICT (name) DO UPDATE SET value = value + 1",
        [name],
    )?;
    let value: i64 = tx.query_row("SELECT value FROM counters WHERE name = ?1", [name], |r| {
        r.get(0)
    })?;
    Ok(u64::try_from(value).unwrap_or(0))
}
