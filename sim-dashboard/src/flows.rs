//! `GET /flows/{flow}`: one flow's sequence diagram and its exchanges.
//! The journal rows come from every service's journal (over HTTP, as for
//! the merged list); the mail arrows from the marketplace's agreements of
//! that flow and its outbox (the mail service itself knows no flows).

use axum::{
    Router,
    extract::{Path, State},
    http::StatusCode,
    response::Response,
    routing::get,
};
use serde::Deserialize;
use tera::Context;

use crate::{
    AppState,
    journal_merge::{self, MergedFilter},
    peers::{agreements_of_flow, get_json, url_of},
    rendering::render,
    sequence::{self, Arrow},
};

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/flows/{flow}", get(flow_page))
}

async fn flow_page(State(state): State<AppState>, Path(flow): Path<String>) -> Response {
    let filter = MergedFilter {
        flow: Some(flow.clone()),
        ..MergedFilter::default()
    };
    let merged = journal_merge::merge(&state, filter).await;
    let mut arrows = sequence::arrows(&merged.exchanges, |peer| lane_of_peer(&state, peer));
    for (after_payload, mail) in mails_of(&state, &flow).await {
        let at = arrows
            .iter()
            .rposition(|a| a.payload_id.as_deref() == Some(after_payload.as_str()))
            .map_or(arrows.len(), |i| i + 1);
        arrows.insert(at, mail);
    }
    let mut context = Context::new();
    context.insert("flow", &flow);
    context.insert("diagram", &sequence::diagram(&arrows));
    context.insert("arrow_count", &arrows.len());
    context.insert("exchanges", &merged.exchanges);
    context.insert("unavailable", &merged.unavailable);
    render(&state, StatusCode::OK, "flow.html", &context)
}

/// `browser` and `supplier` (Ariba's name for the catalog's sender) are
/// named peers; a URL is one of ours when it starts with a service's URL.
fn lane_of_peer(state: &AppState, peer: &str) -> Option<String> {
    match peer {
        "browser" => return Some("browser".to_owned()),
        "supplier" => return Some("marketplace".to_owned()),
        _ => {}
    }
    state
        .config
        .services
        .iter()
        .find(|s| s.url.starts_with("http") && peer.starts_with(&s.url))
        .map(|s| s.name.clone())
}

#[derive(Deserialize)]
struct Outbox {
    outbox: Vec<OutboxRow>,
}

#[derive(Deserialize)]
struct OutboxRow {
    recipient: String,
    subject: String,
}

/// The "agreement created" mails of the flow's agreements, each with the
/// payloadID of the order that caused it. Best effort: a marketplace that
/// cannot be read gives no mail arrows.
async fn mails_of(state: &AppState, flow: &str) -> Vec<(String, Arrow)> {
    let (Some(marketplace), Some(mail)) = (url_of(state, "marketplace"), url_of(state, "mail"))
    else {
        return Vec::new();
    };
    let orders = agreements_of_flow(state, flow).await;
    if orders.is_empty() {
        return Vec::new();
    }
    let Some(outbox) = get_json::<Outbox>(state, &format!("{marketplace}/api/outbox"), &[]).await
    else {
        return Vec::new();
    };
    let mut mails = Vec::new();
    for order in &orders {
        let marker = format!("(PO {})", order.po_number);
        for entry in outbox.outbox.iter().filter(|e| e.subject.contains(&marker)) {
            let search =
                reqwest::Url::parse_with_params(&format!("{mail}/"), &[("q", &order.po_number)])
                    .map(String::from)
                    .unwrap_or_else(|_| format!("{mail}/"));
            mails.push((
                order.order_payload_id.clone(),
                Arrow {
                    from: "marketplace".to_owned(),
                    to: "mail".to_owned(),
                    label: format!("mail to {}: {}", entry.recipient, entry.subject),
                    status: None,
                    href: search,
                    payload_id: None,
                },
            ));
        }
    }
    mails
}
