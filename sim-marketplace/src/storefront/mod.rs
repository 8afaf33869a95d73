//! The storefront a person browses, alone or inside a punchout session:
//! categories, search and product pages ([`browse`]), the buttons that
//! send a cart back to the procurement system ([`approval`]), and
//! subscribing outside a punchout, from the storefront or the simulated
//! instance-launch console ([`subscribe`]), what subscribes at once
//! from any of them ([`subscribe_now`]) and the record of purchases sent
//! on to a procurement system instead ([`handoffs`]). [`account_nav`] gives the
//! header its links to the signed-in account's own pages; [`offer_facts`]
//! is how every page shows a private offer's expiry and schedule.

mod approval;
mod browse;
pub mod handoffs;
mod offer_facts;
mod options;
mod paging;
pub mod subscribe;
mod subscribe_now;

use axum::{
    Router,
    http::HeaderMap,
    routing::{get, post},
};
use serde::Serialize;
use tera::Context;

pub(crate) use offer_facts::{InstallmentView, installments};

use crate::{
    Marketplace,
    accounts::{Account, Permission},
    catalog::{Catalog, Listing, ListingId},
    http_face::{
        PageError,
        cookies::{PUNCHOUT_COOKIE, cookie},
    },
    punchout::session::SetupContext,
};

pub fn routes() -> Router<Marketplace> {
    Router::new()
        .route("/", get(browse::home))
        .route("/browse/{category}", get(browse::category))
        .route("/search", get(browse::search))
        .route("/products/{id}", get(browse::product))
        .route(
            "/punchout/request-approval",
            post(approval::request_approval),
        )
        .route("/punchout/cancel", post(approval::cancel))
        .route("/punchout/return", post(approval::return_unchanged))
        .route("/subscribe", post(subscribe::subscribe))
        .route("/console/launch/{id}", get(subscribe::console))
}

/// The listing `id` names, or a 404 page.
fn listing<'c>(catalog: &'c Catalog, id: &str) -> Result<&'c Listing, PageError> {
    id.parse::<ListingId>()
        .ok()
        .and_then(|id| catalog.listing(id))
        .ok_or_else(|| PageError::not_found("No such product", "This product does not exist."))
}

/// The header's links to a signed-in buyer's own pages (agreements,
/// invoices, private offers), as `account_nav` in a page's context.
#[derive(Serialize)]
pub(crate) struct AccountNav {
    id: String,
    name: String,
}

impl AccountNav {
    pub(crate) fn of(account: &Account) -> Self {
        AccountNav {
            id: account.id.to_string(),
            name: account.name.clone(),
        }
    }
}

/// The signed-in buyer's links, if someone is signed in and the browser is
/// not in a punchout session: there the person shops for their
/// procurement system, whose own pages hold orders and invoices.
pub(crate) async fn account_nav(
    marketplace: &Marketplace,
    headers: &HeaderMap,
) -> Result<Option<AccountNav>, service_kit::StoreError> {
    if session(marketplace, headers).is_some() {
        return Ok(None);
    }
    Ok(subscribe::signed_in(marketplace, headers)
        .await?
        .map(|(account, _)| AccountNav::of(&account)))
}

/// The refusal of a product outside the session's private marketplace.
fn not_in_private_marketplace() -> PageError {
    PageError::forbidden(
        "Not in your private marketplace",
        "Your company's administrator has not approved this product for purchase. Ask them \
         to add it to your private marketplace, or choose an approved product.",
    )
}

/// The refusal of a direct subscription to a product the account's
/// Private Marketplace does not approve (SPEC F13): which product, why,
/// and who may change that.
fn not_approved_for(account: &Account, listing: &Listing) -> PageError {
    let holders = account.users_who_may(Permission::PutProcurementSystemConfiguration);
    let who = match holders.as_slice() {
        [] => "a user of the account whose policies grant \
               aws-marketplace:PutProcurementSystemConfiguration"
            .to_owned(),
        holders => holders.join(", "),
    };
    PageError::forbidden(
        "Not approved by your Private Marketplace",
        format!(
            "{} ({}) is not approved in {}'s Private Marketplace, so no one in the account can \
             subscribe to it. Nothing was subscribed. Who can approve it: {who}, on the \
             account's administration page.",
            listing.name, listing.id, account.name
        ),
    )
}

/// The refusal of a purchase form that lacks its fields.
fn incomplete() -> PageError {
    PageError::bad_request(
        "Incomplete request",
        "Choose a product and a pricing option.",
    )
}

/// This browser's punchout session, if it has one.
fn session(marketplace: &Marketplace, headers: &HeaderMap) -> Option<(String, SetupContext)> {
    let id = cookie(headers, PUNCHOUT_COOKIE)?;
    let context = marketplace.sessions().get(&id)?;
    Some((id, context))
}

#[derive(Serialize)]
struct PunchoutView {
    /// The account's id, for links to its own pages.
    account: String,
    account_name: String,
    requester: Option<String>,
    operation: String,
    read_only: bool,
    cart: Vec<CartItemView>,
    /// The procurement system's name as people know it.
    system: &'static str,
    /// The marketplace subscribed a pre-approved product at once in this
    /// session: going back reports that subscription.
    subscribed: bool,
}

#[derive(Serialize)]
struct CartItemView {
    description: String,
    quantity: String,
    unit_price: String,
    currency: String,
}

/// A page context with the punchout banner filled in.
fn base_context(session: Option<&SetupContext>) -> Context {
    let mut context = Context::new();
    if let Some(setup) = session {
        let requester = &setup.requester;
        let name = match (&requester.first_name, &requester.last_name) {
            (Some(first), Some(last)) => Some(format!("{first} {last}")),
            _ => requester.email.clone().or(requester.unique_name.clone()),
        };
        let view = PunchoutView {
            account: setup.account.to_string(),
            account_name: setup.account_name.clone(),
            requester: name,
            operation: format!("{:?}", setup.operation).to_lowercase(),
            read_only: setup.read_only(),
            system: subscribe_now::system_name(setup.system),
            subscribed: setup.own_order.is_some(),
            cart: setup
                .cart
                .iter()
                .map(|item| CartItemView {
                    description: item
                        .item_detail
                        .description
                        .first()
                        .map(|d| d.best_text().to_owned())
                        .unwrap_or_default(),
                    quantity: item.quantity.clone(),
                    unit_price: item.item_detail.unit_price.money.amount.clone(),
                    currency: item.item_detail.unit_price.money.currency.clone(),
                })
                .collect(),
        };
        context.insert("punchout", &view);
    }
    context
}
