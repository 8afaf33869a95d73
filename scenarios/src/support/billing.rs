//! Billing as the outside world sees it: the simulated clock moved through
//! the dashboard (which answers once every service ran what fell due), the
//! marketplace's schedule, invoices and private offers over its JSON API,
//! Coupa's invoice inbox and PO pages as a person reads them, and cXML
//! invoices posted to Coupa's `/cxml` as a supplier posts them.

use jiff::{SignedDuration, Timestamp};
use reqwest::StatusCode;
use serde::Deserialize;

use super::{
    browser::{Page, Result},
    catalog::Pick,
    coupa::CoupaUser,
    sim::{CxmlReply, Sim},
};

/// A marketplace invoice as `GET /api/invoices` shows it.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Invoice {
    pub number: String,
    pub agreement_id: i64,
    pub account_id: String,
    pub period: String,
    pub channel: String,
    pub amount: String,
    pub currency: String,
    pub po_number: Option<String>,
    pub state: String,
    pub payload_id: Option<String>,
    pub last_status: Option<String>,
}

/// One installment of an FPS private offer.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Installment {
    pub due: String,
    pub amount: Amount,
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Amount {
    pub amount: String,
    pub currency: String,
}

/// An FPS private offer made to an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FpsOffer {
    pub id: String,
    pub listing: String,
    pub revision: u32,
    pub installments: Vec<Installment>,
    pub total: Amount,
}

#[derive(Deserialize)]
struct OfferJson {
    id: String,
    listing: String,
    revision: u32,
    terms: TermsJson,
}

#[derive(Deserialize)]
struct TermsJson {
    kind: String,
    #[serde(default)]
    installments: Vec<Installment>,
    total: Option<Amount>,
}

impl FpsOffer {
    /// The option key the cart and the order carry.
    pub fn option(&self) -> String {
        format!("{}.r{}", self.id, self.revision)
    }

    /// The `n`th installment (from 1).
    pub fn installment(&self, n: usize) -> Result<&Installment> {
        n.checked_sub(1)
            .and_then(|i| self.installments.get(i))
            .ok_or_else(|| format!("{} has no installment {n}", self.id))
    }
}

/// `"first"` → 1, ..., `"fourth"` → 4.
pub fn ordinal(word: &str) -> Result<usize> {
    ["first", "second", "third", "fourth"]
        .iter()
        .position(|w| *w == word)
        .map(|i| i + 1)
        .ok_or_else(|| format!("{word:?} is not an ordinal up to fourth"))
}

fn instant(text: &str) -> Result<Timestamp> {
    text.parse()
        .map_err(|e| format!("{text:?} is not an RFC 3339 instant: {e}"))
}

impl Sim {
    /// The simulated clock, as the dashboard reads it.
    pub async fn now(&self) -> Result<Timestamp> {
        #[derive(Deserialize)]
        struct Reading {
            now: String,
        }
        let url = format!("{}/api/clock", self.url("dashboard"));
        instant(&self.get_json::<Reading>(&url).await?.now)
    }

    /// Moves the clock forward by `by` through the dashboard, which answers
    /// once every service has done what fell due.
    pub async fn advance_clock(&self, by: SignedDuration) -> Result<()> {
        let seconds = by.as_secs();
        if seconds <= 0 {
            return Err(format!("the clock cannot move by {by:?}"));
        }
        let url = format!("{}/api/clock/advance", self.url("dashboard"));
        let reply = self
            .http
            .post(&url)
            .json(&serde_json::json!({ "seconds": seconds }))
            .send()
            .await
            .map_err(|e| format!("POST {url}: {e}"))?;
        let status = reply.status();
        let body = reply.text().await.map_err(|e| e.to_string())?;
        if status != StatusCode::OK {
            return Err(format!("advancing the clock: {status}: {body}"));
        }
        Ok(())
    }

    /// Moves the clock to `target` (which must be later).
    pub async fn advance_clock_to(&self, target: Timestamp) -> Result<()> {
        let now = self.now().await?;
        self.advance_clock(target.duration_since(now)).await
    }

    /// The marketplace's next scheduled event (`GET /api/schedule`).
    pub async fn next_scheduled(&self) -> Result<Option<Timestamp>> {
        #[derive(Deserialize)]
        struct Schedule {
            next: Option<String>,
        }
        let url = format!("{}/api/schedule", self.url("marketplace"));
        let schedule: Schedule = self.get_json(&url).await?;
        schedule.next.as_deref().map(instant).transpose()
    }

    /// Asks the marketplace to do what is due now, as the dashboard does
    /// after moving the clock; answers when it is done.
    pub async fn run_marketplace_schedule(&self) -> Result<serde_json::Value> {
        let url = format!("{}/api/schedule/run", self.url("marketplace"));
        let reply = self.post_ok(&url).await?;
        reply.json().await.map_err(|e| e.to_string())
    }

    /// The marketplace's invoices, all or the account's.
    pub async fn invoices(&self, account: Option<&str>) -> Result<Vec<Invoice>> {
        #[derive(Deserialize)]
        struct Reply {
            invoices: Vec<Invoice>,
        }
        let mut url = format!("{}/api/invoices", self.url("marketplace"));
        if let Some(account) = account {
            url.push_str(&format!("?account={account}"));
        }
        Ok(self.get_json::<Reply>(&url).await?.invoices)
    }

