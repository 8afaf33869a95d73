//! The outbound client: writes a document with the cxml crate, POSTs it as
//! `text/xml`, journals the exchange and classifies the reply (a reply
//! without valid cXML is a transient transport error).

use std::time::{Duration, Instant};

use cxml::status_code::{ReplyClass, classify_reply};

use super::FLOW_HEADER;
use crate::journal_store::{Direction, HttpHeaders, Journal, NewExchange, Trace};

/// How long a partner may take to answer (Coupa allows 60 s for orders).
const REPLY_TIMEOUT: Duration = Duration::from_secs(60);

/// Posts cXML documents for one service. Cheap to clone.
#[derive(Clone, Debug)]
pub struct CxmlClient {
    http: reqwest::Client,
    journal: Journal,
    /// The DTD version written in every document's DOCTYPE.
    declared: cxml::write::DtdVersion,
}

/// What came back.
#[derive(Debug)]
pub struct Sent {
    /// None when no HTTP reply arrived at all (connection refused, timeout).
    pub http_status: Option<u16>,
    pub reply: ReplyClass,
    /// The reply read as cXML, when it was (e.g. a PunchOutSetupResponse).
    pub response: Option<cxml::Parsed>,
    /// Why the reply could not be read as cXML, when a body came back and
    /// could not.
    pub unreadable: Option<cxml::ReadError>,
    /// The reply as a lenient receiver reads it ([`cxml::read::read_lenient`]),
    /// when the strict read failed and that one does not.
    pub lenient: Option<cxml::Parsed>,
    /// What CONFORMANCE.md's single-document rules find in the reply (also
    /// journaled with the exchange): the exact reasons, with line and
    /// column, when it is not what it should be.
    pub reply_findings: Vec<cxml::Finding>,
    /// The journal entry of this exchange.
    pub journal_id: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Our own document could not be written: a bug, never the partner's.
    #[error("cannot write the document: {0}")]
    Write(#[from] cxml::WriteError),
}

impl CxmlClient {
    pub fn new(journal: Journal) -> Self {
        let http = reqwest::Client::builder()
            .timeout(REPLY_TIMEOUT)
            .build()
            .unwrap_or_default();
        CxmlClient {
            http,
            journal,
            declared: cxml::write::DtdVersion::current(),
        }
    }

    /// Waits at most `timeout` for each answer (a platform's habit: Coupa
    /// waits 60 s for an order's), instead of the default 60 s.
    pub fn waiting(mut self, timeout: Duration) -> Self {
        self.http = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .unwrap_or_default();
        self
    }

    /// Declares `version` in the DOCTYPE of every document sent, as a
    /// simulated party with that habit does (e.g. Coupa's 1.2.014).
    pub fn declaring(mut self, version: cxml::write::DtdVersion) -> Self {
        self.declared = version;
        self
    }

    /// Posts `doc` to `url`. Transport failures are not errors here: they
    /// come back as a transient [`ReplyClass::Transport`], as a partner's
    /// outage is something the caller records and may retry.
    pub async fn post(
        &self,
        url: &str,
        doc: &cxml::CXml,
        flow_id: Option<&str>,
    ) -> Result<Sent, SendError> {
        let body = cxml::write::to_bytes_declaring(doc, &self.declared)?;
        let began = self.journal.begin();
        let started = Instant::now();
        let mut request = self
            .http
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "text/xml; charset=UTF-8")
            .header(reqwest::header::CONTENT_LENGTH, body.len())
            .body(body.clone());
        if let Some(flow) = flow_id {
            request = request.header(FLOW_HEADER, flow);
        }
        let (request, built) = match request.build() {
            Ok(request) => (request.headers().clone(), Ok(request)),
            Err(err) => (reqwest::header::HeaderMap::new(), Err(err)),
        };
        let mut response_headers = None;
        let sent = match built {
            Ok(built) => self.http.execute(built).await,
            Err(err) => Err(err),
        };
        let (http_status, reply_bytes, reply) = match sent {
            Ok(reply) => {
                let status = reply.status().as_u16();
                response_headers = Some(reply.headers().clone());
                match reply.bytes().await {
                    Ok(bytes) => {
                        let class = classify_reply(status, &bytes);
                        (Some(status), Some(bytes.to_vec()), class)
                    }
                    Err(err) => (Some(status), None, transport(status, &err)),
                }
            }
            Err(err) => (None, None, transport(0, &err)),
        };
        let (response, unreadable, lenient) = match reply_bytes.as_deref() {
            Some(bytes) if !bytes.iter().all(u8::is_ascii_whitespace) => {
                match cxml::read::read(bytes) {
                    Ok(parsed) => (Some(parsed), None, None),
                    Err(err) => (None, Some(err), cxml::read::read_lenient(bytes).ok()),
                }
            }
            _ => (None, None, None),
        };
        let reply_findings = match reply_bytes.as_deref() {
            Some(reply) => self.journal.findings_off_the_workers(reply).await,
            None => Vec::new(),
        };
        let cxml_status = match &reply {
            ReplyClass::Cxml(status) => Some(status.code.0),
            ReplyClass::Transport { .. } => None,
        };
        let entry = NewExchange {
            direction: Direction::Outbound,
            peer: url.to_owned(),
            document_type: Some(doc.kind().element_name().to_owned()),
            payload_id: Some(doc.payload_id.clone()),
            flow_id: flow_id.map(str::to_owned),
            http_status,
            cxml_status,
            latency: started.elapsed(),
            // The document sent is judged by the journal as it writes
            // the row (`record_judging`); the reply was judged above, as
            // the caller needs its findings.
            findings: Vec::new(),
            response_findings: reply_findings.clone(),
            raw: body,
            response_raw: reply_bytes,
        };
        let trace = Trace {
            began,
            headers: Some(HttpHeaders::of(&request, response_headers.as_ref())),
        };
        let secret = doc
            .header
            .iter()
            .flat_map(|header| &header.sender.credential)
            .find_map(|credential| credential.shared_secret.clone());
        let journal_id = match self.journal.record_judging(entry, trace).await {
            Ok(id) => {
                if let Some(secret) = secret {
                    self.journal.keep_sent_secret(id, secret);
                }
                Some(id)
            }
            Err(err) => {
                tracing::error!(%err, "could not journal an outbound exchange");
                None
            }
        };
        Ok(Sent {
            http_status,
            reply,
            response,
            unreadable,
            lenient,
            reply_findings,
            journal_id,
        })
    }
}

fn transport(http_status: u16, err: &reqwest::Error) -> ReplyClass {
    ReplyClass::Transport {
        http_status,
        reason: if err.is_timeout() {
            "no reply in time".to_owned()
        } else if err.is_connect() {
            "cannot connect".to_owned()
        } else {
            "the reply could not be read".to_owned()
        },
    }
}
