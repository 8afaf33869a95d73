//! Guided walkthroughs of the flows F1–F15: each step says what to do,
//! links to the right page of the right service (signing in as the right
//! user where it matters), and ticks itself off once the person's own
//! flow shows what it causes. The definitions are data
//! (`walkthroughs.toml`, compiled in and read once at startup).
//!
//! A walkthrough judges nothing until the person starts it on its page
//! (`runs`): it then follows the first flow begun after the start that
//! shows one of its documents, or the flow the person chose from the list
//! of recent flows, and ticks only what that flow shows (`progress`, plus
//! `observe` for the mail read and the usage invoice, which no journal
//! holds). A walkthrough whose steps no flow shows (F14: settings, a
//! storefront subscription, the marketplace's own invoice) follows instead
//! what the accounts did after its Start (`activity`). This module serves
//! `/walkthroughs/{id}` and its forms.

mod activity;
mod observe;
mod progress;
mod runs;

use std::collections::HashMap;

use axum::{
    Form, Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize};
use service_kit::journal::{Direction, Exchange};
use tera::Context;

pub(crate) use runs::Runs;

use crate::{
    AppState,
    journal_merge::{self, MergedFilter},
    live,
    rendering::{error_page, human_time, render},
};
use progress::{Observed, RecentFlow};

const DEFINITIONS: &str = include_str!("../../walkthroughs.toml");

/// How many recent flows a walkthrough page offers to choose from.
const RECENT_FLOWS: usize = 8;

/// Every walkthrough, in the file's order. Cheap to clone.
#[derive(Clone, Debug)]
pub(crate) struct Walkthroughs(std::sync::Arc<Vec<Walkthrough>>);

#[derive(Deserialize)]
struct File {
    walkthrough: Vec<Walkthrough>,
}

impl Walkthroughs {
    /// Reads the compiled-in definitions.
    pub(crate) fn load() -> Result<Self, toml::de::Error> {
        let file: File = toml::from_str(DEFINITIONS)?;
        Ok(Walkthroughs(std::sync::Arc::new(file.walkthrough)))
    }

    fn all(&self) -> &[Walkthrough] {
        &self.0
    }

    fn find(&self, id: &str) -> Option<&Walkthrough> {
        self.all().iter().find(|w| w.id.eq_ignore_ascii_case(id))
    }
}

impl Walkthrough {
    /// Whether a run follows a flow: some step is proved by a journaled
    /// document.
    fn follows_a_flow(&self) -> bool {
        self.steps.iter().any(|s| s.evidence.is_some())
    }

    /// Whether a run follows what the accounts did since its start.
    fn follows_account_activity(&self) -> bool {
        self.steps
            .iter()
            .any(|s| s.observe.is_some_and(Observation::of_account_activity))
    }
}

/// One flow's walkthrough.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct Walkthrough {
    pub id: String,
    pub title: String,
    pub summary: String,
    #[serde(rename = "step")]
    pub steps: Vec<Step>,
}

/// What to do, where, as whom, and what shows it was done.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Step {
    pub text: String,
    /// The service whose page the step opens (`dashboard` for our own).
    pub service: String,
    pub path: String,
    /// Sign in to `service` as this user first (its "sign in as" picker).
    pub sign_in: Option<String>,
    pub evidence: Option<Evidence>,
    /// What shows the step when no journal does.
    pub observe: Option<Observation>,
    /// Another way instead of the steps before it (reject instead of
    /// approve): shown, but not a step the person must do.
    #[serde(default)]
    pub alternative: bool,
}

/// A journaled document that proves a step happened: recorded by
/// `service` in `direction`, accepted (or, with `refused`, refused), at
/// least `occurrence` times in the flow (an edit re-opens a punchout with
/// a second setup request in the same flow).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Evidence {
    pub service: String,
    pub document: String,
    pub direction: Direction,
    #[serde(default)]
    pub refused: bool,
    #[serde(default = "once")]
    pub occurrence: u32,
}

fn once() -> u32 {
    1
}

impl Evidence {
    fn shown_by(&self, e: &Exchange) -> bool {
        let refused = e.outcome_status().is_some_and(|s| s >= 300);
        e.service == self.service
            && e.direction == self.direction
            && e.document_type.as_deref() == Some(self.document.as_str())
            && refused == self.refused
    }

