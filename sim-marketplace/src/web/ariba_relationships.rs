//! An account's Ariba relationship page (`/admin/accounts/{id}/ariba`):
//! the trading relationships its Ariba buyers asked the marketplace for,
//! each with an Accept button while pending, and the setting that accepts
//! them at once (on unless turned off). Seeing it needs
//! `…DescribeProcurementSystemConfiguration`; accepting or changing the
//! setting `…PutProcurementSystemConfiguration`. Accepting tells the
//! network and publishes the catalog there; if that fails the page says
//! why and the request stays pending.

use axum::{
    Form, Router,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use serde::Deserialize;
use tera::Context;

use super::admin_page::admin_account;
use crate::{
    Marketplace,
    accounts::{Account, Permission},
    ariba_network::{
        intake::{self, AcceptError},
        requests,
    },
    http_face::{PageError, page},
};

pub fn routes() -> Router<Marketplace> {
    Router::new()
        .route(
            "/admin/accounts/{id}/ariba",
            get(show).post(set_auto_accept),
        )
        .route("/admin/accounts/{id}/ariba/{buyer}/accept", post(accept))
}

async fn render(
    marketplace: &Marketplace,
    account: &Account,
    user: &str,
    status: StatusCode,
) -> Result<Response, PageError> {
    let id = account.id.to_string();
    let (requests, auto_accept) = marketplace
        .store()
        .call(move |db| {
            Ok((
                requests::of_account(db, &id)?,
                requests::auto_accept(db, &id)?,
            ))
        })
        .await?;
    let mut context = Context::new();
    context.insert("account_id", &account.id.to_string());
    context.insert("account_name", &account.name);
    context.insert("user", user);
    context.insert("requests", &requests);
    context.insert("auto_accept", &auto_accept);
    context.insert("network_connected", &marketplace.ariba_network().is_some());
    Ok(page(
        marketplace,
        status,
        "ariba_relationships.html",
        &context,
    ))
}

async fn show(
    State(marketplace): State<Marketplace>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let (account, user) = admin_account(
        &marketplace,
        &headers,
        id,
        Permission::DescribeProcurementSystemConfiguration,
    )
    .await?;
    render(&marketplace, &account, &user, StatusCode::OK).await
}

#[derive(Deserialize)]
struct AutoAcceptForm {
    /// `on` when the box is ticked; absent otherwise.
    auto_accept: Option<String>,
}

async fn set_auto_accept(
    State(marketplace): State<Marketplace>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<AutoAcceptForm>,
) -> Result<Response, PageError> {
    let (account, _) = admin_account(
        &marketplace,
        &headers,
        id,
        Permission::PutProcurementSystemConfiguration,
    )
    .await?;
    let on = form.auto_accept.as_deref() == Some("on");
    let id = account.id.to_string();
    marketplace
        .store()
        .call(move |db| requests::set_auto_accept(db, &id, on))
        .await?;
    Ok(Redirect::to(&format!("/admin/accounts/{}/ariba", account.id)).into_response())
}

async fn accept(
    State(marketplace): State<Marketplace>,
    Path((id, buyer)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let (account, user) = admin_account(
        &marketplace,
        &headers,
        id,
        Permission::PutProcurementSystemConfiguration,
    )
    .await?;
    let anid = buyer.clone();
    let request = marketplace
        .store()
        .call(move |db| requests::get(db, &anid))
        .await?
        .filter(|r| r.account_id == account.id.to_string())
        .ok_or_else(|| {
            PageError::not_found(
                "No such request",
                format!("No Ariba buyer with network id {buyer} asked this account."),
            )
        })?;
    match intake::accept(&marketplace, &request.buyer_anid, &user).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/accounts/{}/ariba", account.id)).into_response()),
        Err(AcceptError::Store(err)) => Err(err.into()),
        Err(err) => Err(PageError::refused(
            StatusCode::BAD_GATEWAY,
            "Not accepted",
            format!("{err}. The request is still pending; accept it again later."),
        )),
    }
}
