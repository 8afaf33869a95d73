//! Ariba's own pages, beside the buyer platform's shared ones (home,
//! sign-in, cart with its edit and inspect, requisitions and approvals,
//! orders): the catalog with the suppliers' PunchOut items and its
//! punchout, and the admin's supplier relationships (requested from here,
//! accepted by the supplier). Server-rendered, usable without JavaScript
//! (every action is a form POST and a 303).

mod catalog;
mod suppliers;

use axum::{
    Router,
    routing::{get, post},
};

use crate::{punchout, state::AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/catalog", get(catalog::show))
        .route("/catalog/{id}/punchout", post(punchout::start))
        .route(
            "/admin/suppliers",
            get(suppliers::show).post(suppliers::request),
        )
}
