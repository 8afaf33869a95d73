//! How much a journal keeps: the oldest rows go once it holds more than
//! its limits, in batches (down to nine tenths of each limit, so a busy
//! service prunes once per thousand rows rather than on every insert), and
//! the dropped rows are counted for the pages that say so.

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

/// What a journal keeps. `procsim up --journal-rows/--journal-mb` set the
/// first two for every service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalLimits {
    /// The most exchanges kept; the oldest go first.
    pub max_rows: u64,
    /// The most body bytes kept (documents and responses as stored).
    pub max_bytes: u64,
    /// The most bytes kept of one body; the rest is not stored, and the
    /// exchange says how long the body was.
    pub body_cap: usize,
}

impl Default for JournalLimits {
    fn default() -> Self {
        JournalLimits {
            max_rows: 10_000,
            max_bytes: 32 * 1024 * 1024,
            body_cap: 4 * 1024 * 1024,
        }
    }
}

/// What a journal holds now (`GET /api/journal/stats`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalStats {
    pub rows: u64,
    /// Body bytes stored.
    pub bytes: u64,
    /// Exchanges retention has dropped since the journal was last emptied.
    pub dropped_rows: u64,
    pub dropped_bytes: u64,
    /// The database's own size, free pages included.
    pub database_bytes: u64,
    pub limits: JournalLimits,
}

/// Drops the oldest rows when the journal holds more than `limits`;
/// inside the caller's transaction.
pub(super) fn enforce(conn: &Connection, limits: &JournalLimits) -> rusqlite::Result<()> {
    let (rows, bytes) = usage(conn)?;
    if rows <= limits.max_rows && bytes <= limits.max_bytes {
        return Ok(());
    }
    let keep_rows = limits.max_rows - limits.max_rows / 10;
    let keep_bytes = limits.max_bytes - limits.max_bytes / 10;
    let mut stmt = conn.prepare_cached("SELECT id, stored_bytes FROM exchange ORDER BY id ASC")?;
    let mut oldest = stmt.query([])?;
    let (mut left_rows, mut left_bytes) = (rows, bytes);
    let mut cutoff = None;
    // The newest row, just recorded, always stays.
    while (left_rows > keep_rows || left_bytes > keep_bytes) && left_rows > 1 {
        let Some(row) = oldest.next()? else { break };
        let (id, stored): (i64, u64) = (row.get(0)?, count(row, 1)?);
        cutoff = Some(id);
        left_rows -= 1;
        left_bytes = left_bytes.saturating_sub(stored);
    }
    drop(oldest);
    let Some(cutoff) = cutoff else {
        return Ok(());
    };
    conn.prepare_cached("DELETE FROM exchange WHERE id <= ?1")?
        .execute([cutoff])?;
    conn.prepare_cached(
        "INSERT INTO exchange_dropped (id, rows, bytes) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET rows = rows + excluded.rows,
             bytes = bytes + excluded.bytes",
    )?
    .execute(params![
        signed(rows - left_rows),
        signed(bytes - left_bytes)
    ])?;
    Ok(())
}

/// Rows and stored body bytes (kept current by the schema's triggers).
fn usage(conn: &Connection) -> rusqlite::Result<(u64, u64)> {
    conn.prepare_cached("SELECT rows, bytes FROM exchange_usage WHERE id = 1")?
        .query_row([], |row| Ok((count(row, 0)?, count(row, 1)?)))
}

/// A non-negative SQLite integer (SQLite has no unsigned type).
pub(super) fn count(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<u64> {
    Ok(u64::try_from(row.get::<_, i64>(index)?).unwrap_or(0))
}

pub(super) fn signed(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub(super) fn stats(conn: &Connection, limits: JournalLimits) -> rusqlite::Result<JournalStats> {
    let (rows, bytes) = usage(conn)?;
    let (dropped_rows, dropped_bytes) = conn
        .query_row(
            "SELECT rows, bytes FROM exchange_dropped WHERE id = 1",
            [],
            |row| Ok((count(row, 0)?, count(row, 1)?)),
        )
        .unwrap_or((0, 0));
    let database_bytes = conn.query_row(
        "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
        [],
        |row| count(row, 0),
    )?;
    Ok(JournalStats {
        rows,
        bytes,
        dropped_rows,
        dropped_bytes,
        database_bytes,
        limits,
    })
}