    fn describe(&self) -> String {
        let verb = match self.direction {
            Direction::Outbound => "sends",
            Direction::Inbound => "receives",
        };
        let refused = if self.refused { " (refused)" } else { "" };
        let again = match self.occurrence {
            1 => "",
            2 => " a second time",
            _ => " again",
        };
        format!("{} {verb} {}{refused}{again}", self.service, self.document)
    }
}

/// What proves a step outside the journal: of the run's flow's agreement,
/// or of what the accounts did since the run started.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Observation {
    /// The mail about the flow's agreement was opened in the inbox.
    MailRead,
    /// The marketplace issued a usage invoice for the flow's agreement.
    UsageInvoice,
    /// Since Start, purchase-order management was asked for beside an
    /// enabled integration, and refused.
    PoManagementRefused,
    /// Since Start, settings with purchase-order management on were saved.
    PoManagementOn,
    /// Since Start, a subscription was made in the marketplace with a PO
    /// number typed.
    PoSubscription,
    /// The marketplace invoiced that subscription with its PO number.
    PoInvoice,
    /// After purchase-order management was turned on, settings with it off
    /// and an integration enabled were saved.
    IntegrationBack,
}

impl Observation {
    fn describe(self) -> &'static str {
        match self {
            Observation::MailRead => "the mail about this flow's agreement is opened in the inbox",
            Observation::UsageInvoice => {
                "the marketplace issues a usage invoice for this flow's agreement"
            }
            Observation::PoManagementRefused => {
                "the marketplace refuses purchase-order management beside an enabled integration"
            }
            Observation::PoManagementOn => {
                "the marketplace saves the settings with purchase-order management on"
            }
            Observation::PoSubscription => {
                "the marketplace records a subscription with the PO number you typed"
            }
            Observation::PoInvoice => {
                "the marketplace invoices that subscription with its PO number"
            }
            Observation::IntegrationBack => {
                "the marketplace saves the settings with the integration enabled again"
            }
        }
    }

    /// Whether it is seen in what the accounts did since the run started,
    /// rather than in the run's flow.
    fn of_account_activity(self) -> bool {
        !matches!(self, Observation::MailRead | Observation::UsageInvoice)
    }
}

/// One walkthrough's state: its run, if started, and its steps' ticks.
#[derive(Debug)]
struct Judged {
    run: Option<runs::Run>,
    done: Vec<bool>,
}

/// Every walkthrough judged from its own run's flow, and the merged
/// recent journal when it was needed (to find new flows) or `recent`.
async fn judge_all(state: &AppState, recent: bool) -> (HashMap<String, Judged>, Vec<Exchange>) {
    let mut runs = state.runs.snapshot();
    let unbound = runs.iter().any(|(id, r)| {
        r.flow.is_none()
            && state
                .walkthroughs
                .find(id)
                .is_some_and(Walkthrough::follows_a_flow)
    });
    let rows = if unbound || recent {
        journal_merge::merge(state, MergedFilter::default())
            .await
            .exchanges
    } else {
        Vec::new()
    };
    for (id, run) in runs.iter_mut().filter(|(_, r)| r.flow.is_none()) {
        let Some(walkthrough) = state.walkthroughs.find(id) else {
            continue;
        };
        if let Some(flow) = progress::first_new_flow(walkthrough, &run.since, &rows) {
            state.runs.bind(id, run.serial, flow.clone());
            run.flow = Some(flow);
        }
    }
    // One merge per followed flow, complete whatever its age.
    let mut flows: HashMap<String, Vec<Exchange>> = HashMap::new();
    for flow in runs.values().filter_map(|r| r.flow.clone()) {
        if flows.contains_key(&flow) {
            continue;
        }
        let filter = MergedFilter {
            flow: Some(flow.clone()),
            ..MergedFilter::default()
        };
        let merged = journal_merge::merge(state, filter).await;
        flows.insert(flow, merged.exchanges);
    }
    let mut judged = HashMap::new();
    for walkthrough in state.walkthroughs.all() {
        let run = runs.remove(&walkthrough.id);
        let done = match &run {
            Some(run) => {
                let observed = observe::observe(state, walkthrough, run).await;
                let flow = run.flow.as_ref().and_then(|flow| flows.get(flow));
                progress::done(walkthrough, flow.map_or(&[][..], Vec::as_slice), &observed)
            }
            None => progress::done(walkthrough, &[], &Observed::default()),
        };
        judged.insert(walkthrough.id.clone(), Judged { run, done });
    }
    (judged, rows)
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/walkthroughs/{id}", get(page))
        .route("/walkthroughs/{id}/start", post(start))
        .route("/walkthroughs/{id}/follow", post(follow))
}

