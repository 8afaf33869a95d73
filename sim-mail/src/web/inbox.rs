//! The inbox list (`GET /`, newest first, with search), the message view
//! (`GET /messages/{id}`, which marks the message read; `?view=html`,
//! `text` or `headers`), and deleting one message or all of them (`POST
//! /messages/{id}/delete`, `POST /messages/delete`, each back to the inbox).

use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{Redirect, Response},
};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tera::Context;

use super::{PageError, page};
use crate::{
    AppState,
    parse::EmailAddress,
    search::SearchQuery,
    store::{Page, Summary},
};

/// The inbox shows this many messages; older ones are reached by search.
const INBOX_PAGE: u64 = 200;

#[derive(Debug, Deserialize)]
pub struct InboxParams {
    #[serde(default)]
    q: String,
}

#[derive(Debug, Serialize)]
struct Row {
    id: String,
    from: String,
    to: String,
    subject: String,
    snippet: String,
    received: String,
    read: bool,
}

pub async fn inbox(
    State(state): State<AppState>,
    Query(params): Query<InboxParams>,
) -> Result<Response, PageError> {
    let query = params.q.trim().to_owned();
    let page_of = Page {
        start: 0,
        limit: INBOX_PAGE,
    };
    let listing = state
        .mailbox
        .list(SearchQuery::parse(&query), page_of)
        .await?;
    let rows: Vec<Row> = listing.messages.into_iter().map(row).collect();
    let mut context = Context::new();
    context.insert("query", &query);
    context.insert("total", &listing.total);
    context.insert("unread", &listing.unread);
    context.insert("matched", &listing.matched);
    context.insert("messages", &rows);
    Ok(page(
        &state.templates,
        StatusCode::OK,
        "inbox.html",
        &context,
    ))
}

/// Which part of a message its page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum View {
    Html,
    Text,
    Headers,
}

#[derive(Debug, Deserialize)]
pub struct MessageParams {
    view: Option<View>,
}

/// At most this much of a message's header block is shown.
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// One header line as received, folded lines joined.
#[derive(Debug, Serialize)]
struct HeaderLine {
    name: String,
    value: String,
}

pub async fn message(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(params): Query<MessageParams>,
) -> Result<Response, PageError> {
    let message = state
        .mailbox
        .open_message(id.clone())
        .await?
        .ok_or(PageError::NotFound)?;
    let default = if !message.html.is_empty() {
        View::Html
    } else {
        View::Text
    };
    let view = params.view.unwrap_or(default);
    let headers = if view == View::Headers {
        header_lines(state.mailbox.raw(id).await?.as_deref().unwrap_or_default())
    } else {
        Vec::new()
    };
    let summary = message.summary;
    let mut context = Context::new();
    context.insert("id", &summary.id);
    context.insert("subject", &subject(&summary.subject));
    context.insert(
        "from",
        &summary.from.as_ref().map(display).unwrap_or_default(),
    );
    context.insert("to", &display_list(&summary.to));
    context.insert("cc", &display_list(&summary.cc));
    context.insert("bcc", &display_list(&summary.bcc));
    context.insert("reply_to", &display_list(&summary.reply_to));
    context.insert("date", &message.date);
    context.insert("received", &when(summary.created));
    context.insert("size", &summary.size);
    context.insert("text", &message.text);
    context.insert("html", &message.html);
    context.insert("view", &view);
    context.insert("headers", &headers);
    Ok(page(
        &state.templates,
        StatusCode::OK,
        "message.html",
        &context,
    ))
}

/// Deletes one message, then shows the inbox; an unknown id is a 404 page.
pub async fn delete_one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Redirect, PageError> {
    match state.mailbox.delete(vec![id]).await? {
        0 => Err(PageError::NotFound),
        _ => Ok(Redirect::to("/")),
    }
}

/// Deletes every message, then shows the (empty) inbox.
pub async fn delete_all(State(state): State<AppState>) -> Result<Redirect, PageError> {
    state.mailbox.delete(Vec::new()).await?;
    Ok(Redirect::to("/"))
}

/// The header block of `raw` (up to the first empty line, at most
/// [`MAX_HEADER_BYTES`]), one entry per header with folded lines joined.
fn header_lines(raw: &[u8]) -> Vec<HeaderLine> {
    let block = &raw[..raw.len().min(MAX_HEADER_BYTES)];
    let text = String::from_utf8_lossy(block);
    let mut lines: Vec<HeaderLine> = Vec::new();
    for line in text.split('\n').map(|l| l.trim_end_matches('\r')) {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if let Some(last) = lines.last_mut() {
                last.value.push(' ');
                last.value.push_str(line.trim());
            }
            continue;
        }
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        lines.push(HeaderLine {
            name: name.trim().to_owned(),
            value: value.trim().to_owned(),
        });
    }
    lines
}

fn row(summary: Summary) -> Row {
    Row {
        from: summary.from.as_ref().map(display).unwrap_or_default(),
        to: display_list(&summary.to),
        subject: subject(&summary.subject),
        received: when(summary.created),
        id: summary.id,
        snippet: summary.snippet,
        read: summary.read,
    }
}

fn subject(subject: &str) -> String {
    if subject.trim().is_empty() {
        "(no subject)".to_owned()
    } else {
        subject.to_owned()
    }
}

fn display(address: &EmailAddress) -> String {
    if address.name.is_empty() {
        address.address.clone()
    } else {
        format!("{} <{}>", address.name, address.address)
    }
}

fn display_list(addresses: &[EmailAddress]) -> String {
    addresses.iter().map(display).collect::<Vec<_>>().join(", ")
}

/// An instant as every procsim page shows it to people.
fn when(instant: Timestamp) -> String {
    service_kit::look::human_time(instant)
}
