//! The merged journal: every service's `GET /api/journal`, fetched over
//! HTTP, filtered and ordered by the ecosystem's sequence of events
//! (`Exchange::sequence`). `GET /api/journal` serves
//! it as JSON; the pages render it. Rows come without bodies, and only the
//! newest [`RECENT`] of all (or, for one flow, [`service_kit::journal::MAX_LIST`]
//! per service) are merged, so a long-running ecosystem's pages stay small.

use axum::{
    Json, Router,
    extract::{Query, State},
    routing::get,
};
use serde::{Deserialize, Serialize};
use service_kit::journal::{Exchange, MAX_LIST};

use crate::AppState;

/// What a person or a client filters the merged journal by.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub(crate) struct MergedFilter {
    pub flow: Option<String>,
    pub service: Option<String>,
    #[serde(rename = "type")]
    pub document_type: Option<String>,
    /// An exact cXML status (`401`) or a class (`2xx`, `4xx`, `5xx`).
    pub status: Option<String>,
}

impl MergedFilter {
    fn normalised(self) -> Self {
        let keep = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        MergedFilter {
            flow: keep(self.flow),
            service: keep(self.service),
            document_type: keep(self.document_type),
            status: keep(self.status),
        }
    }

    fn admits_status(&self, status: Option<u16>) -> bool {
        let Some(wanted) = &self.status else {
            return true;
        };
        let Some(status) = status else {
            return false;
        };
        match wanted.strip_suffix("xx") {
            Some(class) => class.parse::<u16>().is_ok_and(|c| status / 100 == c),
            None => wanted.parse::<u16>().is_ok_and(|w| w == status),
        }
    }
}

/// How many of the newest exchanges an unfiltered view merges.
pub(crate) const RECENT: usize = 300;

/// The merged list and the services whose journals could not be read.
#[derive(Debug, Serialize)]
pub(crate) struct Merged {
    pub exchanges: Vec<Exchange>,
    pub unavailable: Vec<String>,
    /// Whether older matching exchanges were left out.
    pub more: bool,
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/api/journal", get(merged_json))
}

async fn merged_json(
    State(state): State<AppState>,
    Query(filter): Query<MergedFilter>,
) -> Json<Merged> {
    Json(merge(&state, filter).await)
}

/// Fetches the journals concurrently and merges them.
pub(crate) async fn merge(state: &AppState, filter: MergedFilter) -> Merged {
    let filter = filter.normalised();
    let sources: Vec<_> = state
        .config
        .services
        .iter()
        .filter(|s| s.has_journal)
        .filter(|s| {
            filter
                .service
                .as_ref()
                .is_none_or(|wanted| *wanted == s.name)
        })
        .collect();
    let limit = if filter.flow.is_some() {
        MAX_LIST as usize
    } else {
        RECENT
    };
    let mut tasks = tokio::task::JoinSet::new();
    for (index, source) in sources.iter().enumerate() {
        let (http, url, filter) = (state.http.clone(), source.url.clone(), filter.clone());
        tasks.spawn(async move { (index, fetch(&http, &url, &filter, limit).await) });
    }
    let mut results = vec![None; sources.len()];
    while let Some(joined) = tasks.join_next().await {
        if let Ok((index, list)) = joined {
            results[index] = list;
        }
    }
    let mut merged = Merged {
        exchanges: Vec::new(),
        unavailable: Vec::new(),
        more: false,
    };
    for (source, result) in sources.iter().zip(results) {
        match result {
            Some(list) => {
                merged.more |= list.len() >= limit;
                merged.exchanges.extend(list);
            }
            None => merged.unavailable.push(source.name.clone()),
        }
    }
    merged
        .exchanges
        .retain(|e| filter.admits_status(e.cxml_status));
    // The ecosystem's sequence, taken as each exchange began, is the order
    // things happened in: a request before the exchanges it caused, even
    // when the clock stood still through a whole purchase.
    merged.exchanges.sort_by(|a, b| {
        a.sequence
            .cmp(&b.sequence)
            .then_with(|| a.service.cmp(&b.service))
            .then(a.id.cmp(&b.id))
    });
    if merged.exchanges.len() > limit {
        merged.exchanges.drain(..merged.exchanges.len() - limit);
        merged.more = true;
    }
    merged
}

/// The newest `limit` matching rows of one service's journal.
async fn fetch(
    http: &reqwest::Client,
    base: &str,
    filter: &MergedFilter,
    limit: usize,
) -> Option<Vec<Exchange>> {
    let limit = limit.to_string();
    let mut query: Vec<(&str, &str)> = vec![("newest", "true"), ("limit", &limit)];
    if let Some(flow) = &filter.flow {
        query.push(("flow", flow));
    }
    if let Some(kind) = &filter.document_type {
        query.push(("type", kind));
    }
    let reply = http
        .get(format!("{base}/api/journal"))
        .query(&query)
        .send()
        .await
        .ok()?;
    if !reply.status().is_success() {
        return None;
    }
    reply.json().await.ok()
}
