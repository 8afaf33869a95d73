//! What a service's cXML handler can refuse with, and the Status code each
//! refusal travels as (CONFORMANCE.md's table). The text is what the
//! partner sees: say what is wrong with *their* document, never internals.
//! An internal failure keeps its cause as its source, so the log shows
//! the whole chain while the partner reads only "Internal Server Error".

use std::error::Error;

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
    /// Something broke on our side; the cause is logged, not sent.
    #[error("internal error")]
    Internal(#[source] Box<dyn Error + Send + Sync>),
}

impl CxmlError {
    /// Something broke on our side because of `cause` (an error, or a
    /// text saying what).
    pub fn internal(cause: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        CxmlError::Internal(cause.into())
    }

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
        CxmlError::internal(err)
    }
}

/// `err` and each of its sources, joined by `: `, for the log.
pub fn error_chain(err: &dyn Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_internal_error_keeps_its_cause_for_the_log_not_the_partner() {
        let store = crate::StoreError::Task("the worker panicked".into());
        let err = CxmlError::from(store);
        assert_eq!(err.status_code(), StatusCode(500));
        assert_eq!(err.partner_text(), "Internal Server Error");
        assert_eq!(
            error_chain(&err),
            "internal error: a database task failed: the worker panicked"
        );
        assert_eq!(
            error_chain(&CxmlError::internal("no header")),
            "internal error: no header"
        );
    }
}
