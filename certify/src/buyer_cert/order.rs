//! The buyer's OrderRequest (CERT-BUYER-010 to 016): it arrived with
//! accepted credentials, then its header against the profile, its one
//! currency, its Total against its lines, and the CX rules (less CX047,
//! which 014 and 015 judge, so one fault fails one check).

use buyer_kit::profile::OrderType as Habit;
use cxml::{
    RuleId,
    doc::{OrderRequest, OrderType},
    envelope::RequestBody,
};

use super::{BuyerUnderTest, doc::Doc, header};
use crate::{catalogue::CheckId, report::CheckResult};

const AFTER_ARRIVAL: [CheckId; 6] = [
    CheckId::Buyer011,
    CheckId::Buyer012,
    CheckId::Buyer013,
    CheckId::Buyer014,
    CheckId::Buyer015,
    CheckId::Buyer016,
];

/// The typed OrderRequest of `doc`, if it is one.
pub(crate) fn order_of<'d>(doc: &'d Doc<'_>) -> Option<&'d OrderRequest> {
    match &doc.cxml.as_ref()?.request.as_ref()?.body {
        RequestBody::OrderRequest(order) => Some(order),
        _ => None,
    }
}

pub(crate) fn checks(
    buyer: &BuyerUnderTest,
    order: Option<&Doc<'_>>,
    no_order: &str,
) -> Vec<CheckResult> {
    let Some(doc) = order else {
        let mut checks = vec![CheckResult::fail(
            CheckId::Buyer010,
            crate::report::Evidence::said(no_order),
        )];
        checks.extend(
            AFTER_ARRIVAL.map(|id| {
                CheckResult::skipped(id, "no OrderRequest to judge (see CERT-BUYER-010)")
            }),
        );
        return checks;
    };
    let mut checks = vec![arrived(doc)];
    let (Some(request), None) = (order_of(doc), doc.unreadable()) else {
        let why = doc
            .unreadable()
            .unwrap_or_else(|| "the document is no OrderRequest".to_owned());
        checks.extend(
            AFTER_ARRIVAL[..5]
                .iter()
                .map(|id| CheckResult::skipped(*id, why.clone())),
        );
        let mut evidence = doc.evidence(why);
        evidence.element = doc.not_xml.clone();
        checks.push(CheckResult::fail(CheckId::Buyer016, evidence));
        return checks;
    };
    let profile = &buyer.profile;
    checks.push(header::dtd_version(
        CheckId::Buyer011,
        doc,
        profile.order_request_version().as_str(),
    ));
    checks.push(header::credentials(CheckId::Buyer012, doc, buyer));
    checks.push(order_header(buyer, doc, request));
    checks.push(one_currency(doc, request));
    checks.push(total(doc, request));
    checks.push(header::cx_rules(
        CheckId::Buyer016,
        doc,
        &[RuleId::Cx047],
        &buyer.dtds,
    ));
    checks
}

/// CERT-BUYER-010: the order came, and the marketplace did not refuse its
/// credentials (another refusal is the supplier's business, named).
fn arrived(doc: &Doc<'_>) -> CheckResult {
    let id = CheckId::Buyer010;
    let text = doc.answer_text();
    let said = text.clone().unwrap_or_default();
    match doc.exchange.cxml_status {
        Some(code @ (401 | 403)) => {
            let mut evidence = doc.evidence(format!(
                "the marketplace refused the order's credentials with cXML {code}: {said}"
            ));
            evidence.cxml_text = text;
            CheckResult::fail(id, evidence)
        }
        Some(200) => CheckResult::pass(
            id,
            doc.evidence("the marketplace accepted the order with cXML 200"),
        ),
        Some(code) => {
            let mut evidence = doc.evidence(format!(
                "the credentials were accepted; the marketplace refused the order itself with cXML {code}: {said} (the checks below say why)"
            ));
            evidence.cxml_text = text;
            CheckResult::pass(id, evidence)
        }
        None => CheckResult::fail(
            id,
            doc.evidence("the marketplace could not answer the order with a cXML status"),
        ),
    }
}

