//! The inbox list (`GET /`, newest first, with search) and the message view
//! (`GET /messages/{id}`, which marks the message read).

use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::Response,
};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tera::Context;

use super::{PageError, error_page, page};
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

pub async fn inbox(State(state): State<AppState>, Query(params): Query<InboxParams>) -> Response {
    let query = params.q.trim().to_owned();
    let page_of = Page {
        start: 0,
        limit: INBOX_PAGE,
    };
    let listing = match state
        .mailbox
        .list(SearchQuery::parse(&query), page_of)
        .await
    {
        Ok(listing) => listing,
        Err(err) => return error_page(&state.templates, err.into()),
    };
    let rows: Vec<Row> = listing.messages.into_iter().map(row).collect();
    let mut context = Context::new();
    context.insert("query", &query);
    context.insert("total", &listing.total);
    context.insert("unread", &listing.unread);
    context.insert("matched", &listing.matched);
    context.insert("messages", &rows);
    page(&state.templates, StatusCode::OK, "inbox.html", &context)
}

pub async fn message(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let message = match state.mailbox.open_message(id).await {
        Ok(Some(message)) => message,
        Ok(None) => return error_page(&state.templates, PageError::NotFound),
        Err(err) => return error_page(&state.templates, err.into()),
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
    page(&state.templates, StatusCode::OK, "message.html", &context)
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

fn when(instant: Timestamp) -> String {
    instant.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()
}
