//! What a journaled document holds that its row does not show, read from
//! its body as the journal that recorded it serves it (`GET
//! /api/journal/{id}`), only for the rows a step's evidence asks about: of
//! a returned cart, a 0.00 Free or BYOL line, the order the marketplace
//! placed itself in the session (`SupplierOrderInfo`, a pre-approved
//! product subscribed at once), a private offer's line (and, as the
//! marketplace lists the offer, whether its terms are a payment schedule)
//! or a pay-as-you-go line; of a setup request, a `SelectedItem` (a
//! punchout straight to one product). Also the private offers the flow's
//! carts hold, for the observation of their expiry.

use cxml::envelope::{MessageBody, RequestBody};
use service_kit::journal::{Exchange, ExchangeDetail};

use super::{Holds, Observation, Walkthrough, progress::Observed};
use crate::{
    AppState,
    peers::{OfferRow, offers_of, url_of},
};

/// What a document's body holds, before the marketplace is asked about
/// its private offers.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Body {
    pub holds: Vec<Holds>,
    /// The options of its private offers' lines (`offer-1a2b3c4d.r2`).
    pub offers: Vec<String>,
}

/// Whether `option` is a private offer's (`offer-` and its revision).
fn is_offer(option: &str) -> bool {
    option.starts_with("offer-") && option.contains(".r")
}

/// The offer id an option names (`offer-1a2b3c4d` of `offer-1a2b3c4d.r2`).
pub(super) fn offer_id(option: &str) -> &str {
    option.split_once(".r").map_or(option, |(id, _)| id)
}

/// What the document `raw` holds; nothing when it is no readable cart or
/// setup request. A Free or BYOL line is the marketplace's: a 0.00 unit
/// price under the option `free` or `byol`; a pay-as-you-go line is under
/// `payg` (or an annual agreement's hourly usage, `….usage`).
pub(super) fn holdings(raw: &[u8]) -> Body {
    let Ok(parsed) = cxml::read::read(raw) else {
        return Body::default();
    };
    let mut body = Body::default();
    if let Some(RequestBody::PunchOutSetupRequest(setup)) =
        parsed.doc.request.as_ref().map(|r| &r.body)
    {
        if setup.selected_item.is_some() {
            body.holds.push(Holds::SelectedItem);
        }
        return body;
    }
    let Some(MessageBody::PunchOutOrderMessage(cart)) =
        parsed.doc.message.as_ref().map(|m| &m.body)
    else {
        return body;
    };
    let options = || {
        cart.item_in
            .iter()
            .filter_map(|item| item.item_id.supplier_part_auxiliary_id.as_deref())
    };
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
        body.holds.push(Holds::FreeLine);
    }
    if cart.header.supplier_order_info.is_some() {
        body.holds.push(Holds::Subscription);
    }
    if options().any(|o| o == "payg" || o.ends_with(".usage")) {
        body.holds.push(Holds::PaygLine);
    }
    body.offers = options()
        .filter(|o| is_offer(o))
        .map(str::to_owned)
        .collect();
    if !body.offers.is_empty() {
        body.holds.push(Holds::PrivateOffer);
    }
    body
}

/// Whether one of `options` names an offer of `offers` whose terms are a
/// flexible payment schedule.
pub(super) fn names_fps_offer(options: &[String], offers: &[OfferRow]) -> bool {
    options.iter().any(|option| {
        offers
            .iter()
            .any(|offer| offer.id == offer_id(option) && offer.has_schedule())
    })
}

/// Reads into `observed` what the flow's documents hold, for the rows
/// some step of `walkthrough` asks about (and every returned cart when a
/// step asks whether its offer expired); nothing is read when none asks.
/// Gives the private offers' options the flow's carts hold.
pub(super) async fn read(
    state: &AppState,
    walkthrough: &Walkthrough,
    flow_rows: &[Exchange],
    observed: &mut Observed,
) -> Vec<String> {
    let asking = || {
        walkthrough
            .steps
            .iter()
            .filter_map(|s| s.evidence.as_ref())
            .filter(|e| e.holds.is_some())
    };
    let expiry = walkthrough.wants(Observation::OfferExpired);
    let mut offers_seen = Vec::new();
    let mut offers: Option<Vec<OfferRow>> = None;
    for row in flow_rows.iter().filter(|row| {
        let cart = row.document_type.as_deref() == Some("PunchOutOrderMessage");
        asking().any(|e| e.shown_by(row)) || (expiry && cart)
    }) {
        let Some(body) = body_of(state, row).await else {
            continue;
        };
        for holds in &body.holds {
            observed.insert_body(row, *holds);
        }
        let fps_asked = asking().any(|e| e.holds == Some(Holds::FpsOffer) && e.shown_by(row));
        if fps_asked && !body.offers.is_empty() {
            if offers.is_none() {
                offers = Some(offers_of(state).await);
            }
            if names_fps_offer(&body.offers, offers.as_deref().unwrap_or_default()) {
                observed.insert_body(row, Holds::FpsOffer);
            }
        }
        offers_seen.extend(body.offers);
    }
    offers_seen
}

