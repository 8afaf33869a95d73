//! The buttons that end a punchout session: "Request approval" on a
//! product (the cart goes back with that product's line), "Return this
//! cart unchanged" (edit/inspect) and "Cancel / return empty cart". Each
//! answers with the auto-submitting form to the buyer's BrowserFormPost URL,
//! except "Request approval" on a Free or BYOL product the session's
//! connection pre-approves: that subscribes at once and keeps the session
//! open (SPEC F9).

use axum::{
    Form,
    extract::{State, rejection::FormRejection},
    http::{HeaderMap, StatusCode, header},
    response::{Html, IntoResponse, Response},
};
use cxml::{common::ItemIn, envelope::DeploymentMode};
use serde::Deserialize;
use service_kit::cxml_http::CxmlError;

use super::{
    session,
    subscribe_now::{self, AutoApproval, Subscription},
};
use crate::{
    Marketplace,
    accounts::{Account, Connection, store as accounts},
    cart_line::CartLine,
    catalog::Listing,
    http_face::{PageError, page},
    private_marketplace,
    punchout::{
        cart,
        session::{OwnOrder, SetupContext},
    },
    purchase::{PurchaseError, Route},
};

#[derive(Deserialize)]
pub struct ApprovalForm {
    listing: String,
    option: String,
}

/// The refusal of a button pressed outside a punchout session.
fn no_session() -> PageError {
    PageError::forbidden(
        "No punchout session",
        "Request approval works inside a punchout session opened from your procurement \
         system. Start again from Coupa or Ariba.",
    )
}

pub async fn request_approval(
    State(marketplace): State<Marketplace>,
    headers: HeaderMap,
    form: Result<Form<ApprovalForm>, FormRejection>,
) -> Result<Response, PageError> {
    let (id, setup) = session(&marketplace, &headers).ok_or_else(no_session)?;
    let Form(form) = form.map_err(|_| super::incomplete())?;
    if setup.read_only() {
        return Err(PageError::forbidden(
            "Read-only session",
            "This cart was opened for inspection; it cannot be changed.",
        ));
    }
    let visible = private_marketplace::visibility(marketplace.store(), &setup.account).await?;
    if !visible.admits_text(&form.listing) {
        return Err(super::not_in_private_marketplace());
    }
    let (listing, line) = marketplace
        .for_sale()
        .resolve(
            Route::Procurement,
            &setup.account,
            &form.listing,
            &form.option,
        )
        .map_err(refusal)?;
    if let Some((account, connection)) = session_connection(marketplace.store(), &setup).await?
        && subscribe_now::preapproves(&connection, &listing)
    {
        let session = Session {
            id: &id,
            setup: &setup,
        };
        return auto_approve(
            &marketplace,
            session,
            &account,
            &connection,
            &listing,
            &line,
        )
        .await;
    }
    let mut item = cart::item_in(&line, 1).map_err(PageError::internal)?;
    // A private offer's line points at the offer's details (expiry,
    // revision, payment schedule) on the account's page, which a buyer
    // system shows with the line (ItemDetail/URL; SPEC F7). The offer is
    // asked for in the query, which survives the sign-in a person not
    // signed in to the marketplace goes through (a fragment would not).
    if let Some((offer, _revision)) = line.aux_id.split_once('.')
        && offer.starts_with("offer-")
    {
        item.item_detail.url = Some(cxml::common::Url::new(format!(
            "{}/accounts/{}/private-offers?offer={offer}",
            marketplace.public_url(),
            setup.account
        )));
    }
    send_cart(&marketplace, &id, &setup, vec![item]).await
}

/// The session's account and its connection, while that is enabled.
/// The procurement system (as people name it) whose connection in this
/// punchout session pre-approves `listing`, if it does: then Request
/// approval subscribes at once, and the product page says so beforehand.
pub(super) async fn preapproved_by(
    marketplace: &Marketplace,
    setup: &SetupContext,
    listing: &Listing,
) -> Result<Option<&'static str>, service_kit::StoreError> {
    Ok(session_connection(marketplace.store(), setup)
        .await?
        .filter(|(_, connection)| subscribe_now::preapproves(connection, listing))
        .map(|(_, connection)| subscribe_now::system_name(connection.system)))
}

async fn session_connection(
    store: &service_kit::Store,
    setup: &SetupContext,
) -> Result<Option<(Account, Connection)>, service_kit::StoreError> {
    let account_id = setup.account.to_string();
    let account = store.call(move |db| accounts::get(db, &account_id)).await?;
    Ok(account.and_then(|account| {
        let connection = account
            .connections
            .iter()
            .find(|c| c.id == setup.connection_id && c.enabled)?
            .clone();
        Some((account, connection))
    }))
}

/// The open punchout session a button was pressed in.
#[derive(Clone, Copy)]
struct Session<'a> {
    id: &'a str,
    setup: &'a SetupContext,
}

