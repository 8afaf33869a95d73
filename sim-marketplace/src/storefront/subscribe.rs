//! Subscribing in the storefront outside a punchout session, signed in as
//! a user of a buyer account (`POST /subscribe`), and the simulated
//! instance-launch console that starts purchases elsewhere
//! (`GET /console/launch/{id}`).
//!
//! Any product the account's Private Marketplace approves (all of them
//! when it is off) may be subscribed to here; any other is refused with a
//! 403 page and nothing stored (SPEC F13). What happens depends on the
//! product and the account's settings:
//! - a product no procurement system may buy (SPEC F11: professional
//!   services, AMI and container contracts, data products) is subscribed
//!   at once, whatever the connection says: it never goes to Coupa;
//! - an enabled Coupa connection with **redirect** on sends the user to
//!   Coupa to raise a requisition instead (SPEC F12), unless the purchase
//!   started in the console (each purchase sent on is recorded:
//!   [`super::handoffs`]);
//! - a Free or BYOL product is subscribed at once, and the page says it
//!   was auto-approved, when the account's procurement connection (Coupa
//!   or Ariba) **pre-approves** it; otherwise it goes through that system
//!   as a 0.00 order: Coupa's requisition page, or back to Ariba's
//!   catalog (SPEC F9);
//! - anything else is subscribed at once, billed by the marketplace
//!   ("Option 1" of SPEC F8), with the PO number the user typed when the
//!   account manages **purchase orders** and the product is a SaaS contract
//!   (SPEC F14).

use axum::{
    Form,
    extract::{Path, State, rejection::FormRejection},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use serde::Deserialize;

use super::{
    handoffs,
    subscribe_now::{self, AutoApproval, Subscription},
};
use crate::{
    Marketplace,
    accounts::{Account, Connection, ProcurementSystem},
    cart_line::CartLine,
    catalog::{Listing, Pricing, ProductType, SaasModel},
    http_face::{
        PageError,
        cookies::{USER_COOKIE, cookie},
        page,
    },
    private_marketplace,
    purchase::Route,
};

/// Where a purchase was started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A product page of the storefront.
    Storefront,
    /// The (simulated) instance-launch console: never redirected.
    Console,
}

/// What subscribing comes to, before anything is stored.
#[derive(Debug, PartialEq, Eq)]
pub enum Decision {
    /// Create the agreement now, with this PO number (empty: none).
    Subscribe { po_number: String },
    /// A Free or BYOL product the account's connection (Coupa or Ariba)
    /// pre-approves: create the agreement now and say it was auto-approved.
    AutoApproved,
    /// Send the user to Coupa to raise a requisition.
    ToCoupa { reason: CoupaReason },
    /// A Free or BYOL product the account's Ariba connection does not
    /// pre-approve: it is requested through Ariba, as a 0.00 order.
    ThroughAriba,
    /// Refuse, with a message for the user.
    Refuse(&'static str),
}

/// Why a purchase goes through Coupa.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoupaReason {
    /// The connection's redirect setting (SPEC F12).
    Redirect,
    /// A Free or BYOL product that is not pre-approved: a 0.00 order
    /// (SPEC F9).
    ZeroOrder,
}

impl CoupaReason {
    fn as_str(self) -> &'static str {
        match self {
            CoupaReason::Redirect => "redirect",
            CoupaReason::ZeroOrder => "zero-order",
        }
    }
}

/// The longest PO number a user may type.
const MAX_PO_NUMBER: usize = 40;

