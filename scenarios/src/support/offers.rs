//! Private offers as the outside world sees them: the account's offers
//! (`GET /api/offers`), the seller revising one (`POST /api/offers/{id}`)
//! and the simulated clock moved through the dashboard
//! (`POST /api/clock/advance`).

use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::Value;

use super::{browser::Result, catalog::Pick, sim::Sim};

/// An offer as `GET /api/offers` shows it.
#[derive(Clone, Debug, Deserialize)]
pub struct Offer {
    pub id: String,
    pub listing: String,
    pub listing_name: String,
    pub expires_at: String,
    pub revision: u32,
    /// The cart's SupplierPartAuxiliaryID for this revision.
    pub option: String,
    pub expired: bool,
    pub terms: Value,
    pub total: Price,
    /// The seller who may revise it.
    pub seller: Seller,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Seller {
    pub id: u16,
    pub name: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Price {
    pub amount: String,
    pub currency: String,
}

impl Offer {
    /// `upfront_contract` or `fps`.
    pub fn kind(&self) -> &str {
        self.terms.get("kind").and_then(Value::as_str).unwrap_or("")
    }

    /// The offer as a purchase: its listing, option key and total.
    pub fn pick(&self) -> Pick {
        Pick {
            listing_id: self.listing.clone(),
            name: self.listing_name.clone(),
            option: self.option.clone(),
            amount: self.total.amount.clone(),
            currency: self.total.currency.clone(),
        }
    }
}

/// The account's offers, by id.
pub async fn offers(sim: &Sim, account: &str) -> Result<Vec<Offer>> {
    #[derive(Deserialize)]
    struct Reply {
        offers: Vec<Offer>,
    }
    let url = format!("{}/api/offers?account={account}", sim.url("marketplace"));
    Ok(sim.get_json::<Reply>(&url).await?.offers)
}

/// The account's first live offer of `kind` (`upfront_contract`, `fps`).
pub async fn live_offer(sim: &Sim, account: &str, kind: &str) -> Result<Offer> {
    offers(sim, account)
        .await?
        .into_iter()
        .find(|o| !o.expired && o.kind() == kind)
        .ok_or_else(|| format!("{account} has no live {kind} private offer"))
}

/// One offer, as it stands now.
pub async fn offer(sim: &Sim, account: &str, id: &str) -> Result<Offer> {
    offers(sim, account)
        .await?
        .into_iter()
        .find(|o| o.id == id)
        .ok_or_else(|| format!("{account} has no offer {id}"))
}

/// The seller posts a revision; gives the status and JSON answer.
pub async fn revise(sim: &Sim, id: &str, revision: &Value) -> Result<(StatusCode, Value)> {
    let url = format!("{}/api/offers/{id}", sim.url("marketplace"));
    let reply = sim
        .http
        .post(&url)
        .json(revision)
        .send()
        .await
        .map_err(|e| format!("POST {url}: {e}"))?;
    let status = reply.status();
    let body = reply
        .json()
        .await
        .map_err(|e| format!("POST {url}: not JSON: {e}"))?;
    Ok((status, body))
}

/// The simulated clock as the dashboard reads it (RFC 3339).
pub async fn clock_now(sim: &Sim) -> Result<String> {
    #[derive(Deserialize)]
    struct Reading {
        now: String,
    }
    let url = format!("{}/api/clock", sim.url("dashboard"));
    Ok(sim.get_json::<Reading>(&url).await?.now)
}

/// Seconds from the clock's `now` until just past `instant` (both RFC 3339).
pub fn seconds_past(now: &str, instant: &str) -> Result<i64> {
    let parse = |text: &str| {
        text.parse::<jiff::Timestamp>()
            .map_err(|e| format!("{text:?} is not an instant: {e}"))
    };
    let gap = parse(instant)?.duration_since(parse(now)?).as_secs();
    Ok(gap.max(0) + 1)
}

/// Moves the simulated clock forward by `seconds` through the dashboard;
/// the clock's reading after the move.
pub async fn advance_clock(sim: &Sim, seconds: i64) -> Result<String> {
    sim.advance_clock(jiff::SignedDuration::from_secs(seconds))
        .await?;
    Ok(sim.now().await?.to_string())
}
