//! F3 in Coupa: the search page against a stand-in supplier search API
//! (what Coupa sends, how results and every failure are shown, HTML
//! escaped), paging, and the level-2 punchout a chosen result opens.

mod support;

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use axum::{
    Json, Router,
    extract::{Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use cxml::envelope::RequestBody;
use serde_json::{Value, json};
use service_kit::Shutdown;
use support::World;
use tokio::net::TcpListener;

const JANE: &str = "jane@acme.test";

/// One request the stand-in search received: its Authorization header
/// and query.
#[derive(Clone, Debug)]
struct Asked {
    authorization: Option<String>,
    query: HashMap<String, String>,
}

/// A supplier's search API that answers what it is told to.
#[derive(Clone)]
struct SearchApi {
    url: String,
    answer: Arc<Mutex<(StatusCode, Value)>>,
    asked: Arc<Mutex<Vec<Asked>>>,
}

impl SearchApi {
    async fn start(shutdown: &Shutdown) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("the stand-in search API binds a loopback port");
        let api = SearchApi {
            url: format!(
                "http://{}/api/open-buy/listings",
                listener
                    .local_addr()
                    .expect("a bound listener has a local address")
            ),
            answer: Arc::new(Mutex::new((StatusCode::OK, results(0, 2, 2)))),
            asked: Arc::default(),
        };
        let app = Router::new()
            .route("/api/open-buy/listings", get(answer))
            .with_state(api.clone());
        support::serve(listener, app, shutdown);
        api
    }

    fn answer_with(&self, status: StatusCode, body: Value) {
        *self
            .answer
            .lock()
            .expect("no handler panicked while holding the answer") = (status, body);
    }

    /// Answers 401, as for a wrong identity or secret.
    fn refuse_credentials(&self) {
        self.answer_with(
            StatusCode::UNAUTHORIZED,
            json!({"error": {"code": "unauthorized", "message": "no"}}),
        );
    }

    fn asked(&self) -> Vec<Asked> {
        self.asked
            .lock()
            .expect("no handler panicked while holding the requests asked")
            .clone()
    }
}

async fn answer(
    State(api): State<SearchApi>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    api.asked
        .lock()
        .expect("no handler panicked while holding the requests asked")
        .push(Asked {
            authorization: headers.get(header::AUTHORIZATION).map(|v| {
                v.to_str()
                    .expect("an Authorization header is ASCII")
                    .to_owned()
            }),
            query,
        });
    let (status, body) = api
        .answer
        .lock()
        .expect("no handler panicked while holding the answer")
        .clone();
    (status, Json(body)).into_response()
}

/// `count` hits from `offset` of `total`; the first one's name is hostile.
fn results(offset: usize, count: usize, total: usize) -> Value {
    let hits: Vec<Value> = (offset..offset + count)
        .map(|n| {
            let name = if n == 0 {
                "<script>alert(1)</script> Suite".to_owned()
            } else {
                format!("Product {n}")
            };
            json!({
                "id": format!("prod-{n:08x}"),
                "name": name,
                "short_description": "Does things",
                "seller": format!("Seller & Sons {n}"),
                "category": {"slug": "security", "name": "Security"},
                "price_summary": "from 1200.00 USD up front",
                "supported_for_procurement": true,
            })
        })
        .collect();
    json!({"account": "acct-coupa-001", "private_marketplace": false,
           "total": total, "limit": 20, "offset": offset, "hits": hits})
}

async fn world(shutdown: &Shutdown) -> (World, SearchApi) {
    let api = SearchApi::start(shutdown).await;
    let url = api.url.clone();
    let world = World::start_with(|config| config.punchout_site.open_buy_url = Some(url)).await;
    (world, api)
}

#[tokio::test]
async fn results_show_inside_coupa_escaped_after_an_authenticated_call() {
    let shutdown = Shutdown::new();
    let (world, api) = world(&shutdown).await;
    let page = world.browser(JANE).get("/search?q=secure+vault").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body
            .contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt; Suite")
    );
    assert!(!page.body.contains("<script>alert"));
    assert!(page.body.contains("Seller &amp; Sons 1"));
    assert!(page.body.contains("from 1200.00 USD up front"));
    assert!(page.body.contains("Security"));
    assert!(page.body.contains(r#"name="item" value="prod-00000001""#));
    assert!(page.body.contains("1–2 of 2 products"));

    let [asked] = api.asked().try_into().unwrap();
    // Basic base64("coupa-acme:coupa-shared-secret"): the site's From and secret.
    assert_eq!(
        asked.authorization.as_deref(),
        Some("Basic Y291cGEtYWNtZTpjb3VwYS1zaGFyZWQtc2VjcmV0")
    );
    assert_eq!(asked.query["q"], "secure vault");
    assert_eq!(asked.query["limit"], "20");
    assert_eq!(asked.query["offset"], "0");
}

#[tokio::test]
async fn pages_ask_for_the_right_offset_and_link_both_ways() {
    let shutdown = Shutdown::new();
    let (world, api) = world(&shutdown).await;
    api.answer_with(StatusCode::OK, results(20, 20, 45));
    let page = world.browser(JANE).get("/search?q=db&page=2").await;
    assert_eq!(page.status, 200);
    assert_eq!(api.asked()[0].query["offset"], "20");
    assert!(page.body.contains("21–40 of 45 products"));
    assert!(page.body.contains(r#"name="page" value="1""#));
    assert!(page.body.contains(r#"name="page" value="3""#));

    api.answer_with(StatusCode::OK, results(40, 5, 45));
    let last = world.browser(JANE).get("/search?q=db&page=3").await;
    assert!(last.body.contains(r#"name="page" value="2""#));
    assert!(
        !last.body.contains(r#"name="page" value="4""#),
        "no next page"
    );

    for bad in ["0", "abc", "50001"] {
        let page = world
            .browser(JANE)
            .get(&format!("/search?q=db&page={bad}"))
            .await;
        assert_eq!(page.status, 400, "page={bad}");
    }
    assert_eq!(api.asked().len(), 2, "bad pages never reach the supplier");
}

#[tokio::test]
async fn an_empty_query_or_a_stranger_asks_nothing() {
    let shutdown = Shutdown::new();
    let (world, api) = world(&shutdown).await;
    let page = world.browser(JANE).get("/search?q=+").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"action="/search""#));
    let anonymous = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}/search?q=x", world.url))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 303);
    assert_eq!(anonymous.headers()["location"], "/signin");
    assert!(api.asked().is_empty());
}

#[tokio::test]
async fn every_failure_of_the_search_gets_a_clear_page() {
    let shutdown = Shutdown::new();
    let (world, api) = world(&shutdown).await;
    let jane = world.browser(JANE);

    api.refuse_credentials();
    let page = jane.get("/search?q=x").await;
    assert_eq!(page.status, 502);
    assert!(
        page.body
            .contains("The marketplace refused Coupa&#x27;s credentials (401)")
    );

    api.answer_with(
        StatusCode::BAD_REQUEST,
        json!({"error": {"code": "bad_request", "message": "q must be <short>"}}),
    );
    let page = jane.get("/search?q=x").await;
    assert_eq!(page.status, 400);
    assert!(page.body.contains("could not run this search"));
    assert!(page.body.contains("q must be &lt;short&gt;"));

    api.answer_with(StatusCode::INTERNAL_SERVER_ERROR, json!({}));
    let page = jane.get("/search?q=x").await;
    assert_eq!(page.status, 502);
    assert!(page.body.contains("answered badly"));

    api.answer_with(StatusCode::OK, json!({"unexpected": true}));
    let page = jane.get("/search?q=x").await;
    assert_eq!(page.status, 502);
    assert!(page.body.contains("answered badly"));
}

#[tokio::test]
async fn a_supplier_that_is_down_gets_a_clear_page() {
    let closed = service_kit::ClosedPort::reserve().unwrap();
    let url = format!("http://{}/search", closed.addr());
    let world = World::start_with(|config| config.punchout_site.open_buy_url = Some(url)).await;
    let page = world.browser(JANE).get("/search?q=x").await;
    assert_eq!(page.status, 502);
    assert!(page.body.contains("search is unavailable"));
}

#[tokio::test]
async fn choosing_a_result_sends_it_as_the_selected_item() {
    let shutdown = Shutdown::new();
    let (world, _api) = world(&shutdown).await;
    let jane = world.browser(JANE);
    let chosen = jane
        .post_form(
            "/punchout/marketplace/item",
            b"item=prod-00000001".to_vec(),
            true,
        )
        .await;
    assert_eq!(chosen.status, 303);
    assert_eq!(
        chosen.location,
        format!("{}/start/session-1", world.supplier.url)
    );
    let [setup] = world
        .supplier
        .documents("PunchOutSetupRequest")
        .try_into()
        .unwrap();
    let Some(RequestBody::PunchOutSetupRequest(request)) = setup.doc.request.map(|r| r.body) else {
        panic!("not a setup request");
    };
    let selected = request.selected_item.unwrap().item_id.supplier_part_id;
    assert_eq!(selected, "prod-00000001");

    let empty = jane
        .post_form("/punchout/marketplace/item", b"item=+".to_vec(), true)
        .await;
    assert_eq!(empty.status, 400);
    let manager = world
        .browser("mia@acme.test")
        .post_form("/punchout/marketplace/item", b"item=prod-1".to_vec(), true)
        .await;
    assert_eq!(manager.status, 403, "only requesters punch out");
    assert_eq!(world.supplier.documents("PunchOutSetupRequest").len(), 1);
}

#[tokio::test]
async fn a_site_without_a_search_address_says_so() {
    let world = World::start_with(|config| config.punchout_site.open_buy_url = None).await;
    let page = world.browser(JANE).get("/search?q=x").await;
    assert_eq!(page.status, 502);
    assert!(
        page.body
            .contains("Open Buy is not set up for this supplier")
    );
}

#[tokio::test]
async fn the_admin_sets_the_search_address_and_a_bad_one_changes_nothing() {
    let shutdown = Shutdown::new();
    let (world, api) = world(&shutdown).await;
    let admin = world.browser("admin@acme.test");
    // Tera escapes '/' in attribute values.
    let shown = format!(
        r#"name="open_buy_url" value="{}""#,
        api.url.replace('/', "&#x2F;")
    );
    assert!(admin.get("/admin").await.body.contains(&shown));
    let form = |open_buy: &str| {
        format!(
            "url={}&domain=NetworkID&from_identity=coupa-acme&to_identity=procsim-marketplace\
             &sender_identity=coupa-acme&order_url={}&open_buy_url={open_buy}",
            support::form_encode(format!("{}/cxml", world.supplier.url).as_bytes()),
            support::form_encode(format!("{}/cxml", world.supplier.url).as_bytes()),
        )
        .into_bytes()
    };
    let refused = admin
        .post_form("/admin/site", form("ftp%3A%2F%2Fx"), true)
        .await;
    assert_eq!(refused.status, 400);
    assert!(admin.get("/admin").await.body.contains(&shown), "unchanged");

    let saved = admin.post_form("/admin/site", form(""), true).await;
    assert_eq!(saved.status, 303);
    let page = world.browser(JANE).get("/search?q=x").await;
    assert!(
        page.body
            .contains("Open Buy is not set up for this supplier")
    );
    assert!(api.asked().is_empty());
}

/// Coupa's journal rows of `kind`, each with its bodies.
async fn journaled(world: &World, kind: &str) -> Vec<Value> {
    let rows: Vec<Value> = reqwest::get(format!("{}/api/journal?type={kind}", world.url))
        .await
        .expect("coupa answers GET /api/journal")
        .json()
        .await
        .expect("the journal lists JSON");
    let mut details = Vec::new();
    for row in rows {
        let url = format!("{}/api/journal/{}", world.url, row["id"]);
        details.push(
            reqwest::get(url)
                .await
                .expect("coupa answers GET of a journal entry")
                .json()
                .await
                .expect("a journal entry is JSON"),
        );
    }
    details
}

/// The search flow a results page carries in its forms.
fn flow_on(page: &str) -> String {
    let at = page.find(r#"name="flow" value=""#).expect("a flow field") + 19;
    page[at..at + 32].to_owned()
}

#[tokio::test]
async fn a_search_is_journaled_and_the_punchout_on_a_result_joins_its_flow() {
    let shutdown = Shutdown::new();
    let (world, api) = world(&shutdown).await;
    let jane = world.browser(JANE);
    api.answer_with(StatusCode::OK, results(0, 20, 45));
    let page = jane.get("/search?q=secure+vault").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let flow = flow_on(&page.body);

    let [search] = journaled(&world, "OpenBuySearch").await.try_into().unwrap();
    assert_eq!(search["direction"], "outbound");
    assert_eq!(search["flow_id"], flow.as_str());
    assert_eq!(search["http_status"], 200);
    assert!(search["cxml_status"].is_null() && search["payload_id"].is_null());
    assert!(search["peer"].as_str().unwrap().starts_with(&api.url));
    let raw = search["raw"].as_str().unwrap();
    assert!(raw.starts_with(&format!("GET {}?q=secure+vault&limit=20", api.url)));
    assert!(raw.contains("identity coupa-acme, shared secret masked"));
    assert!(!raw.contains("coupa-shared-secret") && !raw.contains("Y291cGEtYWNtZTpjb3Vw"));
    assert!(
        search["response_raw"]
            .as_str()
            .unwrap()
            .contains("Product 19")
    );

    // The next page belongs to the same flow; a new search starts another.
    let next = jane
        .get(&format!("/search?q=secure+vault&page=2&flow={flow}"))
        .await;
    assert_eq!(flow_on(&next.body), flow);
    let other = jane.get("/search?q=other").await;
    assert_ne!(flow_on(&other.body), flow);
    let searches = journaled(&world, "OpenBuySearch").await;
    let flows: Vec<&str> = searches
        .iter()
        .map(|s| s["flow_id"].as_str().unwrap())
        .collect();
    assert_eq!(flows.len(), 3);
    assert_eq!(flows.iter().filter(|f| **f == flow).count(), 2);

    let chosen = jane
        .post_form(
            "/punchout/marketplace/item",
            format!("item=prod-00000001&flow={flow}").into_bytes(),
            true,
        )
        .await;
    assert_eq!(chosen.status, 303, "{}", chosen.body);
    let [setup] = journaled(&world, "PunchOutSetupRequest")
        .await
        .try_into()
        .unwrap();
    assert_eq!(setup["flow_id"], flow.as_str());

    // A second result from the same page is a purchase of its own.
    let again = jane
        .post_form(
            "/punchout/marketplace/item",
            format!("item=prod-00000002&flow={flow}").into_bytes(),
            true,
        )
        .await;
    assert_eq!(again.status, 303, "{}", again.body);
    let setups = journaled(&world, "PunchOutSetupRequest").await;
    assert_eq!(setups.len(), 2);
    assert_ne!(setups[1]["flow_id"], flow.as_str());
}

#[tokio::test]
async fn a_failed_search_is_journaled_and_a_forged_flow_is_refused() {
    let shutdown = Shutdown::new();
    let (world, api) = world(&shutdown).await;
    let jane = world.browser(JANE);
    api.refuse_credentials();
    assert_eq!(jane.get("/search?q=x").await.status, 502);
    let [search] = journaled(&world, "OpenBuySearch").await.try_into().unwrap();
    assert_eq!(search["http_status"], 401);
    assert!(
        search["response_raw"]
            .as_str()
            .unwrap()
            .contains("unauthorized")
    );

    // Well-formed, but no search Coupa made.
    let unknown = format!("flow={}", "0123456789abcdef".repeat(2));
    for forged in ["flow=<script>", "flow=abc", unknown.as_str()] {
        let page = jane.get(&format!("/search?q=x&{forged}")).await;
        assert_eq!(page.status, 400, "{forged}");
        let said = if forged == unknown {
            "This search is no longer known"
        } else {
            "This search link is malformed"
        };
        assert!(page.body.contains(said), "{forged}");
        let chosen = jane
            .post_form(
                "/punchout/marketplace/item",
                format!("item=prod-1&{forged}").into_bytes(),
                true,
            )
            .await;
        assert_eq!(chosen.status, 400, "{forged}");
    }
    assert_eq!(journaled(&world, "OpenBuySearch").await.len(), 1);
    assert!(world.supplier.documents("PunchOutSetupRequest").is_empty());
}
