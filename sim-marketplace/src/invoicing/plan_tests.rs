//! Billing plans: installment boundaries, month ends, free products and
//! trials, the same usage on every run.

use super::*;
use crate::catalog::{
    CategoryId, ContractDimension, Installment, ListingId, OfferId, PaymentSchedule, ProductType,
    SaasModel, SellerId, Tier, UsageDimension, UsageUnit,
};

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn listing(pricing: Pricing, free_trial: bool) -> Listing {
    Listing {
        id: ListingId::from_raw(7),
        name: "Robust Middleware".into(),
        short_description: "Does things.".into(),
        category: CategoryId(0),
        seller: SellerId(0),
        product_type: ProductType::Saas(SaasModel::Contract),
        pricing,
        free_trial,
    }
}

fn upfront() -> Listing {
    listing(
        Pricing::UpfrontContract {
            dimensions: vec![ContractDimension {
                tier: Tier::Standard,
                duration_months: 12,
                price: Money::usd(2_500),
            }],
        },
        false,
    )
}

fn payg(free_trial: bool) -> Listing {
    listing(
        Pricing::Payg {
            dimensions: vec![UsageDimension {
                unit: UsageUnit::InstanceHours,
                unit_price: Money::usd_cents(25),
            }],
        },
        free_trial,
    )
}

fn fps_offer(listing: &Listing) -> PrivateOffer {
    let pay = |due: &str, dollars| Installment {
        due: at(due),
        amount: Money::usd(dollars),
    };
    PrivateOffer {
        id: OfferId::from_raw(0x1a2b_3c4d),
        listing: listing.id,
        account: "acct-coupa-001".parse().unwrap(),
        expires_at: at("2026-12-31T00:00:00Z"),
        terms: OfferTerms::Fps(
            PaymentSchedule::new(vec![
                pay("2026-01-01T00:00:00Z", 5_000),
                pay("2026-02-01T00:00:00Z", 5_000),
                pay("2026-03-01T00:00:00Z", 5_000),
            ])
            .unwrap(),
        ),
        revision: 1,
    }
}

fn billed<'a>(listing: &'a Listing, option: &'a str, amount: Money) -> Billed<'a> {
    Billed {
        agreement: 42,
        created_at: at("2026-01-15T10:00:00Z"),
        option,
        amount,
        listing,
        offer: None,
    }
}

fn periods(charges: &[Charge]) -> Vec<String> {
    charges.iter().map(|c| c.period.to_string()).collect()
}

#[test]
fn an_upfront_contract_is_one_po_charge_when_the_agreement_is_made() {
    let listing = upfront();
    let plan = plan(billed(&listing, "standard-12m", Money::usd(2_500)));
    let before = plan.due_by(at("2026-01-15T09:59:59Z"));
    assert!(before.is_empty(), "{before:?}");
    let due = plan.due_by(at("2026-01-15T10:00:00Z"));
    assert_eq!(periods(&due), ["contract"]);
    assert_eq!(
        (due[0].amount, due[0].channel, due[0].line),
        (Money::usd(2_500), Channel::AgainstPo, LineType::Service)
    );
    assert_eq!(plan.next_after(at("2026-01-15T10:00:00Z")), None);
}

#[test]
fn installments_fall_due_on_their_dates_and_not_before() {
    let listing = upfront();
    let offer = fps_offer(&listing);
    let plan = plan(Billed {
        offer: Some(&offer),
        ..billed(&listing, "offer-1a2b3c4d.r1", Money::usd(15_000))
    });
    // The first installment's date passed before the order: due at once.
    let now = at("2026-01-15T10:00:00Z");
    assert_eq!(periods(&plan.due_by(now)), ["installment-1"]);
    assert_eq!(plan.next_after(now), Some(at("2026-02-01T00:00:00Z")));
    let just_before = at("2026-01-31T23:59:59Z");
    assert_eq!(plan.due_by(just_before).len(), 1);
    let on_the_date = at("2026-02-01T00:00:00Z");
    assert_eq!(
        periods(&plan.due_by(on_the_date)),
        ["installment-1", "installment-2"]
    );
    let all = plan.due_by(at("2027-01-01T00:00:00Z"));
    assert_eq!(all.len(), 3);
    assert!(all.iter().all(|c| c.line == LineType::Material));
    assert!(all.iter().all(|c| c.amount == Money::usd(5_000)));
}

#[test]
fn a_revised_schedule_that_no_longer_adds_up_bills_the_ordered_amount() {
    let listing = upfront();
    let offer = fps_offer(&listing);
    let plan = plan(Billed {
        offer: Some(&offer),
        ..billed(&listing, "offer-1a2b3c4d.r1", Money::usd(12_000))
    });
    let due = plan.due_by(at("2026-01-15T10:00:00Z"));
    assert_eq!(periods(&due), ["contract"]);
    assert_eq!(due[0].amount, Money::usd(12_000));
}

#[test]
fn usage_is_billed_on_the_own_invoice_at_each_month_end() {
    let listing = payg(false);
    let plan = plan(billed(&listing, "payg", Money::usd(10_000)));
    assert!(plan.due_by(at("2026-01-31T23:59:59Z")).is_empty());
    assert_eq!(
        plan.next_after(at("2026-01-15T10:00:00Z")),
        Some(at("2026-02-01T00:00:00Z"))
    );
    let due = plan.due_by(at("2026-03-01T00:00:00Z"));
    assert_eq!(periods(&due), ["usage-2026-01", "usage-2026-02"]);
    assert!(due.iter().all(|c| c.channel == Channel::Own));
    let again = plan.due_by(at("2026-03-01T00:00:00Z"));
    assert_eq!(due, again, "the simulated usage is the same on every run");
    // January is metered from the 15th, 10:00 (prorated); February whole.
    let units = simulated_units(42, "2026-02");
    assert!((50..750).contains(&units));
    assert_eq!(due[1].amount, Money::usd_cents(25 * units));
    assert!(due[0].amount < Money::usd_cents(25 * simulated_units(42, "2026-01")));
}

#[test]
fn free_products_and_free_trials_are_not_invoiced() {
    let free = listing(Pricing::Free, false);
    let nothing = plan(billed(&free, "free", Money::usd(0)));
    assert!(nothing.due_by(at("2030-01-01T00:00:00Z")).is_empty());
    assert_eq!(nothing.next_after(at("2026-01-15T10:00:00Z")), None);
    let trial = payg(true);
    let plan = plan(billed(&trial, "payg", Money::usd(10_000)));
    // The trial runs to 2026-02-15T10:00: January is free, February is
    // metered from then on.
    assert_eq!(
        trial_end(at("2026-01-15T10:00:00Z")),
        at("2026-02-15T10:00:00Z")
    );
    let due = plan.due_by(at("2026-03-01T00:00:00Z"));
    assert_eq!(periods(&due), ["usage-2026-02"]);
    let whole_month = Money::usd_cents(25 * simulated_units(42, "2026-02"));
    assert!(due[0].amount < whole_month);
}
