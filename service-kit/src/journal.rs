//! The journal: every cXML document a service sends or receives, with its
//! raw bytes (secrets masked), type, direction, peer, findings, statuses,
//! latency and the flow id that links the documents of one purchase across
//! services. Each service keeps its own journal database and serves it as
//! JSON at `GET /api/journal`; the dashboard merges them.

use std::time::Duration;

use axum::{
    Json, Router,
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::{Clock, Storage, Store, StoreError};

const MIGRATIONS: &[&str] = &[
    "CREATE TABLE exchange (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    direction     TEXT NOT NULL,
    peer          TEXT NOT NULL,
    document_type TEXT,
    payload_id    TEXT,
    flow_id       TEXT,
    http_status   INTEGER,
    cxml_status   INTEGER,
    latency_us    INTEGER NOT NULL,
    findings      TEXT NOT NULL,
    raw           BLOB NOT NULL,
    response_raw  BLOB
);
CREATE INDEX exchange_flow ON exchange (flow_id);",
    // Orders exchanges recorded at the same simulated instant (a whole
    // purchase happens without the clock moving) across services.
    "ALTER TABLE exchange ADD COLUMN recorded_ns INTEGER NOT NULL DEFAULT 0;",
    // The last id handed out before the journal was last emptied, so ids
    // keep growing across a reset (pages link `/journal/{service}/{id}`
    // and live polling asks for ids `after=` a cursor).
    "CREATE TABLE exchange_floor (id INTEGER PRIMARY KEY CHECK (id = 1), last_id INTEGER NOT NULL);",
];

/// The highest id ever handed out, emptied journals included.
const LAST_ID: &str = "max(coalesce((SELECT max(id) FROM exchange), 0),
                           coalesce((SELECT last_id FROM exchange_floor WHERE id = 1), 0))";

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
    /// The document as it travelled; masked before it is stored.
    pub raw: Vec<u8>,
    /// The synchronous response, if any; masked before it is stored.
    pub response_raw: Option<Vec<u8>>,
}

/// A recorded exchange, as served by `GET /api/journal`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Exchange {
    pub id: i64,
    pub service: String,
    /// Simulated time of the exchange (RFC 3339).
    pub at: String,
    pub direction: Direction,
    pub peer: String,
    pub document_type: Option<String>,
    pub payload_id: Option<String>,
    pub flow_id: Option<String>,
    pub http_status: Option<u16>,
    pub cxml_status: Option<u16>,
    pub latency_ms: f64,
    /// Wall-clock nanoseconds when the exchange was recorded: not business
    /// time (that is `at`), only the order of exchanges within one
    /// simulated instant, across services.
    pub recorded_ns: i64,
    pub findings: Vec<cxml::Finding>,
    /// The document with secrets masked (lossy UTF-8).
    pub raw: String,
    pub response_raw: Option<String>,
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

/// Which exchanges to list.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct JournalFilter {
    pub flow: Option<String>,
    #[serde(rename = "type")]
    pub document_type: Option<String>,
    pub direction: Option<Direction>,
    /// Only exchanges with an id greater than this (for live polling).
    pub after: Option<i64>,
    pub limit: Option<u32>,
}

/// A service's journal. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Journal {
    service: &'static str,
    store: Store,
    clock: Clock,
}

impl Journal {
    /// Opens `<service>-journal.sqlite` in `storage`.
    pub fn open(
        storage: &Storage,
        service: &'static str,
        clock: Clock,
    ) -> Result<Self, StoreError> {
        let store = Store::open(storage, &format!("{service}-journal.sqlite"), MIGRATIONS)?;
        Ok(Journal {
            service,
            store,
            clock,
        })
    }

