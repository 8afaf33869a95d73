//! `POST /api/reset` over real sockets: an order's agreement, outbox mail
//! and journal, an admin's new secret and a revised offer are all gone
//! after it, the seeded accounts work again, and journal ids keep growing.

mod support;

use serde_json::json;
use support::*;

async fn post(market: &Running, path: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}{path}", market.url))
        .send()
        .await
        .expect("the marketplace answers the POST")
}

#[tokio::test]
async fn a_reset_empties_the_state_and_brings_the_seeds_back() {
    let market = start().await;
    let (listing, key) = market.saas_upfront();
    let cart = market.punchout_cart(&listing.id.to_string(), &key).await;
    let order = order_request(COUPA_SECRET, "PO-1", &cart.item_in);
    assert_eq!(status(&market.post_cxml(&order).await).code, "200");
    assert_eq!(market.agreements().await.len(), 1);
    assert_eq!(market.outbox().await.len(), 1);
    let offer = market.json("/api/offers?account=acct-coupa-001").await["offers"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let revised = reqwest::Client::new()
        .post(format!("{}/api/offers/{offer}", market.url))
        .json(&json!({ "expires_at": "1970-01-01T00:00:00Z" }))
        .send()
        .await
        .unwrap();
    assert_eq!(revised.status(), 200);
    let integration = format!("{}/api/accounts/acct-coupa-001/integration", market.url);
    let client = reqwest::Client::new();
    let mut settings: serde_json::Value = client
        .get(&integration)
        .header("x-procsim-user", "admin@acme.test")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    settings["connections"][0]["shared_secret"] = "rotated".into();
    let put = client
        .put(&integration)
        .header("x-procsim-user", "admin@acme.test")
        .json(&settings)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200);
    let last_id = market.journal("").await.iter().map(|e| e.id).max().unwrap();

    let refused = reqwest::get(format!("{}/api/reset", market.url))
        .await
        .unwrap();
    assert_eq!(refused.status(), 405);
    assert_eq!(market.agreements().await.len(), 1, "GET changed nothing");
    let reply = post(&market, "/api/reset").await;
    assert_eq!(reply.status(), 200);
    let body: serde_json::Value = reply.json().await.unwrap();
    assert_eq!(body, json!({"service": "marketplace", "reset": true}));

    assert!(market.agreements().await.is_empty());
    assert!(market.outbox().await.is_empty());
    assert!(market.journal("").await.is_empty());
    let offers = market.json("/api/offers?account=acct-coupa-001").await;
    let again = offers["offers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == offer.as_str())
        .unwrap();
    assert_eq!(again["revision"], 1, "the generated offer is back");
    assert_eq!(again["expired"], false);

    // The seeded secret works again; the rotated one no longer does.
    let old = market.post_cxml(&setup_request("rotated", "k-1")).await;
    assert_eq!(status(&old).code, "401");
    start_url(&market.post_cxml(&setup_request(COUPA_SECRET, "k-2")).await);
    let cart = market.punchout_cart(&listing.id.to_string(), &key).await;
    let order = order_request(COUPA_SECRET, "PO-1", &cart.item_in);
    assert_eq!(status(&market.post_cxml(&order).await).code, "200");
    assert_eq!(market.agreements().await.len(), 1);
    let journal = market.journal("").await;
    assert!(!journal.is_empty());
    assert!(
        journal.iter().all(|e| e.id > last_id),
        "ids keep growing after {last_id}: {:?}",
        journal.iter().map(|e| e.id).collect::<Vec<_>>()
    );
}
