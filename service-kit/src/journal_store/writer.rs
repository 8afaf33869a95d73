//! The journal's writer: one thread per opened journal that takes the
//! exchanges handed to it, judges them when asked, masks and bounds them,
//! and inserts them in batches, one transaction per batch.
//!
//! A request is answered without waiting for its journal row when the
//! journal is in memory (nothing of it would survive the process anyway);
//! on disk the caller waits until its row is committed, and the exchanges
//! that arrived meanwhile share that commit and its `fsync`.
//!
//! Bounded: at most [`QUEUE`] exchanges and [`BUDGET_BYTES`] of bodies wait
//! at once; a caller past either waits for room, so a burst slows the
//! senders rather than growing memory.
//!
//! Ordered: exchanges are numbered as they are queued, and every read
//! first waits until each one queued before it is written
//! ([`Writer::settled`]), so reading after recording always finds the
//! record. In memory the ids are handed out with those numbers, in queue
//! order, so a live poll's `after=` cursor never skips a row written late;
//! on disk SQLite gives each row its id inside the transaction that
//! writes it, as another process may write the same file.
//!
//! One exchange cannot cost another: each row is made (judged, masked) on
//! its own, a panic while judging costs only its findings, and when a
//! batch cannot be written whole each row is written alone and each caller
//! told its own outcome.

use std::{
    panic::{AssertUnwindSafe, catch_unwind},
    sync::{Arc, Mutex, PoisonError},
};

use rusqlite::{Transaction, params};

use super::schema::LAST_ID;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, oneshot, watch};

use super::{
    Dtds, JournalLimits, MAX_FIELD_BYTES, MAX_FINDINGS, NewExchange, Trace, retention,
    retention::signed,
};
use crate::{Store, StoreError};

/// The most exchanges waiting to be written.
pub(super) const QUEUE: usize = 256;

/// The most body bytes waiting to be written (a document and its answer
/// count as one exchange's bytes; one larger than this waits for all of it).
pub(super) const BUDGET_BYTES: usize = 32 * 1024 * 1024;

/// The unit the budget is counted in.
const UNIT: usize = 64 * 1024;

/// The most exchanges inserted in one transaction.
const BATCH: usize = 128;

/// What ends a short field that was cut.
const CUT_MARK: &str = "…";

/// Hands exchanges to the writer thread and tells readers when it caught up.
#[derive(Debug)]
pub(super) struct Writer {
    queue: mpsc::Sender<Job>,
    room: Arc<Semaphore>,
    /// What was handed out last; taken and queued under this lock, so the
    /// queue's order is the numbers' (and in memory the ids') order.
    handed_out: Mutex<HandedOut>,
    /// The number of the last exchange the writer has written (or given
    /// up on).
    written: watch::Receiver<u64>,
    /// Callers wait for their row's commit and SQLite numbers the rows (a
    /// journal on disk).
    durable: bool,
}

#[derive(Debug)]
struct HandedOut {
    /// The last exchange's number in the queue.
    number: u64,
    /// In memory: the last id handed out.
    id: i64,
}

/// What a journal hands over with an exchange besides the exchange.
pub(super) struct Handing {
    pub limits: JournalLimits,
    /// The masker as it was when the exchange was recorded.
    pub masker: Arc<cxml::mask::Masker>,
    /// `Some`: the writer judges the document itself with these DTDs (or
    /// the CX rules alone) and replaces the exchange's findings.
    pub judge: Option<Dtds>,
}

/// One exchange waiting to be written.
struct Job {
    number: u64,
    /// In memory, the id handed out; on disk SQLite gives it.
    id: Option<i64>,
    new: NewExchange,
    trace: Trace,
    handing: Handing,
    /// Given back to the budget once the job is written.
    _room: OwnedSemaphorePermit,
    done: Option<oneshot::Sender<Result<i64, String>>>,
}

impl Writer {
    /// Starts the writer thread of the journal in `store`, whose highest id
    /// so far is `last_id`.
    pub(super) fn start(
        store: Store,
        service: &'static str,
        last_id: i64,
    ) -> Result<Self, StoreError> {
        let (queue, jobs) = mpsc::channel(QUEUE);
        let (written_tx, written) = watch::channel(0);
        let durable = !store.is_in_memory();
        std::thread::Builder::new()
            .name(format!("journal-{service}"))
            .spawn(move || run(&store, service, jobs, &written_tx))
            .map_err(|err| StoreError::Task(format!("cannot start the journal writer: {err}")))?;
        Ok(Writer {
            queue,
            room: Arc::new(Semaphore::new(BUDGET_BYTES / UNIT)),
            handed_out: Mutex::new(HandedOut {
                number: 0,
                id: last_id,
            }),
            written,
            durable,
        })
    }

