//! The journal's records: every cXML document a service sends or
//! receives, with its raw bytes (secrets masked), type, direction, peer,
//! findings, statuses, latency and the flow id that links the documents of
//! one purchase across services, in the service's own journal database.
//! Its public face is `crate::journal`, which re-exports what is here and
//! adds what needs the cXML client too (resend, the HTTP API); the cXML
//! client and adapter record their exchanges here.
//!
//! Bounded in every direction, so no partner can grow it without limit or
//! make reading it expensive: each body is kept up to
//! [`JournalLimits::body_cap`] (the row says how long it really was), the
//! findings of one document up to [`MAX_FINDINGS`], and `retention` drops
//! the oldest rows beyond [`JournalLimits::max_rows`] or
//! [`JournalLimits::max_bytes`], counting what it dropped. Lists carry no
//! bodies; one exchange at a time does.
//!
//! Rows are written by the journal's own thread (`writer`), in batches:
//! what a request hands over is masked, bounded and inserted there, so an
//! answer in memory storage never waits on its journal row.

mod headers;
mod import;
mod retention;
mod schema;
mod sent_secrets;
mod writer;

use std::{
    sync::{Arc, PoisonError, RwLock},
    time::Duration,
};

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

pub use headers::HttpHeaders;
use retention::count;
pub use retention::{JournalLimits, JournalStats};
pub use sent_secrets::MAX_KEPT;

use crate::{Clock, Storage, Store, StoreError};
use schema::{LAST_ID, MIGRATIONS, SUMMARY_COLUMNS};

/// Documents smaller than this are judged on the async worker that
/// received them: they take microseconds.
const INLINE_FINDINGS_BYTES: usize = 64 * 1024;

/// The most findings kept for one document (the count says how many it had).
pub const MAX_FINDINGS: usize = 200;

/// The most rows one list answers with.
pub const MAX_LIST: u32 = 5_000;

/// The longest a short field of a row (peer, document type, payloadID,
/// flow) is kept, in bytes: a partner chooses a payloadID or BuyerCookie,
/// and every list carries them, so they are bounded like the bodies.
pub const MAX_FIELD_BYTES: usize = 256;

/// Which way the document travelled, seen from the recording service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Inbound,
    Outbound,
}

impl Direction {
    fn as_str(self) -> &'static str {
        match self {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "inbound" => Some(Direction::Inbound),
            "outbound" => Some(Direction::Outbound),
            _ => None,
        }
    }
}

/// One exchange to record: a document and, for request/response
/// transports, the response it got.
#[derive(Clone, Debug)]
pub struct NewExchange {
    pub direction: Direction,
    /// Who is on the other side: a URL, a socket address or `browser`.
    pub peer: String,
    pub document_type: Option<String>,
    pub payload_id: Option<String>,
    pub flow_id: Option<String>,
    pub http_status: Option<u16>,
    pub cxml_status: Option<u16>,
    pub latency: Duration,
    pub findings: Vec<cxml::Finding>,
    /// The response's findings: what a service that sent the document
    /// makes of the answer it received.
    pub response_findings: Vec<cxml::Finding>,
    /// The document as it travelled; masked before it is stored.
    pub raw: Vec<u8>,
    /// The synchronous response, if any; masked before it is stored.
    pub response_raw: Option<Vec<u8>>,
}

/// A recorded exchange without its bodies, as `GET /api/journal` lists it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Exchange {
    pub id: i64,
    pub service: String,
    /// Simulated time the exchange began at (RFC 3339).
    pub at: String,
    pub direction: Direction,
    pub peer: String,
    pub document_type: Option<String>,
    pub payload_id: Option<String>,
    pub flow_id: Option<String>,
    pub http_status: Option<u16>,
    pub cxml_status: Option<u16>,
    pub latency_ms: f64,
    /// The ecosystem's sequence number taken when the exchange began
    /// ([`Clock::sequence`]): not business time (that is `at`), the order
    /// in which exchanges happened across every service's journal.
    pub sequence: i64,
    /// How many findings the document and its response had.
    pub finding_count: usize,
    /// The document's length as it travelled, in bytes.
    pub raw_bytes: u64,
    /// The response's length as it travelled, when there was one.
    pub response_bytes: Option<u64>,
}