/// A walkthrough as the index lists it.
#[derive(Serialize)]
pub(crate) struct Summary<'a> {
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    started: bool,
    done: usize,
    steps: usize,
}

fn summaries_of<'a>(
    walkthroughs: &'a Walkthroughs,
    judged: &HashMap<String, Judged>,
) -> Vec<Summary<'a>> {
    walkthroughs
        .all()
        .iter()
        .map(|w| {
            let judged = judged.get(&w.id);
            let done = judged.map_or(&[][..], |j| j.done.as_slice());
            let (done, steps) = progress::tally(w, done);
            Summary {
                id: &w.id,
                title: &w.title,
                summary: &w.summary,
                started: judged.is_some_and(|j| j.run.is_some()),
                done,
                steps,
            }
        })
        .collect()
}

/// Every walkthrough with its run's progress, for the hub page.
pub(crate) async fn summaries(state: &AppState) -> Vec<Summary<'_>> {
    let (judged, _) = judge_all(state, false).await;
    summaries_of(&state.walkthroughs, &judged)
}

/// `POST /walkthroughs/{id}/start`: a new run, which follows the first
/// flow begun from now on.
async fn start(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Some(walkthrough) = state.walkthroughs.find(&id) else {
        return no_such_walkthrough(&state);
    };
    let since = live::newest_ids(&state, &progress::Cursors::new()).await;
    let marks = match walkthrough.follows_account_activity() {
        true => Some(activity::marks(&state).await),
        false => None,
    };
    state
        .runs
        .start(&walkthrough.id, since, marks, state.clock.now());
    state.changes.bump();
    Redirect::to(&format!("/walkthroughs/{}", walkthrough.id)).into_response()
}

#[derive(Deserialize)]
struct Follow {
    flow: String,
}

/// `POST /walkthroughs/{id}/follow` (`flow=`): the person says which flow
/// is theirs.
async fn follow(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(form): Form<Follow>,
) -> Response {
    let Some(walkthrough) = state.walkthroughs.find(&id) else {
        return no_such_walkthrough(&state);
    };
    if !walkthrough.follows_a_flow() {
        return error_page(
            &state,
            StatusCode::BAD_REQUEST,
            "This walkthrough follows what you do after pressing Start, not a flow: press Start.",
        );
    }
    let flow = form.flow.trim();
    if flow.is_empty() || flow.len() > 200 {
        return error_page(
            &state,
            StatusCode::BAD_REQUEST,
            "Choose a flow from the list: that flow id is not one.",
        );
    }
    state
        .runs
        .follow(&walkthrough.id, flow.to_owned(), state.clock.now());
    state.changes.bump();
    Redirect::to(&format!("/walkthroughs/{}", walkthrough.id)).into_response()
}

fn no_such_walkthrough(state: &AppState) -> Response {
    error_page(
        state,
        StatusCode::NOT_FOUND,
        "There is no walkthrough of that name.",
    )
}

#[derive(Serialize)]
struct StepView<'a> {
    /// `None` for an alternative, which is not numbered.
    number: Option<usize>,
    text: &'a str,
    service: &'a str,
    url: String,
    path: &'a str,
    sign_in: Option<&'a str>,
    sign_in_url: String,
    evidence: Option<String>,
    alternative: bool,
    done: bool,
}

/// The run as its page shows it.
#[derive(Serialize)]
struct RunView {
    started: String,
    flow: Option<String>,
    chosen: bool,
}

fn step_views<'a>(
    state: &AppState,
    walkthrough: &'a Walkthrough,
    done: &[bool],
) -> Vec<StepView<'a>> {
    let base = |service: &str| {
        state
            .config
            .services
            .iter()
            .find(|s| s.name == service)
            .map_or_else(String::new, |s| s.url.clone())
    };
    let mut number = 0;
    walkthrough
        .steps
        .iter()
        .zip(done)
        .map(|(step, done)| {
            if !step.alternative {
                number += 1;
            }
            StepView {
                number: (!step.alternative).then_some(number),
                text: &step.text,
                service: &step.service,
                url: format!("{}{}", base(&step.service), step.path),
                path: &step.path,
                sign_in: step.sign_in.as_deref(),
                sign_in_url: format!("{}/signin", base(&step.service)),
                evidence: step
                    .evidence
                    .as_ref()
                    .map(Evidence::describe)
                    .or_else(|| step.observe.map(|o| o.describe().to_owned())),
                alternative: step.alternative,
                done: *done,
            }
        })
        .collect()
}