    /// Queues an exchange and gives its id: at once in memory, once it is
    /// committed on disk.
    pub(super) async fn hand_over(
        &self,
        new: NewExchange,
        trace: Trace,
        handing: Handing,
    ) -> Result<i64, StoreError> {
        let bytes = new.raw.len() + new.response_raw.as_ref().map_or(0, Vec::len);
        let units = bytes.div_ceil(UNIT).clamp(1, BUDGET_BYTES / UNIT);
        let room = Arc::clone(&self.room)
            .acquire_many_owned(u32::try_from(units).unwrap_or(u32::MAX))
            .await
            .map_err(|_| stopped())?;
        let slot = self.queue.reserve().await.map_err(|_| stopped())?;
        let (done, committed) = if self.durable {
            let (tx, rx) = oneshot::channel();
            (Some(tx), Some(rx))
        } else {
            (None, None)
        };
        let id = {
            let mut last = self
                .handed_out
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            last.number += 1;
            let id = (!self.durable).then(|| {
                last.id += 1;
                last.id
            });
            slot.send(Job {
                number: last.number,
                id,
                new,
                trace,
                handing,
                _room: room,
                done,
            });
            id
        };
        match (committed, id) {
            (Some(committed), _) => committed
                .await
                .map_err(|_| stopped())?
                .map_err(StoreError::Task),
            (None, Some(id)) => Ok(id),
            (None, None) => Err(stopped()),
        }
    }

    /// Waits until every exchange handed over before this call is written.
    pub(super) async fn settled(&self) -> Result<(), StoreError> {
        let target = self
            .handed_out
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .number;
        let mut written = self.written.clone();
        written
            .wait_for(|last| *last >= target)
            .await
            .map(|_| ())
            .map_err(|_| stopped())
    }
}

fn stopped() -> StoreError {
    StoreError::Task("the journal's writer has stopped".to_owned())
}

/// The writer thread: until every handle is gone, takes what is queued
/// (up to [`BATCH`] at a time) and writes it.
fn run(
    store: &Store,
    service: &'static str,
    mut jobs: mpsc::Receiver<Job>,
    written: &watch::Sender<u64>,
) {
    let mut batch = Vec::with_capacity(BATCH);
    while let Some(job) = jobs.blocking_recv() {
        batch.push(job);
        while batch.len() < BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let last = batch.last().map_or(0, |job| job.number);
        let rows: Vec<Result<Row, String>> = batch
            .iter_mut()
            .map(|job| {
                catch_unwind(AssertUnwindSafe(|| Row::of(job)))
                    .map_err(|_| "the exchange could not be made into a row".to_owned())
            })
            .collect();
        let limits = batch
            .last()
            .map_or_else(JournalLimits::default, |job| job.handing.limits);
        let outcomes = write(store, &rows, &limits);
        for (job, outcome) in batch.drain(..).zip(outcomes) {
            if let Err(err) = &outcome {
                tracing::error!(service, %err, "could not journal an exchange");
            }
            if let Some(done) = job.done {
                let _ = done.send(outcome);
            }
        }
        written.send_replace(last);
    }
}

/// Writes `rows` in one transaction; should that fail, each in its own, so
/// one bad row loses no other. Each row's id, or why it was not written.
fn write(
    store: &Store,
    rows: &[Result<Row, String>],
    limits: &JournalLimits,
) -> Vec<Result<i64, String>> {
    let together = store.with(|conn| {
        let tx = conn.transaction()?;
        let mut ids = Vec::with_capacity(rows.len());
        for row in rows {
            ids.push(match row {
                Ok(row) => Ok(row.insert(&tx)?),
                Err(why) => Err(why.clone()),
            });
        }
        retention::enforce(&tx, limits)?;
        tx.commit()?;
        Ok(ids)
    });
    match together {
        Ok(ids) => ids,
        Err(err) if rows.len() == 1 => vec![Err(err.to_string())],
        Err(_) => rows
            .iter()
            .map(|row| {
                let row = row.as_ref().map_err(Clone::clone)?;
                store
                    .with(|conn| {
                        let tx = conn.transaction()?;
                        let id = row.insert(&tx)?;
                        retention::enforce(&tx, limits)?;
                        tx.commit()?;
                        Ok(id)
                    })
                    .map_err(|err| err.to_string())
            })
            .collect(),
    }
}

/// An exchange as stored: masked, bounded, its findings as JSON.
struct Row {
    /// In memory, the id handed out; on disk SQLite gives it.
    id: Option<i64>,
    at: String,
    direction: &'static str,
    peer: String,
    document_type: Option<String>,
    payload_id: Option<String>,
    flow_id: Option<String>,
    http_status: Option<u16>,
    cxml_status: Option<u16>,
    latency_us: i64,
    findings: String,
    response_findings: String,
    finding_count: usize,
    raw: Vec<u8>,
    raw_len: usize,
    raw_cut: bool,
    response_raw: Option<Vec<u8>>,
    response_len: Option<usize>,
    response_cut: bool,
    sequence: i64,
    headers: Option<String>,
}

