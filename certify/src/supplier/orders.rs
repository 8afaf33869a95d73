//! The order leg (CERT-ORDER-001 to 004): an OrderRequest built from the
//! returned cart exactly as the platforms build theirs — buyer-kit's
//! `order_request` and `order_document`, the cart's lines as ItemOut with
//! their aux ids, the profile's header, deploymentMode and DTD version —
//! sent once, then again unchanged (idempotency), then as the profile's
//! `update` and `delete` referring to the first. procsim waits for each
//! answer no longer than the profile's `order.reply_timeout_secs`, and
//! reads each as the profile's `reply_envelope` says (`envelope`): an
//! answer whose envelope leaves the DTD fails its check under a strict
//! profile and warns under a lenient one, the deviation located.

use buyer_kit::{
    BuyerAddress, BuyerCookie, Cart, PoNumber,
    order_request::{OrderParams, order_document, order_request},
    profile::OrderType as Habit,
};
use cxml::{
    CXml,
    common::DocumentReference,
    doc::{OrderRequest, OrderType},
    envelope::DeploymentMode,
};

use super::{
    envelope,
    setup::{evidence_of, no_cxml},
};
use crate::{
    buyer::{Exchange, VirtualBuyer},
    catalogue::CheckId,
    invoices::{Inbox, Ordered},
    report::{CheckResult, Evidence},
};

const ORDER_CHECKS: [CheckId; 4] = [
    CheckId::Order001,
    CheckId::Order002,
    CheckId::Order003,
    CheckId::Order004,
];

fn skipped_all(why: &str) -> Vec<CheckResult> {
    ORDER_CHECKS
        .iter()
        .map(|id| CheckResult::skipped(*id, why))
        .collect()
}

/// Where procsim's certification buyer has its goods delivered.
fn address() -> BuyerAddress {
    BuyerAddress {
        id: "CERT".to_owned(),
        name: "procsim certification".to_owned(),
        deliver_to: "Procsim Certifier".to_owned(),
        street: "1 Test Street".to_owned(),
        city: "Springfield".to_owned(),
        state: "IL".to_owned(),
        postal_code: "62701".to_owned(),
        country_code: "US".to_owned(),
        country: "United States".to_owned(),
        email: "certify@procsim.test".to_owned(),
    }
}

pub(super) async fn all(
    buyer: &VirtualBuyer,
    cart: &Result<Cart, String>,
    order_url: Option<&str>,
    inbox: Option<&Inbox>,
) -> Vec<CheckResult> {
    let Some(url) = order_url else {
        return skipped_all("no --order-url given: the order checks need one");
    };
    let cart = match cart {
        Ok(cart) if !cart.is_empty() => cart,
        Ok(_) => return skipped_all("the cart came back empty: nothing to order"),
        Err(why) => return skipped_all(&format!("no cart to order: {why}")),
    };
    let cookie = BuyerCookie::generate();
    let suffix = cookie.as_str().get(..12).unwrap_or(cookie.as_str());
    let po_number = PoNumber::parse(&format!("CERT-{suffix}"));
    let address = address();
    let params = OrderParams {
        po_number: &po_number,
        lines: &cart.lines,
        currency: &cart.currency,
        ship_to: &address,
        bill_to: &address,
        requester: Some(buyer.user()),
    };
    let stamp = buyer.stamp();
    let order = match order_request(&params, &stamp) {
        Ok(order) => order,
        Err(err) => return skipped_all(&format!("the cart cannot be ordered: {err}")),
    };
    let doc = document(buyer, &stamp, order.clone());
    if let Some(inbox) = inbox {
        // Known before it is sent: a supplier may invoice while answering.
        inbox.expect(Ordered {
            order_id: po_number.to_string(),
            payload_id: stamp.payload_id.to_string(),
            lines: cart.lines.clone(),
        });
    }
    let first = send(buyer, url, &doc).await;
    let mut checks = vec![delivered(buyer, &first)];
    let accepted = matches!(&first, Ok(e) if acknowledged(buyer, e));
    checks.push(if accepted {
        again(buyer, url, &doc).await
    } else {
        CheckResult::skipped(
            CheckId::Order002,
            "the first delivery was not accepted (see CERT-ORDER-001)",
        )
    });
    let first_payload = stamp.payload_id.to_string();
    for (id, habit, wire) in [
        (CheckId::Order003, Habit::Update, OrderType::Update),
        (CheckId::Order004, Habit::Delete, OrderType::Delete),
    ] {
        checks.push(if !buyer.profile().order.types.contains(&habit) {
            CheckResult::skipped(
                id,
                format!(
                    "the {} profile does not send type=\"{}\"",
                    buyer.profile().name,
                    kind_name(wire)
                ),
            )
        } else if !accepted {
            CheckResult::skipped(
                id,
                "the order was not accepted, so there is nothing to change (see CERT-ORDER-001)",
            )
        } else {
            change(buyer, url, &order, &first_payload, id, wire).await
        });
    }
    checks
}

/// The OrderRequest document with the profile's header and mode.
fn document(
    buyer: &VirtualBuyer,
    stamp: &buyer_kit::setup_request::Stamp,
    order: OrderRequest,
) -> CXml {
    let identities = buyer.identities();
    let mode = buyer
        .profile()
        .order
        .deployment_mode
        .mode_for(&identities.from.identity);
    let mut doc = order_document(
        &identities,
        stamp,
        mode.unwrap_or(DeploymentMode::Production),
        order,
    );
    if let Some(request) = doc.request.as_mut() {
        request.deployment_mode = mode;
    }
    doc
}

