//! Cart-line typing, one case per row of SPEC section 3.

use jiff::{SignedDuration, Timestamp};

use super::*;
use crate::{
    catalog::{
        AmiModel, CategoryId, ContractDimension, Installment, ListingId, OfferId, PaymentSchedule,
        ProductType, SaasModel, SellerId, Tier, UsageDimension, UsageUnit,
    },
    money::Currency,
};

fn listing(product_type: ProductType, pricing: Pricing) -> Listing {
    Listing {
        id: ListingId::from_raw(0x00ab_cdef),
        name: "Robust Middleware Platform".into(),
        short_description: "Does things.".into(),
        category: CategoryId(0),
        seller: SellerId(0),
        product_type,
        pricing,
        free_trial: false,
    }
}

fn contract(price: Money) -> Pricing {
    Pricing::UpfrontContract {
        dimensions: vec![ContractDimension {
            tier: Tier::Standard,
            duration_months: 12,
            price,
        }],
    }
}

fn saas_contract() -> Listing {
    listing(
        ProductType::Saas(SaasModel::Contract),
        contract(Money::usd_cents(1234567)),
    )
}

fn offer(listing: ListingId, terms: OfferTerms) -> PrivateOffer {
    PrivateOffer {
        id: OfferId::from_raw(0x1a2b_3c4d),
        listing,
        account: "acct-coupa-001".parse().unwrap(),
        expires_at: Timestamp::UNIX_EPOCH,
        terms,
        revision: 2,
    }
}

fn assert_exact(line: &CartLine) {
    assert_eq!(line.unit_price.checked_mul(line.quantity), Some(line.total));
}

#[test]
fn a_single_upfront_charge_is_one_service_line_at_full_price() {
    let listing = saas_contract();
    let option = PurchaseOption::Contract {
        dimension_key: "standard-12m",
    };
    let line = cart_line(Purchase {
        listing: &listing,
        option,
    })
    .unwrap();
    assert_eq!(line.line_type, LineType::Service);
    assert_eq!(line.unspsc, "81162000");
    assert_eq!(line.quantity, 1);
    assert_eq!(line.unit_price, Money::usd_cents(1234567));
    assert_eq!(line.total, Money::usd_cents(1234567));
    assert_eq!(line.supplier_part_id, "prod-00abcdef");
    assert_eq!(line.aux_id, "standard-12m");
    assert_exact(&line);
}

#[test]
fn payg_is_a_material_line_at_the_blanket_amount_in_cents() {
    let pricing = Pricing::Payg {
        dimensions: vec![UsageDimension {
            unit: UsageUnit::UserHours,
            unit_price: Money::from_ten_thousandths(Currency::Usd, 125),
        }],
    };
    let listing = listing(ProductType::Saas(SaasModel::Subscription), pricing);
    let line = cart_line(Purchase {
        listing: &listing,
        option: PurchaseOption::Usage,
    })
    .unwrap();
    assert_eq!(line.line_type, LineType::Material);
    assert_eq!(line.unspsc, "43232701");
    assert_eq!(line.quantity, 1_000_000);
    assert_eq!(line.unit_price.decimal(), "0.01");
    assert_eq!(line.total, Money::usd(10_000));
    assert_exact(&line);
}

#[test]
fn an_fps_offer_is_one_material_line_for_the_sum_of_its_installments() {
    let listing = saas_contract();
    let day = |n: i64| Timestamp::UNIX_EPOCH + SignedDuration::from_hours(24 * n);
    let schedule = PaymentSchedule::new(vec![
        Installment {
            due: day(30),
            amount: Money::usd_cents(333333),
        },
        Installment {
            due: day(120),
            amount: Money::usd_cents(333333),
        },
        Installment {
            due: day(210),
            amount: Money::usd_cents(333334),
        },
    ])
    .unwrap();
    let offer = offer(listing.id, OfferTerms::Fps(schedule));
    let line = cart_line(Purchase {
        listing: &listing,
        option: PurchaseOption::Offer(&offer),
    })
    .unwrap();
    assert_eq!(line.line_type, LineType::Material);
    assert_eq!(line.total, Money::usd(10_000));
    assert_eq!(line.quantity, 1_000_000);
    assert_eq!(line.aux_id, "offer-1a2b3c4d.r2");
    assert_exact(&line);
}

