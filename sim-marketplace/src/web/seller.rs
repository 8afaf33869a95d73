//! The seller's pages for private offers (SPEC F10). A seller signs in
//! as in the rest of procsim, by picking who they are (`/seller/signin`,
//! no passwords; only sellers with private offers are offered), and sees
//! their offers (`/seller`). `GET /seller/offers/{id}` shows one of them,
//! `POST /seller/offers/{id}` revises its expiry and, for an upfront
//! offer, its amount, through the same checks as `POST /api/offers/{id}`.
//! Only the offer's own seller may see or revise it: anyone else gets a
//! 403 page saying whose offer it is, a person not signed in is sent to
//! sign in. A refused revision changes nothing and says why.

use axum::{
    Form,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::{Deserialize, Serialize};
use service_kit::cxml_http::error_chain;
use tera::Context;

use crate::{
    Marketplace,
    api::offers::{Revision, TermsInput, apply},
    catalog::{Catalog, OfferId, OfferRegistry, OfferTerms, PrivateOffer, SellerId},
    http_face::{
        ApiError, PageError,
        cookies::{SELLER_COOKIE, cookie, set_cookie},
        page,
    },
};

/// A seller on the sign-in and home pages.
#[derive(Serialize)]
struct SellerRow {
    id: u16,
    name: String,
    offers: usize,
}

/// Every seller with a private offer among `offers`, by name.
fn sellers_with_offers(catalog: &Catalog, offers: &OfferRegistry) -> Vec<SellerRow> {
    let mut rows: Vec<SellerRow> = Vec::new();
    for offer in offers.all() {
        let Some(seller) = seller_of(catalog, &offer) else {
            continue;
        };
        match rows.iter_mut().find(|row| row.id == seller.0) {
            Some(row) => row.offers += 1,
            None => rows.push(SellerRow {
                id: seller.0,
                name: seller_name(catalog, seller),
                offers: 1,
            }),
        }
    }
    rows.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    rows
}

fn seller_of(catalog: &Catalog, offer: &PrivateOffer) -> Option<SellerId> {
    catalog.seller_of(offer.listing).map(|s| s.id)
}

fn seller_name(catalog: &Catalog, seller: SellerId) -> String {
    catalog
        .seller(seller)
        .map_or_else(|| format!("seller {}", seller.0), |s| s.name.clone())
}

/// The signed-in seller, if the cookie names one.
fn signed_in(headers: &HeaderMap) -> Option<SellerId> {
    cookie(headers, SELLER_COOKIE)?.parse().ok().map(SellerId)
}

/// `GET /seller/signin`: pick the seller you are.
pub async fn signin_page(State(marketplace): State<Marketplace>, headers: HeaderMap) -> Response {
    let mut context = Context::new();
    context.insert(
        "sellers",
        &sellers_with_offers(marketplace.catalog(), marketplace.offers()),
    );
    context.insert(
        "current",
        &signed_in(&headers).map(|s| seller_name(marketplace.catalog(), s)),
    );
    page(&marketplace, StatusCode::OK, "seller_signin.html", &context)
}

#[derive(Deserialize)]
pub struct SigninForm {
    #[serde(default)]
    seller: String,
}

/// `POST /seller/signin`: a cookie naming the seller, then their offers.
pub async fn signin(
    State(marketplace): State<Marketplace>,
    Form(form): Form<SigninForm>,
) -> Result<Response, PageError> {
    let id = form
        .seller
        .trim()
        .parse::<u16>()
        .ok()
        .filter(|id| {
            sellers_with_offers(marketplace.catalog(), marketplace.offers())
                .iter()
                .any(|s| s.id == *id)
        })
        .ok_or_else(|| {
            PageError::bad_request("Unknown seller", "Pick one of the listed sellers.")
        })?;
    Ok((
        [(
            header::SET_COOKIE,
            set_cookie(SELLER_COOKIE, &id.to_string()),
        )],
        Redirect::to("/seller"),
    )
        .into_response())
}

/// Where a person not signed in as a seller is sent.
const SIGN_IN: &str = "/seller/signin";

/// `GET /seller`: the signed-in seller's private offers.
pub async fn home(
    State(marketplace): State<Marketplace>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let seller = signed_in(&headers).ok_or(PageError::sign_in(SIGN_IN))?;
    let mut offers: Vec<PrivateOffer> = marketplace
        .offers()
        .all()
        .into_iter()
        .filter(|offer| seller_of(marketplace.catalog(), offer) == Some(seller))
        .collect();
    offers.sort_by_key(|offer| offer.id);
    let mut context = Context::new();
    context.insert("seller", &seller_name(marketplace.catalog(), seller));
    context.insert("offers", &offers);
    Ok(page(
        &marketplace,
        StatusCode::OK,
        "seller_home.html",
        &context,
    ))
}

fn offer(offers: &OfferRegistry, id: &str) -> Option<PrivateOffer> {
    let id = id.trim().parse::<OfferId>().ok()?;
    offers.get(id)
}

/// The offer, if the signed-in seller is its seller; else the refusal.
/// Nobody signed in is sent to sign in when `reading`, and refused when
/// posting a form (nothing changes).
fn own_offer(
    marketplace: &Marketplace,
    headers: &HeaderMap,
    id: &str,
    reading: bool,
) -> Result<PrivateOffer, PageError> {
    let Some(seller) = signed_in(headers) else {
        return Err(if reading {
            PageError::sign_in(SIGN_IN)
        } else {
            PageError::forbidden(
                "Sign in as the seller",
                "Only a signed-in seller may revise a private offer. Sign in at /seller/signin.",
            )
        });
    };
    let offer = offer(marketplace.offers(), id).ok_or_else(no_such_offer)?;
    let owner = seller_of(marketplace.catalog(), &offer);
    if owner != Some(seller) {
        let whose = owner.map_or_else(
            || "another seller".to_owned(),
            |s| seller_name(marketplace.catalog(), s),
        );
        return Err(PageError::forbidden(
            "Not your offer",
            format!(
                "This private offer belongs to {whose}; sign in as that seller to see or revise \
                 it."
            ),
        ));
    }
    Ok(offer)
}

fn show(
    marketplace: &Marketplace,
    offer: &PrivateOffer,
    status: StatusCode,
    message: Option<&str>,
) -> Response {
    let mut context = Context::new();
    let listing = marketplace.catalog().listing(offer.listing);
    context.insert("offer", offer);
    context.insert("listing_name", &listing.map(|l| l.name.as_str()));
    context.insert("expired", &offer.is_expired_at(marketplace.clock().now()));
    context.insert("total", &offer.terms.total());
    context.insert(
        "upfront",
        &matches!(offer.terms, OfferTerms::UpfrontContract { .. }),
    );
    context.insert("message", &message);
    page(marketplace, status, "seller_offer.html", &context)
}

fn no_such_offer() -> PageError {
    PageError::not_found("No such offer", "No private offer has this id.")
}

pub async fn offer_page(
    State(marketplace): State<Marketplace>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let offer = own_offer(&marketplace, &headers, &id, true)?;
    Ok(show(&marketplace, &offer, StatusCode::OK, None))
}

#[derive(Deserialize)]
pub struct RevisionForm {
    #[serde(default)]
    expires_at: String,
    #[serde(default)]
    amount: String,
}

pub async fn revise(
    State(marketplace): State<Marketplace>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<RevisionForm>,
) -> Result<Response, PageError> {
    let current = own_offer(&marketplace, &headers, &id, false)?;
    let terms = match (&current.terms, form.amount.trim()) {
        (_, "") => None,
        (
            OfferTerms::UpfrontContract {
                duration_months, ..
            },
            amount,
        ) => Some(TermsInput::UpfrontContract {
            duration_months: *duration_months,
            amount: amount.to_owned(),
        }),
        (OfferTerms::Fps(_), _) => {
            let message = "The amount of an offer with a payment schedule is revised through \
                           POST /api/offers/{id} with its installments.";
            let status = StatusCode::BAD_REQUEST;
            return Ok(show(&marketplace, &current, status, Some(message)));
        }
    };
    let revision = Revision {
        expires_at: Some(form.expires_at.trim().to_owned()).filter(|e| !e.is_empty()),
        terms,
    };
    let (status, message, shown) = match apply(&marketplace, &id, revision).await {
        Ok(revised) => {
            let message = format!(
                "Revised: the offer is now at revision {}.",
                revised.revision
            );
            (StatusCode::OK, message, revised)
        }
        Err(ApiError::NotFound(_)) => return Err(no_such_offer()),
        Err(err @ ApiError::Internal(_)) => {
            tracing::error!(error = %error_chain(&err), "storing an offer revision failed");
            let message = "The revision could not be stored; nothing changed. Try again.";
            let status = StatusCode::INTERNAL_SERVER_ERROR;
            (status, message.to_owned(), current)
        }
        Err(err @ ApiError::Conflict(_)) => (StatusCode::CONFLICT, err.to_string(), current),
        Err(err) => (StatusCode::BAD_REQUEST, err.to_string(), current),
    };
    Ok(show(&marketplace, &shown, status, Some(&message)))
}
