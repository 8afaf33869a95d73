//! Pages: a template rendered under the marketplace's
//! Content-Security-Policy, and the error page that says what happened
//! and what to do.

use axum::{http::StatusCode, response::Response};
use service_kit::look;
use tera::Context;

use crate::Marketplace;

/// Pages load only our stylesheet and submit only to ourselves.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'";

/// Renders `template` with our security headers.
pub fn page(
    marketplace: &Marketplace,
    status: StatusCode,
    template: &str,
    context: &Context,
) -> Response {
    look::render(
        marketplace.templates(),
        status,
        template,
        context,
        Some(CONTENT_SECURITY_POLICY),
    )
}

/// A clear error page: what happened and what to do.
pub fn error_page(
    marketplace: &Marketplace,
    status: StatusCode,
    title: &str,
    message: &str,
) -> Response {
    let mut context = Context::new();
    context.insert("title", title);
    context.insert("message", message);
    page(marketplace, status, "error.html", &context)
}

/// An internal failure: logged, never shown in detail.
pub fn internal_error(marketplace: &Marketplace, err: &dyn std::fmt::Display) -> Response {
    tracing::error!(%err, "marketplace page failed");
    error_page(
        marketplace,
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "The marketplace could not complete this request. Please try again.",
    )
}
