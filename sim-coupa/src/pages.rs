//! Page rendering: the Tera templates compiled into the binary (autoescaped),
//! the local stylesheet, the signed-in user (a cookie; a simulator needs no
//! passwords) and the HTML error page every browser route falls back to.

use axum::{
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use buyer_kit::{BuyerError, User};
use service_kit::look;
use tera::{Context, Tera};

use crate::state::AppState;

/// The cookie that says who is signed in.
pub const USER_COOKIE: &str = "coupa_user";

const STYLESHEET: &str = include_str!("../static/coupa.css");

const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action *; base-uri 'none'";

/// The compiled templates; `.html` names are autoescaped.
pub fn templates() -> Result<Tera, tera::Error> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.add_raw_templates(vec![
        ("base.html", include_str!("../templates/base.html")),
        ("signin.html", include_str!("../templates/signin.html")),
        ("home.html", include_str!("../templates/home.html")),
        ("cart.html", include_str!("../templates/cart.html")),
        (
            "requisitions.html",
            include_str!("../templates/requisitions.html"),
        ),
        (
            "requisition.html",
            include_str!("../templates/requisition.html"),
        ),
        (
            "approvals.html",
            include_str!("../templates/approvals.html"),
        ),
        ("orders.html", include_str!("../templates/orders.html")),
        ("order.html", include_str!("../templates/order.html")),
        ("invoices.html", include_str!("../templates/invoices.html")),
        ("admin.html", include_str!("../templates/admin.html")),
        ("error.html", include_str!("../templates/error.html")),
        ("search.html", include_str!("../templates/search.html")),
        (
            "from_marketplace.html",
            include_str!("../templates/from_marketplace.html"),
        ),
    ])?;
    Ok(tera)
}

pub async fn stylesheet() -> Response {
    look::stylesheet(STYLESHEET)
}

/// The signed-in user, from the cookie.
pub fn signed_in(state: &AppState, headers: &HeaderMap) -> Option<User> {
    let values = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok());
    state.users().signed_in(values, USER_COOKIE).cloned()
}

/// A browser request that cannot go on.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("sign in first")]
    SignIn,
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("{0}")]
    NotFound(&'static str),
    /// The request itself is wrong: a title and what to tell the user.
    #[error("{title}: {detail}")]
    BadRequest { title: String, detail: String },
    /// The supplier refused or failed: shown with its status.
    #[error("{title}: {detail}")]
    Supplier { title: String, detail: String },
    #[error(transparent)]
    Buyer(#[from] BuyerError),
}

impl PageError {
    pub fn bad_request(title: &str, detail: impl Into<String>) -> Self {
        Self::BadRequest {
            title: title.to_owned(),
            detail: detail.into(),
        }
    }
}

/// Renders `template` with our security headers.
pub fn page(state: &AppState, status: StatusCode, template: &str, context: &Context) -> Response {
    look::render(
        state.templates(),
        status,
        template,
        context,
        Some(CONTENT_SECURITY_POLICY),
    )
}

/// A context with the signed-in user (for the header) already in.
pub fn context_for(user: Option<&User>) -> Context {
    let mut context = Context::new();
    if let Some(user) = user {
        context.insert("me", &buyer_kit::views::UserView::of(user));
    }
    context
}

/// The HTML page for a failed browser request; internals are logged only.
pub fn error_page(state: &AppState, user: Option<&User>, err: PageError) -> Response {
    let (status, title, detail) = match err {
        PageError::SignIn => return Redirect::to("/signin").into_response(),
        PageError::Forbidden(why) => (
            StatusCode::FORBIDDEN,
            "Not allowed".to_owned(),
            why.to_owned(),
        ),
        PageError::NotFound(what) => (
            StatusCode::NOT_FOUND,
            "Not found".to_owned(),
            what.to_owned(),
        ),
        PageError::BadRequest { title, detail } => (StatusCode::BAD_REQUEST, title, detail),
        PageError::Supplier { title, detail } => (StatusCode::BAD_GATEWAY, title, detail),
        PageError::Buyer(err) => buyer_error(err),
    };
    let mut context = context_for(user);
    context.insert("title", &title);
    context.insert("detail", &detail);
    page(state, status, "error.html", &context)
}

fn buyer_error(err: BuyerError) -> (StatusCode, String, String) {
    let status = StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        tracing::error!(%err, "coupa store failed");
        return (
            status,
            "Something went wrong".to_owned(),
            "The request could not be completed. The details are in procsim's log.".to_owned(),
        );
    }
    (status, "This cannot be done".to_owned(), err.to_string())
}