/// The account's rules applied to one purchase (pure).
pub fn decide(account: &Account, listing: &Listing, origin: Origin, po_number: &str) -> Decision {
    let connection =
        procurement_connection(account).filter(|_| listing.supported_for_procurement());
    if let Some(connection) = connection {
        if matches!(listing.pricing, Pricing::Free | Pricing::Byol) {
            return match connection.system {
                _ if subscribe_now::preapproves(connection, listing) => Decision::AutoApproved,
                ProcurementSystem::Coupa => Decision::ToCoupa {
                    reason: CoupaReason::ZeroOrder,
                },
                ProcurementSystem::Ariba => Decision::ThroughAriba,
            };
        }
        if connection.system == ProcurementSystem::Coupa
            && connection.redirect
            && origin == Origin::Storefront
        {
            return Decision::ToCoupa {
                reason: CoupaReason::Redirect,
            };
        }
    }
    let needs_po = account.po_management
        && listing.product_type == ProductType::Saas(SaasModel::Contract)
        && !matches!(listing.pricing, Pricing::Free | Pricing::Byol);
    let po_number = po_number.trim();
    if !needs_po {
        return Decision::Subscribe {
            po_number: String::new(),
        };
    }
    let valid = !po_number.is_empty()
        && po_number.len() <= MAX_PO_NUMBER
        && po_number
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'/' | b'.'));
    if valid {
        Decision::Subscribe {
            po_number: po_number.to_owned(),
        }
    } else {
        Decision::Refuse(
            "Your company manages purchase orders: type the purchase order number for this \
             subscription (up to 40 letters, digits, '-', '_', '/' or '.').",
        )
    }
}

/// The account's enabled Coupa connection, if any.
pub fn coupa_connection(account: &Account) -> Option<&Connection> {
    account
        .connections
        .iter()
        .find(|c| c.enabled && c.system == ProcurementSystem::Coupa)
}

/// The connection a purchase of the account goes through: its enabled
/// Coupa connection, else its first enabled one (Ariba), if any.
pub fn procurement_connection(account: &Account) -> Option<&Connection> {
    coupa_connection(account).or_else(|| account.connections.iter().find(|c| c.enabled))
}

/// The signed-in user's account and email, if someone is signed in.
pub async fn signed_in(
    marketplace: &Marketplace,
    headers: &HeaderMap,
) -> Result<Option<(Account, String)>, service_kit::StoreError> {
    let Some(email) = cookie(headers, USER_COOKIE) else {
        return Ok(None);
    };
    let all = marketplace.accounts().await?;
    Ok(all
        .iter()
        .find(|account| account.user(&email).is_some())
        .map(|account| (account.clone(), email)))
}

#[derive(Deserialize)]
pub struct SubscribeForm {
    listing: String,
    option: String,
    #[serde(default)]
    po_number: String,
    #[serde(default)]
    origin: String,
}

pub async fn subscribe(
    State(marketplace): State<Marketplace>,
    headers: HeaderMap,
    form: Result<Form<SubscribeForm>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form.map_err(|_| super::incomplete())?;
    let (account, user) = signed_in(&marketplace, &headers).await?.ok_or_else(|| {
        PageError::forbidden(
            "Sign in to subscribe",
            "Subscribing needs a marketplace account: sign in as one of its users first.",
        )
    })?;
    // The account's Private Marketplace governs every subscription, not
    // only its punchouts and orders (SPEC F13): checked first, whatever
    // option was asked for.
    let wanted = super::listing(marketplace.catalog(), form.listing.trim())?;
    if !private_marketplace::visibility(marketplace.store(), &account.id)
        .await?
        .admits(wanted.id)
    {
        return Err(super::not_approved_for(&account, wanted));
    }
    let (listing, line) = marketplace
        .for_sale()
        .resolve(Route::Direct, &account.id, &form.listing, &form.option)
        .map_err(|err| {
            PageError::bad_request("This option cannot be subscribed to", err.to_string())
        })?;
    let origin = if form.origin == "console" {
        Origin::Console
    } else {
        Origin::Storefront
    };
    let decision = decide(&account, &listing, origin, &form.po_number);
    let (po_number, auto) = match decision {
        Decision::Subscribe { po_number } => (po_number, None),
        Decision::AutoApproved => {
            let connection = procurement_connection(&account)
                .ok_or_else(|| PageError::internal("auto-approved without a connection"))?;
            (String::new(), Some(AutoApproval::of(connection, &listing)))
        }
        Decision::ToCoupa { reason } => {
            let handoff = match reason {
                CoupaReason::Redirect => handoffs::Reason::Redirect,
                CoupaReason::ZeroOrder => handoffs::Reason::ZeroOrder,
            };
            let page = to_coupa(&marketplace, &account, &listing, &line, reason)?;
            let to = (ProcurementSystem::Coupa, handoff);
            record_handoff(&marketplace, &account, &user, &listing, to).await?;
            return Ok(page);
        }
        Decision::ThroughAriba => {
            let page = subscribe_now::through_ariba(&marketplace, &listing)?;
            let to = (ProcurementSystem::Ariba, handoffs::Reason::ZeroOrder);
            record_handoff(&marketplace, &account, &user, &listing, to).await?;
            return Ok(page);
        }
        Decision::Refuse(message) => {
            return Err(PageError::bad_request(
                "Purchase order number needed",
                message,
            ));
        }
    };
    let subscription = Subscription {
        account: &account,
        listing: &listing,
        line: &line,
        po_number,
        flow_id: None,
        test_mode: false,
        joins: None,
    };
    let agreement = subscribe_now::record(&marketplace, subscription).await?;
    Ok(subscribe_now::subscribed_page(
        &marketplace,
        &account,
        &agreement,
        auto.as_ref(),
        false,
    ))
}

