//! A buyer's relationship request reaching the marketplace, and its
//! acceptance. `POST /ariba/relationship-requests` is where the network
//! tells the marketplace that a buyer asked (JSON `buyer_anid`,
//! `buyer_name`, `supplier_anid`, with the connection's shared secret in
//! `X-Procsim-Shared-Secret`): 200 `{"status": "accepted"}` when the
//! account accepts at once (the default), 202 `{"status": "requested"}`
//! when an admin accepts on the account's Ariba page; 400 for a bad body,
//! 401 for another secret, 404 when no account has an Ariba connection
//! for this buyer and network id (nothing stored on any refusal).
//! [`accept`] tells the network and publishes the catalog, then marks the
//! request accepted; a failure leaves it pending, to accept again.

use axum::{
    Json, Router,
    extract::{State, rejection::JsonRejection},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
};
use serde::Deserialize;
use service_kit::StoreError;

use super::{
    NetworkError, SECRET_HEADER, accept_relationship, catalog_index, publish_catalog,
    requests::{self, Request, Status},
};
use crate::{
    Marketplace,
    accounts::{Account, Connection, ProcurementSystem},
    http_face::ApiError,
};

pub fn routes() -> Router<Marketplace> {
    Router::new().route("/ariba/relationship-requests", post(receive))
}

/// What the network sends.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Notice {
    buyer_anid: String,
    buyer_name: String,
    supplier_anid: String,
}

/// Who accepts when nobody pressed a button.
pub const AUTOMATIC: &str = "accepted automatically";

/// Why an acceptance did not happen; safe to show.
#[derive(Debug, thiserror::Error)]
pub enum AcceptError {
    #[error("no Ariba buyer with network id {0} asked for a relationship")]
    Unknown(String),
    #[error("the marketplace is not connected to an Ariba network")]
    NoNetwork,
    #[error("the account's Ariba connection for this buyer is gone")]
    NoConnection,
    #[error(transparent)]
    Network(#[from] NetworkError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The account and its Ariba connection that name this buyer and the
/// marketplace's network id.
fn connection_for<'a>(
    accounts: &'a [Account],
    buyer_anid: &str,
    supplier_anid: &str,
) -> Option<(&'a Account, &'a Connection)> {
    accounts.iter().find_map(|account| {
        account
            .connections
            .iter()
            .find(|c| {
                c.system == ProcurementSystem::Ariba
                    && c.buyer.identity.eq_ignore_ascii_case(buyer_anid.trim())
                    && c.supplier
                        .identity
                        .eq_ignore_ascii_case(supplier_anid.trim())
            })
            .map(|c| (account, c))
    })
}

async fn receive(
    State(marketplace): State<Marketplace>,
    headers: HeaderMap,
    body: Result<Json<Notice>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(notice) = body.map_err(|rejection| {
        ApiError::BadRequest(format!(
            "the body must be JSON with buyer_anid, buyer_name and supplier_anid ({rejection})"
        ))
    })?;
    let accounts = marketplace.accounts().await?;
    let (account, connection) =
        connection_for(&accounts, &notice.buyer_anid, &notice.supplier_anid).ok_or_else(|| {
            ApiError::NotFound(
                "no account has an Ariba connection for this buyer and network id".to_owned(),
            )
        })?;
    let presented = headers
        .get(SECRET_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(cxml::SharedSecret::new);
    if presented.as_ref() != Some(&connection.shared_secret) {
        return Err(ApiError::Unauthorized(
            "the shared secret is not the connection's".to_owned(),
        ));
    }
    let request = Request {
        buyer_anid: connection.buyer.identity.clone(),
        buyer_name: notice.buyer_name.trim().chars().take(200).collect(),
        supplier_anid: connection.supplier.identity.clone(),
        account_id: account.id.to_string(),
        connection_id: connection.id.clone(),
        status: Status::Requested,
        requested_at: marketplace.clock().now(),
        accepted_by: None,
        accepted_at: None,
    };
    let account_id = request.account_id.clone();
    let (stored, auto) = marketplace
        .store()
        .call(move |db| {
            let stored = requests::record(db, &request)?;
            Ok((stored, requests::auto_accept(db, &account_id)?))
        })
        .await?;
    if stored.status == Status::Accepted {
        return Ok(reply(StatusCode::OK, "accepted"));
    }
    if auto {
        match accept(&marketplace, &stored.buyer_anid, AUTOMATIC).await {
            Ok(_) => return Ok(reply(StatusCode::OK, "accepted")),
            Err(err) => tracing::warn!(%err, "accepting an Ariba relationship at once failed"),
        }
    }
    Ok(reply(StatusCode::ACCEPTED, "requested"))
}

fn reply(status: StatusCode, state: &str) -> Response {
    (status, Json(serde_json::json!({ "status": state }))).into_response()
}

/// Accepts the request of `buyer_anid` on the network (with the
/// connection's secret), publishes the catalog there, then marks it
/// accepted by `by`. Accepting an accepted request changes nothing.
pub async fn accept(
    marketplace: &Marketplace,
    buyer_anid: &str,
    by: &str,
) -> Result<Request, AcceptError> {
    let anid = buyer_anid.to_owned();
    let request = marketplace
        .store()
        .call(move |db| requests::get(db, &anid))
        .await?
        .ok_or_else(|| AcceptError::Unknown(buyer_anid.to_owned()))?;
    if request.status == Status::Accepted {
        return Ok(request);
    }
    let network = marketplace.ariba_network().ok_or(AcceptError::NoNetwork)?;
    let accounts = marketplace.accounts().await?;
    let (_, connection) = connection_for(&accounts, &request.buyer_anid, &request.supplier_anid)
        .filter(|(account, _)| account.id.to_string() == request.account_id)
        .ok_or(AcceptError::NoConnection)?;
    let http = marketplace.http();
    accept_relationship(
        http,
        network,
        &request.supplier_anid,
        &connection.shared_secret,
    )
    .await?;
    let index = catalog_index(marketplace.public_url(), &request.supplier_anid);
    publish_catalog(http, network, &index).await?;
    let (anid, by, now) = (
        request.buyer_anid.clone(),
        by.to_owned(),
        marketplace.clock().now(),
    );
    let accepted = marketplace
        .store()
        .call(move |db| requests::mark_accepted(db, &anid, &by, now))
        .await?;
    Ok(accepted.unwrap_or(request))
}
