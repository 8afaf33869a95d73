//! The SMTP listener: binds first (so the port is known before anything
//! connects), then serves connections until a shutdown signal, each one a
//! [`Session`] fed by a [`LineBuffer`]. A message is answered 250 only once
//! the mailbox has committed it.

use std::{future::Future, io, net::SocketAddr, time::Duration};

use service_kit::Clock;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt, BufWriter},
    net::{TcpListener, TcpStream},
    sync::watch,
    task::JoinSet,
};

use super::{
    Limits, Reply, Session, Step,
    lines::{LineBuffer, LineEvent},
};
use crate::{envelope::Envelope, store::Mailbox};

/// The name the server gives itself in its greeting.
const HOSTNAME: &str = "mail.procsim.test";

/// A silent client is dropped after this long (RFC 5321 suggests minutes).
const IDLE_TIMEOUT: Duration = Duration::from_secs(300);

const READ_CHUNK: usize = 16 * 1024;

/// An SMTP listener that is bound but not yet serving.
pub struct SmtpServer {
    listener: TcpListener,
    mailbox: Mailbox,
    clock: Clock,
    limits: Limits,
}

impl SmtpServer {
    /// Serves on `listener`, bound earlier, into `mailbox`.
    pub fn new(listener: TcpListener, mailbox: Mailbox, clock: Clock) -> Self {
        SmtpServer {
            listener,
            mailbox,
            clock,
            limits: Limits::default(),
        }
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` resolves. Open connections are then told
    /// `421` at their next read; a delivery already being stored finishes
    /// (and is acknowledged) first.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send) -> io::Result<()> {
        tracing::info!(service = "mail smtp", addr = ?self.local_addr()?, "serving");
        let (stop_tx, stop_rx) = watch::channel(false);
        let mut connections = JoinSet::new();
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                () = &mut shutdown => break,
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
                accepted = self.listener.accept() => {
                    let (stream, peer) = match accepted {
                        Ok(accepted) => accepted,
                        Err(err) => {
                            // Per-connection failures (e.g. reset before
                            // accept) must not stop the server.
                            tracing::warn!(%err, "smtp accept failed");
                            continue;
                        }
                    };
                    let connection = Connection {
                        mailbox: self.mailbox.clone(),
                        clock: self.clock.clone(),
                        session: Session::new(HOSTNAME, self.limits),
                        stop: stop_rx.clone(),
                    };
                    connections.spawn(async move {
                        if let Err(err) = connection.serve(stream).await {
                            tracing::debug!(%peer, %err, "smtp connection ended with an error");
                        }
                    });
                }
            }
        }
        stop_tx.send_replace(true);
        while connections.join_next().await.is_some() {}
        Ok(())
    }
}

struct Connection {
    mailbox: Mailbox,
    clock: Clock,
    session: Session,
    stop: watch::Receiver<bool>,
}

impl Connection {
    async fn serve(mut self, stream: TcpStream) -> io::Result<()> {
        let (mut reader, writer) = stream.into_split();
        let mut writer = BufWriter::new(writer);
        let mut lines = LineBuffer::new();
        let mut chunk = vec![0; READ_CHUNK];
        writer
            .write_all(&self.session.greeting().to_bytes())
            .await?;
        loop {
            // Answer every complete line before flushing once: with
            // PIPELINING a client may send several commands in one packet.
            while let Some(event) = lines.next_line(self.session.max_line()) {
                let step = match event {
                    LineEvent::Line(line) => self.session.line(&line),
                    LineEvent::TooLong => self.session.line_too_long(),
                };
                let reply = match step {
                    Step::Silent => continue,
                    Step::Reply(reply) => reply,
                    Step::Deliver(envelope) => self.deliver(envelope).await,
                    Step::Close(reply) => {
                        writer.write_all(&reply.to_bytes()).await?;
                        return writer.shutdown().await;
                    }
                };
                writer.write_all(&reply.to_bytes()).await?;
            }
            writer.flush().await?;
            let read = tokio::select! {
                read = tokio::time::timeout(IDLE_TIMEOUT, reader.read(&mut chunk)) => read,
                () = stopped(&mut self.stop) => {
                    let bye = Reply::new(421, "4.3.2 Service shutting down");
                    writer.write_all(&bye.to_bytes()).await?;
                    return writer.shutdown().await;
                }
            };
            let Ok(read) = read else {
                let bye = Reply::new(421, "4.4.2 Idle too long, closing");
                writer.write_all(&bye.to_bytes()).await?;
                return writer.shutdown().await;
            };
            let count = read?;
            if count == 0 {
                return Ok(());
            }
            lines.push(&chunk[..count]);
        }
    }

    async fn deliver(&self, envelope: Envelope) -> Reply {
        let recipients = envelope.to.len();
        match self.mailbox.deliver(envelope, self.clock.now()).await {
            Ok(id) => {
                tracing::debug!(%id, recipients, "mail stored");
                Reply::ok(format!("2.0.0 Ok: queued as {id}"))
            }
            Err(err) => {
                tracing::error!(%err, "cannot store a received message");
                Reply::new(451, "4.3.0 Cannot store the message now; try again later")
            }
        }
    }
}

/// Resolves once the server asked its connections to stop (or is gone).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    // The guard `wait_for` returns is not `Send`; drop it at once.
    let _ = stop.wait_for(|stop| *stop).await.map(|_| ());
}
