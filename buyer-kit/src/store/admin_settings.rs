//! What an admin changed in the buyer system's settings, one row per kind
//! of change, the value as the service serialises it. The service saves a
//! change here before it takes effect and reads the rows back over its
//! configured settings at startup, so `--data-dir` keeps them.

use rusqlite::params;
use service_kit::StoreError;

use super::{BuyerError, BuyerStore};

impl BuyerStore {
    /// Saves the change `name` (replacing the previous one of that name).
    pub async fn save_admin_setting(&self, name: &str, value: String) -> Result<(), BuyerError> {
        let name = name.to_owned();
        self.transact(move |tx| {
            tx.execute(
                "INSERT INTO admin_settings (name, value) VALUES (?1, ?2)
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                params![name, value],
            )?;
            Ok(())
        })
        .await
    }

    /// Every saved change as (name, value), by name; on the caller's
    /// thread, for startup.
    pub fn admin_settings(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.store.with(|conn| {
            let mut statement =
                conn.prepare("SELECT name, value FROM admin_settings ORDER BY name")?;
            let rows = statement
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }
}

#[cfg(test)]
mod tests {
    use service_kit::Storage;

    use super::*;

    #[tokio::test]
    async fn a_saved_change_replaces_the_last_of_its_name_and_a_reset_forgets_it() {
        let store = BuyerStore::open(&Storage::Memory, "t.sqlite").expect("opens");
        store
            .save_admin_setting("site", "one".into())
            .await
            .expect("saved");
        store
            .save_admin_setting("finance_threshold", "5000".into())
            .await
            .expect("saved");
        store
            .save_admin_setting("site", "two".into())
            .await
            .expect("saved");
        assert_eq!(
            store.admin_settings().expect("read"),
            [
                ("finance_threshold".to_owned(), "5000".to_owned()),
                ("site".to_owned(), "two".to_owned())
            ]
        );
        store.reset().await.expect("reset");
        assert!(store.admin_settings().expect("read").is_empty());
    }
}
