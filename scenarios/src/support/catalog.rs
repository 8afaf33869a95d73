//! Choosing what to buy from the marketplace's catalog JSON API, so tests
//! do not depend on a listing id or a price fixed in advance.

use serde::Deserialize;

use super::{browser::Result, sim::Sim};

/// One purchasable SaaS upfront-contract option.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pick {
    pub listing_id: String,
    pub name: String,
    /// The option key (`standard-12m`), the cart's SupplierPartAuxiliaryID.
    pub option: String,
    /// The full amount as the marketplace writes it (`1500.00`).
    pub amount: String,
    pub currency: String,
}

impl Pick {
    /// The amount in whole cents, for comparisons with a threshold.
    pub fn cents(&self) -> i64 {
        cents(&self.amount)
    }
}

/// `"1500.00"` → 150000; amounts here are non-negative with two or more
/// decimals.
pub fn cents(amount: &str) -> i64 {
    let (units, fraction) = amount.split_once('.').unwrap_or((amount, "0"));
    let fraction: String = fraction.chars().chain("00".chars()).take(2).collect();
    let units: i64 = units
        .parse()
        .unwrap_or_else(|_| panic!("amount {amount:?}"));
    let fraction: i64 = fraction
        .parse()
        .unwrap_or_else(|_| panic!("amount {amount:?}"));
    units * 100 + fraction
}

#[derive(Deserialize)]
struct SearchReply {
    total: usize,
    hits: Vec<Summary>,
}

#[derive(Deserialize)]
struct Summary {
    id: String,
    name: String,
    product_type: ProductType,
    pricing_model: String,
    supported_for_procurement: bool,
}

#[derive(Deserialize, PartialEq, Eq)]
struct ProductType {
    family: String,
    model: Option<String>,
}

#[derive(Deserialize)]
struct Detail {
    id: String,
    name: String,
    pricing: Pricing,
}

#[derive(Deserialize)]
struct Pricing {
    model: String,
    #[serde(default)]
    dimensions: Vec<Dimension>,
}

#[derive(Deserialize)]
struct Dimension {
    key: String,
    price: Price,
}

#[derive(Deserialize)]
struct Price {
    amount: String,
    currency: String,
}

/// Every option of every supported SaaS upfront-contract listing, in
/// catalog order.
pub async fn saas_upfront_options(sim: &Sim) -> Result<Vec<Pick>> {
    scan(sim, |_| true, usize::MAX).await
}

/// The first SaaS upfront option in catalog order that `wanted` accepts;
/// reads only as much of the catalog as it needs.
pub async fn first_saas_upfront(sim: &Sim, wanted: impl Fn(&Pick) -> bool) -> Result<Pick> {
    scan(sim, wanted, 1)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| "the catalog has no such SaaS upfront option".to_owned())
}

/// Up to `most` wanted options, in catalog order.
async fn scan(sim: &Sim, wanted: impl Fn(&Pick) -> bool, most: usize) -> Result<Vec<Pick>> {
    let http = reqwest::Client::new();
    saas_upfront_at(&http, &sim.url("marketplace"), wanted, most).await
}

/// Up to `most` wanted SaaS upfront options of the marketplace at `base`
/// (its base URL), in catalog order: for drivers of a procsim they did
/// not start in process.
pub async fn saas_upfront_at(
    http: &reqwest::Client,
    base: &str,
    wanted: impl Fn(&Pick) -> bool,
    most: usize,
) -> Result<Vec<Pick>> {
    let get_json = async |url: String| -> Result<serde_json::Value> {
        let reply = http
            .get(&url)
            .send()
            .await
            .map_err(|e| format!("GET {url}: {e}"))?;
        if !reply.status().is_success() {
            return Err(format!("GET {url}: status {}", reply.status()));
        }
        reply.json().await.map_err(|e| format!("GET {url}: {e}"))
    };
    let mut picks = Vec::new();
    let mut offset = 0;
    loop {
        let url = format!("{base}/api/listings?product_type=saas&limit=100&offset={offset}");
        let page: SearchReply =
            serde_json::from_value(get_json(url).await?).map_err(|e| e.to_string())?;
        let count = page.hits.len();
        for hit in page.hits.into_iter().filter(|h| {
            h.supported_for_procurement
                && h.pricing_model == "upfront_contract"
                && h.product_type.family == "saas"
                && h.product_type.model.as_deref() == Some("contract")
        }) {
            let detail: Detail =
                serde_json::from_value(get_json(format!("{base}/api/listings/{}", hit.id)).await?)
                    .map_err(|e| e.to_string())?;
            if detail.pricing.model != "upfront_contract" {
                return Err(format!("{}: search and detail disagree", detail.id));
            }
            for dimension in detail.pricing.dimensions {
                let pick = Pick {
                    listing_id: detail.id.clone(),
                    name: detail.name.clone(),
                    option: dimension.key,
                    amount: dimension.price.amount,
                    currency: dimension.price.currency,
                };
                if wanted(&pick) {
                    picks.push(pick);
                    if picks.len() >= most {
                        return Ok(picks);
                    }
                }
            }
        }
        offset += count;
        if count == 0 || offset >= page.total {
            return Ok(picks);
        }
    }
}

