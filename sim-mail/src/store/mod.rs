//! The mailbox: every message the sink accepted, in the mail service's own
//! SQLite database (`service_kit::Store`). A delivery is committed before
//! the SMTP server acknowledges it, so an acknowledged message survives a
//! crash when procsim runs with a data dir.

mod schema;

use jiff::Timestamp;
use rand::{Rng, distr::Alphanumeric};
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};
use serde::{Serialize, de::DeserializeOwned};
use service_kit::{Storage, Store, StoreError};

use crate::{
    envelope::Envelope,
    parse::{EmailAddress, ParsedMail, parse},
    search::SearchQuery,
};

/// Length of a public message id (Mailpit's ids are 22 alphanumerics too).
const ID_LEN: usize = 22;

/// A message as lists show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub id: String,
    pub message_id: String,
    pub read: bool,
    pub from: Option<EmailAddress>,
    pub to: Vec<EmailAddress>,
    pub cc: Vec<EmailAddress>,
    pub bcc: Vec<EmailAddress>,
    pub reply_to: Vec<EmailAddress>,
    pub subject: String,
    /// When the sink received it, on the simulated clock.
    pub created: Timestamp,
    pub size: u64,
    pub attachments: u64,
    pub snippet: String,
}

/// A message with its bodies, as the message view and API show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FullMessage {
    pub summary: Summary,
    /// The Date header (RFC 3339) if the message had a readable one.
    pub date: Option<String>,
    /// The envelope sender (MAIL FROM).
    pub return_path: String,
    pub text: String,
    pub html: String,
}

/// One page of a list or search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing {
    /// Messages in the mailbox, and how many of them are unread.
    pub total: u64,
    pub unread: u64,
    /// Messages that match the query, and how many of them are unread.
    pub matched: u64,
    pub matched_unread: u64,
    /// The requested page of the matches, newest first.
    pub messages: Vec<Summary>,
}

/// Which slice of the matches to return.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub start: u64,
    pub limit: u64,
}

/// A `Clone` handle to the mail database.
#[derive(Clone, Debug)]
pub struct Mailbox {
    store: Store,
}

const SUMMARY_COLUMNS: &str = "id, message_id, read, from_json, to_json, cc_json, bcc_json, \
     reply_to_json, subject, received, size, attachments, snippet";

impl Mailbox {
    /// Opens `mail.sqlite` in `storage` (or a private in-memory database).
    pub fn open(storage: &Storage) -> Result<Self, StoreError> {
        let store = Store::open(storage, schema::FILE_NAME, schema::MIGRATIONS)?;
        Ok(Mailbox { store })
    }

    /// Parses and stores a received message; returns its public id once
    /// the row is committed.
    pub async fn deliver(
        &self,
        envelope: Envelope,
        received: Timestamp,
    ) -> Result<String, StoreError> {
        let (envelope, parsed) = tokio::task::spawn_blocking(move || {
            let parsed = parse(&envelope.data);
            (envelope, parsed)
        })
        .await
        .map_err(|err| StoreError::Task(err.to_string()))?;
        self.store
            .call(move |conn| insert(conn, &envelope, parsed, received))
            .await
    }

    /// The matches of `query` (everything when it is empty), newest first.
    /// Deletes every message in one transaction (the reset of all state).
    pub async fn reset(&self) -> Result<(), StoreError> {
        self.store.empty_and_reseed(&["messages"], |_| Ok(())).await
    }

    pub async fn list(&self, query: SearchQuery, page: Page) -> Result<Listing, StoreError> {
        self.store
            .call(move |conn| {
                let (condition, params) = query.to_sql();
                let counts = |condition: &str, params: &[String]| {
                    conn.query_row(
                        &format!(
                            "SELECT count(*), coalesce(sum(read = 0), 0) FROM messages \
                             WHERE {condition}"
                        ),
                        params_from_iter(params),
                        |row| Ok((unsigned(row, 0)?, unsigned(row, 1)?)),
                    )
                };
                let (total, unread) = counts("1", &[])?;
                let (matched, matched_unread) = counts(&condition, &params)?;
                let mut statement = conn.prepare(&format!(
                    "SELECT {SUMMARY_COLUMNS} FROM messages WHERE {condition} \
                     ORDER BY seq DESC LIMIT {} OFFSET {}",
                    page.limit, page.start
                ))?;
                let messages = statement
                    .query_map(params_from_iter(&params), summary)?
                    .collect::<rusqlite::Result<_>>()?;
                Ok(Listing {
                    total,
                    unread,
                    matched,
                    matched_unread,
                    messages,
                })
            })
            .await
    }

