//! Pages: a template rendered under the marketplace's
//! Content-Security-Policy, and [`PageError`], what a page handler returns
//! with `?` when a request cannot go on. An error becomes a response that
//! carries only what the person may read; [`render_failures`], a
//! middleware on every route, then draws it on the error page. Internals
//! are logged with their causes, never shown.

use std::error::Error;

use axum::{
    extract::{Request, State},
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use service_kit::{StoreError, cxml_http::error_chain, look};
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

/// The marketplace's own `path` with `params` encoded as its query: a
/// link or redirect within the marketplace.
pub fn local_url(path: &str, params: &[(&str, &str)]) -> String {
    // A placeholder origin only to have the query encoded; the link keeps
    // the path and query alone.
    match reqwest::Url::parse_with_params(&format!("http://marketplace.invalid{path}"), params) {
        Ok(url) => match url.query() {
            Some(query) if !query.is_empty() => format!("{}?{query}", url.path()),
            _ => url.path().to_owned(),
        },
        Err(_) => path.to_owned(),
    }
}

/// A browser request that cannot go on.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// Refused: the status, a title and what to do, for the person.
    #[error("{title}: {message}")]
    Refused {
        status: StatusCode,
        title: String,
        message: String,
    },
    /// Nobody is signed in: the answer is a redirect to this sign-in page
    /// (with the page to return to, if any; see [`PageError::sign_in_returning`]).
    #[error("sign in first at {0}")]
    SignIn(String),
    /// Something broke on our side; logged with its causes, not shown.
    #[error("the page failed")]
    Internal(#[source] Box<dyn Error + Send + Sync>),
}

impl PageError {
    /// A refusal with `status`, shown as `title` and `message`.
    pub fn refused(status: StatusCode, title: &str, message: impl Into<String>) -> Self {
        PageError::Refused {
            status,
            title: title.to_owned(),
            message: message.into(),
        }
    }

    pub fn bad_request(title: &str, message: impl Into<String>) -> Self {
        Self::refused(StatusCode::BAD_REQUEST, title, message)
    }

    pub fn forbidden(title: &str, message: impl Into<String>) -> Self {
        Self::refused(StatusCode::FORBIDDEN, title, message)
    }

    pub fn not_found(title: &str, message: impl Into<String>) -> Self {
        Self::refused(StatusCode::NOT_FOUND, title, message)
    }

    /// Nobody is signed in: sign in at `at`.
    pub fn sign_in(at: &str) -> Self {
        PageError::SignIn(at.to_owned())
    }

    /// Nobody is signed in: sign in at `at`, then come back to `back_to`
    /// (a path and query of ours), carried as the page's `next` parameter.
    pub fn sign_in_returning(at: &str, back_to: &str) -> Self {
        PageError::SignIn(local_url(at, &[("next", back_to)]))
    }

    /// Something broke on our side because of `cause`.
    pub fn internal(cause: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        PageError::Internal(cause.into())
    }
}

impl From<StoreError> for PageError {
    fn from(err: StoreError) -> Self {
        Self::internal(err)
    }
}

/// What a failed page leaves for [`render_failures`] to draw.
#[derive(Clone, Debug)]
struct Failure {
    title: String,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, title, message) = match self {
            PageError::SignIn(at) => return Redirect::to(&at).into_response(),
            PageError::Refused {
                status,
                title,
                message,
            } => (status, title, message),
            PageError::Internal(cause) => {
                tracing::error!(error = %error_chain(cause.as_ref()), "marketplace page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong".to_owned(),
                    "The marketplace could not complete this request. Please try again.".to_owned(),
                )
            }
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(Failure { title, message });
        response
    }
}

/// Draws every failed page on `error.html`: what happened and what to do.
pub async fn render_failures(
    State(marketplace): State<Marketplace>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let Some(failure) = response.extensions_mut().remove::<Failure>() else {
        return response;
    };
    let mut context = Context::new();
    context.insert("title", &failure.title);
    context.insert("message", &failure.message);
    page(&marketplace, response.status(), "error.html", &context)
}

#[cfg(test)]
mod tests {
    use axum::{Router, routing::get};
    use jiff::Timestamp;
    use service_kit::Clock;

    use super::*;
    use crate::{MarketplaceConfig, catalog::CatalogSize};

    /// A small marketplace's templates behind two failing pages.
    async fn serve() -> String {
        let config = MarketplaceConfig {
            catalog_size: CatalogSize {
                listings: 20,
                categories: 2,
                sellers: 2,
            },
            ..MarketplaceConfig::new("http://127.0.0.1:9", ([127, 0, 0, 1], 9).into())
        };
        let clock = Clock::starting_at(Timestamp::UNIX_EPOCH);
        let marketplace = Marketplace::new(&config, clock).expect("marketplace");
        let router: Router = Router::new()
            .route(
                "/refused",
                get(|| async { Err::<Response, _>(PageError::forbidden("No entry", "Go away.")) }),
            )
            .route(
                "/broken",
                get(|| async { Err::<Response, _>(PageError::internal("disk on fire")) }),
            )
            .layer(axum::middleware::from_fn_with_state(
                marketplace.clone(),
                render_failures,
            ))
            .with_state(marketplace);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bound");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        tokio::spawn(async move { axum::serve(listener, router).await });
        url
    }

    #[tokio::test]
    async fn a_refusal_is_drawn_on_the_error_page_and_an_internal_failure_says_nothing_inside() {
        let url = serve().await;
        let refused = reqwest::get(format!("{url}/refused"))
            .await
            .expect("answer");
        assert_eq!(refused.status(), reqwest::StatusCode::FORBIDDEN);
        let html = refused.text().await.expect("body");
        assert!(
            html.contains("<h1>No entry</h1>") && html.contains("Go away."),
            "{html}"
        );
        let broken = reqwest::get(format!("{url}/broken")).await.expect("answer");
        assert_eq!(broken.status(), reqwest::StatusCode::INTERNAL_SERVER_ERROR);
        let html = broken.text().await.expect("body");
        assert!(html.contains("Something went wrong"), "{html}");
        assert!(!html.contains("disk on fire"), "{html}");
    }
}
