//! The seller's page for one private offer (SPEC F10):
//! `GET /seller/offers/{id}` shows it, `POST /seller/offers/{id}` revises
//! its expiry and, for an upfront offer, its amount, through the same
//! checks as `POST /api/offers/{id}`. A refused revision changes nothing
//! and says why. procsim has no seller accounts: anyone may act as the
//! seller, as with the clock controls.

use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;
use tera::Context;

use super::{error_page, page};
use crate::{
    Marketplace,
    api::{
        ApiError,
        offers::{Revision, TermsInput, apply},
    },
    catalog::{OfferId, OfferTerms, PrivateOffer},
};

fn offer(marketplace: &Marketplace, id: &str) -> Option<PrivateOffer> {
    let id = id.trim().parse::<OfferId>().ok()?;
    marketplace.offers().get(id)
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
    Path(id): Path<String>,
) -> Response {
    match offer(&marketplace, &id) {
        Some(offer) => show(&marketplace, &offer, StatusCode::OK, None),
        None => not_found(&marketplace),
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
    Path(id): Path<String>,
    Form(form): Form<RevisionForm>,
) -> Response {
    let Some(current) = offer(&marketplace, &id) else {
        return not_found(&marketplace);
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