    pub fn service(&self) -> &'static str {
        self.service
    }

    /// Records an exchange (committed when this returns) and gives its id.
    pub async fn record(&self, new: NewExchange) -> Result<i64, StoreError> {
        let at = self.clock.now().to_string();
        let findings = serde_json::to_string(&new.findings).unwrap_or_else(|_| "[]".to_owned());
        let raw = cxml::mask::mask_secrets(&new.raw);
        let response_raw = new.response_raw.as_deref().map(cxml::mask::mask_secrets);
        let latency_us = i64::try_from(new.latency.as_micros()).unwrap_or(i64::MAX);
        let recorded_ns = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
        self.store
            .call(move |conn| {
                conn.prepare_cached(&format!(
                    "INSERT INTO exchange (id, at, direction, peer, document_type, payload_id,
                         flow_id, http_status, cxml_status, latency_us, findings, raw,
                         response_raw, recorded_ns)
                     VALUES ({LAST_ID} + 1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,
                         ?12, ?13)"
                ))?
                .execute(params![
                    at,
                    new.direction.as_str(),
                    new.peer,
                    new.document_type,
                    new.payload_id,
                    new.flow_id,
                    new.http_status,
                    new.cxml_status,
                    latency_us,
                    findings,
                    raw,
                    response_raw,
                    recorded_ns,
                ])?;
                Ok(conn.last_insert_rowid())
            })
            .await
    }

    /// Deletes every exchange in one transaction; ids handed out later
    /// still grow from the last one ever given.
    pub async fn clear(&self) -> Result<(), StoreError> {
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
                tx.commit()
            })
            .await
    }

    /// Exchanges matching `filter`, oldest first.
    pub async fn list(&self, filter: JournalFilter) -> Result<Vec<Exchange>, StoreError> {
        let service = self.service;
        self.store
            .call(move |conn| {
                let mut stmt = conn.prepare(
                    "SELECT id, at, direction, peer, document_type, payload_id, flow_id,
                            http_status, cxml_status, latency_us, findings, raw, response_raw,
                            recorded_ns
                     FROM exchange
                     WHERE (?1 IS NULL OR flow_id = ?1)
                       AND (?2 IS NULL OR document_type = ?2)
                       AND (?3 IS NULL OR direction = ?3)
                       AND id > ?4
                     ORDER BY id LIMIT ?5",
                )?;
                let rows = stmt.query_map(
                    params![
                        filter.flow,
                        filter.document_type,
                        filter.direction.map(Direction::as_str),
                        filter.after.unwrap_or(0),
                        filter.limit.unwrap_or(1000).min(10_000),
                    ],
                    |row| row_to_exchange(service, row),
                )?;
                rows.collect()
            })
            .await
    }

    /// One exchange by id.
    pub async fn get(&self, id: i64) -> Result<Option<Exchange>, StoreError> {
        let service = self.service;
        self.store
            .call(move |conn| {
                conn.query_row(
                    "SELECT id, at, direction, peer, document_type, payload_id, flow_id,
                            http_status, cxml_status, latency_us, findings, raw, response_raw,
                            recorded_ns
                     FROM exchange WHERE id = ?1",
                    [id],
                    |row| row_to_exchange(service, row),
                )
                .optional()
            })
            .await
    }
}

fn row_to_exchange(service: &str, row: &rusqlite::Row<'_>) -> rusqlite::Result<Exchange> {
    let direction: String = row.get(2)?;
    let latency_us: i64 = row.get(9)?;
    let findings: String = row.get(10)?;
    let raw: Vec<u8> = row.get(11)?;
    let response_raw: Option<Vec<u8>> = row.get(12)?;
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
        recorded_ns: row.get(13)?,
        findings: serde_json::from_str(&findings).unwrap_or_default(),
        raw: String::from_utf8_lossy(&raw).into_owned(),
        response_raw: response_raw.map(|r| String::from_utf8_lossy(&r).into_owned()),
    })
}

/// `GET /api/journal?flow=&type=&direction=&after=&limit=` and
/// `GET /api/journal/{id}`.
pub fn routes(journal: Journal) -> Router {
    Router::new()
        .route("/api/journal", get(list_handler))
        .route("/api/journal/{id}", get(get_handler))
        .with_state(journal)
}

async fn list_handler(
    State(journal): State<Journal>,
    Query(filter): Query<JournalFilter>,
) -> Response {
    match journal.list(filter).await {
        Ok(list) => Json(list).into_response(),
        Err(err) => internal(&err),
    }
}

async fn get_handler(
    State(journal): State<Journal>,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> Response {
    match journal.get(id).await {
        Ok(Some(exchange)) => Json(exchange).into_response(),
        Ok(None) => (
            StatusCode::NOT_FOUND,
            Json(serde_json::json!({"error": format!("no exchange {id}")})),
        )
            .into_response(),
        Err(err) => internal(&err),
    }
}

fn internal(err: &StoreError) -> Response {
    tracing::error!(%err, "journal query failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Json(serde_json::json!({"error": "the journal could not be read"})),
    )
        .into_response()
}