    /// The message with `id`, marked read (opening a message reads it).
    pub async fn open_message(&self, id: String) -> Result<Option<FullMessage>, StoreError> {
        self.store
            .call(move |conn| {
                let tx = conn.transaction()?;
                tx.execute("UPDATE messages SET read = 1 WHERE id = ?", [&id])?;
                let message = tx
                    .query_row(
                        &format!(
                            "SELECT {SUMMARY_COLUMNS}, date, envelope_from, text_body, html_body \
                             FROM messages WHERE id = ?"
                        ),
                        [&id],
                        |row| {
                            Ok(FullMessage {
                                summary: summary(row)?,
                                date: row.get(13)?,
                                return_path: row.get(14)?,
                                text: row.get(15)?,
                                html: row.get(16)?,
                            })
                        },
                    )
                    .optional()?;
                tx.commit()?;
                Ok(message)
            })
            .await
    }

    /// The message's bytes exactly as received.
    pub async fn raw(&self, id: String) -> Result<Option<Vec<u8>>, StoreError> {
        self.store
            .call(move |conn| {
                conn.query_row("SELECT raw FROM messages WHERE id = ?", [&id], |row| {
                    row.get(0)
                })
                .optional()
            })
            .await
    }

    /// Deletes the listed messages, or every message when `ids` is empty;
    /// returns how many were deleted.
    pub async fn delete(&self, ids: Vec<String>) -> Result<usize, StoreError> {
        self.store
            .call(move |conn| {
                if ids.is_empty() {
                    return conn.execute("DELETE FROM messages", []);
                }
                let tx = conn.transaction()?;
                let mut deleted = 0;
                for id in &ids {
                    deleted += tx.execute("DELETE FROM messages WHERE id = ?", [id])?;
                }
                tx.commit()?;
                Ok(deleted)
            })
            .await
    }
}

fn insert(
    conn: &mut Connection,
    envelope: &Envelope,
    parsed: ParsedMail,
    received: Timestamp,
) -> rusqlite::Result<String> {
    let id = new_id();
    let bcc = blind_recipients(&parsed, &envelope.to);
    conn.execute(
        "INSERT INTO messages (id, message_id, received, envelope_from, envelope_to,
             from_json, to_json, cc_json, bcc_json, reply_to_json, subject, date,
             text_body, html_body, snippet, attachments, size, raw)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params![
            id,
            parsed.message_id,
            received.to_string(),
            envelope.from,
            to_json(&envelope.to)?,
            to_json(&parsed.from)?,
            to_json(&parsed.to)?,
            to_json(&parsed.cc)?,
            to_json(&bcc)?,
            to_json(&parsed.reply_to)?,
            parsed.subject,
            parsed.date,
            parsed.text,
            parsed.html,
            parsed.snippet,
            i64::try_from(parsed.attachments).unwrap_or(i64::MAX),
            i64::try_from(envelope.data.len()).unwrap_or(i64::MAX),
            envelope.data,
        ],
    )?;
    Ok(id)
}

/// Bcc as Mailpit shows it: the Bcc header if any, plus every envelope
/// recipient that no To, Cc or Bcc header names.
fn blind_recipients(parsed: &ParsedMail, envelope_to: &[String]) -> Vec<EmailAddress> {
    let mut bcc = parsed.bcc.clone();
    for recipient in envelope_to {
        let named = parsed
            .to
            .iter()
            .chain(&parsed.cc)
            .chain(&bcc)
            .any(|a| a.address.eq_ignore_ascii_case(recipient));
        if !named {
            bcc.push(EmailAddress {
                name: String::new(),
                address: recipient.clone(),
            });
        }
    }
    bcc
}

fn summary(row: &Row<'_>) -> rusqlite::Result<Summary> {
    let received: String = row.get(9)?;
    Ok(Summary {
        id: row.get(0)?,
        message_id: row.get(1)?,
        read: row.get(2)?,
        from: from_json(row, 3)?,
        to: from_json(row, 4)?,
        cc: from_json(row, 5)?,
        bcc: from_json(row, 6)?,
        reply_to: from_json(row, 7)?,
        subject: row.get(8)?,
        created: received.parse().map_err(|err| {
            rusqlite::Error::FromSqlConversionFailure(9, rusqlite::types::Type::Text, Box::new(err))
        })?,
        size: unsigned(row, 10)?,
        attachments: unsigned(row, 11)?,
        snippet: row.get(12)?,
    })
}

/// SQLite integers are signed; counts and sizes are never negative.
fn unsigned(row: &Row<'_>, index: usize) -> rusqlite::Result<u64> {
    let value: i64 = row.get(index)?;
    Ok(u64::try_from(value).unwrap_or(0))
}

fn to_json(value: &impl Serialize) -> rusqlite::Result<String> {
    serde_json::to_string(value).map_err(|err| rusqlite::Error::ToSqlConversionFailure(err.into()))
}

fn from_json<T: DeserializeOwned>(row: &Row<'_>, index: usize) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    serde_json::from_str(&text).map_err(|err| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, err.into())
    })
}

fn new_id() -> String {
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(ID_LEN)
        .map(char::from)
        .collect()
}
