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
use tera::Context;

use crate::{
    Marketplace,
    api::offers::{Revision, TermsInput, apply},
    catalog::{Catalog, OfferId, OfferRegistry, OfferTerms, PrivateOffer, SellerId},
    http_face::{
        ApiError,
        cookies::{SELLER_COOKIE, cookie, set_cookie},
        error_page, page,
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
) -> Response {
    let known = form.seller.trim().parse::<u16>().ok().filter(|id| {
        sellers_with_offers(marketplace.catalog(), marketplace.offers())
            .iter()
            .any(|s| s.id == *id)
    });
    let Some(id) = known else {
        return error_page(
            &marketplace,
            StatusCode::BAD_REQUEST,
            "Unknown seller",
            "Pick one of the listed sellers.",
        );
    };
    (
        [(
            header::SET_COOKIE,
            set_cookie(SELLER_COOKIE, &id.to_string()),
        )],
        Redirect::to("/seller"),
    )
        .into_response()
}

/// `GET /seller`: the signed-in seller's private offers.
pub async fn home(State(marketplace): State<Marketplace>, headers: HeaderMap) -> Response {
    let Some(seller) = signed_in(&headers) else {
        return Redirect::to("/seller/signin").into_response();
    };
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
    page(&marketplace, StatusCode::OK, "seller_home.html", &context)
}

/// Why a seller page is not shown.
enum Refusal {
    /// Nobody signed in, following a link: sign in first.
    SignIn,
    /// Nobody signed in, posting a form: nothing changes.
    SignInToRevise,
    NoSuchOffer,
    /// Signed in as someone else than the offer's seller (named).
    OwnedBy(String),
}

impl Refusal {
    fn page(self, marketplace: &Marketplace) -> Response {
        match self {
            Refusal::SignIn => Redirect::to("/seller/signin").into_response(),
            Refusal::SignInToRevise => error_page(
                marketplace,
                StatusCode::FORBIDDEN,
                "Sign in as the seller",
                "Only a signed-in seller may revise a private offer. Sign in at /seller/signin.",
            ),
            Refusal::NoSuchOffer => not_found(marketplace),
            Refusal::OwnedBy(whose) => error_page(
                marketplace,
                StatusCode::FORBIDDEN,
                "Not your offer",
                &format!(
                    "This private offer belongs to {whose}; sign in as that seller to see or \
                     revise it."
                ),
            ),
        }
    }
}

fn offer(offers: &OfferRegistry, id: &str) -> Option<PrivateOffer> {
    let id = id.trim().parse::<OfferId>().ok()?;
    offers.get(id)
}

/// The offer, if the signed-in seller is its seller.
fn own_offer(
    marketplace: &Marketplace,
    headers: &HeaderMap,
    id: &str,
    reading: bool,
) -> Result<PrivateOffer, Refusal> {
    let Some(seller) = signed_in(headers) else {
        return Err(if reading {
            Refusal::SignIn
        } else {
            Refusal::SignInToRevise
        });
    };
    let offer = offer(marketplace.offers(), id).ok_or(Refusal::NoSuchOffer)?;
    let owner = seller_of(marketplace.catalog(), &offer);
    if owner != Some(seller) {
        return Err(Refusal::OwnedBy(owner.map_or_else(
            || "another seller".to_owned(),
            |s| seller_name(marketplace.catalog(), s),
        )));
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

fn not_found(marketplace: &Marketplace) -> Response {
    error_page(
        marketplace,
        StatusCode::NOT_FOUND,
        "No such offer",
        "No private offer has this id.",
    )
}

pub async fn offer_page(
    State(marketplace): State<Marketplace>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    match own_offer(&marketplace, &headers, &id, true) {
        Ok(offer) => show(&marketplace, &offer, StatusCode::OK, None),
        Err(refusal) => refusal.page(&marketplace),
    }
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
) -> Response {
    let current = match own_offer(&marketplace, &headers, &id, false) {
        Ok(offer) => offer,
        Err(refusal) => return refusal.page(&marketplace),
    };
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
            return show(
                &marketplace,
                &current,
                StatusCode::BAD_REQUEST,
                Some(message),
            );
        }
    };
    let revision = Revision {
        expires_at: Some(form.expires_at.trim().to_owned()).filter(|e| !e.is_empty()),
        terms,
    };
    match apply(&marketplace, &id, revision).await {
        Ok(revised) => {
            let message = format!(
                "Revised: the offer is now at revision {}.",
                revised.revision
            );
            show(&marketplace, &revised, StatusCode::OK, Some(&message))
        }
        Err(ApiError::NotFound(_)) => not_found(&marketplace),
        Err(err) => {
            let status = match err {
                ApiError::Conflict(_) => StatusCode::CONFLICT,
                ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
                _ => StatusCode::BAD_REQUEST,
            };
            if let ApiError::Internal(detail) = &err {
                tracing::error!(%detail, "storing an offer revision failed");
            }
            let message = match err {
                ApiError::Internal(_) => "The revision could not be stored; nothing changed. \
                                          Try again."
                    .to_owned(),
                other => other.to_string(),
            };
            show(&marketplace, &current, status, Some(&message))
        }
    }
}
