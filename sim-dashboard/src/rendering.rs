//! How every dashboard page is drawn: its templates (compiled into the
//! binary, autoescaped), rendered under the dashboard's
//! Content-Security-Policy, and the page that says what went wrong:
//! [`PageError`], what a page handler returns with `?`, drawn on
//! `error.html` by [`render_failures`]. Used by the page modules; uses none
//! of them.

use axum::{
    extract::{Request, State},
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Response},
};
use service_kit::look;
pub(crate) use service_kit::look::human_time;
use tera::{Context, Tera};

use crate::AppState;

/// The dashboard's pages load only its own stylesheets and `live.js`, which
/// listens to its own event stream; the walkthroughs' sign-in forms post
/// to the other services.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; script-src 'self'; \
     connect-src 'self'; img-src 'self' data:; form-action *; base-uri 'none'; \
     frame-ancestors 'none'";

pub(crate) fn templates() -> Result<Tera, tera::Error> {
    let mut tera = service_kit::templates!(
        "dashboard";
        "base.html",
        "index.html",
        "journal.html",
        "exchange.html",
        "error.html",
        "reset.html",
        "exchange_rows.html",
        "flow.html",
        "body.html",
        "findings.html",
        "walkthrough.html",
        "sequence.svg",
        "advanced.html",
        "certify.html",
        "certify_run.html",
    )?;
    tera.add_raw_templates([certify::render::CHECKS_TEMPLATE])?;
    // The sequence diagram writes documents' texts too: escaped even when
    // rendered on its own, not only when a page includes it.
    tera.autoescape_suffixes.push(".svg");
    // `human_time` comes with every service's templates (`look`).
    tera.register_filter("short_time", short_time_filter);
    Ok(tera)
}

/// `{{ at | short_time }}`: an RFC 3339 instant as a journal row shows
/// it, `1 Mar 2026 12:00:05` (the row's title has the weekday and zone).
fn short_time_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    Ok(look::rewrite_instant(value, |instant| {
        instant.strftime("%-d %b %Y %H:%M:%S").to_string()
    }))
}

/// A page request that cannot go on: its status and what to tell the
/// person.
#[derive(Debug)]
pub(crate) struct PageError {
    status: StatusCode,
    message: String,
}

impl PageError {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        PageError {
            status,
            message: message.into(),
        }
    }
}

/// What a failed page leaves for [`render_failures`] to draw.
#[derive(Clone, Debug)]
struct Failure(String);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        response.extensions_mut().insert(Failure(self.message));
        response
    }
}

/// Draws every failed page on the error page, with its status.
pub(crate) async fn render_failures(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    match response.extensions_mut().remove::<Failure>() {
        Some(Failure(message)) => error_page(&state, response.status(), &message),
        None => response,
    }
}

/// A page saying what went wrong, with the given status.
fn error_page(state: &AppState, status: StatusCode, message: &str) -> Response {
    let mut context = Context::new();
    context.insert("status", &status.as_u16());
    context.insert("message", message);
    render(state, status, "error.html", &context)
}

pub(crate) fn render(
    state: &AppState,
    status: StatusCode,
    template: &str,
    context: &Context,
) -> Response {
    look::render(
        &state.tera,
        status,
        template,
        context,
        Some(CONTENT_SECURITY_POLICY),
    )
}
