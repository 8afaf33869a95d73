//! The cart a supplier sends back through the user's browser to the
//! BrowserFormPost URL: taken out of the `cxml-base64` or `cxml-urlencoded`
//! field (names case-insensitive; only the fields the platform's profile
//! takes), read leniently as a PunchOutOrderMessage,
//! matched to an open punchout session by its BuyerCookie, judged by what
//! the platform requires of a cart's lines, and stored in that session's
//! cart. Every document received is journaled (inbound,
//! peer `browser`), under the purchase's flow id when the session is known.

use std::time::Instant;

use cxml::{
    doc::{PunchOutOperation, PunchOutOrderMessage},
    envelope::{DeploymentMode, MessageBody},
    transport::{FormEncoding, decode_form},
};
use jiff::Timestamp;
use service_kit::journal::{Direction, Journal, NewExchange, Trace};

use crate::{
    BuyerCookie, BuyerError, BuyerStore, Cart, CartError, CartState, Returned,
    profile::{CartRequirements, Shortfall, ShortfallHabit},
};

/// Why a returned cart was not taken; `Display` is safe to show the user.
#[derive(Debug, thiserror::Error)]
pub enum ReturnError {
    #[error("the form did not carry a readable cXML document: {0}")]
    Unreadable(String),
    #[error("the form did not carry a PunchOutOrderMessage")]
    NotACart,
    #[error(
        "the cart came in the `{used}` field; this platform takes carts only in {accepted}: \
         nothing was stored"
    )]
    Transport {
        used: &'static str,
        accepted: String,
    },
    #[error("the cart's BuyerCookie matches no punchout session opened here; nothing was stored")]
    UnknownSession,
    #[error(
        "this platform requires of every cart line what these lack, so it refused the cart \
         and stored nothing: {}",
        found.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
    )]
    FallsShort {
        found: Vec<Shortfall>,
        /// The purchase's flow, which the refused cart's journal row joins.
        flow: String,
    },
    #[error("the cart could not be taken: {0}")]
    BadCart(#[from] CartError),
    #[error(transparent)]
    Buyer(BuyerError),
}

/// Takes the form `body` posted to the BrowserFormPost URL into its cart,
/// when it came in one of the `accepted` fields and meets the platform's
/// `requirements` of a cart (or they say to take it with advisories).
pub async fn receive_cart(
    store: &BuyerStore,
    journal: &Journal,
    accepted: &[FormEncoding],
    requirements: Option<&CartRequirements>,
    body: &[u8],
    now: Timestamp,
) -> Result<Returned, ReturnError> {
    let started = Instant::now();
    let payload = decode_form(body)
        .and_then(|p| p.into_strict())
        .map_err(|e| ReturnError::Unreadable(e.to_string()))?;
    let read = cxml::read::read(&payload.document);
    let payload_id = read.as_ref().ok().map(|p| p.doc.payload_id.clone());
    let outcome = match &read {
        _ if !accepted.contains(&payload.encoding) => Err(ReturnError::Transport {
            used: payload.encoding.field_name(),
            accepted: accepted
                .iter()
                .map(|e| format!("`{}`", e.field_name()))
                .collect::<Vec<_>>()
                .join(" or "),
        }),
        Err(err) => Err(ReturnError::Unreadable(err.to_string())),
        Ok(parsed) => match parsed.doc.message.as_ref().map(|m| &m.body) {
            Some(MessageBody::PunchOutOrderMessage(message)) => {
                let mode = parsed.doc.message.as_ref().and_then(|m| m.deployment_mode);
                store_cart(store, message, mode, requirements, now)
                    .await
                    .map_err(|err| match err {
                        ReturnError::FallsShort { found, flow } => ReturnError::FallsShort {
                            found: Shortfall::locate(found, &payload.document),
                            flow,
                        },
                        other => other,
                    })
            }
            _ => Err(ReturnError::NotACart),
        },
    };
    let flow = match &outcome {
        Ok(returned) => Some(returned.flow_id.clone()),
        Err(ReturnError::FallsShort { flow, .. }) => Some(flow.clone()),
        Err(_) => None,
    };
    record(journal, &payload.document, payload_id, flow, started).await;
    outcome
}

async fn store_cart(
    store: &BuyerStore,
    message: &PunchOutOrderMessage,
    mode: Option<DeploymentMode>,
    requirements: Option<&CartRequirements>,
    now: Timestamp,
) -> Result<Returned, ReturnError> {
    let cookie = BuyerCookie::parse(&message.buyer_cookie).ok_or(ReturnError::UnknownSession)?;
    let mut cart = Cart::from_message(message)?.in_mode(mode);
    if let Some(requirements) = requirements {
        judge(store, &cookie, &mut cart, message, requirements).await?;
    }
    store
        .return_cart(&cookie, cart, now)
        .await
        .map_err(|err| match err {
            BuyerError::UnknownSession => ReturnError::UnknownSession,
            other => ReturnError::Buyer(other),
        })
}

/// Judges a cart returned to the open session `cookie` names by the
/// platform's `requirements`: refused when it falls short and the platform
/// refuses such carts, else taken, with an advisory on a Total that is not
/// the lines' (the cart page names the short lines itself). An inspect
/// session's return changes nothing and is not judged; an unknown session
/// or a closed cart is left to `return_cart` to refuse.
async fn judge(
    store: &BuyerStore,
    cookie: &BuyerCookie,
    cart: &mut Cart,
    message: &PunchOutOrderMessage,
    requirements: &CartRequirements,
) -> Result<(), ReturnError> {
    let Some(session) = store.session(cookie).await.map_err(ReturnError::Buyer)? else {
        return Ok(());
    };
    let Some(stored) = store
        .cart(session.cart_id)
        .await
        .map_err(ReturnError::Buyer)?
    else {
        return Ok(());
    };
    if session.operation == PunchOutOperation::Inspect || stored.state != CartState::Open {
        return Ok(());
    }
    let stated = message.header.total.value().ok();
    let found = requirements.shortfalls(&cart.lines, stated.as_ref());
    match requirements.shortfalls {
        ShortfallHabit::Refuse if !found.is_empty() => Err(ReturnError::FallsShort {
            found,
            flow: stored.flow_id,
        }),
        ShortfallHabit::Refuse => Ok(()),
        ShortfallHabit::Advise => {
            let about_total: Vec<String> = found
                .iter()
                .filter(|shortfall| shortfall.line.is_none())
                .map(|shortfall| {
                    format!(
                        "{}; the cart counts its lines.",
                        capitalised(&shortfall.what)
                    )
                })
                .collect();
            if !about_total.is_empty() {
                cart.advisory = Some(about_total.join(" "));
            }
            Ok(())
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

async fn record(
    journal: &Journal,
    raw: &[u8],
    payload_id: Option<String>,
    flow_id: Option<String>,
    started: Instant,
) {
    let entry = NewExchange {
        direction: Direction::Inbound,
        peer: "browser".to_owned(),
        document_type: Some("PunchOutOrderMessage".to_owned()),
        payload_id,
        flow_id,
        http_status: None,
        cxml_status: None,
        latency: started.elapsed(),
        // Judged by the journal as it writes the row.
        findings: Vec::new(),
        response_findings: Vec::new(),
        raw: raw.to_vec(),
        response_raw: None,
    };
    let trace = Trace {
        began: journal.begin(),
        headers: None,
    };
    if let Err(err) = journal.record_judging(entry, trace).await {
        tracing::error!(%err, "could not journal a returned cart");
    }
}
