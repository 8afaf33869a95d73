//! How far a walkthrough run has got, judged from its own flow only and
//! from what was observed for it (of that flow, or of what the accounts
//! did since its start): which flow a run follows when the person did not
//! choose one (the first flow begun after they pressed Start that shows
//! one of the walkthrough's documents, holding what the walkthrough is
//! about when it is about that), which steps that flow's rows and
//! the observations prove, each step by its own proof, which steps are
//! not needed in it, and the flows a person may choose from. Pure
//! functions of the journal rows and observations, so the rules are
//! tested without any service.

use std::collections::HashMap;

use jiff::Timestamp;
use service_kit::journal::Exchange;

use super::{Evidence, Holds, Observation, Walkthrough};

/// The newest journal id each service had at some moment.
pub(crate) type Cursors = HashMap<String, i64>;

/// What the journal does not show but a step may need: read from the
/// services for the run (its flow's punchout, requisition and agreement,
/// or what the accounts did since it started), and what the bodies of the
/// flow's documents hold, which their rows do not show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Observed {
    seen: Vec<Observation>,
    /// (service, journal id) of a document's row, and what its body holds.
    bodies: Vec<(String, i64, Holds)>,
    /// When an observation of the accounts' activity first happened, on
    /// the simulated clock, for a step whose document must come after it.
    times: Vec<(Observation, Timestamp)>,
}

impl Observed {
    /// Exactly `seen`.
    #[cfg(test)]
    pub(crate) fn of(seen: &[Observation]) -> Self {
        Observed {
            seen: seen.to_vec(),
            ..Observed::default()
        }
    }

    pub(crate) fn insert(&mut self, observation: Observation) {
        if !self.shows(observation) {
            self.seen.push(observation);
        }
    }

    /// `observation`, which first happened `at`.
    pub(crate) fn insert_at(&mut self, observation: Observation, at: Timestamp) {
        self.insert(observation);
        match self.times.iter_mut().find(|(o, _)| *o == observation) {
            Some((_, first)) => *first = (*first).min(at),
            None => self.times.push((observation, at)),
        }
    }

    /// Whether `row` was journaled once `observation` had happened: not
    /// before its time (a clock standing still gives both the same time,
    /// and nothing tells their order then). Never when either time is
    /// unknown.
    fn after(&self, observation: Observation, row: &Exchange) -> bool {
        let Ok(journaled) = row.at.parse::<Timestamp>() else {
            return false;
        };
        self.times
            .iter()
            .any(|(o, at)| *o == observation && *at <= journaled)
    }

    /// The document journaled as `row` holds `holds`.
    pub(crate) fn insert_body(&mut self, row: &Exchange, holds: Holds) {
        self.bodies.push((row.service.clone(), row.id, holds));
    }

    pub(crate) fn shows(&self, observation: Observation) -> bool {
        self.seen.contains(&observation)
    }

    /// Whether `row` proves `evidence`: its document, and what its body
    /// must hold when the evidence asks.
    fn proves(&self, evidence: &Evidence, row: &Exchange) -> bool {
        evidence.shown_by(row)
            && evidence.holds.is_none_or(|holds| {
                self.bodies
                    .iter()
                    .any(|(s, id, h)| *s == row.service && *id == row.id && *h == holds)
            })
    }
}

/// Where one step stands in a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tick {
    /// Nothing proves it yet.
    Open,
    /// Its own proof was seen.
    Done,
    /// It does not apply in the person's flow (finance's approval under
    /// its threshold): not done, and not counted.
    NotNeeded,
}

impl Tick {
    pub(crate) fn is_done(self) -> bool {
        self == Tick::Done
    }
}

/// Whether `row` was journaled before the moment `since` records.
fn before(row: &Exchange, since: &Cursors) -> bool {
    since
        .get(&row.service)
        .is_some_and(|newest| row.id <= *newest)
}

/// The evidence that takes a flow for a run: a walkthrough about what a
/// document holds (F7's cart with a payment-schedule offer, F3's setup
/// naming one product) is taken only by a document holding it; any other
/// by any step's document.
pub(crate) fn taking(walkthrough: &Walkthrough) -> Vec<&Evidence> {
    let all = || walkthrough.steps.iter().filter_map(|s| s.evidence.as_ref());
    let specific: Vec<&Evidence> = all().filter(|e| e.holds.is_some()).collect();
    match specific.is_empty() {
        true => all().collect(),
        false => specific,
    }
}

/// The rows a run started at `since` may be taken by: journaled after the
/// start, in a flow with no row from before it, of a document type that
/// takes a flow for `walkthrough`. A flow begun earlier is never taken on
/// its own: it may be anyone's.
pub(crate) fn new_rows<'a>(
    walkthrough: &Walkthrough,
    since: &Cursors,
    rows: &'a [Exchange],
) -> Vec<&'a Exchange> {
    let old: Vec<&str> = rows
        .iter()
        .filter(|row| before(row, since))
        .filter_map(|row| row.flow_id.as_deref())
        .collect();
    let taking = taking(walkthrough);
    rows.iter()
        .filter(|row| !before(row, since))
        .filter(|row| row.flow_id.as_deref().is_some_and(|f| !old.contains(&f)))
        .filter(|row| taking.iter().any(|e| e.shown_by(row)))
        .collect()
}

