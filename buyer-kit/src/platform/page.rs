//! How a buyer platform answers a browser: pages rendered from its Tera
//! templates under its Content-Security-Policy, and `PageError`, what a
//! handler returns with `?` when a request cannot go on. An error becomes
//! a response that names only what the person may read; the platform's
//! `render_failures` middleware then draws it on the platform's own
//! `error.html`, signed-in user in the header. Internals are logged, never
//! shown.

use axum::{
    extract::{Request, State},
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use tera::Context;

use super::{Platform, Shell};
use crate::{BuyerError, User, exchange::SetupRefused, views::UserView};

/// A browser request that cannot go on.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// Nobody is signed in: the answer is the sign-in picker.
    #[error("sign in first")]
    SignIn,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// The request itself is wrong: a title and what to tell the person.
    #[error("{title}: {detail}")]
    BadRequest { title: String, detail: String },
    /// The supplier refused or failed (502).
    #[error("{title}: {detail}")]
    Supplier { title: String, detail: String },
    /// Any other refusal with its own status.
    #[error("{title}: {detail}")]
    Refused {
        status: StatusCode,
        title: String,
        detail: String,
    },
    #[error(transparent)]
    Buyer(#[from] BuyerError),
    /// Something broke on our side; logged, not shown.
    #[error("{0}")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl PageError {
    pub fn forbidden(why: impl Into<String>) -> Self {
        Self::Forbidden(why.into())
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound(what.into())
    }

    pub fn bad_request(title: &str, detail: impl Into<String>) -> Self {
        Self::BadRequest {
            title: title.to_owned(),
            detail: detail.into(),
        }
    }

    pub fn refused(status: StatusCode, title: &str, detail: impl Into<String>) -> Self {
        Self::Refused {
            status,
            title: title.to_owned(),
            detail: detail.into(),
        }
    }

    pub fn internal(err: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Internal(Box::new(err))
    }

    /// Status, title and detail for the person; internals are logged and
    /// become a generic text.
    fn shown(self) -> (StatusCode, String, String) {
        let internal = |err: &dyn std::fmt::Display| {
            tracing::error!(%err, "a buyer page failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong".to_owned(),
                "The request could not be completed. The details are in procsim's log.".to_owned(),
            )
        };
        match self {
            Self::SignIn => (StatusCode::UNAUTHORIZED, String::new(), String::new()),
            Self::Forbidden(why) => (StatusCode::FORBIDDEN, "Not allowed".to_owned(), why),
            Self::NotFound(what) => (StatusCode::NOT_FOUND, "Not found".to_owned(), what),
            Self::BadRequest { title, detail } => (StatusCode::BAD_REQUEST, title, detail),
            Self::Supplier { title, detail } => (StatusCode::BAD_GATEWAY, title, detail),
            Self::Refused {
                status,
                title,
                detail,
            } => (status, title, detail),
            Self::Buyer(err @ BuyerError::Store(_)) => internal(&err),
            Self::Buyer(err) => {
                let status =
                    StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
                (status, "This cannot be done".to_owned(), err.to_string())
            }
            Self::Internal(err) => internal(&err),
        }
    }
}

impl From<SetupRefused> for PageError {
    fn from(refused: SetupRefused) -> Self {
        Self::Supplier {
            title: refused.title,
            detail: refused.detail,
        }
    }
}

impl From<service_kit::StoreError> for PageError {
    fn from(err: service_kit::StoreError) -> Self {
        Self::Buyer(BuyerError::Store(err))
    }
}

/// What a failed request leaves for `render_failures` to draw.
#[derive(Clone, Debug)]
struct Failure {
    title: String,
    detail: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if matches!(self, PageError::SignIn) {
            return Redirect::to("/signin").into_response();
        }
        let (status, title, detail) = self.shown();
        let mut response = status.into_response();
        response.extensions_mut().insert(Failure { title, detail });
        response
    }
}

/// Draws every failed request of the platform on its `error.html`, with
/// whoever is signed in.
pub(super) async fn render_failures<P: Platform>(
    State(platform): State<P>,
    request: Request,
    next: Next,
) -> Response {
    let shell = platform.shell();
    let user = shell.user_of(request.headers());
    let mut response = next.run(request).await;
    let Some(failure) = response.extensions_mut().remove::<Failure>() else {
        return response;
    };
    let mut context = context_for(user.as_ref());
    context.insert("title", &failure.title);
    context.insert("detail", &failure.detail);
    shell.page(response.status(), "error.html", &context)
}

/// A context with the signed-in user (for the header) already in.
pub fn context_for(user: Option<&User>) -> Context {
    let mut context = Context::new();
    if let Some(user) = user {
        context.insert("me", &UserView::of(user));
    }
    context
}

impl Shell {
    /// Renders `template` under the platform's Content-Security-Policy.
    pub fn page(&self, status: StatusCode, template: &str, context: &Context) -> Response {
        service_kit::look::render(
            &self.look.templates,
            status,
            template,
            context,
            Some(super::look::CONTENT_SECURITY_POLICY),
        )
    }
}
