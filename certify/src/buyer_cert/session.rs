//! Which exchanges of the marketplace's journal make the buyer's session:
//! the PunchOutSetupRequest `create` that opened it, the cart the
//! marketplace handed the browser, and the OrderRequest that came back.
//!
//! The marketplace journals a setup request and its cart under one flow
//! id; an order joins that flow when it carries procsim's flow header or
//! when every item it orders is found in the cart. An order that lost its
//! aux ids matches no cart, so when the order's flow names no cart, the
//! cart is the last one handed out before the order arrived. With several
//! sessions the last order decides; without an order, the last cart; then
//! the last create.

use cxml::{doc::PunchOutOperation, envelope::RequestBody};
use service_kit::journal::{Direction, ExchangeDetail};

/// The exchanges of one session, each when there was one.
#[derive(Debug, Default)]
pub(crate) struct Session<'a> {
    pub setup: Option<&'a ExchangeDetail>,
    pub cart: Option<&'a ExchangeDetail>,
    pub order: Option<&'a ExchangeDetail>,
}

fn is(exchange: &ExchangeDetail, kind: &str, direction: Direction) -> bool {
    exchange.direction == direction && exchange.document_type.as_deref() == Some(kind)
}

/// Whether a journaled setup request opens a session: a `create`, or one
/// that cannot be read (it is judged, and fails, as the session's setup).
fn is_create(exchange: &ExchangeDetail) -> bool {
    if !is(exchange, "PunchOutSetupRequest", Direction::Inbound) {
        return false;
    }
    let Ok(parsed) = cxml::read::read_lenient(exchange.raw.as_bytes()) else {
        return true;
    };
    match parsed.doc.request.map(|r| r.body) {
        Some(RequestBody::PunchOutSetupRequest(request)) => {
            request.operation == PunchOutOperation::Create
        }
        _ => true,
    }
}

/// The session to judge among `exchanges` (any order).
pub(crate) fn choose(exchanges: &[ExchangeDetail]) -> Session<'_> {
    let mut sorted: Vec<&ExchangeDetail> = exchanges.iter().collect();
    sorted.sort_by_key(|e| e.id);
    let last =
        |pred: &dyn Fn(&ExchangeDetail) -> bool| sorted.iter().rev().copied().find(|e| pred(e));
    let order = last(&|e| is(e, "OrderRequest", Direction::Inbound));
    let before =
        |e: &ExchangeDetail, limit: Option<&ExchangeDetail>| limit.is_none_or(|l| e.id < l.id);
    let is_cart = |e: &ExchangeDetail| is(e, "PunchOutOrderMessage", Direction::Outbound);
    let same_flow = |e: &ExchangeDetail, other: &ExchangeDetail| {
        e.flow_id.is_some() && e.flow_id == other.flow_id
    };
    let cart = order
        .and_then(|o| last(&|e| is_cart(e) && same_flow(e, o) && e.id < o.id))
        .or_else(|| last(&|e| is_cart(e) && before(e, order)));
    let setup = match (cart, order) {
        (Some(cart), _) => last(&|e| is_create(e) && same_flow(e, cart) && e.id < cart.id)
            .or_else(|| last(&|e| is_create(e) && e.id < cart.id)),
        (None, Some(order)) => last(&|e| is_create(e) && same_flow(e, order))
            .or_else(|| last(&|e| is_create(e) && e.id < order.id)),
        (None, None) => last(&is_create),
    };
    Session { setup, cart, order }
}
