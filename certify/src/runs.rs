//! Certification runs kept for the dashboard: what each run certifies,
//! where it stands (running, waiting for the person's cart, finished,
//! interrupted) and, once finished, its report as JSON.
//!
//! One SQLite database (`certify-runs.sqlite`, in memory without a data
//! dir) owned by whoever starts runs — the dashboard of `procsim up`. The
//! newest [`KEEP`] runs are kept; older ones are dropped as new ones begin,
//! so the store stays bounded however many runs are made. A run that was
//! not finished when the process stopped is `interrupted` at the next open:
//! nobody is left to finish it.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use service_kit::{Storage, Store, StoreError};

use crate::report::Report;

/// How many runs are kept.
pub const KEEP: i64 = 200;

const MIGRATIONS: &[&str] = &[
    "CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        platform TEXT NOT NULL,
        setup_url TEXT NOT NULL,
        order_url TEXT,
        cart TEXT NOT NULL,
        flow TEXT,
        state TEXT NOT NULL,
        start_page TEXT,
        browser_form_post TEXT,
        deadline TEXT,
        verdict TEXT,
        report TEXT
    );",
    // A run begun by another process (`procsim certify --dashboard`): the
    // token it must show to tell the run's progress and to finish it. Runs
    // the dashboard starts itself have none, so no caller can touch them.
    "ALTER TABLE runs ADD COLUMN token TEXT;",
];

/// What a run certifies, as it begins.
#[derive(Debug, Clone)]
pub struct RunPlan {
    pub platform: String,
    pub setup_url: String,
    pub order_url: Option<String>,
    /// `none`, `manual` or `script`.
    pub cart: String,
}

/// Where a run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RunState {
    Running,
    /// Waiting for the person to shop and return the cart.
    Waiting,
    Finished,
    /// The process stopped before the run finished.
    Interrupted,
}

impl RunState {
    fn parse(text: &str) -> Self {
        match text {
            "running" => Self::Running,
            "waiting" => Self::Waiting,
            "finished" => Self::Finished,
            _ => Self::Interrupted,
        }
    }
}

/// One kept run.
#[derive(Debug, Clone, Serialize)]
pub struct Run {
    pub id: i64,
    pub started_at: String,
    pub platform: String,
    pub setup_url: String,
    pub order_url: Option<String>,
    pub cart: String,
    pub flow: Option<String>,
    pub state: RunState,
    /// While waiting: the StartPage the person opens.
    pub start_page: Option<String>,
    /// While waiting: where the supplier must post the cart.
    pub browser_form_post: Option<String>,
    /// While waiting: when procsim stops waiting (RFC 3339).
    pub deadline: Option<String>,
    /// `passed` or `failed` once finished.
    pub verdict: Option<String>,
    /// The JSON report once finished (docs/certify.md's schema).
    pub report: Option<serde_json::Value>,
}

/// The kept runs. Cheap to clone.
#[derive(Clone, Debug)]
pub struct RunStore {
    store: Store,
}

impl RunStore {
    /// Opens the runs of `storage`; runs left unfinished by a previous
    /// process become `interrupted`.
    pub fn open(storage: &Storage) -> Result<Self, StoreError> {
        let store = Store::open(storage, "certify-runs.sqlite", MIGRATIONS)?;
        store.with(|conn| {
            conn.execute(
                "UPDATE runs SET state = 'interrupted', start_page = NULL,
                     browser_form_post = NULL, deadline = NULL
                 WHERE state IN ('running', 'waiting')",
                [],
            )
        })?;
        Ok(Self { store })
    }

    /// Records a run that begins now; drops the oldest beyond [`KEEP`].
    pub async fn begin(&self, plan: RunPlan, started_at: String) -> Result<i64, StoreError> {
        self.begin_with(plan, started_at, None).await
    }

    /// Records a run another process makes and will finish, which shows
    /// `token` to do so ([`RunStore::live_state`]).
    pub async fn begin_live(
        &self,
        plan: RunPlan,
        started_at: String,
        token: String,
    ) -> Result<i64, StoreError> {
        self.begin_with(plan, started_at, Some(token)).await
    }

