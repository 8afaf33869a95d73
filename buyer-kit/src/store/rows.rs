//! Conversions between rows and domain values: instants as milliseconds,
//! cart lines as the JSON of the supplier's `ItemIn`.

use cxml::common::ItemIn;
use jiff::Timestamp;
use rusqlite::{Transaction, types::Type};

use crate::cart::CartLine;

pub fn to_ms(at: Timestamp) -> i64 {
    at.as_millisecond()
}

pub fn from_ms(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn conversion(
    column: usize,
    err: impl std::error::Error + Send + Sync + 'static,
) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, Type::Text, Box::new(err))
}

/// Replaces the lines of `cart_id` with `lines`.
pub fn write_lines(tx: &Transaction<'_>, cart_id: i64, lines: &[CartLine]) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM cart_lines WHERE cart_id = ?1", [cart_id])?;
    let mut insert =
        tx.prepare("INSERT INTO cart_lines (cart_id, line_number, item_json) VALUES (?1, ?2, ?3)")?;
    for (i, line) in lines.iter().enumerate() {
        let json = serde_json::to_string(line.item_in())
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        let number = i64::try_from(i + 1).unwrap_or(i64::MAX);
        insert.execute(rusqlite::params![cart_id, number, json])?;
    }
    Ok(())
}

/// The lines of `cart_id`, in order.
pub fn read_lines(tx: &Transaction<'_>, cart_id: i64) -> rusqlite::Result<Vec<CartLine>> {
    let mut select =
        tx.prepare("SELECT item_json FROM cart_lines WHERE cart_id = ?1 ORDER BY line_number")?;
    let jsons = select
        .query_map([cart_id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    jsons
        .iter()
        .enumerate()
        .map(|(i, json)| {
            let item: ItemIn = serde_json::from_str(json).map_err(|e| conversion(0, e))?;
            CartLine::from_item_in(item, i + 1).map_err(|e| conversion(0, e))
        })
        .collect()
}
