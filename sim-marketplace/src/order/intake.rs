//! `OrderRequest` (SPEC F5): authenticate, check every item, then create
//! the agreements and queue their notification mail in one transaction,
//! committed before the 200 goes out.
//!
//! Idempotent: a redelivery (the same payloadID with the same orderID and
//! items), or the same orderID from the same account with the same items,
//! gets the same 200 and creates nothing new. A payloadID or an orderID
//! seen before with other content is a conflict (409): acknowledging it
//! would leave the buyer holding a PO nobody fulfils. An order without
//! items, whose Total is not the sum of its lines (CONFORMANCE CX047), or
//! with an item outside the account's private marketplace (SPEC F13) is a
//! 400. A refused order (4xx) leaves no trace, so it can be sent again once
//! fixed. Every line must have the cart's quantity and unit price, except
//! that a usage line's quantity is the blanket amount the buyer chose (in
//! cents; SPEC F8), which becomes the agreement's amount.
//!
//! Its flow id is the sender's `x-procsim-flow` header, else that of the
//! punchout whose returned cart holds every ordered item.

use cxml::{
    CXml, Parsed,
    common::Total,
    doc::OrderType,
    envelope::{DeploymentMode, RequestBody},
};
use jiff::Timestamp;
use service_kit::{
    Store,
    cxml_http::{CxmlError, status_document},
};

use super::{
    agreements::{self, Agreement, AgreementId, AgreementSource},
    ordered::{OrderIds, OrderedItem},
    orders::{self, OrderRow},
};
use crate::{
    Marketplace,
    accounts::{
        Account,
        auth::{AuthError, authenticate},
    },
    cart_line::{CartLine, MAX_BLANKET_UNITS},
    catalog::Listing,
    money::Money,
    private_marketplace,
    punchout::cart::flow_of_cart,
    purchase::{ForSale, Route},
};

/// A checked order, ready to be stored.
struct Intake {
    account: Account,
    ids: OrderIds,
    fingerprint: String,
    test_mode: bool,
    flow: Option<String>,
    /// Each line with its listing and its PO line number.
    lines: Vec<(Listing, CartLine, i64)>,
}

/// What storing an order came to.
enum Stored {
    Created,
    Duplicate,
    /// The orderID was received before with other items.
    Conflict,
    /// The payloadID was received before with another orderID or items
    /// (the order is named when it was the same account's).
    PayloadReused {
        order_id: Option<String>,
        payload_id: String,
    },
}

/// Answers the order in `parsed`; sets `flow` once the sender is known, if
/// the sender gave none.
pub async fn handle(
    marketplace: &Marketplace,
    parsed: &Parsed,
    flow: &mut Option<String>,
) -> Result<CXml, CxmlError> {
    let Some(request) = parsed.doc.request.as_ref() else {
        return Err(CxmlError::internal("not a request"));
    };
    let RequestBody::OrderRequest(order) = &request.body else {
        return Err(CxmlError::internal("not an order request"));
    };
    let items = OrderedItem::all(order);
    let header = parsed.doc.header.as_ref().ok_or(AuthError::Unauthorized)?;
    let all = marketplace.accounts().await?;
    let (account, connection) = authenticate(&all, header)?;
    if flow.is_none() {
        *flow = flow_of_cart(
            marketplace.store(),
            account.id.clone(),
            connection.id.clone(),
            items.iter().map(OrderedItem::key).collect(),
        )
        .await?;
    }
    if order.header.order_type() != OrderType::New {
        return Err(CxmlError::NotImplemented(
            "only new orders are supported; changes go through the marketplace".into(),
        ));
    }
    let ids = OrderIds::try_from((parsed.doc.payload_id.as_str(), &order.header))
        .map_err(|err| CxmlError::BadRequest(err.to_string()))?;
    let visible = private_marketplace::visibility(marketplace.store(), &account.id).await?;
    let for_sale = marketplace.for_sale();
    let lines = items
        .iter()
        .zip(po_lines(&items))
        .map(|(item, po_line)| {
            if !visible.admits_text(&item.part_id) {
                return Err(CxmlError::BadRequest(private_marketplace::not_approved(
                    &item.part_id,
                )));
            }
            let (listing, line) = check_item(&for_sale, account, item)?;
            Ok((listing, line, po_line))
        })
        .collect::<Result<Vec<_>, _>>()?;
    check_total(&order.header.total, &lines)?;
    let intake = Intake {
        account: account.clone(),
        fingerprint: fingerprint(&items),
        ids,
        test_mode: connection.test_mode || request.deployment_mode == Some(DeploymentMode::Test),
        flow: flow.clone(),
        lines,
    };
    match store(marketplace.store(), marketplace.clock().now(), intake).await? {
        Stored::Created | Stored::Duplicate => {}
        Stored::Conflict => {
            return Err(CxmlError::Conflict(
                "an order with this orderID and different items was already received".into(),
            ));
        }
        Stored::PayloadReused {
            order_id,
            payload_id,
        } => {
            let earlier = order_id.map_or_else(String::new, |id| format!(" for order {id}"));
            return Err(CxmlError::Conflict(format!(
                "payloadID {payload_id} was already used{earlier} with other content; \
                 a new document needs a new payloadID"
            )));
        }
    }
    marketplace.outbox().wake();
    marketplace.new_agreements().ring();
    Ok(status_document(marketplace.clock(), 200, "OK"))
}

