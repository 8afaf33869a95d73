//! The journal stays bounded and never shows a secret: bodies cut to the
//! cap and said so, the oldest rows dropped beyond the limits and counted,
//! lists without bodies, known secrets masked anywhere, and a reset that
//! gives the space back.

mod support;

use service_kit::{
    Clock, Storage,
    journal::{Journal, JournalFilter, JournalLimits},
};
use support::exchange;

fn journal(limits: JournalLimits) -> Journal {
    let clock = Clock::starting_at(jiff::Timestamp::UNIX_EPOCH);
    Journal::open(&Storage::Memory, "t", clock)
        .expect("an in-memory journal opens")
        .with_limits(limits)
}

#[tokio::test]
async fn a_body_over_the_cap_is_cut_and_says_how_long_it_was() {
    let journal = journal(JournalLimits {
        body_cap: 100,
        ..JournalLimits::default()
    });
    let body = vec![b'x'; 1_000];
    let id = journal.record(exchange(&body)).await.unwrap();
    let detail = journal.get(id).await.unwrap().unwrap();
    assert_eq!(detail.raw.len(), 100);
    assert!(detail.raw_truncated);
    assert_eq!(detail.raw_bytes, 1_000);
    assert!(!detail.response_truncated);
    assert_eq!(journal.body(id, false).await.unwrap().unwrap().len(), 100);
}

#[tokio::test]
async fn the_oldest_rows_go_beyond_the_row_limit_and_are_counted() {
    let journal = journal(JournalLimits {
        max_rows: 100,
        ..JournalLimits::default()
    });
    for _ in 0..1_000 {
        journal.record(exchange(b"<cXML/>")).await.unwrap();
    }
    let stats = journal.stats().await.unwrap();
    assert!(stats.rows <= 100, "{stats:?}");
    assert!(
        stats.rows >= 90,
        "pruned to nine tenths, not emptied: {stats:?}"
    );
    assert_eq!(stats.rows + stats.dropped_rows, 1_000);
    let kept = journal.list(JournalFilter::default()).await.unwrap();
    assert_eq!(kept.len() as u64, stats.rows);
    assert_eq!(kept.last().unwrap().id, 1_000, "the newest stay");
}

#[tokio::test]
async fn the_oldest_rows_go_beyond_the_byte_limit() {
    let journal = journal(JournalLimits {
        max_bytes: 100_000,
        ..JournalLimits::default()
    });
    for _ in 0..100 {
        journal.record(exchange(&[b'y'; 10_000])).await.unwrap();
    }
    let stats = journal.stats().await.unwrap();
    assert!(stats.bytes <= 100_000, "{stats:?}");
    assert!(stats.dropped_bytes > 0);
}

#[tokio::test]
async fn lists_page_and_filter_by_payload() {
    let journal = journal(JournalLimits::default());
    for n in 0..10 {
        let mut new = exchange(b"<cXML/>");
        new.payload_id = Some(format!("p{n}@x"));
        journal.record(new).await.unwrap();
    }
    let newest = journal
        .list(JournalFilter {
            newest: true,
            limit: Some(3),
            ..JournalFilter::default()
        })
        .await
        .unwrap();
    let ids: Vec<i64> = newest.iter().map(|e| e.id).collect();
    assert_eq!(ids, [8, 9, 10], "the newest, oldest first");
    let older = journal
        .list(JournalFilter {
            before: Some(8),
            newest: true,
            limit: Some(2),
            ..JournalFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(older.iter().map(|e| e.id).collect::<Vec<_>>(), [6, 7]);
    let one = journal
        .list(JournalFilter {
            payload_id: Some("p4@x".into()),
            ..JournalFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].id, 5);
}

#[tokio::test]
async fn a_known_secret_is_masked_anywhere_in_what_is_stored() {
    let journal = journal(JournalLimits::default());
    journal.know_secret("s3cret-of-the-site");
    let raw = b"<cXML><Status text=\"s3cret-of-the-site\"/><SharedSecret>coupa-shared-secret";
    let id = journal.record(exchange(raw)).await.unwrap();
    let detail = journal.get(id).await.unwrap().unwrap();
    assert!(!detail.raw.contains("s3cret-of-the-site"), "{}", detail.raw);
    assert!(
        !detail.raw.contains("coupa-shared-secret"),
        "{}",
        detail.raw
    );
    assert!(format!("{journal:?}").contains("known_secrets: 1"));
}

#[tokio::test]
async fn a_cleared_journal_in_memory_gives_its_space_back() {
    let journal = journal(JournalLimits::default());
    for _ in 0..200 {
        journal.record(exchange(&[b'z'; 50_000])).await.unwrap();
    }
    let full = journal.stats().await.unwrap();
    assert!(full.bytes > 9_000_000 && full.database_bytes > 9_000_000);
    journal.clear().await.unwrap();
    let stats = journal.stats().await.unwrap();
    assert_eq!((stats.rows, stats.bytes, stats.dropped_rows), (0, 0, 0));
    assert!(stats.database_bytes < 1_000_000, "{stats:?}");
}

/// A partner chooses the payloadID and the BuyerCookie that names a flow:
/// a known secret there is masked in the row and in every list, and a
/// field of megabytes is kept to its first MAX_FIELD_BYTES (said with `…`).
#[tokio::test]
async fn the_short_fields_are_masked_and_bounded_too() {
    let journal = journal(JournalLimits::default());
    journal.know_secret("coupa-shared-secret");
    let mut new = exchange(b"<cXML/>");
    new.payload_id = Some("coupa-shared-secret".into());
    new.flow_id = Some("punchout-coupa-shared-secret".into());
    new.peer = "http://x.test/?k=coupa-shared-secret".into();
    let id = journal.record(new).await.unwrap();
    let listed = journal.list(JournalFilter::default()).await.unwrap();
    let detail = journal.get(id).await.unwrap().unwrap();
    let shown = format!("{listed:?} {detail:?}");
    assert!(!shown.contains("coupa-shared-secret"), "{shown}");
    assert_eq!(detail.payload_id.as_deref(), Some("***"));
    assert_eq!(detail.flow_id.as_deref(), Some("punchout-***"));

    let mut huge = exchange(b"<cXML/>");
    huge.payload_id = Some("é".repeat(4 * 1024 * 1024));
    huge.document_type = Some("D".repeat(100_000));
    let id = journal.record(huge).await.unwrap();
    let detail = journal.get(id).await.unwrap().unwrap();
    let payload = detail.payload_id.clone().unwrap();
    assert!(
        payload.len() <= service_kit::journal::MAX_FIELD_BYTES,
        "{}",
        payload.len()
    );
    assert!(payload.ends_with('…'), "{payload}");
    assert!(detail.document_type.as_ref().unwrap().len() <= service_kit::journal::MAX_FIELD_BYTES);
    let list = journal.list(JournalFilter::default()).await.unwrap();
    let listed = serde_json::to_string(&list).unwrap();
    assert!(listed.len() < 4_096, "the list is {} bytes", listed.len());
}
