//! Every service's runner serves the shared stylesheet, a not-found page in
//! the shared look, and (once told) redirects to its neighbours.

use std::net::SocketAddr;

use axum::Router;
use service_kit::{Service, Shutdown, look::Neighbours};

async fn serve(neighbours: Option<Neighbours>) -> (SocketAddr, Shutdown) {
    let addr: SocketAddr = "127.0.0.1:0".parse().expect("addr");
    let mut service = Service::bind("test", addr, Router::new())
        .await
        .expect("bind");
    if let Some(neighbours) = neighbours {
        service = service.with_neighbours(neighbours);
    }
    let addr = service.local_addr().expect("local addr");
    let shutdown = Shutdown::new();
    tokio::spawn(service.run_until(shutdown.wait()));
    (addr, shutdown)
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

#[tokio::test]
async fn the_shared_stylesheet_is_served_locally() {
    let (addr, shutdown) = serve(None).await;
    let reply = client()
        .get(format!("http://{addr}/static/procsim.css"))
        .send()
        .await
        .expect("get");
    assert_eq!(reply.status(), 200);
    assert_eq!(reply.headers()["content-type"], "text/css; charset=utf-8");
    let css = reply.text().await.expect("body");
    assert!(css.contains(".procsim-strip"), "{css}");
    assert!(!css.contains("http://") && !css.contains("https://"));
    shutdown.trigger();
}

#[tokio::test]
async fn an_unknown_path_gets_an_html_not_found_page() {
    let (addr, shutdown) = serve(None).await;
    let reply = client()
        .get(format!("http://{addr}/no/such/<page>"))
        .send()
        .await
        .expect("get");
    assert_eq!(reply.status(), 404);
    let html = reply.text().await.expect("body");
    assert!(html.contains("Page not found"), "{html}");
    assert!(html.contains("/static/procsim.css"));
    shutdown.trigger();
}

#[tokio::test]
async fn the_strip_links_reach_the_neighbours() {
    let mut neighbours = Neighbours::default();
    neighbours.insert("coupa", "http://127.0.0.1:9");
    let (addr, shutdown) = serve(Some(neighbours)).await;
    let http = client();
    let reply = http
        .get(format!("http://{addr}/procsim/go/coupa"))
        .send()
        .await
        .expect("get");
    assert_eq!(reply.status(), 303);
    assert_eq!(reply.headers()["location"], "http://127.0.0.1:9/");
    let unknown = http
        .get(format!("http://{addr}/procsim/go/nowhere"))
        .send()
        .await
        .expect("get");
    assert_eq!(unknown.status(), 404);
    shutdown.trigger();
}
