//! A running ecosystem and what the outside world can read of it over
//! HTTP: the marketplace's catalog, agreements, outbox and integration
//! settings, the mail service's Mailpit API, every journal and the
//! dashboard's merged journal, and raw cXML posted like a partner posts it.

use std::{
    path::Path,
    time::{Duration, Instant},
};

use procsim::{Ecosystem, EcosystemConfig};
use reqwest::StatusCode;
use serde::{Deserialize, de::DeserializeOwned};
use service_kit::journal::{Exchange, ExchangeDetail};
use sim_marketplace::catalog::CatalogSize;

use super::browser::Result;

/// The account the seeded Coupa connection buys for.
pub const COUPA_ACCOUNT: &str = "acct-coupa-001";
/// Where the marketplace mails that account.
pub const COUPA_ACCOUNT_MAIL: &str = "buyer@acme.test";
/// The seeded Coupa ⇄ marketplace shared secret.
pub const COUPA_SECRET: &str = "coupa-shared-secret";
/// How long anything asynchronous (the mail outbox) may take.
pub const DEADLINE: Duration = Duration::from_secs(10);

/// A small catalog: enough of every product type, quick to generate.
pub fn small_catalog() -> CatalogSize {
    CatalogSize {
        listings: 200,
        categories: 10,
        sellers: 40,
    }
}

/// What tests start by default: free ports, memory, the small catalog.
pub fn test_config() -> EcosystemConfig {
    EcosystemConfig {
        catalog_size: Some(small_catalog()),
        ..EcosystemConfig::ephemeral()
    }
}

/// The same, keeping state in `dir`.
pub fn persistent_config(dir: &Path) -> EcosystemConfig {
    EcosystemConfig {
        data_dir: Some(dir.to_owned()),
        ..test_config()
    }
}

/// A running ecosystem and an HTTP client for its APIs (no cookies: API
/// calls are not a person's browser).
pub struct Sim {
    pub ecosystem: Ecosystem,
    pub http: reqwest::Client,
}

/// An agreement as `GET /api/agreements` shows it.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Agreement {
    pub id: i64,
    pub account_id: String,
    pub listing_id: String,
    pub product_name: String,
    pub option_id: String,
    pub amount: String,
    pub currency: String,
    pub po_number: String,
    pub order_payload_id: String,
    pub flow_id: Option<String>,
    /// `order` (a buyer's OrderRequest) or `subscription` (subscribed at
    /// the marketplace itself).
    pub source: String,
}

/// A row of the marketplace's outbox.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct OutboxEntry {
    pub recipient: String,
    pub subject: String,
    pub sent: bool,
}

/// A message in the Mailpit list.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct MailSummary {
    #[serde(rename = "ID")]
    pub id: String,
    pub subject: String,
    pub to: Vec<MailAddress>,
    pub from: Option<MailAddress>,
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct MailAddress {
    pub address: String,
}

#[derive(Deserialize)]
struct MailList {
    messages: Vec<MailSummary>,
}

/// One message read in full (`GET /api/v1/message/{id}`).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MailMessage {
    pub subject: String,
    pub text: String,
}

#[derive(Deserialize)]
struct Merged {
    exchanges: Vec<Exchange>,
    unavailable: Vec<String>,
}

/// What a partner gets back from `POST /cxml`.
#[derive(Debug)]
pub struct CxmlReply {
    pub http_status: StatusCode,
    pub cxml_status: u16,
    pub text: String,
}

