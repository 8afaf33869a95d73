//! What the tests of every buyer platform share (feature `testing`): a
//! stand-in supplier that answers setup requests with a StartPage and
//! orders as told, recording what it receives; a browser signed in by
//! cookie; cart lines and the PunchOutOrderMessage a supplier returns,
//! written with the cxml crate. Not for production code: it panics on
//! what a test does not expect.

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
    CXml, Money, PayloadId, Timestamp, Unspsc,
    common::{Credential, Extrinsic, ItemId, ItemIn, LineSpec, Total},
    doc::{
        OperationAllowed, PunchOutOrderMessage, PunchOutOrderMessageHeader, PunchOutSetupResponse,
    },
    envelope::{
        DeploymentMode, Header, Message, MessageBody, RequestBody, Response as CxmlResponse,
        ResponseBody,
    },
};
use service_kit::{Clock, Service, Shutdown};
use tokio::net::TcpListener;

/// How the stand-in answers OrderRequests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrderAnswer {
    Ok,
    /// `400` with this text, inside HTTP 200.
    Refuse(String),
    /// An HTML 502 page from a proxy.
    BadGateway,
}

/// One document the stand-in received.
#[derive(Clone, Debug)]
pub struct Received {
    pub doc: CXml,
    /// The `x-procsim-flow` header it came with.
    pub flow: Option<String>,
    /// The document as it arrived.
    pub raw: String,
}

/// A supplier standing in for the marketplace at `url` + its cXML path.
#[derive(Clone)]
pub struct StandInSupplier {
    pub url: String,
    pub received: Arc<Mutex<Vec<Received>>>,
    pub order_answer: Arc<Mutex<OrderAnswer>>,
    /// When set, setup requests get this Status code instead of a StartPage.
    pub setup_refusal: Arc<Mutex<Option<u16>>>,
}

impl StandInSupplier {
    /// Serves `POST {cxml_path}` until `shutdown`.
    pub async fn start(shutdown: &Shutdown, cxml_path: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("the stand-in supplier binds a loopback port");
        let supplier = StandInSupplier {
            url: format!(
                "http://{}",
                listener
                    .local_addr()
                    .expect("a bound listener has a local address")
            ),
            received: Arc::default(),
            order_answer: Arc::new(Mutex::new(OrderAnswer::Ok)),
            setup_refusal: Arc::default(),
        };
        let app = Router::new()
            .route(cxml_path, post(answer))
            .with_state(supplier.clone());
        serve(listener, app, shutdown);
        supplier
    }

    /// What it received of `kind` (`PunchOutSetupRequest`, ...), in order.
    pub fn documents(&self, kind: &str) -> Vec<Received> {
        let received = self
            .received
            .lock()
            .expect("no handler panicked while holding the received documents");
        received
            .iter()
            .filter(|r| r.doc.kind().element_name() == kind)
            .cloned()
            .collect()
    }

    /// The BuyerCookie of the last setup request it received.
    pub fn last_cookie(&self) -> String {
        let setups = self.documents("PunchOutSetupRequest");
        setup_of(
            setups
                .last()
                .expect("the stand-in supplier received a setup request"),
        )
        .buyer_cookie
    }

    pub fn answer_orders(&self, answer: OrderAnswer) {
        *self
            .order_answer
            .lock()
            .expect("no handler panicked while holding the order answer") = answer;
    }
}

/// Serves a stand-in `app` on `listener` until `shutdown`.
pub fn serve(listener: TcpListener, app: Router, shutdown: &Shutdown) {
    let stop = shutdown.wait();
    tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(stop)
            .await
            .expect("the stand-in supplier serves until shutdown");
    });
}

fn ids() -> (PayloadId, Timestamp) {
    (PayloadId::fresh(1), Timestamp::from_unix_millis(0, 0))
}

fn xml(doc: &CXml) -> Response {
    (
        [(header::CONTENT_TYPE, "text/xml")],
        cxml::write::to_string(doc).expect("the stand-in supplier's answer writes as cXML"),
    )
        .into_response()
}

