//! `GET /api/stats`: how much the marketplace holds that a partner's
//! requests make it keep, for people watching a long run and for the tests
//! that check a refused request kept nothing: start pages waiting, browsing
//! sessions open, orders received, returned carts remembered; and what its
//! accounts did that no journal shows, for the dashboard's live updates:
//! agreements and invoices held, and the newest settings change's id
//! (changes are trimmed, their ids only grow).

use axum::{Json, Router, extract::State, routing::get};
use serde::Serialize;

use crate::{Marketplace, http_face::ApiError};

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
}

async fn stats(State(marketplace): State<Marketplace>) -> Result<Json<Stats>, ApiError> {
    let (start_pages, sessions) = marketplace.sessions().counts();
    let counts = marketplace
        .store()
        .call(|db| {
            db.query_row(
                "SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM returned_carts),
                        (SELECT count(*) FROM agreements), (SELECT count(*) FROM invoices),
                        (SELECT COALESCE(MAX(id), 0) FROM settings_changes)",
                [],
                |row| {
                    Ok([
                        row.get(0)?,
                        row.get(1)?,
                        row.get(2)?,
                        row.get(3)?,
                        row.get(4)?,
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
    ] = counts;
    Ok(Json(Stats {
        start_pages,
        sessions,
        orders,
        returned_carts,
        agreements,
        invoices,
        newest_settings_change,
    }))
}