async fn page(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Some(walkthrough) = state.walkthroughs.find(&id) else {
        return no_such_walkthrough(&state);
    };
    let (judged, rows) = judge_all(&state, true).await;
    let Some(this) = judged.get(&walkthrough.id) else {
        return no_such_walkthrough(&state);
    };
    let (done, required) = progress::tally(walkthrough, &this.done);
    let run = this.run.as_ref().map(|r| RunView {
        started: human_time(r.started_at),
        flow: r.flow.clone(),
        chosen: r.chosen,
    });
    let recent: Vec<RecentFlow> = progress::recent_flows(&rows, RECENT_FLOWS);
    let first_evidence = walkthrough
        .steps
        .iter()
        .find_map(|s| s.evidence.as_ref())
        .map(Evidence::describe);
    let mut context = Context::new();
    context.insert("id", &walkthrough.id);
    context.insert("title", &walkthrough.title);
    context.insert("summary", &walkthrough.summary);
    context.insert("steps", &step_views(&state, walkthrough, &this.done));
    context.insert("run", &run);
    context.insert("done", &done);
    context.insert("required", &required);
    context.insert("first_evidence", &first_evidence);
    context.insert("follows_a_flow", &walkthrough.follows_a_flow());
    context.insert("recent_flows", &recent);
    context.insert("walkthroughs", &summaries_of(&state.walkthroughs, &judged));
    render(&state, StatusCode::OK, "walkthrough.html", &context)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_is_one_walkthrough_per_flow_from_f1_to_f15() {
        let all = Walkthroughs::load().expect("walkthroughs.toml reads");
        let ids: Vec<&str> = all.all().iter().map(|w| w.id.as_str()).collect();
        let wanted: Vec<String> = (1..=15).map(|n| format!("F{n}")).collect();
        assert_eq!(ids, wanted);
        let services = ["dashboard", "marketplace", "coupa", "ariba", "mail"];
        for step in all.all().iter().flat_map(|w| &w.steps) {
            assert!(services.contains(&step.service.as_str()), "{step:?}");
            assert!(step.path.starts_with('/'), "{step:?}");
        }
    }

    /// Whether `w` can end: its last required step is proved by something
    /// (each step without proof is done once a later one is).
    fn can_be_finished(w: &Walkthrough) -> bool {
        let last = w.steps.iter().rev().find(|s| !s.alternative);
        last.is_some_and(|s| s.evidence.is_some() || s.observe.is_some())
    }

    /// Every walkthrough can be finished, and a run has something to
    /// follow: a flow (a step proved by a journaled document) or the
    /// accounts' activity since its start, never both, since one run
    /// cannot follow two things.
    #[test]
    fn every_walkthrough_can_be_finished() {
        const NOT_YET: &[&str] = &[];
        let all = Walkthroughs::load().expect("walkthroughs.toml reads");
        let unfinishable: Vec<&str> = all
            .all()
            .iter()
            .filter(|w| !can_be_finished(w))
            .map(|w| w.id.as_str())
            .collect();
        assert_eq!(unfinishable, NOT_YET);
        for w in all.all() {
            assert!(
                w.follows_a_flow() != w.follows_account_activity(),
                "{} follows {} things",
                w.id,
                if w.follows_a_flow() { "two" } else { "no" }
            );
        }
    }

    /// The rule above catches what it is for: F14 as it was, its last
    /// step (the refusal) proved by nothing, and a step after an
    /// alternative that proves nothing.
    #[test]
    fn a_walkthrough_whose_last_required_step_proves_nothing_cannot_end() {
        let all = Walkthroughs::load().expect("walkthroughs.toml reads");
        let mut f14 = all.find("F14").expect("defined").clone();
        f14.steps.truncate(2);
        f14.steps[1].observe = None;
        assert!(!can_be_finished(&f14));
        let mut f4 = all.find("F4").expect("defined").clone();
        assert!(can_be_finished(&f4), "F4 ends before its alternative");
        f4.steps.push(Step {
            alternative: false,
            evidence: None,
            ..f4.steps[0].clone()
        });
        assert!(!can_be_finished(&f4));
    }
}
