//! The runner serves a bound listener, answers /healthz, enforces the body
//! limit and stops on the shutdown signal.

use std::net::SocketAddr;

use axum::{Router, routing::post};
use service_kit::{BODY_LIMIT_BYTES, Service, Shutdown};

async fn spawn(
    router: Router,
) -> (
    SocketAddr,
    Shutdown,
    tokio::task::JoinHandle<std::io::Result<()>>,
) {
    let addr: SocketAddr = "127.0.0.1:0".parse().expect("addr");
    let service = Service::bind("test", addr, router).await.expect("bind");
    let addr = service.local_addr().expect("local addr");
    let shutdown = Shutdown::new();
    let task = tokio::spawn(service.run_until(shutdown.wait()));
    (addr, shutdown, task)
}

#[tokio::test]
async fn healthz_answers_and_shutdown_stops_the_server() {
    let (addr, shutdown, task) = spawn(Router::new()).await;
    let reply = reqwest::get(format!("http://{addr}/healthz"))
        .await
        .expect("get");
    assert_eq!(reply.status(), 200);
    shutdown.trigger();
    task.await.expect("join").expect("clean stop");
    assert!(
        reqwest::get(format!("http://{addr}/healthz"))
            .await
            .is_err()
    );
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    let router = Router::new().route(
        "/echo",
        post(|body: axum::body::Bytes| async move { body.len().to_string() }),
    );
    let (addr, shutdown, _task) = spawn(router).await;
    let client = reqwest::Client::new();
    let small = client
        .post(format!("http://{addr}/echo"))
        .body(vec![b'a'; 10])
        .send()
        .await
        .expect("post");
    assert_eq!(small.text().await.expect("text"), "10");
    let big = client
        .post(format!("http://{addr}/echo"))
        .body(vec![b'a'; BODY_LIMIT_BYTES + 1])
        .send()
        .await
        .expect("post");
    assert_eq!(big.status(), 413);
    shutdown.trigger();
}

#[tokio::test]
async fn a_loopback_service_refuses_other_names_and_other_sites_forms() {
    let (addr, shutdown, _task) =
        spawn(Router::new().route("/change", post(|| async { "changed" }))).await;
    let client = reqwest::Client::new();
    let rebound = client
        .get(format!("http://{addr}/healthz"))
        .header("host", "rebind.evil.example")
        .send()
        .await
        .expect("get");
    assert_eq!(rebound.status(), 421);
    let own = client
        .get(format!("http://{addr}/healthz"))
        .send()
        .await
        .expect("get");
    assert_eq!(own.status(), 200);
    let forged = client
        .post(format!("http://{addr}/change"))
        .header("origin", "http://evil.example")
        .send()
        .await
        .expect("post");
    assert_eq!(forged.status(), 403);
    let program = client
        .post(format!("http://{addr}/change"))
        .send()
        .await
        .expect("post");
    assert_eq!(program.text().await.expect("body"), "changed");
    shutdown.trigger();
}
