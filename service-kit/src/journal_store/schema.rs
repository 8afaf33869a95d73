//! The journal's tables, and the SQL that reads rows back.

pub(super) const MIGRATIONS: &[&str] = &[
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
    // Bounded bodies and retention: each row says how long its bodies were
    // as they travelled and whether what is stored was cut to the body cap, how
    // many bytes it keeps, and how many findings it had; rows dropped by
    // retention are counted so pages can say so. `exchange_usage` keeps the
    // totals current through triggers, so retention never counts rows.
    "ALTER TABLE exchange ADD COLUMN raw_len INTEGER NOT NULL DEFAULT 0;
ALTER TABLE exchange ADD COLUMN response_len INTEGER;
ALTER TABLE exchange ADD COLUMN stored_bytes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE exchange ADD COLUMN finding_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE exchange ADD COLUMN raw_cut INTEGER NOT NULL DEFAULT 0;
ALTER TABLE exchange ADD COLUMN response_cut INTEGER NOT NULL DEFAULT 0;
UPDATE exchange SET raw_len = length(raw), response_len = length(response_raw),
    stored_bytes = length(raw) + coalesce(length(response_raw), 0),
    finding_count = json_array_length(findings);
CREATE INDEX exchange_payload ON exchange (payload_id);
CREATE TABLE exchange_dropped (id INTEGER PRIMARY KEY CHECK (id = 1),
    rows INTEGER NOT NULL, bytes INTEGER NOT NULL);
CREATE TABLE exchange_usage (id INTEGER PRIMARY KEY CHECK (id = 1),
    rows INTEGER NOT NULL, bytes INTEGER NOT NULL);
INSERT INTO exchange_usage (id, rows, bytes)
    SELECT 1, count(*), coalesce(sum(stored_bytes), 0) FROM exchange;
CREATE TRIGGER exchange_usage_insert AFTER INSERT ON exchange BEGIN
    UPDATE exchange_usage SET rows = rows + 1, bytes = bytes + NEW.stored_bytes WHERE id = 1;
END;
CREATE TRIGGER exchange_usage_delete AFTER DELETE ON exchange BEGIN
    UPDATE exchange_usage SET rows = rows - 1, bytes = bytes - OLD.stored_bytes WHERE id = 1;
END;",
    // The findings of the response, when the document received is the
    // answer (a buyer's setup request gets the supplier's answer back).
    "ALTER TABLE exchange ADD COLUMN response_findings TEXT NOT NULL DEFAULT '[]';",
    // The ecosystem's sequence number taken when the exchange began (the
    // clock's `sequence`), which the dashboard merges every journal by:
    // `recorded_ns` was read after the answer came, so a request that
    // caused another exchange could be listed after it. Old rows keep
    // their `recorded_ns`, which is on the same scale. And the HTTP
    // headers of both directions, masked (JSON; NULL: not recorded).
    "ALTER TABLE exchange ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
UPDATE exchange SET sequence = recorded_ns;
ALTER TABLE exchange DROP COLUMN recorded_ns;
ALTER TABLE exchange ADD COLUMN headers TEXT;",
];

/// The highest id ever handed out, emptied journals included.
pub(super) const LAST_ID: &str = "max(coalesce((SELECT max(id) FROM exchange), 0),
                           coalesce((SELECT last_id FROM exchange_floor WHERE id = 1), 0))";

/// The columns of a listed row, in the order `row_to_exchange` reads them.
pub(super) const SUMMARY_COLUMNS: &str = "id, at, direction, peer, document_type, payload_id,
    flow_id, http_status, cxml_status, latency_us, sequence, finding_count, raw_len,
    response_len";