    async fn begin_with(
        &self,
        plan: RunPlan,
        started_at: String,
        token: Option<String>,
    ) -> Result<i64, StoreError> {
        self.store
            .call(move |conn| {
                let tx = conn.transaction()?;
                tx.execute(
                    "INSERT INTO runs (started_at, platform, setup_url, order_url, cart, state,
                         token)
                     VALUES (?1, ?2, ?3, ?4, ?5, 'running', ?6)",
                    params![
                        started_at,
                        plan.platform,
                        plan.setup_url,
                        plan.order_url,
                        plan.cart,
                        token
                    ],
                )?;
                let id = tx.last_insert_rowid();
                tx.execute("DELETE FROM runs WHERE id <= ?1", params![id - KEEP])?;
                tx.commit()?;
                Ok(id)
            })
            .await
    }

    /// Where run `id` stands, when it was begun live with `token` (compared
    /// in constant time); `None` for any other run.
    pub async fn live_state(&self, id: i64, token: String) -> Result<Option<RunState>, StoreError> {
        let found: Option<(Option<String>, String)> = self
            .store
            .call(move |conn| {
                conn.query_row(
                    "SELECT token, state FROM runs WHERE id = ?1",
                    params![id],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()
            })
            .await?;
        Ok(found.and_then(|(kept, state)| {
            let kept = cxml::SharedSecret::new(kept?);
            (kept == cxml::SharedSecret::new(token)).then(|| RunState::parse(&state))
        }))
    }

    /// The run will not finish: its process gave up on it.
    pub async fn interrupt(&self, id: i64) -> Result<(), StoreError> {
        self.set(move |conn| {
            conn.execute(
                "UPDATE runs SET state = 'interrupted', start_page = NULL,
                     browser_form_post = NULL, deadline = NULL
                 WHERE id = ?1 AND state IN ('running', 'waiting')",
                params![id],
            )
        })
        .await
    }

    /// The run waits for the person: where to shop, where the cart goes,
    /// until when.
    pub async fn waiting(
        &self,
        id: i64,
        start_page: String,
        browser_form_post: String,
        deadline: jiff::Timestamp,
    ) -> Result<(), StoreError> {
        let deadline = deadline.to_string();
        self.set(move |conn| {
            conn.execute(
                "UPDATE runs SET state = 'waiting', start_page = ?2, browser_form_post = ?3,
                     deadline = ?4
                 WHERE id = ?1 AND state IN ('running', 'waiting')",
                params![id, start_page, browser_form_post, deadline],
            )
        })
        .await
    }

    /// The wait is over (a cart arrived, or none did): the run goes on.
    pub async fn resumed(&self, id: i64) -> Result<(), StoreError> {
        self.set(move |conn| {
            conn.execute(
                "UPDATE runs SET state = 'running', start_page = NULL, deadline = NULL
                 WHERE id = ?1 AND state = 'waiting'",
                params![id],
            )
        })
        .await
    }

    /// The run is over: its verdict, flow and report.
    pub async fn finish(&self, id: i64, report: &Report) -> Result<(), StoreError> {
        let json = crate::render::json(report);
        self.finish_json(id, report.verdict.to_owned(), report.flow.clone(), json)
            .await
            .map(drop)
    }

    /// The run is over, its report already JSON (a run made elsewhere and
    /// handed over: `procsim certify --dashboard URL`). Only a run still
    /// going finishes; whether this one did.
    pub async fn finish_json(
        &self,
        id: i64,
        verdict: String,
        flow: Option<String>,
        json: String,
    ) -> Result<bool, StoreError> {
        self.store
            .call(move |conn| {
                conn.execute(
                    "UPDATE runs SET state = 'finished', verdict = ?2, flow = ?3, report = ?4,
                         start_page = NULL, browser_form_post = NULL, deadline = NULL
                     WHERE id = ?1 AND state IN ('running', 'waiting')",
                    params![id, verdict, flow, json],
                )
            })
            .await
            .map(|changed| changed > 0)
    }

    /// The kept runs, newest first.
    pub async fn list(&self) -> Result<Vec<Run>, StoreError> {
        self.store
            .call(|conn| {
                let mut statement = conn.prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM runs ORDER BY id DESC LIMIT {KEEP}"
                ))?;
                let rows = statement.query_map([], read_run)?;
                rows.collect()
            })
            .await
    }

    pub async fn get(&self, id: i64) -> Result<Option<Run>, StoreError> {
        self.store
            .call(move |conn| {
                conn.query_row(
                    &format!("SELECT {COLUMNS} FROM runs WHERE id = ?1"),
                    params![id],
                    read_run,
                )
                .optional()
            })
            .await
    }

    /// Forgets every run (the dashboard's reset).
    pub async fn clear(&self) -> Result<(), StoreError> {
        self.set(|conn| conn.execute("DELETE FROM runs", [])).await
    }

    async fn set(
        &self,
        section: impl FnOnce(&mut rusqlite::Connection) -> rusqlite::Result<usize> + Send + 'static,
    ) -> Result<(), StoreError> {
        self.store.call(section).await.map(drop)
    }
}

