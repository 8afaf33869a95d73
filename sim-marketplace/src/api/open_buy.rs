//! `GET /api/open-buy/listings`: catalog search for a buyer system's
//! in-tool search (Coupa Open Buy, SPEC F3), server to server.
//!
//! The buyer system authenticates as its punchout connection: HTTP Basic
//! with the connection's buyer identity (what its `From` credential names)
//! as the user and the connection's shared secret as the password,
//! compared in constant time. Unknown identity and wrong secret get the
//! same 401; a disabled connection gets 403. The results are those of the
//! public search, restricted to the account's approved listings when its
//! private marketplace is on (SPEC F13).

use axum::{
    Router,
    extract::{Query, State, rejection::QueryRejection},
    http::{HeaderMap, header},
    response::Response,
    routing::get,
};
use base64::{Engine, engine::general_purpose::STANDARD};
use cxml::SharedSecret;
use serde::Serialize;

use super::listings::{ListingSummary, SearchParams, search_query, summary, to_json};
use crate::{
    Marketplace,
    accounts::{Account, Connection, store as accounts},
    http_face::ApiError,
    private_marketplace,
};

const UNRECOGNISED: &str = "partner credentials not recognised";

pub fn routes() -> Router<Marketplace> {
    Router::new().route("/api/open-buy/listings", get(search))
}

#[derive(Serialize)]
struct OpenBuyReply<'c> {
    /// The buying account, as the marketplace knows it.
    account: String,
    /// Whether only the account's approved listings are searched.
    private_marketplace: bool,
    total: usize,
    limit: usize,
    offset: usize,
    hits: Vec<ListingSummary<'c>>,
}

async fn search(
    State(market): State<Marketplace>,
    headers: HeaderMap,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let (user, secret) = basic_credentials(&headers)?;
    // One trip to the database: the accounts, and the private marketplace
    // of the one the credentials name.
    let (account, setting) = market
        .store()
        .call(move |db| {
            let all = accounts::all(db)?;
            let account = match authenticate(&all, &user, &secret) {
                Ok((account, _)) => account.id.clone(),
                Err(refused) => return Ok(Err(refused)),
            };
            let setting = private_marketplace::store::get(db, account.as_str())?;
            Ok(Ok((account, setting)))
        })
        .await??;
    let Query(params) = params
        .map_err(|err| ApiError::BadRequest(format!("bad query string: {}", err.body_text())))?;
    let visibility = setting.visibility();
    let catalog = market.catalog();
    let mut query = search_query(catalog, &params)?;
    query.filters.only_ids = visibility.only_ids();
    let page = market.search().search(&query);
    to_json(&OpenBuyReply {
        account: account.to_string(),
        private_marketplace: visibility.is_private(),
        total: page.total,
        limit: query.limit,
        offset: query.offset,
        hits: page.hits.iter().map(|l| summary(catalog, l)).collect(),
    })
}

/// The Basic credentials of the request, or a 401.
fn basic_credentials(headers: &HeaderMap) -> Result<(String, SharedSecret), ApiError> {
    let missing = || {
        ApiError::Unauthorized(
            "Open Buy search needs HTTP Basic credentials: the buyer identity and the shared \
             secret of the punchout connection"
                .into(),
        )
    };
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .ok_or_else(missing)?;
    let (scheme, encoded) = value.trim().split_once(' ').ok_or_else(missing)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(missing());
    }
    let decoded = STANDARD
        .decode(encoded.trim())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(missing)?;
    let (user, secret) = decoded.split_once(':').ok_or_else(missing)?;
    Ok((user.to_owned(), SharedSecret::new(secret)))
}

/// The account and connection whose buyer identity is `user` and whose
/// secret is `secret`. Every candidate's secret is compared, so the time
/// taken does not tell which identities exist.
fn authenticate<'a>(
    all: &'a [Account],
    user: &str,
    secret: &SharedSecret,
) -> Result<(&'a Account, &'a Connection), ApiError> {
    let mut matched = None;
    for account in all {
        for connection in &account.connections {
            let secret_ok = &connection.shared_secret == secret;
            if connection.buyer.identity == user && secret_ok {
                matched = Some((account, connection));
            }
        }
    }
    let (account, connection) =
        matched.ok_or_else(|| ApiError::Unauthorized(UNRECOGNISED.into()))?;
    if !connection.enabled {
        return Err(ApiError::Forbidden(
            "the procurement integration of this account is disabled".into(),
        ));
    }
    Ok((account, connection))
}