/// Records that `user`'s purchase of `listing` went to the procurement
/// system `to` names, for the reason it gives.
async fn record_handoff(
    marketplace: &Marketplace,
    account: &Account,
    user: &str,
    listing: &Listing,
    to: (ProcurementSystem, handoffs::Reason),
) -> Result<(), PageError> {
    let (id, user, listing) = (account.id.clone(), user.to_owned(), listing.id);
    let at = marketplace.clock().now();
    marketplace
        .store()
        .call(move |db| {
            let handoff = handoffs::NewHandoff {
                account: &id,
                user: &user,
                listing,
                system: to.0,
                reason: to.1,
                at,
            };
            handoffs::record(db, &handoff)
        })
        .await?;
    Ok(())
}

/// The page that sends the user on to the Coupa instance's page for
/// purchases from the marketplace.
fn to_coupa(
    marketplace: &Marketplace,
    account: &Account,
    listing: &Listing,
    line: &CartLine,
    reason: CoupaReason,
) -> Result<Response, PageError> {
    let instance = coupa_connection(account)
        .and_then(|c| c.coupa_instance_url.as_deref())
        .ok_or_else(|| {
            PageError::refused(
                StatusCode::CONFLICT,
                "Buy this through Coupa",
                "Your company buys marketplace products through Coupa, but its Coupa address \
                 is not configured. Ask your account admin.",
            )
        })?;
    let mut url = coupa_page_url(instance)
        .ok_or_else(|| PageError::internal(format!("bad Coupa instance URL {instance:?}")))?;
    url.query_pairs_mut()
        .append_pair("listing", &listing.id.to_string())
        .append_pair("option", &line.aux_id)
        .append_pair("product", &listing.name)
        .append_pair("reason", reason.as_str());
    // A page with a link rather than a 303: browsers hold a form's
    // redirect to the page's `form-action` sources, and ours is 'self'.
    let mut context = tera::Context::new();
    context.insert("product", &listing.name);
    context.insert("zero_order", &(reason == CoupaReason::ZeroOrder));
    context.insert("coupa_url", url.as_str());
    Ok(page(marketplace, StatusCode::OK, "to_coupa.html", &context))
}

/// `{instance}/marketplace/requisition` as a URL.
fn coupa_page_url(instance: &str) -> Option<reqwest::Url> {
    let base = reqwest::Url::parse(&format!("{}/", instance.trim_end_matches('/'))).ok()?;
    base.join("marketplace/requisition").ok()
}

