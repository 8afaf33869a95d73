//! The private offers API over a real socket (SPEC F10): listing an
//! account's offers with their option key and expiry on the simulated
//! clock, the seller's revisions, and the exact refusals that change
//! nothing.

mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};

async fn offers(running: &support::Running) -> Vec<Value> {
    running.json("/api/offers?account=acct-coupa-001").await["offers"]
        .as_array()
        .expect("the offers API lists an offers array")
        .clone()
}

async fn revise(running: &support::Running, id: &str, body: Value) -> (StatusCode, Value) {
    let reply = reqwest::Client::new()
        .post(format!("{}/api/offers/{id}", running.url))
        .json(&body)
        .send()
        .await
        .expect("the marketplace answers the offer revision");
    (
        reply.status(),
        reply
            .json()
            .await
            .expect("the offer revision answers with JSON"),
    )
}

#[tokio::test]
async fn an_accounts_offers_carry_their_option_key_and_expiry() {
    let running = support::start().await;
    let listed = offers(&running).await;
    assert!(!listed.is_empty());
    for offer in &listed {
        assert_eq!(offer["account"], "acct-coupa-001");
        assert_eq!(offer["revision"], 1);
        assert_eq!(offer["expired"], false);
        let option = format!("{}.r1", offer["id"].as_str().unwrap());
        assert_eq!(offer["option"], option.as_str());
    }
    let missing = reqwest::get(format!("{}/api/offers", running.url))
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_seller_revises_expiry_and_terms_and_each_revision_counts() {
    let running = support::start().await;
    let id = offers(&running).await[0]["id"].as_str().unwrap().to_owned();
    let (status, moved) = revise(
        &running,
        &id,
        json!({ "expires_at": "1970-01-01T00:00:00Z" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["revision"], 2);
    assert_eq!(moved["option"], format!("{id}.r2").as_str());
    // The clock stands at the epoch: an expiry at the epoch has passed.
    assert_eq!(moved["expired"], true);
    let (status, repriced) = revise(
        &running,
        &id,
        json!({ "terms": { "kind": "upfront_contract", "duration_months": 24, "amount": "2000" } }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{repriced}");
    assert_eq!(repriced["revision"], 3);
    assert_eq!(repriced["total"]["amount"], "2000.00");
    assert_eq!(repriced["terms"]["duration_months"], 24);
}

#[tokio::test]
async fn bad_revisions_are_refused_and_change_nothing() {
    let running = support::start().await;
    let before = offers(&running).await;
    let id = before[0]["id"].as_str().unwrap().to_owned();
    let refusals = [
        (json!({}), "a revision must change the expiry or the terms"),
        (
            json!({ "expires_at": "next tuesday" }),
            "not an RFC 3339 instant",
        ),
        (
            json!({ "terms": { "kind": "upfront_contract", "duration_months": 12, "amount": "0" } }),
            "must be a positive amount",
        ),
        (
            json!({ "terms": { "kind": "upfront_contract", "duration_months": 0, "amount": "5" } }),
            "duration_months must be at least 1",
        ),
        (
            json!({ "terms": { "kind": "fps", "installments": [] } }),
            "installments must be non-empty",
        ),
        (json!({ "price": "5" }), "unknown field"),
    ];
    for (body, message) in refusals {
        let (status, reply) = revise(&running, &id, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {reply}");
        let said = reply["error"]["message"].as_str().unwrap();
        assert!(said.contains(message), "{body}: {said}");
    }
    for unknown in ["offer-00000000", "offer-XYZ", "prod-00000001"] {
        let (status, reply) = revise(
            &running,
            unknown,
            json!({ "expires_at": "2030-01-01T00:00:00Z" }),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{unknown}: {reply}");
    }
    assert_eq!(offers(&running).await, before);
}

#[tokio::test]
async fn the_sellers_page_revises_through_the_same_checks() {
    let running = support::start().await;
    let before = offers(&running).await;
    let upfront = before
        .iter()
        .find(|o| o["terms"]["kind"] == "upfront_contract")
        .unwrap();
    let id = upfront["id"].as_str().unwrap();
    let url = format!("{}/seller/offers/{id}", running.url);
    let seller = upfront["seller"]["id"].as_u64().unwrap();

    // Nobody signed in: sent to sign in, and a posted form changes nothing.
    let anyone = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let shown = anyone.get(&url).send().await.unwrap();
    assert_eq!(shown.status(), StatusCode::SEE_OTHER);
    assert_eq!(shown.headers()["location"], "/seller/signin");
    let posted = anyone
        .post(&url)
        .form(&[("expires_at", "2031-01-01T00:00:00Z"), ("amount", "1.00")])
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), StatusCode::FORBIDDEN);
    // Another seller sees whose offer it is, and cannot revise it.
    let other = running
        .catalog
        .sellers()
        .iter()
        .find(|s| u64::from(s.id.0) != seller)
        .unwrap();
    let stranger = reqwest::Client::new();
    let cookie = format!("procsim_seller={}", other.id.0);
    let refused = stranger
        .post(&url)
        .header("cookie", &cookie)
        .form(&[("expires_at", ""), ("amount", "1.00")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let whose = refused.text().await.unwrap();
    let name = upfront["seller"]["name"].as_str().unwrap();
    assert!(whose.contains(&tera_escaped(name)), "{whose}");
    assert_eq!(offers(&running).await, before);

    let signed = anyone
        .post(format!("{}/seller/signin", running.url))
        .form(&[("seller", seller.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), StatusCode::SEE_OTHER);
    let cookie = format!("procsim_seller={seller}");
    let client = reqwest::Client::builder()
        .default_headers(
            [(reqwest::header::COOKIE, cookie.parse().unwrap())]
                .into_iter()
                .collect(),
        )
        .build()
        .unwrap();
    let home = client
        .get(format!("{}/seller", running.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains(&format!("/seller/offers/{id}")), "{home}");
    let shown = client.get(&url).send().await.unwrap();
    assert_eq!(shown.status(), StatusCode::OK);
    assert!(shown.text().await.unwrap().contains("Revise the offer"));

    let refused = client
        .post(&url)
        .form(&[("expires_at", ""), ("amount", "<b>10</b>")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let body = refused.text().await.unwrap();
    assert!(body.contains("must be a positive amount"), "{body}");
    assert!(!body.contains("<b>10</b>"), "the input is escaped");
    assert_eq!(offers(&running).await, before);

    let revised = client
        .post(&url)
        .form(&[("expires_at", "2031-01-01T00:00:00Z"), ("amount", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(revised.status(), StatusCode::OK);
    assert!(revised.text().await.unwrap().contains("now at revision 2"));
    let missing = client
        .get(format!("{}/seller/offers/offer-00000000", running.url))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

/// `text` as the pages write it (Tera escapes `&`, quotes and `/`).
fn tera_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('\'', "&#x27;")
        .replace('"', "&quot;")
        .replace('/', "&#x2F;")
}
