//! What the certify tests share: a target for a URL, a run with an
//! in-memory journal, and assertions on a report.
#![allow(clippy::unwrap_used, dead_code)]

use buyer_kit::{Identity, Profile};
use certify::{CartMode, CheckId, CheckStatus, Report, SupplierTarget};
use cxml::SharedSecret;
use service_kit::{Clock, Storage, journal::Journal};

pub fn target(
    setup_url: &str,
    profile: &str,
    from: &str,
    to: &str,
    secret: &str,
) -> SupplierTarget {
    SupplierTarget {
        setup_url: setup_url.to_owned(),
        order_url: None,
        from: Identity::new("NetworkID", from),
        to: Identity::new("NetworkID", to),
        sender: None,
        secret: SharedSecret::new(secret),
        profile: Profile::builtin(profile).unwrap(),
        cart: CartMode::None,
    }
}

pub async fn run(target: SupplierTarget) -> Report {
    let clock = Clock::starting_at(jiff::Timestamp::now());
    let journal = Journal::open(&Storage::Memory, "certify", clock.clone()).unwrap();
    certify::certify_supplier(target, journal, clock).await
}

/// Every check that ran passed, except those in `failing` (with their
/// expected status); the cart and order checks were skipped.
pub fn assert_only(report: &Report, failing: &[(CheckId, CheckStatus)]) {
    let shown = certify::render::text(report);
    for check in &report.checks {
        let expected = failing
            .iter()
            .find(|(id, _)| *id == check.id)
            .map(|(_, status)| *status);
        match expected {
            Some(status) => assert_eq!(check.status, status, "{}\n{shown}", check.id),
            None => assert!(
                matches!(check.status, CheckStatus::Passed | CheckStatus::Skipped),
                "{} should pass or be skipped\n{shown}",
                check.id
            ),
        }
    }
    for (id, _) in failing {
        assert!(report.check(*id).is_some(), "{id} missing\n{shown}");
    }
}

/// The checks this slice runs (not skipped for want of a cart).
pub const RUN: &[CheckId] = &[
    CheckId::Profile001,
    CheckId::Setup001,
    CheckId::Setup002,
    CheckId::Setup003,
    CheckId::Setup004,
    CheckId::Setup005,
    CheckId::Setup008,
    CheckId::Auth001,
    CheckId::Auth002,
    CheckId::Auth003,
    CheckId::Req001,
    CheckId::Req002,
];
