//! The marketplace's own database (`marketplace.sqlite` under the data dir,
//! memory otherwise): accounts and their connections, received orders,
//! agreements, returned carts, the mail outbox, invoices, private
//! marketplaces, sellers' offer revisions, Ariba buyers' relationship
//! requests and the history of accounts' settings. Migrations are
//! append-only; never edit one that has shipped.

use service_kit::{Storage, Store, StoreError};

pub const FILE_NAME: &str = "marketplace.sqlite";

const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    po_management INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE users (
    email TEXT PRIMARY KEY COLLATE NOCASE,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    admin INTEGER NOT NULL
);
CREATE TABLE connections (
    account_id TEXT NOT NULL REFERENCES accounts(id),
    id TEXT NOT NULL,
    position INTEGER NOT NULL,
    system TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    buyer_domain TEXT NOT NULL,
    buyer_identity TEXT NOT NULL,
    supplier_domain TEXT NOT NULL,
    supplier_identity TEXT NOT NULL,
    sender_domain TEXT NOT NULL,
    sender_identity TEXT NOT NULL,
    shared_secret TEXT NOT NULL,
    coupa_instance_url TEXT,
    invoice_url TEXT,
    redirect INTEGER NOT NULL,
    free_preapproved INTEGER NOT NULL,
    byol_preapproved INTEGER NOT NULL,
    test_mode INTEGER NOT NULL,
    form_encoding TEXT NOT NULL,
    PRIMARY KEY (account_id, id)
);
-- Orders acknowledged with 200; refused orders leave no row.
CREATE TABLE orders (
    payload_id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    order_id TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    test_mode INTEGER NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (account_id, order_id)
);
CREATE TABLE agreements (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    listing_id TEXT NOT NULL,
    product_name TEXT NOT NULL,
    option_id TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    po_number TEXT NOT NULL,
    order_payload_id TEXT NOT NULL REFERENCES orders(payload_id),
    flow_id TEXT,
    created_at TEXT NOT NULL
);
-- Carts sent back to a buyer, so that edit and inspect can find them.
CREATE TABLE returned_carts (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL,
    connection_id TEXT NOT NULL,
    buyer_cookie TEXT NOT NULL,
    operation_allowed TEXT NOT NULL,
    items TEXT NOT NULL
);
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    sent INTEGER NOT NULL DEFAULT 0
);
"#,
    r#"
-- The punchout flow a returned cart belongs to, so the order buying it is
-- journaled under the same flow. NULL for carts returned before this.
ALTER TABLE returned_carts ADD COLUMN flow_id TEXT;
"#,
    r#"
