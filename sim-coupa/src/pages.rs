//! Coupa's look: its Tera templates compiled into the binary
//! (autoescaped), its stylesheet, its sign-in cookie and its
//! Content-Security-Policy. Pages are rendered and refusals drawn by
//! buyer-kit's platform shell.

use axum::response::Response;
use service_kit::look;
use tera::Tera;

/// The cookie that says who is signed in.
pub const USER_COOKIE: &str = "coupa_user";

const STYLESHEET: &str = include_str!("../static/coupa.css");

pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action *; base-uri 'none'";

/// The compiled templates; `.html` names are autoescaped.
pub fn templates() -> Result<Tera, tera::Error> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.add_raw_templates(vec![
        ("base.html", include_str!("../templates/base.html")),
        ("signin.html", include_str!("../templates/signin.html")),
        ("home.html", include_str!("../templates/home.html")),
        ("cart.html", include_str!("../templates/cart.html")),
        (
            "requisitions.html",
            include_str!("../templates/requisitions.html"),
        ),
        (
            "requisition.html",
            include_str!("../templates/requisition.html"),
        ),
        (
            "approvals.html",
            include_str!("../templates/approvals.html"),
        ),
        ("orders.html", include_str!("../templates/orders.html")),
        ("order.html", include_str!("../templates/order.html")),
        ("invoices.html", include_str!("../templates/invoices.html")),
        ("admin.html", include_str!("../templates/admin.html")),
        ("error.html", include_str!("../templates/error.html")),
        ("search.html", include_str!("../templates/search.html")),
        (
            "from_marketplace.html",
            include_str!("../templates/from_marketplace.html"),
        ),
    ])?;
    Ok(tera)
}

pub async fn stylesheet() -> Response {
    look::stylesheet(STYLESHEET)
}
