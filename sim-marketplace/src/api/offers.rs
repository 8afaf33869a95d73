//! Private offers over HTTP (SPEC F10): `GET /api/offers?account=` lists an
//! account's offers with the option key a cart carries, and
//! `POST /api/offers/{id}` is the seller revising one (a new expiry, new
//! terms or both), stored by [`crate::offer_revisions`] before the
//! [`crate::catalog::OfferRegistry`] shows it. Every
//! revision bumps the offer's revision, so carts and orders made under the
//! old terms are refused until the buyer punches out again.
//!
//! Like the rest of `/api`, it is the simulator's control API for programs
//! on this machine (tests revise offers with it): no sign-in, but refused
//! to another site's page by the service's same-site guard. A person
//! revises on the seller pages, which need the seller signed in.

use axum::{
    Json, Router,
    extract::{Path, Query, State, rejection::JsonRejection},
    routing::{get, post},
};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::{
    Marketplace,
    catalog::{Installment, OfferError, OfferId, OfferTerms, PaymentSchedule, PrivateOffer},
    http_face::ApiError,
    money::{Currency, Money},
    offer_revisions::{self, ReviseError},
};

pub fn routes() -> Router<Marketplace> {
    Router::new()
        .route("/api/offers", get(list))
        .route("/api/offers/{id}", post(revise))
}

/// An offer as the API shows it.
#[derive(Serialize)]
struct OfferView {
    #[serde(flatten)]
    offer: PrivateOffer,
    listing_name: String,
    /// Who sells it: the seller who may revise it on `/seller/offers/{id}`.
    seller: Option<SellerView>,
    /// The `SupplierPartAuxiliaryID` a cart line for this revision carries.
    option: String,
    /// Whether it has expired on the simulated clock.
    expired: bool,
    total: Money,
}

#[derive(Serialize)]
struct SellerView {
    id: u16,
    name: String,
}

fn view(marketplace: &Marketplace, offer: PrivateOffer) -> OfferView {
    let catalog = marketplace.catalog();
    let listing_name = catalog
        .listing(offer.listing)
        .map(|l| l.name.clone())
        .unwrap_or_default();
    let seller = catalog.seller_of(offer.listing).map(|s| SellerView {
        id: s.id.0,
        name: s.name.clone(),
    });
    OfferView {
        seller,
        option: format!("{}.r{}", offer.id, offer.revision),
        expired: offer.is_expired_at(marketplace.clock().now()),
        total: offer.terms.total(),
        listing_name,
        offer,
    }
}

#[derive(Deserialize)]
struct ListQuery {
    account: Option<String>,
}

#[derive(Serialize)]
struct OffersReply {
    offers: Vec<OfferView>,
}

async fn list(
    State(marketplace): State<Marketplace>,
    Query(query): Query<ListQuery>,
) -> Result<Json<OffersReply>, ApiError> {
    let account = query
        .account
        .ok_or_else(|| ApiError::BadRequest("the account parameter is required".into()))?
        .parse()
        .map_err(|err: crate::catalog::offers::BadAccountId| {
            ApiError::BadRequest(err.to_string())
        })?;
    let offers = marketplace
        .offers()
        .for_account(&account)
        .into_iter()
        .map(|offer| view(&marketplace, offer))
        .collect();
    Ok(Json(OffersReply { offers }))
}

/// The seller's revision: any of a new expiry and new terms.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Revision {
    pub expires_at: Option<String>,
    pub terms: Option<TermsInput>,
}

#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum TermsInput {
    UpfrontContract { duration_months: u8, amount: String },
    Fps { installments: Vec<InstallmentInput> },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct InstallmentInput {
    due: String,
    amount: String,
}

async fn revise(
    State(marketplace): State<Marketplace>,
    Path(id): Path<String>,
    body: Result<Json<Revision>, JsonRejection>,
) -> Result<Json<OfferView>, ApiError> {
    let Json(revision) = body.map_err(|err| ApiError::BadRequest(err.body_text()))?;
    let revised = apply(&marketplace, &id, revision).await?;
    Ok(Json(view(&marketplace, revised)))
}

/// Checks a seller's revision of offer `id` and applies it once it is
/// stored; nothing changes when it is refused.
pub(crate) async fn apply(
    marketplace: &Marketplace,
    id: &str,
    revision: Revision,
) -> Result<PrivateOffer, ApiError> {
    let id = id
        .trim()
        .parse::<OfferId>()
        .map_err(|()| ApiError::NotFound(format!("no private offer {:?}", shorten(id))))?;
    let expiry = revision
        .expires_at
        .as_deref()
        .map(|text| parse_instant("expires_at", text))
        .transpose()?;
    let terms = revision.terms.map(terms).transpose()?;
    offer_revisions::revise(marketplace.revising(), id, expiry, terms)
        .await
        .map_err(|err| match err {
            ReviseError::Offer(err @ OfferError::NotFound(_)) => {
                ApiError::NotFound(err.to_string())
            }
            ReviseError::Offer(other) => ApiError::BadRequest(other.to_string()),
            err @ ReviseError::Concurrent(_) => ApiError::Conflict(err.to_string()),
            ReviseError::Store(err) => ApiError::from(err),
            err @ ReviseError::Encode(_) => ApiError::internal(err),
        })
}

fn terms(input: TermsInput) -> Result<OfferTerms, ApiError> {
    match input {
        TermsInput::UpfrontContract {
            duration_months,
            amount,
        } => {
            if duration_months == 0 {
                return Err(ApiError::BadRequest(
                    "duration_months must be at least 1".into(),
                ));
            }
            Ok(OfferTerms::UpfrontContract {
                duration_months,
                amount: positive_amount(&amount)?,
            })
        }
        TermsInput::Fps { installments } => {
            let installments = installments
                .iter()
                .map(|i| {
                    Ok(Installment {
                        due: parse_instant("due", &i.due)?,
                        amount: positive_amount(&i.amount)?,
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()?;
            PaymentSchedule::new(installments)
                .map(OfferTerms::Fps)
                .map_err(|err| ApiError::BadRequest(err.to_string()))
        }
    }
}

/// A positive USD amount in whole cents.
fn positive_amount(text: &str) -> Result<Money, ApiError> {
    Money::parse_decimal(Currency::Usd, text)
        .filter(|m| m.ten_thousandths() > 0 && m.cents().is_some())
        .ok_or_else(|| {
            ApiError::BadRequest(format!(
                "amount {:?} must be a positive amount with at most two decimals",
                shorten(text)
            ))
        })
}

fn parse_instant(field: &str, text: &str) -> Result<Timestamp, ApiError> {
    text.trim().parse().map_err(|_| {
        ApiError::BadRequest(format!(
            "{field} {:?} is not an RFC 3339 instant (e.g. 2026-12-31T00:00:00Z)",
            shorten(text)
        ))
    })
}

fn shorten(text: &str) -> String {
    text.chars().take(40).collect()
}
