//! How every dashboard page is drawn: its templates (compiled into the
//! binary, autoescaped), rendered under the dashboard's
//! Content-Security-Policy, and the page that says what went wrong. Used by
//! the page modules; uses none of them.

use axum::{http::StatusCode, response::Response};
use service_kit::look;
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
    tera.register_filter("human_time", human_time_filter);
    tera.register_filter("short_time", short_time_filter);
    Ok(tera)
}

/// `{{ at | human_time }}`: an RFC 3339 instant as [`human_time`] writes
/// it; anything else is left as it is.
fn human_time_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    Ok(rewrite_instant(value, human_time))
}

/// `value` written by `write` when it is an RFC 3339 instant, else as it is.
fn rewrite_instant(value: &tera::Value, write: fn(jiff::Timestamp) -> String) -> tera::Value {
    let text = value.as_str().unwrap_or_default();
    tera::Value::String(match text.parse::<jiff::Timestamp>() {
        Ok(instant) => write(instant),
        Err(_) => text.to_owned(),
    })
}

/// `{{ at | short_time }}`: an RFC 3339 instant as a journal row shows
/// it, `1 Mar 2026 12:00:05` (the row's title has the weekday and zone).
fn short_time_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    Ok(rewrite_instant(value, |instant| {
        instant.strftime("%-d %b %Y %H:%M:%S").to_string()
    }))
}

/// A page saying what went wrong, with the given status.
pub(crate) fn error_page(state: &AppState, status: StatusCode, message: &str) -> Response {
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

/// An instant as a person reads it: `Sun 1 Mar 2026, 12:00:00 UTC`.
pub(crate) fn human_time(instant: jiff::Timestamp) -> String {
    instant.strftime("%a %-d %b %Y, %H:%M:%S UTC").to_string()
}
