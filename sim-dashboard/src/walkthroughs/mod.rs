//! Guided walkthroughs of the flows F1–F15: each step says what to do,
//! links to the right page of the right service (signing in as the right
//! user where it matters), and ticks itself off once what it causes is
//! seen: each step by its own proof, never because a later step ticked.
//! The definitions are data (`walkthroughs.toml`, compiled in and read
//! once at startup: `definitions`).
//!
//! A walkthrough judges nothing until the person starts it on its page
//! (`runs`): it then follows the first flow begun after the start that
//! shows one of its documents (holding what the walkthrough is about,
//! when it is about that: F7's cart with a payment-schedule offer, F3's
//! setup naming one product), or the flow the person chose from the list
//! of recent flows, and ticks only what that flow shows (`progress`;
//! `bodies` for what a document's body holds, such as a returned cart's
//! 0.00 line or a setup's `SelectedItem`; `observe` for what no journal
//! holds: the flow's requisition and its approvals in the buyer system,
//! the mail read, its agreement's invoices and the clock against them,
//! what its punchout showed). A step that does not apply in the person's
//! flow (finance's approval under its threshold) is shown as not needed.
//! Steps no flow shows (settings, a storefront subscription or redirect,
//! the marketplace's own invoice) follow what the accounts did after
//! Start (`activity`); a walkthrough may need both. This module serves
//! `/walkthroughs/{id}` and its forms.

mod activity;
mod bodies;
mod definitions;
mod observe;
mod progress;
mod runs;

use std::collections::HashMap;

