//! `procsim up` composes five services on their own ports (mail has two:
//! web and SMTP); each answers as soon as `Ecosystem::start` returns, and
//! all stop together.

use procsim::{Ecosystem, EcosystemConfig};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpStream,
    sync::Mutex,
};

/// The tests here take turns: one checks that its freed ports no longer
/// answer, another lays out a fixed block of ports, and either would be
/// fooled by a neighbour's ecosystem that the kernel gave a port just
/// freed by a third.
static PORTS: Mutex<()> = Mutex::const_new(());

#[tokio::test]
async fn every_service_is_healthy_on_its_own_port_then_stops() {
    let _turn = PORTS.lock().await;
    let ecosystem = Ecosystem::start(EcosystemConfig::ephemeral())
        .await
        .expect("ecosystem starts");
    let names: Vec<_> = ecosystem.endpoints().iter().map(|e| e.name).collect();
    assert_eq!(
        names,
        ["dashboard", "marketplace", "coupa", "ariba", "mail", "smtp"]
    );

    let mut ports: Vec<_> = ecosystem
        .endpoints()
        .iter()
        .map(|e| e.addr.port())
        .collect();
    ports.sort_unstable();
    ports.dedup();
    assert_eq!(ports.len(), 6, "every listener has its own port");

    let urls: Vec<_> = ecosystem
        .endpoints()
        .iter()
        .filter(|e| e.scheme == "http")
        .map(|e| e.url())
        .collect();
    assert_eq!(urls.len(), 5);
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
    let _turn = PORTS.lock().await;
    // Find a free block of six ports by binding the first one ephemerally;
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
            assert_eq!(
                ports,
                [base, base + 1, base + 2, base + 3, base + 4, base + 5]
            );
            ecosystem.stop().await.expect("clean stop");
        }
        Err(err) => assert!(format!("{err:#}").contains("cannot bind"), "{err:#}"),
    }
}

#[tokio::test]
async fn the_clock_is_shared_and_only_moves_when_advanced() {
    let _turn = PORTS.lock().await;
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
async fn a_clock_that_runs_moves_on_its_own_and_the_dashboard_says_so() {
    let _turn = PORTS.lock().await;
    let config = EcosystemConfig {
        clock_runs: true,
        ..EcosystemConfig::ephemeral()
    };
    let ecosystem = Ecosystem::start(config).await.expect("start");
    let clock = ecosystem.clock();
    assert!(clock.is_running());
    let before = clock.now();
    // Real time passing is what is tested here.
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    assert!(clock.now() > before);
    let dashboard = ecosystem.endpoints()[0].url();
    let reading: serde_json::Value = reqwest::get(format!("{dashboard}/api/clock"))
        .await
        .expect("reads")
        .json()
        .await
        .expect("json");
    assert_eq!(reading["running"], true, "{reading}");
    ecosystem.stop().await.expect("stop");
}

#[tokio::test]
async fn mail_sent_over_smtp_appears_in_the_mail_api() {
    let _turn = PORTS.lock().await;
    let ecosystem = Ecosystem::start(EcosystemConfig::ephemeral())
        .await
        .expect("start");
    let smtp = ecosystem.url("smtp").expect("smtp endpoint");
    let addr = smtp.strip_prefix("smtp://").expect("smtp url");
    let stream = TcpStream::connect(addr).await.expect("connect");
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader);
    let mut transcript = String::new();
    writer
        .write_all(
            b"HELO test\r\nMAIL FROM:<shop@market.test>\r\nRCPT TO:<ann@buyer.test>\r\n\
              DATA\r\nSubject: F16\r\n\r\nhello\r\n.\r\nQUIT\r\n",
        )
        .await
        .expect("write");
    while reader.read_line(&mut transcript).await.expect("read") > 0 {}
    let codes: Vec<_> = transcript.lines().map(|l| &l[..3]).collect();
    assert_eq!(codes, ["220", "250", "250", "250", "354", "250", "221"]);

    let mail = ecosystem.url("mail").expect("mail endpoint");
    let body = reqwest::get(format!("{mail}/api/v1/messages"))
        .await
        .expect("reachable")
        .text()
        .await
        .expect("body");
    let list: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(list["messages"][0]["Subject"], "F16");
    ecosystem.stop().await.expect("stop");
}

#[tokio::test]
async fn the_marketplace_serves_the_catalog_of_the_configured_seed_and_size() {
    let _turn = PORTS.lock().await;
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

/// The dashboard's home page says how much punchout state the marketplace
/// holds and what bounds it (issue 10: "show the current sizes"); a
/// punchout opened at the marketplace shows up in it.
#[tokio::test]
async fn the_dashboard_shows_what_the_marketplace_holds_and_its_bounds() {
    let _turn = PORTS.lock().await;
    let ecosystem = Ecosystem::start(EcosystemConfig::ephemeral())
        .await
        .expect("start");
    let dashboard = ecosystem.url("dashboard").expect("a dashboard");
    let home = |dashboard: String| async move {
        reqwest::get(format!("{dashboard}/"))
            .await
            .expect("reads")
            .text()
            .await
            .expect("text")
    };
    let page = home(dashboard.clone()).await;
    assert!(
        page.contains("The marketplace holds 0 open punchout sessions and 0 StartPages not yet opened (at most 10,000 and 10,000; a StartPage lapses after 10 minutes, a session after 2 idle hours)"),
        "{page}"
    );
    let coupa = ecosystem.url("coupa").expect("coupa");
    let jane = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let punchout = jane
        .get(format!("{coupa}/punchout/marketplace"))
        .header("cookie", "coupa_user=jane@acme.test")
        .send()
        .await
        .expect("punches out");
    assert_eq!(punchout.status(), 303);
    let page = home(dashboard).await;
    assert!(page.contains("and 1 StartPage not yet opened"), "{page}");
    ecosystem.stop().await.expect("stop");
}
