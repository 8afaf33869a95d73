//! Browsing: the category list, one category, search results (the Open Buy
//! index) and a product page with its pricing options and the private
//! offers of the session's account; inside a punchout session, only what
//! the account's private marketplace admits (SPEC F13).

use std::collections::HashSet;

use axum::{
    extract::{Path, Query, State, rejection::QueryRejection},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use serde::{Deserialize, Serialize};
use service_kit::StoreError;

use super::{
    AccountNav, account_nav, base_context,
    offer_facts::OfferFacts,
    options::option_views,
    paging::{PAGE_SIZE, PageNumber},
    session, subscribe,
};
use crate::{
    Marketplace,
    catalog::{Category, CategoryId, Listing, ListingId, ProductFamily, ProductType, SaasModel},
    http_face::{PageError, local_url, page},
    private_marketplace::{self, Visibility},
    punchout::session::SetupContext,
    search::{Filters, SearchQuery},
};

/// One product card of a list.
#[derive(Serialize)]
struct Hit<'a> {
    id: String,
    name: &'a str,
    short_description: &'a str,
    /// `SaaS`, `AMI`, ...
    family: &'static str,
    /// The pricing model in words.
    pricing: &'static str,
    /// The lowest price, or none for Free and BYOL (their badge says it).
    price: Option<String>,
    /// The pricing words as a tag, unless the badge says the same.
    pricing_tag: Option<&'static str>,
    /// `Free`, `BYOL`.
    badge: Option<&'static str>,
    /// The account shopping has a live private offer for it.
    private_offer: bool,
}

fn hit<'a>(listing: &'a Listing, offered: &HashSet<ListingId>) -> Hit<'a> {
    use crate::catalog::Pricing;
    let pricing = listing.pricing.words();
    let badge = match listing.pricing {
        Pricing::Free => Some("Free"),
        Pricing::Byol => Some("BYOL"),
        _ => None,
    };
    Hit {
        id: listing.id.to_string(),
        name: &listing.name,
        short_description: &listing.short_description,
        family: listing.product_type.family().title(),
        pricing,
        price: listing.pricing.from_price(),
        badge,
        // A Free badge says all the pricing words would ("Free Free").
        pricing_tag: (badge != Some(pricing)).then_some(pricing),
        private_offer: offered.contains(&listing.id),
    }
}

/// The listings the shopping account (the punchout session's, else the
/// signed-in user's) holds a live private offer for.
async fn offered_listings(
    marketplace: &Marketplace,
    headers: &HeaderMap,
    setup: Option<&SetupContext>,
) -> Result<HashSet<ListingId>, StoreError> {
    let account = match setup {
        Some(setup) => Some(setup.account.clone()),
        None => subscribe::signed_in(marketplace, headers)
            .await?
            .map(|(account, _)| account.id),
    };
    let now = marketplace.clock().now();
    Ok(account
        .map(|account| {
            marketplace
                .offers()
                .for_account(&account)
                .into_iter()
                .filter(|offer| !offer.is_expired_at(now))
                .map(|offer| offer.listing)
                .collect()
        })
        .unwrap_or_default())
}

#[derive(Deserialize, Default)]
pub struct HomeParams {
    /// A level-2 punchout's product that is not available (SPEC F3).
    unavailable: Option<String>,
}

pub async fn home(
    State(marketplace): State<Marketplace>,
    params: Result<Query<HomeParams>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let params = params.map(|Query(p)| p).unwrap_or_default();
    let session = session(&marketplace, &headers);
    let setup = session.as_ref().map(|(_, s)| s);
    let visible = session_visibility(&marketplace, setup).await?;
    let catalog = marketplace.catalog();
    let mut context = base_context(setup);
    let categories: Vec<&Category> = match visible.only_ids() {
        None => catalog.categories().iter().collect(),
        Some(ids) => {
            let used: HashSet<CategoryId> = ids
                .iter()
                .filter_map(|id| catalog.listing(*id).map(|l| l.category))
                .collect();
            catalog
                .categories()
                .iter()
                .filter(|c| used.contains(&c.id))
                .collect()
        }
    };
    context.insert("categories", &categories);
    context.insert("private_marketplace", &visible.is_private());
    context.insert("unavailable", &params.unavailable);
    context.insert("account_nav", &account_nav(&marketplace, &headers).await?);
    Ok(page(&marketplace, StatusCode::OK, "home.html", &context))
}

#[derive(Deserialize)]
pub struct CategoryParams {
    /// Which page of results, from 1 (see `paging`).
    page: Option<String>,
}