async fn send(buyer: &VirtualBuyer, url: &str, doc: &CXml) -> Result<Exchange, String> {
    buyer
        .post_order(url, doc)
        .await
        .map_err(|err| format!("procsim could not write the OrderRequest: {err}"))
}

/// CERT-ORDER-001: 200 within the profile's timeout (procsim stops
/// waiting then, as the platform does), read as the profile reads the
/// answer's envelope.
fn delivered(buyer: &VirtualBuyer, sent: &Result<Exchange, String>) -> CheckResult {
    let id = CheckId::Order001;
    let exchange = match sent {
        Ok(exchange) => exchange,
        Err(why) => return CheckResult::skipped(id, why.clone()),
    };
    let (limit, _) = buyer.profile().order_reply_timeout();
    let ms = exchange.elapsed.as_millis();
    let secs = limit.as_secs();
    match exchange.cxml_code() {
        Some(200) if exchange.elapsed <= limit => as_the_profile_reads(
            buyer,
            id,
            exchange,
            format!("answered 200 in {ms} ms (limit {secs} s)"),
        ),
        Some(200) => CheckResult::fail(
            id,
            located(
                exchange,
                format!("answered 200 after {ms} ms, beyond the {secs} s the platform waits"),
            ),
        ),
        None if exchange.http_status.is_none() && exchange.elapsed >= limit => CheckResult::fail(
            id,
            evidence_of(
                exchange,
                format!(
                    "no answer within the {secs} s the platform waits: procsim stopped waiting after {ms} ms, as the platform would, and the order is not acknowledged"
                ),
            ),
        ),
        _ => CheckResult::fail(
            id,
            located(
                exchange,
                format!("the order was not accepted: {}", no_cxml(exchange)),
            ),
        ),
    }
}

/// Whether the platform takes `exchange` as the order accepted: cXML 200
/// in an envelope the profile reads.
fn acknowledged(buyer: &VirtualBuyer, exchange: &Exchange) -> bool {
    exchange.cxml_code() == Some(200)
        && !(envelope::Tolerance::of(buyer.profile()).refuses
            && envelope::deviation(exchange).is_some())
}

/// An order answer that passes on its status (`lead` says how): passed,
/// unless its envelope deviates from the DTD; then the profile decides —
/// failed where the platform refuses such an answer, a warning where it
/// reads it leniently — and the evidence locates the deviation.
fn as_the_profile_reads(
    buyer: &VirtualBuyer,
    id: CheckId,
    exchange: &Exchange,
    lead: String,
) -> CheckResult {
    match envelope::deviation(exchange) {
        None => CheckResult::pass(id, evidence_of(exchange, lead)),
        Some(deviation) => envelope::judged(
            id,
            exchange,
            deviation,
            &envelope::Tolerance::of(buyer.profile()),
            &lead,
        ),
    }
}

/// The evidence of a failed order answer: `detail`, and where the
/// answer's envelope leaves the DTD, when it does (an HTML page, a cut
/// document), with its line and column.
fn located(exchange: &Exchange, detail: String) -> Evidence {
    match envelope::deviation(exchange) {
        None => evidence_of(exchange, detail),
        Some(deviation) => {
            let mut evidence = evidence_of(exchange, format!("{detail}; {}", deviation.said()));
            evidence.element = Some(deviation.located);
            evidence
        }
    }
}

/// CERT-ORDER-002: the same document again.
async fn again(buyer: &VirtualBuyer, url: &str, doc: &CXml) -> CheckResult {
    let id = CheckId::Order002;
    match send(buyer, url, doc).await {
        Err(why) => CheckResult::skipped(id, why),
        Ok(exchange) if exchange.cxml_code() == Some(200) => as_the_profile_reads(
            buyer,
            id,
            &exchange,
            "the same OrderRequest again was answered 200".to_owned(),
        ),
        Ok(exchange) => CheckResult::fail(
            id,
            located(
                &exchange,
                format!(
                    "the same OrderRequest (same payloadID and orderID) a second time: {}; a platform retrying after a lost answer would see its order refused",
                    no_cxml(&exchange)
                ),
            ),
        ),
    }
}

/// CERT-ORDER-003 and 004: the order as `update` (version 2) or
/// `delete`, referring to the first delivery's payloadID.
async fn change(
    buyer: &VirtualBuyer,
    url: &str,
    order: &OrderRequest,
    first_payload: &str,
    id: CheckId,
    wire: OrderType,
) -> CheckResult {
    let mut changed = order.clone();
    changed.header.order_type = Some(wire);
    changed.header.order_version = Some("2".to_owned());
    changed.header.document_reference = Some(DocumentReference::new(first_payload));
    let doc = document(buyer, &buyer.stamp(), changed);
    let kind = kind_name(wire);
    let exchange = match send(buyer, url, &doc).await {
        Ok(exchange) => exchange,
        Err(why) => return CheckResult::skipped(id, why),
    };
    match exchange.cxml_code() {
        Some(code @ 200..=299) => as_the_profile_reads(
            buyer,
            id,
            &exchange,
            format!("type=\"{kind}\" accepted ({code})"),
        ),
        Some(code @ 400..=499) => as_the_profile_reads(
            buyer,
            id,
            &exchange,
            format!(
                "type=\"{kind}\" refused with a documented cXML {code}, which a platform shows the buyer"
            ),
        ),
        _ => CheckResult::fail(
            id,
            located(
                &exchange,
                format!(
                    "type=\"{kind}\": {}; the platform reads this as a transient error and retries",
                    no_cxml(&exchange)
                ),
            ),
        ),
    }
}

fn kind_name(wire: OrderType) -> &'static str {
    match wire {
        OrderType::New => "new",
        OrderType::Update => "update",
        OrderType::Delete => "delete",
    }
}
