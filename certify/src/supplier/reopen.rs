//! CERT-SETUP-006 and 007: `edit` and `inspect` of the returned cart, its
//! lines sent back as ItemOut (aux ids kept, buyer-kit's `to_item_out`),
//! each with a fresh BuyerCookie as the platforms open them; answered 200
//! with an absolute StartPage. The cart's `operationAllowed` is honoured:
//! a cart that allows less is not re-opened.

use buyer_kit::{BuyerCookie, Cart, profile::Operation};
use cxml::doc::{OperationAllowed, PunchOutOperation};

use super::setup::{evidence_of, no_cxml, start_page_of};
use crate::{
    buyer::{SetupSession, VirtualBuyer},
    catalogue::CheckId,
    report::CheckResult,
};

pub(super) async fn both(
    buyer: &VirtualBuyer,
    cart: &Result<Cart, String>,
    return_url: &str,
) -> Vec<CheckResult> {
    vec![
        reopen(buyer, cart, return_url, CheckId::Setup006, Operation::Edit).await,
        reopen(
            buyer,
            cart,
            return_url,
            CheckId::Setup007,
            Operation::Inspect,
        )
        .await,
    ]
}

async fn reopen(
    buyer: &VirtualBuyer,
    cart: &Result<Cart, String>,
    return_url: &str,
    id: CheckId,
    operation: Operation,
) -> CheckResult {
    let (name, wire) = match operation {
        Operation::Inspect => ("inspect", PunchOutOperation::Inspect),
        _ => ("edit", PunchOutOperation::Edit),
    };
    if !buyer.profile().setup.uses(operation) {
        return CheckResult::skipped(
            id,
            format!("the {} profile does not use {name}", buyer.profile().name),
        );
    }
    let cart = match cart {
        Ok(cart) if !cart.is_empty() => cart,
        Ok(_) => {
            return CheckResult::skipped(
                id,
                format!("the cart came back empty: nothing to {name}"),
            );
        }
        Err(why) => return CheckResult::skipped(id, format!("no cart to {name}: {why}")),
    };
    let allowed = matches!(
        (operation, cart.operation_allowed),
        (_, OperationAllowed::Edit) | (Operation::Inspect, OperationAllowed::Inspect)
    );
    if !allowed {
        return CheckResult::skipped(
            id,
            format!(
                "the cart's operationAllowed is {:?}, which does not permit {name}",
                cart.operation_allowed
            ),
        );
    }
    let doc = buyer.setup_document(
        &buyer.identities(),
        SetupSession {
            operation: wire,
            cookie: &BuyerCookie::generate(),
            return_url,
            items: &cart.lines,
        },
    );
    let exchange = match buyer.post(&doc).await {
        Ok(exchange) => exchange,
        Err(err) => {
            return CheckResult::skipped(id, format!("procsim could not write the {name}: {err}"));
        }
    };
    let lines = cart.lines.len();
    match (exchange.cxml_code(), start_page_of(&exchange)) {
        (Some(200), Some(url)) => CheckResult::pass(
            id,
            evidence_of(
                &exchange,
                format!("{name} with {lines} ItemOut answered 200, StartPage {url}"),
            ),
        ),
        (Some(200), None) => CheckResult::fail(
            id,
            evidence_of(
                &exchange,
                format!("{name} answered 200 without an absolute StartPage URL"),
            ),
        ),
        _ => CheckResult::fail(
            id,
            evidence_of(
                &exchange,
                format!(
                    "{name} with {lines} ItemOut refused: {}",
                    no_cxml(&exchange)
                ),
            ),
        ),
    }
}
