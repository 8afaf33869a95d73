//! F15 over real sockets: only a user holding the procurement administrator's
//! permissions may read or change the integration, the
//! secret is never shown, and invalid combinations are refused unchanged.

mod support;

use serde_json::Value;
use support::*;

async fn settings(market: &Running, user: &str) -> (u16, Value) {
    let reply = reqwest::Client::new()
        .get(format!(
            "{}/api/accounts/acct-coupa-001/integration",
            market.url
        ))
        .header("x-procsim-user", user)
        .send()
        .await
        .expect("the marketplace answers GET of the integration settings");
    (
        reply.status().as_u16(),
        reply
            .json()
            .await
            .expect("the integration settings answer is JSON"),
    )
}

async fn put(market: &Running, user: &str, body: &Value) -> u16 {
    reqwest::Client::new()
        .put(format!(
            "{}/api/accounts/acct-coupa-001/integration",
            market.url
        ))
        .header("x-procsim-user", user)
        .json(body)
        .send()
        .await
        .expect("the marketplace answers PUT of the integration settings")
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_non_admin_gets_403_and_nothing_changes() {
    let market = start().await;
    let (code, before) = settings(&market, "admin@acme.test").await;
    assert_eq!(code, 200);
    let mut changed = before.clone();
    changed["connections"][0]["enabled"] = false.into();
    assert_eq!(put(&market, "dev@acme.test", &changed).await, 403);
    assert_eq!(put(&market, "admin@globex.test", &changed).await, 403);
    assert_eq!(settings(&market, "admin@acme.test").await.1, before);

    let page = reqwest::Client::new()
        .get(format!("{}/admin/accounts/acct-coupa-001", market.url))
        .header("cookie", "procsim_user=dev@acme.test")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 403);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("aws-marketplace:DescribeProcurementSystemConfiguration")
            && html.contains("AWSMarketplaceProcurementSystemAdminFullAccess"),
        "the 403 page names the missing permission and the policy: {html}"
    );
    assert_eq!(settings(&market, "dev@acme.test").await.0, 403);
    // Each refusal of a user of the account is in its history, by the
    // permission it lacked; a user of another account is no user of it.
    let refused: Vec<(String, String)> = history(&market, 0)
        .await
        .iter()
        .map(|c| {
            assert_eq!((&c["kind"], &c["saved"]), (&"access".into(), &false.into()));
            (c["user"].to_string(), c["permission"].to_string())
        })
        .collect();
    let put = "\"aws-marketplace:PutProcurementSystemConfiguration\"";
    let describe = "\"aws-marketplace:DescribeProcurementSystemConfiguration\"";
    let dev = "\"dev@acme.test\"";
    assert_eq!(
        refused,
        [(dev, put), (dev, describe), (dev, describe)].map(|(u, p)| (u.to_owned(), p.to_owned()))
    );
}

/// The managed policy is not the only way: a user whose own policies grant
/// its two actions administers the integration too.
#[tokio::test]
async fn the_equivalent_permissions_are_enough() {
    let market = start().await;
    let (code, before) = settings(&market, "procurement@acme.test").await;
    assert_eq!(code, 200);
    let mut changed = before.clone();
    changed["connections"][0]["redirect"] = true.into();
    assert_eq!(put(&market, "procurement@acme.test", &changed).await, 200);
    assert_eq!(settings(&market, "admin@acme.test").await.1, changed);
}

#[tokio::test]
async fn an_admin_sets_a_new_secret_that_is_never_shown() {
    let market = start().await;
    let (_, mut body) = settings(&market, "admin@acme.test").await;
    assert_eq!(body["connections"][0]["shared_secret"], "***");
    body["connections"][0]["shared_secret"] = "rotated-secret".into();
    assert_eq!(put(&market, "admin@acme.test", &body).await, 200);
    let (_, after) = settings(&market, "admin@acme.test").await;
    assert_eq!(after["connections"][0]["shared_secret"], "***");
    assert!(!after.to_string().contains("rotated-secret"));

    let old = market.post_cxml(&setup_request(COUPA_SECRET, "k-1")).await;
    assert_eq!(status(&old).code, "401");
    start_url(
        &market
            .post_cxml(&setup_request("rotated-secret", "k-2"))
            .await,
    );

    let page = reqwest::Client::new()
        .get(format!("{}/admin/accounts/acct-coupa-001", market.url))
        .header("cookie", "procsim_user=admin@acme.test")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(!page.text().await.unwrap().contains("rotated-secret"));
}

#[tokio::test]
async fn integration_and_po_management_together_are_refused() {
    let market = start().await;
    let (_, before) = settings(&market, "admin@acme.test").await;
    let mut both = before.clone();
    both["po_management"] = true.into();
    assert_eq!(put(&market, "admin@acme.test", &both).await, 400);
    assert_eq!(settings(&market, "admin@acme.test").await.1, before);
}

