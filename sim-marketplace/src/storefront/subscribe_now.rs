//! Creating an agreement at once, without a purchase order: a direct
//! subscription (the storefront's Subscribe, the console's Launch) and a
//! Free or BYOL product its account pre-approves (SPEC F9), which is
//! subscribed at once from every path, inside a punchout session too.
//!
//! Auto-approval belongs to a procurement connection: its Free and BYOL
//! flags say whether such products skip the buyer's approval, whichever
//! system (Coupa or Ariba) the connection is for.

use axum::{http::StatusCode, response::Response};
use serde::Serialize;

use crate::{
    Marketplace,
    accounts::{Account, Connection, ProcurementSystem},
    cart_line::CartLine,
    catalog::{Listing, Pricing},
    http_face::{PageError, page},
    order::{
        agreements::{self, Agreement, AgreementId, AgreementSource},
        orders::{self, OrderRow},
    },
    punchout::{random_token, session::OwnOrder},
};

/// Whether `connection` pre-approves `listing`: a Free product with Free
/// pre-approval on, a BYOL product with BYOL pre-approval on.
pub fn preapproves(connection: &Connection, listing: &Listing) -> bool {
    match listing.pricing {
        Pricing::Free => connection.free_preapproved,
        Pricing::Byol => connection.byol_preapproved,
        _ => false,
    }
}

/// The procurement system's name as people know it.
pub fn system_name(system: ProcurementSystem) -> &'static str {
    match system {
        ProcurementSystem::Coupa => "Coupa",
        ProcurementSystem::Ariba => "SAP Ariba",
    }
}

/// A subscription made at once.
pub struct Subscription<'a> {
    pub account: &'a Account,
    pub listing: &'a Listing,
    pub line: &'a CartLine,
    /// The PO number the user typed (empty: none).
    pub po_number: String,
    /// The punchout whose session it was made in, if any.
    pub flow_id: Option<String>,
    /// A test-mode connection or session: the order is recorded, no
    /// agreement is created (SPEC F15).
    pub test_mode: bool,
    /// The punchout session's own order, which this subscription joins as
    /// its next line; none: it is an order of its own.
    pub joins: Option<OwnOrder>,
}

/// Records the subscription as its own order and, outside test mode,
/// creates its agreement with its mail, in one transaction. A usage line
/// bought this way has no blanket amount: it is billed by usage, so the
/// agreement's amount is 0.00 (SPEC F8, option 1).
pub async fn record(
    marketplace: &Marketplace,
    subscription: Subscription<'_>,
) -> Result<Agreement, service_kit::StoreError> {
    let line = subscription.line;
    let amount = if line.blanket {
        crate::money::Money::usd(0)
    } else {
        line.total
    };
    let (payload_id, po_line) = match &subscription.joins {
        Some(order) => (order.order_id.clone(), order.lines + 1),
        None => (
            format!("subscribe.{}@marketplace", &random_token()[..24]),
            1,
        ),
    };
    let new_order = subscription.joins.is_none();
    let agreement = Agreement {
        id: AgreementId(0),
        account_id: subscription.account.id.clone(),
        listing_id: subscription.listing.id,
        product_name: subscription.listing.name.clone(),
        option_id: line.aux_id.clone(),
        amount,
        po_number: subscription.po_number,
        order_payload_id: payload_id,
        po_line,
        flow_id: subscription.flow_id,
        created_at: marketplace.clock().now(),
        source: AgreementSource::Subscription,
    };
    let contact = subscription.account.contact_email.clone();
    let test_mode = subscription.test_mode;
    let stored = agreement.clone();
    marketplace
        .store()
        .call(move |db| {
            let tx = db.transaction()?;
            // A subscription is its own order (its payloadID is its
            // orderID), or the next line of its session's.
            if new_order {
                orders::insert(
                    &tx,
                    &OrderRow {
                        payload_id: &stored.order_payload_id,
                        account_id: stored.account_id.as_str(),
                        order_id: &stored.order_payload_id,
                        fingerprint: &format!("{}|{}", stored.listing_id, stored.option_id),
                        test_mode,
                        received_at: stored.created_at,
                    },
                )?;
            }
            if !test_mode {
                agreements::create(&tx, &stored, &contact)?;
            }
            tx.commit()
        })
        .await?;
    if !test_mode {
        marketplace.outbox().wake();
        marketplace.new_agreements().ring();
    }
    Ok(agreement)
}

/// Why a subscription needed no approval, for the page that says so.
#[derive(Serialize)]
pub struct AutoApproval {
    /// "Free" or "BYOL".
    pub kind: &'static str,
    /// The procurement system whose approval it skipped.
    pub system: &'static str,
}

impl AutoApproval {
    pub fn of(connection: &Connection, listing: &Listing) -> Self {
        AutoApproval {
            kind: if listing.pricing == Pricing::Free {
                "Free"
            } else {
                "BYOL"
            },
            system: system_name(connection.system),
        }
    }
}

/// The page saying the subscription `account` made outside a punchout
/// session is made: `subscribed.html`, with the account's links in the
/// header (its agreements and invoices), why it needed no approval when it
/// was auto-approved, and whether it was a test.
pub fn subscribed_page(
    marketplace: &Marketplace,
    account: &Account,
    agreement: &Agreement,
    auto: Option<&AutoApproval>,
    test_mode: bool,
) -> Response {
    let mut context = tera::Context::new();
    context.insert("account_nav", &super::AccountNav::of(account));
    context.insert("agreement", agreement);
    context.insert("auto_approval", &auto);
    context.insert("test_mode", &test_mode);
    context.insert("billed_by_usage", &agreement.billed_by_usage());
    page(marketplace, StatusCode::OK, "subscribed.html", &context)
}

/// The page that sends a Free or BYOL product its Ariba connection does
/// not pre-approve back to Ariba, where it goes through approval as a
/// 0.00 order (nothing is stored).
pub fn through_ariba(marketplace: &Marketplace, listing: &Listing) -> Result<Response, PageError> {
    let mut context = tera::Context::new();
    context.insert("product", &listing.name);
    context.insert("listing_id", &listing.id.to_string());
    Ok(page(marketplace, StatusCode::OK, "to_ariba.html", &context))
}