/// A Free or BYOL product the session's connection pre-approves (SPEC F9):
/// subscribed at once, in the punchout's flow, instead of going to the
/// cart. The session stays open: the page says so, and offers to shop on
/// or to go back to the procurement system with the cart as it was (an
/// empty one from a new session), since there is nothing to approve. The
/// session remembers the subscription's order, which that cart names
/// (`SupplierOrderInfo`), so the buyer tells the person it was subscribed
/// at once rather than that the punchout was cancelled.
async fn auto_approve(
    marketplace: &Marketplace,
    session: Session<'_>,
    account: &Account,
    connection: &Connection,
    listing: &Listing,
    line: &CartLine,
) -> Result<Response, PageError> {
    let setup = session.setup;
    let test_mode = connection.test_mode || setup.deployment_mode == DeploymentMode::Test;
    let subscription = Subscription {
        account,
        listing,
        line,
        po_number: String::new(),
        flow_id: Some(setup.flow_id.clone()),
        test_mode,
        joins: setup.own_order.clone(),
    };
    let agreement = subscribe_now::record(marketplace, subscription).await?;
    // The page's banner is drawn from the session as it is now.
    let mut now = setup.clone();
    // A test records the order without an agreement; the cart names it all
    // the same (its message says deploymentMode="test"), so the buyer can
    // tell the person what happened instead of "cancelled".
    let order = OwnOrder {
        order_id: agreement.order_payload_id.clone(),
        ordered_at: setup
            .own_order
            .as_ref()
            .map_or(agreement.created_at, |first| first.ordered_at),
        lines: agreement.po_line,
    };
    marketplace
        .sessions()
        .placed_own_order(session.id, order.clone());
    now.own_order = Some(order);
    let auto = AutoApproval::of(connection, listing);
    let mut context = super::base_context(Some(&now));
    context.insert("agreement", &agreement);
    context.insert("auto_approval", &auto);
    context.insert("test_mode", &test_mode);
    context.insert("billed_by_usage", &false);
    Ok(page(
        marketplace,
        StatusCode::OK,
        "subscribed.html",
        &context,
    ))
}

fn refusal(err: PurchaseError) -> PageError {
    let title = match err {
        PurchaseError::Unsupported { .. } => "This product cannot be sent for approval",
        _ => "This option cannot be sent for approval",
    };
    PageError::bad_request(title, err.to_string())
}

pub async fn cancel(
    State(marketplace): State<Marketplace>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let (id, setup) = session(&marketplace, &headers).ok_or_else(no_session)?;
    send_cart(&marketplace, &id, &setup, Vec::new()).await
}

pub async fn return_unchanged(
    State(marketplace): State<Marketplace>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let (id, setup) = session(&marketplace, &headers).ok_or_else(no_session)?;
    let items = setup.cart.clone();
    send_cart(&marketplace, &id, &setup, items).await
}

/// Writes the cart, remembers and journals it, ends the session and
/// answers with the page that posts it to the buyer.
async fn send_cart(
    marketplace: &Marketplace,
    session_id: &str,
    setup: &SetupContext,
    items: Vec<ItemIn>,
) -> Result<Response, PageError> {
    let html = build_and_record(marketplace, setup, items)
        .await
        .map_err(|err| match err {
            CxmlError::Forbidden(message) => PageError::forbidden("Integration disabled", message),
            err => PageError::internal(err),
        })?;
    marketplace.sessions().end(session_id);
    // The page runs its one inline script and posts to the buyer.
    Ok((
        [
            (header::CACHE_CONTROL, "no-store"),
            (
                header::CONTENT_SECURITY_POLICY,
                cxml::transport::auto_submit_policy(),
            ),
        ],
        Html(html),
    )
        .into_response())
}

async fn build_and_record(
    marketplace: &Marketplace,
    setup: &SetupContext,
    items: Vec<ItemIn>,
) -> Result<String, CxmlError> {
    let account_id = setup.account.to_string();
    let account = marketplace
        .store()
        .call(move |db| accounts::get(db, &account_id))
        .await?
        .ok_or_else(|| CxmlError::internal("the session's account is gone"))?;
    let connection = account
        .connections
        .iter()
        .find(|c| c.id == setup.connection_id && c.enabled)
        .ok_or_else(|| {
            CxmlError::Forbidden("the procurement integration of this account is disabled".into())
        })?;
    let doc = cart::order_message(marketplace.clock(), setup, connection, items.clone())?;
    let bytes = cart::to_bytes(&doc)?;
    let html = cart::return_page(setup, &bytes)?;
    cart::record_returned(marketplace.store(), setup, &items).await?;
    cart::journal_sent(marketplace.journal(), setup, &doc, &bytes).await;
    Ok(html)
}
