//! The catalog's JSON API over a real socket: search, one listing,
//! categories, and the exact 400 and 404 answers to bad requests.

use reqwest::StatusCode;
use serde_json::Value;
use service_kit::{Clock, Shutdown};
use sim_marketplace::{MarketplaceConfig, catalog::CatalogSize};
use tokio::net::TcpListener;

struct Running {
    url: String,
    shutdown: Shutdown,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.shutdown.trigger();
    }
}

/// Binds on 127.0.0.1:0 before spawning, so it is ready with no waiting.
async fn start() -> Running {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("the marketplace binds a loopback port");
    let url = format!(
        "http://{}",
        listener
            .local_addr()
            .expect("a bound listener has a local address")
    );
    // No mail is sent here: nothing listens on the SMTP port, nor needs to.
    let smtp_addr = std::net::SocketAddr::from(([127, 0, 0, 1], 25));
    let config = MarketplaceConfig {
        seed: 3,
        catalog_size: CatalogSize {
            listings: 300,
            categories: 8,
            sellers: 40,
        },
        ..MarketplaceConfig::new(url.clone(), smtp_addr)
    };
    let clock = Clock::starting_at(jiff::Timestamp::UNIX_EPOCH);
    let service = sim_marketplace::build(listener, config, clock)
        .expect("the marketplace builds on its listener");
    let shutdown = Shutdown::new();
    tokio::spawn(service.run_until(shutdown.wait()));
    Running { url, shutdown }
}

async fn get(url: String) -> (StatusCode, Value) {
    let reply = reqwest::get(url)
        .await
        .expect("the marketplace answers the GET");
    let status = reply.status();
    let content_type = reply.headers()["content-type"]
        .to_str()
        .expect("the Content-Type header is ASCII")
        .to_owned();
    assert_eq!(content_type, "application/json", "every answer is JSON");
    (
        status,
        reply.json().await.expect("the API answers with JSON"),
    )
}

async fn assert_bad_request(url: String, mentions: &str) {
    let (status, body) = get(url.clone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{url}");
    assert_eq!(body["error"]["code"], "bad_request");
    let message = body["error"]["message"]
        .as_str()
        .expect("a refusal carries an error message");
    assert!(message.contains(mentions), "{url}: {message}");
}

#[tokio::test]
async fn search_pages_through_listings_as_json() {
    let market = start().await;
    let (status, page) = get(format!("{}/api/listings", market.url)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (page["total"].as_u64(), page["limit"].as_u64()),
        (Some(300), Some(20))
    );
    let hits = page["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 20);
    let first = &hits[0];
    for field in ["id", "name", "short_description", "seller", "pricing_model"] {
        assert!(first[field].is_string(), "{field}: {first}");
    }
    assert!(first["category"]["slug"].is_string());
    assert!(first["supported_for_procurement"].is_boolean());

    let name = first["name"].as_str().unwrap();
    let (_, found) = get(format!("{}/api/listings?q={name}&limit=5", market.url)).await;
    assert_eq!(found["hits"][0]["name"], name);

    let (_, second) = get(format!("{}/api/listings?limit=20&offset=20", market.url)).await;
    assert_ne!(second["hits"][0]["id"], first["id"]);
    assert_eq!(second["offset"], 20);
}

#[tokio::test]
async fn filters_by_category_slug_and_product_type() {
    let market = start().await;
    let (_, categories) = get(format!("{}/api/categories", market.url)).await;
    let categories = categories.as_array().unwrap();
    assert_eq!(categories.len(), 8);
    let total: u64 = categories
        .iter()
        .map(|c| c["listings"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 300);
    let slug = categories[2]["slug"].as_str().unwrap();
    let expected = categories[2]["listings"].as_u64();
    let url = format!("{}/api/listings?category={slug}&limit=100", market.url);
    let (status, page) = get(url).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["total"].as_u64(), expected);
    for hit in page["hits"].as_array().unwrap() {
        assert_eq!(hit["category"]["slug"], slug);
    }
    let url = format!("{}/api/listings?product_type=saas&limit=100", market.url);
    let (_, page) = get(url).await;
    for hit in page["hits"].as_array().unwrap() {
        assert_eq!(hit["product_type"]["family"], "saas");
    }
}

#[tokio::test]
async fn one_listing_in_full_and_unknown_ids_are_404() {
    let market = start().await;
    let (_, page) = get(format!("{}/api/listings?limit=1", market.url)).await;
    let id = page["hits"][0]["id"].as_str().unwrap().to_owned();
    let (status, listing) = get(format!("{}/api/listings/{id}", market.url)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listing["id"], id.as_str());
    assert!(listing["pricing"]["model"].is_string(), "{listing}");

    for missing in ["prod-00000000", "prod-XYZ", "nothing"] {
        let (status, body) = get(format!("{}/api/listings/{missing}", market.url)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{missing}");
        assert_eq!(body["error"]["code"], "not_found");
    }
}

#[tokio::test]
async fn bad_parameters_are_400_with_a_message_naming_them() {
    let market = start().await;
    let base = format!("{}/api/listings", market.url);
    assert_bad_request(format!("{base}?limit=0"), "limit").await;
    assert_bad_request(
        format!("{base}?limit=101"),
        "limit must be a whole number from 1 to 100",
    )
    .await;
    assert_bad_request(format!("{base}?limit=ten"), "limit").await;
    assert_bad_request(format!("{base}?offset=-1"), "offset").await;
    assert_bad_request(format!("{base}?category=no-such-thing"), "unknown category").await;
    assert_bad_request(format!("{base}?product_type=hardware"), "product_type").await;
    let long = "a".repeat(201);
    assert_bad_request(format!("{base}?q={long}"), "q must be at most 200").await;
    assert_bad_request(format!("{base}?limit=1&limit=2"), "query string").await;
}
