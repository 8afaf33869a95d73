//! `POST /punchout/return` (the BrowserFormPost URL, where the supplier's
//! page returns the cart), `GET /cart` (the requester's open cart) and
//! `POST /cart/{id}/submit` (the cart becomes a requisition and enters the
//! platform's approval chain); and what follows any decision: once the
//! chain is complete the PO exists and the platform sends its
//! OrderRequest at once.

use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{PageError, Platform, SignedIn, context_for};
use crate::{
    Decided,
    exchange::{OrderChannel, ReturnError, receive_cart, send_order},
    views::CartView,
};

/// `POST /punchout/return`: buyer-kit's `receive_cart` decodes, reads,
/// journals and stores the cart; the browser goes on to the cart. The
/// sign-in cookie is not used: a cross-site form POST does not carry it,
/// the BuyerCookie names the session.
pub(super) async fn punchout_return<P: Platform>(
    State(platform): State<P>,
    body: Bytes,
) -> Result<Response, PageError> {
    let shell = platform.shell();
    let now = shell.clock.now();
    match receive_cart(&shell.store, &shell.journal, &body, now).await {
        Ok(returned) if returned.cancelled => Ok(Redirect::to("/cart?cancelled=1").into_response()),
        Ok(_) => Ok(Redirect::to("/cart").into_response()),
        Err(ReturnError::Buyer(err)) => Err(err.into()),
        Err(err @ ReturnError::UnknownSession) => Err(PageError::bad_request(
            "Unknown punchout session",
            err.to_string(),
        )),
        Err(err) => Err(PageError::bad_request(
            "The cart could not be read",
            err.to_string(),
        )),
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct CartQuery {
    #[serde(default)]
    cancelled: Option<String>,
}

pub(super) async fn cart<P: Platform>(
    State(platform): State<P>,
    SignedIn(user): SignedIn,
    Query(query): Query<CartQuery>,
) -> Result<Response, PageError> {
    let shell = platform.shell();
    let cart = shell.store.open_cart(&user.email).await?;
    let mut context = context_for(Some(&user));
    context.insert("cart", &cart.as_ref().map(CartView::of));
    context.insert("cancelled", &query.cancelled.is_some());
    platform.page_context(&mut context);
    Ok(shell.page(StatusCode::OK, "cart.html", &context))
}

pub(super) async fn submit<P: Platform>(
    State(platform): State<P>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    if !user.is_requester() {
        return Err(PageError::forbidden("Only requesters submit requisitions."));
    }
    let shell = platform.shell();
    let decided = shell
        .store
        .submit(
            &user.email,
            id,
            &platform.approval_chain(),
            &shell.po_prefix,
            shell.clock.now(),
        )
        .await?;
    let requisition = decided.requisition.id;
    after_decision(&platform, decided).await?;
    Ok(Redirect::to(&format!("/requisitions/{requisition}")).into_response())
}

/// Sends the OrderRequest of a PO the decision completed, if it did.
pub(super) async fn after_decision<P: Platform>(
    platform: &P,
    decided: Decided,
) -> Result<(), PageError> {
    let Some(po) = &decided.purchase_order else {
        return Ok(());
    };
    let route = platform.order_route(po, &decided.requisition).await?;
    let shell = platform.shell();
    let channel = OrderChannel {
        url: &route.url,
        identities: &route.identities,
        deployment_mode: route.deployment_mode,
        utc_offset_minutes: shell.utc_offset_minutes,
    };
    let params = shell.order_params(po, &decided.requisition);
    send_order(
        &shell.client,
        &shell.store,
        &shell.clock,
        channel,
        &params,
        &po.flow_id,
    )
    .await?;
    Ok(())
}
