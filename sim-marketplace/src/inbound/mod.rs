//! `POST /cxml`: reads the document, dispatches on its type and answers
//! with a cXML `Response` written by the cxml crate.
//!
//! This is a minimal local adapter: the handlers take a parsed document
//! and return `Result<CXml, CxmlError>`, so they plug into service-kit's
//! shared inbound adapter (journal, flow ids) once it lands.

mod profile;

use axum::{
    body::{Body, to_bytes},
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use cxml::{
    CXml, DocumentKind, Parsed, PayloadId, ReadError, Timestamp,
    envelope::{RequestBody, Status},
};
use service_kit::BODY_LIMIT_BYTES;

use crate::{Marketplace, accounts::auth::AuthError, order, punchout};

/// The header that carries a flow id across services.
pub const FLOW_HEADER: &str = "x-procsim-flow";

/// Why a cXML request was not served; each maps to one status code.
/// Messages are written for the partner; internals are only logged.
#[derive(Debug, thiserror::Error)]
pub enum CxmlError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("Sender credentials not recognised")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    PreconditionFailed(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    NotImplemented(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<AuthError> for CxmlError {
    fn from(err: AuthError) -> Self {
        match err {
            AuthError::Unauthorized => CxmlError::Unauthorized,
            AuthError::Disabled => {
                CxmlError::Forbidden("the procurement integration is disabled".into())
            }
        }
    }
}

impl From<service_kit::StoreError> for CxmlError {
    fn from(err: service_kit::StoreError) -> Self {
        CxmlError::Internal(err.to_string())
    }
}

impl CxmlError {
    /// The status code and the text the partner sees.
    pub fn status(&self) -> Status {
        let (code, text) = match self {
            CxmlError::Read(err) => (err.status_code(), err.to_string()),
            CxmlError::Unauthorized => (401, self.to_string()),
            CxmlError::Forbidden(text) => (403, text.clone()),
            CxmlError::BadRequest(text) => (400, text.clone()),
            CxmlError::PreconditionFailed(text) => (412, text.clone()),
            CxmlError::Conflict(text) => (409, text.clone()),
            CxmlError::NotImplemented(text) => (450, text.clone()),
            CxmlError::Internal(_) => (500, "Internal Server Error".to_owned()),
        };
        Status::new(code, text)
    }
}

/// The `POST /cxml` route.
pub async fn post_cxml(
    State(marketplace): State<Marketplace>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let flow = headers
        .get(FLOW_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let outcome = match to_bytes(body, BODY_LIMIT_BYTES).await {
        Ok(bytes) => match cxml::read::read(&bytes) {
            Ok(parsed) => dispatch(&marketplace, &parsed, flow).await,
            Err(err) => Err(CxmlError::Read(err)),
        },
        Err(_) => Err(CxmlError::Read(ReadError::TooLarge {
            size: BODY_LIMIT_BYTES + 1,
            limit: BODY_LIMIT_BYTES,
        })),
    };
    let doc = outcome.or_else(|err| {
        if let CxmlError::Internal(detail) = &err {
            tracing::error!(%detail, "cXML request failed");
        } else {
            let status = err.status();
            tracing::info!(code = %status.code, text = %status.text, "cXML request refused");
        }
        status_response(&marketplace, err.status())
    });
    match doc {
        Ok(doc) => xml_response(&doc),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

async fn dispatch(
    marketplace: &Marketplace,
    parsed: &Parsed,
    flow: Option<String>,
) -> Result<CXml, CxmlError> {
    let body = parsed.doc.request.as_ref().map(|request| &request.body);
    match body {
        Some(RequestBody::ProfileRequest(_)) => profile::handle(marketplace, parsed),
        Some(RequestBody::PunchOutSetupRequest(_)) => {
            punchout::setup::handle(marketplace, parsed, flow).await
        }
        Some(RequestBody::OrderRequest(_)) => {
            order::intake::handle(marketplace, parsed, flow).await
        }
        _ => Err(CxmlError::NotImplemented(format!(
            "{} is not supported by the marketplace",
            kind_name(&parsed.kind)
        ))),
    }
}

fn kind_name(kind: &DocumentKind) -> String {
    match kind {
        DocumentKind::Other(name) if name.is_empty() => "this document".to_owned(),
        other => other.element_name().to_owned(),
    }
}

/// A fresh payload id and timestamp from the simulated clock.
pub fn envelope_ids(marketplace: &Marketplace) -> Result<(PayloadId, Timestamp), CxmlError> {
    let millis = marketplace.clock().now().as_millisecond();
    let payload_id = PayloadId::generate(u64::try_from(millis).unwrap_or(0), "procsim-marketplace")
        .map_err(|err| CxmlError::Internal(err.to_string()))?;
    Ok((payload_id, Timestamp::from_unix_millis(millis, 0)))
}

/// `Response` with only `status`.
pub fn status_response(marketplace: &Marketplace, status: Status) -> Result<CXml, CxmlError> {
    let (payload_id, timestamp) = envelope_ids(marketplace)?;
    Ok(CXml::response(
        &payload_id,
        &timestamp,
        cxml::envelope::Response::status(status),
    ))
}

/// Writes `doc` as the HTTP reply (always HTTP 200: the cXML status says
/// what happened, as real partners expect).
fn xml_response(doc: &CXml) -> Response {
    match cxml::write::to_string(doc) {
        Ok(text) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
            text,
        )
            .into_response(),
        Err(err) => {
            tracing::error!(%err, "cannot write a cXML response");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