/// `GET /console/launch/{id}`: the instance-launch console, a page outside
/// the storefront whose Launch buttons subscribe without any redirect.
pub async fn console(
    State(marketplace): State<Marketplace>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let listing = super::listing(marketplace.catalog(), &id)?;
    let account = signed_in(&marketplace, &headers)
        .await?
        .map(|(account, _)| account);
    let options =
        super::options::option_views(&marketplace, account.as_ref().map(|a| &a.id), listing);
    let approved = match &account {
        Some(account) => private_marketplace::visibility(marketplace.store(), &account.id)
            .await?
            .admits(listing.id),
        None => true,
    };
    let mut context = tera::Context::new();
    context.insert("not_approved", &!approved);
    context.insert(
        "account_nav",
        &super::account_nav(&marketplace, &headers).await?,
    );
    context.insert("listing", listing);
    context.insert("options", &options);
    context.insert("signed_in", &account.is_some());
    context.insert("can_launch", &(account.is_some() && approved));
    Ok(page(&marketplace, StatusCode::OK, "console.html", &context))
}

#[cfg(test)]
mod tests {
    use cxml::{SharedSecret, transport::FormEncoding};

    use super::*;
    use crate::{
        accounts::{Identity, User},
        catalog::{
            AmiModel, CategoryId, ContainerModel, ContractDimension, ListingId, SellerId, Tier,
        },
        money::Money,
    };

    fn listing(product_type: ProductType, pricing: Pricing) -> Listing {
        Listing {
            id: ListingId::from_raw(1),
            name: "Tool".into(),
            short_description: String::new(),
            category: CategoryId(0),
            seller: SellerId(0),
            product_type,
            pricing,
            free_trial: false,
        }
    }

    fn saas_contract_dimensions() -> Vec<ContractDimension> {
        vec![ContractDimension {
            tier: Tier::Basic,
            duration_months: 12,
            price: Money::usd(100),
        }]
    }

    fn saas_contract() -> Listing {
        listing(
            ProductType::Saas(SaasModel::Contract),
            Pricing::UpfrontContract {
                dimensions: saas_contract_dimensions(),
            },
        )
    }

    fn account(connection: Option<(bool, bool, bool)>, po_management: bool) -> Account {
        let connections = connection
            .map(|(redirect, free, byol)| Connection {
                id: "coupa-1".into(),
                system: ProcurementSystem::Coupa,
                enabled: true,
                buyer: Identity::network_id("b"),
                supplier: Identity::network_id("s"),
                sender: Identity::network_id("b"),
                shared_secret: SharedSecret::new("x"),
                coupa_instance_url: Some("http://coupa.test".into()),
                invoice_url: None,
                redirect,
                free_preapproved: free,
                byol_preapproved: byol,
                test_mode: false,
                form_encoding: FormEncoding::Base64,
            })
            .into_iter()
            .collect();
        Account {
            id: "acct-1".parse().unwrap(),
            name: "Acme".into(),
            contact_email: "buyer@acme.test".into(),
            users: vec![User {
                email: "jane@acme.test".into(),
                policies: Vec::new(),
            }],
            po_management,
            connections,
        }
    }

    const NO_PO: &str = "";

    fn subscribe(po: &str) -> Decision {
        Decision::Subscribe {
            po_number: po.into(),
        }
    }

    fn to_coupa(reason: CoupaReason) -> Decision {
        Decision::ToCoupa { reason }
    }

    #[test]
    fn the_redirect_sends_storefront_purchases_to_coupa_but_not_the_consoles() {
        let redirected = account(Some((true, false, false)), false);
        let payg = listing(
            ProductType::Ami(AmiModel::Hourly),
            Pricing::Payg { dimensions: vec![] },
        );
        assert_eq!(
            decide(&redirected, &payg, Origin::Storefront, NO_PO),
            to_coupa(CoupaReason::Redirect)
        );
        assert_eq!(
            decide(&redirected, &payg, Origin::Console, NO_PO),
            subscribe(NO_PO)
        );
        let direct = account(Some((false, false, false)), false);
        assert_eq!(
            decide(&direct, &payg, Origin::Storefront, NO_PO),
            subscribe(NO_PO)
        );
    }

