//! A buyer system's side of cXML, driven from outside: the connection a
//! running procsim publishes (`GET /api/connections` on the dashboard),
//! the documents that buyer sends, written with the cxml crate and
//! buyer-kit exactly as Coupa writes them, and the raw answer of a post.
//! For the drivers that talk to procsim as a partner would: the
//! hostile-input matrix, the crash test and the load benches.

use buyer_kit::{
    BuyerCookie, Identities, Identity,
    cart::CartLine,
    order_request::{OrderParams, order_document, order_request},
    purchase_order::PoNumber,
    setup_request::{SetupParams, Stamp, setup_request},
};
use cxml::{
    CXml, Money, SharedSecret, Unspsc,
    common::{Extrinsic, ItemId, ItemIn, LineSpec},
    doc::PunchOutOperation,
    envelope::DeploymentMode,
    newtypes::Currency,
};
use reqwest::StatusCode;
use serde::Deserialize;

use super::{
    browser::{Browser, Result},
    catalog::Pick,
    coupa::cart_document,
    storefront,
};

#[derive(Clone, Debug, Deserialize)]
pub struct Credential {
    pub domain: String,
    pub identity: String,
}

/// One connection as `GET /api/connections` lists it.
#[derive(Clone, Debug, Deserialize)]
pub struct Connection {
    pub buyer_system: String,
    pub marketplace_account: String,
    pub cxml_url: String,
    pub from: Credential,
    pub to: Credential,
    pub sender: Credential,
    pub shared_secret: String,
}

/// What came back from a post, whatever it was.
#[derive(Clone, Debug)]
pub struct RawReply {
    pub http_status: StatusCode,
    /// The cXML Status code and text, when the answer was cXML.
    pub cxml: Option<(u16, String)>,
    pub body: Vec<u8>,
}

impl RawReply {
    pub fn cxml_code(&self) -> Option<u16> {
        self.cxml.as_ref().map(|(code, _)| *code)
    }
}

/// A buyer system connected to the marketplace.
#[derive(Clone, Debug)]
pub struct Partner {
    pub connection: Connection,
    http: reqwest::Client,
}

impl Partner {
    /// The `buyer_system` (`coupa`, `ariba`) connection the dashboard at
    /// `dashboard` publishes.
    pub async fn of(dashboard: &str, buyer_system: &str) -> Result<Partner> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string())?;
        let url = format!("{dashboard}/api/connections");
        let connections: Vec<Connection> = http
            .get(&url)
            .send()
            .await
            .map_err(|e| format!("GET {url}: {e}"))?
            .json()
            .await
            .map_err(|e| format!("GET {url}: {e}"))?;
        let connection = connections
            .into_iter()
            .find(|c| c.buyer_system == buyer_system)
            .ok_or_else(|| format!("{url} lists no {buyer_system} connection"))?;
        Ok(Partner { connection, http })
    }

    /// Its identities, with `secret` as its shared secret.
    pub fn identities_with(&self, secret: &str) -> Identities {
        let identity = |c: &Credential| Identity::new(&c.domain, &c.identity);
        Identities {
            from: identity(&self.connection.from),
            also_from: Vec::new(),
            to: identity(&self.connection.to),
            sender: identity(&self.connection.sender),
            secret: SharedSecret::new(secret),
            user_agent: "procsim partner".to_owned(),
        }
    }

    pub fn identities(&self) -> Identities {
        self.identities_with(&self.connection.shared_secret)
    }

    /// A create PunchOutSetupRequest with its own BuyerCookie, the cart
    /// to come back to `return_url`.
    pub fn setup_request(&self, identities: &Identities, return_url: &str) -> CXml {
        let stamp = Stamp::at(jiff::Timestamp::now(), 0);
        setup_request(SetupParams {
            identities,
            stamp: &stamp,
            deployment_mode: Some(DeploymentMode::Production),
            operation: PunchOutOperation::Create,
            cookie: &BuyerCookie::generate(),
            extrinsics: Vec::new(),
            contact: None,
            browser_form_post: return_url,
            supplier_setup: Some(&self.connection.cxml_url),
            items: &[],
        })
    }

    /// A new OrderRequest `order_id` for one of each pick, as the
    /// marketplace puts an upfront option in a cart (quantity 1, the full
    /// amount as unit price); its Total is what the lines add up to.
    pub fn order_request(&self, identities: &Identities, order_id: &str, picks: &[Pick]) -> CXml {
        let lines: Vec<CartLine> = picks
            .iter()
            .enumerate()
            .filter_map(|(i, pick)| CartLine::from_item_in(upfront_item(pick), i + 1).ok())
            .collect();
        self.order_of_lines(identities, order_id, &lines)
    }

    fn order_of_lines(&self, identities: &Identities, order_id: &str, lines: &[CartLine]) -> CXml {
        let currency = lines
            .first()
            .and_then(|line| line.line_total().ok())
            .map(|total| total.currency().clone())
            .unwrap_or_else(|| Currency::new("USD").expect("USD"));
        let po_number = PoNumber::parse(order_id);
        // Where Coupa ships and bills.
        let address = sim_coupa::CoupaConfig::seeded("http://unused")
            .platform
            .address;
        let stamp = Stamp::at(jiff::Timestamp::now(), 0);
        let order = order_request(
            &OrderParams {
                po_number: &po_number,
                lines,
                currency: &currency,
                ship_to: &address,
                bill_to: &address,
                requester: None,
            },
            &stamp,
        )
        .expect("the picks make a priced order");
        order_document(identities, &stamp, DeploymentMode::Production, order)
    }

    /// Posts `body` to `url` as `content_type` (none when `None`).
    pub async fn post(
        &self,
        url: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Result<RawReply> {
        let mut request = self.http.post(url).body(body);
        if let Some(content_type) = content_type {
            request = request.header(reqwest::header::CONTENT_TYPE, content_type);
        }
        let reply = request
            .send()
            .await
            .map_err(|e| format!("POST {url}: {e}"))?;
        let http_status = reply.status();
        let body = reply.bytes().await.map_err(|e| e.to_string())?.to_vec();
        let cxml = cxml::read::read(&body)
            .ok()
            .and_then(|parsed| parsed.doc.response)
            .map(|response| {
                let code = response.status.code.trim().parse().unwrap_or(0);
                (code, response.status.text)
            });
        Ok(RawReply {
            http_status,
            cxml,
            body,
        })
    }

    /// Posts a cXML document to the connection's cXML URL as `text/xml`.
    pub async fn send(&self, doc: &CXml) -> Result<RawReply> {
        let body = cxml::write::to_bytes(doc).map_err(|e| e.to_string())?;
        self.post(
            &self.connection.cxml_url,
            Some("text/xml; charset=UTF-8"),
            body,
        )
        .await
    }
}

