//! Test helpers: a tiny stand-in supplier (axum, answering with the cxml
//! crate's types) that records what it receives, a running coupa service
//! pointed at it, and a browser (reqwest without redirects, signed in by
//! cookie). End-to-end tests against the real marketplace live in the
//! procsim crate; this supplier exists only for coupa's own tests.
#![allow(dead_code, clippy::unwrap_used)]

use std::sync::{Arc, Mutex};

use axum::{
    Router,
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::post,
};
use cxml::{
    CXml, Money, PayloadId, Timestamp,
    common::{
        Classification, Description, Extrinsic, ItemDetail, ItemId, ItemIn, Total, UnitPrice,
    },
    doc::{
        OperationAllowed, PunchOutOrderMessage, PunchOutOrderMessageHeader, PunchOutSetupResponse,
    },
    envelope::{
        DeploymentMode, Header, Message, MessageBody, RequestBody, Response as CxmlResponse,
        ResponseBody,
    },
};
use service_kit::{Clock, Shutdown};
use sim_coupa::CoupaConfig;
use tokio::net::TcpListener;

/// How the supplier answers OrderRequests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderAnswer {
    Ok,
    /// `400` with a text, inside HTTP 200.
    Refuse,
    /// An HTML 502 page from a proxy.
    BadGateway,
}

/// One document the supplier received.
#[derive(Clone, Debug)]
pub struct Received {
    pub doc: CXml,
    pub flow: Option<String>,
    /// The document as it arrived.
    pub raw: String,
}

#[derive(Clone)]
pub struct Supplier {
    pub url: String,
    pub received: Arc<Mutex<Vec<Received>>>,
    pub order_answer: Arc<Mutex<OrderAnswer>>,
    /// When set, setup requests get this Status code instead of a StartPage.
    pub setup_refusal: Arc<Mutex<Option<u16>>>,
}

impl Supplier {
    pub async fn start(shutdown: &Shutdown) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let supplier = Supplier {
            url: format!("http://{}", listener.local_addr().unwrap()),
            received: Arc::default(),
            order_answer: Arc::new(Mutex::new(OrderAnswer::Ok)),
            setup_refusal: Arc::default(),
        };
        let app = Router::new()
            .route("/cxml", post(answer))
            .with_state(supplier.clone());
        serve(listener, app, shutdown);
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

/// Serves a stand-in `app` on `listener` until `shutdown`.
pub fn serve(listener: TcpListener, app: Router, shutdown: &Shutdown) {
    let stop = shutdown.wait();
    tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(stop)
            .await
            .unwrap();
    });
}

fn ids() -> (PayloadId, Timestamp) {
    (PayloadId::fresh(1), Timestamp::from_unix_millis(0, 0))
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
    let raw = String::from_utf8_lossy(&body).into_owned();
    s.received.lock().unwrap().push(Received { doc, flow, raw });
    let (payload_id, timestamp) = ids();
    match kind.element_name() {
        "PunchOutSetupRequest" => {
            if let Some(code) = *s.setup_refusal.lock().unwrap() {
                return xml(&CXml::response_status(
                    &payload_id,
                    &timestamp,
                    code,
                    "Precondition Failed",
                ));
            }
            let start = format!("{}/start/session-1", s.url);
            let response = CxmlResponse::ok(ResponseBody::PunchOutSetupResponse(Box::new(
                PunchOutSetupResponse::new(start),
            )));
            xml(&CXml::response(&payload_id, &timestamp, response))
        }
        "OrderRequest" => match *s.order_answer.lock().unwrap() {
            OrderAnswer::Ok => xml(&CXml::response_status(&payload_id, &timestamp, 200, "OK")),
            OrderAnswer::Refuse => xml(&CXml::response_status(
                &payload_id,
                &timestamp,
                400,
                "The private offer expired on 2026-01-01",
            )),
            OrderAnswer::BadGateway => (
                StatusCode::BAD_GATEWAY,
                [(header::CONTENT_TYPE, "text/html")],
                "<html><body><h1>502 Bad Gateway</h1></body></html>",
            )
                .into_response(),
        },
        _ => xml(&CXml::response_status(
            &payload_id,
            &timestamp,
            450,
            "Not Implemented",
        )),
    }
}

