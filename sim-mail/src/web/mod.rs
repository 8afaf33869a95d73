//! The web inbox a person opens: pages rendered with Tera templates that
//! are compiled into the binary (`templates/`), autoescaped, styled by one
//! local stylesheet. Message HTML is only ever shown escaped into a
//! sandboxed iframe's `srcdoc`.

mod inbox;

use axum::{
    Router,
    extract::{Request, State},
    http::StatusCode,
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use service_kit::StoreError;
use service_kit::look;
use tera::{Context, Tera};

use crate::AppState;

/// Our pages load only our stylesheet; the sandboxed message frame inherits
/// this policy, so a message can neither run scripts nor fetch anything
/// remote (inline styles and data: images stay, as mail needs them).
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; frame-src 'self'; form-action 'self'; base-uri 'none'";

const STYLESHEET: &str = include_str!("../../static/mail.css");

/// The inbox's pages, each failure drawn on the error page.
pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(inbox::inbox))
        .route("/messages/{id}", get(inbox::message))
        .route("/messages/{id}/delete", post(inbox::delete_one))
        .route("/messages/delete", post(inbox::delete_all))
        .route("/static/mail.css", get(stylesheet))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            render_failures,
        ))
}

/// The compiled templates. Names end in `.html`, so Tera autoescapes every
/// `{{ }}` in them.
pub fn templates() -> Result<Tera, tera::Error> {
    service_kit::templates!(
        "mail";
        "base.html",
        "inbox.html",
        "message.html",
        "error.html",
    )
}

async fn stylesheet() -> Response {
    look::stylesheet(STYLESHEET)
}

/// A page request that cannot go on; handlers return it with `?`.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("no message has this id")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Render(#[from] tera::Error),
}

/// Renders `template` as a page with our security headers.
fn page(tera: &Tera, status: StatusCode, template: &str, context: &Context) -> Response {
    look::render(
        tera,
        status,
        template,
        context,
        Some(CONTENT_SECURITY_POLICY),
    )
}

/// What a failed page leaves for [`render_failures`] to draw.
#[derive(Clone, Copy, Debug)]
struct Failure {
    title: &'static str,
    detail: &'static str,
}

/// The status and what the person may read; internals are logged, never
/// shown.
impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, title, detail) = match &self {
            PageError::NotFound => (
                StatusCode::NOT_FOUND,
                "Message not found",
                "No message has this id: it may have been deleted.",
            ),
            PageError::Store(_) | PageError::Render(_) => {
                tracing::error!(err = %self, "mail page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong",
                    "The mailbox could not be read. The details are in procsim's log.",
                )
            }
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(Failure { title, detail });
        response
    }
}

/// Draws every failed page on the HTML error page.
async fn render_failures(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let Some(Failure { title, detail }) = response.extensions_mut().remove::<Failure>() else {
        return response;
    };
    let mut context = Context::new();
    context.insert("title", title);
    context.insert("detail", detail);
    page(&state.templates, response.status(), "error.html", &context)
}