const COLUMNS: &str = "id, started_at, platform, setup_url, order_url, cart, flow, state, \
     start_page, browser_form_post, deadline, verdict, report";

fn read_run(row: &rusqlite::Row<'_>) -> rusqlite::Result<Run> {
    let state: String = row.get(7)?;
    let report: Option<String> = row.get(12)?;
    Ok(Run {
        id: row.get(0)?,
        started_at: row.get(1)?,
        platform: row.get(2)?,
        setup_url: row.get(3)?,
        order_url: row.get(4)?,
        cart: row.get(5)?,
        flow: row.get(6)?,
        state: RunState::parse(&state),
        start_page: row.get(8)?,
        browser_form_post: row.get(9)?,
        deadline: row.get(10)?,
        verdict: row.get(11)?,
        // A report this procsim wrote always reads; one that does not is
        // shown as missing rather than failing the whole list.
        report: report.and_then(|json| serde_json::from_str(&json).ok()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> RunPlan {
        RunPlan {
            platform: "coupa".to_owned(),
            setup_url: "http://supplier.test/cxml".to_owned(),
            order_url: None,
            cart: "manual".to_owned(),
        }
    }

    #[tokio::test]
    async fn a_run_waits_then_finishes_with_its_report() {
        let runs = RunStore::open(&Storage::Memory).unwrap();
        let id = runs
            .begin(plan(), "2026-01-01T00:00:00Z".into())
            .await
            .unwrap();
        runs.waiting(
            id,
            "http://supplier.test/start".into(),
            "http://127.0.0.1:1/return".into(),
            jiff::Timestamp::UNIX_EPOCH,
        )
        .await
        .unwrap();
        let waiting = runs.get(id).await.unwrap().unwrap();
        assert_eq!(waiting.state, RunState::Waiting);
        assert_eq!(
            waiting.start_page.as_deref(),
            Some("http://supplier.test/start")
        );
        runs.resumed(id).await.unwrap();
        let report = Report::new(
            "coupa",
            "http://supplier.test/cxml",
            None,
            "t".into(),
            vec![],
        )
        .in_flow("certify-x");
        runs.finish(id, &report).await.unwrap();
        let done = runs.get(id).await.unwrap().unwrap();
        assert_eq!(done.state, RunState::Finished);
        assert_eq!(done.verdict.as_deref(), Some("passed"));
        assert_eq!(done.flow.as_deref(), Some("certify-x"));
        assert_eq!(done.start_page, None);
        assert_eq!(done.report.unwrap()["platform"], "coupa");
    }

    #[tokio::test]
    async fn only_the_newest_runs_are_kept() {
        let runs = RunStore::open(&Storage::Memory).unwrap();
        let mut last = 0;
        for _ in 0..KEEP + 5 {
            last = runs.begin(plan(), "t".into()).await.unwrap();
        }
        let kept = runs.list().await.unwrap();
        assert_eq!(kept.len(), usize::try_from(KEEP).unwrap());
        assert_eq!(kept[0].id, last);
    }

    #[test]
    fn an_unfinished_run_is_interrupted_when_the_store_is_opened_again() {
        let dir = tempfile::tempdir().unwrap();
        let storage = Storage::Dir(dir.path().to_owned());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let id = runtime.block_on(async {
            let runs = RunStore::open(&storage).unwrap();
            runs.begin(plan(), "t".into()).await.unwrap()
        });
        let again = RunStore::open(&storage).unwrap();
        let run = runtime.block_on(again.get(id)).unwrap().unwrap();
        assert_eq!(run.state, RunState::Interrupted);
    }
}
