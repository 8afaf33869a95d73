//! What every server-rendered page shares: the Tera templates compiled in
//! (`templates/`, autoescaped), the stylesheet, the error page, cookies
//! and the signed-in user.

pub mod admin;
mod private_marketplace;
mod seller;

use axum::{
    Router,
    http::{HeaderMap, StatusCode, header},
    response::Response,
    routing::get,
};
use service_kit::look;
use tera::{Context, Tera};

use crate::Marketplace;

/// The cookie that says who is signed in (no passwords: a simulator).
pub const USER_COOKIE: &str = "procsim_user";
/// The cookie that names the punchout session of this browser.
pub const PUNCHOUT_COOKIE: &str = "procsim_punchout";

/// Pages load only our stylesheet and submit only to ourselves.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'";

const STYLESHEET: &str = include_str!("../../static/marketplace.css");

pub fn routes() -> Router<Marketplace> {
    Router::new()
        .route("/static/marketplace.css", get(stylesheet))
        .merge(private_marketplace::routes())
        .route("/seller", get(seller::home))
        .route(
            "/seller/signin",
            get(seller::signin_page).post(seller::signin),
        )
        .route(
            "/seller/offers/{id}",
            get(seller::offer_page).post(seller::revise),
        )
}

/// The compiled templates; names end in `.html`, so Tera autoescapes.
pub fn templates() -> Result<Tera, tera::Error> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.add_raw_templates(vec![
        ("base.html", include_str!("../../templates/base.html")),
        ("error.html", include_str!("../../templates/error.html")),
        ("home.html", include_str!("../../templates/home.html")),
        (
            "listings.html",
            include_str!("../../templates/listings.html"),
        ),
        ("product.html", include_str!("../../templates/product.html")),
        ("admin.html", include_str!("../../templates/admin.html")),
        ("signin.html", include_str!("../../templates/signin.html")),
        (
            "agreements.html",
            include_str!("../../templates/agreements.html"),
        ),
        (
            "invoices.html",
            include_str!("../../templates/invoices.html"),
        ),
        ("console.html", include_str!("../../templates/console.html")),
        (
            "to_coupa.html",
            include_str!("../../templates/to_coupa.html"),
        ),
        (
            "seller_offer.html",
            include_str!("../../templates/seller_offer.html"),
        ),
        (
            "seller_signin.html",
            include_str!("../../templates/seller_signin.html"),
        ),
        (
            "seller_home.html",
            include_str!("../../templates/seller_home.html"),
        ),
        (
            "subscribed.html",
            include_str!("../../templates/subscribed.html"),
        ),
    ])?;
    Ok(tera)
}

async fn stylesheet() -> Response {
    look::stylesheet(STYLESHEET)
}

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

/// An account's page listing what `load` reads for it, as `key` in
/// `template`; 404 for an unknown account.
pub async fn account_list_page<T: serde::Serialize + Send + 'static>(
    marketplace: &Marketplace,
    account: String,
    (template, key): (&str, &str),
    load: fn(&rusqlite::Connection, &str) -> rusqlite::Result<Vec<T>>,
) -> Response {
    let id = account.clone();
    let found = marketplace
        .store()
        .call(move |db| {
            let exists = crate::accounts::store::get(db, &id)?.is_some();
            Ok((exists, load(db, &id)?))
        })
        .await;
    match found {
        Ok((false, _)) => error_page(
            marketplace,
            StatusCode::NOT_FOUND,
            "No such account",
            "This buyer account does not exist.",
        ),
        Ok((true, rows)) => {
            let mut context = Context::new();
            context.insert("account", &account);
            context.insert(key, &rows);
            page(marketplace, StatusCode::OK, template, &context)
        }
        Err(err) => internal_error(marketplace, &err),
    }
}

/// The value of cookie `name`, if the browser sent it.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// A `Set-Cookie` value for a session cookie scoped to the whole site.
pub fn set_cookie(name: &str, value: &str) -> String {
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax")
}
