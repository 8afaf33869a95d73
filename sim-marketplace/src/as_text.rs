//! Typed values as the text they are stored and shown as: a SQLite TEXT
//! column is read with `FromStr` and written with `Display`, and JSON and
//! pages show the `Display` text, so typing a row's fields changed neither
//! the schema, nor stored data, nor what the API and pages show.

use std::{error::Error, fmt::Display, str::FromStr};

use rusqlite::{Row, types::Type};
use serde::Serializer;

/// Serialises a value as its `Display` text (`serialize_with`).
pub fn display<T: Display, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// Serialises an optional value as its `Display` text or null.
pub fn display_opt<T: Display, S: Serializer>(
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => serializer.collect_str(value),
        None => serializer.serialize_none(),
    }
}

/// Column `idx` of `row`, a TEXT parsed into `T`.
pub fn column<T>(row: &Row<'_>, idx: usize) -> rusqlite::Result<T>
where
    T: FromStr,
    T::Err: Error + Send + Sync + 'static,
{
    parse(idx, &row.get::<_, String>(idx)?)
}

/// Column `idx` of `row`, a TEXT parsed into `T`, or NULL.
pub fn column_opt<T>(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<T>>
where
    T: FromStr,
    T::Err: Error + Send + Sync + 'static,
{
    row.get::<_, Option<String>>(idx)?
        .map(|text| parse(idx, &text))
        .transpose()
}

fn parse<T>(idx: usize, text: &str) -> rusqlite::Result<T>
where
    T: FromStr,
    T::Err: Error + Send + Sync + 'static,
{
    text.parse()
        .map_err(|err| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(err)))
}

/// Why a stored text is not a value of a closed set (an invoice state, a
/// period…): a damaged row, never a partner's input.
#[derive(Debug, thiserror::Error)]
#[error("{text:?} is not a {what}")]
pub struct UnknownText {
    pub what: &'static str,
    pub text: String,
}

/// `ToSql`/`FromSql` (a TEXT column) and `Serialize` (a string) for a type
/// with `Display` and a `FromStr` whose error is [`UnknownText`].
macro_rules! text_column {
    ($ty:ty) => {
        impl rusqlite::types::ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.to_string()))
            }
        }

        impl rusqlite::types::FromSql for $ty {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                value
                    .as_str()?
                    .parse()
                    .map_err(|err| rusqlite::types::FromSqlError::Other(Box::new(err)))
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
    };
}

pub(crate) use text_column;