impl Exchange {
    /// Whether the exchange is about a cXML document: it has a payloadID
    /// or a cXML status (an unreadable document answered with one). An
    /// Open Buy search, plain HTTP and JSON, has neither.
    pub fn is_cxml(&self) -> bool {
        self.payload_id.is_some() || self.cxml_status.is_some()
    }

    /// How the exchange ended: its cXML status, or the HTTP status of an
    /// exchange that is no cXML at all. A cXML exchange whose answer was
    /// not cXML has neither.
    pub fn outcome_status(&self) -> Option<u16> {
        if self.is_cxml() {
            self.cxml_status
        } else {
            self.http_status
        }
    }
}

/// One recorded exchange with its findings and bodies, as
/// `GET /api/journal/{id}` serves it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ExchangeDetail {
    #[serde(flatten)]
    pub exchange: Exchange,
    /// At most [`MAX_FINDINGS`]; `exchange.finding_count` has them all.
    pub findings: Vec<cxml::Finding>,
    /// The response's findings, at most [`MAX_FINDINGS`].
    #[serde(default)]
    pub response_findings: Vec<cxml::Finding>,
    /// The document with secrets masked (lossy UTF-8), cut to the body cap.
    pub raw: String,
    /// Whether `raw` is shorter than the document was.
    pub raw_truncated: bool,
    pub response_raw: Option<String>,
    pub response_truncated: bool,
    /// The HTTP headers both ways, masked; `None` when the exchange did
    /// not record them (a cart returned through the browser).
    #[serde(default)]
    pub headers: Option<HttpHeaders>,
}

/// A detail is its exchange plus the bodies: every summary field reads
/// through (`detail.payload_id`).
impl std::ops::Deref for ExchangeDetail {
    type Target = Exchange;

    fn deref(&self) -> &Exchange {
        &self.exchange
    }
}

/// Which exchanges to list.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct JournalFilter {
    pub flow: Option<String>,
    #[serde(rename = "type")]
    pub document_type: Option<String>,
    pub direction: Option<Direction>,
    /// Only the exchange(s) with this payloadID.
    #[serde(rename = "payload")]
    pub payload_id: Option<String>,
    /// Only exchanges with an id greater than this (for live polling).
    pub after: Option<i64>,
    /// Only exchanges with an id smaller than this (paging back).
    pub before: Option<i64>,
    /// At most this many (default and ceiling [`MAX_LIST`]).
    pub limit: Option<u32>,
    /// The newest `limit` matches rather than the oldest (still listed
    /// oldest first).
    #[serde(default)]
    pub newest: bool,
}

/// Where an exchange stands in the ecosystem's order: taken with
/// [`Journal::begin`] when it begins (before a request is sent, as soon as
/// one arrives), so a request is listed before what it caused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Began {
    sequence: i64,
    /// The simulated instant it began at: the exchange's `at`.
    at: jiff::Timestamp,
}

/// What a transport knows of an exchange beyond [`NewExchange`].
#[derive(Clone, Debug)]
pub struct Trace {
    pub began: Began,
    /// Masked before they are stored.
    pub headers: Option<HttpHeaders>,
}

/// A service's journal. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Journal {
    service: &'static str,
    store: Store,
    clock: Clock,
    limits: JournalLimits,
    /// Swapped whole when a secret is told, so what was handed to the
    /// writer is masked with the secrets known when it was recorded.
    masker: Arc<RwLock<Arc<cxml::mask::Masker>>>,
    /// The secrets recent outbound documents were sent with, for a resend
    /// (in memory only: nothing unmasked is stored).
    sent_secrets: sent_secrets::SentSecrets,
    /// The official DTDs documents are checked against, when installed.
    dtds: Dtds,
    /// Writes what is recorded, in order, off the request path.
    writer: Arc<writer::Writer>,
}

