//! A running mail service per test and a raw SMTP client that shows the
//! exact reply codes.

use std::net::SocketAddr;

use jiff::Timestamp;
use serde_json::Value;
use service_kit::{Clock, Shutdown, Storage};
use sim_mail::{MailConfig, MailListeners};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::{
        TcpStream,
        tcp::{OwnedReadHalf, OwnedWriteHalf},
    },
    task::JoinHandle,
};

pub const START: &str = "2026-01-05T09:00:00Z";

pub struct Mail {
    pub web: String,
    pub smtp: SocketAddr,
    pub clock: Clock,
    shutdown: Shutdown,
    task: JoinHandle<std::io::Result<()>>,
}

impl Mail {
    /// Binds both listeners on free loopback ports, then serves.
    pub async fn start(storage: Storage) -> Mail {
        let clock = Clock::starting_at(
            START
                .parse::<Timestamp>()
                .expect("the start time is a valid RFC 3339 time"),
        );
        Self::start_with_clock(storage, clock).await
    }

    pub async fn start_with_clock(storage: Storage, clock: Clock) -> Mail {
        let loopback = SocketAddr::from(([127, 0, 0, 1], 0));
        let listeners = MailListeners {
            web: service_kit::connections::listen(loopback)
                .expect("a free loopback port for the web side can be bound"),
            smtp: service_kit::connections::listen(loopback)
                .expect("a free loopback port for SMTP can be bound"),
        };
        let smtp = listeners
            .smtp
            .local_addr()
            .expect("a bound listener has a local address");
        let service = sim_mail::build(listeners, MailConfig { storage }, clock.clone())
            .expect("the mail service builds on its listeners");
        let web = format!(
            "http://{}",
            service
                .local_addr()
                .expect("a built service has a local address")
        );
        let shutdown = Shutdown::new();
        let task = tokio::spawn(service.run_until(shutdown.wait()));
        Mail {
            web,
            smtp,
            clock,
            shutdown,
            task,
        }
    }

    pub async fn stop(self) {
        self.shutdown.trigger();
        self.task
            .await
            .expect("the mail service's task did not panic")
            .expect("the mail service stops without an I/O error");
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        reqwest::get(format!("{}{path}", self.web))
            .await
            .expect("the mail service answers the GET")
    }

    pub async fn json(&self, path: &str) -> Value {
        let reply = self.get(path).await;
        assert_eq!(reply.status(), 200, "GET {path}");
        reply
            .json()
            .await
            .expect("the mail service answers with JSON")
    }

    pub async fn messages(&self) -> Value {
        self.json("/api/v1/messages").await
    }

    /// Sends one message in a fresh SMTP session; returns the final code.
    pub async fn send(&self, from: &str, to: &[&str], data: &str) -> u16 {
        let mut client = SmtpClient::connect(self.smtp).await;
        assert_eq!(client.command("EHLO test.client").await, 250);
        assert_eq!(client.command(&format!("MAIL FROM:<{from}>")).await, 250);
        for recipient in to {
            assert_eq!(client.command(&format!("RCPT TO:<{recipient}>")).await, 250);
        }
        assert_eq!(client.command("DATA").await, 354);
        let code = client.data(data).await;
        assert_eq!(client.command("QUIT").await, 221);
        code
    }
}

/// A message with the usual headers; `body` lines joined with CRLF.
pub fn message(from: &str, to: &str, subject: &str, body: &str) -> String {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\n\
         Message-ID: <{}@test>\r\n\r\n{body}\r\n",
        subject.len()
    )
}

pub struct SmtpClient {
    reader: BufReader<OwnedReadHalf>,
    writer: OwnedWriteHalf,
    pub last_reply: String,
}

impl SmtpClient {
    pub async fn connect(addr: SocketAddr) -> SmtpClient {
        let (reader, writer) = TcpStream::connect(addr)
            .await
            .expect("the SMTP listener accepts a connection")
            .into_split();
        let mut client = SmtpClient {
            reader: BufReader::new(reader),
            writer,
            last_reply: String::new(),
        };
        assert_eq!(client.reply().await, 220);
        client
    }

    /// Writes raw bytes, no line ending added.
    pub async fn write(&mut self, bytes: &[u8]) {
        self.writer
            .write_all(bytes)
            .await
            .expect("the SMTP server takes what the client writes");
    }

    pub async fn command(&mut self, line: &str) -> u16 {
        self.write(format!("{line}\r\n").as_bytes()).await;
        self.reply().await
    }

    /// Sends `data` (dot-stuffing it) and the end marker; returns the code.
    pub async fn data(&mut self, data: &str) -> u16 {
        let mut wire = String::new();
        for line in data.split_terminator("\r\n") {
            if line.starts_with('.') {
                wire.push('.');
            }
            wire.push_str(line);
            wire.push_str("\r\n");
        }
        wire.push_str(".\r\n");
        self.write(wire.as_bytes()).await;
        self.reply().await
    }

    /// Reads one (possibly multi-line) reply and returns its code.
    pub async fn reply(&mut self) -> u16 {
        self.last_reply.clear();
        loop {
            let mut line = String::new();
            let read = self
                .reader
                .read_line(&mut line)
                .await
                .expect("the SMTP server's reply can be read");
            assert!(read > 0, "server closed the connection");
            self.last_reply.push_str(&line);
            if line.as_bytes().get(3) != Some(&b'-') {
                return line[..3]
                    .parse()
                    .expect("an SMTP reply starts with a three-digit code");
            }
        }
    }
}
