//! procsim's own marketplace certified with both built-in profiles: every
//! check of this slice passes, the cart and order checks are skipped with
//! their reason, and every exchange is in the run's journal.

mod support;

use certify::{CheckStatus, Report};
use service_kit::{Clock, Storage, journal::Journal};
use support::marketplace;

fn every_check_of_the_slice_passes(report: &Report) {
    let shown = certify::render::text(report);
    let ran = support::ran_for(&report.platform);
    for id in &ran {
        let check = report
            .check(*id)
            .expect("the report has every check of the slice");
        assert_eq!(check.status, CheckStatus::Passed, "{id}\n{shown}");
    }
    assert!(report.passed(), "{shown}");
    assert_eq!(report.summary.passed, ran.len(), "{shown}");
    assert_eq!(
        report.summary.skipped,
        report.checks.len() - ran.len(),
        "{shown}"
    );
}

#[tokio::test]
async fn the_marketplace_is_certified_for_coupa() {
    let market = marketplace().await;
    let target = support::target(
        &market.cxml_url,
        "coupa",
        "coupa-acme",
        "procsim-marketplace",
        "coupa-shared-secret",
    );
    let report = support::run(target).await;
    every_check_of_the_slice_passes(&report);
}

#[tokio::test]
async fn the_marketplace_is_certified_for_ariba_and_the_run_is_journaled() {
    let market = marketplace().await;
    let target = support::target(
        &market.cxml_url,
        "ariba",
        "AN01000000001",
        "AN01000000999",
        "ariba-supplier-secret",
    );
    let clock = Clock::starting_at(jiff::Timestamp::now());
    let journal = Journal::open(&Storage::Memory, "certify", clock.clone()).unwrap();
    let report = certify::certify_supplier(target, journal.clone(), clock).await;
    every_check_of_the_slice_passes(&report);

    let rows = journal
        .list(service_kit::journal::JournalFilter::default())
        .await
        .unwrap();
    // ProfileRequest, create, its StartPage opened twice, three other DTD
    // versions, domains in another case, an unknown Extrinsic, none,
    // SupplierSetup elsewhere and none, an unknown SelectedItem and its
    // StartPage (Ariba writes deploymentMode: no probe without it), three
    // credential probes, malformed, unsupported.
    assert_eq!(rows.len(), 19, "{rows:#?}");
    let pages = rows
        .iter()
        .filter(|r| r.document_type.as_deref() == Some("StartPage (GET)"))
        .count();
    assert_eq!(pages, 3, "{rows:#?}");
    let flows: std::collections::HashSet<_> = rows.iter().map(|r| r.flow_id.clone()).collect();
    assert_eq!(flows.len(), 1, "one flow per run: {flows:?}");
    for check in &report.checks {
        if check.status == CheckStatus::Passed {
            assert!(check.evidence.journal_id.is_some(), "{}", check.id);
        }
    }
    for row in &rows {
        let detail = journal.get(row.id).await.unwrap().unwrap();
        assert!(
            !detail.raw.contains("ariba-supplier-secret"),
            "{}",
            detail.raw
        );
    }
}

#[tokio::test]
async fn the_wrong_secret_given_fails_the_setup_and_the_refusals_prove_nothing() {
    let market = marketplace().await;
    let target = support::target(
        &market.cxml_url,
        "coupa",
        "coupa-acme",
        "procsim-marketplace",
        "not-the-secret",
    );
    let report = support::run(target).await;
    let shown = certify::render::text(&report);
    let status = |id| report.check(id).unwrap().status;
    use certify::CheckId::*;
    assert_eq!(status(Setup001), CheckStatus::Failed, "{shown}");
    assert_eq!(
        report.check(Setup001).unwrap().evidence.cxml_status,
        Some(401)
    );
    // Nor do the setup's variants: the plain create was refused.
    for id in [Auth001, Auth002, Auth003, Req002, Tol001, Tol006, Tol007] {
        assert_eq!(status(id), CheckStatus::Skipped, "{id}\n{shown}");
    }
    assert_eq!(status(Req001), CheckStatus::Passed, "{shown}");
    assert!(!report.passed());
    assert_eq!(report.verdict, "failed");
}
