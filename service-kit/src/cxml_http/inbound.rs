//! The inbound `POST /cxml` adapter: bounded body read, lenient parse,
//! single-document rule findings, dispatch to the service's handler, a cXML
//! answer for every outcome, and one journal entry per exchange.

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
    journal::{Direction, Journal, NewExchange},
};

/// A document that arrived at `POST /cxml` and was read.
#[derive(Debug)]
pub struct Inbound {
    pub parsed: cxml::Parsed,
    pub raw: Bytes,
    /// From the `x-procsim-flow` header, when the sender is a procsim service.
    pub flow_id: Option<String>,
}

/// A service's answer to inbound documents.
pub trait CxmlHandler: Clone + Send + Sync + 'static {
    /// Handles one document. `Ok` is the Response document to send back
    /// (usually a 200 Status, or a PunchOutSetupResponse); `Err` becomes a
    /// Status with the error's code. The flow id may be set or refined by
    /// the handler through the returned tuple's second part.
    fn handle(
        &self,
        inbound: Inbound,
    ) -> impl Future<Output = (Result<cxml::CXml, CxmlError>, Option<String>)> + Send;
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

async fn receive<H: CxmlHandler>(State(adapter): State<Adapter<H>>, request: Request) -> Response {
    let started = Instant::now();
    let peer = peer_of(&request);
    let flow_id = flow_of(request.headers());
    let raw = match axum::body::to_bytes(request.into_body(), BODY_LIMIT_BYTES).await {
        Ok(raw) => raw,
        Err(_) => {
            let text = format!("Document larger than {BODY_LIMIT_BYTES} bytes");
            let doc = status_document(&adapter.clock, 499, &text);
            return respond(
                &adapter,
                peer,
                flow_id,
                Bytes::new(),
                None,
                doc,
                started,
                None,
            )
            .await;
        }
    };
    let findings = super::findings_of(&raw);
    let parsed = match cxml::read::read(&raw) {
        Ok(parsed) => parsed,
        Err(err) => {
            let doc = status_document(&adapter.clock, err.status_code(), &err.to_string());
            return respond(
                &adapter,
                peer,
                flow_id,
                raw,
                Some(findings),
                doc,
                started,
                None,
            )
            .await;
        }
    };
    let document_type = parsed.kind.element_name().to_owned();
    let payload_id = parsed.doc.payload_id.clone();
    let inbound = Inbound {
        parsed,
        raw: raw.clone(),
        flow_id: flow_id.clone(),
    };
    let (outcome, handler_flow) = adapter.handler.handle(inbound).await;
    let flow_id = handler_flow.or(flow_id);
    let doc = outcome.unwrap_or_else(|err| {
        if let CxmlError::Internal(detail) = &err {
            tracing::error!(service = adapter.journal.service(), %detail, "cXML handler failed");
        }
        status_document(&adapter.clock, err.status_code().0, &err.partner_text())
    });
    let meta = Some((document_type, payload_id));
    respond(
        &adapter,
        peer,
        flow_id,
        raw,
        Some(findings),
        doc,
        started,
        meta,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn respond<H>(
    adapter: &Adapter<H>,
    peer: String,
    flow_id: Option<String>,
    raw: Bytes,
    findings: Option<Vec<cxml::Finding>>,
    doc: cxml::CXml,
    started: Instant,
    meta: Option<(String, String)>,
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
    let (document_type, payload_id) = meta.unzip();
    let entry = NewExchange {
        direction: Direction::Inbound,
        peer,
        document_type,
        payload_id,
        flow_id,
        http_status: Some(200),
        cxml_status,
        latency: started.elapsed(),
        findings: findings.unwrap_or_default(),
        raw: raw.to_vec(),
        response_raw: Some(body.clone()),
    };
    if let Err(err) = adapter.journal.record(entry).await {
        tracing::error!(%err, "could not journal an inbound exchange");
    }
    (
        [(header::CONTENT_TYPE, "text/xml; charset=UTF-8")],
        Body::from(body),
    )
        .into_response()
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
