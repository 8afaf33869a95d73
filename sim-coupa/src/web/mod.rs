//! The pages a person uses: sign-in picker, home with the punchout link,
//! cart, requisitions and approvals, purchase orders, admin, and the page
//! the marketplace sends its subscribers to (`from_marketplace`). Server-rendered,
//! usable without JavaScript (every action is a form POST and a 303).

mod admin;
mod cart;
mod from_marketplace;

pub use from_marketplace::is_listing_id;
mod orders;
mod requisitions;

use axum::{
    Form, Router,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use serde::Deserialize;

use buyer_kit::views::UserView;

use crate::{
    open_buy,
    pages::{USER_COOKIE, context_for, page, signed_in, stylesheet},
    punchout,
    state::AppState,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/signin", get(signin_page).post(signin))
        .route("/signout", post(signout))
        .route("/static/coupa.css", get(stylesheet))
        .route("/punchout/return", post(punchout::return_cart))
        .route(
            "/punchout/{site}",
            get(punchout::start).post(punchout::start),
        )
        .route("/punchout/{site}/item", post(open_buy::punch_out_item))
        .route("/search", get(open_buy::search_page))
        .route("/cart", get(cart::show))
        .route("/cart/{id}/edit", post(punchout::edit))
        .route("/cart/{id}/inspect", post(punchout::inspect))
        .route("/cart/{id}/submit", post(cart::submit))
        .route("/requisitions", get(requisitions::list))
        .route("/requisitions/{id}", get(requisitions::show))
        .route("/requisitions/{id}/approve", post(requisitions::approve))
        .route("/requisitions/{id}/reject", post(requisitions::reject))
        .route("/approvals", get(requisitions::inbox))
        .route("/orders", get(orders::list))
        .route("/orders/{number}", get(orders::show))
        .route("/invoices", get(crate::invoices::pages::inbox))
        .route("/marketplace/requisition", get(from_marketplace::show))
        .route("/admin", get(admin::show))
        .route("/admin/site", post(admin::save_site))
        .route("/admin/approvals", post(admin::save_chain))
}

async fn home(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(user) = signed_in(&state, &headers) else {
        return Redirect::to("/signin").into_response();
    };
    let mut context = context_for(Some(&user));
    context.insert("site_name", &state.settings().site.name);
    page(&state, StatusCode::OK, "home.html", &context)
}

async fn signin_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let me = signed_in(&state, &headers);
    let mut context = context_for(me.as_ref());
    let users: Vec<UserView> = state.users().all().iter().map(UserView::of).collect();
    context.insert("users", &users);
    page(&state, StatusCode::OK, "signin.html", &context)
}

#[derive(Debug, Deserialize)]
struct SignIn {
    email: String,
}

async fn signin(State(state): State<AppState>, Form(form): Form<SignIn>) -> Response {
    let Some(user) = state.user(&form.email) else {
        return Redirect::to("/signin").into_response();
    };
    let cookie = buyer_kit::sign_in_cookie(USER_COOKIE, &user.email);
    ([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response()
}

async fn signout() -> Response {
    let cookie = buyer_kit::sign_out_cookie(USER_COOKIE);
    ([(header::SET_COOKIE, cookie)], Redirect::to("/signin")).into_response()
}
