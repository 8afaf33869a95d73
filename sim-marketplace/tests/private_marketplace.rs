//! F3 and F13 over real sockets: the Open Buy search API and its partner
//! credentials, the private marketplace setting (admin API and admin page,
//! admins only, unknown listings refused), and what it filters: the
//! punchout storefront, request approval, a level-2 StartPage and orders.

mod support;

use std::collections::BTreeSet;

use cxml::{common::ItemId, doc::SelectedItem, envelope::RequestBody};
use reqwest::StatusCode;
use serde_json::{Value, json};
use support::*;

const ADMIN: &str = "admin@acme.test";
const NOT_ADMIN: &str = "dev@acme.test";

fn setting_url(market: &Running) -> String {
    format!(
        "{}/api/accounts/acct-coupa-001/private-marketplace",
        market.url
    )
}

async fn read_setting(market: &Running) -> Value {
    let reply = reqwest::Client::new()
        .get(setting_url(market))
        .header("x-procsim-user", ADMIN)
        .send()
        .await
        .expect("the marketplace answers GET of the private marketplace setting");
    assert_eq!(reply.status(), 200);
    reply.json().await.expect("the setting answer is JSON")
}

async fn put_setting(market: &Running, user: &str, body: &Value) -> (StatusCode, Value) {
    let reply = reqwest::Client::new()
        .put(setting_url(market))
        .header("x-procsim-user", user)
        .json(body)
        .send()
        .await
        .expect("the marketplace answers PUT of the private marketplace setting");
    (
        reply.status(),
        reply.json().await.expect("the setting answer is JSON"),
    )
}

/// Turns the private marketplace on with `ids` approved.
async fn approve(market: &Running, ids: &[String]) {
    let (status, body) =
        put_setting(market, ADMIN, &json!({"enabled": true, "listings": ids})).await;
    assert_eq!(status, 200, "{body}");
}

async fn open_buy(market: &Running, auth: Option<(&str, &str)>, query: &str) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .get(format!("{}/api/open-buy/listings", market.url))
        .query(&[("q", query), ("limit", "100")]);
    if let Some((user, secret)) = auth {
        request = request.basic_auth(user, Some(secret));
    }
    request
        .send()
        .await
        .expect("the marketplace answers the Open Buy search")
}

fn ids(reply: &Value) -> BTreeSet<String> {
    reply["hits"]
        .as_array()
        .expect("the Open Buy answer lists a hits array")
        .iter()
        .map(|h| {
            h["id"]
                .as_str()
                .expect("every hit has a string id")
                .to_owned()
        })
        .collect()
}

/// A punchout session cookie, the setup carrying `selected` as SelectedItem;
/// gives the cookie and where the StartPage sent the browser.
async fn session(market: &Running, selected: Option<&str>) -> (String, String) {
    let mut doc = setup_request(COUPA_SECRET, "pm-cookie");
    if let Some(part) = selected
        && let Some(RequestBody::PunchOutSetupRequest(setup)) =
            doc.request.as_mut().map(|r| &mut r.body)
    {
        setup.selected_item = Some(SelectedItem {
            item_id: ItemId::new(part, None),
        });
    }
    let start = start_url(&market.post_cxml(&doc).await);
    let reply = no_redirects()
        .get(&start)
        .send()
        .await
        .expect("the marketplace answers the StartPage");
    assert_eq!(reply.status(), 303);
    let cookie = reply.headers()["set-cookie"]
        .to_str()
        .expect("the session cookie is ASCII");
    let cookie = cookie
        .split(';')
        .next()
        .expect("splitting always yields a first part")
        .to_owned();
    let location = reply.headers()["location"]
        .to_str()
        .expect("the Location header is ASCII")
        .to_owned();
    (cookie, location)
}

async fn page(market: &Running, cookie: &str, path: &str) -> (u16, String) {
    let reply = no_redirects()
        .get(format!("{}{path}", market.url))
        .header("cookie", cookie)
        .send()
        .await
        .expect("the marketplace answers the GET");
    (
        reply.status().as_u16(),
        reply
            .text()
            .await
            .expect("the marketplace's page has a text body"),
    )
}

