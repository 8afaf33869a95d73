//! Certification from the dashboard, as a vendor would do it: the form
//! refuses a mistake and keeps what was typed; a manual cart run shows the
//! StartPage and a countdown; the person shops at the supplier (here
//! procsim's own marketplace, with Coupa's seeded identities) and the cart
//! arrives; the run page then shows every check passed (the cart checked
//! against the official DTDs the ecosystem was given), and its links open
//! the exchange, the flow's sequence diagram and the HTML report.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use procsim::EcosystemConfig;
use scenarios::support::{
    catalog::saas_upfront_above,
    sim::{COUPA_SECRET, Sim, test_config},
};
use service_kit::journal::Dtds;

use crate::driver::{Chrome, Result, body_text, click, document, expect_heading, find, type_into};
use crate::purchase::contains;

#[tokio::test(flavor = "multi_thread")]
async fn a_supplier_is_certified_from_the_dashboard_with_a_person_shopping() {
    // With the official DTDs, as `procsim up` finds them, the run checks
    // the cart against them too.
    let dtds = shared_fixtures::dtd_dir()
        .map(|dir| Dtds::of_version(shared_fixtures::DTD_VERSION, dir))
        .unwrap_or_default();
    let checks_dtds = dtds.is_some();
    let config = EcosystemConfig {
        dtds,
        ..test_config()
    };
    let sim = Sim::start(config).await.expect("ecosystem");
    Chrome::run(
        "a_supplier_is_certified_from_the_dashboard_with_a_person_shopping",
        |client| async move { certify(&client, &sim, checks_dtds).await },
    )
    .await;
}

async fn certify(client: &Client, sim: &Sim, checks_dtds: bool) -> Result<()> {
    let pick = saas_upfront_above(sim, 0).await?;
    let cxml_url = format!("{}/cxml", sim.url("marketplace"));
    client
        .goto(&sim.url("dashboard"))
        .await
        .map_err(|e| e.to_string())?;
    click(client, "header nav a[href='/certify']").await?;
    expect_heading(client, "Certify a supplier").await?;
    // A mistake first: no supplier identity. The browser's own `required`
    // check would stop the form; a person on an old browser gets the
    // server's answer, so drop the attribute as such a browser would.
    client
        .execute(
            "document.querySelector('input[name=to]').removeAttribute('required')",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    type_into(client, "input[name=setup_url]", &cxml_url).await?;
    type_into(client, "input[name=from]", "coupa-acme").await?;
    type_into(client, "input[name=secret]", COUPA_SECRET).await?;
    click(client, "form.certify-form button").await?;
    let refused = find(client, "section.certify-problems").await?;
    contains(
        &refused.text().await.map_err(|e| e.to_string())?,
        "The supplier's identity (To) is required.",
        "the refused form",
    )?;
    // What was typed is still there, but the secret.
    let kept = find(client, "input[name=setup_url]")
        .await?
        .prop("value")
        .await
        .map_err(|e| e.to_string())?;
    if kept.as_deref() != Some(cxml_url.as_str()) {
        return Err(format!("the form lost the setup URL: {kept:?}"));
    }
    type_into(client, "input[name=order_url]", &cxml_url).await?;
    type_into(client, "input[name=to]", "procsim-marketplace").await?;
    type_into(client, "input[name=secret]", COUPA_SECRET).await?;
    click(client, "form.certify-form button").await?;
    expect_heading(client, "Certification run #1: coupa").await?;
    // The run waits for the person: the StartPage and the countdown.
    let waiting = reload_until(client, "section.certify-waiting").await?;
    contains(
        &waiting.text().await.map_err(|e| e.to_string())?,
        "more (until",
        "the waiting run",
    )?;
    let start_page = find(client, "section.certify-waiting a")
        .await?
        .attr("href")
        .await
        .map_err(|e| e.to_string())?
        .ok_or("the StartPage link has no href")?;
    let run_page = client.current_url().await.map_err(|e| e.to_string())?;
    // Shop at the supplier as the link opens it.
    client.goto(&start_page).await.map_err(|e| e.to_string())?;
    crate::storefront::request_approval(client, &pick).await?;
    // The supplier's page posts the cart to procsim's return URL.
    let arrived = body_text_containing(client, "The cart arrived").await?;
    contains(&arrived, "The cart arrived", "procsim's return page")?;
    // Back on the run page: the verdict, once the order leg is done.
    client
        .goto(run_page.as_str())
        .await
        .map_err(|e| e.to_string())?;
    let verdict = reload_until(client, "p.certify-summary")
        .await?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    contains(&verdict, "Certification passed", "the finished run")?;
    document(client, "certify-run").await?;
    for check in ["CERT-SETUP-001", "CERT-CART-001", "CERT-ORDER-001"] {
        find(client, &format!("tr[id='{check}'].check-passed")).await?;
    }
    let table = find(client, "table.certify-checks")
        .await?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    if table.contains(COUPA_SECRET) {
        return Err("the checks table shows the shared secret".to_owned());
    }
    if checks_dtds {
        let cart_rules = find(client, "tr[id='CERT-CART-003']")
            .await?
            .text()
            .await
            .map_err(|e| e.to_string())?;
        contains(
            &cart_rules,
            "valid against cXML.dtd",
            "the cart checked with the DTDs procsim up found",
        )?;
    }
    // The evidence links to its exchange.
    click(
        client,
        "tr[id='CERT-ORDER-001'] a[href^='/journal/certify/']",
    )
    .await?;
    let exchange = body_text(client).await?;
    contains(&exchange, "OrderRequest", "the order check's exchange")?;
    if exchange.contains(COUPA_SECRET) {
        return Err("the exchange page shows the shared secret".to_owned());
    }
    client.back().await.map_err(|e| e.to_string())?;
    // The run links to its flow's sequence diagram.
    click(client, "a[href^='/flows/certify-']").await?;
    find(client, "svg").await?;
    client.back().await.map_err(|e| e.to_string())?;
    // And the list of runs shows it passed.
    click(client, "header nav a[href='/certify']").await?;
    let runs = find(client, "table.certify-runs")
        .await?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    contains(&runs, "passed", "the list of runs")
}

/// The page's text once it says `wanted` (the browser gets there by a
/// form the previous page posted by itself).
async fn body_text_containing(client: &Client, wanted: &str) -> Result<String> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let text = body_text(client).await.unwrap_or_default();
        if text.contains(wanted) || Instant::now() > deadline {
            return Ok(text);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The element `css` of the run page, reloading until it is there: the
/// page refreshes itself as the run goes on, and a reload makes the test
/// independent of that (and of a loaded machine's pace).
async fn reload_until(client: &Client, css: &str) -> Result<fantoccini::elements::Element> {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if let Ok(found) = client.find(Locator::Css(css)).await {
            return Ok(found);
        }
        if Instant::now() > deadline {
            let shown = body_text(client).await.unwrap_or_default();
            return Err(format!("no {css} on the run page in 90 s: {shown}"));
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        client.refresh().await.map_err(|e| e.to_string())?;
    }
}