/// What `row`'s document holds, read from the journal that recorded it.
async fn body_of(state: &AppState, row: &Exchange) -> Option<Body> {
    let base = url_of(state, &row.service)?;
    let url = format!("{base}/api/journal/{}", row.id);
    let detail = crate::peers::get_json::<ExchangeDetail>(state, &url, &[]).await?;
    if detail.raw_truncated {
        return None;
    }
    Some(holdings(detail.raw.as_bytes()))
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

    fn holds(raw: &str) -> Vec<Holds> {
        holdings(raw.as_bytes()).holds
    }

    #[test]
    fn a_free_or_byol_line_is_a_zero_line_under_its_option() {
        let free = cart(&[("free", "0.00")], false);
        assert_eq!(holds(&free), [Holds::FreeLine]);
        let byol = cart(&[("standard-12m", "1200.00"), ("byol", "0.00")], false);
        assert_eq!(holds(&byol), [Holds::FreeLine]);
        let paid = cart(&[("standard-12m", "1200.00")], false);
        assert_eq!(holds(&paid), []);
    }

    /// The pre-approved path's cart: no line for the product, which was
    /// subscribed at once, only the marketplace's order. It holds no 0.00
    /// line, so it does not prove F9's approval step.
    #[test]
    fn a_subscription_reported_in_an_empty_cart_is_no_free_line() {
        let reported = cart(&[], true);
        assert_eq!(holds(&reported), [Holds::Subscription]);
        assert_eq!(holdings(b"not a cart"), Body::default());
    }

    /// F8's cart holds a pay-as-you-go line; an upfront contract's does
    /// not.
    #[test]
    fn a_payg_line_is_one_under_the_payg_option_or_an_annual_usage() {
        assert_eq!(holds(&cart(&[("payg", "0.01")], false)), [Holds::PaygLine]);
        let annual = cart(
            &[("basic-12m", "900.00"), ("basic-12m.usage", "0.01")],
            false,
        );
        assert_eq!(holds(&annual), [Holds::PaygLine]);
        assert_eq!(holds(&cart(&[("standard-12m", "1200.00")], false)), []);
    }

    /// A private offer's line is told by its option; whether the offer
    /// has a payment schedule (F7) only the marketplace's list of offers
    /// says, by the offer's id whatever its revision.
    #[test]
    fn a_private_offer_line_and_its_schedule_are_told_apart() {
        let offered = holdings(cart(&[("offer-0000002a.r1", "24000.00")], false).as_bytes());
        assert_eq!(offered.holds, [Holds::PrivateOffer]);
        assert_eq!(offered.offers, ["offer-0000002a.r1"]);
        assert_eq!(offer_id("offer-0000002a.r1"), "offer-0000002a");
        let plain = holdings(cart(&[("standard-12m", "1200.00")], false).as_bytes());
        assert!(plain.offers.is_empty());

        let offer = |id: &str, kind: &str| OfferRow {
            id: id.to_owned(),
            expired: false,
            terms: crate::peers::OfferTerms {
                kind: kind.to_owned(),
                installments: Vec::new(),
            },
        };
        let fps = [offer("offer-0000002a", "fps")];
        let upfront = [offer("offer-0000002a", "upfront_contract")];
        let revised = ["offer-0000002a.r3".to_owned()];
        assert!(names_fps_offer(&offered.offers, &fps));
        assert!(names_fps_offer(&revised, &fps), "any revision of the offer");
        assert!(!names_fps_offer(&offered.offers, &upfront));
        assert!(!names_fps_offer(
            &offered.offers,
            &[offer("offer-0000002b", "fps")]
        ));
    }

    /// A setup request that punches out straight to one product (Open
    /// Buy, or Coupa after the marketplace's redirect) holds a
    /// SelectedItem; a plain punchout does not.
    #[test]
    fn a_setup_request_to_one_product_holds_its_selected_item() {
        let setup = |selected: &str| {
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><cXML payloadID="1@c" timestamp="2026-03-01T12:00:00+00:00"><Header><From><Credential domain="NetworkID"><Identity>c</Identity></Credential></From><To><Credential domain="NetworkID"><Identity>m</Identity></Credential></To><Sender><Credential domain="NetworkID"><Identity>c</Identity><SharedSecret>s</SharedSecret></Credential><UserAgent>Coupa</UserAgent></Sender></Header><Request deploymentMode="production"><PunchOutSetupRequest operation="create"><BuyerCookie>cookie</BuyerCookie><BrowserFormPost><URL>http://coupa.test/punchout/return</URL></BrowserFormPost>{selected}</PunchOutSetupRequest></Request></cXML>"#
            )
        };
        let level_two = setup(
            "<SelectedItem><ItemID><SupplierPartID>prod-0000002a</SupplierPartID></ItemID></SelectedItem>",
        );
        assert_eq!(holds(&level_two), [Holds::SelectedItem]);
        assert_eq!(holds(&setup("")), []);
    }
}
