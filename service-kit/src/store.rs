//! The embedded store every stateful service opens for itself: one SQLite
//! database per service, in memory when procsim runs without a data dir, in
//! `<data-dir>/<file>` otherwise.
//!
//! What it owns: opening the connection with the durability settings
//! (WAL journal, `synchronous=FULL`, so a committed write survives a crash),
//! applying the service's schema migrations in order (tracked by SQLite's
//! `user_version`), and a cheap `Clone` handle that serialises access.
//!
//! Architecture Invariant: services never share a database; each calls
//! [`Store::open`] with its own file name.

use std::{
    path::PathBuf,
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};

use rusqlite::Connection;

/// Prepared statements kept per connection (rusqlite's default is 16).
const STATEMENT_CACHE: usize = 128;

/// Where a service keeps its state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Storage {
    /// Nothing survives the process: what `procsim up` does without
    /// `--data-dir`, and what most tests want.
    #[default]
    Memory,
    /// One file per service inside this directory (created if missing).
    Dir(PathBuf),
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data directory {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "the database has schema version {found}, newer than the {known} this procsim knows; \
         use a newer procsim or another data dir"
    )]
    SchemaTooNew { found: i64, known: usize },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("a database task failed: {0}")]
    Task(String),
}

/// A handle to one service's database.
///
/// Clones share one connection behind a std `Mutex`: every use is a short,
/// synchronous section that never `.await`s while holding it. From async
/// code prefer [`Store::call`], which runs the section of a store on disk
/// on tokio's blocking pool, so a slow `fsync` never stalls the runtime's
/// workers, and the section of a store in memory in place: with no I/O it
/// takes microseconds, less than the hand-over to another thread would.
#[derive(Clone, Debug)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
    /// Nothing of it is on disk: a section never waits for I/O.
    in_memory: bool,
}

impl Store {
    /// Opens (creating if needed) the database `file_name` of `storage` and
    /// brings its schema up to date: `migrations[i]` is the SQL that takes
    /// the schema from version `i` to `i + 1`. Migrations are append-only;
    /// never edit one that has shipped.
    pub fn open(
        storage: &Storage,
        file_name: &str,
        migrations: &[&str],
    ) -> Result<Self, StoreError> {
        let mut conn = match storage {
            Storage::Memory => Connection::open_in_memory().map_err(|source| StoreError::Open {
                path: PathBuf::from(":memory:"),
                source,
            })?,
            Storage::Dir(dir) => {
                std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                    path: dir.clone(),
                    source,
                })?;
                let path = dir.join(file_name);
                let conn = Connection::open(&path).map_err(|source| StoreError::Open {
                    path: path.clone(),
                    source,
                })?;
                configure_durable(&conn).map_err(|source| StoreError::Open { path, source })?;
                conn
            }
        };
        conn.busy_timeout(Duration::from_secs(5))?;
        // Hot paths use `prepare_cached`; room for every statement a busy
        // service runs, so they do not evict each other.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        conn.pragma_update(None, "foreign_keys", true)?;
        migrate(&mut conn, migrations)?;
        Ok(Store {
            conn: Arc::new(Mutex::new(conn)),
            in_memory: *storage == Storage::Memory,
        })
    }

    /// Runs `section` with exclusive use of the connection, on the calling
    /// thread. Keep it short and never call it from inside another section.
    pub fn with<T>(
        &self,
        section: impl FnOnce(&mut Connection) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        // A panic in an earlier section leaves SQLite itself consistent (an
        // open transaction is rolled back when its guard drops), so the
        // poisoned lock is safe to take over.
        let mut conn = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(section(&mut conn)?)
    }

    /// Whether nothing of the database is on disk.
    pub fn is_in_memory(&self) -> bool {
        self.in_memory
    }

    /// Like [`Store::with`], but for async code: on tokio's blocking pool
    /// when the store is on disk, in place when it is in memory (see
    /// [`Store`]). What request handlers and the SMTP server use.
    pub async fn call<T, F>(&self, section: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        if self.in_memory {
            return self.with(section);
        }
        let store = self.clone();
        tokio::task::spawn_blocking(move || store.with(section))
            .await
            .map_err(|err| StoreError::Task(err.to_string()))?
    }
}

impl Store {
    /// Puts the database back to its first state in one transaction: every
    /// row of `tables` deleted (foreign keys checked only at commit, so the
    /// order does not matter), then `reseed` writes the seeds. Either all of
    /// it commits or nothing changes. What a service's `POST /api/reset`
    /// does with its own tables.
    pub async fn empty_and_reseed<F>(
        &self,
        tables: &'static [&'static str],
        reseed: F,
    ) -> Result<(), StoreError>
    where
        F: FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<()> + Send + 'static,
    {
        self.call(move |conn| {
            let tx = conn.transaction()?;
            tx.pragma_update(None, "defer_foreign_keys", true)?;
            for table in tables {
                tx.execute(&format!("DELETE FROM \"{table}\""), [])?;
            }
            reseed(&tx)?;
            tx.commit()
        })
        .await
    }
}

