//! An account's lists as pages: its agreements
//! (`/accounts/{id}/agreements`) and its invoices
//! (`/accounts/{id}/invoices`); 404 for an unknown account.

use axum::{
    Router,
    extract::{Path, State},
    http::StatusCode,
    response::Response,
    routing::get,
};
use tera::Context;

use crate::{
    Marketplace,
    accounts::store as accounts,
    http_face::{error_page, internal_error, page},
    invoicing, order,
};

pub fn routes() -> Router<Marketplace> {
    Router::new()
        .route("/accounts/{id}/agreements", get(agreements))
        .route("/accounts/{id}/invoices", get(invoices))
}

async fn agreements(State(marketplace): State<Marketplace>, Path(id): Path<String>) -> Response {
    let view = ("agreements.html", "agreements");
    account_list_page(&marketplace, id, view, order::agreements::for_account).await
}

async fn invoices(State(marketplace): State<Marketplace>, Path(id): Path<String>) -> Response {
    let view = ("invoices.html", "invoices");
    account_list_page(&marketplace, id, view, |db, account| {
        invoicing::store::list(db, Some(account))
    })
    .await
}

/// An account's page listing what `load` reads for it, as `key` in
/// `template`; 404 for an unknown account.
async fn account_list_page<T: serde::Serialize + Send + 'static>(
    marketplace: &Marketplace,
    account: String,
    (template, key): (&str, &str),
    load: fn(&rusqlite::Connection, &str) -> rusqlite::Result<Vec<T>>,
) -> Response {
    let id = account.clone();
    let found = marketplace
        .store()
        .call(move |db| {
            let exists = accounts::get(db, &id)?.is_some();
            Ok((exists, load(db, &id)?))
        })
        .await;
    match found {
        Ok((false, _)) => error_page(
            marketplace,
            StatusCode::NOT_FOUND,
            "No such account",
            "This buyer account does not exist.",
        ),
        Ok((true, rows)) => {
            let mut context = Context::new();
            context.insert("account", &account);
            context.insert(key, &rows);
            page(marketplace, StatusCode::OK, template, &context)
        }
        Err(err) => internal_error(marketplace, &err),
    }
}
