//! `GET /api/connections`: every configured buyer-system connection, with
//! what an integrator needs to point a real system at procsim — including
//! the shared secret. This is a simulator's own test secret shown to its
//! own user on purpose; journals, logs and other pages keep it masked.

use axum::{Json, Router, extract::State, routing::get};
use serde::Serialize;

use crate::AppState;

/// A credential as it appears in a cXML header.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct CredentialRef {
    pub domain: String,
    pub identity: String,
}

/// One buyer system's connection to a marketplace account.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Connection {
    /// `coupa` or `ariba`.
    pub buyer_system: String,
    pub marketplace_account: String,
    /// Where the buyer system sends cXML (PunchOutSetupRequest, OrderRequest).
    pub cxml_url: String,
    pub from: CredentialRef,
    pub to: CredentialRef,
    pub sender: CredentialRef,
    pub shared_secret: String,
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/api/connections", get(list))
}

async fn list(State(state): State<AppState>) -> Json<Vec<Connection>> {
    Json(state.config.connections.clone())
}
