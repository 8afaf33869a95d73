//! The inbound `POST /cxml` adapter: media type check, bounded body read,
//! lenient parse, dispatch to the service's handler, a cXML answer for
//! every outcome, and one journal entry per exchange (the journal finds
//! what is wrong with the document as it writes the entry).
//!
//! cXML travels as `text/xml` (or `application/xml`, `…+xml`); a request
//! without a Content-Type is read too, as partners' scripts often send
//! none. Anything else is refused with HTTP 415 before the body is read,
//! above all the types a browser can send from another site's form
//! (`application/x-www-form-urlencoded`, `multipart/form-data`,
//! `text/plain`): a web page must never be able to post cXML as the
//! person's browser.

use std::{future::Future, net::SocketAddr, time::Instant};

use axum::{
    Router,
    body::{Body, Bytes},
    extract::{ConnectInfo, Request, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::post,
};

use super::{CxmlError, FLOW_HEADER, status_document};
use crate::{
    BODY_LIMIT_BYTES, Clock,
    journal_store::{Began, Direction, HttpHeaders, Journal, NewExchange, Trace},
};

/// A document that arrived at `POST /cxml` and was read.
#[derive(Debug)]
pub struct Inbound {
    pub parsed: cxml::Parsed,
    pub raw: Bytes,
    /// From the `x-procsim-flow` header, when the sender is a procsim service.
    pub flow_id: Option<String>,
}

/// What a handler made of one document.
#[derive(Debug)]
pub struct Handled {
    /// `Ok` is the Response document to send back (usually a 200 Status,
    /// or a PunchOutSetupResponse); `Err` becomes a Status with the
    /// error's code.
    pub result: Result<cxml::CXml, CxmlError>,
    /// The flow id the exchange is journaled under, as the handler set or
    /// refined it; `None` keeps the sender's `x-procsim-flow`, if any.
    pub flow: Option<String>,
}

/// A service's answer to inbound documents.
pub trait CxmlHandler: Clone + Send + Sync + 'static {
    /// Handles one document.
    fn handle(&self, inbound: Inbound) -> impl Future<Output = Handled> + Send;
}

#[derive(Clone)]
struct Adapter<H> {
    handler: H,
    journal: Journal,
    clock: Clock,
}

/// `POST /cxml` served by `handler`, journaled in `journal`.
pub fn cxml_route<H: CxmlHandler>(handler: H, journal: Journal, clock: Clock) -> Router {
    Router::new()
        .route("/cxml", post(receive::<H>))
        .with_state(Adapter {
            handler,
            journal,
            clock,
        })
}

/// What is known of an exchange so far, for its answer and journal entry.
struct Received {
    began: Began,
    started: Instant,
    /// The request's headers, for the journal.
    headers: HeaderMap,
    peer: String,
    flow_id: Option<String>,
    raw: Bytes,
    /// The document type and payloadID, once the document was read.
    meta: Option<(String, String)>,
}

