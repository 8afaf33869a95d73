//! PunchOut, the buyer side (F2, level 1): `POST /catalog/{id}/punchout`
//! opens the supplier's store for the signed-in requester from a PunchOut
//! item of the published catalog; the buyer platform's
//! `POST /punchout/return` takes the cart back through the browser.
//!
//! The setup request carries Ariba's habits (see `network`). It is posted
//! to the punchout URL of the supplier's *account*; the URL the supplier
//! published in its catalog only travels as `SupplierSetup`, which
//! suppliers ignore, as on the real network.

use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};
use buyer_kit::{
    BuyerCookie, NewSession, User,
    platform::{PageError, SignedIn},
    setup_request::{SetupParams, setup_request},
};
use cxml::doc::PunchOutOperation;

use crate::{network, state::AppState};

/// `POST /catalog/{id}/punchout`: a new punchout session for a new cart.
pub async fn start(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let start_page = open(&state, &user, id).await?;
    Ok(Redirect::to(&start_page).into_response())
}

async fn open(state: &AppState, user: &User, id: i64) -> Result<String, PageError> {
    if !user.is_requester() {
        return Err(PageError::forbidden(
            "Only requesters punch out to suppliers.",
        ));
    }
    let item = state
        .suppliers()
        .item(id)
        .await?
        .ok_or_else(|| PageError::not_found("No catalog item has this number."))?;
    let config = state.config();
    let account = config.supplier(item.supplier.as_str()).ok_or_else(|| {
        PageError::bad_request(
            "No supplier account",
            "The network has no account (punchout URL, shared secret) for this supplier.",
        )
    })?;
    let cookie = BuyerCookie::generate();
    let stamp = state.shell().stamp();
    let return_url = state.shell().return_url();
    let doc = setup_request(SetupParams {
        identities: &network::identities(config, account),
        stamp: &stamp,
        deployment_mode: Some(network::deployment_mode(config)),
        operation: PunchOutOperation::Create,
        cookie: &cookie,
        extrinsics: network::user_extrinsics(config, user),
        contact: None,
        browser_form_post: &return_url,
        supplier_setup: Some(&item.url),
        items: &[],
    });
    let url = state
        .shell()
        .post_setup(&account.punchout_url, &doc, cookie.as_str())
        .await?;
    state
        .store()
        .open_session(
            NewSession {
                user_email: &user.email,
                site: item.supplier.as_str(),
                operation: PunchOutOperation::Create,
                cookie: &cookie,
                cart_id: None,
                flow: None,
            },
            state.clock().now(),
        )
        .await?;
    Ok(url)
}