pub async fn category(
    State(marketplace): State<Marketplace>,
    Path(slug): Path<String>,
    Query(params): Query<CategoryParams>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let category = marketplace
        .catalog()
        .category_by_slug(&slug)
        .ok_or_else(|| PageError::not_found("No such category", "This category does not exist."))?;
    let filters = Filters {
        category: Some(category.id),
        ..Filters::default()
    };
    let asked = Asked {
        text: "",
        filters,
        page: PageNumber::parse(params.page.as_deref())?,
        path: &format!("/browse/{}", category.slug),
        params: &[],
    };
    results(&marketplace, &headers, &category.name, asked).await
}

#[derive(Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    /// Which page of results, from 1 (see `paging`).
    page: Option<String>,
}

pub async fn search(
    State(marketplace): State<Marketplace>,
    Query(params): Query<SearchParams>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let text: String = params.q.unwrap_or_default().chars().take(200).collect();
    let heading = format!("Results for “{text}”");
    let asked = Asked {
        text: &text,
        filters: Filters::default(),
        page: PageNumber::parse(params.page.as_deref())?,
        path: "/search",
        params: &[("q", &text)],
    };
    results(&marketplace, &headers, &heading, asked).await
}

/// What a list page asks for: the text and filters, which page of the
/// matches, and where the page lives (its path and the query parameters
/// its Previous and Next links keep).
struct Asked<'a> {
    text: &'a str,
    filters: Filters<'a>,
    page: PageNumber,
    path: &'a str,
    params: &'a [(&'a str, &'a str)],
}

/// A page of `filters`' matches for `text`, within what the session's
/// private marketplace lets it see (SPEC F13).
async fn results(
    marketplace: &Marketplace,
    headers: &HeaderMap,
    heading: &str,
    asked: Asked<'_>,
) -> Result<Response, PageError> {
    let Asked {
        text,
        filters,
        page: page_number,
        path,
        params,
    } = asked;
    let session = session(marketplace, headers);
    let setup = session.as_ref().map(|(_, s)| s);
    let visible = session_visibility(marketplace, setup).await?;
    let filters = Filters {
        category: filters.category,
        product_family: filters.product_family,
        only_ids: visible.only_ids(),
    };
    let found = marketplace.search().search(&SearchQuery {
        text,
        filters,
        limit: PAGE_SIZE,
        offset: page_number.offset(),
    });
    let paging = page_number.of(found.total, path, params)?;
    let mut context = base_context(setup);
    context.insert("heading", heading);
    context.insert("query", text);
    context.insert("total", &found.total);
    context.insert("paging", &paging);
    let offered = offered_listings(marketplace, headers, setup).await?;
    let hits: Vec<Hit<'_>> = found
        .hits
        .into_iter()
        .map(|listing| hit(listing, &offered))
        .collect();
    context.insert("hits", &hits);
    let nav = account_nav(marketplace, headers).await?;
    // Private offers are not products: a search for them points to the
    // account's own page instead of finding nothing; inside a punchout,
    // where nobody signs in, it lists the session account's live offers.
    let asks_private_offers = text.to_lowercase().contains("private offer");
    context.insert("asks_private_offers", &asks_private_offers);
    if let Some(setup) = setup.filter(|_| asks_private_offers) {
        let offers = session_offers(marketplace, setup, &visible);
        context.insert("session_offers", &offers);
    }
    // Signing in from the hint comes back to this search.
    let here = local_url(path, params);
    context.insert("signin_href", &local_url("/signin", &[("next", &here)]));
    context.insert("account_nav", &nav);
    Ok(page(marketplace, StatusCode::OK, "listings.html", &context))
}