/// The flow a run started at `since` follows until the person chooses
/// one: the first flow, in the merged journal's order, of `new_rows`
/// whose row proves evidence that takes a flow, holding what it asks
/// (`observed` says what the bodies of those rows hold).
pub(crate) fn first_new_flow(
    walkthrough: &Walkthrough,
    since: &Cursors,
    rows: &[Exchange],
    observed: &Observed,
) -> Option<String> {
    let taking = taking(walkthrough);
    new_rows(walkthrough, since, rows)
        .into_iter()
        .find(|row| taking.iter().any(|e| observed.proves(e, row)))
        .and_then(|row| row.flow_id.clone())
}

/// Where each step stands, given only the rows of the run's flow and
/// what was observed for the run. A step is done on its own proof only:
/// its evidence (the flow holds its document as many times as it asks,
/// holding what it asks) and its observation, both when it has both (the
/// document after it, when it is of the accounts' activity: a punchout
/// after the save); a step is never done because a later one is. A step not done whose
/// `not_needed` observation was seen is not needed. An aside is never
/// done.
pub(crate) fn ticks(
    walkthrough: &Walkthrough,
    flow_rows: &[Exchange],
    observed: &Observed,
) -> Vec<Tick> {
    walkthrough
        .steps
        .iter()
        .map(|step| {
            let in_order = |row: &Exchange| match step.observe {
                Some(o) if o.of_account_activity() => observed.after(o, row),
                _ => true,
            };
            let shown = step.evidence.as_ref().map(|ev| {
                let seen = flow_rows
                    .iter()
                    .filter(|row| observed.proves(ev, row) && in_order(row));
                seen.count() >= ev.occurrence as usize
            });
            let seen = step.observe.map(|o| observed.shows(o));
            let done = match (shown, seen) {
                (None, None) => false,
                (shown, seen) => shown.unwrap_or(true) && seen.unwrap_or(true),
            };
            if done && !step.aside {
                Tick::Done
            } else if step.not_needed.is_some_and(|o| observed.shows(o)) {
                Tick::NotNeeded
            } else {
                Tick::Open
            }
        })
        .collect()
}

/// Which steps count, given their ticks: every required step that is
/// needed, except those a done alternative stands in for, which counts in
/// their place. An aside never counts.
pub(crate) fn counted(walkthrough: &Walkthrough, ticks: &[Tick]) -> Vec<bool> {
    let taken = walkthrough.steps.iter().zip(ticks);
    let replaced: Vec<usize> = taken
        .filter(|(s, tick)| s.alternative && tick.is_done())
        .flat_map(|(s, _)| s.replaces.iter().copied())
        .collect();
    let numbers = walkthrough.numbers();
    walkthrough
        .steps
        .iter()
        .zip(ticks)
        .zip(numbers)
        .map(|((step, tick), number)| match number {
            Some(n) => !replaced.contains(&n) && *tick != Tick::NotNeeded,
            None => tick.is_done() && !step.replaces.is_empty(),
        })
        .collect()
}

/// Counted steps done and counted steps in all: an alternative (do this
/// *or* that) is not one the person must do, unless they took its path,
/// and a step that is not needed is not counted.
pub(crate) fn tally(walkthrough: &Walkthrough, ticks: &[Tick]) -> (usize, usize) {
    let counted = counted(walkthrough, ticks);
    let (mut finished, mut all) = (0, 0);
    for (counts, tick) in counted.iter().zip(ticks) {
        all += usize::from(*counts);
        finished += usize::from(*counts && tick.is_done());
    }
    (finished, all)
}

/// A flow a person may choose to follow.
#[derive(Debug, PartialEq, Eq, serde::Serialize)]
pub(crate) struct RecentFlow {
    pub flow: String,
    /// Its documents in order, each once (`PunchOutSetupRequest, PunchOutOrderMessage`).
    pub documents: Vec<String>,
    /// When its newest row was journaled.
    pub last_at: String,
}

/// The `limit` flows with the newest rows, newest first.
pub(crate) fn recent_flows(rows: &[Exchange], limit: usize) -> Vec<RecentFlow> {
    let mut flows: Vec<RecentFlow> = Vec::new();
    for row in rows {
        let Some(flow) = row.flow_id.as_deref() else {
            continue;
        };
        let index = match flows.iter().position(|f| f.flow == flow) {
            Some(index) => index,
            None => {
                flows.push(RecentFlow {
                    flow: flow.to_owned(),
                    documents: Vec::new(),
                    last_at: String::new(),
                });
                flows.len() - 1
            }
        };
        let entry = &mut flows[index];
        entry.last_at.clone_from(&row.at);
        if let Some(kind) = &row.document_type
            && !entry.documents.contains(kind)
        {
            entry.documents.push(kind.clone());
        }
    }
    // Newest activity first: the merged rows are in journal order, so a
    // flow's last row decides.
    let last_row = |flow: &str| {
        rows.iter()
            .rposition(|r| r.flow_id.as_deref() == Some(flow))
    };
    flows.sort_by_key(|f| std::cmp::Reverse(last_row(&f.flow)));
    flows.truncate(limit);
    flows
}

#[cfg(test)]
#[path = "progress_tests.rs"]
mod tests;