    /// The account's first FPS private offer.
    pub async fn fps_offer(&self, account: &str) -> Result<FpsOffer> {
        #[derive(Deserialize)]
        struct Reply {
            offers: Vec<OfferJson>,
        }
        let url = format!("{}/api/offers?account={account}", self.url("marketplace"));
        let offers = self.get_json::<Reply>(&url).await?.offers;
        offers
            .into_iter()
            .find(|o| o.terms.kind == "fps")
            .and_then(|o| {
                Some(FpsOffer {
                    id: o.id,
                    listing: o.listing,
                    revision: o.revision,
                    total: o.terms.total?,
                    installments: o.terms.installments,
                })
            })
            .ok_or_else(|| format!("{account} has no FPS private offer"))
    }

    /// The offer as a product to buy (its listing's name from the API).
    pub async fn offer_pick(&self, offer: &FpsOffer) -> Result<Pick> {
        #[derive(Deserialize)]
        struct Listing {
            name: String,
        }
        let url = format!("{}/api/listings/{}", self.url("marketplace"), offer.listing);
        let listing: Listing = self.get_json(&url).await?;
        Ok(Pick {
            listing_id: offer.listing.clone(),
            name: listing.name,
            option: offer.option(),
            amount: offer.total.amount.clone(),
            currency: offer.total.currency.clone(),
        })
    }

    /// The first listing priced `model` (`payg`, `free`) that can be
    /// bought through a procurement system, with or without a free trial,
    /// as a pick of `option`.
    pub async fn listing_priced(
        &self,
        model: &str,
        free_trial: bool,
        option: &str,
        amount: &str,
    ) -> Result<Pick> {
        #[derive(Deserialize)]
        struct Hit {
            id: String,
            name: String,
            pricing_model: String,
            supported_for_procurement: bool,
            free_trial: bool,
        }
        #[derive(Deserialize)]
        struct Reply {
            total: usize,
            hits: Vec<Hit>,
        }
        let base = self.url("marketplace");
        let mut offset = 0;
        loop {
            let url = format!("{base}/api/listings?limit=100&offset={offset}");
            let page: Reply = self.get_json(&url).await?;
            let count = page.hits.len();
            if let Some(hit) = page.hits.into_iter().find(|h| {
                h.pricing_model == model
                    && h.supported_for_procurement
                    && h.free_trial == free_trial
            }) {
                return Ok(Pick {
                    listing_id: hit.id,
                    name: hit.name,
                    option: option.to_owned(),
                    amount: amount.to_owned(),
                    currency: "USD".to_owned(),
                });
            }
            offset += count;
            if count == 0 || offset >= page.total {
                return Err(format!(
                    "no {model} listing (free trial: {free_trial}) can be bought"
                ));
            }
        }
    }

    /// Posts raw bytes to `service`'s `/cxml` as a partner would and reads
    /// the Status of the answer.
    pub async fn post_cxml_to(&self, service: &str, body: Vec<u8>) -> Result<CxmlReply> {
        let url = format!("{}/cxml", self.url(service));
        let reply = self
            .http
            .post(&url)
            .header("content-type", "text/xml; charset=UTF-8")
            .body(body)
            .send()
            .await
            .map_err(|e| format!("POST {url}: {e}"))?;
        let http_status = reply.status();
        let bytes = reply.bytes().await.map_err(|e| e.to_string())?;
        let parsed = cxml::read::read(&bytes).map_err(|e| {
            format!(
                "the answer is not cXML ({e}): {:?}",
                String::from_utf8_lossy(&bytes)
            )
        })?;
        let status = parsed
            .doc
            .response
            .map(|r| r.status)
            .ok_or("the answer holds no Response")?;
        let cxml_status = status
            .code
            .trim()
            .parse()
            .map_err(|_| format!("status code {:?}", status.code))?;
        Ok(CxmlReply {
            http_status,
            cxml_status,
            text: status.text,
        })
    }
}

/// A row of Coupa's invoice inbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InboxRow {
    pub invoice: String,
    pub po_number: String,
    pub amount: String,
    pub matching: String,
}

/// Coupa's invoice inbox as `user` reads it.
pub async fn coupa_inbox(user: &CoupaUser) -> Result<Vec<InboxRow>> {
    let page = user.browser.get(&user.coupa_url("/invoices")).await?;
    page.expect_status(StatusCode::OK)?;
    inbox_rows(&page)
}

fn inbox_rows(page: &Page) -> Result<Vec<InboxRow>> {
    page.table_rows("table.invoices")
        .into_iter()
        .map(|row| match row.as_slice() {
            [invoice, po, amount, _received, matching] => Ok(InboxRow {
                invoice: invoice.clone(),
                po_number: po.clone(),
                amount: amount.clone(),
                matching: matching.clone(),
            }),
            other => Err(format!("an inbox row reads {other:?}")),
        })
        .collect()
}

/// What a PO page says of its invoicing: "X USD invoiced of Y USD ordered".
pub async fn invoiced_of_ordered(user: &CoupaUser, po_number: &str) -> Result<String> {
    let page = user.order_page(po_number).await?;
    page.text_of("p.invoiced")
        .into_iter()
        .next()
        .ok_or_else(|| format!("{po_number}'s page says nothing of invoices"))
}