impl Row {
    fn of(job: &mut Job) -> Row {
        let Handing {
            limits,
            masker,
            judge,
        } = &job.handing;
        let new = &mut job.new;
        if let Some(dtds) = judge {
            // A document that makes the judge panic costs its findings,
            // not its row.
            new.findings = catch_unwind(AssertUnwindSafe(|| super::judge(dtds, &new.raw)))
                .unwrap_or_else(|_| {
                    tracing::error!("judging a document panicked; journaled without findings");
                    Vec::new()
                });
        }
        let mask = |raw: &[u8]| masker.mask(raw);
        let headers = job
            .trace
            .headers
            .take()
            .map(|h| h.masked(mask))
            .and_then(|h| serde_json::to_string(&h).ok());
        let (raw, raw_cut) = capped(mask(&new.raw), limits.body_cap);
        let (response_raw, response_cut) = match &new.response_raw {
            Some(r) => {
                let (r, cut) = capped(mask(r), limits.body_cap);
                (Some(r), cut)
            }
            None => (None, false),
        };
        // The short fields come from the partner too (a payloadID, a
        // BuyerCookie in the flow): masked and bounded like the bodies.
        let field = |text: &String| short_field(masker, text);
        Row {
            id: job.id,
            at: job.trace.began.at.to_string(),
            direction: new.direction.as_str(),
            peer: field(&new.peer),
            document_type: new.document_type.as_ref().map(field),
            payload_id: new.payload_id.as_ref().map(field),
            flow_id: new.flow_id.as_ref().map(field),
            http_status: new.http_status,
            cxml_status: new.cxml_status,
            latency_us: i64::try_from(new.latency.as_micros()).unwrap_or(i64::MAX),
            findings: findings_json(masker, &new.findings),
            response_findings: findings_json(masker, &new.response_findings),
            finding_count: new.findings.len() + new.response_findings.len(),
            raw,
            raw_len: new.raw.len(),
            raw_cut,
            response_raw,
            response_len: new.response_raw.as_ref().map(Vec::len),
            response_cut,
            sequence: job.trace.began.sequence,
            headers,
        }
    }

    /// The bytes the row counts against the journal's `max_bytes`.
    fn stored_bytes(&self) -> usize {
        self.raw.len()
            + self.response_raw.as_ref().map_or(0, Vec::len)
            + [&self.document_type, &self.payload_id, &self.flow_id]
                .iter()
                .map(|f| f.as_ref().map_or(0, String::len))
                .sum::<usize>()
            + self.peer.len()
            + self.findings.len()
            + self.response_findings.len()
            + self.headers.as_ref().map_or(0, String::len)
    }

    /// Inserts the row: with its id, or (on disk) the next one SQLite has.
    fn insert(&self, tx: &Transaction<'_>) -> rusqlite::Result<i64> {
        tx.prepare_cached(&format!(
            "INSERT INTO exchange (id, at, direction, peer, document_type, payload_id,
                 flow_id, http_status, cxml_status, latency_us, findings, raw,
                 response_raw, sequence, raw_len, response_len, stored_bytes,
                 finding_count, raw_cut, response_cut, response_findings, headers)
             VALUES (coalesce(?1, {LAST_ID} + 1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,
                 ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)"
        ))?
        .execute(params![
            self.id,
            self.at,
            self.direction,
            self.peer,
            self.document_type,
            self.payload_id,
            self.flow_id,
            self.http_status,
            self.cxml_status,
            self.latency_us,
            self.findings,
            self.raw,
            self.response_raw,
            self.sequence,
            signed(self.raw_len as u64),
            self.response_len.map(|len| signed(len as u64)),
            signed(self.stored_bytes() as u64),
            signed(self.finding_count as u64),
            self.raw_cut,
            self.response_cut,
            self.response_findings,
            self.headers,
        ])?;
        Ok(tx.last_insert_rowid())
    }
}

/// At most [`MAX_FINDINGS`] of `findings` as JSON, masked: findings quote
/// the document (element text, values).
fn findings_json(masker: &cxml::mask::Masker, findings: &[cxml::Finding]) -> String {
    serde_json::to_string(&findings[..findings.len().min(MAX_FINDINGS)])
        .map(|json| String::from_utf8_lossy(&masker.mask(json.as_bytes())).into_owned())
        .unwrap_or_else(|_| "[]".to_owned())
}

/// A short field as stored: masked, and cut to [`MAX_FIELD_BYTES`] (at a
/// character boundary, ending in `…`) when longer.
fn short_field(masker: &cxml::mask::Masker, text: &str) -> String {
    let masked = String::from_utf8_lossy(&masker.mask(text.as_bytes())).into_owned();
    if masked.len() <= MAX_FIELD_BYTES {
        return masked;
    }
    let mut end = MAX_FIELD_BYTES - CUT_MARK.len();
    while !masked.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{CUT_MARK}", &masked[..end])
}

/// `bytes` cut to at most `cap`, and whether that cut anything.
fn capped(mut bytes: Vec<u8>, cap: usize) -> (Vec<u8>, bool) {
    let cut = bytes.len() > cap;
    bytes.truncate(cap);
    (bytes, cut)
}
