//! Guided walkthroughs of the flows F1–F15: each step says what to do,
//! links to the right page of the right service (signing in as the right
//! user where it matters), and ticks itself off once the person's own
//! flow shows what it causes. The definitions are data
//! (`walkthroughs.toml`, compiled in and read once at startup:
//! `definitions`).
//!
//! A walkthrough judges nothing until the person starts it on its page
//! (`runs`): it then follows the first flow begun after the start that
//! shows one of its documents, or the flow the person chose from the list
//! of recent flows, and ticks only what that flow shows (`progress`, plus
//! `observe` for the mail read, the usage invoice and the unsupported
//! product the flow's punchout showed, which no journal holds, and
//! `carts` for what a returned cart's body holds). A walkthrough whose
//! steps no flow shows (F14: settings, a storefront subscription, the
//! marketplace's own invoice) follows instead
//! what the accounts did after its Start (`activity`). This module serves
//! `/walkthroughs/{id}` and its forms.

mod activity;
mod carts;
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

use definitions::{CartHolds, Evidence};
pub(crate) use definitions::{Observation, Walkthrough, Walkthroughs};
pub(crate) use runs::Runs;

use crate::{
    AppState,
    journal_merge::{self, MergedFilter},
    live,
    rendering::{PageError, human_time, render},
};
use progress::{Observed, RecentFlow};

/// How many recent flows a walkthrough page offers to choose from.
const RECENT_FLOWS: usize = 8;

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
                let mut observed = observe::observe(state, walkthrough, run).await;
                let flow = run.flow.as_ref().and_then(|flow| flows.get(flow));
                let flow = flow.map_or(&[][..], Vec::as_slice);
                carts::read(state, walkthrough, flow, &mut observed).await;
                progress::done(walkthrough, flow, &observed)
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
    state
        .runs
        .follow(&walkthrough.id, flow.to_owned(), state.clock.now());
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
    /// A required step the person's path went around (an alternative that
    /// stands in for it was done).
    skipped: bool,
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
    let counted = progress::counted(walkthrough, done);
    walkthrough
        .steps
        .iter()
        .zip(done)
        .zip(walkthrough.numbers())
        .zip(counted)
        .map(|(((step, done), number), counted)| StepView {
            number,
            skipped: number.is_some() && !counted,
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
    let (done, required) = progress::tally(walkthrough, &this.done);
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
    context.insert("steps", &step_views(&state, walkthrough, &this.done));
    context.insert("run", &run);
    context.insert("done", &done);
    context.insert("required", &required);
    context.insert("first_evidence", &first_evidence);
    context.insert("follows_a_flow", &walkthrough.follows_a_flow());
    context.insert("recent_flows", &recent);
    context.insert("walkthroughs", &summaries_of(&state.walkthroughs, &judged));
    Ok(render(&state, StatusCode::OK, "walkthrough.html", &context))
}

/// What takes a flow for a run, in words: the first step's document, or an
/// alternative path's ("…, or …"), when the walkthrough has any.
fn first_evidence(walkthrough: &Walkthrough) -> Option<String> {
    let first = walkthrough
        .steps
        .iter()
        .filter(|s| !s.alternative)
        .find_map(|s| s.evidence.as_ref());
    let alternatives = walkthrough
        .steps
        .iter()
        .filter(|s| s.alternative)
        .filter_map(|s| s.evidence.as_ref());
    let mut said: Vec<String> = Vec::new();
    for described in first
        .into_iter()
        .chain(alternatives)
        .map(Evidence::describe)
    {
        if !said.contains(&described) {
            said.push(described);
        }
    }
    (!said.is_empty()).then(|| said.join(", or "))
}
