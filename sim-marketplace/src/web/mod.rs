//! The marketplace's own pages outside the storefront: the Tera templates
//! compiled in (`templates/`, autoescaped) and the stylesheet, the
//! administration pages ([`admin`], with the private marketplace section,
//! and [`ariba_relationships`]),
//! the sellers' pages and an account's agreements, invoices and private
//! offers.

mod account_lists;
mod admin;
mod admin_page;
mod ariba_relationships;
mod private_marketplace;
mod private_offers;
mod seller;

use axum::{Router, response::Response, routing::get};
use service_kit::look;
use tera::Tera;

use crate::Marketplace;

const STYLESHEET: &str = include_str!("../../static/marketplace.css");

pub fn routes() -> Router<Marketplace> {
    Router::new()
        .route("/static/marketplace.css", get(stylesheet))
        .merge(admin::routes())
        .merge(private_marketplace::routes())
        .merge(ariba_relationships::routes())
        .merge(account_lists::routes())
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
/// `{{ amount | money }}` groups an amount's thousands for people.
pub fn templates() -> Result<Tera, tera::Error> {
    let mut tera = service_kit::templates!(
        "marketplace";
        "base.html",
        "error.html",
        "home.html",
        "listings.html",
        "product.html",
        "admin.html",
        "ariba_relationships.html",
        "signin.html",
        "agreements.html",
        "private_offers.html",
        "invoices.html",
        "console.html",
        "to_coupa.html",
        "to_ariba.html",
        "seller_offer.html",
        "seller_signin.html",
        "seller_home.html",
        "subscribed.html",
    )?;
    // Amounts and counts alike, grouped in thousands (also as `grouped`).
    tera.register_filter("money", look::grouped_filter);
    Ok(tera)
}

/// `{{ "232200.00" | money }}` is `232,200.00`; a value that is not a plain
/// decimal is shown as it is.
async fn stylesheet() -> Response {
    look::stylesheet(STYLESHEET)
}
