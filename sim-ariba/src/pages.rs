//! Page rendering: the Tera templates compiled into the binary
//! (autoescaped), the local stylesheet, the signed-in user (a cookie; a
//! simulator needs no passwords) and `PageError`, the HTML answer of every
//! browser route that cannot go on (internals are logged, never shown).

use axum::{
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use buyer_kit::{BuyerError, User, exchange::SetupRefused, views::UserView};
use service_kit::look;
use tera::{Context, Tera};

use crate::{state::AppState, suppliers::SupplierError};

/// The cookie that says who is signed in.
pub const USER_COOKIE: &str = "ariba_user";

const STYLESHEET: &str = include_str!("../static/ariba.css");

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
        ("catalog.html", include_str!("../templates/catalog.html")),
        ("cart.html", include_str!("../templates/cart.html")),
        (
            "requisitions.html",
            include_str!("../templates/requisitions.html"),
        ),
        (
            "requisition.html",
            include_str!("../templates/requisition.html"),
        ),
        ("orders.html", include_str!("../templates/orders.html")),
        ("order.html", include_str!("../templates/order.html")),
        (
            "suppliers.html",
            include_str!("../templates/suppliers.html"),
        ),
        ("error.html", include_str!("../templates/error.html")),
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
    /// The supplier refused or failed.
    #[error(transparent)]
    Supplier(#[from] SetupRefused),
    #[error(transparent)]
    Buyer(#[from] BuyerError),
    #[error(transparent)]
    Network(#[from] SupplierError),
}

impl PageError {
    pub fn bad_request(title: &str, detail: impl Into<String>) -> Self {
        Self::BadRequest {
            title: title.to_owned(),
            detail: detail.into(),
        }
    }

    /// Status, title and detail; internals become a generic text.
    fn parts(self) -> (StatusCode, String, String) {
        let internal = |err: &dyn std::fmt::Display| {
            tracing::error!(%err, "ariba request failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong".to_owned(),
                "The request could not be completed. The details are in procsim's log.".to_owned(),
            )
        };
        match self {
            Self::SignIn => (StatusCode::UNAUTHORIZED, String::new(), String::new()),
            Self::Forbidden(why) => (StatusCode::FORBIDDEN, "Not allowed".into(), why.into()),
            Self::NotFound(what) => (StatusCode::NOT_FOUND, "Not found".into(), what.into()),
            Self::BadRequest { title, detail } => (StatusCode::BAD_REQUEST, title, detail),
            Self::Supplier(refused) => (StatusCode::BAD_GATEWAY, refused.title, refused.detail),
            Self::Buyer(err @ BuyerError::Store(_)) => internal(&err),
            Self::Network(err @ SupplierError::Store(_)) => internal(&err),
            Self::Buyer(err) => {
                let status =
                    StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
                (status, "This cannot be done".into(), err.to_string())
            }
            Self::Network(err @ SupplierError::UnknownSupplier(_)) => (
                StatusCode::NOT_FOUND,
                "Unknown supplier".into(),
                err.to_string(),
            ),
            Self::Network(err) => (
                StatusCode::FORBIDDEN,
                "Supplier not enabled".into(),
                err.to_string(),
            ),
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
        context.insert("me", &UserView::of(user));
    }
    context
}

/// The HTML page for a failed browser request.
pub fn error_page(state: &AppState, user: Option<&User>, err: PageError) -> Response {
    if matches!(err, PageError::SignIn) {
        return Redirect::to("/signin").into_response();
    }
    let (status, title, detail) = err.parts();
    let mut context = context_for(user);
    context.insert("title", &title);
    context.insert("detail", &detail);
    page(state, status, "error.html", &context)
}

/// The page a handler produced, or its error page.
pub fn respond(
    state: &AppState,
    user: Option<&User>,
    outcome: Result<Response, PageError>,
) -> Response {
    outcome.unwrap_or_else(|err| error_page(state, user, err))
}