    #[test]
    fn free_and_byol_follow_their_own_pre_approval() {
        let free = listing(
            ProductType::Container(ContainerModel::Hourly),
            Pricing::Free,
        );
        let byol = listing(ProductType::Ami(AmiModel::Hourly), Pricing::Byol);
        let none_preapproved = account(Some((false, false, false)), false);
        assert_eq!(
            decide(&none_preapproved, &free, Origin::Storefront, NO_PO),
            to_coupa(CoupaReason::ZeroOrder)
        );
        let only_free = account(Some((true, true, false)), false);
        assert_eq!(
            decide(&only_free, &free, Origin::Storefront, NO_PO),
            Decision::AutoApproved
        );
        for origin in [Origin::Storefront, Origin::Console] {
            assert_eq!(
                decide(&only_free, &byol, origin, NO_PO),
                to_coupa(CoupaReason::ZeroOrder)
            );
        }
        let no_integration = account(None, false);
        assert_eq!(
            decide(&no_integration, &byol, Origin::Storefront, NO_PO),
            subscribe(NO_PO)
        );
    }

    #[test]
    fn an_ariba_connection_pre_approves_as_coupas_does() {
        let on_ariba = |free, byol| {
            let mut account = account(Some((false, free, byol)), false);
            account.connections[0].system = ProcurementSystem::Ariba;
            account
        };
        let free = listing(ProductType::Ami(AmiModel::Hourly), Pricing::Free);
        let byol = listing(ProductType::Ami(AmiModel::Hourly), Pricing::Byol);
        for origin in [Origin::Storefront, Origin::Console] {
            assert_eq!(
                decide(&on_ariba(true, false), &free, origin, NO_PO),
                Decision::AutoApproved
            );
            assert_eq!(
                decide(&on_ariba(true, false), &byol, origin, NO_PO),
                Decision::ThroughAriba
            );
            assert_eq!(
                decide(&on_ariba(false, true), &byol, origin, NO_PO),
                Decision::AutoApproved
            );
        }
        // Ariba has no redirect: anything else is bought directly.
        let mut redirected = on_ariba(false, false);
        redirected.connections[0].redirect = true;
        assert_eq!(
            decide(&redirected, &saas_contract(), Origin::Storefront, NO_PO),
            subscribe(NO_PO)
        );
    }

    #[test]
    fn products_no_procurement_system_buys_are_subscribed_directly_whatever_the_settings() {
        let redirected = account(Some((true, false, false)), false);
        let dimensions = saas_contract_dimensions();
        let unsupported = [
            listing(
                ProductType::ProfessionalServices,
                Pricing::UpfrontContract {
                    dimensions: dimensions.clone(),
                },
            ),
            listing(
                ProductType::Ami(AmiModel::Contract),
                Pricing::UpfrontContract {
                    dimensions: dimensions.clone(),
                },
            ),
            listing(
                ProductType::Container(ContainerModel::Contract),
                Pricing::UpfrontContract { dimensions },
            ),
            listing(ProductType::Data, Pricing::Free),
        ];
        for product in &unsupported {
            assert_eq!(
                decide(&redirected, product, Origin::Storefront, NO_PO),
                subscribe(NO_PO),
                "{:?}",
                product.product_type
            );
        }
        // The same redirect still applies to a product Coupa may buy.
        assert_eq!(
            decide(&redirected, &saas_contract(), Origin::Storefront, NO_PO),
            to_coupa(CoupaReason::Redirect)
        );
    }

    #[test]
    fn po_management_asks_a_po_number_for_saas_contracts_only() {
        let managed = account(None, true);
        assert_eq!(
            decide(&managed, &saas_contract(), Origin::Storefront, " PO-42 "),
            subscribe("PO-42")
        );
        for bad in ["", "   ", "PO 42", "<b>", &"9".repeat(41)] {
            assert!(
                matches!(
                    decide(&managed, &saas_contract(), Origin::Storefront, bad),
                    Decision::Refuse(_)
                ),
                "{bad:?}"
            );
        }
        let free = listing(ProductType::Data, Pricing::Free);
        assert_eq!(
            decide(&managed, &free, Origin::Storefront, NO_PO),
            subscribe(NO_PO)
        );
        let unmanaged = account(None, false);
        assert_eq!(
            decide(&unmanaged, &saas_contract(), Origin::Storefront, "PO-42"),
            subscribe(NO_PO)
        );
    }
}
