//! Test helpers for ariba's own tests: a stand-in supplier (axum, answering
//! with the cxml crate's types) that records what it receives, a running
//! ariba pointed at it, the supplier's calls to the network API, and a
//! browser signed in by cookie. End-to-end tests against the real
//! marketplace live in the procsim crate.
#![allow(dead_code, clippy::unwrap_used)]

use std::sync::{Arc, Mutex};

use axum::{
    Router,
    body::Bytes,
    extract::State,
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
    routing::post,
};
use cxml::{
    CXml, Money, PayloadId, Timestamp,
    common::{
        Classification, Description, Extrinsic, ItemDetail, ItemId, ItemIn, Total, UnitPrice,
    },
    doc::{
        Index, IndexItem, IndexItemPunchout, OperationAllowed, PunchOutOrderMessage,
        PunchOutOrderMessageHeader, PunchOutSetupResponse, PunchoutDetail, SupplierId,
    },
    envelope::{
        DeploymentMode, Header, Message, MessageBody, Response as CxmlResponse, ResponseBody,
    },
};
use service_kit::{Clock, Shutdown};
use sim_ariba::AribaConfig;
use tokio::net::TcpListener;

pub const SUPPLIER_ANID: &str = "AN01000000999";
pub const BUYER_ANID: &str = "AN01000000001";
/// The URL the supplier publishes in its Index (never posted to).
pub const PUBLISHED_URL: &str = "https://published.example/punchout";

/// One document the supplier received.
#[derive(Clone, Debug)]
pub struct Received {
    pub doc: CXml,
    pub flow: Option<String>,
}

#[derive(Clone)]
pub struct Supplier {
    pub url: String,
    pub received: Arc<Mutex<Vec<Received>>>,
    /// When set, OrderRequests get `400` with this text.
    pub refuse_orders: Arc<Mutex<Option<String>>>,
}

impl Supplier {
    async fn start(shutdown: &Shutdown) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let supplier = Supplier {
            url: format!("http://{}", listener.local_addr().unwrap()),
            received: Arc::default(),
            refuse_orders: Arc::default(),
        };
        let app = Router::new()
            .route("/account-cxml", post(answer))
            .with_state(supplier.clone());
        let stop = shutdown.wait();
        tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(stop)
                .await
                .unwrap();
        });
        supplier
    }

    pub fn documents(&self, kind: &str) -> Vec<Received> {
        let received = self.received.lock().unwrap();
        received
            .iter()
            .filter(|r| r.doc.kind().element_name() == kind)
            .cloned()
            .collect()
    }
}

fn xml(doc: &CXml) -> Response {
    (
        [(header::CONTENT_TYPE, "text/xml")],
        cxml::write::to_string(doc).unwrap(),
    )
        .into_response()
}

