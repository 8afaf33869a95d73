//! `GET /api/listings` (search), `GET /api/listings/{id}` and
//! `GET /api/categories`: the catalog as Coupa's Open Buy search reads it.
//!
//! Query parameters arrive as text and are checked here, so that every
//! mistake gets a 400 with a JSON message naming the parameter, never a
//! framework rejection in plain text.

use axum::{
    Json, Router,
    extract::{
        Path, Query, State,
        rejection::{PathRejection, QueryRejection},
    },
    response::{IntoResponse, Response},
    routing::get,
};
use serde::{Deserialize, Serialize};

use crate::{
    Marketplace,
    catalog::{Catalog, CategoryId, Listing, ListingId, Pricing, ProductFamily, ProductType},
    http_face::ApiError,
    money::Money,
    search::{Filters, SearchQuery},
};

/// Results per page when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 20;
/// The largest `limit` accepted.
pub const MAX_LIMIT: usize = 100;
/// The longest `q` accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// The largest `offset` accepted (beyond any catalog procsim generates).
const MAX_OFFSET: usize = 1_000_000;

pub fn routes() -> Router<Marketplace> {
    Router::new()
        .route("/api/listings", get(search))
        .route("/api/listings/{id}", get(listing))
        .route("/api/categories", get(categories))
}

#[derive(Debug, Deserialize)]
pub(super) struct SearchParams {
    q: Option<String>,
    category: Option<String>,
    product_type: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

#[derive(Serialize)]
struct SearchReply<'c> {
    total: usize,
    limit: usize,
    offset: usize,
    hits: Vec<ListingSummary<'c>>,
}

/// A listing as a search hit: enough to show a result row.
#[derive(Serialize)]
pub(super) struct ListingSummary<'c> {
    id: ListingId,
    name: &'c str,
    short_description: &'c str,
    category: CategoryRef<'c>,
    seller: &'c str,
    product_type: ProductType,
    pricing_model: &'static str,
    /// How a person reads the price at a glance ("from 1500.00 USD").
    price_summary: String,
    supported_for_procurement: bool,
    free_trial: bool,
}

/// A listing in full, pricing options included.
#[derive(Serialize)]
struct ListingDetail<'c> {
    id: ListingId,
    name: &'c str,
    short_description: &'c str,
    category: CategoryRef<'c>,
    seller: &'c str,
    product_type: ProductType,
    pricing: &'c Pricing,
    supported_for_procurement: bool,
    free_trial: bool,
}

#[derive(Serialize)]
struct CategoryRef<'c> {
    slug: &'c str,
    name: &'c str,
}

#[derive(Serialize)]
struct CategoryEntry<'c> {
    slug: &'c str,
    name: &'c str,
    listings: usize,
}

async fn search(
    State(market): State<Marketplace>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(params) = params
        .map_err(|err| ApiError::BadRequest(format!("bad query string: {}", err.body_text())))?;
    let catalog = market.catalog();
    let query = search_query(catalog, &params)?;
    let page = market.search().search(&query);
    let reply = SearchReply {
        total: page.total,
        limit: query.limit,
        offset: query.offset,
        hits: page.hits.iter().map(|l| summary(catalog, l)).collect(),
    };
    to_json(&reply)
}

/// The query `params` ask for, unrestricted; every mistake a 400 naming
/// the parameter.
pub(super) fn search_query<'p>(
    catalog: &Catalog,
    params: &'p SearchParams,
) -> Result<SearchQuery<'p>, ApiError> {
    let text = params.q.as_deref().unwrap_or("");
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::BadRequest(format!(
            "q must be at most {MAX_QUERY_CHARS} characters"
        )));
    }
    Ok(SearchQuery {
        text,
        filters: Filters {
            category: parse_category(catalog, params.category.as_deref())?,
            product_family: parse_family(params.product_type.as_deref())?,
            only_ids: None,
        },
        limit: parse_number(
            "limit",
            params.limit.as_deref(),
            DEFAULT_LIMIT,
            1..=MAX_LIMIT,
        )?,
        offset: parse_number("offset", params.offset.as_deref(), 0, 0..=MAX_OFFSET)?,
    })
}

async fn listing(
    State(market): State<Marketplace>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let not_found = |shown: &str| ApiError::NotFound(format!("no listing {shown}"));
    let Path(id) = id.map_err(|_| not_found("with that id"))?;
    let catalog = market.catalog();
    let listing = id
        .parse::<ListingId>()
        .ok()
        .and_then(|id| catalog.listing(id))
        .ok_or_else(|| not_found(&format!("{:?}", id.chars().take(40).collect::<String>())))?;
    let detail = ListingDetail {
        id: listing.id,
        name: &listing.name,
        short_description: &listing.short_description,
        category: category_ref(catalog, listing.category),
        seller: seller_name(catalog, listing),
        product_type: listing.product_type,
        pricing: &listing.pricing,
        supported_for_procurement: listing.supported_for_procurement(),
        free_trial: listing.free_trial,
    };
    to_json(&detail)
}

