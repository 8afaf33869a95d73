//! What a service's cXML handler can refuse with, and the Status code each
//! refusal travels as (CONFORMANCE.md's table). The text is what the
//! partner sees: say what is wrong with *their* document, never internals.

use cxml::StatusCode;

#[derive(Debug, thiserror::Error)]
pub enum CxmlError {
    /// Parsed, but unacceptable (e.g. offer expired, product not purchasable).
    #[error("{0}")]
    BadRequest(String),
    /// Sender credentials not recognised.
    #[error("{0}")]
    Unauthorized(String),
    /// Not allowed (integration disabled, not an admin).
    #[error("{0}")]
    Forbidden(String),
    /// Server state blocks it (a conflicting duplicate).
    #[error("{0}")]
    Conflict(String),
    /// edit/inspect without a matching session, or beyond operationAllowed.
    #[error("{0}")]
    PreconditionFailed(String),
    /// Refers to an unknown resource (e.g. an invoice for an unknown PO).
    #[error("{0}")]
    UnknownResource(String),
    /// A document type or operation this service does not implement.
    #[error("{0}")]
    NotImplemented(String),
    /// Something broke on our side; the detail is logged, not sent.
    #[error("internal error: {0}")]
    Internal(String),
}

impl CxmlError {
    pub fn status_code(&self) -> StatusCode {
        StatusCode(match self {
            CxmlError::BadRequest(_) => 400,
            CxmlError::Unauthorized(_) => 401,
            CxmlError::Forbidden(_) => 403,
            CxmlError::Conflict(_) => 409,
            CxmlError::PreconditionFailed(_) => 412,
            CxmlError::UnknownResource(_) => 417,
            CxmlError::NotImplemented(_) => 450,
            CxmlError::Internal(_) => 500,
        })
    }

    /// The Status text sent to the partner.
    pub fn partner_text(&self) -> String {
        match self {
            CxmlError::Internal(_) => "Internal Server Error".to_owned(),
            other => other.to_string(),
        }
    }
}

impl From<crate::StoreError> for CxmlError {
    fn from(err: crate::StoreError) -> Self {
        CxmlError::Internal(err.to_string())
    }
}