async fn answer(State(s): State<StandInSupplier>, headers: HeaderMap, body: Bytes) -> Response {
    let doc = cxml::read::read(&body)
        .expect("the stand-in supplier is sent cXML it can read")
        .doc;
    let flow = headers
        .get(service_kit::cxml_http::FLOW_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let kind = doc.kind();
    let raw = String::from_utf8_lossy(&body).into_owned();
    s.received
        .lock()
        .expect("no handler panicked while holding the received documents")
        .push(Received { doc, flow, raw });
    let (payload_id, timestamp) = ids();
    match kind.element_name() {
        "PunchOutSetupRequest" => {
            if let Some(code) = *s
                .setup_refusal
                .lock()
                .expect("no handler panicked while holding the setup refusal")
            {
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
        "OrderRequest" => match s
            .order_answer
            .lock()
            .expect("no handler panicked while holding the order answer")
            .clone()
        {
            OrderAnswer::Ok => xml(&CXml::response_status(&payload_id, &timestamp, 200, "OK")),
            OrderAnswer::Refuse(text) => {
                xml(&CXml::response_status(&payload_id, &timestamp, 400, &text))
            }
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

/// A marketplace-like cart line: `quantity` of `part` (option `aux`) at
/// `price` USD each, UNSPSC 81162000, with its `LineType` extrinsic.
pub fn item(part: &str, aux: &str, price: &str, quantity: &str, line_type: &str) -> ItemIn {
    ItemIn::line(LineSpec {
        item_id: ItemId::new(part, Some(aux.to_owned())),
        quantity,
        unit_price: &Money::parse("USD", price).expect("a cart line's price is a valid USD amount"),
        description: &format!("Product {part}"),
        unspsc: &Unspsc::new("81162000").expect("81162000 is a valid UNSPSC code"),
        extrinsics: vec![Extrinsic::new("LineType", line_type)],
    })
}

/// `item` classified only outside the UNSPSC domain (the DTD wants one
/// `Classification` at least): a line short of a profile's UNSPSC.
pub fn without_unspsc(mut item: ItemIn) -> ItemIn {
    item.item_detail.classification = vec![cxml::common::Classification {
        domain: "custom".to_owned(),
        code: None,
        value: "software".to_owned(),
    }];
    item
}

/// The PunchOutOrderMessage a supplier returns to `cookie`, its header
/// naming `from` (the supplier) and `to` (the buyer).
pub fn cart_message(cookie: &str, items: Vec<ItemIn>, total: &str) -> PunchOutOrderMessage {
    PunchOutOrderMessage {
        buyer_cookie: cookie.to_owned(),
        header: PunchOutOrderMessageHeader {
            operation_allowed: OperationAllowed::Edit,
            quote_status: None,
            total: Total::of(
                &Money::parse("USD", total).expect("a cart's total is a valid USD amount"),
            ),
            ship_to: None,
            shipping: None,
            tax: None,
            supplier_order_info: None,
        },
        item_in: items,
    }
}

/// A setup answer that says success and holds StartPage `url`, with a
/// Header the DTD does not allow in a Response (a habit of some
/// suppliers): CX003 names the cXML element, line 2.
pub fn header_beside_response(url: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <cXML payloadID=\"1@supplier.test\" timestamp=\"2026-01-01T00:00:00-08:00\">\n\
         <Header><From><Credential domain=\"NetworkID\"><Identity>s</Identity></Credential></From>\
         <To><Credential domain=\"NetworkID\"><Identity>b</Identity></Credential></To>\
         <Sender><Credential domain=\"NetworkID\"><Identity>s</Identity></Credential>\
         <UserAgent>x</UserAgent></Sender></Header>\n\
         <Response><Status code=\"200\" text=\"OK\"/>\
         <PunchOutSetupResponse><StartPage><URL>{url}</URL></StartPage></PunchOutSetupResponse>\
         </Response></cXML>"
    )
}

/// `message` as the whole document a supplier `from` sends buyer `to`.
pub fn cart_document(from: &str, to: &str, message: PunchOutOrderMessage) -> String {
    let (payload_id, timestamp) = ids();
    let header = Header::new(
        Credential::new("NetworkID", from),
        Credential::new("NetworkID", to),
        Credential::new("NetworkID", from),
        "procsim test supplier",
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
    cxml::write::to_string(&doc).expect("the cart message writes as cXML")
}

/// A person's browser on a platform at `base`, signed in by its cookie;
/// follows no redirect.
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
    /// Signed in as `email` with the platform's `cookie_name`.
    pub fn new(base: &str, cookie_name: &str, email: &str) -> Self {
        Browser {
            base: base.to_owned(),
            cookie: format!("{cookie_name}={email}"),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("an HTTP client without redirects builds"),
        }
    }

    async fn page(reply: reqwest::Response) -> Page {
        let status = reply.status().as_u16();
        let location = reply
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().expect("a Location header is ASCII").to_owned())
            .unwrap_or_default();
        Page {
            status,
            location,
            body: reply
                .text()
                .await
                .expect("the platform's page has a text body"),
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        let reply = self
            .http
            .get(format!("{}{path}", self.base))
            .header(header::COOKIE, &self.cookie)
            .send()
            .await
            .expect("the platform answers the GET");
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
        Self::page(request.send().await.expect("the platform answers the POST")).await
    }

    /// Posts the cart form as the supplier's page does: cross-site, so
    /// without the sign-in cookie.
    pub async fn return_cart(&self, field: &str, value: &str) -> Page {
        let body = format!("{field}={}", form_encode(value.as_bytes()));
        self.post_form("/punchout/return", body.into_bytes(), false)
            .await
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

/// A listener on a free loopback port, for a service under test.
pub fn loopback() -> TcpListener {
    service_kit::connections::listen(std::net::SocketAddr::from(([127, 0, 0, 1], 0)))
        .expect("a free loopback port can be bound")
}

/// A platform under test, serving on a loopback port until it is
/// dropped, and the stand-in supplier it punches out and orders to.
pub struct Running {
    /// The platform's base URL.
    pub url: String,
    pub supplier: StandInSupplier,
    /// Its clock, standing where the test fixed it.
    pub clock: Clock,
    shutdown: Shutdown,
}

impl Running {
    /// Starts a stand-in supplier answering at `supplier_path`, has
    /// `configure` write the platform's configuration around it, and
    /// serves what `build` makes of that on a loopback listener with a
    /// clock standing at `at`.
    pub async fn start<C, E: std::fmt::Debug>(
        supplier_path: &str,
        at: &str,
        configure: impl FnOnce(&StandInSupplier) -> C,
        build: impl FnOnce(TcpListener, C, Clock) -> Result<Service, E>,
    ) -> Self {
        let shutdown = Shutdown::new();
        let supplier = StandInSupplier::start(&shutdown, supplier_path).await;
        let clock = clock_at(at);
        let service = build(loopback(), configure(&supplier), clock.clone())
            .expect("the platform builds on a loopback listener");
        let url = run(service, &shutdown);
        Running {
            url,
            supplier,
            clock,
            shutdown,
        }
    }
}

/// Serves `service` until `shutdown`; its base URL.
pub fn run(service: Service, shutdown: &Shutdown) -> String {
    let url = format!(
        "http://{}",
        service
            .local_addr()
            .expect("a built service has a local address")
    );
    tokio::spawn(service.run_until(shutdown.wait()));
    url
}

impl Drop for Running {
    fn drop(&mut self) {
        self.shutdown.trigger();
    }
}

/// A simulated clock standing at `rfc3339`, a time the test fixes.
pub fn clock_at(rfc3339: &str) -> Clock {
    Clock::starting_at(rfc3339.parse().expect("a fixed RFC 3339 time parses"))
}

/// The ids of a journal's entries as `GET /api/journal` lists them.
pub fn journal_ids(journal: &[serde_json::Value]) -> Vec<i64> {
    journal
        .iter()
        .map(|e| {
            e["id"]
                .as_i64()
                .expect("every journal entry has a numeric id")
        })
        .collect()
}
