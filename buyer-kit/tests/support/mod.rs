//! Shared test helpers: marketplace-like cart lines, seeded users and
//! parties, and the official DTDs from `../shared`.
#![allow(dead_code)]

use std::path::PathBuf;

use buyer_kit::{ApprovalChain, ApproverLevel, BuyerAddress, Identities, Identity, Role, User};
use cxml::{Money, SharedSecret, common::ItemIn, doc::PunchOutOrderMessage};

pub fn usd(amount: &str) -> Money {
    Money::parse("USD", amount).expect("a fixture amount is a valid USD amount")
}

/// A marketplace-like line with a `LineType` extrinsic.
pub fn item(part: &str, price: &str, quantity: &str, line_type: &str) -> ItemIn {
    buyer_kit::testing::item(part, &format!("offer-{part}"), price, quantity, line_type)
}

pub fn message(cookie: &str, items: Vec<ItemIn>, total: &str) -> PunchOutOrderMessage {
    buyer_kit::testing::cart_message(cookie, items, total)
}

pub fn chain() -> ApprovalChain {
    ApprovalChain::manager_then_finance("USD", "5000.00")
}

pub fn jane() -> User {
    User::new("jane@acme.test", "Jane", "Doe", Role::Requester, "IT")
}

pub fn mia() -> User {
    User::new(
        "mia@acme.test",
        "Mia",
        "Manager",
        Role::Approver(ApproverLevel::manager()),
        "IT",
    )
}

pub fn fin() -> User {
    User::new(
        "fin@acme.test",
        "Fin",
        "Ance",
        Role::Approver(ApproverLevel::finance()),
        "Finance",
    )
}

pub fn identities() -> Identities {
    Identities {
        from: Identity::new("NetworkID", "coupa-acme"),
        also_from: Vec::new(),
        to: Identity::new("NetworkID", "procsim-marketplace"),
        sender: Identity::new("NetworkID", "coupa-acme"),
        secret: SharedSecret::new("coupa-shared-secret"),
        user_agent: "Coupa Procurement 1.0".to_owned(),
    }
}

pub fn address() -> BuyerAddress {
    BuyerAddress {
        id: "HQ".to_owned(),
        name: "Acme Inc.".to_owned(),
        deliver_to: "Jane Doe".to_owned(),
        street: "1 Main Street".to_owned(),
        city: "Springfield".to_owned(),
        state: "CA".to_owned(),
        postal_code: "90000".to_owned(),
        country_code: "US".to_owned(),
        country: "United States".to_owned(),
        email: "ap@acme.test".to_owned(),
    }
}

/// The official DTDs (`PROCSIM_SHARED_DIR`, `../shared` or the DTD cache,
/// found by the shared-fixtures crate), or `None` after saying that the
/// DTD checks are skipped.
pub fn dtd_dir() -> Option<PathBuf> {
    shared_fixtures::dtd_dir()
}
