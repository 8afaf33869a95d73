//! `GET /admin/suppliers` (admins only): trading relationship requests
//! from suppliers, pending first, with an "Accept" button, and the
//! network's supplier accounts (punchout URL, secret masked).
//! `POST /admin/suppliers/{anid}/accept` accepts one.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use buyer_kit::User;
use serde::Serialize;

use crate::{
    pages::{PageError, context_for, page, respond, signed_in},
    state::AppState,
    suppliers::{Anid, api::RelationshipView},
};

#[derive(Debug, Serialize)]
struct AccountView {
    name: String,
    anid: String,
    punchout_url: String,
    order_url: String,
    secret: String,
}

fn admin(state: &AppState, headers: &HeaderMap) -> Result<User, PageError> {
    let user = signed_in(state, headers).ok_or(PageError::SignIn)?;
    if user.is_admin() {
        Ok(user)
    } else {
        Err(PageError::Forbidden(
            "Only an Ariba admin manages supplier relationships.",
        ))
    }
}

pub async fn show(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let me = signed_in(&state, &headers);
    let outcome = async {
        let user = admin(&state, &headers)?;
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
        context.insert("public_url", &state.config().public_url);
        Ok(page(&state, StatusCode::OK, "suppliers.html", &context))
    }
    .await;
    respond(&state, me.as_ref(), outcome)
}

pub async fn accept(
    State(state): State<AppState>,
    Path(anid): Path<String>,
    headers: HeaderMap,
) -> Response {
    let me = signed_in(&state, &headers);
    let outcome = async {
        let user = admin(&state, &headers)?;
        let supplier =
            Anid::parse(&anid).map_err(|_| PageError::NotFound("No supplier has this ANID."))?;
        state
            .suppliers()
            .accept(&supplier, &user.email, state.clock().now())
            .await?;
        Ok(Redirect::to("/admin/suppliers").into_response())
    }
    .await;
    respond(&state, me.as_ref(), outcome)
}
