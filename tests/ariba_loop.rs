//! F2 + F4 + F5 through Ariba against the real marketplace, over HTTP only,
//! as a person would click through it: the catalog Ariba lists is the one
//! the marketplace published at startup; Sam punches out from its PunchOut
//! item, requests approval on a SaaS upfront product, the cart comes back
//! through the auto-submitting form, Mo (and Fay above the threshold)
//! approve, the EP- PO is accepted, the marketplace's agreement carries its
//! number and Globex's buyer gets the mail.
#![allow(clippy::unwrap_used)]

mod ariba_support;

use std::time::Duration;

use ariba_support::{Browser, Form, eventually};
use procsim::{Ecosystem, EcosystemConfig};
use sim_marketplace::catalog::CatalogSize;

async fn small_ecosystem() -> Ecosystem {
    Ecosystem::start(EcosystemConfig {
        catalog_size: Some(CatalogSize {
            listings: 300,
            categories: 10,
            sellers: 40,
        }),
        ..EcosystemConfig::ephemeral()
    })
    .await
    .unwrap()
}

/// A SaaS listing with upfront contract pricing that may be procured.
async fn saas_upfront(browser: &Browser, market: &str) -> String {
    let page = browser
        .json(&format!(
            "{market}/api/listings?product_type=saas&limit=100"
        ))
        .await;
    page["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|hit| {
            hit["pricing_model"] == "upfront_contract" && hit["supported_for_procurement"] == true
        })
        .map(|hit| hit["id"].as_str().unwrap().to_owned())
        .expect("the catalog has a SaaS upfront listing")
}

#[tokio::test]
async fn an_ariba_requester_buys_a_saas_contract_through_punchout_approval_and_po() {
    let ecosystem = small_ecosystem().await;
    let ariba = ecosystem.url("ariba").unwrap();
    let market = ecosystem.url("marketplace").unwrap();
    let mail = ecosystem.url("mail").unwrap();
    let browser = Browser::new();

    // Sam signs in and finds the marketplace's published PunchOut item.
    let home = browser.sign_in(&ariba, "sam@globex.test").await;
    assert_eq!(home.status, 200);
    let catalog = browser.get(&format!("{ariba}/catalog")).await;
    let item = catalog
        .select("tr.catalog-item")
        .into_iter()
        .find(|row| row.text().any(|t| t.contains("AN01000000999")))
        .expect("the marketplace's PunchOut item is listed");
    let punchout = Form::of(
        &item
            .select(&scraper::Selector::parse("form").unwrap())
            .next()
            .unwrap(),
    );

    // Level-1 punchout lands in the marketplace storefront.
    let store = browser.submit(&catalog.url, &punchout).await;
    assert_eq!(store.status, 200);
    assert!(store.url.starts_with(&market), "landed on {}", store.url);

    // Request approval on a SaaS upfront contract.
    let listing = saas_upfront(&browser, &market).await;
    let product = browser.get(&format!("{market}/products/{listing}")).await;
    let request = product
        .form("/punchout/request-approval")
        .expect("Request approval is offered inside the punchout");
    let returning = browser.submit(&product.url, &request).await;
    let auto_submit = returning
        .select("form#cxml-return")
        .first()
        .map(Form::of)
        .expect("the cart comes back in an auto-submitting form");
    assert_eq!(auto_submit.action, format!("{ariba}/punchout/return"));
    assert!(auto_submit.field("cxml-base64").is_some());

    // The browser posts it to Ariba: the cart, then the requisition.
    let cart = browser.submit(&returning.url, &auto_submit).await;
    assert!(cart.url.ends_with("/cart"), "{}", cart.url);
    assert_eq!(cart.select("tbody tr").len(), 1, "one cart line");
    let submit = cart.form("/submit").expect("the cart can be submitted");
    let requisition = browser.submit(&cart.url, &submit).await;
    let requisition_url = requisition.url.clone();
    assert!(
        requisition_url.contains("/requisitions/"),
        "{requisition_url}"
    );

    // The approvers act in turn until the chain is complete.
    for approver in ["mo@globex.test", "fay@globex.test"] {
        browser.sign_in(&ariba, approver).await;
        let page = browser.get(&requisition_url).await;
        if let Some(approve) = page.form("/approve") {
            let after = browser.submit(&page.url, &approve).await;
            assert_eq!(after.status, 200);
        }
    }

    // The PO was numbered the Ariba way and accepted.
    browser.sign_in(&ariba, "sam@globex.test").await;
    let page = browser.get(&requisition_url).await;
    let po_number = page.text("#po-link").expect("a purchase order exists");
    assert!(po_number.starts_with("EP-"), "{po_number}");
    let po = browser.get(&format!("{ariba}/orders/{po_number}")).await;
    let outcome = po.select("#po-outcome");
    assert_eq!(
        outcome[0].value().attr("data-outcome"),
        Some("accepted"),
        "{}",
        po.html.html()
    );

    // The marketplace created the agreement with the PO number on it.
    let agreements = browser
        .json(&format!("{market}/api/agreements?account=acct-ariba-001"))
        .await;
    let agreement = agreements["agreements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["po_number"] == po_number.as_str())
        .expect("an agreement carries the PO number");
    assert_eq!(agreement["listing_id"], listing.as_str());

    // Globex's buyer gets the mail, over SMTP into the mail sink.
    let found = eventually(Duration::from_secs(10), || async {
        let list = browser
            .json(&format!("{mail}/api/v1/search?query=to:buyer@globex.test"))
            .await;
        list["messages"]
            .as_array()
            .filter(|m| !m.is_empty())
            .cloned()
    })
    .await;
    assert!(found.is_some(), "no mail reached buyer@globex.test");

    // Every step is in Ariba's journal under the purchase's flow.
    let journal = browser.json(&format!("{ariba}/api/journal")).await;
    let kinds: Vec<_> = journal
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["flow_id"].is_string())
        .map(|e| e["document_type"].as_str().unwrap_or_default().to_owned())
        .collect();
    for kind in [
        "PunchOutSetupRequest",
        "PunchOutOrderMessage",
        "OrderRequest",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} in {kinds:?}");
    }
    ecosystem.stop().await.unwrap();
}
