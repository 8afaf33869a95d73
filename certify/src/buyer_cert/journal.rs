//! The marketplace's journal over HTTP (`GET /api/journal`, one exchange
//! at a time with its body), as the dashboard reads it: what
//! `certify_buyer` judges, and what `procsim certify buyer` watches while
//! it waits for the buyer.

use service_kit::journal::{Direction, Exchange, ExchangeDetail};

/// The document types a buyer session is made of.
const SESSION_TYPES: [&str; 3] = [
    "PunchOutSetupRequest",
    "PunchOutOrderMessage",
    "OrderRequest",
];

/// Why the journal could not be read.
#[derive(Debug, thiserror::Error)]
pub enum JournalReadError {
    #[error("cannot reach the marketplace's journal at {url}: {source}")]
    Http {
        url: String,
        #[source]
        source: reqwest::Error,
    },
    #[error("the marketplace's journal at {url} answered HTTP {status}")]
    Status { url: String, status: u16 },
    #[error("the marketplace's journal at {url} answered something unreadable: {source}")]
    Body {
        url: String,
        #[source]
        source: serde_json::Error,
    },
}

async fn get<T: serde::de::DeserializeOwned>(
    http: &reqwest::Client,
    url: String,
) -> Result<T, JournalReadError> {
    let reply = http
        .get(&url)
        .send()
        .await
        .map_err(|source| JournalReadError::Http {
            url: url.clone(),
            source,
        })?;
    let status = reply.status().as_u16();
    if status != 200 {
        return Err(JournalReadError::Status { url, status });
    }
    let body = reply
        .bytes()
        .await
        .map_err(|source| JournalReadError::Http {
            url: url.clone(),
            source,
        })?;
    serde_json::from_slice(&body).map_err(|source| JournalReadError::Body { url, source })
}

/// The exchanges journaled after `after` (0: from the start), without
/// bodies, oldest first.
pub async fn list_after(
    http: &reqwest::Client,
    marketplace_url: &str,
    after: i64,
) -> Result<Vec<Exchange>, JournalReadError> {
    let base = marketplace_url.trim_end_matches('/');
    get(http, format!("{base}/api/journal?after={after}")).await
}

/// Every setup request, cart and order in the marketplace's journal,
/// with bodies: what [`crate::certify_buyer`] judges.
pub async fn read_session_exchanges(
    http: &reqwest::Client,
    marketplace_url: &str,
) -> Result<Vec<ExchangeDetail>, JournalReadError> {
    let base = marketplace_url.trim_end_matches('/');
    let mut details = Vec::new();
    let mut after = 0;
    loop {
        let page = list_after(http, base, after).await?;
        let Some(last) = page.last() else {
            break;
        };
        after = last.id;
        for exchange in page.iter().filter(|e| is_session_document(e)) {
            details.push(get(http, format!("{base}/api/journal/{}", exchange.id)).await?);
        }
    }
    Ok(details)
}

fn is_session_document(exchange: &Exchange) -> bool {
    exchange
        .document_type
        .as_deref()
        .is_some_and(|kind| SESSION_TYPES.contains(&kind))
}

/// Whether `exchange` is an OrderRequest the buyer sent: what ends the
/// wait for a buyer session.
pub fn is_buyer_order(exchange: &Exchange) -> bool {
    exchange.direction == Direction::Inbound
        && exchange.document_type.as_deref() == Some("OrderRequest")
}