/// A running coupa and its stand-in supplier.
pub struct World {
    pub coupa: String,
    pub supplier: Supplier,
    pub clock: Clock,
    shutdown: Shutdown,
}

impl World {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// A coupa whose seeded configuration `change` adjusts first.
    pub async fn start_with(change: impl FnOnce(&mut CoupaConfig)) -> Self {
        let shutdown = Shutdown::new();
        let supplier = Supplier::start(&shutdown).await;
        let clock = Clock::starting_at("2026-01-05T17:00:00Z".parse().unwrap());
        let mut config = CoupaConfig::seeded(&supplier.url);
        change(&mut config);
        let service = sim_coupa::bind("127.0.0.1:0".parse().unwrap(), config, clock.clone())
            .await
            .unwrap();
        let coupa = format!("http://{}", service.local_addr().unwrap());
        tokio::spawn(service.run_until(shutdown.wait()));
        World {
            coupa,
            supplier,
            clock,
            shutdown,
        }
    }

    /// A browser signed in as `email`.
    pub fn browser(&self, email: &str) -> Browser {
        Browser {
            base: self.coupa.clone(),
            cookie: format!("coupa_user={email}"),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
        }
    }
}

impl Drop for World {
    fn drop(&mut self) {
        self.shutdown.trigger();
    }
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
        self.post_form(path, Vec::new(), true).await
    }

    /// Posts a form body; `signed_in` false leaves the sign-in cookie out,
    /// as a cross-site form POST from the supplier's page does.
    pub async fn post_form(&self, path: &str, body: Vec<u8>, signed_in: bool) -> Page {
        let mut request = self
            .http
            .post(format!("{}{path}", self.base))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body);
        if signed_in {
            request = request.header(header::COOKIE, &self.cookie);
        }
        Self::page(request.send().await.unwrap()).await
    }
}

/// Percent-encodes everything but unreserved characters.
pub fn form_encode(value: &[u8]) -> String {
    value
        .iter()
        .map(|&b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A marketplace-like cart line.
pub fn item(part: &str, price: &str, quantity: &str, line_type: &str) -> ItemIn {
    ItemIn {
        quantity: quantity.to_owned(),
        line_number: None,
        item_id: ItemId::new(part, Some(format!("offer-{part}"))),
        item_detail: ItemDetail {
            unit_price: UnitPrice::of(&Money::parse("USD", price).unwrap()),
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

/// The PunchOutOrderMessage document the supplier would return.
pub fn cart_document(cookie: &str, items: Vec<ItemIn>, total: &str) -> String {
    let message = PunchOutOrderMessage {
        buyer_cookie: cookie.to_owned(),
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
    let (payload_id, timestamp) = ids();
    let header = Header::new(
        cxml::common::Credential::new("NetworkID", "procsim-marketplace"),
        cxml::common::Credential::new("NetworkID", "coupa-acme"),
        cxml::common::Credential::new("NetworkID", "procsim-marketplace"),
        "procsim marketplace",
    );
    let doc = CXml::message(
        &payload_id,
        &timestamp,
        header,
        Message::new(
            DeploymentMode::Production,
            MessageBody::PunchOutOrderMessage(Box::new(message)),
        ),
    );
    cxml::write::to_string(&doc).unwrap()
}

/// The setup request inside a received document.
pub fn setup_of(received: &Received) -> cxml::doc::PunchOutSetupRequest {
    match received.doc.request.as_ref().map(|r| &r.body) {
        Some(RequestBody::PunchOutSetupRequest(setup)) => setup.as_ref().clone(),
        _ => panic!("not a setup request"),
    }
}

/// The order inside a received document.
pub fn order_of(received: &Received) -> cxml::doc::OrderRequest {
    match received.doc.request.as_ref().map(|r| &r.body) {
        Some(RequestBody::OrderRequest(order)) => order.as_ref().clone(),
        _ => panic!("not an order"),
    }
}

/// Punches out as Jane, returns `items`, submits the cart; gives the
/// requisition page path.
pub async fn requisition(world: &World, items: Vec<ItemIn>, total: &str) -> String {
    let jane = world.browser("jane@acme.test");
    assert_eq!(jane.get("/punchout/marketplace").await.status, 303);
    let setups = world.supplier.documents("PunchOutSetupRequest");
    let cookie = setup_of(setups.last().unwrap()).buyer_cookie;
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
