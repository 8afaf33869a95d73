//! Ariba's look: its Tera templates (the pages every buyer platform has,
//! its catalog and supplier relationships) and its Fiori-like stylesheet,
//! compiled into the binary; and how the network's refusals become pages.
//! Pages are rendered and refusals drawn by buyer-kit's platform shell.

use axum::http::StatusCode;
use buyer_kit::platform::{Look, PageError};

use crate::{relationships::RequestError, suppliers::SupplierError};

/// Ariba's look, its templates compiled.
pub fn look() -> Result<Look, tera::Error> {
    let templates = buyer_kit::platform_templates!(
        crate::NAME;
        "catalog.html",
        "suppliers.html",
    )?;
    Ok(Look::new(
        crate::NAME,
        include_str!("../static/ariba.css"),
        templates,
    ))
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
            err @ SupplierError::AlreadyRequested(..) => PageError::refused(
                StatusCode::CONFLICT,
                "Relationship already requested",
                err.to_string(),
            ),
        }
    }
}

/// How a refused relationship request reaches the admin's page.
impl From<RequestError> for PageError {
    fn from(err: RequestError) -> Self {
        match err {
            err @ RequestError::BadAnid(_) => {
                PageError::bad_request("Not a network id", err.to_string())
            }
            err @ RequestError::UnknownNetworkId(_) => {
                PageError::refused(StatusCode::NOT_FOUND, "Unknown network id", err.to_string())
            }
            RequestError::Supplier(err) => err.into(),
        }
    }
}