pub async fn product(
    State(marketplace): State<Marketplace>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let listing = super::listing(marketplace.catalog(), &id)?;
    let session = session(&marketplace, &headers);
    let setup = session.as_ref().map(|(_, s)| s);
    if !session_visibility(&marketplace, setup)
        .await?
        .admits(listing.id)
    {
        return Err(super::not_in_private_marketplace());
    }
    // Outside a punchout session, a signed-in account user may subscribe.
    let subscriber = match setup {
        Some(_) => None,
        None => subscribe::signed_in(&marketplace, &headers)
            .await?
            .map(|(account, _)| account),
    };
    let account = setup
        .map(|s| &s.account)
        .or(subscriber.as_ref().map(|a| &a.id));
    let options = option_views(&marketplace, account, listing);
    // Outside a punchout the account's Private Marketplace still decides
    // what it may subscribe to (SPEC F13).
    let approved = match &subscriber {
        Some(subscriber) => private_marketplace::visibility(marketplace.store(), &subscriber.id)
            .await?
            .admits(listing.id),
        None => true,
    };
    // The page says why it offers no "Request approval": the F11
    // walkthrough ticks off on that, in this punchout's flow.
    if let Some(setup) = setup
        && !listing.supported_for_procurement()
    {
        marketplace
            .sessions()
            .showed_unsupported(&setup.flow_id, listing.id);
    }
    let catalog = marketplace.catalog();
    let mut context = base_context(setup);
    context.insert("listing", listing);
    context.insert(
        "category",
        &catalog.category(listing.category).map(|c| c.name.as_str()),
    );
    context.insert(
        "seller",
        &catalog.seller(listing.seller).map(|s| s.name.as_str()),
    );
    context.insert("family", listing.product_type.family().title());
    context.insert("pricing_words", listing.pricing.words());
    context.insert("supported", &listing.supported_for_procurement());
    context.insert(
        "unsupported_reason",
        &listing.product_type.procurement_refusal(),
    );
    context.insert("options", &options);
    context.insert("account_nav", &subscriber.as_ref().map(AccountNav::of));
    let can_request = setup.is_some_and(|s| !s.read_only()) && listing.supported_for_procurement();
    context.insert("can_request", &can_request);
    let preapproved_by = match setup {
        Some(setup) if can_request => {
            super::approval::preapproved_by(&marketplace, setup, listing).await?
        }
        _ => None,
    };
    context.insert("preapproved_by", &preapproved_by);
    context.insert("not_approved", &!approved);
    context.insert("can_subscribe", &(subscriber.is_some() && approved));
    context.insert(
        "asks_po_number",
        &subscriber.as_ref().is_some_and(|account| {
            account.po_management && listing.product_type == ProductType::Saas(SaasModel::Contract)
        }),
    );
    context.insert(
        "has_console",
        &matches!(
            listing.product_type.family(),
            ProductFamily::Ami | ProductFamily::Container
        ),
    );
    Ok(page(&marketplace, StatusCode::OK, "product.html", &context))
}

/// A private offer as the punchout's search lists it.
#[derive(Serialize)]
struct SessionOffer {
    listing_id: String,
    product: String,
    #[serde(flatten)]
    facts: OfferFacts,
}

/// The punchout session account's live private offers on products its
/// private marketplace admits, soonest to expire first.
fn session_offers(
    marketplace: &Marketplace,
    setup: &SetupContext,
    visible: &Visibility,
) -> Vec<SessionOffer> {
    let now = marketplace.clock().now();
    let catalog = marketplace.catalog();
    let mut offers = marketplace.offers().for_account(&setup.account);
    offers.retain(|offer| !offer.is_expired_at(now) && visible.admits(offer.listing));
    offers.sort_by_key(|offer| (offer.expires_at, offer.id));
    offers
        .iter()
        .filter_map(|offer| {
            let listing = catalog.listing(offer.listing)?;
            Some(SessionOffer {
                listing_id: listing.id.to_string(),
                product: listing.name.clone(),
                facts: OfferFacts::of(offer),
            })
        })
        .collect()
}

/// What the browser's punchout session may see: its account's visibility,
/// or everything outside a punchout session. A session restricted to its
/// account's Private Marketplace is remembered as such for its flow (SPEC
/// F13), since no document says so.
async fn session_visibility(
    marketplace: &Marketplace,
    setup: Option<&SetupContext>,
) -> Result<Visibility, StoreError> {
    let Some(setup) = setup else {
        return Ok(Visibility::All);
    };
    let visible = private_marketplace::visibility(marketplace.store(), &setup.account).await?;
    if visible.is_private() {
        marketplace
            .sessions()
            .showed_private_marketplace(&setup.flow_id);
    }
    Ok(visible)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Catalog, CatalogConfig, CatalogSize, Pricing};

    /// A card says a listing is free once (its badge); BYOL's badge
    /// stands beside "Bring your own license"; paid listings have no badge.
    #[test]
    fn a_card_names_free_once_and_keeps_the_byol_badge() {
        let catalog = Catalog::generate(&CatalogConfig {
            seed: 3,
            size: CatalogSize {
                listings: 200,
                categories: 3,
                sellers: 5,
            },
            epoch: jiff::Timestamp::UNIX_EPOCH,
        })
        .unwrap_or_else(|err| panic!("catalog: {err}"));
        let find = |wanted: fn(&Pricing) -> bool| {
            catalog
                .listings()
                .iter()
                .find(|l| wanted(&l.pricing))
                .unwrap_or_else(|| panic!("the catalog has such a listing"))
        };
        let none = HashSet::new();
        let free = hit(find(|p| matches!(p, Pricing::Free)), &none);
        assert_eq!((free.pricing_tag, free.badge), (None, Some("Free")));
        let byol = hit(find(|p| matches!(p, Pricing::Byol)), &none);
        assert_eq!(
            (byol.pricing_tag, byol.badge),
            (Some("Bring your own license"), Some("BYOL"))
        );
        let paid = hit(
            find(|p| matches!(p, Pricing::UpfrontContract { .. })),
            &none,
        );
        assert_eq!(
            (paid.pricing_tag, paid.badge),
            (Some("Upfront contract"), None)
        );
    }
}
