//! An account's lists as pages: its agreements
//! (`/accounts/{id}/agreements`), its invoices
//! (`/accounts/{id}/invoices`), both 404 for an unknown account, and its
//! private offers ([`super::private_offers`], for its own users only).

use axum::{
    Router,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::Response,
    routing::get,
};
use tera::Context;

use crate::{
    Marketplace,
    accounts::store as accounts,
    http_face::{PageError, page},
    invoicing, order,
    storefront::account_nav,
};

pub fn routes() -> Router<Marketplace> {
    Router::new()
        .route("/accounts/{id}/agreements", get(agreements))
        .route("/accounts/{id}/invoices", get(invoices))
        .route(
            "/accounts/{id}/private-offers",
            get(super::private_offers::page_for),
        )
}

async fn agreements(
    State(marketplace): State<Marketplace>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let view = ("agreements.html", "agreements");
    account_list_page(
        &marketplace,
        &headers,
        id,
        view,
        order::agreements::for_account,
    )
    .await
}

async fn invoices(
    State(marketplace): State<Marketplace>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let view = ("invoices.html", "invoices");
    account_list_page(&marketplace, &headers, id, view, |db, account| {
        invoicing::store::list(db, Some(account))
    })
    .await
}

/// An account's page listing what `load` reads for it, as `key` in
/// `template`; 404 for an unknown account.
async fn account_list_page<T: serde::Serialize + Send + 'static>(
    marketplace: &Marketplace,
    headers: &HeaderMap,
    account: String,
    (template, key): (&str, &str),
    load: fn(&rusqlite::Connection, &str) -> rusqlite::Result<Vec<T>>,
) -> Result<Response, PageError> {
    let id = account.clone();
    let (exists, rows) = marketplace
        .store()
        .call(move |db| {
            let exists = accounts::get(db, &id)?.is_some();
            Ok((exists, load(db, &id)?))
        })
        .await?;
    if !exists {
        return Err(PageError::not_found(
            "No such account",
            "This buyer account does not exist.",
        ));
    }
    let mut context = Context::new();
    context.insert("account", &account);
    context.insert(key, &rows);
    context.insert("account_nav", &account_nav(marketplace, headers).await?);
    Ok(page(marketplace, StatusCode::OK, template, &context))
}