/// The official DTDs a journal checks documents against (CX002); none by
/// default, and then the CX rules alone judge. Two are equal when they
/// are the same shelf.
#[derive(Clone, Debug, Default)]
pub struct Dtds(Option<Arc<cxml::DtdShelf>>);

impl Dtds {
    pub fn new(shelf: Option<cxml::DtdShelf>) -> Self {
        Dtds(shelf.map(Arc::new))
    }

    /// The DTDs of one `version`, in `dir` (a folder holding `cXML.dtd`
    /// and its siblings), such as the checkout's `shared/cxml-dtd/1.2.071`.
    pub fn of_version(version: &str, dir: impl Into<std::path::PathBuf>) -> Self {
        Dtds::new(cxml::DtdShelf::new(vec![(
            Some(version.to_owned()),
            cxml::DtdCatalog::new(dir),
        )]))
    }

    pub fn is_some(&self) -> bool {
        self.0.is_some()
    }

    pub fn shelf(&self) -> Option<&cxml::DtdShelf> {
        self.0.as_deref()
    }
}

impl PartialEq for Dtds {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Eq for Dtds {}

impl Journal {
    /// Opens `<service>-journal.sqlite` in `storage`, with the default
    /// [`JournalLimits`].
    pub fn open(
        storage: &Storage,
        service: &'static str,
        clock: Clock,
    ) -> Result<Self, StoreError> {
        let store = Store::open(storage, &format!("{service}-journal.sqlite"), MIGRATIONS)?;
        let last_id = store
            .with(|conn| conn.query_row(&format!("SELECT {LAST_ID}"), [], |row| row.get(0)))?;
        let writer = Arc::new(writer::Writer::start(store.clone(), service, last_id)?);
        Ok(Journal {
            service,
            store,
            writer,
            clock,
            limits: JournalLimits::default(),
            masker: Arc::default(),
            sent_secrets: sent_secrets::SentSecrets::default(),
            dtds: Dtds::default(),
        })
    }

    /// The same journal, checking what it records against `dtds` too
    /// (CX002), when there are any.
    pub fn checking_dtds(mut self, dtds: Dtds) -> Self {
        self.dtds = dtds;
        self
    }

    /// What is wrong with a document, for its journal row: never a reason
    /// to refuse it on its own (receivers accept what they can
    /// understand). Well-formedness (CX001 with line and column, so the
    /// row says why a document was not read), validity against the DTD
    /// its DOCTYPE declares when the journal has DTDs (CX002; else the
    /// newest at hand), and the single-document CONFORMANCE rules.
    pub fn findings_of(&self, raw: &[u8]) -> Vec<cxml::Finding> {
        judge(&self.dtds, raw)
    }

    /// [`Journal::findings_of`] for a document on a request path: a large
    /// one (DTD validation of megabytes takes tens of milliseconds) is
    /// judged on a blocking thread, so it holds no async worker.
    pub async fn findings_off_the_workers(&self, raw: &[u8]) -> Vec<cxml::Finding> {
        if raw.len() < INLINE_FINDINGS_BYTES {
            return self.findings_of(raw);
        }
        let journal = self.clone();
        let owned = raw.to_vec();
        tokio::task::spawn_blocking(move || journal.findings_of(&owned))
            .await
            .unwrap_or_else(|err| {
                tracing::error!(error = %err, "judging a document failed; journaled without findings");
                Vec::new()
            })
    }

    /// Whether [`Journal::findings_of`] checks documents against DTDs.
    pub fn checks_dtds(&self) -> bool {
        self.dtds.is_some()
    }

    /// The same journal, bounded by `limits`.
    pub fn with_limits(mut self, limits: JournalLimits) -> Self {
        self.limits = limits;
        self
    }

    pub fn service(&self) -> &'static str {
        self.service
    }

    pub fn limits(&self) -> JournalLimits {
        self.limits
    }

