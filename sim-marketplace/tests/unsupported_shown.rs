//! SPEC F11 as the dashboard's walkthrough reads it: the marketplace
//! remembers, per punchout flow, which unsupported products its
//! storefront showed (`GET /api/punchout/unsupported-shown?flow=`), and
//! nothing for a supported product or another flow, also after the
//! session ended.

mod support;

use sim_marketplace::catalog::ProductType;
use support::*;

/// The listing ids the marketplace says `flow`'s storefront showed.
async fn shown(market: &Running, flow: &str) -> Vec<String> {
    let reply = market
        .json(&format!("/api/punchout/unsupported-shown?flow={flow}"))
        .await;
    assert_eq!(reply["flow"], flow, "{reply}");
    reply["products"]
        .as_array()
        .expect("a list of products")
        .iter()
        .map(|p| p["listing_id"].as_str().expect("an id").to_owned())
        .collect()
}

#[tokio::test]
async fn a_punchout_records_the_unsupported_products_it_showed_in_its_flow() {
    let market = start().await;
    let services = market.listing(|l| l.product_type == ProductType::ProfessionalServices);
    let (supported, _) = market.saas_upfront();
    let setup = setup_request(COUPA_SECRET, "cookie-f11");
    let start_page = start_url(&market.post_cxml_in_flow(&setup, "flow-f11").await);
    let session = market.open_start_page(&start_page).await;

    // The punchout alone, and a product it can buy, show nothing.
    market.page_as("/", &session).await;
    market
        .page_as(&format!("/products/{}", supported.id), &session)
        .await;
    assert!(shown(&market, "flow-f11").await.is_empty());

    let page = market
        .page_as(&format!("/products/{}", services.id), &session)
        .await;
    assert!(page.contains("id=\"unsupported\""), "{page}");
    market
        .page_as(&format!("/products/{}", services.id), &session)
        .await;
    assert_eq!(shown(&market, "flow-f11").await, [services.id.to_string()]);
    let reply = market
        .json("/api/punchout/unsupported-shown?flow=flow-f11")
        .await;
    assert_eq!(reply["products"][0]["name"], services.name.as_str());
    assert!(
        reply["products"][0]["reason"]
            .as_str()
            .expect("a reason")
            .starts_with("Professional services are agreed with the seller directly"),
        "{reply}"
    );
    assert!(shown(&market, "another-flow").await.is_empty());

    // Still known once the session ended (she cancels after looking).
    let cancel = no_redirects()
        .post(format!("{}/punchout/cancel", market.url))
        .header("cookie", &session)
        .send()
        .await
        .expect("cancel answers");
    assert!(cancel.status().is_success(), "{}", cancel.status());
    assert_eq!(market.json("/api/stats").await["sessions"], 0);
    assert_eq!(shown(&market, "flow-f11").await, [services.id.to_string()]);
}

#[tokio::test]
async fn the_flow_parameter_is_required() {
    let market = start().await;
    for query in ["", "?flow="] {
        let reply = reqwest::get(format!(
            "{}/api/punchout/unsupported-shown{query}",
            market.url
        ))
        .await
        .expect("the API answers");
        assert_eq!(reply.status(), 400, "{query:?}");
    }
}
