//! `POST /api/reset`: puts a service back to the state `procsim up` starts
//! it in (its domain state emptied and re-seeded, its journal emptied). The
//! dashboard's "Reset everything" calls it on every service. Only POST
//! reaches it; any other method gets 405 from the router.

use std::{future::Future, pin::Pin, sync::Arc};

use axum::{Json, Router, http::StatusCode, response::IntoResponse, routing::post};

use crate::StoreError;

type ResetFuture = Pin<Box<dyn Future<Output = Result<(), StoreError>> + Send>>;

/// The route for `service`, whose reset (state and journal) is `reset`.
/// Answers `{"service": ..., "reset": true}`, or 500 with `{"error": ...}`
/// when a step failed. The reset runs to its end even if the caller hangs
/// up.
pub fn route<F, Fut>(service: &'static str, reset: F) -> Router
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), StoreError>> + Send + 'static,
{
    let reset: Arc<dyn Fn() -> ResetFuture + Send + Sync> = Arc::new(move || Box::pin(reset()));
    Router::new().route(
        "/api/reset",
        post(move || {
            let reset = reset.clone();
            async move {
                // A task of its own: a caller that gives up (the dashboard's
                // timeout) must not cut a reset in two.
                let done = tokio::spawn(reset())
                    .await
                    .unwrap_or_else(|err| Err(StoreError::Task(err.to_string())));
                match done {
                    Ok(()) => Json(serde_json::json!({
                        "service": service,
                        "reset": true,
                    }))
                    .into_response(),
                    Err(err) => {
                        tracing::error!(%err, service = service, "reset failed");
                        (
                            StatusCode::INTERNAL_SERVER_ERROR,
                            Json(serde_json::json!({
                                "service": service,
                                "error": format!("the reset failed: {err}"),
                            })),
                        )
                            .into_response()
                    }
                }
            }
        }),
    )
}