    /// Masks `secret` wherever it occurs in what is recorded from now on
    /// (services tell every shared secret they configure or learn, so a
    /// secret is hidden even outside a `SharedSecret` element).
    pub fn know_secret(&self, secret: &str) {
        let known = self
            .masker
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .knows(secret);
        if !known {
            let mut masker = self.masker.write().unwrap_or_else(PoisonError::into_inner);
            Arc::make_mut(&mut masker).know(secret);
        }
    }

    /// `raw` as this journal would store it: secrets masked.
    pub fn mask(&self, raw: &[u8]) -> Vec<u8> {
        self.masker
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .mask(raw)
    }

    /// The ecosystem's next sequence number, for an exchange beginning now.
    pub fn begin(&self) -> Began {
        Began {
            sequence: self.clock.sequence(),
            at: self.clock.now(),
        }
    }

    /// Records an exchange and gives its id: on disk once its row is
    /// committed; in memory as soon as the writer has it, and every later
    /// read of the journal finds it. The oldest rows go when the journal is
    /// over its limits. It is
    /// ordered as beginning now: transports that know when an exchange
    /// began, and its headers, use [`Journal::record_traced`].
    pub async fn record(&self, new: NewExchange) -> Result<i64, StoreError> {
        let trace = Trace {
            began: self.begin(),
            headers: None,
        };
        self.record_traced(new, trace).await
    }

    /// Records an exchange that began at `trace.began`, with its headers.
    pub async fn record_traced(&self, new: NewExchange, trace: Trace) -> Result<i64, StoreError> {
        self.writer.hand_over(new, trace, self.handing(None)).await
    }

    /// Records an exchange whose document the journal judges itself
    /// ([`Journal::findings_of`], in place of `new.findings`) as it writes
    /// it, so the request that brought the document need not wait for that.
    pub async fn record_judging(&self, new: NewExchange, trace: Trace) -> Result<i64, StoreError> {
        self.writer
            .hand_over(new, trace, self.handing(Some(self.dtds.clone())))
            .await
    }

    fn handing(&self, judge: Option<Dtds>) -> writer::Handing {
        writer::Handing {
            limits: self.limits,
            masker: Arc::clone(&self.masker.read().unwrap_or_else(PoisonError::into_inner)),
            judge,
        }
    }

    /// Deletes every exchange in one transaction; ids handed out later
    /// still grow from the last one ever given. The space is given back
    /// (a journal in memory shrinks).
    pub async fn clear(&self) -> Result<(), StoreError> {
        self.writer.settled().await?;
        self.store
            .call(|conn| {
                let tx = conn.transaction()?;
                tx.execute(
                    &format!(
                        "INSERT INTO exchange_floor (id, last_id) VALUES (1, {LAST_ID})
                         ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id"
                    ),
                    [],
                )?;
                tx.execute("DELETE FROM exchange", [])?;
                tx.execute("DELETE FROM exchange_dropped", [])?;
                tx.commit()?;
                conn.execute_batch("VACUUM")
            })
            .await
    }

    /// Exchanges matching `filter`, oldest first, without their bodies.
    pub async fn list(&self, filter: JournalFilter) -> Result<Vec<Exchange>, StoreError> {
        self.writer.settled().await?;
        let service = self.service;
        self.store
            .call(move |conn| {
                let order = if filter.newest { "DESC" } else { "ASC" };
                let mut stmt = conn.prepare_cached(&format!(
                    "SELECT {SUMMARY_COLUMNS} FROM exchange
                     WHERE (?1 IS NULL OR flow_id = ?1)
                       AND (?2 IS NULL OR document_type = ?2)
                       AND (?3 IS NULL OR direction = ?3)
                       AND (?4 IS NULL OR payload_id = ?4)
                       AND id > ?5 AND (?6 IS NULL OR id < ?6)
                     ORDER BY id {order} LIMIT ?7"
                ))?;
                let rows = stmt.query_map(
                    params![
                        filter.flow,
                        filter.document_type,
                        filter.direction.map(Direction::as_str),
                        filter.payload_id,
                        filter.after.unwrap_or(0),
                        filter.before,
                        filter.limit.unwrap_or(MAX_LIST).min(MAX_LIST),
                    ],
                    |row| row_to_exchange(service, row),
                )?;
                let mut list = rows.collect::<rusqlite::Result<Vec<_>>>()?;
                if filter.newest {
                    list.reverse();
                }
                Ok(list)
            })
            .await
    }

