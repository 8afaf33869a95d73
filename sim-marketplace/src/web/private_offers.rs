//! "Your private offers" (`/accounts/{id}/private-offers`): every private
//! offer a seller has extended to the account, with its terms, its expiry
//! on the simulated clock, its revision and, for a flexible payment
//! schedule, each installment (SPEC F7, F10). Only the account's own users
//! may see it: nobody signed in goes to sign-in and comes back here after
//! it (Coupa's cart line links here), anyone else gets a 403.
//!
//! A link to one offer asks for it in the query, `?offer=offer-…`, not
//! only as a `#offer-…` fragment: a browser never sends the fragment, so
//! it could not come back from sign-in (whose `next` the server writes,
//! and whose page may run no script). The page answers that query with a
//! redirect to itself at `#offer-…`, where the browser scrolls to the
//! offer and the stylesheet marks it.

use axum::{
    extract::{OriginalUri, Path, Query, State, rejection::QueryRejection},
    http::{HeaderMap, StatusCode, Uri},
    response::{IntoResponse, Redirect, Response},
};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tera::Context;

use crate::{
    Marketplace,
    accounts::{Account, store as accounts},
    catalog::{OfferId, OfferTerms, PrivateOffer},
    http_face::{
        PageError,
        cookies::{USER_COOKIE, cookie},
        page,
    },
    storefront::{AccountNav, InstallmentView, installments},
};

/// The page a person not signed in is sent to.
const SIGN_IN: &str = "/signin";

/// One offer as the page shows it.
#[derive(Serialize)]
struct OfferRow {
    id: String,
    listing_id: String,
    product: String,
    seller: Option<String>,
    /// The terms in words: "Upfront contract, 12 months", …
    terms: String,
    total: String,
    currency: &'static str,
    expires_at: String,
    expired: bool,
    revision: u32,
    /// Empty unless the terms are a flexible payment schedule.
    installments: Vec<InstallmentView>,
}

/// The one offer a link asks for.
#[derive(Deserialize, Default)]
pub(super) struct Asked {
    offer: Option<String>,
}

/// The path and fragment of the offers page of `account` at `asked`'s
/// offer, when it asks for one by a well-formed id.
fn at_offer(account: &str, asked: &Asked) -> Option<String> {
    let offer: OfferId = asked.offer.as_deref()?.parse().ok()?;
    Some(format!("/accounts/{account}/private-offers#{offer}"))
}

pub(super) async fn page_for(
    State(marketplace): State<Marketplace>,
    Path(id): Path<String>,
    query: Result<Query<Asked>, QueryRejection>,
    OriginalUri(asked): OriginalUri,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let account = own_account(&marketplace, &headers, id, &asked).await?;
    let query = query.map(|Query(q)| q).unwrap_or_default();
    if let Some(at) = at_offer(account.id.as_str(), &query) {
        return Ok(Redirect::to(&at).into_response());
    }
    let now = marketplace.clock().now();
    let mut offers = marketplace.offers().for_account(&account.id);
    offers.sort_by_key(|offer| (offer.expires_at, offer.id));
    let rows: Vec<OfferRow> = offers
        .iter()
        .map(|offer| row(&marketplace, offer, now))
        .collect();
    let mut context = Context::new();
    context.insert("account", &account.name);
    context.insert("offers", &rows);
    context.insert("now", &when(now));
    context.insert("account_nav", &AccountNav::of(&account));
    Ok(page(
        &marketplace,
        StatusCode::OK,
        "private_offers.html",
        &context,
    ))
}

/// Account `id`, if the signed-in user is one of its users; else the
/// refusal: 404 for an unknown account, sign-in (and back to `asked`) for
/// nobody, 403 for a user of another account.
async fn own_account(
    marketplace: &Marketplace,
    headers: &HeaderMap,
    id: String,
    asked: &Uri,
) -> Result<Account, PageError> {
    let account = marketplace
        .store()
        .call(move |db| accounts::get(db, &id))
        .await?
        .ok_or_else(|| {
            PageError::not_found("No such account", "This buyer account does not exist.")
        })?;
    let back_to = asked.path_and_query().map_or(asked.path(), |p| p.as_str());
    let user = cookie(headers, USER_COOKIE)
        .ok_or_else(|| PageError::sign_in_returning(SIGN_IN, back_to))?;
    if account.user(&user).is_none() {
        return Err(PageError::forbidden(
            "Not allowed",
            "Sign in as a user of this account to see its private offers.",
        ));
    }
    Ok(account)
}

fn row(marketplace: &Marketplace, offer: &PrivateOffer, now: Timestamp) -> OfferRow {
    let catalog = marketplace.catalog();
    let total = offer.terms.total();
    let terms = match &offer.terms {
        OfferTerms::UpfrontContract {
            duration_months, ..
        } => format!("Upfront contract, {duration_months} months"),
        OfferTerms::Fps(schedule) => format!(
            "Flexible payment schedule, {} installments",
            schedule.installments().len()
        ),
    };
    OfferRow {
        id: offer.id.to_string(),
        listing_id: offer.listing.to_string(),
        product: catalog
            .listing(offer.listing)
            .map(|l| l.name.clone())
            .unwrap_or_default(),
        seller: catalog.seller_of(offer.listing).map(|s| s.name.clone()),
        terms,
        total: total.decimal(),
        currency: total.currency().code(),
        expires_at: when(offer.expires_at),
        expired: offer.is_expired_at(now),
        revision: offer.revision,
        installments: installments(offer),
    }
}

/// An instant as every procsim page shows it to people.
fn when(instant: Timestamp) -> String {
    service_kit::look::human_time(instant)
}
