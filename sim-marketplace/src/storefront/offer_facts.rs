//! A private offer's facts as pages show them to people: its expiry on
//! the simulated clock and, for a flexible payment schedule, each
//! installment's date and amount (SPEC F7, F10). The product page, the
//! punchout's "private offer" search and the account's private offers page
//! all show them alike.

use serde::Serialize;

use crate::catalog::{OfferTerms, PrivateOffer};

#[derive(Serialize)]
pub(crate) struct InstallmentView {
    due: String,
    /// The plain decimal; the page groups it with the `money` filter.
    amount: String,
}

/// What a page says of `offer` beside its product.
#[derive(Serialize)]
pub(crate) struct OfferFacts {
    id: String,
    expires_at: String,
    /// 1 when made; each revision by the seller adds one.
    revision: u32,
    /// Empty unless the terms are a flexible payment schedule.
    installments: Vec<InstallmentView>,
}

impl OfferFacts {
    pub(crate) fn of(offer: &PrivateOffer) -> Self {
        OfferFacts {
            id: offer.id.to_string(),
            expires_at: service_kit::look::human_time(offer.expires_at),
            revision: offer.revision,
            installments: installments(offer),
        }
    }
}

/// Each installment of `offer`'s flexible payment schedule, none for other
/// terms.
pub(crate) fn installments(offer: &PrivateOffer) -> Vec<InstallmentView> {
    match &offer.terms {
        OfferTerms::Fps(schedule) => schedule
            .installments()
            .iter()
            .map(|i| InstallmentView {
                due: service_kit::look::human_date(i.due),
                amount: i.amount.decimal(),
            })
            .collect(),
        OfferTerms::UpfrontContract { .. } => vec![],
    }
}
