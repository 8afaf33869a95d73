//! PunchOut, the buyer side (F2, level 1): `POST /catalog/{id}/punchout`
//! opens the supplier's store for the signed-in requester from a PunchOut
//! item of the published catalog; the buyer platform's `POST
//! /cart/{id}/edit` and `/cart/{id}/inspect` re-open a returned cart at its
//! supplier (AR-10: create, edit, inspect) through [`open`], called by
//! `ariba_platform`, and its `POST /punchout/return` takes the cart back
//! through the browser.
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
    BuyerCookie, NewSession, StoredCart, User,
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
    requester(&user)?;
    let item = state
        .suppliers()
        .item(id)
        .await?
        .ok_or_else(|| PageError::not_found("No catalog item has this number."))?;
    let opening = Opening {
        supplier: item.supplier.as_str(),
        supplier_setup: &item.url,
        operation: PunchOutOperation::Create,
        cart: None,
    };
    let start_page = open(&state, &user, opening).await?;
    Ok(Redirect::to(&start_page).into_response())
}

fn requester(user: &User) -> Result<(), PageError> {
    if user.is_requester() {
        Ok(())
    } else {
        Err(PageError::forbidden(
            "Only requesters punch out to suppliers.",
        ))
    }
}

/// What one punchout opens: at which supplier, the URL it travels as
/// `SupplierSetup`, the operation, and the cart an edit or inspect
/// re-opens.
pub(crate) struct Opening<'a> {
    pub supplier: &'a str,
    pub supplier_setup: &'a str,
    pub operation: PunchOutOperation,
    pub cart: Option<&'a StoredCart>,
}

/// Sends the setup request to the supplier account's punchout URL and
/// records the session; gives the StartPage. A re-opened cart keeps its
/// flow, so its edit or inspect joins the purchase's flow.
pub(crate) async fn open(
    state: &AppState,
    user: &User,
    opening: Opening<'_>,
) -> Result<String, PageError> {
    let config = state.config();
    let account = config.supplier(opening.supplier).ok_or_else(|| {
        PageError::bad_request(
            "No supplier account",
            "The network has no account (punchout URL, shared secret) for this supplier.",
        )
    })?;
    let cookie = BuyerCookie::generate();
    let flow = match opening.cart {
        Some(cart) => cart.flow_id.clone(),
        None => cookie.to_string(),
    };
    let stamp = state.shell().stamp();
    let return_url = state.shell().return_url();
    let doc = setup_request(SetupParams {
        identities: &network::identities(config, account),
        stamp: &stamp,
        deployment_mode: Some(network::deployment_mode(config)),
        operation: opening.operation,
        cookie: &cookie,
        extrinsics: network::user_extrinsics(config, user),
        contact: None,
        browser_form_post: &return_url,
        supplier_setup: Some(opening.supplier_setup),
        items: opening.cart.map(|c| c.lines.as_slice()).unwrap_or(&[]),
    });
    let url = state
        .shell()
        .post_setup(&account.punchout_url, &doc, &flow)
        .await?;
    state
        .store()
        .open_session(
            NewSession {
                user_email: &user.email,
                site: account.anid(),
                operation: opening.operation,
                cookie: &cookie,
                cart_id: opening.cart.map(|c| c.id),
                flow: None,
                test: network::deployment_mode(config) == cxml::envelope::DeploymentMode::Test,
            },
            state.clock().now(),
        )
        .await?;
    Ok(url)
}
