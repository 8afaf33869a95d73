//! `Outbox::pause` waits for a delivery in progress: against an SMTP
//! server that takes its time to greet, the pause returns only once the
//! server has the whole message.

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use service_kit::Storage;
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
    sync::oneshot,
};

use super::{Mail, Outbox, enqueue};

/// Answers one SMTP session, greeting only after `delay`; sets
/// `delivered` when the message's final `.` arrives.
async fn slow_smtp(
    listener: TcpListener,
    delay: Duration,
    accepted: oneshot::Sender<()>,
    delivered: Arc<AtomicBool>,
) -> std::io::Result<()> {
    let (stream, _) = listener.accept().await?;
    let _ = accepted.send(());
    tokio::time::sleep(delay).await;
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 slow.test ESMTP\r\n").await?;
    let mut in_data = false;
    while let Some(line) = lines.next_line().await? {
        if in_data {
            if line == "." {
                delivered.store(true, Ordering::SeqCst);
                write.write_all(b"250 queued\r\n").await?;
                in_data = false;
            }
            continue;
        }
        let verb = line
            .split(' ')
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" | "HELO" => b"250 slow.test\r\n",
            "MAIL" | "RCPT" | "RSET" | "NOOP" => b"250 ok\r\n",
            "DATA" => {
                in_data = true;
                b"354 go on\r\n"
            }
            "QUIT" => {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            }
            _ => b"500 not understood\r\n",
        };
        write.write_all(reply).await?;
    }
    Ok(())
}

#[tokio::test]
async fn a_pause_waits_for_the_delivery_in_progress() {
    let store = crate::db::open(&Storage::Memory).expect("database");
    store
        .with(|db| {
            enqueue(
                db,
                "buyer@acme.test",
                &Mail {
                    subject: "Agreement created".into(),
                    body: "PO-000001".into(),
                },
                "2026-01-01T00:00:00Z",
            )
        })
        .expect("queued");
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("listener");
    let smtp_addr = listener.local_addr().expect("address");
    let (accepted_tx, accepted) = oneshot::channel();
    let delivered = Arc::new(AtomicBool::new(false));
    let server = tokio::spawn(slow_smtp(
        listener,
        Duration::from_millis(300),
        accepted_tx,
        delivered.clone(),
    ));
    // The worker sends what was queued before it started.
    let outbox = Outbox::start(store.clone(), smtp_addr);
    accepted.await.expect("the worker connected");
    let _paused = outbox.pause().await;
    assert!(
        delivered.load(Ordering::SeqCst),
        "the pause returned while the mail was still on its way"
    );
    server.await.expect("server task").expect("SMTP session");
}
