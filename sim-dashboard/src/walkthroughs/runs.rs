//! Walkthrough runs: what pressing Start (or choosing a flow) on a
//! walkthrough's page remembers, so that its progress follows that
//! person's flow and nothing else.
//!
//! At most one run per walkthrough (starting again replaces it), so never
//! more than there are walkthroughs. Runs live in memory: like a sign-in,
//! a run belongs to a person's session at the dashboard, while the
//! documents it points at stay in the services' journals; after a restart
//! the page offers Start again and the list of recent flows to pick up
//! the same flow. A reset forgets every run, since their flows are gone.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
};

use jiff::Timestamp;

use super::{activity::Marks, progress::Cursors};

/// One walkthrough's run.
#[derive(Clone, Debug)]
pub(crate) struct Run {
    /// Which start this is: a flow found for an older run is not given
    /// to a newer one.
    pub serial: u64,
    /// The simulated time at which it started.
    pub started_at: Timestamp,
    /// Each journal's newest id when it started: flows seen at or before
    /// these are not taken on their own.
    pub since: Cursors,
    /// For a walkthrough that follows the accounts' activity rather than a
    /// flow: where the marketplace's records stood when it started.
    pub marks: Option<Marks>,
    /// The flow it follows, once known.
    pub flow: Option<String>,
    /// Whether the person chose the flow (rather than it being the first
    /// new flow with one of the walkthrough's documents).
    pub chosen: bool,
}

/// The runs, keyed by walkthrough id. Cheap to clone; the lock is held
/// only to copy or replace a run, never across an `.await`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Runs(Arc<Mutex<Inner>>);

#[derive(Debug, Default)]
struct Inner {
    started: u64,
    runs: HashMap<String, Run>,
}

impl Inner {
    fn new_run(&mut self, since: Cursors, marks: Option<Marks>, at: Timestamp) -> Run {
        self.started += 1;
        Run {
            serial: self.started,
            started_at: at,
            since,
            marks,
            flow: None,
            chosen: false,
        }
    }
}

impl Runs {
    fn inner(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic elsewhere cannot leave a map of plain values half-written.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A new run of walkthrough `id`, following no flow yet (and, with
    /// `marks`, what the accounts do from now on).
    pub(crate) fn start(&self, id: &str, since: Cursors, marks: Option<Marks>, at: Timestamp) {
        let mut inner = self.inner();
        let run = inner.new_run(since, marks, at);
        inner.runs.insert(id.to_owned(), run);
    }

    /// Walkthrough `id` follows `flow`, as the person chose; a run is
    /// started if there is none (following the accounts from `marks`).
    pub(crate) fn follow(&self, id: &str, flow: String, marks: Option<Marks>, at: Timestamp) {
        let mut inner = self.inner();
        if !inner.runs.contains_key(id) {
            let run = inner.new_run(Cursors::new(), marks, at);
            inner.runs.insert(id.to_owned(), run);
        }
        let Some(run) = inner.runs.get_mut(id) else {
            return;
        };
        run.flow = Some(flow);
        run.chosen = true;
    }

    /// Records the flow a run found by itself, unless it got one meanwhile
    /// (or was started again).
    pub(crate) fn bind(&self, id: &str, serial: u64, flow: String) {
        if let Some(run) = self.inner().runs.get_mut(id)
            && run.serial == serial
            && run.flow.is_none()
        {
            run.flow = Some(flow);
        }
    }

    /// Every run, copied.
    pub(crate) fn snapshot(&self) -> HashMap<String, Run> {
        self.inner().runs.clone()
    }

    /// Forgets every run (after a reset).
    pub(crate) fn clear(&self) {
        self.inner().runs.clear();
    }
}
