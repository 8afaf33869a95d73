//! The buttons that end a punchout session: "Request approval" on a
//! product (the cart goes back with that product's line), "Return this
//! cart unchanged" (edit/inspect) and "Cancel / return empty cart". Each
//! answers with the auto-submitting form to the buyer's BrowserFormPost URL.

use axum::{
    Form,
    extract::{State, rejection::FormRejection},
    http::{HeaderMap, StatusCode, header},
    response::{Html, IntoResponse, Response},
};
use cxml::common::ItemIn;
use serde::Deserialize;
use service_kit::cxml_http::CxmlError;

use super::session;
use crate::{
    Marketplace,
    accounts::store as accounts,
    http_face::{error_page, internal_error},
    private_marketplace,
    punchout::{cart, session::SetupContext},
    purchase::PurchaseError,
};

#[derive(Deserialize)]
pub struct ApprovalForm {
    listing: String,
    option: String,
}

fn no_session(marketplace: &Marketplace) -> Response {
    error_page(
        marketplace,
        StatusCode::FORBIDDEN,
        "No punchout session",
        "Request approval works inside a punchout session opened from your procurement \
         system. Start again from Coupa or Ariba.",
    )
}

pub async fn request_approval(
    State(marketplace): State<Marketplace>,
    headers: HeaderMap,
    form: Result<Form<ApprovalForm>, FormRejection>,
) -> Response {
    let Some((id, setup)) = session(&marketplace, &headers) else {
        return no_session(&marketplace);
    };
    let Ok(Form(form)) = form else {
        return super::incomplete(&marketplace);
    };
    if setup.read_only() {
        return error_page(
            &marketplace,
            StatusCode::FORBIDDEN,
            "Read-only session",
            "This cart was opened for inspection; it cannot be changed.",
        );
    }
    match private_marketplace::visibility(marketplace.store(), &setup.account).await {
        Ok(visible) if visible.admits_text(&form.listing) => {}
        Ok(_) => return super::not_in_private_marketplace(&marketplace),
        Err(err) => return internal_error(&marketplace, &err),
    }
    let resolved = marketplace
        .for_sale()
        .resolve(&setup.account, &form.listing, &form.option);
    let line = match resolved {
        Ok((_, line)) => line,
        Err(err) => return refusal(&marketplace, &err),
    };
    match cart::item_in(&line, 1) {
        Ok(item) => send_cart(&marketplace, &id, &setup, vec![item]).await,
        Err(err) => internal_error(&marketplace, &err),
    }
}

fn refusal(marketplace: &Marketplace, err: &PurchaseError) -> Response {
    let title = match err {
        PurchaseError::Unsupported { .. } => "This product cannot be sent for approval",
        _ => "This option cannot be sent for approval",
    };
    error_page(
        marketplace,
        StatusCode::BAD_REQUEST,
        title,
        &err.to_string(),
    )
}

pub async fn cancel(State(marketplace): State<Marketplace>, headers: HeaderMap) -> Response {
    let Some((id, setup)) = session(&marketplace, &headers) else {
        return no_session(&marketplace);
    };
    send_cart(&marketplace, &id, &setup, Vec::new()).await
}

pub async fn return_unchanged(
    State(marketplace): State<Marketplace>,
    headers: HeaderMap,
) -> Response {
    let Some((id, setup)) = session(&marketplace, &headers) else {
        return no_session(&marketplace);
    };
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
) -> Response {
    match build_and_record(marketplace, setup, items).await {
        Ok(html) => {
            marketplace.sessions().end(session_id);
            // The page runs its one inline script and posts to the buyer.
            (
                [
                    (header::CACHE_CONTROL, "no-store"),
                    (
                        header::CONTENT_SECURITY_POLICY,
                        cxml::transport::auto_submit_policy(),
                    ),
                ],
                Html(html),
            )
                .into_response()
        }
        Err(CxmlError::Forbidden(message)) => error_page(
            marketplace,
            StatusCode::FORBIDDEN,
            "Integration disabled",
            &message,
        ),
        Err(err) => internal_error(marketplace, &err),
    }
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
        .ok_or_else(|| CxmlError::Internal("the session's account is gone".into()))?;
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