    /// One exchange by id, with its findings and bodies.
    pub async fn get(&self, id: i64) -> Result<Option<ExchangeDetail>, StoreError> {
        self.writer.settled().await?;
        let service = self.service;
        self.store
            .call(move |conn| {
                conn.query_row(
                    &format!(
                        "SELECT {SUMMARY_COLUMNS}, findings, raw, response_raw, raw_cut,
                                response_cut, response_findings, headers
                         FROM exchange WHERE id = ?1"
                    ),
                    [id],
                    |row| {
                        let exchange = row_to_exchange(service, row)?;
                        let findings: String = row.get(14)?;
                        let raw: Vec<u8> = row.get(15)?;
                        let response_raw: Option<Vec<u8>> = row.get(16)?;
                        let response_findings: String = row.get(19)?;
                        let headers: Option<String> = row.get(20)?;
                        Ok(ExchangeDetail {
                            headers: headers.and_then(|h| serde_json::from_str(&h).ok()),
                            response_findings: serde_json::from_str(&response_findings)
                                .unwrap_or_default(),
                            raw_truncated: row.get(17)?,
                            response_truncated: row.get(18)?,
                            findings: serde_json::from_str(&findings).unwrap_or_default(),
                            raw: String::from_utf8_lossy(&raw).into_owned(),
                            response_raw: response_raw
                                .map(|r| String::from_utf8_lossy(&r).into_owned()),
                            exchange,
                        })
                    },
                )
                .optional()
            })
            .await
    }

    /// One stored body as bytes: the document, or with `response` its
    /// answer (`None`: no such exchange or no answer).
    pub async fn body(&self, id: i64, response: bool) -> Result<Option<Vec<u8>>, StoreError> {
        self.writer.settled().await?;
        let column = if response { "response_raw" } else { "raw" };
        self.store
            .call(move |conn| {
                conn.query_row(
                    &format!("SELECT {column} FROM exchange WHERE id = ?1"),
                    [id],
                    |row| row.get::<_, Option<Vec<u8>>>(0),
                )
                .optional()
                .map(Option::flatten)
            })
            .await
    }

    /// How much the journal holds, its limits and what retention dropped.
    pub async fn stats(&self) -> Result<JournalStats, StoreError> {
        self.writer.settled().await?;
        let limits = self.limits;
        self.store
            .call(move |conn| retention::stats(conn, limits))
            .await
    }
}

/// What is wrong with `raw`, judged with `dtds` when there are any, else by
/// the CX rules alone.
fn judge(dtds: &Dtds, raw: &[u8]) -> Vec<cxml::Finding> {
    let ctx = cxml::RuleContext::default();
    match &dtds.0 {
        Some(shelf) => shelf.findings(raw, &ctx),
        None => cxml::validate::check_without_dtd(raw, &ctx),
    }
}

fn row_to_exchange(service: &str, row: &rusqlite::Row<'_>) -> rusqlite::Result<Exchange> {
    let direction: String = row.get(2)?;
    let latency_us: i64 = row.get(9)?;
    Ok(Exchange {
        id: row.get(0)?,
        service: service.to_owned(),
        at: row.get(1)?,
        direction: Direction::parse(&direction).unwrap_or(Direction::Inbound),
        peer: row.get(3)?,
        document_type: row.get(4)?,
        payload_id: row.get(5)?,
        flow_id: row.get(6)?,
        http_status: row.get(7)?,
        cxml_status: row.get(8)?,
        latency_ms: latency_us as f64 / 1000.0,
        sequence: row.get(10)?,
        finding_count: usize::try_from(count(row, 11)?).unwrap_or(usize::MAX),
        raw_bytes: count(row, 12)?,
        response_bytes: row
            .get::<_, Option<i64>>(13)?
            .map(|len| u64::try_from(len).unwrap_or(0)),
    })
}
