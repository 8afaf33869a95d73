//! A marketplace plus a real mail service on 127.0.0.1:0, and typed helpers
//! to speak cXML to it, shared by the integration tests.
#![allow(dead_code)]

use std::net::SocketAddr;

use cxml::{
    CXml, PayloadId, SharedSecret, Timestamp,
    common::{Address, Amount, BillTo, Credential, ItemIn, ItemOut, Name},
    doc::{
        OrderRequest, OrderRequestHeader, PunchOutOperation, PunchOutOrderMessage,
        PunchOutSetupRequest,
    },
    envelope::{DeploymentMode, Header, MessageBody, Request, RequestBody, ResponseBody, Status},
};
use jiff::Timestamp as Instant;
use service_kit::{
    Clock, Shutdown, Storage,
    journal::{Exchange, ExchangeDetail},
};
use sim_mail::{MailConfig, MailListeners};
use sim_marketplace::{
    MarketplaceConfig,
    catalog::{Catalog, CatalogConfig, CatalogSize, Listing, Pricing, ProductType},
};
use tokio::net::TcpListener;

pub const SIZE: CatalogSize = CatalogSize {
    listings: 400,
    categories: 8,
    sellers: 40,
};
pub const BROWSER_FORM_POST: &str = "http://coupa.test/punchout/return";

pub struct Running {
    pub url: String,
    pub mail_url: String,
    pub clock: Clock,
    pub catalog: Catalog,
    shutdown: Shutdown,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.shutdown.trigger();
    }
}

pub async fn start() -> Running {
    let loopback = SocketAddr::from(([127, 0, 0, 1], 0));
    let clock = Clock::starting_at(Instant::UNIX_EPOCH);
    let shutdown = Shutdown::new();
    let listeners = MailListeners {
        web: service_kit::connections::listen(loopback)
            .expect("a free loopback port for the mail web side can be bound"),
        smtp: service_kit::connections::listen(loopback)
            .expect("a free loopback port for SMTP can be bound"),
    };
    let smtp_addr = listeners
        .smtp
        .local_addr()
        .expect("a bound listener has a local address");
    let storage = Storage::Memory;
    let mail = sim_mail::build(listeners, MailConfig { storage }, clock.clone())
        .expect("the mail service builds on its listeners");
    let mail_url = format!(
        "http://{}",
        mail.local_addr()
            .expect("a built service has a local address")
    );
    tokio::spawn(mail.run_until(shutdown.wait()));
    let listener = TcpListener::bind(loopback)
        .await
        .expect("the marketplace binds a loopback port");
    let url = format!(
        "http://{}",
        listener
            .local_addr()
            .expect("a bound listener has a local address")
    );
    let config = MarketplaceConfig {
        seed: 7,
        catalog_size: SIZE,
        ..MarketplaceConfig::new(url.clone(), smtp_addr)
    };
    let service = sim_marketplace::build(listener, config, clock.clone())
        .expect("the marketplace builds on its listener");
    tokio::spawn(service.run_until(shutdown.wait()));
    let catalog = Catalog::generate(&CatalogConfig {
        seed: 7,
        size: SIZE,
        epoch: Instant::UNIX_EPOCH,
    })
    .expect("the catalog generates from the marketplace's seed");
    Running {
        url,
        mail_url,
        clock,
        catalog,
        shutdown,
    }
}

impl Running {
    /// The text of the page at `path` as the browser holding `cookie` gets
    /// it (redirects not followed).
    pub async fn page_as(&self, path: &str, cookie: &str) -> String {
        no_redirects()
            .get(format!("{}{path}", self.url))
            .header("cookie", cookie)
            .send()
            .await
            .expect("the marketplace answers the GET")
            .text()
            .await
            .expect("the marketplace's page has a text body")
    }

    pub fn listing(&self, wanted: impl Fn(&Listing) -> bool) -> Listing {
        self.catalog
            .listings()
            .iter()
            .find(|l| wanted(l))
            .cloned()
            .expect("the catalog has a listing the test wants")
    }

    pub fn saas_upfront(&self) -> (Listing, String) {
        let listing = self.listing(|l| {
            matches!(l.product_type, ProductType::Saas(_))
                && matches!(l.pricing, Pricing::UpfrontContract { .. })
        });
        let Pricing::UpfrontContract { dimensions } = &listing.pricing else {
            unreachable!()
        };
        let key = dimensions[0].key();
        (listing, key)
    }

    pub fn payg(&self) -> Listing {
        self.listing(|l| l.supported_for_procurement() && matches!(l.pricing, Pricing::Payg { .. }))
    }

    pub async fn post_cxml(&self, doc: &CXml) -> CXml {
        self.post_raw(cxml::write::to_bytes(doc).expect("the test's document writes as cXML"))
            .await
    }

    pub async fn post_raw(&self, body: Vec<u8>) -> CXml {
        self.post_with(body, None).await
    }

    /// Posts like a procsim service would, with the flow header.
    pub async fn post_cxml_in_flow(&self, doc: &CXml, flow: &str) -> CXml {
        self.post_with(
            cxml::write::to_bytes(doc).expect("the test's document writes as cXML"),
            Some(flow),
        )
        .await
    }

