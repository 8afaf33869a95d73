//! What a returned cart holds, which its journal row does not show: a
//! 0.00 Free or BYOL line, or the order the marketplace placed itself in
//! the session (`SupplierOrderInfo`, a pre-approved product subscribed at
//! once). Read from the cart's body, as the journal that received it
//! serves it (`GET /api/journal/{id}`), only for the rows a step's
//! evidence asks about.

use cxml::envelope::MessageBody;
use service_kit::journal::{Exchange, ExchangeDetail};

use super::{CartHolds, Walkthrough, progress::Observed};
use crate::{AppState, peers::url_of};

/// What the cart document `raw` holds; nothing when it is no readable
/// cart. A Free or BYOL line is the marketplace's: a 0.00 unit price
/// under the option `free` or `byol`.
pub(super) fn holdings(raw: &[u8]) -> Vec<CartHolds> {
    let Ok(parsed) = cxml::read::read(raw) else {
        return Vec::new();
    };
    let Some(MessageBody::PunchOutOrderMessage(cart)) =
        parsed.doc.message.as_ref().map(|m| &m.body)
    else {
        return Vec::new();
    };
    let mut holds = Vec::new();
    let free = cart.item_in.iter().any(|item| {
        let option = item.item_id.supplier_part_auxiliary_id.as_deref();
        let zero = item
            .item_detail
            .unit_price
            .value()
            .is_ok_and(|price| price.amount().is_zero());
        zero && matches!(option, Some("free" | "byol"))
    });
    if free {
        holds.push(CartHolds::FreeLine);
    }
    if cart.header.supplier_order_info.is_some() {
        holds.push(CartHolds::Subscription);
    }
    holds
}

/// Reads into `observed` what the flow's carts hold, for the rows some
/// step of `walkthrough` asks about; nothing is read when none asks.
pub(super) async fn read(
    state: &AppState,
    walkthrough: &Walkthrough,
    flow_rows: &[Exchange],
    observed: &mut Observed,
) {
    let asking = || {
        walkthrough
            .steps
            .iter()
            .filter_map(|s| s.evidence.as_ref())
            .filter(|e| e.holds.is_some())
    };
    for row in flow_rows
        .iter()
        .filter(|row| asking().any(|e| e.shown_by(row)))
    {
        let Some(base) = url_of(state, &row.service) else {
            continue;
        };
        let url = format!("{base}/api/journal/{}", row.id);
        let Some(detail) = crate::peers::get_json::<ExchangeDetail>(state, &url, &[]).await else {
            continue;
        };
        if detail.raw_truncated {
            continue;
        }
        for holds in holdings(detail.raw.as_bytes()) {
            observed.insert_cart(row, holds);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cart as the marketplace returns it: `lines` are (option, unit
    /// price), with `SupplierOrderInfo` when `subscribed`.
    fn cart(lines: &[(&str, &str)], subscribed: bool) -> String {
        let info = if subscribed {
            r#"<SupplierOrderInfo orderID="subscribe.abc@marketplace"/>"#
        } else {
            ""
        };
        let items: String = lines
            .iter()
            .enumerate()
            .map(|(n, (option, price))| {
                format!(
                    r#"<ItemIn quantity="1" lineNumber="{}"><ItemID><SupplierPartID>prod-1</SupplierPartID><SupplierPartAuxiliaryID>{option}</SupplierPartAuxiliaryID></ItemID><ItemDetail><UnitPrice><Money currency="USD">{price}</Money></UnitPrice><Description xml:lang="en">A product</Description><UnitOfMeasure>EA</UnitOfMeasure><Classification domain="UNSPSC">43232300</Classification></ItemDetail></ItemIn>"#,
                    n + 1
                )
            })
            .collect();
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><cXML payloadID="1@m" timestamp="2026-03-01T12:00:00+00:00"><Header><From><Credential domain="NetworkID"><Identity>m</Identity></Credential></From><To><Credential domain="NetworkID"><Identity>c</Identity></Credential></To><Sender><Credential domain="NetworkID"><Identity>m</Identity></Credential><UserAgent>procsim</UserAgent></Sender></Header><Message deploymentMode="test"><PunchOutOrderMessage><BuyerCookie>cookie</BuyerCookie><PunchOutOrderMessageHeader operationAllowed="edit"><Total><Money currency="USD">0.00</Money></Total>{info}</PunchOutOrderMessageHeader>{items}</PunchOutOrderMessage></Message></cXML>"#
        )
    }

    #[test]
    fn a_free_or_byol_line_is_a_zero_line_under_its_option() {
        let free = cart(&[("free", "0.00")], false);
        assert_eq!(holdings(free.as_bytes()), [CartHolds::FreeLine]);
        let byol = cart(&[("standard-12m", "1200.00"), ("byol", "0.00")], false);
        assert_eq!(holdings(byol.as_bytes()), [CartHolds::FreeLine]);
        let paid = cart(&[("standard-12m", "1200.00")], false);
        assert_eq!(holdings(paid.as_bytes()), []);
    }

    /// The pre-approved path's cart: no line for the product, which was
    /// subscribed at once, only the marketplace's order. It holds no 0.00
    /// line, so it does not prove F9's approval step.
    #[test]
    fn a_subscription_reported_in_an_empty_cart_is_no_free_line() {
        let reported = cart(&[], true);
        assert_eq!(holdings(reported.as_bytes()), [CartHolds::Subscription]);
        assert_eq!(holdings(b"not a cart"), []);
    }
}
