//! The mail outbox (SPEC F16): notifications are written as rows in the
//! same transaction as what they announce, then delivered over SMTP by a
//! background worker that retries until the mail service accepts them. A
//! mail is therefore never lost when SMTP is briefly down, nor sent for
//! something that was rolled back. Delivery is at least once: a crash
//! between the SMTP server's acceptance and the row's mark sends the mail
//! again, so every mail carries a Message-ID made when it was queued, the
//! same on every copy, by which a receiver can drop the repeat.
//! [`Outbox::pause`] waits for a delivery
//! in progress and holds the next one back: the reset of all state takes
//! it, so no mail of the old state reaches the mail service after it.

mod deliver;
#[cfg(test)]
mod pause_tests;

use std::{net::SocketAddr, sync::Arc};

use axum::{Json, Router, extract::State, routing::get};
use jiff::Timestamp;
use rusqlite::{Connection as Db, params};
use serde::Serialize;
use service_kit::Store;
use tokio::{
    sync::{Mutex, Notify, OwnedMutexGuard},
    task::JoinHandle,
};

use crate::{Marketplace, http_face::ApiError};

/// A mail to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub subject: String,
    pub body: String,
}

/// Queues `mail` to `recipient` inside the caller's transaction, with the
/// Message-ID every delivery of it will carry.
pub fn enqueue(db: &Db, recipient: &str, mail: &Mail, now: &str) -> rusqlite::Result<()> {
    db.execute(
        "INSERT INTO outbox (recipient, subject, body, created_at, message_id)
         VALUES (?1, ?2, ?3, ?4, lower(hex(randomblob(16))) || '@marketplace.procsim.test')",
        params![recipient, mail.subject, mail.body, now],
    )?;
    Ok(())
}

/// One outbox row, as the JSON API shows it.
#[derive(Clone, Debug, Serialize)]
pub struct OutboxEntry {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    #[serde(serialize_with = "crate::as_text::display")]
    pub created_at: Timestamp,
    pub attempts: i64,
    pub sent: bool,
    pub last_error: Option<String>,
    /// Without the angle brackets.
    pub message_id: Option<String>,
}

pub fn list(db: &Db) -> rusqlite::Result<Vec<OutboxEntry>> {
    db.prepare(
        "SELECT id, recipient, subject, created_at, attempts, sent, last_error, message_id
         FROM outbox ORDER BY id",
    )?
    .query_map([], |row| {
        Ok(OutboxEntry {
            id: row.get(0)?,
            recipient: row.get(1)?,
            subject: row.get(2)?,
            created_at: crate::as_text::column(row, 3)?,
            attempts: row.get(4)?,
            sent: row.get(5)?,
            last_error: row.get(6)?,
            message_id: row.get(7)?,
        })
    })?
    .collect()
}

/// The handle request handlers use to wake the worker; dropping the last
/// clone stops it.
#[derive(Clone, Debug)]
pub struct Outbox {
    notify: Arc<Notify>,
    /// Held by the worker while it delivers, and by whoever pauses it.
    sending: Arc<Mutex<()>>,
    _worker: Arc<AbortOnDrop>,
}

impl Outbox {
    /// Starts the delivery worker for `store`'s outbox, sending to the SMTP
    /// server at `smtp_addr`. Pending rows from before a restart go first.
    pub fn start(store: Store, smtp_addr: SocketAddr) -> Self {
        let notify = Arc::new(Notify::new());
        let sending = Arc::new(Mutex::new(()));
        let worker = tokio::spawn(deliver::run(
            store,
            smtp_addr,
            notify.clone(),
            sending.clone(),
        ));
        Outbox {
            notify,
            sending,
            _worker: Arc::new(AbortOnDrop(worker)),
        }
    }

    /// Waits until no mail is being delivered and keeps it so while the
    /// guard lives; queued mail waits (and goes out once it is dropped, if
    /// it is still in the outbox then).
    pub async fn pause(&self) -> OwnedMutexGuard<()> {
        self.sending.clone().lock_owned().await
    }

    /// Tells the worker there is something new to send.
    pub fn wake(&self) {
        self.notify.notify_one();
    }
}

#[derive(Debug)]
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// `GET /api/outbox`: every queued notification and whether it was sent
/// (bodies are left out).
pub fn routes() -> Router<Marketplace> {
    Router::new().route("/api/outbox", get(api_list))
}

async fn api_list(State(marketplace): State<Marketplace>) -> Result<Json<OutboxReply>, ApiError> {
    let outbox = marketplace.store().call(|db| list(db)).await?;
    Ok(Json(OutboxReply { outbox }))
}

#[derive(Serialize)]
struct OutboxReply {
    outbox: Vec<OutboxEntry>,
}