async fn receive<H: CxmlHandler>(State(adapter): State<Adapter<H>>, request: Request) -> Response {
    let mut received = Received {
        began: adapter.journal.begin(),
        started: Instant::now(),
        headers: request.headers().clone(),
        peer: peer_of(&request),
        flow_id: flow_of(request.headers()),
        raw: Bytes::new(),
        meta: None,
    };
    if let Some(refused) = media_type_refusal(request.headers()) {
        let doc = status_document(&adapter.clock, 406, &refused);
        return respond(&adapter, received, doc, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    }
    let body = axum::body::to_bytes(request.into_body(), BODY_LIMIT_BYTES);
    received.raw = match tokio::time::timeout(BODY_DEADLINE, body).await {
        Ok(Ok(raw)) => raw,
        Ok(Err(err)) if is_too_large(&err) => {
            let text = format!("Document larger than {BODY_LIMIT_BYTES} bytes");
            let doc = status_document(&adapter.clock, 499, &text);
            return respond(&adapter, received, doc, StatusCode::OK).await;
        }
        // The client stopped sending or went away: nobody is left to answer.
        Ok(Err(_)) | Err(_) => {
            return (
                StatusCode::REQUEST_TIMEOUT,
                "the document did not arrive in time",
            )
                .into_response();
        }
    };
    let parsed = match cxml::read::read(&received.raw) {
        Ok(parsed) => parsed,
        Err(err) => {
            let doc = status_document(&adapter.clock, err.status_code(), &err.to_string());
            return respond(&adapter, received, doc, StatusCode::OK).await;
        }
    };
    received.meta = Some((
        parsed.kind.element_name().to_owned(),
        parsed.doc.payload_id.clone(),
    ));
    let inbound = Inbound {
        parsed,
        raw: received.raw.clone(),
        flow_id: received.flow_id.clone(),
    };
    let handled = adapter.handler.handle(inbound).await;
    received.flow_id = handled.flow.or(received.flow_id);
    let doc = handled.result.unwrap_or_else(|err| {
        if let CxmlError::Internal(_) = &err {
            let detail = super::error_chain(&err);
            tracing::error!(service = adapter.journal.service(), %detail, "cXML handler failed");
        }
        status_document(&adapter.clock, err.status_code().0, &err.partner_text())
    });
    respond(&adapter, received, doc, StatusCode::OK).await
}

/// Answers with `doc` (cXML travels as HTTP 200 unless the request was no
/// cXML at all) and journals the exchange.
async fn respond<H>(
    adapter: &Adapter<H>,
    received: Received,
    doc: cxml::CXml,
    http_status: StatusCode,
) -> Response {
    let cxml_status = doc
        .response
        .as_ref()
        .and_then(|r| r.status.code.trim().parse::<u16>().ok());
    let body = match cxml::write::to_bytes(&doc) {
        Ok(body) => body,
        Err(err) => {
            tracing::error!(%err, "could not write a cXML response");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "cannot write the cXML response",
            )
                .into_response();
        }
    };
    let (document_type, payload_id) = received.meta.unzip();
    let entry = NewExchange {
        direction: Direction::Inbound,
        peer: received.peer,
        document_type,
        payload_id,
        flow_id: received.flow_id,
        http_status: Some(http_status.as_u16()),
        cxml_status,
        latency: received.started.elapsed(),
        // Judged by the journal as it writes the row (`record_judging`).
        findings: Vec::new(),
        response_findings: Vec::new(),
        raw: received.raw.to_vec(),
        response_raw: Some(body.clone()),
    };
    let mut sent = HeaderMap::new();
    sent.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/xml; charset=UTF-8"),
    );
    sent.insert(
        header::CONTENT_LENGTH,
        header::HeaderValue::from(body.len()),
    );
    let trace = Trace {
        began: received.began,
        headers: Some(HttpHeaders::of(&received.headers, Some(&sent))),
    };
    if let Err(err) = adapter.journal.record_judging(entry, trace).await {
        tracing::error!(%err, "could not journal an inbound exchange");
    }
    (http_status, sent, Body::from(body)).into_response()
}

/// How long a whole document may take to arrive.
const BODY_DEADLINE: std::time::Duration = std::time::Duration::from_secs(60);

/// Why the request's Content-Type is not cXML's, if it is not.
fn media_type_refusal(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?;
    let essence = value
        .to_str()
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let xml = matches!(essence.as_str(), "text/xml" | "application/xml")
        || (essence.starts_with("application/") && essence.ends_with("+xml"));
    (!xml).then(|| {
        format!(
            "Content-Type {essence:?} is not cXML: post the document as text/xml \
             (or application/xml)"
        )
    })
}

/// Whether reading the body failed on the size limit.
fn is_too_large(err: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(err) = source {
        if err.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = err.source();
    }
    false
}

fn flow_of(headers: &HeaderMap) -> Option<String> {
    headers
        .get(FLOW_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 200)
        .map(str::to_owned)
}

fn peer_of(request: &Request) -> String {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(
            || "unknown".to_owned(),
            |ConnectInfo(addr)| addr.to_string(),
        )
}
