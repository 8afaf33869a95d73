//! The cart leg in a real headless Chromium against procsim's
//! marketplace: `--cart script` with the example recipe
//! (examples/certify-marketplace.recipe.toml) passes every check with both
//! profiles; `--cart manual` with the test playing the person in Chromium
//! does too; a recipe whose selector matches nothing fails CERT-CART-001
//! promptly, naming the step, its selector and the page, with a
//! screenshot, and the other cart checks are skipped.
//!
//! Without Chromium these tests fail with the advice to install it: a
//! browser test that skips itself proves nothing.

mod support;

use std::{
    path::Path,
    time::{Duration, Instant},
};

use certify::{
    CartMode, CartPrompt, CheckId, CheckStatus, ManualCart, Report, ScriptCart,
    cart::{
        browser::{self, Browser},
        recipe::Recipe,
    },
};
use support::{every_check_passes, marketplace};

const PATIENCE: Duration = Duration::from_secs(10);

fn browser() -> Browser {
    Browser::locate().unwrap_or_else(|missing| panic!("these tests need a browser: {missing}"))
}

fn example_recipe() -> Recipe {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/certify-marketplace.recipe.toml");
    Recipe::from_toml_file(&path).expect("the example recipe reads")
}

/// Certifies a fresh marketplace with `platform`'s seeded identities,
/// Chromium shopping through `recipe`; screenshots go to `screenshots`.
async fn certify_by_script(platform: &str, recipe: Recipe, screenshots: &Path) -> Report {
    let market = marketplace().await;
    let mut target = seeded(&market, platform);
    let mut script = ScriptCart::new(recipe, browser(), Duration::from_secs(60));
    script.screenshots = screenshots.to_owned();
    target.cart = CartMode::Script(script);
    support::run(target).await
}

/// The marketplace's seeded connection for `platform`, orders included.
fn seeded(market: &support::Marketplace, platform: &str) -> certify::SupplierTarget {
    let (from, to, secret) = match platform {
        "coupa" => ("coupa-acme", "procsim-marketplace", "coupa-shared-secret"),
        _ => ("AN01000000001", "AN01000000999", "ariba-supplier-secret"),
    };
    let mut target = support::target(&market.cxml_url, platform, from, to, secret);
    target.order_url = Some(market.cxml_url.clone());
    target
}

#[tokio::test(flavor = "multi_thread")]
async fn the_example_recipe_passes_every_check_for_coupa() {
    let shots = tempfile::tempdir().unwrap();
    let report = certify_by_script("coupa", example_recipe(), shots.path()).await;
    every_check_passes(&report);
    let cart = report.check(CheckId::Cart001).unwrap();
    assert!(cart.evidence.journal_id.is_some(), "{cart:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_example_recipe_passes_every_check_for_ariba() {
    let shots = tempfile::tempdir().unwrap();
    let report = certify_by_script("ariba", example_recipe(), shots.path()).await;
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

#[tokio::test(flavor = "multi_thread")]
async fn a_person_shopping_in_chromium_returns_a_cart_that_passes() {
    let market = marketplace().await;
    let (listing, option) = market.saas_upfront();
    let name = market
        .catalog
        .listings()
        .iter()
        .find(|l| l.id.to_string() == listing)
        .unwrap()
        .name
        .clone();
    let (tell, mut prompts) = tokio::sync::mpsc::unbounded_channel();
    let mut target = seeded(&market, "coupa");
    target.cart = CartMode::Manual(ManualCart::new(Duration::from_secs(60)).telling(tell));
    let person = tokio::spawn(async move {
        let start_page = loop {
            match prompts.recv().await {
                Some(CartPrompt::Shop { start_page, .. }) => break start_page,
                Some(_) => {}
                None => panic!("certify never said where to shop"),
            }
        };
        let chrome = browser().start().await.unwrap();
        let shopped = shop(chrome.client(), &start_page, &name, &listing, &option).await;
        chrome.close().await;
        shopped
    });
    let report = support::run(target).await;
    let page = person.await.unwrap().unwrap();
    assert!(page.contains("The cart arrived"), "{page}");
    every_check_passes(&report);
}

/// What a person does: opens the StartPage, searches for the product by
/// name, opens it, requests approval for `option`, and reads the page
/// procsim's listener answers once the marketplace posted the cart.
async fn shop(
    client: &fantoccini::Client,
    start_page: &str,
    name: &str,
    listing: &str,
    option: &str,
) -> Result<String, String> {
    client.goto(start_page).await.map_err(|e| e.to_string())?;
    browser::find(client, "section.punchout", PATIENCE).await?;
    browser::type_into(client, "form.search input[name=q]", name, true, PATIENCE).await?;
    browser::click(client, "form.search button", PATIENCE).await?;
    browser::click(client, &format!("a[href='/products/{listing}']"), PATIENCE).await?;
    browser::click(
        client,
        &format!("form:has(input[name=option][value='{option}']) button"),
        PATIENCE,
    )
    .await?;
    let deadline = Instant::now() + PATIENCE;
    loop {
        let heading = browser::text_of(client, "h1", PATIENCE).await?;
        if heading.contains("The cart arrived") || Instant::now() > deadline {
            return browser::text_of(client, "body", PATIENCE).await;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_step_whose_selector_matches_nothing_fails_the_cart_naming_it() {
    let recipe = Recipe::from_toml(
        "[[step]]\nwait_for = \"form.search\"\n\n\
         [[step]]\nclick = \"button#add-to-basket\"\ntimeout = 1\n",
    )
    .unwrap();
    let shots = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let report = certify_by_script("coupa", recipe, shots.path()).await;
    let shown = certify::render::text(&report);
    println!("{shown}");
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}\n{shown}",
        started.elapsed()
    );
    assert!(!report.passed(), "{shown}");
    let cart = report.check(CheckId::Cart001).unwrap();
    assert_eq!(cart.status, CheckStatus::Failed, "{shown}");
    let detail = &cart.evidence.detail;
    for said in [
        "recipe step 2 of 2",
        "line 4",
        "click \"button#add-to-basket\"",
        "page http://127.0.0.1:",
    ] {
        assert!(detail.contains(said), "{said:?} not in {detail}");
    }
    let shot = detail.split("screenshot: ").nth(1).unwrap();
    assert!(
        shot.starts_with(&*shots.path().to_string_lossy()),
        "{detail}"
    );
    assert!(Path::new(shot).is_file(), "{detail}");
    for id in [
        CheckId::Cart002,
        CheckId::Cart003,
        CheckId::Cart009,
        CheckId::Setup006,
        CheckId::Order001,
    ] {
        let check = report.check(id).unwrap();
        assert_eq!(check.status, CheckStatus::Skipped, "{id}\n{shown}");
        assert!(check.evidence.detail.contains("recipe"), "{id}\n{shown}");
    }
}