async fn answer(State(s): State<Supplier>, headers: HeaderMap, body: Bytes) -> Response {
    let doc = cxml::read::read(&body).unwrap().doc;
    let flow = headers
        .get(service_kit::cxml_http::FLOW_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let kind = doc.kind();
    s.received.lock().unwrap().push(Received { doc, flow });
    let (payload_id, timestamp) = (PayloadId::fresh(1), Timestamp::from_unix_millis(0, 0));
    match kind.element_name() {
        "PunchOutSetupRequest" => {
            let response = CxmlResponse::ok(ResponseBody::PunchOutSetupResponse(Box::new(
                PunchOutSetupResponse::new(format!("{}/start/one-time", s.url)),
            )));
            xml(&CXml::response(&payload_id, &timestamp, response))
        }
        "OrderRequest" => match s.refuse_orders.lock().unwrap().clone() {
            None => xml(&CXml::response_status(&payload_id, &timestamp, 200, "OK")),
            Some(text) => xml(&CXml::response_status(&payload_id, &timestamp, 400, &text)),
        },
        _ => xml(&CXml::response_status(
            &payload_id,
            &timestamp,
            450,
            "Not Implemented",
        )),
    }
}

/// A running ariba and its stand-in supplier.
pub struct World {
    pub ariba: String,
    pub supplier: Supplier,
    pub clock: Clock,
    http: reqwest::Client,
    shutdown: Shutdown,
}

impl World {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// Starts ariba with the seeded config (the supplier account pointing
    /// at the stand-in) changed by `edit`.
    pub async fn start_with(edit: impl FnOnce(&mut AribaConfig)) -> Self {
        let shutdown = Shutdown::new();
        let supplier = Supplier::start(&shutdown).await;
        let clock = Clock::starting_at("2026-03-02T09:00:00Z".parse().unwrap());
        let mut config = AribaConfig::seeded("http://unused.invalid");
        for account in &mut config.suppliers {
            account.punchout_url = format!("{}/account-cxml", supplier.url);
            account.order_url = format!("{}/account-cxml", supplier.url);
        }
        edit(&mut config);
        let service = sim_ariba::bind("127.0.0.1:0".parse().unwrap(), config, clock.clone())
            .await
            .unwrap();
        let ariba = format!("http://{}", service.local_addr().unwrap());
        tokio::spawn(service.run_until(shutdown.wait()));
        World {
            ariba,
            supplier,
            clock,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            shutdown,
        }
    }

    /// `POST /api/relationships` with `body`; status and JSON reply.
    pub async fn request_relationship(&self, body: serde_json::Value) -> (u16, serde_json::Value) {
        let reply = self
            .http
            .post(format!("{}/api/relationships", self.ariba))
            .json(&body)
            .send()
            .await
            .unwrap();
        (reply.status().as_u16(), reply.json().await.unwrap())
    }

    pub fn marketplace_request() -> serde_json::Value {
        serde_json::json!({
            "supplier_anid": SUPPLIER_ANID,
            "supplier_name": "procsim marketplace",
            "buyer_anid": BUYER_ANID,
        })
    }

    /// `POST /api/relationships/{anid}/accept` as `user`.
    pub async fn accept(&self, anid: &str, user: &str) -> u16 {
        self.http
            .post(format!("{}/api/relationships/{anid}/accept", self.ariba))
            .header(sim_ariba::USER_HEADER, user)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }

    /// `POST /api/catalogs` with `body`; status and JSON reply.
    pub async fn publish(&self, body: impl Into<reqwest::Body>) -> (u16, serde_json::Value) {
        let reply = self
            .http
            .post(format!("{}/api/catalogs", self.ariba))
            .header(header::CONTENT_TYPE, "text/xml")
            .body(body)
            .send()
            .await
            .unwrap();
        (reply.status().as_u16(), reply.json().await.unwrap())
    }

    /// The relationship requested, accepted and the catalog published.
    pub async fn connected() -> Self {
        let world = Self::start().await;
        world.connect().await;
        world
    }

    pub async fn connect(&self) {
        assert_eq!(
            self.request_relationship(Self::marketplace_request())
                .await
                .0,
            201
        );
        assert_eq!(self.accept(SUPPLIER_ANID, "admin@globex.test").await, 200);
        let (status, reply) = self.publish(index(SUPPLIER_ANID).to_xml().unwrap()).await;
        assert_eq!(status, 200, "{reply}");
    }

    /// A browser signed in as `email`.
    pub fn browser(&self, email: &str) -> Browser {
        Browser {
            base: self.ariba.clone(),
            cookie: format!("ariba_user={email}"),
            http: self.http.clone(),
        }
    }

    /// The journal's exchanges as JSON.
    pub async fn journal(&self) -> Vec<serde_json::Value> {
        let reply = self
            .http
            .get(format!("{}/api/journal", self.ariba))
            .send()
            .await
            .unwrap();
        let value: serde_json::Value = reply.json().await.unwrap();
        value
            .get("exchanges")
            .or(Some(&value))
            .and_then(|v| v.as_array())
            .cloned()
            .unwrap_or_default()
    }
}

impl Drop for World {
    fn drop(&mut self) {
        self.shutdown.trigger();
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

pub struct Browser {
    pub base: String,
    cookie: String,
    http: reqwest::Client,
}

/// Status, Location header and body of a reply.
pub struct Page {
    pub status: u16,
    pub location: String,
    pub body: String,
}

impl Browser {
    async fn page(reply: reqwest::Response) -> Page {
        let status = reply.status().as_u16();
        let location = reply
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        Page {
            status,
            location,
            body: reply.text().await.unwrap(),
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        let reply = self
            .http
            .get(format!("{}{path}", self.base))
            .header(header::COOKIE, &self.cookie)
            .send()
            .await
            .unwrap();
        Self::page(reply).await
    }

    pub async fn post(&self, path: &str) -> Page {
        let reply = self
            .http
            .post(format!("{}{path}", self.base))
            .header(header::COOKIE, &self.cookie)
            .send()
            .await
            .unwrap();
        Self::page(reply).await
    }

    /// Posts the cart form as the supplier's page does: cross-site, so
    /// without the sign-in cookie.
    pub async fn return_cart(&self, field: &str, value: &str) -> Page {
        let reply = self
            .http
            .post(format!("{}/punchout/return", self.base))
            .form(&[(field, value)])
            .send()
            .await
            .unwrap();
        Self::page(reply).await
    }
}

/// A marketplace-like line of `price` (USD) as a Service.
pub fn item(part: &str, price: &str) -> ItemIn {
    ItemIn {
        quantity: "1".into(),
        line_number: None,
        item_id: ItemId::new(part, Some(format!("{part}.upfront"))),
        item_detail: ItemDetail {
            unit_price: UnitPrice::of(&Money::parse("USD", price).unwrap()),
            description: vec![Description::new("en", format!("Product {part}"))],
            unit_of_measure: "EA".into(),
            classification: vec![Classification {
                domain: "UNSPSC".into(),
                code: None,
                value: "81162000".into(),
            }],
            manufacturer_part_id: None,
            manufacturer_name: None,
            url: None,
            lead_time: None,
            extrinsic: vec![Extrinsic::new("LineType", "Service")],
        },
        ship_to: None,
        shipping: None,
        tax: None,
        contact: Vec::new(),
        comments: None,
        extrinsic: Vec::new(),
    }
}

/// The cart message for `cookie`, written as the supplier writes it.
pub fn cart(cookie: &str, items: Vec<ItemIn>, total: &str) -> String {
    let message = PunchOutOrderMessage {
        buyer_cookie: cookie.into(),
        header: PunchOutOrderMessageHeader {
            operation_allowed: OperationAllowed::Edit,
            quote_status: None,
            total: Total::of(&Money::parse("USD", total).unwrap()),
            ship_to: None,
            shipping: None,
            tax: None,
            supplier_order_info: None,
        },
        item_in: items,
    };
    let header = Header::new(
        cxml::common::Credential::new("NetworkID", SUPPLIER_ANID),
        cxml::common::Credential::new("NetworkID", BUYER_ANID),
        cxml::common::Credential::new("NetworkID", SUPPLIER_ANID),
        "procsim test supplier",
    );
    let doc = CXml::message(
        &PayloadId::fresh(2),
        &Timestamp::from_unix_millis(0, 0),
        header,
        Message::new(
            DeploymentMode::Production,
            MessageBody::PunchOutOrderMessage(Box::new(message)),
        ),
    );
    cxml::write::to_string(&doc).unwrap()
}

/// The BuyerCookie of the last setup request the supplier received.
pub fn last_cookie(supplier: &Supplier) -> String {
    let setups = supplier.documents("PunchOutSetupRequest");
    let doc = &setups.last().unwrap().doc;
    match doc.request.as_ref().map(|r| &r.body) {
        Some(cxml::envelope::RequestBody::PunchOutSetupRequest(setup)) => {
            setup.buyer_cookie.clone()
        }
        _ => panic!("not a setup request"),
    }
}
