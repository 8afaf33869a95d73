//! The journal's writer thread: what is recorded is read back by any later
//! read, ids follow the order of recording so a live poll never skips a
//! row, a journal on disk has committed a row when `record` returns, and a
//! document the journal judges itself gets its findings.

mod support;

use std::collections::BTreeSet;

use service_kit::{
    Clock, Storage,
    journal::{Journal, JournalFilter, Trace},
};
use support::exchange;

fn journal(storage: &Storage) -> Journal {
    let clock = Clock::starting_at(jiff::Timestamp::UNIX_EPOCH);
    Journal::open(storage, "w", clock).expect("the journal opens")
}

const TASKS: usize = 8;
const EACH: usize = 250;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_record_is_read_back_at_once_and_ids_have_no_gaps() {
    let journal = journal(&Storage::Memory);
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let journal = journal.clone();
            tokio::spawn(async move {
                for _ in 0..EACH {
                    let id = journal
                        .record(exchange(b"<cXML/>"))
                        .await
                        .expect("recorded");
                    let read = journal.get(id).await.expect("read");
                    assert!(
                        read.is_some(),
                        "exchange {id} is read back as soon as recorded"
                    );
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("a recording task");
    }
    let ids: Vec<i64> = journal
        .list(JournalFilter::default())
        .await
        .expect("list")
        .iter()
        .map(|e| e.id)
        .collect();
    let expected: Vec<i64> = (1..=(TASKS * EACH) as i64).collect();
    assert_eq!(ids, expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_live_poll_sees_every_row_while_others_record() {
    let journal = journal(&Storage::Memory);
    let writers: Vec<_> = (0..TASKS)
        .map(|_| {
            let journal = journal.clone();
            tokio::spawn(async move {
                for _ in 0..EACH {
                    journal
                        .record(exchange(b"<cXML/>"))
                        .await
                        .expect("recorded");
                    tokio::task::yield_now().await;
                }
            })
        })
        .collect();
    let mut seen = BTreeSet::new();
    let mut cursor = 0;
    while seen.len() < TASKS * EACH {
        let page = journal
            .list(JournalFilter {
                after: Some(cursor),
                ..JournalFilter::default()
            })
            .await
            .expect("poll");
        for exchange in &page {
            assert!(
                seen.insert(exchange.id),
                "exchange {} listed twice",
                exchange.id
            );
        }
        cursor = page.last().map_or(cursor, |e| e.id);
        tokio::task::yield_now().await;
    }
    for writer in writers {
        writer.await.expect("a recording task");
    }
    let expected: BTreeSet<i64> = (1..=(TASKS * EACH) as i64).collect();
    assert_eq!(seen, expected, "the poll skipped no row");
}

#[tokio::test]
async fn on_disk_a_row_is_committed_when_record_returns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let storage = Storage::Dir(dir.path().to_path_buf());
    let journal = journal(&storage);
    let id = journal
        .record(exchange(b"<cXML payloadID=\"disk@x\"/>"))
        .await
        .expect("recorded");
    // Read behind the journal's back: no read of the journal waits for its
    // writer here, so only a committed row can be found.
    let other = rusqlite::Connection::open(dir.path().join("w-journal.sqlite")).expect("open");
    let raw: Vec<u8> = other
        .query_row("SELECT raw FROM exchange WHERE id = ?1", [id], |row| {
            row.get(0)
        })
        .expect("the row is on disk");
    assert_eq!(raw, b"<cXML payloadID=\"disk@x\"/>");
}

#[tokio::test]
async fn a_document_the_journal_judges_gets_its_findings() {
    let journal = journal(&Storage::Memory);
    let trace = Trace {
        began: journal.begin(),
        headers: None,
    };
    let id = journal
        .record_judging(exchange(b"<cXML><Header>"), trace)
        .await
        .expect("recorded");
    let detail = journal.get(id).await.expect("read").expect("found");
    assert!(
        detail
            .findings
            .iter()
            .any(|f| f.rule == cxml::RuleId::Cx001),
        "{:?}",
        detail.findings
    );
    assert_eq!(detail.finding_count, detail.findings.len());
}

/// Two journals on one file, as `procsim certify --data-dir D` beside
/// `procsim up --data-dir D` (two processes): SQLite numbers each row as it
/// writes it, so neither takes the other's ids and no row is lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_journals_on_one_file_lose_no_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let storage = Storage::Dir(dir.path().to_path_buf());
    let (one, other) = (journal(&storage), journal(&storage));
    let write = |journal: Journal| {
        tokio::spawn(async move {
            let mut ids = Vec::new();
            for _ in 0..50 {
                ids.push(
                    journal
                        .record(exchange(b"<cXML/>"))
                        .await
                        .expect("recorded"),
                );
            }
            ids
        })
    };
    let (a, b) = (write(one.clone()), write(other.clone()));
    let mut ids: Vec<i64> = a.await.expect("one").into_iter().collect();
    ids.extend(b.await.expect("other"));
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 100, "every record has its own id: {ids:?}");
    let listed = one.list(JournalFilter::default()).await.expect("list");
    assert_eq!(listed.len(), 100);
}
