//! Live updates: `GET /api/events` is a server-sent event stream that says
//! `journal` whenever any service's journal has grown, and `progress`
//! when something else a walkthrough ticks on changed: the mail inbox's
//! counts (a message arrived or was opened), the marketplace's counts of
//! what its accounts did that no journal shows (agreements, invoices,
//! settings changes, storefront handoffs, what a punchout showed), the
//! buyer systems' counts of requisitions and approval decisions, or the
//! dashboard's own [`Changes`] (the clock moved and what fell due ran, a
//! walkthrough was started or given its flow). The dashboard polls each journal with an
//! `after=` cursor, the mail API's counts, the marketplace's `/api/stats`
//! and each buyer system's `/api/requisitions/activity` (the services
//! stay plain HTTP servers that know nothing of their watchers);
//! `static/live.js` then re-fetches the page and swaps its `#live` part.
//! Without JavaScript the pages are ordinary pages: reload to see more.

use std::{
    collections::HashMap,
    convert::Infallible,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use axum::{
    Extension, Router,
    extract::State,
    http::header,
    response::{
        IntoResponse,
        sse::{Event, KeepAlive, Sse},
    },
    routing::get,
};
use futures_util::stream::{self, Stream, StreamExt};
use serde::Deserialize;

use service_kit::Closing;

use crate::AppState;

/// How often the journals are asked for news while a page listens.
const POLL: Duration = Duration::from_millis(500);

const SCRIPT: &str = include_str!("../static/live.js");

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/events", get(events))
        .route("/static/live.js", get(script))
}

async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
}

/// The newest exchange id each service had at the last look.
type Cursors = HashMap<String, i64>;

/// A count of the dashboard's own changes that pages showing progress
/// follow: bumped after the clock moved (and what fell due ran), a
/// walkthrough run started or chose its flow, or a reset. Cheap to clone.
#[derive(Clone, Debug, Default)]
pub(crate) struct Changes(Arc<AtomicU64>);

impl Changes {
    pub(crate) fn bump(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }

    fn seen(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Everything else a page may follow: the mail inbox's counts, what the
/// marketplace's accounts did that no journal shows (settings changed, a
/// subscription made or handed on in the storefront, its own invoice
/// issued) and what its punchouts showed, the requisitions submitted and
/// decided in the buyer systems, and the dashboard's own changes.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Others {
    mail: Option<MailCounts>,
    marketplace: Option<MarketplaceCounts>,
    /// Each buyer system's requisitions and decisions.
    buyers: Vec<Option<serde_json::Value>>,
    changes: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
struct MailCounts {
    total: u64,
    unread: u64,
}

/// The part of the marketplace's `/api/stats` that moves with its
/// accounts' activity.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
struct MarketplaceCounts {
    agreements: i64,
    invoices: i64,
    newest_settings_change: i64,
    #[serde(default)]
    newest_storefront_handoff: i64,
    /// What a punchout showed (F11's unsupported product, F13's Private
    /// Marketplace), which no journal holds.
    #[serde(default)]
    punchout_shown: u64,
}

async fn others(state: &AppState) -> Others {
    let read = |service: &str, path: &str| {
        crate::peers::url_of(state, service).map(|base| format!("{base}{path}"))
    };
    let mail = match read("mail", "/api/v1/messages") {
        Some(url) => crate::peers::get_json(state, &url, &[("limit", "1")]).await,
        None => None,
    };
    let marketplace = match read("marketplace", "/api/stats") {
        Some(url) => crate::peers::get_json(state, &url, &[]).await,
        None => None,
    };
    Others {
        mail,
        marketplace,
        buyers: crate::peers::approval_activity(state).await,
        changes: state.changes.seen(),
    }
}

async fn events(
    State(state): State<AppState>,
    Extension(closing): Extension<Closing>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let start = (
        newest_ids(&state, &Cursors::new()).await,
        others(&state).await,
    );
    let updates = stream::unfold((state, start), |(state, (cursors, seen))| async move {
        let mut ticker = tokio::time::interval(POLL);
        ticker.tick().await;
        loop {
            ticker.tick().await;
            let newer = newest_ids(&state, &cursors).await;
            let now = others(&state).await;
            if newer != cursors {
                let grown: Vec<&str> = newer
                    .iter()
                    .filter(|(service, id)| cursors.get(*service) != Some(id))
                    .map(|(service, _)| service.as_str())
                    .collect();
                let event = Event::default().event("journal").data(grown.join(","));
                return Some((Ok(event), (state, (newer, now))));
            }
            if now != seen {
                // Say what changed: a browser drops an event without data.
                let what = if now.mail != seen.mail {
                    "mail"
                } else if now.marketplace != seen.marketplace {
                    "marketplace"
                } else if now.buyers != seen.buyers {
                    "buyers"
                } else {
                    "dashboard"
                };
                let event = Event::default().event("progress").data(what);
                return Some((Ok(event), (state, (newer, now))));
            }
        }
    });
    // The stream ends when the dashboard stops; the browser reconnects to
    // whatever serves next.
    let updates = updates.take_until(closing.wait());
    Sse::new(updates).keep_alive(KeepAlive::default())
}

#[derive(Deserialize)]
struct Row {
    id: i64,
}

/// Each journal's newest id, asking only for rows after the cursor.
pub(crate) async fn newest_ids(state: &AppState, cursors: &Cursors) -> Cursors {
    let mut newest = cursors.clone();
    for service in state.config.services.iter().filter(|s| s.has_journal) {
        let after = cursors.get(&service.name).copied().unwrap_or(0);
        let reply = state
            .http
            .get(format!("{}/api/journal", service.url))
            .query(&[
                ("after", after.to_string()),
                ("newest", "true".to_owned()),
                ("limit", "1".to_owned()),
            ])
            .send()
            .await;
        let Ok(reply) = reply else { continue };
        let Ok(rows) = reply.json::<Vec<Row>>().await else {
            continue;
        };
        if let Some(max) = rows.iter().map(|r| r.id).max() {
            newest.insert(service.name.clone(), max);
        }
    }
    newest
}
