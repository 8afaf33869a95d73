//! `--cart manual` against procsim's marketplace, the test playing the
//! person over plain HTTP: it takes the StartPage from certify's prompt,
//! opens it, requests approval for a product and posts the auto-submit
//! form to certify's BrowserFormPost URL. Every check then passes with
//! both profiles, the order leg included.

mod support;

use std::time::Duration;

use certify::{CartMode, CheckStatus, ManualCart};
use support::{every_check_passes, marketplace};

async fn certify_with_a_person(
    platform: &str,
    from: &str,
    to: &str,
    secret: &str,
) -> certify::Report {
    let market = marketplace().await;
    let (listing, option) = market.saas_upfront();
    let (tell, prompts) = tokio::sync::mpsc::unbounded_channel();
    let mut target = support::target(&market.cxml_url, platform, from, to, secret);
    target.order_url = Some(market.cxml_url.clone());
    target.cart = CartMode::Manual(ManualCart::new(Duration::from_secs(30)).telling(tell));
    let person = tokio::spawn(support::shop_at_marketplace(
        prompts,
        market.url.clone(),
        listing,
        option,
    ));
    let report = support::run(target).await;
    let page = person.await.expect("the person's task did not panic");
    assert!(page.contains("The cart arrived"), "{page}");
    report
}

#[tokio::test]
async fn the_marketplace_passes_the_cart_and_order_checks_for_coupa() {
    let report = certify_with_a_person(
        "coupa",
        "coupa-acme",
        "procsim-marketplace",
        "coupa-shared-secret",
    )
    .await;
    every_check_passes(&report);
    let order4 = report.check(certify::CheckId::Order004).unwrap();
    assert_eq!(order4.status, CheckStatus::Skipped, "coupa sends no delete");
}

#[tokio::test]
async fn the_marketplace_passes_the_cart_and_order_checks_for_ariba() {
    let report = certify_with_a_person(
        "ariba",
        "AN01000000001",
        "AN01000000999",
        "ariba-supplier-secret",
    )
    .await;
    every_check_passes(&report);
    // Only the invoice checks are skipped, as this run has no --invoices,
    // and CERT-TOL-006: Ariba writes deploymentMode.
    assert_eq!(
        report.summary.skipped,
        8,
        "{}",
        certify::render::text(&report)
    );
}
