//! `GET /api/stats`: how much the marketplace holds that a partner's
//! requests make it keep, for people watching a long run and for the tests
//! that check a refused request kept nothing: start pages waiting, browsing
//! sessions open, orders received, returned carts remembered; and what its
//! accounts did that no journal shows, for the dashboard's live updates:
//! agreements and invoices held, the newest settings change's id and the
//! newest storefront handoff's (both are trimmed, their ids only grow),
//! and how often a punchout showed something the walkthroughs look for
//! (an unsupported product, the Private Marketplace); and the limits that
//! bound the punchout state.

use axum::{Json, Router, extract::State, routing::get};
use serde::Serialize;

use crate::{Marketplace, http_face::ApiError, punchout::session};

pub fn routes() -> Router<Marketplace> {
    Router::new().route("/api/stats", get(stats))
}

#[derive(Serialize)]
struct Stats {
    start_pages: usize,
    sessions: usize,
    orders: i64,
    returned_carts: i64,
    agreements: i64,
    invoices: i64,
    newest_settings_change: i64,
    newest_storefront_handoff: i64,
    /// Grows each time a punchout's storefront showed something new that
    /// `/api/punchout/…-shown` remembers.
    punchout_shown: u64,
    /// How the first two are bounded.
    limits: Limits,
}

/// What bounds the punchout state held in memory.
#[derive(Serialize)]
struct Limits {
    max_start_pages: usize,
    max_sessions: usize,
    /// A StartPage not opened lapses after this many seconds of wall time.
    start_page_secs: u64,
    /// A session idle this many seconds of wall time is dropped.
    session_idle_secs: u64,
}

async fn stats(State(marketplace): State<Marketplace>) -> Result<Json<Stats>, ApiError> {
    let (start_pages, sessions) = marketplace.sessions().counts();
    let counts = marketplace
        .store()
        .call(|db| {
            db.query_row(
                "SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM returned_carts),
                        (SELECT count(*) FROM agreements), (SELECT count(*) FROM invoices),
                        (SELECT COALESCE(MAX(id), 0) FROM settings_changes),
                        (SELECT COALESCE(MAX(id), 0) FROM storefront_handoffs)",
                [],
                |row| {
                    Ok([
                        row.get(0)?,
                        row.get(1)?,
                        row.get(2)?,
                        row.get(3)?,
                        row.get(4)?,
                        row.get(5)?,
                    ])
                },
            )
        })
        .await?;
    let [
        orders,
        returned_carts,
        agreements,
        invoices,
        newest_settings_change,
        newest_storefront_handoff,
    ] = counts;
    Ok(Json(Stats {
        start_pages,
        sessions,
        orders,
        returned_carts,
        agreements,
        invoices,
        newest_settings_change,
        newest_storefront_handoff,
        punchout_shown: marketplace.sessions().shown_news(),
        limits: Limits {
            max_start_pages: session::MAX_PENDING,
            max_sessions: session::MAX_SESSIONS,
            start_page_secs: session::START_PAGE_WALL_TTL.as_secs(),
            session_idle_secs: session::SESSION_IDLE_TTL.as_secs(),
        },
    }))
}
