//! Purchase orders: sequential numbers per system (`PO-000001`) and the
//! result of sending each one to the supplier.

use std::fmt;

use cxml::{Finding, StatusClass, rules::Severity, status_code::ReplyClass};
use jiff::Timestamp;

/// A purchase order number: a system prefix and a sequence number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PoNumber(String);

impl PoNumber {
    /// `prefix` followed by `sequence` in at least six digits.
    pub fn new(prefix: &str, sequence: u64) -> Self {
        Self(format!("{prefix}{sequence:06}"))
    }

    /// A number as stored or typed.
    pub fn parse(text: &str) -> Self {
        Self(text.trim().to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PoNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What came back when the OrderRequest was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendOutcome {
    /// The HTTP status; `None` when no reply arrived (connection failed).
    pub http_status: Option<u16>,
    /// The cXML `Status@code`, when the reply held valid cXML.
    pub code: Option<u16>,
    /// `Status@text`, or why the reply was not cXML and the first error
    /// found in it with its line and column.
    pub text: String,
    /// The Status content (the supplier's detail), then the first error
    /// found in the reply with its line and column; possibly empty.
    pub detail: String,
    pub class: StatusClass,
    pub sent_at: Timestamp,
}

impl SendOutcome {
    /// The outcome of a reply, classified by `cxml::status_code`, with
    /// the first error of the reply's `findings` (as the journal records
    /// them) after the transport error's reason or the status's detail,
    /// so the order's page says exactly what is wrong with the answer.
    pub fn from_reply(
        http_status: u16,
        reply: &ReplyClass,
        findings: &[Finding],
        sent_at: Timestamp,
    ) -> Self {
        // Where each page shows it: a transport error's reason, else the
        // status's detail.
        let (code, text, detail) = match reply {
            ReplyClass::Cxml(status) => (
                Some(status.code.code()),
                status.text.clone(),
                with_first_error(status.detail.clone(), findings),
            ),
            ReplyClass::Transport { reason, .. } => (
                None,
                with_first_error(reason.clone(), findings),
                String::new(),
            ),
        };
        Self {
            http_status: Some(http_status),
            code,
            text,
            detail,
            class: reply.class(),
            sent_at,
        }
    }

    /// No reply at all: a transient transport failure.
    pub fn unreachable(reason: &str, sent_at: Timestamp) -> Self {
        Self {
            http_status: None,
            code: None,
            text: reason.to_owned(),
            detail: String::new(),
            class: StatusClass::Transient,
            sent_at,
        }
    }

    pub fn is_success(&self) -> bool {
        self.class == StatusClass::Success
    }

    /// `transport` when the reply held no cXML status.
    pub fn is_transport_error(&self) -> bool {
        self.code.is_none()
    }
}

/// `detail`, then the first error among `findings` as one sentence with
/// its rule, line and column and the fix.
fn with_first_error(detail: String, findings: &[Finding]) -> String {
    let Some(first) = findings.iter().find(|f| f.severity == Severity::Error) else {
        return detail;
    };
    let said = format!(
        "In the answer, {} at line {}, column {}: {}. {}",
        first.rule,
        first.line,
        first.column,
        first.message.trim_end_matches('.'),
        first.hint
    );
    if detail.is_empty() {
        said
    } else {
        format!("{detail} {said}")
    }
}

/// A purchase order as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseOrder {
    pub number: PoNumber,
    pub requisition_id: i64,
    pub requester: String,
    pub flow_id: String,
    pub created_at: Timestamp,
    /// The OrderRequest's payloadID, once built.
    pub payload_id: Option<String>,
    /// The last send's result; `None` until sent.
    pub send: Option<SendOutcome>,
}

pub(crate) fn class_name(class: StatusClass) -> &'static str {
    match class {
        StatusClass::Success => "success",
        StatusClass::Permanent => "permanent",
        StatusClass::Transient => "transient",
    }
}

pub(crate) fn class_from_name(name: &str) -> StatusClass {
    match name {
        "success" => StatusClass::Success,
        "permanent" => StatusClass::Permanent,
        _ => StatusClass::Transient,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_zero_padded() {
        assert_eq!(PoNumber::new("PO-", 1).as_str(), "PO-000001");
        assert_eq!(PoNumber::new("PO-", 1234567).as_str(), "PO-1234567");
    }

    #[test]
    fn an_html_reply_is_a_transient_transport_error() {
        let reply = cxml::status_code::classify_reply(502, b"<html>Bad gateway</html>");
        let findings =
            cxml::validate::check_without_dtd(b"<html>Bad gateway</html>", &Default::default());
        let outcome = SendOutcome::from_reply(502, &reply, &findings, Timestamp::UNIX_EPOCH);
        assert!(outcome.is_transport_error());
        assert_eq!(outcome.class, StatusClass::Transient);
        assert_eq!(outcome.http_status, Some(502));
        assert!(
            outcome
                .text
                .contains(" In the answer, CX003 at line 1, column 1: "),
            "{}",
            outcome.text
        );
    }

    #[test]
    fn the_first_error_of_the_reply_is_told_with_its_line_and_column() {
        let answer = b"<?xml version=\"1.0\"?>\n\
            <cXML payloadID=\"1@supplier\" timestamp=\"2026-01-01T00:00:00+00:00\">\n\
            <Header><From/><To/><Sender/></Header>\n\
            <Response><Status code=\"200\" text=\"OK\"/></Response>\n\
            </cXML>\n";
        let findings = cxml::validate::check_without_dtd(answer, &Default::default());
        let reply = cxml::status_code::classify_reply(200, answer);
        let outcome = SendOutcome::from_reply(200, &reply, &findings, Timestamp::UNIX_EPOCH);
        assert!(
            outcome
                .detail
                .starts_with("In the answer, CX003 at line 2, column 1: "),
            "{}",
            outcome.detail
        );
        let clean = SendOutcome::from_reply(200, &reply, &[], Timestamp::UNIX_EPOCH);
        assert_eq!(clean.detail, "");
    }
}
