//! The buyer database's migrations, append-only: never edit a shipped one.

pub const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE TABLE carts (
    id                INTEGER PRIMARY KEY,
    user_email        TEXT NOT NULL,
    flow_id           TEXT NOT NULL UNIQUE,
    site              TEXT NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('open', 'submitted', 'abandoned')),
    operation_allowed TEXT,
    currency          TEXT,
    note              TEXT,
    updated_ms        INTEGER NOT NULL
);
CREATE INDEX carts_by_user ON carts (user_email, state);
CREATE TABLE cart_lines (
    cart_id     INTEGER NOT NULL REFERENCES carts (id),
    line_number INTEGER NOT NULL,
    item_json   TEXT NOT NULL,
    PRIMARY KEY (cart_id, line_number)
);
CREATE TABLE punchout_sessions (
    buyer_cookie TEXT PRIMARY KEY,
    cart_id      INTEGER NOT NULL REFERENCES carts (id),
    operation    TEXT NOT NULL,
    created_ms   INTEGER NOT NULL,
    returned_ms  INTEGER
);
CREATE TABLE requisitions (
    id           INTEGER PRIMARY KEY,
    number       TEXT NOT NULL UNIQUE,
    cart_id      INTEGER NOT NULL UNIQUE REFERENCES carts (id),
    requester    TEXT NOT NULL,
    flow_id      TEXT NOT NULL,
    currency     TEXT NOT NULL,
    total        TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    created_ms   INTEGER NOT NULL
);
CREATE TABLE approval_steps (
    requisition_id INTEGER NOT NULL REFERENCES requisitions (id),
    position       INTEGER NOT NULL,
    level          TEXT NOT NULL,
    decision       TEXT CHECK (decision IN ('approved', 'rejected')),
    decided_by     TEXT,
    decided_ms     INTEGER,
    PRIMARY KEY (requisition_id, position)
);
CREATE TABLE purchase_orders (
    number         TEXT PRIMARY KEY,
    requisition_id INTEGER NOT NULL UNIQUE REFERENCES requisitions (id),
    requester      TEXT NOT NULL,
    flow_id        TEXT NOT NULL,
    created_ms     INTEGER NOT NULL,
    payload_id     TEXT,
    http_status    INTEGER,
    status_code    INTEGER,
    status_text    TEXT,
    status_detail  TEXT,
    status_class   TEXT,
    sent_ms        INTEGER
);
"#,
    r#"
-- Supplier invoices against purchase orders. `flags` is a JSON array of
-- the reasons the invoice does not fit its PO (empty: matched).
CREATE TABLE invoices (
    id          INTEGER PRIMARY KEY,
    payload_id  TEXT NOT NULL UNIQUE,
    invoice_id  TEXT NOT NULL,
    po_number   TEXT NOT NULL REFERENCES purchase_orders (number),
    currency    TEXT NOT NULL,
    total       TEXT NOT NULL,
    flags       TEXT NOT NULL,
    received_ms INTEGER NOT NULL
);
CREATE INDEX invoices_by_po ON invoices (po_number);
"#,
    r#"
-- What an admin changed in the system's settings while it ran, one row
-- per kind of change (e.g. 'site', 'finance_threshold'), the value as the
-- service serialises it: written before the change takes effect, read
-- back over the configured settings at startup.
CREATE TABLE admin_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"#,
    // The mode of the punchout session a cart was last filled in: its
    // requisition's OrderRequest declares the same.
    r#"
ALTER TABLE carts ADD COLUMN test_session INTEGER NOT NULL DEFAULT 0;
"#,
];
