//! The mail database's schema, as append-only migrations (see
//! `service_kit::Store::open`). Never edit a migration that has shipped;
//! add the next one.

/// File name of the mail database inside the data dir.
pub const FILE_NAME: &str = "mail.sqlite";

pub const MIGRATIONS: &[&str] = &[
    // 1: messages, raw bytes and the parsed fields the inbox and API show.
    // `seq` orders messages by arrival (the simulated clock may stand still
    // between two messages); `id` is the unguessable public id. Address
    // columns hold JSON arrays of {name, address}.
    "CREATE TABLE messages (
        seq           INTEGER PRIMARY KEY AUTOINCREMENT,
        id            TEXT    NOT NULL UNIQUE,
        message_id    TEXT    NOT NULL,
        received      TEXT    NOT NULL,
        envelope_from TEXT    NOT NULL,
        envelope_to   TEXT    NOT NULL,
        from_json     TEXT    NOT NULL,
        to_json       TEXT    NOT NULL,
        cc_json       TEXT    NOT NULL,
        bcc_json      TEXT    NOT NULL,
        reply_to_json TEXT    NOT NULL,
        subject       TEXT    NOT NULL,
        date          TEXT,
        text_body     TEXT    NOT NULL,
        html_body     TEXT    NOT NULL,
        snippet       TEXT    NOT NULL,
        attachments   INTEGER NOT NULL,
        size          INTEGER NOT NULL,
        read          INTEGER NOT NULL DEFAULT 0,
        raw           BLOB    NOT NULL
    );
    CREATE INDEX messages_unread ON messages (read);",
];