    async fn post_with(&self, body: Vec<u8>, flow: Option<&str>) -> CXml {
        let mut request = reqwest::Client::new()
            .post(format!("{}/cxml", self.url))
            .header("content-type", "text/xml")
            .body(body);
        if let Some(flow) = flow {
            request = request.header(service_kit::cxml_http::FLOW_HEADER, flow);
        }
        let reply = request
            .send()
            .await
            .expect("the marketplace answers the cXML POST");
        assert_eq!(reply.status(), 200);
        cxml::read::read(
            &reply
                .bytes()
                .await
                .expect("the marketplace's answer has a body"),
        )
        .expect("the marketplace answers with cXML")
        .doc
    }

    /// Runs the marketplace's schedule now (`POST /api/schedule/run`) and
    /// returns its answer.
    pub async fn run_schedule(&self) -> serde_json::Value {
        let reply = reqwest::Client::new()
            .post(format!("{}/api/schedule/run", self.url))
            .send()
            .await
            .expect("the marketplace answers POST /api/schedule/run");
        assert_eq!(reply.status(), 200);
        reply
            .json()
            .await
            .expect("the schedule run answers with JSON")
    }

    pub async fn json(&self, path: &str) -> serde_json::Value {
        reqwest::get(format!("{}{path}", self.url))
            .await
            .expect("the marketplace answers the GET")
            .json()
            .await
            .expect("the marketplace answers with JSON")
    }

    /// The marketplace's journal, filtered by a query such as
    /// `type=OrderRequest` (empty: everything), oldest first.
    pub async fn journal(&self, query: &str) -> Vec<Exchange> {
        let reply = reqwest::get(format!("{}/api/journal?{query}", self.url))
            .await
            .expect("the marketplace answers GET /api/journal");
        assert_eq!(reply.status(), 200);
        reply.json().await.expect("the journal lists JSON")
    }

    /// Like [`Market::journal`], each exchange with its bodies.
    pub async fn journal_detail(&self, query: &str) -> Vec<ExchangeDetail> {
        let mut details = Vec::new();
        for exchange in self.journal(query).await {
            let reply = reqwest::get(format!("{}/api/journal/{}", self.url, exchange.id))
                .await
                .expect("the marketplace answers GET of a journal entry");
            assert_eq!(reply.status(), 200);
            details.push(
                reply
                    .json()
                    .await
                    .expect("a journal entry is JSON with its bodies"),
            );
        }
        details
    }

    pub async fn agreements(&self) -> Vec<serde_json::Value> {
        let reply = self.json("/api/agreements?account=acct-coupa-001").await;
        reply["agreements"]
            .as_array()
            .expect("the agreements API lists an agreements array")
            .clone()
    }

    pub async fn outbox(&self) -> Vec<serde_json::Value> {
        self.json("/api/outbox").await["outbox"]
            .as_array()
            .expect("the outbox API lists an outbox array")
            .clone()
    }

    pub async fn mail_count(&self) -> u64 {
        let reply: serde_json::Value = reqwest::get(format!("{}/api/v1/messages", self.mail_url))
            .await
            .expect("the mail service answers GET /api/v1/messages")
            .json()
            .await
            .expect("the mail service lists JSON");
        reply["total"]
            .as_u64()
            .expect("the mail list has a numeric total")
    }

    /// Opens the start page and returns the session cookie.
    pub async fn open_start_page(&self, start_url: &str) -> String {
        let reply = no_redirects()
            .get(start_url)
            .send()
            .await
            .expect("the marketplace answers the StartPage");
        assert_eq!(reply.status(), 303);
        let cookie = reply.headers()["set-cookie"]
            .to_str()
            .expect("the session cookie is ASCII");
        cookie
            .split(';')
            .next()
            .expect("splitting always yields a first part")
            .to_owned()
    }

    /// A complete punchout: setup, start page, request approval; the cart.
    pub async fn punchout_cart(&self, listing: &str, option: &str) -> PunchOutOrderMessage {
        let start = start_url(
            &self
                .post_cxml(&setup_request(COUPA_SECRET, "cookie-1"))
                .await,
        );
        let session = self.open_start_page(&start).await;
        let html = self.request_approval(&session, listing, option).await.1;
        decode_cart(&html)
    }

    pub async fn request_approval(
        &self,
        session: &str,
        listing: &str,
        option: &str,
    ) -> (u16, String) {
        let reply = no_redirects()
            .post(format!("{}/punchout/request-approval", self.url))
            .header("cookie", session)
            .form(&[("listing", listing), ("option", option)])
            .send()
            .await
            .expect("the marketplace answers the approval request");
        (
            reply.status().as_u16(),
            reply
                .text()
                .await
                .expect("the approval page has a text body"),
        )
    }
}

pub const COUPA_SECRET: &str = "coupa-shared-secret";

pub fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTP client without redirects builds")
}

