//! Test helpers: a running coupa service pointed at buyer-kit's stand-in
//! supplier (which records what it receives), Coupa's browser, cart lines
//! and the cart the marketplace would return. End-to-end tests against the
//! real marketplace live in the procsim crate.
#![allow(dead_code)]

use buyer_kit::testing::{self, Running};
use cxml::common::ItemIn;
use sim_coupa::CoupaConfig;

// Each test binary uses its own part of these.
#[allow(unused_imports)]
pub use buyer_kit::testing::{
    Browser, OrderAnswer, Received, StandInSupplier as Supplier, form_encode, order_of, serve,
    setup_of,
};

/// A running coupa (at `url`) and its stand-in supplier.
pub struct World(Running);

impl std::ops::Deref for World {
    type Target = Running;

    fn deref(&self) -> &Running {
        &self.0
    }
}

impl World {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// A coupa whose seeded configuration `change` adjusts first.
    pub async fn start_with(change: impl FnOnce(&mut CoupaConfig)) -> Self {
        let configure = |supplier: &Supplier| {
            let mut config = CoupaConfig::seeded(&supplier.url);
            change(&mut config);
            config
        };
        World(Running::start("/cxml", "2026-01-05T17:00:00Z", configure, sim_coupa::build).await)
    }

    /// A browser signed in as `email`.
    pub fn browser(&self, email: &str) -> Browser {
        Browser::new(&self.url, "coupa_user", email)
    }
}

/// A marketplace-like cart line (`offer-{part}`).
pub fn item(part: &str, price: &str, quantity: &str, line_type: &str) -> ItemIn {
    testing::item(part, &format!("offer-{part}"), price, quantity, line_type)
}

/// The PunchOutOrderMessage document the marketplace would return.
pub fn cart_document(cookie: &str, items: Vec<ItemIn>, total: &str) -> String {
    testing::cart_document(
        "procsim-marketplace",
        "coupa-acme",
        testing::cart_message(cookie, items, total),
    )
}

/// Punches out as Jane, returns `items`, submits the cart; gives the
/// requisition page path.
pub async fn requisition(world: &World, items: Vec<ItemIn>, total: &str) -> String {
    let jane = world.browser("jane@acme.test");
    assert_eq!(jane.get("/punchout/marketplace").await.status, 303);
    let setups = world.supplier.documents("PunchOutSetupRequest");
    let cookie = setup_of(
        setups
            .last()
            .expect("the supplier received a setup request"),
    )
    .buyer_cookie;
    let doc = cart_document(&cookie, items, total);
    let body = format!(
        "cxml-base64={}",
        form_encode(cxml::transport::encode_base64(doc.as_bytes()).as_bytes())
    );
    assert_eq!(
        jane.post_form("/punchout/return", body.into_bytes(), false)
            .await
            .status,
        303
    );
    let carts = world.supplier.documents("PunchOutSetupRequest").len();
    let submitted = jane.post(&format!("/cart/{carts}/submit")).await;
    assert_eq!(submitted.status, 303, "{}", submitted.body);
    submitted.location
}
