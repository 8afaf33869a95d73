//! Coupa's own pages, beside the buyer platform's shared ones (home,
//! sign-in, cart with its return, edit and inspect, requisitions and
//! approvals, orders): the punchout to the site, Open Buy search, the
//! invoice inbox, the admin's setup, and the page the marketplace sends
//! its subscribers to (`from_marketplace`). Server-rendered, usable
//! without JavaScript (every action is a form POST and a 303).

mod admin;
mod from_marketplace;

use axum::{
    Router,
    routing::{get, post},
};

use crate::{open_buy, punchout, state::AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/punchout/{site}",
            get(punchout::start).post(punchout::start),
        )
        .route("/punchout/{site}/item", post(open_buy::punch_out_item))
        .route("/search", get(open_buy::search_page))
        .route("/invoices", get(crate::invoices::pages::inbox))
        .route("/marketplace/requisition", get(from_marketplace::show))
        .route("/admin", get(admin::show))
        .route("/admin/site", post(admin::save_site))
        .route("/admin/approvals", post(admin::save_chain))
}
