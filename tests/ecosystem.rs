//! `procsim up` composes five services on their own ports; each answers
//! /healthz as soon as `Ecosystem::start` returns, and all stop together.

use procsim::{Ecosystem, EcosystemConfig};

#[tokio::test]
async fn every_service_is_healthy_on_its_own_port_then_stops() {
    let ecosystem = Ecosystem::start(EcosystemConfig::ephemeral())
        .await
        .expect("ecosystem starts");
    let names: Vec<_> = ecosystem.endpoints().iter().map(|e| e.name).collect();
    assert_eq!(
        names,
        ["dashboard", "marketplace", "coupa", "ariba", "mail"]
    );

    let mut ports: Vec<_> = ecosystem
        .endpoints()
        .iter()
        .map(|e| e.addr.port())
        .collect();
    ports.sort_unstable();
    ports.dedup();
    assert_eq!(ports.len(), 5, "every service has its own port");

    let urls: Vec<_> = ecosystem.endpoints().iter().map(|e| e.url()).collect();
    for url in &urls {
        let reply = reqwest::get(format!("{url}/healthz"))
            .await
            .expect("reachable");
        assert_eq!(reply.status(), 200, "{url}/healthz");
    }

    ecosystem.stop().await.expect("clean stop");
    for url in &urls {
        assert!(
            reqwest::get(format!("{url}/healthz")).await.is_err(),
            "{url} still up"
        );
    }
}

#[tokio::test]
async fn a_fixed_port_base_lays_out_the_spec_ports() {
    // Find a free block of five ports by binding the first one ephemerally;
    // if the block is taken the start fails with a clear error, never hangs.
    let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("probe");
    let base = probe.local_addr().expect("addr").port();
    drop(probe);
    let Some(base) = base.checked_sub(10) else {
        return;
    };
    let config = EcosystemConfig {
        port_base: base,
        ..EcosystemConfig::ephemeral()
    };
    match Ecosystem::start(config).await {
        Ok(ecosystem) => {
            let ports: Vec<_> = ecosystem
                .endpoints()
                .iter()
                .map(|e| e.addr.port())
                .collect();
            assert_eq!(ports, [base, base + 1, base + 2, base + 3, base + 4]);
            ecosystem.stop().await.expect("clean stop");
        }
        Err(err) => assert!(format!("{err:#}").contains("cannot bind"), "{err:#}"),
    }
}

#[tokio::test]
async fn the_clock_is_shared_and_only_moves_when_advanced() {
    let ecosystem = Ecosystem::start(EcosystemConfig::ephemeral())
        .await
        .expect("start");
    let before = ecosystem.clock().now();
    assert_eq!(ecosystem.clock().now(), before);
    ecosystem
        .clock()
        .advance(jiff::SignedDuration::from_hours(48))
        .expect("forward");
    assert_eq!(
        ecosystem.clock().now().duration_since(before).as_hours(),
        48
    );
    ecosystem.stop().await.expect("stop");
}

#[tokio::test]
async fn the_marketplace_serves_the_catalog_of_the_configured_seed_and_size() {
    let config = EcosystemConfig {
        seed: 42,
        catalog_size: Some(sim_marketplace::catalog::CatalogSize {
            listings: 120,
            categories: 10,
            sellers: 30,
        }),
        ..EcosystemConfig::ephemeral()
    };
    let ecosystem = Ecosystem::start(config).await.expect("start");
    let url = ecosystem.url("marketplace").expect("marketplace");
    let page: serde_json::Value = reqwest::get(format!("{url}/api/listings?limit=1"))
        .await
        .expect("reachable")
        .json()
        .await
        .expect("json");
    assert_eq!(page["total"], 120);
    let categories: serde_json::Value = reqwest::get(format!("{url}/api/categories"))
        .await
        .expect("reachable")
        .json()
        .await
        .expect("json");
    assert_eq!(categories.as_array().map(Vec::len), Some(10));
    ecosystem.stop().await.expect("stop");
}
