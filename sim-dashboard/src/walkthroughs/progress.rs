//! How far a walkthrough run has got, judged from its own flow only (or,
//! for a walkthrough no flow shows, from what was observed since its
//! start): which flow a run follows when the person did not choose one
//! (the first flow begun after they pressed Start that shows one of the
//! walkthrough's documents), which steps that flow's rows and observations
//! prove, and the flows a person may choose from. Pure functions of the
//! journal rows and observations, so the rules are tested without any
//! service.

use std::collections::HashMap;

use service_kit::journal::Exchange;

use super::{CartHolds, Evidence, Observation, Walkthrough};

/// The newest journal id each service had at some moment.
pub(crate) type Cursors = HashMap<String, i64>;

/// What the journal does not show but a step may need: read from the mail
/// service and the marketplace for the run (its flow's agreement, or what
/// the accounts did since it started).
/// Also what the bodies of the flow's returned carts hold, which their
/// rows do not show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Observed {
    seen: Vec<Observation>,
    /// (service, journal id) of a cart row, and what its body holds.
    carts: Vec<(String, i64, CartHolds)>,
}

impl Observed {
    /// Exactly `seen`.
    #[cfg(test)]
    pub(crate) fn of(seen: &[Observation]) -> Self {
        Observed {
            seen: seen.to_vec(),
            carts: Vec::new(),
        }
    }

    pub(crate) fn insert(&mut self, observation: Observation) {
        if !self.shows(observation) {
            self.seen.push(observation);
        }
    }

    /// The cart journaled as `row` holds `holds`.
    pub(crate) fn insert_cart(&mut self, row: &Exchange, holds: CartHolds) {
        self.carts.push((row.service.clone(), row.id, holds));
    }

    fn shows(&self, observation: Observation) -> bool {
        self.seen.contains(&observation)
    }

    /// Whether `row` proves `evidence`: its document, and what its body
    /// must hold when the evidence asks.
    fn proves(&self, evidence: &Evidence, row: &Exchange) -> bool {
        evidence.shown_by(row)
            && evidence.holds.is_none_or(|holds| {
                self.carts
                    .iter()
                    .any(|(s, id, h)| *s == row.service && *id == row.id && *h == holds)
            })
    }
}

/// Whether `row` was journaled before the moment `since` records.
fn before(row: &Exchange, since: &Cursors) -> bool {
    since
        .get(&row.service)
        .is_some_and(|newest| row.id <= *newest)
}

/// The flow a run started at `since` follows until the person chooses
/// one: the first flow, in the merged journal's order, that has no row
/// from before the start and shows one of the walkthrough's documents.
/// A flow begun earlier is never taken on its own: it may be anyone's.
pub(crate) fn first_new_flow(
    walkthrough: &Walkthrough,
    since: &Cursors,
    rows: &[Exchange],
) -> Option<String> {
    let old: Vec<&str> = rows
        .iter()
        .filter(|row| before(row, since))
        .filter_map(|row| row.flow_id.as_deref())
        .collect();
    rows.iter()
        .filter(|row| !before(row, since))
        .filter(|row| {
            walkthrough
                .steps
                .iter()
                .any(|s| s.evidence.as_ref().is_some_and(|e| e.shown_by(row)))
        })
        .filter_map(|row| row.flow_id.as_deref())
        .find(|flow| !old.contains(flow))
        .map(str::to_owned)
}

/// Which steps are done, given only the rows of the run's flow. A step
/// with evidence is done when the flow holds its document (as many times
/// as it asks, holding what it asks); one with an observation when that
/// was observed; a step with neither (signing in, pressing a button that
/// sends nothing) once a later counted step is. An alternative makes
/// earlier steps done only when it stands in for some and is done: the
/// person took its path.
pub(crate) fn done(
    walkthrough: &Walkthrough,
    flow_rows: &[Exchange],
    observed: &Observed,
) -> Vec<bool> {
    let mut done: Vec<bool> = walkthrough
        .steps
        .iter()
        .map(|step| {
            let shown = step.evidence.as_ref().is_some_and(|ev| {
                let seen = flow_rows.iter().filter(|row| observed.proves(ev, row));
                seen.count() >= ev.occurrence as usize
            });
            shown || step.observe.is_some_and(|o| observed.shows(o))
        })
        .collect();
    let counted = counted(walkthrough, &done);
    let mut later_done = false;
    for (i, step) in walkthrough.steps.iter().enumerate().rev() {
        if !counted[i] {
            continue;
        }
        if step.evidence.is_none() && step.observe.is_none() && later_done {
            done[i] = true;
        }
        later_done |= done[i];
    }
    done
}

/// Which steps count, given which are done: every required step, except
/// those a done alternative stands in for, which counts in their place.
pub(crate) fn counted(walkthrough: &Walkthrough, done: &[bool]) -> Vec<bool> {
    let taken = walkthrough.steps.iter().zip(done);
    let replaced: Vec<usize> = taken
        .filter(|(s, done)| s.alternative && **done)
        .flat_map(|(s, _)| s.replaces.iter().copied())
        .collect();
    let numbers = walkthrough.numbers();
    walkthrough
        .steps
        .iter()
        .zip(done)
        .zip(numbers)
        .map(|((step, done), number)| match number {
            Some(n) => !replaced.contains(&n),
            None => *done && !step.replaces.is_empty(),
        })
        .collect()
}

/// Counted steps done and counted steps in all: an alternative (do this
/// *or* that) is not one the person must do, unless they took its path.
pub(crate) fn tally(walkthrough: &Walkthrough, done: &[bool]) -> (usize, usize) {
    let counted = counted(walkthrough, done);
    let (mut finished, mut all) = (0, 0);
    for (counts, done) in counted.iter().zip(done) {
        all += usize::from(*counts);
        finished += usize::from(*counts && *done);
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
