//! The delivery worker: sends every unsent outbox row over SMTP with
//! lettre, marks it sent, and on failure retries with a growing pause
//! (1 s doubling to 60 s) or as soon as new mail is queued.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use jiff::Timestamp;
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor, message::header::ContentType,
};
use rusqlite::params;
use service_kit::Store;
use tokio::sync::{Mutex, Notify};

/// Who notifications come from.
const FROM: &str = "procsim marketplace <notifications@marketplace.procsim.test>";
const FIRST_RETRY: Duration = Duration::from_secs(1);
const LAST_RETRY: Duration = Duration::from_secs(60);

struct Pending {
    id: i64,
    recipient: String,
    subject: String,
    body: String,
    created_at: String,
}

/// Delivers until aborted; each round of deliveries holds `sending`.
pub async fn run(
    store: Store,
    smtp_addr: SocketAddr,
    notify: Arc<Notify>,
    sending: Arc<Mutex<()>>,
) {
    let transport =
        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(smtp_addr.ip().to_string())
            .port(smtp_addr.port())
            .build();
    let mut pause = FIRST_RETRY;
    loop {
        let delivered = {
            let _sending = sending.lock().await;
            deliver_pending(&store, &transport).await
        };
        match delivered {
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
) -> Result<(), ()> {
    let pending = store
        .call(|db| {
            db.prepare(
                "SELECT id, recipient, subject, body, created_at FROM outbox WHERE sent = 0 ORDER BY id",
            )?
            .query_map([], |row| {
                Ok(Pending {
                    id: row.get(0)?,
                    recipient: row.get(1)?,
                    subject: row.get(2)?,
                    body: row.get(3)?,
                    created_at: row.get(4)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()
        })
        .await
        .map_err(|err| tracing::error!(%err, "cannot read the outbox"))?;
    let mut all_sent = true;
    for mail in pending {
        let outcome = send(transport, &mail).await;
        if outcome.is_err() {
            all_sent = false;
        }
        let id = mail.id;
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
    let date = mail
        .created_at
        .parse::<Timestamp>()
        .map_err(|err| err.to_string())?;
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
        .date(date.into())
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.clone())
        .map_err(|err| err.to_string())?;
    transport.send(message).await.map_err(|err| {
        tracing::warn!(%err, id = mail.id, "mail not delivered yet; will retry");
        err.to_string()
    })?;
    Ok(())
}