use axum::{
    Form, Router,
    extract::{Path, State},
    http::StatusCode,
    response::{Redirect, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize};
use service_kit::journal::Exchange;
use tera::Context;

use definitions::{Evidence, Holds};
pub(crate) use definitions::{Observation, Walkthrough, Walkthroughs};
pub(crate) use runs::Runs;

use crate::{
    AppState,
    journal_merge::{self, MergedFilter},
    live,
    rendering::{PageError, human_time, render},
};
use progress::{Observed, RecentFlow, Tick};

/// How many recent flows a walkthrough page offers to choose from.
const RECENT_FLOWS: usize = 8;

/// One walkthrough's state: its run, if started, and its steps' ticks.
#[derive(Debug)]
struct Judged {
    run: Option<runs::Run>,
    ticks: Vec<Tick>,
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
        // What the bodies of the rows that may take a flow hold, when the
        // walkthrough is about what a document holds.
        let mut bodies = Observed::default();
        let taking = progress::taking(walkthrough);
        let candidates: Vec<Exchange> = progress::new_rows(walkthrough, &run.since, &rows)
            .into_iter()
            .filter(|row| taking.iter().any(|e| e.holds.is_some() && e.shown_by(row)))
            .cloned()
            .collect();
        if !candidates.is_empty() {
            bodies::read(state, walkthrough, &candidates, &mut bodies).await;
        }
        if let Some(flow) = progress::first_new_flow(walkthrough, &run.since, &rows, &bodies) {
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
        let ticks = match &run {
            Some(run) => {
                let flow = run.flow.as_ref().and_then(|flow| flows.get(flow));
                let flow = flow.map_or(&[][..], Vec::as_slice);
                let mut observed = Observed::default();
                let offers = bodies::read(state, walkthrough, flow, &mut observed).await;
                observe::observe(state, walkthrough, run, &offers, &mut observed).await;
                progress::ticks(walkthrough, flow, &observed)
            }
            None => progress::ticks(walkthrough, &[], &Observed::default()),
        };
        judged.insert(walkthrough.id.clone(), Judged { run, ticks });
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
            let ticks = judged.map_or(&[][..], |j| j.ticks.as_slice());
            let (done, steps) = progress::tally(w, ticks);
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
async fn start(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Redirect, PageError> {
    let walkthrough = state
        .walkthroughs
        .find(&id)
        .ok_or_else(no_such_walkthrough)?;
    let since = live::newest_ids(&state, &progress::Cursors::new()).await;
    let marks = match walkthrough.follows_account_activity() {
        true => Some(activity::marks(&state).await),
        false => None,
    };
    state
        .runs
        .start(&walkthrough.id, since, marks, state.clock.now());
    state.changes.bump();
    Ok(Redirect::to(&format!("/walkthroughs/{}", walkthrough.id)))
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
) -> Result<Redirect, PageError> {
    let walkthrough = state
        .walkthroughs
        .find(&id)
        .ok_or_else(no_such_walkthrough)?;
    if !walkthrough.follows_a_flow() {
        return Err(PageError::new(
            StatusCode::BAD_REQUEST,
            "This walkthrough follows what you do after pressing Start, not a flow: press Start.",
        ));
    }
    let flow = form.flow.trim();
    if flow.is_empty() || flow.len() > 200 {
        return Err(PageError::new(
            StatusCode::BAD_REQUEST,
            "Choose a flow from the list: that flow id is not one.",
        ));
    }
    // A run begun by choosing a flow follows the accounts from now on.
    let marks = match walkthrough.follows_account_activity() {
        true => Some(activity::marks(&state).await),
        false => None,
    };
    state
        .runs
        .follow(&walkthrough.id, flow.to_owned(), marks, state.clock.now());
    state.changes.bump();
    Ok(Redirect::to(&format!("/walkthroughs/{}", walkthrough.id)))
}

fn no_such_walkthrough() -> PageError {
    PageError::new(
        StatusCode::NOT_FOUND,
        "There is no walkthrough of that name.",
    )
}

#[derive(Serialize)]
struct StepView<'a> {
    /// `None` for an alternative or an aside, which are not numbered.
    number: Option<usize>,
    text: &'a str,
    service: &'a str,
    url: String,
    path: &'a str,
    sign_in: Option<&'a str>,
    sign_in_url: String,
    /// What proves it, in words (its document, what is observed, or both).
    evidence: Option<String>,
    /// What makes it not needed, in words.
    unless: Option<&'static str>,
    alternative: bool,
    aside: bool,
    /// A required step the person's path went around (an alternative that
    /// stands in for it was done).
    skipped: bool,
    /// A step that does not apply in the person's flow.
    not_needed: bool,
    done: bool,
}

/// The run as its page shows it.
#[derive(Serialize)]
struct RunView {
    started: String,
    flow: Option<String>,
    chosen: bool,
}

/// What proves `step`, in words.
fn proof_of(step: &definitions::Step) -> Option<String> {
    let document = step.evidence.as_ref().map(Evidence::describe);
    let observed = step.observe.map(Observation::describe);
    match (document, observed) {
        (Some(document), Some(observed)) => Some(format!("{document}, and {observed}")),
        (document, observed) => document.or(observed.map(str::to_owned)),
    }
}

fn step_views<'a>(
    state: &AppState,
    walkthrough: &'a Walkthrough,
    ticks: &[Tick],
) -> Vec<StepView<'a>> {
    let base = |service: &str| {
        state
            .config
            .services
            .iter()
            .find(|s| s.name == service)
            .map_or_else(String::new, |s| s.url.clone())
    };
    let counted = progress::counted(walkthrough, ticks);
    walkthrough
        .steps
        .iter()
        .zip(ticks)
        .zip(walkthrough.numbers())
        .zip(counted)
        .map(|(((step, tick), number), counted)| StepView {
            number,
            skipped: number.is_some() && !counted && *tick == Tick::Open,
            not_needed: *tick == Tick::NotNeeded,
            text: &step.text,
            service: &step.service,
            url: format!("{}{}", base(&step.service), step.path),
            path: &step.path,
            sign_in: step.sign_in.as_deref(),
            sign_in_url: format!("{}/signin", base(&step.service)),
            evidence: proof_of(step),
            unless: step.not_needed.map(Observation::describe),
            alternative: step.alternative,
            aside: step.aside,
            done: tick.is_done(),
        })
        .collect()
}

async fn page(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let walkthrough = state
        .walkthroughs
        .find(&id)
        .ok_or_else(no_such_walkthrough)?;
    let (judged, rows) = judge_all(&state, true).await;
    let this = judged
        .get(&walkthrough.id)
        .ok_or_else(no_such_walkthrough)?;
    let (done, required) = progress::tally(walkthrough, &this.ticks);
    let run = this.run.as_ref().map(|r| RunView {
        started: human_time(r.started_at),
        flow: r.flow.clone(),
        chosen: r.chosen,
    });
    let recent: Vec<RecentFlow> = progress::recent_flows(&rows, RECENT_FLOWS);
    let first_evidence = first_evidence(walkthrough);
    let mut context = Context::new();
    context.insert("id", &walkthrough.id);
    context.insert("title", &walkthrough.title);
    context.insert("summary", &walkthrough.summary);
    context.insert("steps", &step_views(&state, walkthrough, &this.ticks));
    context.insert("run", &run);
    context.insert("done", &done);
    context.insert("required", &required);
    context.insert("first_evidence", &first_evidence);
    context.insert("follows_a_flow", &walkthrough.follows_a_flow());
    context.insert("follows_activity", &walkthrough.follows_account_activity());
    context.insert("recent_flows", &recent);
    context.insert("walkthroughs", &summaries_of(&state.walkthroughs, &judged));
    Ok(render(&state, StatusCode::OK, "walkthrough.html", &context))
}

/// What takes a flow for a run, in words: the documents holding what the
/// walkthrough is about, when it is about that (`progress::taking`); else
/// the first step's document, or an alternative path's ("…, or …").
fn first_evidence(walkthrough: &Walkthrough) -> Option<String> {
    let taking = progress::taking(walkthrough);
    let first = walkthrough
        .steps
        .iter()
        .filter(|s| s.required())
        .find_map(|s| s.evidence.as_ref());
    let alternatives = walkthrough
        .steps
        .iter()
        .filter(|s| s.alternative)
        .filter_map(|s| s.evidence.as_ref());
    let shown: Vec<&Evidence> = match taking.iter().any(|e| e.holds.is_some()) {
        true => taking,
        false => first.into_iter().chain(alternatives).collect(),
    };
    let mut said: Vec<String> = Vec::new();
    for described in shown.into_iter().map(Evidence::describe) {
        if !said.contains(&described) {
            said.push(described);
        }
    }
    (!said.is_empty()).then(|| said.join(", or "))
}