/// WAL lets readers proceed while a write commits; `synchronous=FULL` makes
/// every commit durable before it returns (WAL's default, NORMAL, can lose
/// the last commits on power loss, and we acknowledge writes to partners).
fn configure_durable(conn: &Connection) -> rusqlite::Result<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(%mode, "SQLite refused the WAL journal; continuing with it");
    }
    conn.pragma_update(None, "synchronous", "FULL")
}

fn migrate(conn: &mut Connection, migrations: &[&str]) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    let found: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let applied = usize::try_from(found).map_err(|_| StoreError::SchemaTooNew {
        found,
        known: migrations.len(),
    })?;
    if applied > migrations.len() {
        return Err(StoreError::SchemaTooNew {
            found,
            known: migrations.len(),
        });
    }
    for sql in &migrations[applied..] {
        tx.execute_batch(sql)?;
    }
    if applied < migrations.len() {
        // `user_version` lives in the database header and is written by the
        // same transaction, so a crash mid-migration leaves the old version.
        let version = i64::try_from(migrations.len()).unwrap_or(i64::MAX);
        tx.pragma_update(None, "user_version", version)?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const V1: &str = "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);";
    const V2: &str = "ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT '';";

    fn count(store: &Store) -> i64 {
        store
            .with(|conn| conn.query_row("SELECT count(*) FROM notes", [], |row| row.get(0)))
            .expect("count")
    }

    #[test]
    fn memory_databases_are_private_to_each_open() {
        let a = Store::open(&Storage::Memory, "x.sqlite", &[V1]).expect("open a");
        let b = Store::open(&Storage::Memory, "x.sqlite", &[V1]).expect("open b");
        a.with(|conn| conn.execute("INSERT INTO notes (body) VALUES ('hi')", []))
            .expect("insert");
        assert_eq!(count(&a), 1);
        assert_eq!(count(&b), 0);
    }

    #[test]
    fn a_file_database_is_durable_and_migrates_forward_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let storage = Storage::Dir(dir.path().join("nested"));
        {
            let store = Store::open(&storage, "notes.sqlite", &[V1]).expect("open v1");
            store
                .with(|conn| conn.execute("INSERT INTO notes (body) VALUES ('kept')", []))
                .expect("insert");
            let (mode, sync): (String, i64) = store
                .with(|conn| {
                    let mode = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
                    let sync = conn.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
                    Ok((mode, sync))
                })
                .expect("pragmas");
            assert_eq!(mode, "wal");
            assert_eq!(sync, 2, "synchronous=FULL");
        }
        let store = Store::open(&storage, "notes.sqlite", &[V1, V2]).expect("open v2");
        assert_eq!(count(&store), 1, "data survives a reopen");
        let version: i64 = store
            .with(|conn| conn.pragma_query_value(None, "user_version", |r| r.get(0)))
            .expect("version");
        assert_eq!(version, 2);
        store
            .with(|conn| conn.execute("INSERT INTO notes (body, author) VALUES ('b', 'me')", []))
            .expect("v2 column exists");
        // Reopening with the same list applies nothing again.
        drop(store);
        let store = Store::open(&storage, "notes.sqlite", &[V1, V2]).expect("reopen");
        assert_eq!(count(&store), 2);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let storage = Storage::Dir(dir.path().to_path_buf());
        drop(Store::open(&storage, "n.sqlite", &[V1, V2]).expect("open v2"));
        let err = Store::open(&storage, "n.sqlite", &[V1]).expect_err("too new");
        assert!(
            matches!(err, StoreError::SchemaTooNew { found: 2, known: 1 }),
            "{err}"
        );
    }

    #[test]
    fn a_failing_migration_leaves_the_old_version() {
        let dir = tempfile::tempdir().expect("tempdir");
        let storage = Storage::Dir(dir.path().to_path_buf());
        drop(Store::open(&storage, "n.sqlite", &[V1]).expect("open v1"));
        let broken = "ALTER TABLE notes ADD COLUMN a TEXT; THIS IS NOT SQL;";
        assert!(Store::open(&storage, "n.sqlite", &[V1, broken]).is_err());
        let store = Store::open(&storage, "n.sqlite", &[V1, V2]).expect("v2 still applies");
        assert_eq!(count(&store), 0);
    }

    #[tokio::test]
    async fn call_runs_on_the_blocking_pool() {
        let store = Store::open(&Storage::Memory, "n.sqlite", &[V1]).expect("open");
        let id = store
            .call(|conn| {
                conn.execute("INSERT INTO notes (body) VALUES ('async')", [])?;
                Ok(conn.last_insert_rowid())
            })
            .await
            .expect("call");
        assert_eq!(id, 1);
    }
}
