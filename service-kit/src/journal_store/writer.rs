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
//! Ordered: ids are handed out as exchanges are queued, in queue order,
//! and every read first waits until each id handed out before it is
//! written ([`Writer::settled`]). Reading after recording always finds the
//! record, and a live poll's `after=` cursor never skips a row written late.

use std::{
    panic::{AssertUnwindSafe, catch_unwind},
    sync::{Arc, Mutex, PoisonError, RwLock},
};

use rusqlite::{Transaction, params};
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
    /// The last id handed out; taken and queued under this lock, so the
    /// queue's order is the ids' order.
    handed_out: Mutex<i64>,
    /// The last id the writer has written (or given up on).
    written: watch::Receiver<i64>,
    /// Callers wait for their row's commit (a journal on disk).
    durable: bool,
}

/// What a journal hands over with an exchange besides the exchange.
pub(super) struct Handing {
    pub limits: JournalLimits,
    pub masker: Arc<RwLock<cxml::mask::Masker>>,
    /// `Some`: the writer judges the document itself with these DTDs (or
    /// the CX rules alone) and replaces the exchange's findings.
    pub judge: Option<Dtds>,
}

/// One exchange waiting to be written.
struct Job {
    id: i64,
    new: NewExchange,
    trace: Trace,
    handing: Handing,
    /// Given back to the budget once the job is written.
    _room: OwnedSemaphorePermit,
    done: Option<oneshot::Sender<Result<(), String>>>,
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
        let (written_tx, written) = watch::channel(last_id);
        let durable = !store.is_in_memory();
        std::thread::Builder::new()
            .name(format!("journal-{service}"))
            .spawn(move || run(&store, service, jobs, &written_tx))
            .map_err(|err| StoreError::Task(format!("cannot start the journal writer: {err}")))?;
        Ok(Writer {
            queue,
            room: Arc::new(Semaphore::new(BUDGET_BYTES / UNIT)),
            handed_out: Mutex::new(last_id),
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
            *last += 1;
            slot.send(Job {
                id: *last,
                new,
                trace,
                handing,
                _room: room,
                done,
            });
            *last
        };
        if let Some(committed) = committed {
            committed
                .await
                .map_err(|_| stopped())?
                .map_err(StoreError::Task)?;
        }
        Ok(id)
    }

    /// Waits until every exchange handed over before this call is written.
    pub(super) async fn settled(&self) -> Result<(), StoreError> {
        let target = *self
            .handed_out
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
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
    written: &watch::Sender<i64>,
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
        let last = batch.last().map_or(0, |job| job.id);
        let outcome = catch_unwind(AssertUnwindSafe(|| write(store, &mut batch)))
            .unwrap_or_else(|_| Err("the journal writer panicked on this batch".to_owned()));
        if let Err(err) = &outcome {
            tracing::error!(service, %err, "could not journal exchanges");
        }
        written.send_replace(last);
        for job in batch.drain(..) {
            if let Some(done) = job.done {
                let _ = done.send(outcome.clone());
            }
        }
    }
}

/// Writes `batch` in one transaction; should that fail, each exchange in
/// its own, so one bad row loses no other.
fn write(store: &Store, batch: &mut [Job]) -> Result<(), String> {
    let rows: Vec<Row> = batch.iter_mut().map(Row::of).collect();
    let limits = batch
        .last()
        .map_or_else(JournalLimits::default, |job| job.handing.limits);
    let together = store.with(|conn| {
        let tx = conn.transaction()?;
        for row in &rows {
            row.insert(&tx)?;
        }
        retention::enforce(&tx, &limits)?;
        tx.commit()
    });
    if together.is_ok() || rows.len() == 1 {
        return together.map_err(|err| err.to_string());
    }
    let mut failed = None;
    for row in &rows {
        let alone = store.with(|conn| {
            let tx = conn.transaction()?;
            row.insert(&tx)?;
            retention::enforce(&tx, &limits)?;
            tx.commit()
        });
        if let Err(err) = alone {
            tracing::error!(id = row.id, %err, "could not journal an exchange");
            failed = Some(err.to_string());
        }
    }
    failed.map_or(Ok(()), Err)
}

/// An exchange as stored: masked, bounded, its findings as JSON.
struct Row {
    id: i64,
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
            new.findings = super::judge(dtds, &new.raw);
        }
        let masker = masker.read().unwrap_or_else(PoisonError::into_inner);
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
        let field = |text: &String| short_field(&masker, text);
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
            findings: findings_json(&masker, &new.findings),
            response_findings: findings_json(&masker, &new.response_findings),
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

    fn insert(&self, tx: &Transaction<'_>) -> rusqlite::Result<()> {
        tx.prepare_cached(
            "INSERT INTO exchange (id, at, direction, peer, document_type, payload_id,
                 flow_id, http_status, cxml_status, latency_us, findings, raw,
                 response_raw, sequence, raw_len, response_len, stored_bytes,
                 finding_count, raw_cut, response_cut, response_findings, headers)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                 ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
        )?
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
        Ok(())
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