-- Invoices (SPEC F6-F9): a row is committed before a cXML invoice is
-- sent, so a crash never loses or doubles one; (agreement, period) is
-- unique, so reruns of the schedule never invoice twice. `channel` is
-- 'cxml' (to the buyer's procurement system, against the PO) or 'own'
-- (the marketplace's own invoice); `state` is 'issued' for own invoices,
-- 'pending', 'delivered' or 'failed' for cXML ones.
CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    agreement_id INTEGER NOT NULL REFERENCES agreements(id),
    account_id TEXT NOT NULL REFERENCES accounts(id),
    period TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('cxml', 'own')),
    description TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    -- How the PO line is invoiced: 1 x the amount for a Service line,
    -- amount / 0.01 x 0.01 for a Material line (SPEC section 3).
    quantity TEXT NOT NULL,
    unit_price TEXT NOT NULL,
    po_line INTEGER,
    po_number TEXT,
    due_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    url TEXT,
    connection_id TEXT,
    payload_id TEXT,
    timestamp TEXT,
    state TEXT NOT NULL CHECK (state IN ('issued', 'pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_status TEXT,
    UNIQUE (agreement_id, period)
);
"#,
    r#"
-- Private Marketplace (SPEC F13): when enabled, the account's punchout
-- sessions and Open Buy searches see only its approved listings.
CREATE TABLE private_marketplaces (
    account_id TEXT PRIMARY KEY REFERENCES accounts(id),
    enabled INTEGER NOT NULL
);
CREATE TABLE approved_listings (
    account_id TEXT NOT NULL REFERENCES accounts(id),
    listing_id TEXT NOT NULL,
    PRIMARY KEY (account_id, listing_id)
);
"#,
    r#"
-- Seller revisions of private offers (SPEC F10), each the whole offer as
-- revised; the newest row per offer is what the registry holds after a
-- restart. The generated offers are not stored: the catalog's seed makes
-- them again. (offer_id, revision) is the key, so two revisions raced
-- from the same state cannot both be acknowledged.
CREATE TABLE offer_revisions (
    offer_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    listing_id TEXT NOT NULL,
    account_id TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    terms TEXT NOT NULL,
    revised_at TEXT NOT NULL,
    PRIMARY KEY (offer_id, revision)
);
"#,
    r#"
-- 1 once an agreement has nothing more to be invoiced (its last charge is
-- issued and its plan has none to come): invoicing runs read only the
-- others, so a run costs what is still open, not every agreement ever made.
ALTER TABLE agreements ADD COLUMN invoicing_done INTEGER NOT NULL DEFAULT 0;
CREATE INDEX agreements_open_for_invoicing ON agreements (invoicing_done);
CREATE INDEX invoices_by_state ON invoices (state);
"#,
    r#"
-- The PO line (ItemOut@lineNumber) an agreement was ordered on, for the
-- invoice's InvoiceDetailItemReference. Agreements made before were made
-- one per ItemOut in the order's item order, so their position within the
-- order is their line.
ALTER TABLE agreements ADD COLUMN po_line INTEGER NOT NULL DEFAULT 1;
UPDATE agreements SET po_line = (
    SELECT COUNT(*) FROM agreements AS earlier
    WHERE earlier.order_payload_id = agreements.order_payload_id
      AND earlier.id <= agreements.id
);
"#,
    r#"
-- Each mail's Message-ID, made once when it is queued, so a mail sent
-- again after a crash (delivery is at least once) carries the same one and
-- a receiver can tell the copies apart from new mail.
ALTER TABLE outbox ADD COLUMN message_id TEXT;
UPDATE outbox SET message_id = lower(hex(randomblob(16))) || '@marketplace.procsim.test';
-- Returned carts are read newest first per connection, and only the
-- newest are kept (punchout::cart::CARTS_KEPT).
CREATE INDEX returned_carts_by_connection ON returned_carts (account_id, connection_id, id);
"#,
    r#"
-- What a user may administer is the policies attached to them (names
-- separated by spaces), no longer one admin flag: an admin keeps what the
-- flag gave, as the procurement administrator's managed policy.
ALTER TABLE users ADD COLUMN policies TEXT NOT NULL DEFAULT '';
UPDATE users SET policies = 'AWSMarketplaceProcurementSystemAdminFullAccess' WHERE admin;
ALTER TABLE users DROP COLUMN admin;
"#,
    r#"
-- Trading relationships an Ariba buyer asked the marketplace for, one per
-- buyer network id, and whether an account accepts them at once (no row:
-- it does).
CREATE TABLE ariba_relationships (
    buyer_anid TEXT PRIMARY KEY COLLATE NOCASE,
    supplier_anid TEXT NOT NULL,
    buyer_name TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    connection_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('requested', 'accepted')),
    requested_at TEXT NOT NULL,
    accepted_by TEXT,
    accepted_at TEXT
);
CREATE TABLE ariba_auto_accept (
    account_id TEXT PRIMARY KEY REFERENCES accounts(id),
    auto_accept INTEGER NOT NULL
);
"#,
    r#"
-- Every change of an account's integration settings an admin asked for,
-- saved or refused (accounts::changes). AUTOINCREMENT: ids only grow, so
-- "after id N" means "since then", across trimming and resets.
CREATE TABLE settings_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    user_email TEXT NOT NULL,
    at TEXT NOT NULL,
    saved INTEGER NOT NULL,
    refusal TEXT,
    po_management INTEGER NOT NULL,
    enabled_connections TEXT NOT NULL
);
CREATE INDEX settings_changes_by_account ON settings_changes (account_id, id);
-- How an agreement was made: 'order' (a buyer's OrderRequest) or
-- 'subscription' (subscribed at the marketplace itself, which records it
-- as its own order with a payloadID of its own making).
ALTER TABLE agreements ADD COLUMN source TEXT NOT NULL DEFAULT 'order';
UPDATE agreements SET source = 'subscription'
    WHERE order_payload_id LIKE 'subscribe.%@marketplace';
"#,
    r#"
-- The Free/BYOL pre-approval flags a settings change asked for: the
-- connections with each on, space-separated; NULL in changes recorded
-- before they were.
ALTER TABLE settings_changes ADD COLUMN free_preapproved TEXT;
ALTER TABLE settings_changes ADD COLUMN byol_preapproved TEXT;
"#,
    r#"
-- The settings history records more than the integration settings: what
-- kind of change was asked for ('settings', 'private-marketplace', or
-- 'access', the settings opened by a user without the permission they
-- need, always refused), the connections a settings change asked to
-- redirect storefront purchases to Coupa (NULL before it was recorded),
-- the private marketplace a change asked for (on or off, and its approved
-- listings, space-separated) and the permission an access lacked.
ALTER TABLE settings_changes ADD COLUMN kind TEXT NOT NULL DEFAULT 'settings';
ALTER TABLE settings_changes ADD COLUMN redirect_connections TEXT;
ALTER TABLE settings_changes ADD COLUMN private_marketplace INTEGER;
ALTER TABLE settings_changes ADD COLUMN approved_listings TEXT;
ALTER TABLE settings_changes ADD COLUMN permission TEXT;
-- Purchases the storefront sent to the account's procurement system
-- instead of subscribing (SPEC F12 redirect, SPEC F9 0.00 orders): who,
-- which listing, to which system, why and when, the newest of each
-- account kept.
CREATE TABLE storefront_handoffs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    user_email TEXT NOT NULL,
    listing_id TEXT NOT NULL,
    system TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX storefront_handoffs_by_account ON storefront_handoffs (account_id, id);
"#,
];