#[tokio::test]
async fn a_disabled_connection_gets_403() {
    let market = start().await;
    let (_, mut body) = settings(&market, "admin@acme.test").await;
    body["connections"][0]["enabled"] = false.into();
    assert_eq!(put(&market, "admin@acme.test", &body).await, 200);
    let reply = market.post_cxml(&setup_request(COUPA_SECRET, "d-1")).await;
    assert_eq!(status(&reply).code, "403");
}

async fn history(market: &Running, after: i64) -> Vec<Value> {
    let reply = market
        .json(&format!(
            "/api/settings-changes?account=acct-coupa-001&after={after}"
        ))
        .await;
    reply["changes"]
        .as_array()
        .expect("the settings changes API lists a changes array")
        .clone()
}

/// F14: the refusal of purchase-order management beside an enabled
/// integration changes no setting but is recorded, as is each save; the
/// history names who asked what, never a secret, and the page lists it.
#[tokio::test]
async fn each_change_asked_for_is_recorded_saved_or_refused() {
    let market = start().await;
    assert!(history(&market, 0).await.is_empty());
    let (_, before) = settings(&market, "admin@acme.test").await;
    let mut both = before.clone();
    both["po_management"] = true.into();
    assert_eq!(put(&market, "admin@acme.test", &both).await, 400);
    let mut po_only = both.clone();
    po_only["connections"][0]["enabled"] = false.into();
    assert_eq!(put(&market, "procurement@acme.test", &po_only).await, 200);
    // A user without the permission is refused before asking anything,
    // and the refusal is recorded as one of access.
    assert_eq!(put(&market, "dev@acme.test", &before).await, 403);

    let mut changes = history(&market, 0).await;
    assert_eq!(changes.len(), 3, "{changes:?}");
    let access = changes.pop().unwrap();
    assert_eq!(
        (&access["kind"], &access["user"], &access["saved"]),
        (
            &Value::from("access"),
            &Value::from("dev@acme.test"),
            &Value::from(false)
        )
    );
    assert_eq!(
        access["permission"],
        "aws-marketplace:PutProcurementSystemConfiguration"
    );
    let refused = &changes[0];
    assert_eq!(refused["user"], "admin@acme.test");
    assert_eq!(refused["saved"], false);
    assert_eq!(
        refused["refusal"],
        "procurement-system integration and purchase-order management cannot both be enabled"
    );
    assert_eq!(refused["po_management"], true);
    assert_eq!(
        refused["enabled_connections"],
        serde_json::json!(["coupa-1"])
    );
    let saved = &changes[1];
    assert_eq!(
        (&saved["user"], &saved["saved"], &saved["refusal"]),
        (
            &Value::from("procurement@acme.test"),
            &Value::from(true),
            &Value::Null
        )
    );
    assert_eq!(saved["enabled_connections"], serde_json::json!([]));
    assert!(!changes.iter().any(|c| c.to_string().contains(COUPA_SECRET)));
    let first = refused["id"].as_i64().unwrap();
    assert_eq!(history(&market, first).await[..1], changes[1..]);

    let page = settings_page(&market).await;
    let listed = &page[page.find("id=\"settings-history\"").unwrap()..];
    assert!(
        listed.contains("refused: procurement-system integration and purchase-order management")
            && listed.contains("procurement@acme.test"),
        "{listed}"
    );
}

/// A save that changes only the Free/BYOL pre-approval flags says so in
/// the history, and the page writes its time for people.
#[tokio::test]
async fn a_change_of_pre_approval_is_recorded_with_its_flags() {
    let market = start().await;
    let (_, before) = settings(&market, "admin@acme.test").await;
    let mut free_on = before.clone();
    free_on["connections"][0]["free_preapproved"] = true.into();
    free_on["connections"][0]["byol_preapproved"] = false.into();
    assert_eq!(put(&market, "admin@acme.test", &free_on).await, 200);
    let [change] = history(&market, 0).await.try_into().unwrap();
    assert_eq!(change["free_preapproved"], serde_json::json!(["coupa-1"]));
    assert_eq!(change["byol_preapproved"], serde_json::json!([]));

    let page = settings_page(&market).await;
    let listed = &page[page.find("id=\"settings-history\"").unwrap()..];
    let listed = &listed[..listed.find("</section>").unwrap()];
    assert!(
        listed.contains("Free pre-approved: coupa-1; BYOL pre-approved: none"),
        "{listed}"
    );
    let at = change["at"].as_str().unwrap();
    let human = service_kit::look::human_time(at.parse().unwrap());
    assert!(
        listed.contains(&format!("<time datetime=\"{at}\">{human}</time>")),
        "{listed}"
    );
    assert_eq!(
        listed.matches(at).count(),
        1,
        "only in the attribute: {listed}"
    );
}

/// Acme's settings page as its admin sees it.
async fn settings_page(market: &Running) -> String {
    market
        .page_as(
            "/admin/accounts/acct-coupa-001",
            "procsim_user=admin@acme.test",
        )
        .await
}