/// What `request` is answered, redirects not followed: its status,
/// Location (empty if none) and body.
pub async fn answer(request: reqwest::RequestBuilder) -> (u16, String, String) {
    let reply = request
        .send()
        .await
        .expect("the marketplace answers the request");
    let location = reply
        .headers()
        .get("location")
        .map(|l| l.to_str().expect("a Location header is ASCII").to_owned())
        .unwrap_or_default();
    (
        reply.status().as_u16(),
        location,
        reply
            .text()
            .await
            .expect("the marketplace's page has a text body"),
    )
}

fn ids() -> (PayloadId, Timestamp) {
    let random: u64 = rand_id();
    (
        PayloadId::generate_with(0, 1, random, "coupa.test")
            .expect("a fixed time and process with a random counter make a valid payload ID"),
        Timestamp::from_unix_millis(0, 0),
    )
}

fn rand_id() -> u64 {
    rand::random()
}

pub fn coupa_header(secret: &str, sender: &str) -> Header {
    Header::new(
        Credential::new("NetworkID", "coupa-acme"),
        Credential::new("NetworkID", "procsim-marketplace"),
        Credential::with_secret("networkid", sender, SharedSecret::new(secret)),
        "Coupa Procurement 1.0",
    )
}

pub fn setup_with(header: Header, operation: PunchOutOperation, cookie: &str) -> CXml {
    let (payload_id, timestamp) = ids();
    let mut request = PunchOutSetupRequest::new(operation, cookie, BROWSER_FORM_POST);
    request
        .extrinsic
        .push(cxml::common::Extrinsic::new("UserEmail", "req@acme.test"));
    CXml::request(
        &payload_id,
        &timestamp,
        header,
        Request::new(
            DeploymentMode::Production,
            RequestBody::PunchOutSetupRequest(Box::new(request)),
        ),
    )
}

pub fn setup_request(secret: &str, cookie: &str) -> CXml {
    setup_with(
        coupa_header(secret, "coupa-acme"),
        PunchOutOperation::Create,
        cookie,
    )
}

pub fn status(doc: &CXml) -> Status {
    doc.response
        .as_ref()
        .expect("the marketplace's answer is a Response")
        .status
        .clone()
}

pub fn start_url(doc: &CXml) -> String {
    assert_eq!(status(doc).code, "200", "{:?}", status(doc));
    match doc
        .response
        .as_ref()
        .expect("the marketplace's answer is a Response")
        .body
        .as_ref()
        .expect("a successful setup answer has a body")
    {
        ResponseBody::PunchOutSetupResponse(r) => r.url().to_owned(),
        other => panic!("{other:?}"),
    }
}

/// The document inside an auto-submit page (cxml-base64 field), as the
/// browser posts it.
pub fn cart_bytes(html: &str) -> Vec<u8> {
    let marker = "name=\"cxml-base64\" value=\"";
    let start = html.find(marker).expect("a cxml-base64 field") + marker.len();
    let end = start
        + html[start..]
            .find('"')
            .expect("the cxml-base64 field's value is closed by a quote");
    cxml::transport::decode_base64(&html[start..end]).expect("the cxml-base64 field holds base64")
}

/// The POOM inside an auto-submit page (cxml-base64 field).
pub fn decode_cart(html: &str) -> PunchOutOrderMessage {
    let bytes = cart_bytes(html);
    let doc = cxml::read::read(&bytes)
        .expect("the returned cart is cXML")
        .doc;
    assert!(
        !String::from_utf8_lossy(&bytes).contains(COUPA_SECRET),
        "no secret in the cart (CX020)"
    );
    match doc.message.expect("the returned cart is a Message").body {
        MessageBody::PunchOutOrderMessage(m) => *m,
        other => panic!("{other:?}"),
    }
}

pub fn order_request(secret: &str, order_id: &str, items: &[ItemIn]) -> CXml {
    let (payload_id, timestamp) = ids();
    // Set to what the lines add up to once they are made.
    let total = items[0].item_detail.unit_price.clone();
    let header = OrderRequestHeader {
        order_id: order_id.into(),
        order_date: timestamp.to_string(),
        order_type: None,
        order_version: None,
        requisition_id: None,
        total: Amount { money: total.money },
        ship_to: None,
        bill_to: BillTo {
            address: Address::named(Name::new("en", "Acme Corp")),
            id_reference: Vec::new(),
        },
        shipping: None,
        tax: None,
        payment: None,
        contact: Vec::new(),
        comments: Vec::new(),
        document_reference: None,
        supplier_order_info: None,
        id_reference: Vec::new(),
        extrinsic: Vec::new(),
    };
    let mut order = OrderRequest {
        header,
        item_out: items
            .iter()
            .enumerate()
            .map(|(i, item)| ItemOut::from_item_in(item, Some((i + 1).to_string())))
            .collect(),
    };
    order.header.total = Amount::of(&order.lines_total().expect("priced lines"));
    CXml::request(
        &payload_id,
        &timestamp,
        coupa_header(secret, "coupa-acme"),
        Request::new(
            DeploymentMode::Production,
            RequestBody::OrderRequest(Box::new(order)),
        ),
    )
}