async fn categories(State(market): State<Marketplace>) -> Result<Response, ApiError> {
    let catalog = market.catalog();
    let mut counts = vec![0usize; catalog.categories().len()];
    for listing in catalog.listings() {
        if let Some(count) = counts.get_mut(usize::from(listing.category.0)) {
            *count += 1;
        }
    }
    let entries: Vec<CategoryEntry<'_>> = catalog
        .categories()
        .iter()
        .zip(counts)
        .map(|(category, listings)| CategoryEntry {
            slug: &category.slug,
            name: &category.name,
            listings,
        })
        .collect();
    to_json(&entries)
}

/// Serialises a borrowed view into a response while the catalog is borrowed.
pub(super) fn to_json(value: &impl Serialize) -> Result<Response, ApiError> {
    Ok(Json(value).into_response())
}

pub(super) fn summary<'c>(catalog: &'c Catalog, listing: &'c Listing) -> ListingSummary<'c> {
    ListingSummary {
        id: listing.id,
        name: &listing.name,
        short_description: &listing.short_description,
        category: category_ref(catalog, listing.category),
        seller: seller_name(catalog, listing),
        product_type: listing.product_type,
        pricing_model: listing.pricing.model_name(),
        price_summary: price_summary(&listing.pricing),
        supported_for_procurement: listing.supported_for_procurement(),
        free_trial: listing.free_trial,
    }
}

/// The price as a result row shows it: the cheapest option and its kind.
pub fn price_summary(pricing: &Pricing) -> String {
    let cheapest = |prices: &mut dyn Iterator<Item = Money>| prices.min();
    match pricing {
        Pricing::UpfrontContract { dimensions } => {
            match cheapest(&mut dimensions.iter().map(|d| d.price)) {
                Some(price) => format!("from {price} up front"),
                None => "contract".to_owned(),
            }
        }
        Pricing::Payg { dimensions } => match dimensions.iter().min_by_key(|d| d.unit_price) {
            Some(d) => format!(
                "pay as you go, from {} {}",
                d.unit_price,
                d.unit.description()
            ),
            None => "pay as you go".to_owned(),
        },
        Pricing::AnnualWithHourly { annual, .. } => {
            match cheapest(&mut annual.iter().map(|d| d.price)) {
                Some(price) => format!("from {price} a year, plus hourly usage"),
                None => "annual, plus hourly usage".to_owned(),
            }
        }
        Pricing::Free => "free".to_owned(),
        Pricing::Byol => "bring your own license".to_owned(),
    }
}

fn category_ref(catalog: &Catalog, id: CategoryId) -> CategoryRef<'_> {
    catalog
        .category(id)
        .map_or(CategoryRef { slug: "", name: "" }, |category| CategoryRef {
            slug: &category.slug,
            name: &category.name,
        })
}

fn seller_name<'c>(catalog: &'c Catalog, listing: &Listing) -> &'c str {
    catalog
        .seller(listing.seller)
        .map_or("", |s| s.name.as_str())
}

fn parse_category(catalog: &Catalog, slug: Option<&str>) -> Result<Option<CategoryId>, ApiError> {
    let Some(slug) = slug.filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    catalog
        .category_by_slug(slug)
        .map(|category| Some(category.id))
        .ok_or_else(|| {
            let shown: String = slug.chars().take(60).collect();
            ApiError::BadRequest(format!(
                "unknown category {shown:?}; GET /api/categories lists them"
            ))
        })
}

fn parse_family(slug: Option<&str>) -> Result<Option<ProductFamily>, ApiError> {
    let Some(slug) = slug.filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    ProductFamily::from_slug(slug).map(Some).ok_or_else(|| {
        let known: Vec<_> = ProductFamily::ALL.iter().map(|f| f.slug()).collect();
        ApiError::BadRequest(format!("product_type must be one of {}", known.join(", ")))
    })
}

fn parse_number(
    name: &str,
    text: Option<&str>,
    default: usize,
    allowed: std::ops::RangeInclusive<usize>,
) -> Result<usize, ApiError> {
    let Some(text) = text.filter(|t| !t.is_empty()) else {
        return Ok(default);
    };
    text.parse::<usize>()
        .ok()
        .filter(|n| allowed.contains(n))
        .ok_or_else(|| {
            ApiError::BadRequest(format!(
                "{name} must be a whole number from {} to {}",
                allowed.start(),
                allowed.end()
            ))
        })
}
