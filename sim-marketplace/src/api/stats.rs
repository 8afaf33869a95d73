//! `GET /api/stats`: how much the marketplace holds that a partner's
//! requests make it keep, for people watching a long run and for the tests
//! that check a refused request kept nothing: start pages waiting, browsing
//! sessions open, orders received, returned carts remembered.

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
}

async fn stats(State(marketplace): State<Marketplace>) -> Result<Json<Stats>, ApiError> {
    let (start_pages, sessions) = marketplace.sessions().counts();
    let (orders, returned_carts) = marketplace
        .store()
        .call(|db| {
            db.query_row(
                "SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM returned_carts)",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
        })
        .await?;
    Ok(Json(Stats {
        start_pages,
        sessions,
        orders,
        returned_carts,
    }))
}