/// The StartPage URL of a PunchOutSetupResponse, if the reply is one.
pub fn start_page(reply: &RawReply) -> Option<String> {
    let response = cxml::read::read(&reply.body).ok()?.doc.response?;
    match response.body? {
        cxml::envelope::ResponseBody::PunchOutSetupResponse(setup) => Some(setup.url().to_owned()),
        _ => None,
    }
}

impl Partner {
    /// A whole punchout to a cart, as the buyer's requester does it: the
    /// setup request, the StartPage in a browser of its own, `pick`'s
    /// product page, "Request approval"; gives the cart the marketplace
    /// hands back (the lines of the PunchOutOrderMessage its page posts).
    pub async fn punch_out_to_cart(&self, pick: &Pick, return_url: &str) -> Result<Vec<ItemIn>> {
        let setup = self.setup_request(&self.identities(), return_url);
        let reply = self.send(&setup).await?;
        let start =
            start_page(&reply).ok_or_else(|| format!("the setup was answered {:?}", reply.cxml))?;
        let browser = Browser::new("a requester");
        let opened = browser.get(&start).await?;
        browser.follow(&opened, StatusCode::SEE_OTHER).await?;
        let market = self.connection.cxml_url.trim_end_matches("/cxml");
        let product = storefront::open_product(&browser, market, &pick.listing_id).await?;
        let handed_back = storefront::request_approval(&browser, &product, &pick.option).await?;
        let form = handed_back.auto_submit_form()?;
        match cart_document(&form)?.message.map(|m| m.body) {
            Some(cxml::envelope::MessageBody::PunchOutOrderMessage(cart)) => Ok(cart.item_in),
            _ => Err("the page carries no PunchOutOrderMessage".to_owned()),
        }
    }

    /// A new OrderRequest `order_id` for the lines of a returned cart.
    pub fn order_for_cart(&self, identities: &Identities, order_id: &str, cart: &[ItemIn]) -> CXml {
        let lines: Vec<CartLine> = cart
            .iter()
            .enumerate()
            .filter_map(|(i, item)| CartLine::from_item_in(item.clone(), i + 1).ok())
            .collect();
        self.order_of_lines(identities, order_id, &lines)
    }
}

/// An upfront option as the marketplace puts it in a cart.
pub fn upfront_item(pick: &Pick) -> ItemIn {
    let price = Money::parse(&pick.currency, &pick.amount).expect("the catalog's price reads");
    let unspsc = Unspsc::new("81162000").expect("a valid UNSPSC");
    ItemIn::line(LineSpec {
        item_id: ItemId::new(&pick.listing_id, Some(pick.option.clone())),
        quantity: "1",
        unit_price: &price,
        description: &pick.name,
        unspsc: &unspsc,
        extrinsics: vec![Extrinsic::new("LineType", "Service")],
    })
}
