//! Test helpers for ariba's own tests: a running ariba whose supplier
//! account points at buyer-kit's stand-in supplier (which records what it
//! receives), the supplier's calls to the network API, Ariba's browser,
//! cart lines and the cart the supplier returns. End-to-end tests against
//! the real marketplace live in the procsim crate.
#![allow(dead_code)]

use buyer_kit::testing::{self, Running};
use cxml::{
    common::ItemId,
    common::{Classification, Description, ItemIn},
    doc::{Index, IndexItem, IndexItemPunchout, PunchoutDetail, SupplierId},
};
use reqwest::header;
use sim_ariba::AribaConfig;

// Each test binary uses its own part of these.
#[allow(unused_imports)]
pub use buyer_kit::testing::{Browser, OrderAnswer, StandInSupplier as Supplier};

pub const SUPPLIER_ANID: &str = "AN01000000999";
pub const BUYER_ANID: &str = "AN01000000001";
pub const SUPPLIER_SECRET: &str = "ariba-supplier-secret";
pub const ADMIN: &str = "admin@globex.test";
/// The URL the supplier publishes in its Index (never posted to).
pub const PUBLISHED_URL: &str = "https://published.example/punchout";

/// A running ariba (at `url`) and its stand-in supplier.
pub struct World {
    running: Running,
    http: reqwest::Client,
}

impl std::ops::Deref for World {
    type Target = Running;

    fn deref(&self) -> &Running {
        &self.running
    }
}

impl World {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// Starts ariba with the seeded config (the supplier account pointing
    /// at the stand-in) changed by `edit`.
    pub async fn start_with(edit: impl FnOnce(&mut AribaConfig)) -> Self {
        let configure = |supplier: &Supplier| {
            let mut config = AribaConfig::seeded("http://unused.invalid");
            for account in &mut config.suppliers {
                account.punchout_url = format!("{}/account-cxml", supplier.url);
                account.order_url = format!("{}/account-cxml", supplier.url);
                account.relationship_url = format!("{}/relationship-requests", supplier.url);
            }
            edit(&mut config);
            config
        };
        let running = Running::start(
            "/account-cxml",
            "2026-03-02T09:00:00Z",
            configure,
            sim_ariba::build,
        )
        .await;
        World {
            running,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("an HTTP client without redirects builds"),
        }
    }

    /// `POST /api/relationships` with `body` as `user`; status and JSON
    /// reply.
    pub async fn request_relationship(
        &self,
        user: &str,
        body: serde_json::Value,
    ) -> (u16, serde_json::Value) {
        let reply = self
            .http
            .post(format!("{}/api/relationships", self.url))
            .header(sim_ariba::USER_HEADER, user)
            .json(&body)
            .send()
            .await
            .expect("ariba answers the relationship request");
        (
            reply.status().as_u16(),
            reply
                .json()
                .await
                .expect("ariba answers the relationship request with JSON"),
        )
    }

    /// The admin's request for the seeded supplier.
    pub fn supplier_request() -> serde_json::Value {
        serde_json::json!({ "supplier_anid": SUPPLIER_ANID })
    }

    /// `POST /api/relationships/{anid}/accept` as the supplier presenting
    /// `secret`.
    pub async fn accept(&self, anid: &str, secret: &str) -> u16 {
        self.http
            .post(format!("{}/api/relationships/{anid}/accept", self.url))
            .header(sim_ariba::SECRET_HEADER, secret)
            .send()
            .await
            .expect("ariba answers the supplier's acceptance")
            .status()
            .as_u16()
    }

    /// `GET /api/relationships`.
    pub async fn relationships(&self) -> serde_json::Value {
        reqwest::get(format!("{}/api/relationships", self.url))
            .await
            .expect("ariba answers GET /api/relationships")
            .json()
            .await
            .expect("ariba lists the relationships as JSON")
    }

    /// `POST /api/catalogs` with `body`; status and JSON reply.
    pub async fn publish(&self, body: impl Into<reqwest::Body>) -> (u16, serde_json::Value) {
        let reply = self
            .http
            .post(format!("{}/api/catalogs", self.url))
            .header(header::CONTENT_TYPE, "text/xml")
            .body(body)
            .send()
            .await
            .expect("ariba answers the catalog upload");
        (
            reply.status().as_u16(),
            reply
                .json()
                .await
                .expect("ariba answers the catalog upload with JSON"),
        )
    }

    /// The relationship requested by the admin, accepted by the supplier
    /// and the catalog published.
    pub async fn connected() -> Self {
        let world = Self::start().await;
        world.connect().await;
        world
    }

    pub async fn connect(&self) {
        assert_eq!(
            self.request_relationship(ADMIN, Self::supplier_request())
                .await
                .0,
            201
        );
        assert_eq!(self.accept(SUPPLIER_ANID, SUPPLIER_SECRET).await, 200);
        let (status, reply) = self
            .publish(
                index(SUPPLIER_ANID)
                    .to_xml()
                    .expect("the supplier's Index writes as XML"),
            )
            .await;
        assert_eq!(status, 200, "{reply}");
    }

    /// A browser signed in as `email`.
    pub fn browser(&self, email: &str) -> Browser {
        Browser::new(&self.url, "ariba_user", email)
    }

    /// The journal's exchanges as JSON.
    pub async fn journal(&self) -> Vec<serde_json::Value> {
        let reply = self
            .http
            .get(format!("{}/api/journal", self.url))
            .send()
            .await
            .expect("ariba answers GET /api/journal");
        let value: serde_json::Value = reply.json().await.expect("the journal lists JSON");
        value
            .get("exchanges")
            .or(Some(&value))
            .and_then(|v| v.as_array())
            .cloned()
            .unwrap_or_default()
    }
}

/// A one-item PunchOut Index for `anid`.
pub fn index(anid: &str) -> Index {
    Index::new(
        SupplierId::new("NetworkID", anid),
        IndexItem {
            punchout: vec![IndexItemPunchout {
                item_id: ItemId::new("STORE", None),
                punchout_detail: PunchoutDetail::new(
                    Description::new("en", "Software marketplace"),
                    PUBLISHED_URL,
                    Classification {
                        domain: "UNSPSC".into(),
                        code: None,
                        value: "43232701".into(),
                    },
                ),
            }],
            ..IndexItem::default()
        },
    )
}

/// A marketplace-like line of `price` (USD) as a Service.
pub fn item(part: &str, price: &str) -> ItemIn {
    testing::item(part, &format!("{part}.upfront"), price, "1", "Service")
}

/// The cart document the supplier returns to `cookie`.
pub fn cart(cookie: &str, items: Vec<ItemIn>, total: &str) -> String {
    testing::cart_document(
        SUPPLIER_ANID,
        BUYER_ANID,
        testing::cart_message(cookie, items, total),
    )
}
