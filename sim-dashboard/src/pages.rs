//! The dashboard's pages: the hub (services, clock, connections), the
//! merged journal and one exchange. Tera templates compiled into the binary
//! with autoescaping, one local stylesheet, no scripts needed.

use axum::{
    Router,
    extract::{Path, Query, State},
    http::StatusCode,
    response::Response,
    routing::get,
};
use serde::Serialize;
use service_kit::journal::Exchange;
use service_kit::look;
use tera::{Context, Tera};

use crate::{
    AppState,
    journal_merge::{self, MergedFilter},
    schedule, walkthroughs,
};

const STYLESHEET: &str = include_str!("../static/dashboard.css");

pub(crate) fn templates() -> Result<Tera, tera::Error> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.add_raw_templates(vec![
        ("base.html", include_str!("../templates/base.html")),
        ("index.html", include_str!("../templates/index.html")),
        ("journal.html", include_str!("../templates/journal.html")),
        ("exchange.html", include_str!("../templates/exchange.html")),
        ("error.html", include_str!("../templates/error.html")),
        ("reset.html", include_str!("../templates/reset.html")),
        (
            "exchange_rows.html",
            include_str!("../templates/exchange_rows.html"),
        ),
        ("flow.html", include_str!("../templates/flow.html")),
        (
            "xml_lines.html",
            include_str!("../templates/xml_lines.html"),
        ),
        (
            "walkthrough.html",
            include_str!("../templates/walkthrough.html"),
        ),
    ])?;
    Ok(tera)
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/journal", get(journal))
        .route("/journal/{service}/{id}", get(exchange))
        .route("/static/dashboard.css", get(stylesheet))
}

#[derive(Serialize)]
struct ServiceRow {
    name: String,
    url: String,
    browsable: bool,
    up: bool,
}

async fn index(State(state): State<AppState>) -> Response {
    let mut checks = tokio::task::JoinSet::new();
    for (index, service) in state.config.services.iter().enumerate() {
        let (http, url) = (state.http.clone(), service.url.clone());
        checks.spawn(async move { (index, is_up(&http, &url).await) });
    }
    let mut up = vec![false; state.config.services.len()];
    while let Some(Ok((index, healthy))) = checks.join_next().await {
        up[index] = healthy;
    }
    let services: Vec<ServiceRow> = state
        .config
        .services
        .iter()
        .zip(up)
        .map(|(s, up)| ServiceRow {
            name: s.name.clone(),
            url: s.url.clone(),
            browsable: s.url.starts_with("http"),
            up,
        })
        .collect();
    let merged = journal_merge::merge(&state, MergedFilter::default()).await;
    let mut context = Context::new();
    context.insert(
        "walkthroughs",
        &walkthroughs::summaries(&state.walkthroughs, &merged.exchanges),
    );
    context.insert("services", &services);
    context.insert("now", &state.clock.now().to_string());
    context.insert("start", &state.clock.origin().to_string());
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

async fn journal(State(state): State<AppState>, Query(filter): Query<MergedFilter>) -> Response {
    let merged = journal_merge::merge(&state, filter.clone()).await;
    let mut context = Context::new();
    context.insert("filter", &filter);
    context.insert("exchanges", &merged.exchanges);
    context.insert("unavailable", &merged.unavailable);
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
) -> Response {
    let Some(source) = state
        .config
        .services
        .iter()
        .find(|s| s.has_journal && s.name == service)
    else {
        return error_page(
            &state,
            StatusCode::NOT_FOUND,
            "There is no service with a journal of that name.",
        );
    };
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
        reply.json::<Exchange>().await.ok()
    }
    .await;
    let Some(exchange) = fetched else {
        return error_page(
            &state,
            StatusCode::NOT_FOUND,
            "That exchange is not in the service's journal.",
        );
    };
    let mut context = Context::new();
    // Laid out and coloured here, escaped by the template; `None` (not
    // well-formed) shows the raw text instead.
    context.insert("document_lines", &xml_lines(&exchange.raw));
    // The JSON answer of an exchange that is not cXML (an Open Buy
    // search's) is indented for reading; any other answer is laid out as
    // XML when it is well-formed.
    let response_json = exchange
        .response_raw
        .as_deref()
        .filter(|_| !exchange.is_cxml())
        .and_then(|raw| serde_json::from_str::<serde_json::Value>(raw).ok())
        .and_then(|value| serde_json::to_string_pretty(&value).ok());
    let response_lines = match response_json {
        Some(_) => None,
        None => exchange.response_raw.as_deref().and_then(xml_lines),
    };
    context.insert("response_lines", &response_lines);
    context.insert("response_json", &response_json);
    context.insert("is_cxml", &exchange.is_cxml());
    context.insert("exchange", &exchange);
    render(&state, StatusCode::OK, "exchange.html", &context)
}

/// `raw` laid out one element per line, if it is XML at all (plain text
/// such as an Open Buy search's request line is shown as it is).
fn xml_lines(raw: &str) -> Option<Vec<cxml::pretty::Line>> {
    raw.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
        .then(|| cxml::pretty::layout(raw))
        .flatten()
}

async fn stylesheet() -> Response {
    look::stylesheet(STYLESHEET)
}

/// A page saying what went wrong, with the given status.
pub(crate) fn error_page(state: &AppState, status: StatusCode, message: &str) -> Response {
    let mut context = Context::new();
    context.insert("status", &status.as_u16());
    context.insert("message", message);
    render(state, status, "error.html", &context)
}

pub(crate) fn render(
    state: &AppState,
    status: StatusCode,
    template: &str,
    context: &Context,
) -> Response {
    look::render(&state.tera, status, template, context, None)
}
