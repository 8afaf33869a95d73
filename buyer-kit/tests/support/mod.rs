//! Shared test helpers: marketplace-like cart lines, seeded users and
//! parties, and the official DTDs from `../shared`.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::PathBuf;

use buyer_kit::{
    ApprovalChain, ApprovalRule, ApproverLevel, BuyerAddress, Identities, Identity, Role, User,
};
use cxml::{
    Money, SharedSecret,
    common::{
        Classification, Description, Extrinsic, ItemDetail, ItemId, ItemIn, Total, UnitPrice,
    },
    doc::{OperationAllowed, PunchOutOrderMessage, PunchOutOrderMessageHeader},
};

pub fn usd(amount: &str) -> Money {
    Money::parse("USD", amount).unwrap()
}

/// A marketplace-like line with a `LineType` extrinsic.
pub fn item(part: &str, price: &str, quantity: &str, line_type: &str) -> ItemIn {
    ItemIn {
        quantity: quantity.to_owned(),
        line_number: None,
        item_id: ItemId::new(part, Some(format!("offer-{part}"))),
        item_detail: ItemDetail {
            unit_price: UnitPrice::of(&usd(price)),
            description: vec![Description::new("en", format!("Product {part}"))],
            unit_of_measure: "EA".to_owned(),
            classification: vec![Classification {
                domain: "UNSPSC".to_owned(),
                code: None,
                value: "81162000".to_owned(),
            }],
            manufacturer_part_id: None,
            manufacturer_name: None,
            url: None,
            lead_time: None,
            extrinsic: vec![Extrinsic::new("LineType", line_type)],
        },
        ship_to: None,
        shipping: None,
        tax: None,
        contact: Vec::new(),
        comments: None,
        extrinsic: Vec::new(),
    }
}

pub fn message(cookie: &str, items: Vec<ItemIn>, total: &str) -> PunchOutOrderMessage {
    PunchOutOrderMessage {
        buyer_cookie: cookie.to_owned(),
        header: PunchOutOrderMessageHeader {
            operation_allowed: OperationAllowed::Edit,
            quote_status: None,
            total: Total::of(&usd(total)),
            ship_to: None,
            shipping: None,
            tax: None,
            supplier_order_info: None,
        },
        item_in: items,
    }
}

pub fn chain() -> ApprovalChain {
    ApprovalChain::new(vec![
        ApprovalRule {
            from: usd("0"),
            level: ApproverLevel::manager(),
        },
        ApprovalRule {
            from: usd("5000.00"),
            level: ApproverLevel::finance(),
        },
    ])
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

/// `$PROCSIM_SHARED_DIR`, or the first ancestor with `shared/cxml-dtd`.
pub fn dtd_dir() -> PathBuf {
    let shared = std::env::var_os("PROCSIM_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .ancestors()
                .map(|a| a.join("shared"))
                .find(|s| s.join("cxml-dtd").is_dir())
                .expect("no ancestor has shared/cxml-dtd; set PROCSIM_SHARED_DIR")
        });
    shared.join("cxml-dtd").join("1.2.071")
}
