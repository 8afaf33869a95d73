//! Ariba's look: its Tera templates compiled into the binary
//! (autoescaped), its Fiori-like stylesheet, its sign-in cookie and its
//! Content-Security-Policy; and how the network's refusals become pages.
//! Pages are rendered and refusals drawn by buyer-kit's platform shell.

use axum::{http::StatusCode, response::Response};
use buyer_kit::platform::PageError;
use service_kit::look;
use tera::Tera;

use crate::suppliers::SupplierError;

/// The cookie that says who is signed in.
pub const USER_COOKIE: &str = "ariba_user";

const STYLESHEET: &str = include_str!("../static/ariba.css");

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
        ("catalog.html", include_str!("../templates/catalog.html")),
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
        (
            "suppliers.html",
            include_str!("../templates/suppliers.html"),
        ),
        ("error.html", include_str!("../templates/error.html")),
    ])?;
    Ok(tera)
}

pub async fn stylesheet() -> Response {
    look::stylesheet(STYLESHEET)
}

/// How the network's refusals reach a page.
impl From<SupplierError> for PageError {
    fn from(err: SupplierError) -> Self {
        match err {
            SupplierError::Store(err) => PageError::from(err),
            err @ SupplierError::UnknownSupplier(_) => {
                PageError::refused(StatusCode::NOT_FOUND, "Unknown supplier", err.to_string())
            }
            err @ SupplierError::NotAccepted(_) => PageError::refused(
                StatusCode::FORBIDDEN,
                "Supplier not enabled",
                err.to_string(),
            ),
        }
    }
}
