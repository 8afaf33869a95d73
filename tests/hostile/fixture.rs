//! What the matrix's cases are built from: one running ecosystem (real
//! sockets), the Coupa connection it publishes, two products, an order the
//! marketplace already acknowledged, a private offer and its seller, and
//! the cookies of the people whose forms other sites might forge.

use reqwest::StatusCode;
use scenarios::support::{
    browser::Result,
    catalog::{Pick, saas_upfront_at},
    coupa::ADMIN,
    offers,
    partner::Partner,
    sim::{COUPA_ACCOUNT, Sim, test_config},
};
use serde_json::Value;

/// The Coupa connection's shared secret: what must never be shown.
pub const SECRET: &str = "coupa-shared-secret";

pub struct Fixture {
    pub sim: Sim,
    pub partner: Partner,
    /// A product other than the accepted order's.
    pub other: Pick,
    /// A setup request as Coupa sends it.
    pub setup: Vec<u8>,
    /// An order the marketplace acknowledged before any case ran.
    pub accepted: Vec<u8>,
    pub accepted_order_id: String,
    pub offer_id: String,
    /// `procsim_seller=…` of the offer's seller.
    pub seller_cookie: String,
    /// `coupa_user=…` of Coupa's admin.
    pub coupa_admin_cookie: String,
}

impl Fixture {
    pub async fn start() -> Result<Fixture> {
        let sim = Sim::start(test_config()).await?;
        let partner = Partner::of(&sim.url("dashboard"), "coupa").await?;
        let picks = saas_upfront_at(
            &sim.http,
            &sim.url("marketplace"),
            |p| p.currency == "USD",
            2,
        )
        .await?;
        let [pick, other] = <[Pick; 2]>::try_from(picks)
            .map_err(|picks| format!("two SaaS upfront options, not {}", picks.len()))?;
        let identities = partner.identities();
        let return_url = format!("{}/punchout/return", sim.url("coupa"));
        let setup = write(&partner.setup_request(&identities, &return_url))?;
        let accepted_order_id = "PO-HOSTILE-1".to_owned();
        let order =
            partner.order_request(&identities, &accepted_order_id, std::slice::from_ref(&pick));
        let reply = partner.send(&order).await?;
        if reply.cxml_code() != Some(200) {
            return Err(format!("the fixture's order was refused: {:?}", reply.cxml));
        }
        // Its mail is on its way; the state is still only once it arrived.
        sim.wait_until_outbox_sent().await?;
        sim.wait_for_mail("buyer@acme.test", &accepted_order_id)
            .await?;
        let offer = offers::live_offer(&sim, COUPA_ACCOUNT, "upfront_contract").await?;
        Ok(Fixture {
            seller_cookie: format!("procsim_seller={}", offer.seller.id),
            offer_id: offer.id,
            coupa_admin_cookie: format!("coupa_user={ADMIN}"),
            accepted: write(&order)?,
            accepted_order_id,
            setup,
            sim,
            partner,
            other,
        })
    }

    /// Everything a refused request must leave as it was, read over the
    /// services' own APIs and pages (journals aside).
    pub async fn state(&self) -> Result<Value> {
        let market = self.sim.url("marketplace");
        let mut state = serde_json::Map::new();
        for (name, url) in [
            (
                "coupa agreements",
                format!("{market}/api/agreements?account=acct-coupa-001"),
            ),
            (
                "ariba agreements",
                format!("{market}/api/agreements?account=acct-ariba-001"),
            ),
            ("outbox", format!("{market}/api/outbox")),
            ("punchouts and orders", format!("{market}/api/stats")),
            (
                "ariba relationships",
                format!("{}/api/relationships", self.sim.url("ariba")),
            ),
            (
                "coupa offers",
                format!("{market}/api/offers?account=acct-coupa-001"),
            ),
            (
                "ariba offers",
                format!("{market}/api/offers?account=acct-ariba-001"),
            ),
            ("clock", format!("{}/api/clock", self.sim.url("dashboard"))),
            ("mail", format!("{}/api/v1/messages", self.sim.url("mail"))),
        ] {
            state.insert(name.to_owned(), self.sim.get_json(&url).await?);
        }
        for path in ["/admin", "/invoices", "/orders"] {
            let page = self.page("coupa", path, &self.coupa_admin_cookie).await?;
            state.insert(format!("coupa {path}"), Value::String(page));
        }
        Ok(Value::Object(state))
    }

    async fn page(&self, service: &str, path: &str, cookie: &str) -> Result<String> {
        let url = format!("{}{path}", self.sim.url(service));
        let reply = self
            .sim
            .http
            .get(&url)
            .header(reqwest::header::COOKIE, cookie)
            .send()
            .await
            .map_err(|e| format!("GET {url}: {e}"))?;
        if reply.status() != StatusCode::OK {
            return Err(format!("GET {url}: {}", reply.status()));
        }
        reply.text().await.map_err(|e| e.to_string())
    }

    /// Every web service answers `GET /healthz` with 200.
    pub async fn healthy(&self) -> Result<()> {
        for service in ["dashboard", "marketplace", "coupa", "ariba", "mail"] {
            let url = format!("{}/healthz", self.sim.url(service));
            let reply = self.sim.http.get(&url).send().await;
            match reply {
                Ok(reply) if reply.status() == StatusCode::OK => {}
                other => return Err(format!("{url}: {other:?}")),
            }
        }
        Ok(())
    }

    /// Whether `secret` shows in what `service` journaled last: its list
    /// row, its stored bodies, or the dashboard's page of it.
    pub async fn newest_exchange_shows(&self, service: &str, secret: &str) -> Result<bool> {
        let base = self.sim.url(service);
        let list: Vec<Value> = self
            .sim
            .get_json(&format!("{base}/api/journal?newest=true&limit=1"))
            .await?;
        let id = list
            .first()
            .and_then(|row| row["id"].as_i64())
            .ok_or_else(|| format!("{service} journaled nothing"))?;
        let detail: Value = self
            .sim
            .get_json(&format!("{base}/api/journal/{id}"))
            .await?;
        let page = self
            .page("dashboard", &format!("/journal/{service}/{id}"), "")
            .await?;
        let raw = self
            .page(service, &format!("/api/journal/{id}/raw"), "")
            .await?;
        Ok([
            serde_json::to_string(&list).unwrap_or_default(),
            detail.to_string(),
            page,
            raw,
        ]
        .iter()
        .any(|text| text.contains(secret)))
    }
}

pub fn write(doc: &cxml::CXml) -> Result<Vec<u8>> {
    cxml::write::to_bytes(doc).map_err(|e| e.to_string())
}