/// The header's Total must be what the lines add up to (CX047), in their
/// currency; every line's quantity and price were checked against the cart.
fn check_total(total: &Total, lines: &[(Listing, CartLine, i64)]) -> Result<(), CxmlError> {
    if lines.is_empty() {
        return Err(CxmlError::BadRequest("the order has no items".into()));
    }
    let sum = Money::sum(lines.iter().map(|(_, line, _)| line.total)).ok_or_else(|| {
        CxmlError::BadRequest("the order's lines are not all in one currency".into())
    })?;
    let stated = total.value().map_err(|err| {
        CxmlError::BadRequest(format!("the order's Total is not an amount: {err}"))
    })?;
    if stated != cxml::Money::from(sum) {
        return Err(CxmlError::BadRequest(format!(
            "the order's Total is {} {} but its lines add up to {sum}",
            stated.amount(),
            stated.currency()
        )));
    }
    Ok(())
}

/// The PO line of each item: its `lineNumber` when every item has one
/// that is a positive number and no two are the same, else (so that no
/// two agreements claim one line) each item's position, from 1.
fn po_lines(items: &[OrderedItem]) -> Vec<i64> {
    let numbers: Option<Vec<i64>> = items.iter().map(|item| item.line_number).collect();
    let unique = |numbers: &[i64]| {
        let mut seen = std::collections::HashSet::new();
        numbers.iter().all(|n| seen.insert(*n))
    };
    match numbers {
        Some(numbers) if unique(&numbers) => numbers,
        _ => (1..).take(items.len()).collect(),
    }
}

/// The item's listing and cart line, or a 400 naming the item and reason.
fn check_item(
    for_sale: &ForSale<'_>,
    account: &Account,
    item: &OrderedItem,
) -> Result<(Listing, CartLine), CxmlError> {
    let aux = item.aux_id.as_deref().unwrap_or("");
    let (listing, line) = for_sale
        .resolve(Route::Procurement, &account.id, &item.part_id, aux)
        .map_err(|err| CxmlError::BadRequest(err.to_string()))?;
    // A usage line's 10,000.00 is a default blanket: the PO's amount is
    // the blanket (SPEC F8), within bounds.
    let line = match item.quantity {
        Some(units) if line.blanket && units != line.quantity => {
            line.with_blanket_units(units).ok_or_else(|| {
                CxmlError::BadRequest(format!(
                    "item {}: a blanket amount is 0.01 to {} {} in units of 0.01, not {} units",
                    line.supplier_part_id,
                    Money::usd_cents(MAX_BLANKET_UNITS).decimal(),
                    line.unit_price.currency().code(),
                    units
                ))
            })?
        }
        _ => line,
    };
    let quantity_matches = item.quantity == Some(line.quantity);
    let price_matches = item.unit_price.admits(&cxml::Money::from(line.unit_price));
    if !(quantity_matches && price_matches) {
        return Err(CxmlError::BadRequest(format!(
            "item {}: quantity or unit price differs from the cart ({} × {} {})",
            line.supplier_part_id,
            line.quantity,
            line.unit_price.decimal(),
            line.unit_price.currency().code()
        )));
    }
    Ok((listing, line))
}

/// What makes two orders with one orderID the same order.
fn fingerprint(items: &[OrderedItem]) -> String {
    let items: Vec<String> = items
        .iter()
        .map(|item| {
            let aux = item.aux_id.as_deref().unwrap_or("");
            format!("{}|{aux}|{}", item.part_id, item.quantity_text)
        })
        .collect();
    items.join(";")
}

/// Stores the order, its agreements and their mail in one transaction;
/// the duplicate checks run inside it, so two concurrent copies of one
/// order cannot both create agreements.
async fn store(store: &Store, now: Timestamp, intake: Intake) -> Result<Stored, CxmlError> {
    let stored = store
        .call(move |db| {
            let tx = db.transaction()?;
            let account_id = intake.account.id.as_str();
            let ids = &intake.ids;
            if let Some(seen) = orders::by_payload(&tx, &ids.payload_id)? {
                let own = seen.account_id == account_id;
                let same =
                    own && seen.order_id == ids.order_id && seen.fingerprint == intake.fingerprint;
                return Ok(if same {
                    Stored::Duplicate
                } else {
                    // Another account's order is not named to this one.
                    Stored::PayloadReused {
                        order_id: own.then_some(seen.order_id),
                        payload_id: ids.payload_id.clone(),
                    }
                });
            }
            if let Some(fingerprint) = orders::fingerprint_of(&tx, account_id, &ids.order_id)? {
                return Ok(if fingerprint == intake.fingerprint {
                    Stored::Duplicate
                } else {
                    Stored::Conflict
                });
            }
            orders::insert(
                &tx,
                &OrderRow {
                    payload_id: &ids.payload_id,
                    account_id,
                    order_id: &ids.order_id,
                    fingerprint: &intake.fingerprint,
                    test_mode: intake.test_mode,
                    received_at: now,
                },
            )?;
            if !intake.test_mode {
                create_agreements(&tx, &intake, now)?;
            }
            tx.commit()?;
            Ok(Stored::Created)
        })
        .await?;
    Ok(stored)
}

fn create_agreements(
    db: &rusqlite::Connection,
    intake: &Intake,
    now: Timestamp,
) -> rusqlite::Result<()> {
    for (listing, line, po_line) in &intake.lines {
        let agreement = Agreement {
            id: AgreementId(0),
            account_id: intake.account.id.clone(),
            listing_id: listing.id,
            product_name: listing.name.clone(),
            option_id: line.aux_id.clone(),
            amount: line.total,
            po_number: intake.ids.order_id.clone(),
            order_payload_id: intake.ids.payload_id.clone(),
            po_line: *po_line,
            flow_id: intake.flow.clone(),
            created_at: now,
            source: AgreementSource::Order,
        };
        agreements::create(db, &agreement, &intake.account.contact_email)?;
    }
    Ok(())
}