/// The cheapest SaaS upfront option strictly below `limit_cents`.
pub async fn saas_upfront_below(sim: &Sim, limit_cents: i64) -> Result<Pick> {
    saas_upfront_options(sim)
        .await?
        .into_iter()
        .filter(|p| p.currency == "USD" && p.cents() < limit_cents)
        .min_by_key(Pick::cents)
        .ok_or_else(|| format!("the catalog has no SaaS upfront option below {limit_cents} cents"))
}

/// The cheapest SaaS upfront option strictly above `limit_cents`.
pub async fn saas_upfront_above(sim: &Sim, limit_cents: i64) -> Result<Pick> {
    saas_upfront_options(sim)
        .await?
        .into_iter()
        .filter(|p| p.currency == "USD" && p.cents() > limit_cents)
        .min_by_key(Pick::cents)
        .ok_or_else(|| format!("the catalog has no SaaS upfront option above {limit_cents} cents"))
}

/// A listing found through the search API, and its first purchase option.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub listing_id: String,
    pub name: String,
    /// The first option key the listing's pricing offers (`standard-12m`,
    /// `payg`, `free`, `byol`).
    pub option: String,
    /// That option's price when it has a fixed one (`1500.00`).
    pub amount: Option<String>,
}

/// The first listing in catalog order of product `family` (and `model`,
/// when given) priced as `pricing_model` (any, when `None`).
pub async fn first_listing(
    sim: &Sim,
    family: &str,
    model: Option<&str>,
    pricing_model: Option<&str>,
) -> Result<Found> {
    let base = sim.url("marketplace");
    let mut offset = 0;
    loop {
        let url = format!("{base}/api/listings?product_type={family}&limit=100&offset={offset}");
        let page: SearchReply = sim.get_json(&url).await?;
        let count = page.hits.len();
        let hit = page.hits.into_iter().find(|h| {
            h.product_type.family == family
                && model.is_none_or(|m| h.product_type.model.as_deref() == Some(m))
                && pricing_model.is_none_or(|p| h.pricing_model == p)
        });
        if let Some(hit) = hit {
            let detail: serde_json::Value = sim
                .get_json(&format!("{base}/api/listings/{}", hit.id))
                .await?;
            let (option, amount) = first_option(&detail)
                .ok_or_else(|| format!("{}: no purchase option in {detail}", hit.id))?;
            return Ok(Found {
                option,
                amount,
                listing_id: hit.id,
                name: hit.name,
            });
        }
        offset += count;
        if count == 0 || offset >= page.total {
            return Err(format!(
                "the catalog has no {family} listing (model {model:?}, pricing {pricing_model:?})"
            ));
        }
    }
}

/// The first option key of a listing's pricing, as the API describes it,
/// and its fixed price if it has one.
fn first_option(detail: &serde_json::Value) -> Option<(String, Option<String>)> {
    let pricing = detail.get("pricing")?;
    let first = |list: &str| {
        let dimension = pricing.get(list)?.get(0)?;
        let key = dimension.get("key")?.as_str()?.to_owned();
        let amount = dimension
            .pointer("/price/amount")
            .and_then(|a| a.as_str())
            .map(str::to_owned);
        Some((key, amount))
    };
    match pricing.get("model")?.as_str()? {
        "upfront_contract" => first("dimensions"),
        "annual_with_hourly" => first("annual"),
        other => Some((other.to_owned(), None)),
    }
}
