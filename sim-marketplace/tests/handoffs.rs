//! F12 over real sockets: with the Coupa connection's redirect on, Subscribe
//! in the storefront sends the person on to Coupa instead of subscribing,
//! and the marketplace records that it did (`GET
//! /api/storefront-handoffs`), as it records the redirect turned on in the
//! settings history; the console's purchases are not redirected and
//! record nothing.

mod support;

use serde_json::Value;
use support::*;

const ADMIN: &str = "admin@acme.test";
const JANE: &str = "jane@acme.test";

/// Turns the Coupa connection's redirect on, with an instance to send to.
async fn redirect_on(market: &Running) {
    let url = format!("{}/api/accounts/acct-coupa-001/integration", market.url);
    let http = reqwest::Client::new();
    let mut settings: Value = http
        .get(&url)
        .header("x-procsim-user", ADMIN)
        .send()
        .await
        .expect("the marketplace answers GET of the settings")
        .json()
        .await
        .expect("the settings are JSON");
    settings["connections"][0]["redirect"] = true.into();
    settings["connections"][0]["coupa_instance_url"] = "http://coupa.test".into();
    let saved = http
        .put(&url)
        .header("x-procsim-user", ADMIN)
        .json(&settings)
        .send()
        .await
        .expect("the marketplace answers PUT of the settings");
    assert_eq!(saved.status(), 200);
}

/// Jane presses Subscribe on `listing`'s `option` (from the console when
/// `origin` says so); the page's status and text.
async fn subscribe(market: &Running, listing: &str, option: &str, origin: &str) -> (u16, String) {
    let reply = no_redirects()
        .post(format!("{}/subscribe", market.url))
        .header("cookie", format!("procsim_user={JANE}"))
        .form(&[("listing", listing), ("option", option), ("origin", origin)])
        .send()
        .await
        .expect("the marketplace answers the subscription");
    let status = reply.status().as_u16();
    (status, reply.text().await.expect("a page"))
}

async fn handoffs(market: &Running, after: i64) -> Vec<Value> {
    market
        .json(&format!(
            "/api/storefront-handoffs?account=acct-coupa-001&after={after}"
        ))
        .await["handoffs"]
        .as_array()
        .expect("the handoffs API lists a handoffs array")
        .clone()
}

#[tokio::test]
async fn a_redirected_subscription_is_recorded_and_a_console_purchase_is_not() {
    let market = start().await;
    let (listing, option) = market.saas_upfront();
    let id = listing.id.to_string();
    // Redirect off: subscribed at once, nothing handed on.
    let (status, _) = subscribe(&market, &id, &option, "").await;
    assert_eq!(status, 200);
    assert!(handoffs(&market, 0).await.is_empty());

    redirect_on(&market).await;
    let changes = market
        .json("/api/settings-changes?account=acct-coupa-001")
        .await;
    let newest = &changes["changes"][0];
    assert_eq!(
        (&newest["kind"], &newest["redirect_connections"]),
        (&Value::from("settings"), &serde_json::json!(["coupa-1"]))
    );

    let (status, page) = subscribe(&market, &id, &option, "console").await;
    assert_eq!(status, 200);
    assert!(!page.contains("Continue to Coupa"), "{page}");
    assert!(handoffs(&market, 0).await.is_empty());

    let (status, page) = subscribe(&market, &id, &option, "").await;
    assert_eq!(status, 200);
    assert!(page.contains("Continue to Coupa"), "{page}");
    let [handoff] = handoffs(&market, 0).await.try_into().expect("one handoff");
    assert_eq!(handoff["user"], JANE);
    assert_eq!(handoff["listing_id"], id.as_str());
    assert_eq!(
        (&handoff["system"], &handoff["reason"]),
        (&Value::from("coupa"), &Value::from("redirect"))
    );
    let first = handoff["id"].as_i64().expect("an id");
    assert!(handoffs(&market, first).await.is_empty());
    let stats = market.json("/api/stats").await;
    assert_eq!(stats["newest_storefront_handoff"], first);
    let reply = reqwest::get(format!("{}/api/storefront-handoffs", market.url))
        .await
        .expect("the marketplace answers");
    assert_eq!(reply.status(), 400);
}
