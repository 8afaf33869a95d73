//! The delivery worker: sends every unsent outbox row over SMTP with
//! lettre, marks it sent, and on failure retries with a growing pause
//! (1 s doubling to 60 s) or as soon as new mail is queued. Each mail is
//! read, sent and marked while holding the outbox's `sending` lock, so a
//! pause waits for at most one mail, and a mail the reset removed is not
//! sent.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use jiff::Timestamp;
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor, message::header::ContentType,
};
use rusqlite::{OptionalExtension, params};
use service_kit::Store;
use tokio::sync::{Mutex, Notify};

/// Who notifications come from.
const FROM: &str = "procsim marketplace <notifications@marketplace.procsim.test>";
const FIRST_RETRY: Duration = Duration::from_secs(1);
/// How long one SMTP command may take (lettre's default is a minute, as
/// long as the dashboard waits for a whole reset).
const SMTP_TIMEOUT: Duration = Duration::from_secs(10);
const LAST_RETRY: Duration = Duration::from_secs(60);

struct Pending {
    id: i64,
    recipient: String,
    subject: String,
    body: String,
    created_at: Timestamp,
    message_id: Option<String>,
}

/// Delivers until aborted; each mail is delivered holding `sending`.
pub async fn run(
    store: Store,
    smtp_addr: SocketAddr,
    notify: Arc<Notify>,
    sending: Arc<Mutex<()>>,
) {
    let transport =
        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(smtp_addr.ip().to_string())
            .port(smtp_addr.port())
            .timeout(Some(SMTP_TIMEOUT))
            .build();
    let mut pause = FIRST_RETRY;
    loop {
        match deliver_pending(&store, &transport, &sending).await {
            Ok(()) => {
                pause = FIRST_RETRY;
                notify.notified().await;
            }
            Err(()) => {
                // Retry timing is transport plumbing, not business time, so
                // it uses tokio's timer rather than the simulated clock.
                tokio::select! {
                    () = notify.notified() => {}
                    () = tokio::time::sleep(pause) => {}
                }
                pause = (pause * 2).min(LAST_RETRY);
            }
        }
    }
}

/// Sends every unsent row; `Err` when one failed (it stays unsent).
async fn deliver_pending(
    store: &Store,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    sending: &Mutex<()>,
) -> Result<(), ()> {
    let ids = store
        .call(|db| {
            db.prepare("SELECT id FROM outbox WHERE sent = 0 ORDER BY id")?
                .query_map([], |row| row.get::<_, i64>(0))?
                .collect::<Result<Vec<_>, _>>()
        })
        .await
        .map_err(|err| tracing::error!(%err, "cannot read the outbox"))?;
    let mut all_sent = true;
    for id in ids {
        let _sending = sending.lock().await;
        // Read again under the lock: a reset may have emptied the outbox.
        let mail = store
            .call(move |db| {
                db.query_row(
                    "SELECT id, recipient, subject, body, created_at, message_id FROM outbox \
                     WHERE id = ?1 AND sent = 0",
                    [id],
                    |row| {
                        Ok(Pending {
                            id: row.get(0)?,
                            recipient: row.get(1)?,
                            subject: row.get(2)?,
                            body: row.get(3)?,
                            created_at: crate::as_text::column(row, 4)?,
                            message_id: row.get(5)?,
                        })
                    },
                )
                .optional()
            })
            .await;
        let mail = match mail {
            Ok(Some(mail)) => mail,
            Ok(None) => continue,
            Err(err) => {
                tracing::error!(%err, id, "cannot read an outbox row");
                all_sent = false;
                continue;
            }
        };
        let outcome = send(transport, &mail).await;
        if outcome.is_err() {
            all_sent = false;
        }
        let marked = store
            .call(move |db| {
                db.execute(
                    "UPDATE outbox SET attempts = attempts + 1, sent = ?2, last_error = ?3 WHERE id = ?1",
                    params![id, outcome.is_ok(), outcome.err()],
                )
            })
            .await;
        if let Err(err) = marked {
            tracing::error!(%err, id, "cannot mark an outbox row");
            all_sent = false;
        }
    }
    if all_sent { Ok(()) } else { Err(()) }
}

async fn send(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    mail: &Pending,
) -> Result<(), String> {
    let message = Message::builder()
        .from(
            FROM.parse()
                .map_err(|err: lettre::address::AddressError| err.to_string())?,
        )
        .to(mail
            .recipient
            .parse()
            .map_err(|err: lettre::address::AddressError| err.to_string())?)
        .subject(mail.subject.clone())
        .message_id(mail.message_id.as_ref().map(|id| format!("<{id}>")))
        .date(mail.created_at.into())
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.clone())
        .map_err(|err| err.to_string())?;
    transport.send(message).await.map_err(|err| {
        tracing::warn!(%err, id = mail.id, "mail not delivered yet; will retry");
        err.to_string()
    })?;
    Ok(())
}
