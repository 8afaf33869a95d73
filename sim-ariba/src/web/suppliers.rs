//! `GET /admin/suppliers` (admins only): trading relationship requests
//! from suppliers, pending first, with an "Accept" button, and the
//! network's supplier accounts (punchout URL, secret masked).
//! `POST /admin/suppliers/{anid}/accept` accepts one.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use buyer_kit::{
    User,
    platform::{PageError, SignedIn, context_for},
};
use serde::Serialize;

use crate::{relationships_api::RelationshipView, state::AppState, suppliers::Anid};

#[derive(Debug, Serialize)]
struct AccountView {
    name: String,
    anid: String,
    punchout_url: String,
    order_url: String,
    secret: String,
}

/// The signed-in user, if an admin.
fn admin(SignedIn(user): SignedIn) -> Result<User, PageError> {
    if user.is_admin() {
        Ok(user)
    } else {
        Err(PageError::forbidden(
            "Only an Ariba admin manages supplier relationships.",
        ))
    }
}

pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, PageError> {
    let user = admin(signed_in)?;
    let relationships = state.suppliers().relationships().await?;
    let accounts: Vec<AccountView> = state
        .config()
        .suppliers
        .iter()
        .map(|s| AccountView {
            name: s.name.clone(),
            anid: s.anid().to_owned(),
            punchout_url: s.punchout_url.clone(),
            order_url: s.order_url.clone(),
            secret: s.secret.to_string(),
        })
        .collect();
    let mut context = context_for(Some(&user));
    context.insert(
        "relationships",
        &relationships
            .iter()
            .map(RelationshipView::of)
            .collect::<Vec<_>>(),
    );
    context.insert("accounts", &accounts);
    context.insert("public_url", &state.shell().public_url);
    Ok(state
        .shell()
        .page(StatusCode::OK, "suppliers.html", &context))
}

pub async fn accept(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(anid): Path<String>,
) -> Result<Response, PageError> {
    let user = admin(signed_in)?;
    let supplier =
        Anid::parse(&anid).map_err(|_| PageError::not_found("No supplier has this ANID."))?;
    state
        .suppliers()
        .accept(&supplier, &user.email, state.clock().now())
        .await?;
    Ok(Redirect::to("/admin/suppliers").into_response())
}