#[test]
fn an_upfront_offer_and_a_one_installment_schedule_are_service_lines() {
    let listing = saas_contract();
    let upfront = offer(
        listing.id,
        OfferTerms::UpfrontContract {
            duration_months: 24,
            amount: Money::usd_cents(5000001),
        },
    );
    let single = offer(
        listing.id,
        OfferTerms::Fps(
            PaymentSchedule::new(vec![Installment {
                due: Timestamp::UNIX_EPOCH,
                amount: Money::usd(900),
            }])
            .unwrap(),
        ),
    );
    for (offer, total) in [
        (upfront, Money::usd_cents(5000001)),
        (single, Money::usd(900)),
    ] {
        let line = cart_line(Purchase {
            listing: &listing,
            option: PurchaseOption::Offer(&offer),
        })
        .unwrap();
        assert_eq!(
            (line.line_type, line.quantity, line.total),
            (LineType::Service, 1, total)
        );
        assert_exact(&line);
    }
}

#[test]
fn an_annual_server_agreement_is_two_purchases_its_fee_and_its_usage() {
    let pricing = Pricing::AnnualWithHourly {
        hourly: vec![UsageDimension {
            unit: UsageUnit::InstanceHours,
            unit_price: Money::usd_cents(45),
        }],
        annual: vec![ContractDimension {
            tier: Tier::Basic,
            duration_months: 12,
            price: Money::usd(2_400),
        }],
    };
    let listing = listing(ProductType::Ami(AmiModel::Annual), pricing);
    let fee = cart_line(Purchase {
        listing: &listing,
        option: PurchaseOption::Contract {
            dimension_key: "basic-12m",
        },
    })
    .unwrap();
    assert_eq!(
        (fee.line_type, fee.quantity, fee.total, fee.aux_id.as_str()),
        (LineType::Service, 1, Money::usd(2_400), "basic-12m")
    );
    assert_exact(&fee);
    let usage = cart_line(Purchase {
        listing: &listing,
        option: PurchaseOption::AnnualUsage {
            dimension_key: "basic-12m",
        },
    })
    .unwrap();
    assert_eq!(
        (
            usage.line_type,
            usage.quantity,
            usage.total,
            usage.aux_id.as_str()
        ),
        (
            LineType::Material,
            1_000_000,
            PAYG_BLANKET_AMOUNT,
            "basic-12m.usage"
        )
    );
    assert_exact(&usage);
    let unknown = cart_line(Purchase {
        listing: &listing,
        option: PurchaseOption::AnnualUsage {
            dimension_key: "premium-36m",
        },
    });
    assert!(matches!(
        unknown,
        Err(CartLineError::OptionNotOffered { .. })
    ));
    let not_annual = cart_line(Purchase {
        listing: &saas_contract(),
        option: PurchaseOption::AnnualUsage {
            dimension_key: "standard-12m",
        },
    });
    assert!(matches!(
        not_annual,
        Err(CartLineError::OptionNotOffered { .. })
    ));
}

#[test]
fn free_and_byol_are_zero_service_lines() {
    for (pricing, aux) in [(Pricing::Free, "free"), (Pricing::Byol, "byol")] {
        let listing = listing(ProductType::Ami(AmiModel::Hourly), pricing);
        let line = cart_line(Purchase {
            listing: &listing,
            option: PurchaseOption::NoCharge,
        })
        .unwrap();
        assert_eq!(line.line_type, LineType::Service);
        assert_eq!(
            (line.quantity, line.total.decimal()),
            (1, "0.00".to_owned())
        );
        assert_eq!(line.aux_id, aux);
    }
}

#[test]
fn mismatched_options_are_refused() {
    let listing = saas_contract();
    let wrong = [
        PurchaseOption::Usage,
        PurchaseOption::NoCharge,
        PurchaseOption::Contract {
            dimension_key: "premium-36m",
        },
    ];
    for option in wrong {
        let refused = cart_line(Purchase {
            listing: &listing,
            option,
        });
        assert!(matches!(
            refused,
            Err(CartLineError::OptionNotOffered { .. })
        ));
    }
    let elsewhere = offer(
        ListingId::from_raw(1),
        OfferTerms::UpfrontContract {
            duration_months: 12,
            amount: Money::usd(1),
        },
    );
    let refused = cart_line(Purchase {
        listing: &listing,
        option: PurchaseOption::Offer(&elsewhere),
    });
    assert!(matches!(
        refused,
        Err(CartLineError::OfferForOtherListing { .. })
    ));
}
