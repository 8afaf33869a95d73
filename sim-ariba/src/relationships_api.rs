//! The JSON side of the network, for the buyer's admin (or a script
//! acting as one) and for suppliers:
//!
//! - `POST /api/relationships` with `X-Procsim-User` naming an admin and
//!   `{"supplier_anid": "AN01000000999"}` asks that supplier for a trading
//!   relationship (as the admin page's form does): 201 with the
//!   relationship once the supplier was told, 400 for a bad ANID or body,
//!   403 for anyone but an admin, 404 when no supplier on the network has
//!   the ANID, 409 when a relationship with it already exists. Refusals
//!   store nothing.
//! - `GET /api/relationships` lists them.
//! - `POST /api/relationships/{anid}/accept` with the supplier's shared
//!   secret in `X-Procsim-Shared-Secret` is the supplier accepting: 200,
//!   401 for another secret, 404 for an unknown supplier or relationship.
//! - `POST /api/catalogs` with a cXML `Index` (`text/xml`) publishes an
//!   accepted supplier's catalog: 200 with what changed, 400 when the
//!   document cannot be read or names no supplier ANID (nothing stored),
//!   403 while the relationship is only requested, 404 for an unknown
//!   supplier. Every Index received is journaled.

use std::time::Instant;

use axum::{
    Json, Router,
    body::Bytes,
    extract::{Path, State, rejection::JsonRejection},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
};
use cxml::doc::Index;
use serde::{Deserialize, Serialize};
use service_kit::journal::{Direction, NewExchange};

use crate::{
    relationships::{self, RequestError, SECRET_HEADER},
    state::AppState,
    suppliers::{Anid, Relationship, SupplierError, publish::Publication},
};

/// The header naming who calls an admin API (as the marketplace's API).
pub const USER_HEADER: &str = "x-procsim-user";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/relationships",
            post(request_relationship).get(list_relationships),
        )
        .route("/api/relationships/{anid}/accept", post(accept))
        .route("/api/catalogs", post(publish))
}

/// The body of `POST /api/relationships`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationshipRequest {
    pub supplier_anid: String,
}

#[derive(Debug, Serialize)]
pub struct RelationshipView {
    pub supplier_anid: String,
    pub supplier_name: String,
    pub status: &'static str,
    pub requested_by: String,
    pub requested_at: String,
    pub supplier_reply: Option<String>,
    pub accepted_by: Option<String>,
    pub accepted_at: Option<String>,
}

impl RelationshipView {
    pub fn of(r: &Relationship) -> Self {
        Self {
            supplier_anid: r.supplier.to_string(),
            supplier_name: r.supplier_name.clone(),
            status: r.status.as_str(),
            requested_by: r.requested_by.clone(),
            requested_at: r.requested_at.to_string(),
            supplier_reply: r.supplier_reply.clone(),
            accepted_by: r.accepted.as_ref().map(|(by, _)| by.clone()),
            accepted_at: r.accepted.as_ref().map(|(_, at)| at.to_string()),
        }
    }
}

/// A refusal as JSON `{"error": "..."}`; internals are logged only.
#[derive(Debug)]
pub struct ApiError(StatusCode, String);

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self(status, message.into())
    }
}

impl From<SupplierError> for ApiError {
    fn from(err: SupplierError) -> Self {
        match err {
            SupplierError::UnknownSupplier(_) => Self::new(StatusCode::NOT_FOUND, err.to_string()),
            SupplierError::NotAccepted(_) => Self::new(StatusCode::FORBIDDEN, err.to_string()),
            SupplierError::AlreadyRequested(..) => Self::new(StatusCode::CONFLICT, err.to_string()),
            SupplierError::Store(store) => {
                tracing::error!(%store, "ariba network store failed");
                Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
            }
        }
    }
}

impl From<RequestError> for ApiError {
    fn from(err: RequestError) -> Self {
        match err {
            RequestError::BadAnid(_) => Self::new(StatusCode::BAD_REQUEST, err.to_string()),
            RequestError::UnknownNetworkId(_) => Self::new(StatusCode::NOT_FOUND, err.to_string()),
            RequestError::Supplier(err) => err.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(serde_json::json!({ "error": self.1 }))).into_response()
    }
}

async fn request_relationship(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<RelationshipRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let caller = headers
        .get(USER_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|email| state.user(email))
        .filter(|user| user.is_admin())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::FORBIDDEN,
                "only an Ariba admin (X-Procsim-User) requests supplier relationships",
            )
        })?;
    let Json(body) = body.map_err(|rejection| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("the body must be JSON with supplier_anid ({rejection})"),
        )
    })?;
    let relationship = relationships::request(&state, &body.supplier_anid, &caller.email).await?;
    Ok((
        StatusCode::CREATED,
        Json(RelationshipView::of(&relationship)),
    )
        .into_response())
}

async fn list_relationships(State(state): State<AppState>) -> Result<Response, ApiError> {
    let all = state.suppliers().relationships().await?;
    let views: Vec<_> = all.iter().map(RelationshipView::of).collect();
    Ok(Json(views).into_response())
}

/// The supplier accepting, proven by its shared secret.
async fn accept(
    State(state): State<AppState>,
    Path(anid): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let supplier =
        Anid::parse(&anid).map_err(|e| ApiError::new(StatusCode::NOT_FOUND, e.to_string()))?;
    let account = state.config().supplier(supplier.as_str()).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "no supplier on the network has this ANID",
        )
    })?;
    let presented = headers
        .get(SECRET_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(cxml::SharedSecret::new);
    if presented.as_ref() != Some(&account.secret) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "only the supplier accepts, with its shared secret (X-Procsim-Shared-Secret)",
        ));
    }
    let relationship = state
        .suppliers()
        .accept(&supplier, &account.name, state.clock().now())
        .await?;
    Ok(Json(RelationshipView::of(&relationship)).into_response())
}

#[derive(Debug, Serialize)]
struct PublishReply {
    supplier_anid: String,
    listed: usize,
    deleted: usize,
    ignored: usize,
}

async fn publish(State(state): State<AppState>, body: Bytes) -> Response {
    let started = Instant::now();
    let outcome = publish_index(&state, &body).await;
    let status = match &outcome {
        Ok(_) => StatusCode::OK,
        Err(err) => err.0,
    };
    let entry = NewExchange {
        direction: Direction::Inbound,
        peer: "supplier".to_owned(),
        document_type: Some("Index".to_owned()),
        payload_id: None,
        flow_id: None,
        http_status: Some(status.as_u16()),
        cxml_status: None,
        latency: started.elapsed(),
        findings: Vec::new(),
        response_findings: Vec::new(),
        raw: body.to_vec(),
        response_raw: None,
    };
    if let Err(err) = state.journal().record(entry).await {
        tracing::error!(%err, "could not journal a published catalog");
    }
    match outcome {
        Ok(reply) => Json(reply).into_response(),
        Err(err) => err.into_response(),
    }
}

async fn publish_index(state: &AppState, body: &[u8]) -> Result<PublishReply, ApiError> {
    let parsed = Index::read(body).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("the catalog is not a readable cXML Index: {e}"),
        )
    })?;
    let publication = Publication::from_index(&parsed.index)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.to_string()))?;
    let supplier_anid = publication.supplier.to_string();
    let ignored = publication.ignored;
    let published = state
        .suppliers()
        .publish(publication, state.clock().now())
        .await?;
    Ok(PublishReply {
        supplier_anid,
        listed: published.listed,
        deleted: published.deleted,
        ignored,
    })
}
