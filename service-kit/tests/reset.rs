//! The shared pieces of the reset of all state: a journal emptied keeps
//! handing out growing ids (also across a restart with a data dir), a
//! failing re-seed leaves the tables as they were, and the reset route
//! answers POST only.

mod support;

use service_kit::{
    Clock, Storage, Store, StoreError,
    journal::{Journal, JournalFilter},
};

#[tokio::test]
async fn ids_keep_growing_after_the_journal_is_emptied_and_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::Dir(dir.path().to_owned());
    let clock = Clock::starting_at(jiff::Timestamp::UNIX_EPOCH);
    let journal = Journal::open(&storage, "t", clock.clone()).unwrap();
    assert_eq!(
        journal.record(support::exchange(b"<cXML/>")).await.unwrap(),
        1
    );
    assert_eq!(
        journal.record(support::exchange(b"<cXML/>")).await.unwrap(),
        2
    );
    journal.clear().await.unwrap();
    assert!(
        journal
            .list(JournalFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(journal.get(2).await.unwrap().is_none());
    assert_eq!(
        journal.record(support::exchange(b"<cXML/>")).await.unwrap(),
        3
    );
    journal.clear().await.unwrap();
    drop(journal);
    let reopened = Journal::open(&storage, "t", clock).unwrap();
    assert_eq!(
        reopened
            .record(support::exchange(b"<cXML/>"))
            .await
            .unwrap(),
        4
    );
}

#[tokio::test]
async fn a_failing_reseed_changes_nothing() {
    let store = Store::open(
        &Storage::Memory,
        "n.sqlite",
        &["CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);"],
    )
    .unwrap();
    store
        .with(|c| c.execute("INSERT INTO notes (body) VALUES ('kept')", []))
        .unwrap();
    let failed = store
        .empty_and_reseed(&["notes"], |tx| {
            tx.execute("INSERT INTO nowhere VALUES (1)", []).map(|_| ())
        })
        .await;
    assert!(matches!(failed, Err(StoreError::Sqlite(_))));
    let count = |store: &Store| {
        store
            .with(|c| c.query_row("SELECT count(*) FROM notes", [], |r| r.get::<_, i64>(0)))
            .unwrap()
    };
    assert_eq!(count(&store), 1, "rolled back");
    store
        .empty_and_reseed(&["notes"], |tx| {
            tx.execute("INSERT INTO notes (body) VALUES ('seed')", [])
                .map(|_| ())
        })
        .await
        .unwrap();
    assert_eq!(count(&store), 1);
    let body: String = store
        .with(|c| c.query_row("SELECT body FROM notes", [], |r| r.get(0)))
        .unwrap();
    assert_eq!(body, "seed");
}

async fn serve(router: axum::Router, shutdown: &service_kit::Shutdown) -> String {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let service = service_kit::Service::bind("t", addr, router)
        .await
        .expect("the service binds a loopback port");
    let url = format!(
        "http://{}/api/reset",
        service
            .local_addr()
            .expect("a bound service has a local address")
    );
    tokio::spawn(service.run_until(shutdown.wait()));
    url
}

#[tokio::test]
async fn the_route_answers_post_only_and_reports_a_failure() {
    let shutdown = service_kit::Shutdown::new();
    let client = reqwest::Client::new();
    let ok = serve(
        service_kit::reset::route("t", || async { Ok(()) }),
        &shutdown,
    )
    .await;
    assert_eq!(client.get(&ok).send().await.unwrap().status(), 405);
    let reply = client.post(&ok).send().await.unwrap();
    assert_eq!(reply.status(), 200);
    assert_eq!(
        reply.text().await.unwrap(),
        r#"{"reset":true,"service":"t"}"#
    );

    let failing =
        service_kit::reset::route("t", || async { Err(StoreError::Task("disk full".into())) });
    let failing = serve(failing, &shutdown).await;
    let reply = client.post(&failing).send().await.unwrap();
    assert_eq!(reply.status(), 500);
    assert!(reply.text().await.unwrap().contains("disk full"));
    shutdown.trigger();
}
