//! `GET /admin/suppliers` (admins only): the form that asks a supplier
//! for a trading relationship by its network id (ANID), the
//! relationships, pending first, with what each supplier answered, and
//! the network's supplier accounts (punchout URL, secret masked).
//! `POST /admin/suppliers` sends the request; an unknown network id or a
//! second request for the same supplier gets a page saying so and changes
//! nothing.

use axum::{
    Form,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use buyer_kit::{
    User,
    platform::{PageError, SignedIn, context_for},
};
use serde::{Deserialize, Serialize};

use crate::{relationships, relationships_api::RelationshipView, state::AppState};

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

#[derive(Debug, Deserialize)]
pub struct RequestForm {
    anid: String,
}

/// `POST /admin/suppliers`: asks the supplier with this network id.
pub async fn request(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<RequestForm>,
) -> Result<Response, PageError> {
    let user = admin(signed_in)?;
    relationships::request(&state, &form.anid, &user.email).await?;
    Ok(Redirect::to("/admin/suppliers").into_response())
}