#[tokio::test]
async fn open_buy_search_needs_the_connections_identity_and_secret() {
    let market = start().await;
    let missing = open_buy(&market, None, "").await;
    assert_eq!(missing.status(), 401);
    assert!(
        missing.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Basic realm=")
    );
    let wrong_secret = open_buy(&market, Some(("coupa-acme", "nope")), "").await;
    assert_eq!(wrong_secret.status(), 401);
    let body: Value = wrong_secret.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");
    let unknown = open_buy(&market, Some(("someone", COUPA_SECRET)), "").await;
    assert_eq!(unknown.status(), 401);

    let right = open_buy(&market, Some(("coupa-acme", COUPA_SECRET)), "").await;
    assert_eq!(right.status(), 200);
    let body: Value = right.json().await.unwrap();
    assert_eq!(body["account"], "acct-coupa-001");
    assert_eq!(body["private_marketplace"], false);
    assert_eq!(body["total"], SIZE.listings);
    let hit = &body["hits"][0];
    for field in ["name", "seller", "price_summary"] {
        assert!(!hit[field].as_str().unwrap().is_empty(), "{field}: {hit}");
    }
    assert!(!hit["category"]["name"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn open_buy_search_refuses_a_bad_query_by_name() {
    let market = start().await;
    let long = "x".repeat(201);
    let reply = open_buy(&market, Some(("coupa-acme", COUPA_SECRET)), &long).await;
    assert_eq!(reply.status(), 400);
    let body: Value = reply.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("q must be")
    );
}

#[tokio::test]
async fn only_an_admin_changes_the_setting_and_unknown_listings_change_nothing() {
    let market = start().await;
    assert_eq!(
        read_setting(&market).await,
        json!({"enabled": false, "listings": []})
    );
    let (listing, _) = market.saas_upfront();
    let wanted = json!({"enabled": true, "listings": [listing.id.to_string()]});

    let (status, _) = put_setting(&market, NOT_ADMIN, &wanted).await;
    assert_eq!(status, 403);
    let (status, _) = put_setting(&market, "stranger@else.test", &wanted).await;
    assert_eq!(status, 403);
    let unknown = json!({"enabled": true, "listings": [listing.id.to_string(), "prod-ffffffff"]});
    let (status, body) = put_setting(&market, ADMIN, &unknown).await;
    assert_eq!(status, 400);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("prod-ffffffff")
    );
    let (status, _) = put_setting(&market, ADMIN, &json!({"enabled": "yes"})).await;
    assert_eq!(status, 400);
    assert_eq!(
        read_setting(&market).await,
        json!({"enabled": false, "listings": []})
    );

    let (status, body) = put_setting(&market, ADMIN, &wanted).await;
    assert_eq!(status, 200);
    assert_eq!(body, wanted);
    assert_eq!(read_setting(&market).await, wanted);
}

#[tokio::test]
async fn the_storefront_open_buy_and_request_approval_admit_only_approved_listings() {
    let market = start().await;
    let (approved, option) = market.saas_upfront();
    let other = market.listing(|l| l.id != approved.id && l.supported_for_procurement());
    approve(&market, &[approved.id.to_string()]).await;

    let searched = open_buy(&market, Some(("coupa-acme", COUPA_SECRET)), "").await;
    let body: Value = searched.json().await.unwrap();
    assert_eq!(body["private_marketplace"], true);
    assert_eq!(body["total"], 1);
    assert_eq!(ids(&body), BTreeSet::from([approved.id.to_string()]));

    let (cookie, landed) = session(&market, None).await;
    assert_eq!(landed, "/");
    let (status, home) = page(&market, &cookie, "/").await;
    assert_eq!(status, 200);
    assert!(home.contains("Private marketplace"));
    let (status, results) = page(&market, &cookie, "/search?q=").await;
    assert_eq!(status, 200);
    assert!(results.contains(&format!("/products/{}", approved.id)));
    assert!(!results.contains(&format!("/products/{}", other.id)));

    let (status, refused) = page(&market, &cookie, &format!("/products/{}", other.id)).await;
    assert_eq!(status, 403);
    assert!(refused.contains("Not in your private marketplace"));
    let (status, _) = market
        .request_approval(&cookie, &other.id.to_string(), "payg")
        .await;
    assert_eq!(status, 403);
    let (status, _) = page(&market, &cookie, &format!("/products/{}", approved.id)).await;
    assert_eq!(status, 200);
    let (status, _) = market
        .request_approval(&cookie, &approved.id.to_string(), &option)
        .await;
    assert_eq!(status, 200, "the approved product goes back as a cart");

    // Outside a punchout session the public storefront shows everything.
    let (status, _) = page(&market, "", &format!("/products/{}", other.id)).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn turned_off_everything_is_visible_again() {
    let market = start().await;
    let (approved, _) = market.saas_upfront();
    approve(&market, &[approved.id.to_string()]).await;
    let (status, _) = put_setting(
        &market,
        ADMIN,
        &json!({"enabled": false, "listings": [approved.id.to_string()]}),
    )
    .await;
    assert_eq!(status, 200);
    let searched = open_buy(&market, Some(("coupa-acme", COUPA_SECRET)), "").await;
    let body: Value = searched.json().await.unwrap();
    assert_eq!(body["private_marketplace"], false);
    assert_eq!(body["total"], SIZE.listings);
}

#[tokio::test]
async fn a_level_two_start_page_lands_on_the_product_or_says_it_is_unavailable() {
    let market = start().await;
    let (approved, _) = market.saas_upfront();
    let other = market.listing(|l| l.id != approved.id);

    let (_, landed) = session(&market, Some(&approved.id.to_string())).await;
    assert_eq!(landed, format!("/products/{}", approved.id));
    let (cookie, landed) = session(&market, Some("prod-ffffffff")).await;
    assert_eq!(landed, "/?unavailable=prod-ffffffff");
    let (status, home) = page(&market, &cookie, &landed).await;
    assert_eq!(status, 200);
    assert!(home.contains("(prod-ffffffff) is not available"));
    // Whatever a buyer puts there, only URL-safe characters are echoed.
    let (_, landed) = session(&market, Some("<b>x y</b>")).await;
    assert_eq!(landed, "/?unavailable=bxyb");

    approve(&market, &[approved.id.to_string()]).await;
    let (_, landed) = session(&market, Some(&other.id.to_string())).await;
    assert_eq!(landed, format!("/?unavailable={}", other.id));
}

#[tokio::test]
async fn an_order_for_a_listing_that_is_not_approved_is_400_and_stores_nothing() {
    let market = start().await;
    let (listing, option) = market.saas_upfront();
    let cart = market.punchout_cart(&listing.id.to_string(), &option).await;
    let other = market.listing(|l| l.id != listing.id);
    approve(&market, &[other.id.to_string()]).await;

    let reply = market
        .post_cxml(&order_request(COUPA_SECRET, "PO-PM-1", &cart.item_in))
        .await;
    let refused = status(&reply);
    assert_eq!(refused.code, "400", "{refused:?}");
    let said = format!("{} {:?}", refused.text, refused.detail);
    assert!(said.contains("private marketplace"), "{said}");
    assert!(market.agreements().await.is_empty());

    approve(&market, &[listing.id.to_string()]).await;
    let reply = market
        .post_cxml(&order_request(COUPA_SECRET, "PO-PM-1", &cart.item_in))
        .await;
    assert_eq!(status(&reply).code, "200", "accepted once approved");
    assert_eq!(market.agreements().await.len(), 1);
}

#[tokio::test]
async fn the_admin_page_adds_and_removes_listings_escaped_and_admins_only() {
    let market = start().await;
    let (listing, _) = market.saas_upfront();
    let id = listing.id.to_string();
    let post = |user: &'static str, path: &'static str, form: Vec<(&'static str, String)>| {
        let url = format!(
            "{}/admin/accounts/acct-coupa-001/private-marketplace{path}",
            market.url
        );
        async move {
            let reply = no_redirects()
                .post(url)
                .header("cookie", format!("procsim_user={user}"))
                .form(&form)
                .send()
                .await
                .unwrap();
            (reply.status().as_u16(), reply.text().await.unwrap())
        }
    };

    let (status, _) = post(NOT_ADMIN, "/add", vec![("listing", id.clone())]).await;
    assert_eq!(status, 403);
    let (status, html) = post(ADMIN, "/add", vec![("listing", "<script>".into())]).await;
    assert_eq!(status, 400);
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
    assert_eq!(read_setting(&market).await["listings"], json!([]));

    let (status, html) = post(ADMIN, "/add", vec![("listing", id.clone())]).await;
    assert_eq!(status, 200);
    assert!(html.contains(&id));
    let (status, _) = post(ADMIN, "", vec![("enabled", "on".into())]).await;
    assert_eq!(status, 200);
    assert_eq!(
        read_setting(&market).await,
        json!({"enabled": true, "listings": [id]})
    );

    let (status, _) = post(ADMIN, "/remove", vec![("listing", id.clone())]).await;
    assert_eq!(status, 200);
    let (status, _) = post(ADMIN, "", vec![]).await;
    assert_eq!(status, 200);
    assert_eq!(
        read_setting(&market).await,
        json!({"enabled": false, "listings": []})
    );
}

/// The account's settings history, oldest first.
async fn history(market: &Running) -> Vec<Value> {
    market
        .json("/api/settings-changes?account=acct-coupa-001")
        .await["changes"]
        .as_array()
        .expect("the settings changes API lists a changes array")
        .clone()
}

/// F13 in the settings history: each change of the private marketplace
/// an admin asked for (the API and the page alike) is recorded as its
/// kind, saved or refused, and a user without the permission is recorded
/// as refused; what the page asked for is never a change of the
/// integration settings.
#[tokio::test]
async fn each_private_marketplace_change_and_refused_access_is_in_the_history() {
    let market = start().await;
    let (listing, _) = market.saas_upfront();
    let id = listing.id.to_string();
    let wanted = json!({"enabled": true, "listings": [id]});
    assert_eq!(put_setting(&market, NOT_ADMIN, &wanted).await.0, 403);
    let unknown = json!({"enabled": true, "listings": ["prod-ffffffff"]});
    assert_eq!(put_setting(&market, ADMIN, &unknown).await.0, 400);
    assert_eq!(put_setting(&market, ADMIN, &wanted).await.0, 200);
    let off = no_redirects()
        .post(format!(
            "{}/admin/accounts/acct-coupa-001/private-marketplace",
            market.url
        ))
        .header("cookie", format!("procsim_user={ADMIN}"))
        .form(&[("enabled", "off")])
        .send()
        .await
        .expect("the admin page answers");
    assert_eq!(off.status(), 200);

    let changes = history(&market).await;
    let asked: Vec<(&str, &str, bool)> = changes
        .iter()
        .map(|c| {
            let kind = c["kind"].as_str().unwrap_or_default();
            let user = c["user"].as_str().unwrap_or_default();
            (kind, user, c["saved"] == true)
        })
        .collect();
    assert_eq!(
        asked,
        [
            ("access", NOT_ADMIN, false),
            ("private-marketplace", ADMIN, false),
            ("private-marketplace", ADMIN, true),
            ("private-marketplace", ADMIN, true),
        ]
    );
    assert_eq!(
        changes[0]["permission"],
        "aws-marketplace:PutProcurementSystemConfiguration"
    );
    assert!(
        changes[0]["refusal"]
            .as_str()
            .is_some_and(|r| r.contains("AWSMarketplaceProcurementSystemAdminFullAccess")),
        "{}",
        changes[0]
    );
    assert!(
        changes[1]["refusal"]
            .as_str()
            .is_some_and(|r| r.contains("prod-ffffffff")),
        "{}",
        changes[1]
    );
    // Refused, nothing was approved: the setting as it stood.
    assert_eq!(changes[1]["approved_listings"], json!([]));
    assert_eq!(
        (
            &changes[2]["private_marketplace"],
            &changes[2]["approved_listings"]
        ),
        (&json!(true), &json!([id]))
    );
    assert_eq!(
        (
            &changes[3]["private_marketplace"],
            &changes[3]["approved_listings"]
        ),
        (&json!(false), &json!([id]))
    );
    assert!(changes.iter().all(|c| c.get("po_management").is_none()));
}

/// Whether the marketplace remembers that `flow`'s storefront showed only
/// the Private Marketplace.
async fn private_shown(market: &Running, flow: &str) -> bool {
    let reply = market
        .json(&format!(
            "/api/punchout/private-marketplace-shown?flow={flow}"
        ))
        .await;
    assert_eq!(reply["flow"], flow);
    reply["shown"]
        .as_bool()
        .expect("the answer says whether it was shown")
}

/// Opens a punchout in `flow` and its storefront's home page.
async fn browse_in_flow(market: &Running, flow: &str) {
    let started = market
        .post_cxml_in_flow(&setup_request(COUPA_SECRET, flow), flow)
        .await;
    let cookie = market.open_start_page(&start_url(&started)).await;
    market.page_as("/", &cookie).await;
}

/// F13's proof for a walkthrough: a punchout flow whose storefront listed
/// only the approved products is remembered as such, one that listed
/// everything is not, and a flow nobody opened shows nothing.
#[tokio::test]
async fn a_flow_that_browsed_the_private_marketplace_is_remembered() {
    let market = start().await;
    browse_in_flow(&market, "flow-open").await;
    assert!(!private_shown(&market, "flow-open").await);
    let (listing, _) = market.saas_upfront();
    approve(&market, &[listing.id.to_string()]).await;
    let shown = || async { market.json("/api/stats").await["punchout_shown"].clone() };
    assert_eq!(shown().await, 0);
    browse_in_flow(&market, "flow-private").await;
    assert!(private_shown(&market, "flow-private").await);
    // Counted once for live updates, however often the flow browses.
    assert_eq!(shown().await, 1);
    browse_in_flow(&market, "flow-private").await;
    assert_eq!(shown().await, 1);
    assert!(!private_shown(&market, "flow-open").await);
    assert!(!private_shown(&market, "flow-nobody-opened").await);
    let reply = reqwest::get(format!(
        "{}/api/punchout/private-marketplace-shown",
        market.url
    ))
    .await
    .expect("the marketplace answers");
    assert_eq!(reply.status(), 400);
}
