//! The dashboard's pages: the hub (services, clock, connections), the
//! merged journal and one exchange, drawn through `rendering`; one local
//! stylesheet, no scripts needed.

use axum::{
    Router,
    extract::{Path, Query, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Serialize;
use service_kit::journal::{ExchangeDetail, JournalStats};
use service_kit::look;
use tera::Context;

use crate::{
    AppState,
    exchange_view::{self, BodyView, human_bytes},
    journal_merge::{self, MergedFilter},
    peers::journal_source,
    rendering::{PageError, human_time, render},
    resend, schedule, walkthroughs,
};

const STYLESHEET: &str = include_str!("../static/dashboard.css");

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/journal", get(journal))
        .route("/journal/{service}/{id}", get(exchange))
        .route("/journal/{service}/{id}/{part}", get(download))
        .route("/static/dashboard.css", get(stylesheet))
}

#[derive(Serialize)]
struct ServiceRow {
    name: String,
    url: String,
    browsable: bool,
    up: bool,
    /// What its journal holds and keeps, for services with one.
    journal: Option<JournalSize>,
}

/// A journal's size for people.
#[derive(Serialize)]
struct JournalSize {
    rows: u64,
    bytes: String,
    max_rows: u64,
    max_bytes: String,
    dropped_rows: u64,
}

impl From<JournalStats> for JournalSize {
    fn from(stats: JournalStats) -> Self {
        JournalSize {
            rows: stats.rows,
            bytes: human_bytes(stats.bytes),
            max_rows: stats.limits.max_rows,
            max_bytes: human_bytes(stats.limits.max_bytes),
            dropped_rows: stats.dropped_rows,
        }
    }
}

async fn index(State(state): State<AppState>) -> Response {
    let mut checks = tokio::task::JoinSet::new();
    for (index, service) in state.config.services.iter().enumerate() {
        let (http, url, has_journal) =
            (state.http.clone(), service.url.clone(), service.has_journal);
        checks.spawn(async move {
            let up = is_up(&http, &url).await;
            let journal = if has_journal {
                journal_stats(&http, &url).await
            } else {
                None
            };
            (index, up, journal)
        });
    }
    let mut services: Vec<ServiceRow> = state
        .config
        .services
        .iter()
        .map(|s| ServiceRow {
            name: s.name.clone(),
            url: s.url.clone(),
            browsable: s.url.starts_with("http"),
            up: false,
            journal: None,
        })
        .collect();
    while let Some(Ok((index, up, journal))) = checks.join_next().await {
        services[index].up = up;
        services[index].journal = journal.map(JournalSize::from);
    }
    let mut context = Context::new();
    context.insert("walkthroughs", &walkthroughs::summaries(&state).await);
    context.insert("services", &services);
    context.insert("held", &marketplace_holds(&state).await);
    context.insert("now", &state.clock.now().to_string());
    context.insert("now_human", &human_time(state.clock.now()));
    context.insert("clock_running", &state.clock.is_running());
    context.insert("start", &human_time(state.clock.origin()));
    context.insert("next_event", &schedule::next_event(&state).await);
    context.insert("connections", &state.config.connections);
    render(&state, StatusCode::OK, "index.html", &context)
}

/// SMTP has no health route; an accepted TCP connection is its "up".
async fn is_up(http: &reqwest::Client, url: &str) -> bool {
    if let Some(addr) = url.strip_prefix("smtp://") {
        return tokio::net::TcpStream::connect(addr).await.is_ok();
    }
    http.get(format!("{url}/healthz"))
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
}

/// What the marketplace holds in memory and in its database (its
/// `/api/stats`: punchout StartPages not yet opened, open sessions,
/// orders, agreements, invoices), for the home page; `None` when it does
/// not answer.
async fn marketplace_holds(state: &AppState) -> Option<serde_json::Value> {
    let marketplace = state
        .config
        .services
        .iter()
        .find(|s| s.name == "marketplace")?;
    let reply = state
        .http
        .get(format!("{}/api/stats", marketplace.url))
        .send()
        .await
        .ok()?;
    reply.json().await.ok()
}

async fn journal_stats(http: &reqwest::Client, url: &str) -> Option<JournalStats> {
    let reply = http
        .get(format!("{url}/api/journal/stats"))
        .send()
        .await
        .ok()?;
    reply.json().await.ok()
}

async fn journal(State(state): State<AppState>, Query(filter): Query<MergedFilter>) -> Response {
    let merged = journal_merge::merge(&state, filter.clone()).await;
    let mut context = Context::new();
    context.insert("filter", &filter);
    context.insert("exchanges", &merged.exchanges);
    context.insert("unavailable", &merged.unavailable);
    context.insert("more", &merged.more);
    let names: Vec<&str> = state
        .config
        .services
        .iter()
        .filter(|s| s.has_journal)
        .map(|s| s.name.as_str())
        .collect();
    context.insert("journal_services", &names);
    render(&state, StatusCode::OK, "journal.html", &context)
}

async fn exchange(
    State(state): State<AppState>,
    Path((service, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let source = journal_source(&state, &service)?;
    let fetched = async {
        let reply = state
            .http
            .get(format!("{}/api/journal/{id}", source.url))
            .send()
            .await
            .ok()?;
        if !reply.status().is_success() {
            return None;
        }
        reply.json::<ExchangeDetail>().await.ok()
    }
    .await;
    let detail = fetched.ok_or_else(|| {
        PageError::new(
            StatusCode::NOT_FOUND,
            "That exchange is not in the service's journal.",
        )
    })?;
    let exchange = &detail.exchange;
    let document = BodyView::of(&detail.raw, exchange.raw_bytes, detail.raw_truncated, false);
    // The JSON answer of an exchange that is not cXML (an Open Buy
    // search's) is indented for reading; any other answer is laid out as
    // XML when it is.
    let response = detail.response_raw.as_deref().map(|raw| {
        BodyView::of(
            raw,
            exchange.response_bytes.unwrap_or(raw.len() as u64),
            detail.response_truncated,
            !exchange.is_cxml(),
        )
    });
    let mut context = Context::new();
    let header_parts = detail.headers.as_ref().map(|h| {
        [
            ("Request", h.request.clone()),
            ("Response", h.response.clone()),
        ]
    });
    context.insert("header_parts", &header_parts);
    context.insert("resendable", &resend::resendable(exchange));
    context.insert("document", &document);
    context.insert("response", &response);
    context.insert("is_cxml", &exchange.is_cxml());
    context.insert("exchange", exchange);
    context.insert("findings", &detail.findings);
    context.insert("response_findings", &detail.response_findings);
    context.insert("max_layout_bytes", &exchange_view::MAX_LAYOUT_BYTES);
    context.insert("max_indent", &exchange_view::MAX_INDENT);
    Ok(render(&state, StatusCode::OK, "exchange.html", &context))
}

/// `GET /journal/{service}/{id}/raw` and `/response`: the stored body as
/// the service serves it, as a download.
async fn download(
    State(state): State<AppState>,
    Path((service, id, part)): Path<(String, i64, String)>,
) -> Result<Response, PageError> {
    let source = journal_source(&state, &service).ok();
    let (Some(source), "raw" | "response") = (source, part.as_str()) else {
        return Err(PageError::new(
            StatusCode::NOT_FOUND,
            "There is no such body.",
        ));
    };
    let reply = state
        .http
        .get(format!("{}/api/journal/{id}/{part}", source.url))
        .send()
        .await;
    let reply = match reply {
        Ok(reply) if reply.status().is_success() => reply,
        _ => {
            return Err(PageError::new(
                StatusCode::NOT_FOUND,
                "That body is not in the service's journal.",
            ));
        }
    };
    let disposition = reply
        .headers()
        .get(header::CONTENT_DISPOSITION)
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static("attachment"));
    let body = reply.bytes().await.map_err(|_| {
        PageError::new(
            StatusCode::BAD_GATEWAY,
            "The service's journal did not send the whole body.",
        )
    })?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        body,
    )
        .into_response())
}

async fn stylesheet() -> Response {
    look::stylesheet(STYLESHEET)
}