/// CERT-BUYER-013: orderID, orderDate, a type the profile sends, and the
/// profile's deploymentMode.
fn order_header(buyer: &BuyerUnderTest, doc: &Doc<'_>, order: &OrderRequest) -> CheckResult {
    let id = CheckId::Buyer013;
    let header = &order.header;
    let (habit, sent) = match header.order_type() {
        OrderType::New => (Habit::New, "new"),
        OrderType::Update => (Habit::Update, "update"),
        OrderType::Delete => (Habit::Delete, "delete"),
    };
    let problem = if header.order_id.trim().is_empty() {
        Some("the OrderRequestHeader has an empty orderID".to_owned())
    } else if header.order_date.trim().is_empty() {
        Some("the OrderRequestHeader has an empty orderDate".to_owned())
    } else if !buyer.profile.order.types.contains(&habit) {
        Some(format!(
            "type=\"{sent}\" is not a type the {} profile sends",
            buyer.profile.name
        ))
    } else {
        None
    };
    if let Some(problem) = problem {
        return match doc.at("Request/OrderRequest/OrderRequestHeader") {
            Some(el) => CheckResult::fail(id, doc.evidence_at(problem, el)),
            None => CheckResult::fail(id, doc.evidence(problem)),
        };
    }
    let mode = header::deployment_mode(id, doc, buyer.profile.order.deployment_mode, buyer);
    if mode.status != crate::report::CheckStatus::Passed {
        return mode;
    }
    CheckResult::pass(
        id,
        doc.evidence(format!(
            "orderID {}, orderDate {}, type=\"{sent}\"; {}",
            header.order_id.trim(),
            header.order_date.trim(),
            mode.evidence.detail
        )),
    )
}

/// CERT-BUYER-014: the Total's currency on every line.
fn one_currency(doc: &Doc<'_>, order: &OrderRequest) -> CheckResult {
    let id = CheckId::Buyer014;
    let total = order.header.total.money.currency.trim();
    for (n, item) in order.item_out.iter().enumerate() {
        let Some(detail) = &item.item_detail else {
            continue;
        };
        let line = detail.unit_price.money.currency.trim();
        if line != total {
            let what = format!(
                "ItemOut {} is priced in {line}, the Total in {total}",
                n + 1
            );
            let el = doc
                .tree
                .as_ref()
                .and_then(|t| t.root().at("Request/OrderRequest"))
                .and_then(|o| o.children_named("ItemOut").nth(n))
                .and_then(|i| i.at("ItemDetail/UnitPrice/Money"));
            return match el {
                Some(el) => CheckResult::fail(id, doc.evidence_at(what, el)),
                None => CheckResult::fail(id, doc.evidence(what)),
            };
        }
    }
    CheckResult::pass(id, doc.evidence(format!("one currency: {total}")))
}

/// CERT-BUYER-015: Total = the sum of quantity x unit price.
fn total(doc: &Doc<'_>, order: &OrderRequest) -> CheckResult {
    let id = CheckId::Buyer015;
    let stated = order.header.total.value();
    let problem = match (order.lines_total(), &stated) {
        (_, Err(err)) => Some(format!("the Total is not an amount: {err}")),
        (None, _) => Some(
            "the lines cannot be added up (a line without a price, a quantity that is no number, or two currencies)"
                .to_owned(),
        ),
        (Some(sum), Ok(total)) if sum.currency() != total.currency() || sum.amount() != total.amount() => {
            Some(format!(
                "the Total is {} {}, the lines add up to {} {}",
                total.amount(),
                total.currency().as_str(),
                sum.amount(),
                sum.currency().as_str()
            ))
        }
        (Some(_), Ok(_)) => None,
    };
    match problem {
        None => CheckResult::pass(id, doc.evidence("the Total equals the sum of the lines")),
        Some(problem) => match doc.at("Request/OrderRequest/OrderRequestHeader/Total/Money") {
            Some(el) => CheckResult::fail(id, doc.evidence_at(problem, el)),
            None => CheckResult::fail(id, doc.evidence(problem)),
        },
    }
}