/// Opens (or creates) the marketplace database.
pub fn open(storage: &Storage) -> Result<Store, StoreError> {
    Store::open(storage, FILE_NAME, MIGRATIONS)
}

#[cfg(test)]
mod tests {
    use super::MIGRATIONS;

    #[test]
    fn agreements_made_before_po_lines_were_kept_get_their_position_in_the_order() {
        let db = rusqlite::Connection::open_in_memory().unwrap();
        for migration in &MIGRATIONS[..6] {
            db.execute_batch(migration).unwrap();
        }
        db.execute_batch(
            "INSERT INTO accounts (id, name, contact_email) VALUES ('a', 'A', 'a@a.test');
             INSERT INTO orders VALUES ('o1', 'a', 'PO-1', 'f', 0, 't');
             INSERT INTO orders VALUES ('o2', 'a', 'PO-2', 'f', 0, 't');",
        )
        .unwrap();
        for order in ["o1", "o2", "o1", "o1", "o2"] {
            db.execute(
                "INSERT INTO agreements (account_id, listing_id, product_name, option_id, amount,
                     currency, po_number, order_payload_id, created_at)
                 VALUES ('a', 'l', 'p', 'x', '1.00', 'USD', 'PO', ?1, 't')",
                [order],
            )
            .unwrap();
        }
        db.execute_batch(MIGRATIONS[6]).unwrap();
        let lines: Vec<(String, i64)> = db
            .prepare("SELECT order_payload_id, po_line FROM agreements ORDER BY id")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let expected = [("o1", 1), ("o2", 1), ("o1", 2), ("o1", 3), ("o2", 2)];
        assert_eq!(
            lines,
            expected.map(|(order, line)| (order.to_owned(), line))
        );
    }

    #[test]
    fn admins_made_before_policies_keep_their_rights_as_the_managed_policy() {
        let db = rusqlite::Connection::open_in_memory().unwrap();
        for migration in &MIGRATIONS[..8] {
            db.execute_batch(migration).unwrap();
        }
        db.execute_batch(
            "INSERT INTO accounts (id, name, contact_email) VALUES ('a', 'A', 'a@a.test');
             INSERT INTO users VALUES ('boss@a.test', 'a', 1);
             INSERT INTO users VALUES ('staff@a.test', 'a', 0);",
        )
        .unwrap();
        db.execute_batch(MIGRATIONS[8]).unwrap();
        let users: Vec<(String, String)> = db
            .prepare("SELECT * FROM users ORDER BY email")
            .unwrap()
            .query_map([], |row| Ok((row.get("email")?, row.get("policies")?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            users,
            [
                (
                    "boss@a.test",
                    "AWSMarketplaceProcurementSystemAdminFullAccess"
                ),
                ("staff@a.test", ""),
            ]
            .map(|(email, policies)| (email.to_owned(), policies.to_owned()))
        );
    }
}
