//! The certification pages: the runs and the form (`GET /certify`),
//! starting a run (`POST /certify`), one run live (`GET
//! /certify/runs/{id}`) and its report as a file (`…/report.html`,
//! `…/report.json`).

use std::collections::HashMap;

use axum::{
    Form, Router,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use certify::{
    CartMode, CartPrompt,
    runs::{Run, RunState},
};
use tera::Context;
use tokio::sync::mpsc::UnboundedReceiver;

use super::{MAX_ACTIVE, SERVICE, form};
use crate::{
    AppState,
    rendering::{PageError, render},
};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/certify", get(list).post(start))
        .route("/certify/", get(list))
        .route("/certify/runs/{id}", get(run_page))
        .route("/certify/runs/{id}/report.html", get(report_html))
        .route("/certify/runs/{id}/report.json", get(report_json))
}

async fn list(State(state): State<AppState>) -> Result<Response, PageError> {
    form_page(&state, StatusCode::OK, &[], &HashMap::new()).await
}

/// The runs and the form; after a refused form, its problems and what was
/// typed (but the secret).
async fn form_page(
    state: &AppState,
    status: StatusCode,
    problems: &[String],
    typed: &HashMap<String, String>,
) -> Result<Response, PageError> {
    let runs = state.certification.runs.list().await.map_err(unavailable)?;
    let mut typed = typed.clone();
    typed.remove("secret");
    let mut context = Context::new();
    context.insert("runs", &runs);
    context.insert("problems", problems);
    context.insert("typed", &typed);
    context.insert(
        "platforms",
        &buyer_kit::Profile::builtin_names().collect::<Vec<_>>(),
    );
    context.insert("max_active", &MAX_ACTIVE);
    Ok(render(state, status, "certify.html", &context))
}

async fn start(
    State(state): State<AppState>,
    Form(fields): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let asked = match form::read(&fields) {
        Ok(asked) => asked,
        Err(problems) => {
            return form_page(&state, StatusCode::BAD_REQUEST, &problems, &fields).await;
        }
    };
    let Ok(slot) = state.certification.slots.clone().try_acquire_owned() else {
        return Err(PageError::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "{MAX_ACTIVE} certification runs are in progress; start this one when one of them has finished."
            ),
        ));
    };
    let started_at = jiff::Timestamp::now().to_string();
    let id = state
        .certification
        .runs
        .begin(asked.plan, started_at)
        .await
        .map_err(unavailable)?;
    let mut target = asked.target;
    target.dtds = state.certification.dtds.clone();
    let prompts = match &mut target.cart {
        CartMode::Manual(manual) => {
            let (tell, prompts) = tokio::sync::mpsc::unbounded_channel();
            manual.prompts = Some(tell);
            Some(prompts)
        }
        _ => None,
    };
    let certification = state.certification.clone();
    let (clock, changes) = (state.clock.clone(), state.changes.clone());
    tokio::spawn(async move {
        let _slot = slot;
        let watching = prompts.map(|prompts| {
            tokio::spawn(follow_the_person(
                state.clone(),
                id,
                prompts,
                asked.wait.unwrap_or_default(),
            ))
        });
        let report = certify::certify_supplier(target, certification.journal.clone(), clock).await;
        if let Some(watching) = watching {
            watching.abort();
        }
        if let Err(err) = certification.runs.finish(id, &report).await {
            tracing::error!(%err, run = id, "a certification run's report was not kept");
        }
        changes.bump();
    });
    Ok(Redirect::to(&format!("/certify/runs/{id}")).into_response())
}

/// Keeps the run's row where the person's shopping stands, so the run page
/// shows the StartPage and the countdown, and the pages watching it
/// refresh.
async fn follow_the_person(
    state: AppState,
    id: i64,
    mut prompts: UnboundedReceiver<CartPrompt>,
    wait: std::time::Duration,
) {
    let runs = &state.certification.runs;
    while let Some(prompt) = prompts.recv().await {
        let kept = match prompt {
            CartPrompt::Shop {
                start_page,
                browser_form_post,
                ..
            } => {
                let deadline = jiff::Timestamp::now()
                    .checked_add(jiff::SignedDuration::try_from(wait).unwrap_or_default())
                    .unwrap_or(jiff::Timestamp::MAX);
                runs.waiting(id, start_page, browser_form_post, deadline)
                    .await
            }
            CartPrompt::Waiting { .. } | CartPrompt::Step { .. } => Ok(()),
            CartPrompt::Arrived { .. } | CartPrompt::TimedOut | CartPrompt::NoSession { .. } => {
                runs.resumed(id).await
            }
        };
        if let Err(err) = kept {
            tracing::warn!(%err, run = id, "a certification run's progress was not kept");
        }
        state.changes.bump();
    }
}

async fn run_page(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let run = run_of(&state, id).await?;
    let remaining = run
        .deadline
        .as_deref()
        .and_then(|deadline| deadline.parse::<jiff::Timestamp>().ok())
        .map(|deadline| {
            let left = deadline.duration_since(jiff::Timestamp::now());
            left.as_secs().max(0)
        });
    let mut context = Context::new();
    context.insert("run", &run);
    context.insert("report", &run.report);
    context.insert("remaining", &remaining);
    context.insert(
        "in_progress",
        &matches!(run.state, RunState::Running | RunState::Waiting),
    );
    context.insert("journal_base", &format!("/journal/{SERVICE}/"));
    Ok(render(&state, StatusCode::OK, "certify_run.html", &context))
}

async fn report_html(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    report_file(&state, id, "html").await
}

async fn report_json(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    report_file(&state, id, "json").await
}

/// The finished run's report as a download.
async fn report_file(state: &AppState, id: i64, format: &str) -> Result<Response, PageError> {
    let run = run_of(state, id).await?;
    let Some(report) = run.report else {
        return Err(PageError::new(
            StatusCode::CONFLICT,
            format!(
                "Run {id} has no report yet: it is {}.",
                state_word(run.state)
            ),
        ));
    };
    let (body, content_type) = match format {
        "html" => (
            certify::render::html_of(&report),
            "text/html; charset=utf-8",
        ),
        _ => (
            serde_json::to_string_pretty(&report).unwrap_or_default(),
            "application/json",
        ),
    };
    let disposition = format!("attachment; filename=\"procsim-certify-{id}.{format}\"");
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

fn state_word(state: RunState) -> &'static str {
    match state {
        RunState::Running => "still running",
        RunState::Waiting => "waiting for the cart",
        RunState::Finished => "finished",
        RunState::Interrupted => "interrupted",
    }
}

/// The run `id`, or the page saying why there is none.
async fn run_of(state: &AppState, id: i64) -> Result<Run, PageError> {
    state
        .certification
        .runs
        .get(id)
        .await
        .map_err(unavailable)?
        .ok_or_else(|| no_such_run(id))
}

fn no_such_run(id: i64) -> PageError {
    PageError::new(
        StatusCode::NOT_FOUND,
        format!(
            "There is no certification run {id}. The dashboard keeps the newest {} runs.",
            certify::runs::KEEP
        ),
    )
}

fn unavailable(err: service_kit::StoreError) -> PageError {
    tracing::error!(%err, "the certification runs cannot be read");
    PageError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        format!("The certification runs cannot be read: {err}"),
    )
}
