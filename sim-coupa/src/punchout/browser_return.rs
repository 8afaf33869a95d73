//! `POST /punchout/return`, the BrowserFormPost URL: takes the cart out of
//! the `cxml-base64` or `cxml-urlencoded` field (names case-insensitive),
//! reads the PunchOutOrderMessage leniently, checks its BuyerCookie against
//! the open sessions and fills that session's cart. Every document received
//! here is journaled (inbound, peer `browser`). The sign-in cookie is not
//! used: a cross-site form POST does not carry it, the BuyerCookie does the
//! work.

use std::time::Instant;

use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use buyer_kit::{BuyerCookie, BuyerError, Cart};
use cxml::{doc::PunchOutOrderMessage, envelope::MessageBody, transport::decode_form};
use service_kit::journal::{Direction, NewExchange};

use crate::{
    pages::{PageError, error_page},
    state::AppState,
};

pub async fn return_cart(State(state): State<AppState>, body: Bytes) -> Response {
    let started = Instant::now();
    match take_cart(&state, &body, started).await {
        Ok(cancelled) => Redirect::to(if cancelled {
            "/cart?cancelled=1"
        } else {
            "/cart"
        })
        .into_response(),
        Err(err) => error_page(&state, None, err),
    }
}

/// Reads, checks and stores the cart; true when it came back empty.
async fn take_cart(state: &AppState, body: &[u8], started: Instant) -> Result<bool, PageError> {
    let payload = decode_form(body)
        .and_then(|p| p.into_strict())
        .map_err(|e| PageError::bad_request("The cart could not be read", e.to_string()))?;
    let read = cxml::read::read(&payload.document);
    let message = read
        .as_ref()
        .ok()
        .and_then(|parsed| match &parsed.doc.message {
            Some(m) => match &m.body {
                MessageBody::PunchOutOrderMessage(poom) => Some(poom.as_ref().clone()),
                MessageBody::Other(_) => None,
            },
            None => None,
        });
    let payload_id = read.as_ref().ok().map(|p| p.doc.payload_id.clone());
    let outcome = store_cart(state, message).await;
    let flow = outcome.as_ref().ok().map(|(flow, _)| flow.clone());
    journal(state, &payload.document, payload_id, flow, started).await;
    match read {
        Err(err) => Err(PageError::bad_request(
            "The cart could not be read",
            err.to_string(),
        )),
        Ok(_) => outcome.map(|(_, cancelled)| cancelled),
    }
}

async fn store_cart(
    state: &AppState,
    message: Option<PunchOutOrderMessage>,
) -> Result<(String, bool), PageError> {
    let message = message.ok_or_else(|| {
        PageError::bad_request(
            "The cart could not be read",
            "The form did not carry a PunchOutOrderMessage.",
        )
    })?;
    let unknown = || {
        PageError::bad_request(
            "Unknown punchout session",
            "The cart's BuyerCookie matches no punchout session opened here; nothing was stored.",
        )
    };
    let cookie = BuyerCookie::parse(&message.buyer_cookie).ok_or_else(unknown)?;
    let cart = Cart::from_message(&message)
        .map_err(|e| PageError::bad_request("The cart could not be taken", e.to_string()))?;
    match state
        .store()
        .return_cart(&cookie, cart, state.clock().now())
        .await
    {
        Ok(returned) => Ok((returned.flow_id, returned.cancelled)),
        Err(BuyerError::UnknownSession) => Err(unknown()),
        Err(err) => Err(err.into()),
    }
}

async fn journal(
    state: &AppState,
    raw: &[u8],
    payload_id: Option<String>,
    flow_id: Option<String>,
    started: Instant,
) {
    let findings = cxml::tree::parse(raw)
        .map(|doc| cxml::rules::check(&doc, &cxml::RuleContext::default()))
        .unwrap_or_default();
    let entry = NewExchange {
        direction: Direction::Inbound,
        peer: "browser".to_owned(),
        document_type: Some("PunchOutOrderMessage".to_owned()),
        payload_id,
        flow_id,
        http_status: None,
        cxml_status: None,
        latency: started.elapsed(),
        findings,
        raw: raw.to_vec(),
        response_raw: None,
    };
    if let Err(err) = state.journal().record(entry).await {
        tracing::error!(%err, "could not journal a returned cart");
    }
}
