//! `POST /punchout/return` (the BrowserFormPost URL, where the supplier's
//! page returns the cart), `GET /cart` (the requester's open cart),
//! `POST /cart/{id}/lines/{line}/amount` (a blanket line's amount, which
//! the supplier lets the requester choose) and
//! `POST /cart/{id}/submit` (the cart becomes a requisition and enters the
//! platform's approval chain); and what follows any decision: once the
//! chain is complete the PO exists and the platform sends its
//! OrderRequest at once.

use axum::{
    Form,
    body::Bytes,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{Completed, PageError, Platform, SignedIn, context_for};
use crate::{
    BuyerError, Decided, User,
    exchange::{OrderChannel, ReturnError, receive_cart, send_order},
    profile::ShortfallHabit,
    views::CartView,
};

/// `POST /punchout/return`: buyer-kit's `receive_cart` decodes, reads,
/// journals and stores the cart; the browser goes on to the cart, which
/// says what came back (a cancelled punchout, or a subscription the
/// supplier made at once, in the cart's note). The
/// sign-in cookie is not used: a cross-site form POST does not carry it,
/// the BuyerCookie names the session.
pub(super) async fn punchout_return<P: Platform>(
    State(platform): State<P>,
    body: Bytes,
) -> Result<Response, PageError> {
    let shell = platform.shell();
    let now = shell.clock.now();
    match receive_cart(
        &shell.store,
        &shell.journal,
        &shell.cart_transports,
        shell.cart_requirements.as_ref(),
        &body,
        now,
    )
    .await
    {
        Ok(returned) if returned.cancelled => Ok(Redirect::to("/cart?cancelled=1").into_response()),
        Ok(_) => Ok(Redirect::to("/cart").into_response()),
        Err(ReturnError::Buyer(err)) => Err(err.into()),
        Err(err @ ReturnError::UnknownSession) => Err(PageError::bad_request(
            "Unknown punchout session",
            err.to_string(),
        )),
        Err(err @ ReturnError::FallsShort { .. }) => Err(PageError::bad_request(
            "The cart was refused: it falls short of this platform's requirements",
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
    #[serde(default)]
    changed: Option<usize>,
}

pub(super) async fn cart<P: Platform>(
    State(platform): State<P>,
    SignedIn(user): SignedIn,
    Query(query): Query<CartQuery>,
) -> Result<Response, PageError> {
    let notices = CartNotices {
        cancelled: query.cancelled.is_some(),
        changed: query.changed,
        error: None,
    };
    cart_page(&platform, &user, StatusCode::OK, notices).await
}

/// What the cart page says besides the cart.
#[derive(Default)]
struct CartNotices {
    cancelled: bool,
    /// The line whose blanket amount was just changed.
    changed: Option<usize>,
    /// A refused blanket amount: the line and why.
    error: Option<(usize, String)>,
}

async fn cart_page<P: Platform>(
    platform: &P,
    user: &User,
    status: StatusCode,
    notices: CartNotices,
) -> Result<Response, PageError> {
    let shell = platform.shell();
    let cart = shell.store.open_cart(&user.email).await?;
    let mut context = context_for(Some(user));
    context.insert("cart", &cart.as_ref().map(CartView::of));
    // A platform that takes a cart short of its requirements says what
    // each line lacks; one that refuses such carts never stores one.
    let advisories: Vec<String> = match (&shell.cart_requirements, &cart) {
        (Some(wants), Some(cart)) if wants.shortfalls == ShortfallHabit::Advise => wants
            .shortfalls(&cart.lines, None)
            .iter()
            .map(ToString::to_string)
            .collect(),
        _ => Vec::new(),
    };
    context.insert("cart_advisories", &advisories);
    context.insert("cancelled", &notices.cancelled);
    context.insert("changed_line", &notices.changed);
    context.insert(
        "amount_error",
        &notices.error.map(|(line, why)| AmountError { line, why }),
    );
    platform.page_context(&mut context);
    Ok(shell.page(status, "cart.html", &context))
}

#[derive(serde::Serialize)]
struct AmountError {
    line: usize,
    why: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct AmountForm {
    #[serde(default)]
    amount: String,
}

/// `POST /cart/{id}/lines/{line}/amount`: the requester sets a blanket
/// line's amount before submitting. A refused amount is shown on the cart
/// page (400) with the amount unchanged.
pub(super) async fn set_amount<P: Platform>(
    State(platform): State<P>,
    SignedIn(user): SignedIn,
    Path((id, line)): Path<(i64, usize)>,
    Form(form): Form<AmountForm>,
) -> Result<Response, PageError> {
    if !user.is_requester() {
        return Err(PageError::forbidden("Only requesters change their carts."));
    }
    let shell = platform.shell();
    let now = shell.clock.now();
    match shell
        .store
        .set_blanket_amount(&user.email, id, line, &form.amount, now)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/cart?changed={line}")).into_response()),
        Err(BuyerError::Blanket(why)) => {
            let notices = CartNotices {
                error: Some((line, why.to_string())),
                ..CartNotices::default()
            };
            cart_page(&platform, &user, StatusCode::BAD_REQUEST, notices).await
        }
        Err(err) => Err(err.into()),
    }
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
    let route = platform
        .order_route(Completed {
            po,
            requisition: &decided.requisition,
        })
        .await?;
    let shell = platform.shell();
    let channel = OrderChannel {
        url: &route.url,
        identities: &route.identities,
        deployment_mode: route.deployment_mode,
        utc_offset_minutes: shell.utc_offset_minutes,
    };
    let params = shell.order_params(po, &decided.requisition);
    send_order(
        &shell.order_client,
        &shell.store,
        &shell.clock,
        channel,
        &params,
        &po.flow_id,
    )
    .await?;
    Ok(())
}