impl Sim {
    pub async fn start(config: EcosystemConfig) -> Result<Sim> {
        let ecosystem = Ecosystem::start(config)
            .await
            .map_err(|e| format!("the ecosystem does not start: {e:#}"))?;
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Sim { ecosystem, http })
    }

    /// Stops every service and waits for them.
    pub async fn stop(self) -> Result<()> {
        self.ecosystem
            .stop()
            .await
            .map_err(|e| format!("the ecosystem does not stop cleanly: {e:#}"))
    }

    /// The dashboard's reset of all state (`POST /api/reset`), which must
    /// answer 200.
    pub async fn reset_all(&self) -> Result<()> {
        self.post_ok(&format!("{}/api/reset", self.url("dashboard")))
            .await
            .map(drop)
    }

    /// `POST url` with no body; anything but 200 is an error naming both.
    pub async fn post_ok(&self, url: &str) -> Result<reqwest::Response> {
        let reply = self
            .http
            .post(url)
            .send()
            .await
            .map_err(|e| format!("POST {url}: {e}"))?;
        match reply.status() {
            reqwest::StatusCode::OK => Ok(reply),
            status => Err(format!("POST {url}: {status}")),
        }
    }

    /// A service's base URL.
    pub fn url(&self, service: &str) -> String {
        self.ecosystem
            .url(service)
            .unwrap_or_else(|| panic!("the ecosystem has no service {service:?}"))
    }

    pub async fn get_json<T: DeserializeOwned>(&self, url: &str) -> Result<T> {
        let reply = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|e| format!("GET {url}: {e}"))?;
        if reply.status() != StatusCode::OK {
            return Err(format!("GET {url}: status {}", reply.status()));
        }
        reply
            .json()
            .await
            .map_err(|e| format!("GET {url}: not the JSON expected: {e}"))
    }

    /// The marketplace's agreements for `account`.
    pub async fn agreements(&self, account: &str) -> Result<Vec<Agreement>> {
        #[derive(Deserialize)]
        struct Reply {
            agreements: Vec<Agreement>,
        }
        let url = format!(
            "{}/api/agreements?account={account}",
            self.url("marketplace")
        );
        Ok(self.get_json::<Reply>(&url).await?.agreements)
    }

    /// The marketplace's outbox, oldest first.
    pub async fn outbox(&self) -> Result<Vec<OutboxEntry>> {
        #[derive(Deserialize)]
        struct Reply {
            outbox: Vec<OutboxEntry>,
        }
        let url = format!("{}/api/outbox", self.url("marketplace"));
        Ok(self.get_json::<Reply>(&url).await?.outbox)
    }

    /// Every message in the mail sink, newest first (Mailpit's order).
    pub async fn mail(&self) -> Result<Vec<MailSummary>> {
        let url = format!("{}/api/v1/messages", self.url("mail"));
        Ok(self.get_json::<MailList>(&url).await?.messages)
    }

    pub async fn mail_message(&self, id: &str) -> Result<MailMessage> {
        let url = format!("{}/api/v1/message/{id}", self.url("mail"));
        self.get_json(&url).await
    }

    /// Polls the Mailpit API until a message to `to` whose subject
    /// contains `subject` is there, or the deadline passes. Each poll is a
    /// real round trip; nothing sleeps.
    pub async fn wait_for_mail(&self, to: &str, subject: &str) -> Result<MailSummary> {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let found = self
                .mail()
                .await?
                .into_iter()
                .find(|m| m.subject.contains(subject) && m.to.iter().any(|a| a.address == to));
            if let Some(found) = found {
                return Ok(found);
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "no mail to {to} about {subject:?} within {DEADLINE:?}; outbox: {:?}",
                    self.outbox().await
                ));
            }
            tokio::task::yield_now().await;
        }
    }

    /// Polls until the marketplace's outbox has nothing left to send.
    pub async fn wait_until_outbox_sent(&self) -> Result<Vec<OutboxEntry>> {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let outbox = self.outbox().await?;
            if outbox.iter().all(|m| m.sent) {
                return Ok(outbox);
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "outbox not delivered within {DEADLINE:?}: {outbox:?}"
                ));
            }
            tokio::task::yield_now().await;
        }
    }

    /// One service's journal (`GET /api/journal`), filtered by flow and
    /// document type when given.
    pub async fn journal(
        &self,
        service: &str,
        flow: Option<&str>,
        document_type: Option<&str>,
    ) -> Result<Vec<Exchange>> {
        let mut url = reqwest::Url::parse(&format!("{}/api/journal", self.url(service)))
            .map_err(|e| e.to_string())?;
        if let Some(flow) = flow {
            url.query_pairs_mut().append_pair("flow", flow);
        }
        if let Some(kind) = document_type {
            url.query_pairs_mut().append_pair("type", kind);
        }
        self.get_json(url.as_str()).await
    }

    /// The document of a journaled exchange, as its service stored it
    /// (secrets masked): lists carry no bodies.
    pub async fn raw_of(&self, exchange: &Exchange) -> Result<String> {
        let url = format!(
            "{}/api/journal/{}/raw",
            self.url(&exchange.service),
            exchange.id
        );
        let reply = self
            .http
            .get(&url)
            .send()
            .await
            .map_err(|e| format!("GET {url}: {e}"))?;
        if reply.status() != StatusCode::OK {
            return Err(format!("GET {url}: status {}", reply.status()));
        }
        reply.text().await.map_err(|e| format!("GET {url}: {e}"))
    }

    /// A journaled exchange with its findings and both bodies.
    pub async fn detail_of(&self, exchange: &Exchange) -> Result<ExchangeDetail> {
        let url = format!(
            "{}/api/journal/{}",
            self.url(&exchange.service),
            exchange.id
        );
        self.get_json(&url).await
    }

    /// The dashboard's merged journal of one flow; every journal must have
    /// been readable.
    pub async fn merged_journal(&self, flow: &str) -> Result<Vec<Exchange>> {
        let mut url = reqwest::Url::parse(&format!("{}/api/journal", self.url("dashboard")))
            .map_err(|e| e.to_string())?;
        url.query_pairs_mut().append_pair("flow", flow);
        let merged: Merged = self.get_json(url.as_str()).await?;
        if !merged.unavailable.is_empty() {
            return Err(format!("journals unavailable: {:?}", merged.unavailable));
        }
        Ok(merged.exchanges)
    }

    /// Posts raw bytes to the marketplace's `/cxml` as a partner would and
    /// reads the Status of the answer.
    pub async fn post_cxml(&self, body: Vec<u8>) -> Result<CxmlReply> {
        self.post_cxml_to("marketplace", body).await
    }

    /// The account's integration settings as `user` reads them (status and
    /// JSON body).
    pub async fn integration(&self, user: &str) -> Result<(StatusCode, serde_json::Value)> {
        self.integration_of(COUPA_ACCOUNT, user).await
    }

    /// Reads `account`'s integration settings as `user`.
    pub async fn integration_of(
        &self,
        account: &str,
        user: &str,
    ) -> Result<(StatusCode, serde_json::Value)> {
        self.admin_get(&self.integration_url(account), user).await
    }

    /// Writes `account`'s integration settings as `user`.
    pub async fn put_integration_of(
        &self,
        account: &str,
        user: &str,
        settings: &serde_json::Value,
    ) -> Result<(StatusCode, serde_json::Value)> {
        self.admin_put(&self.integration_url(account), user, settings)
            .await
    }

    /// Writes the account's integration settings as `user`.
    pub async fn put_integration(
        &self,
        user: &str,
        settings: &serde_json::Value,
    ) -> Result<(StatusCode, serde_json::Value)> {
        self.admin_put(&self.integration_url(COUPA_ACCOUNT), user, settings)
            .await
    }
}

/// `raw` with the sender's SharedSecret set to `secret`, written by the
/// cxml crate: how a partner's copy of a journaled (masked) document is
/// rebuilt to be delivered again.
pub fn with_secret(raw: &[u8], secret: &str) -> Result<Vec<u8>> {
    let mut doc = cxml::read::read(raw).map_err(|e| e.to_string())?.doc;
    let header = doc.header.as_mut().ok_or("no Header")?;
    let credential = header
        .sender
        .credential
        .first_mut()
        .ok_or("no Sender credential")?;
    credential.shared_secret = Some(cxml::SharedSecret::new(secret));
    cxml::write::to_bytes(&doc).map_err(|e| e.to_string())
}

/// `raw` under another payloadID.
pub fn with_payload_id(raw: &[u8], payload_id: &str) -> Result<Vec<u8>> {
    let mut doc = cxml::read::read(raw).map_err(|e| e.to_string())?.doc;
    doc.payload_id = payload_id.to_owned();
    cxml::write::to_bytes(&doc).map_err(|e| e.to_string())
}
