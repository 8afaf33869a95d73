//! cXML status codes and how to classify a partner's reply.
//!
//! cXML carries its own status in `<Response><Status code=".." text="..">`,
//! usually inside HTTP 200, so the HTTP status alone says little: the cXML
//! code wins whenever the body holds a valid one, and a reply without valid
//! cXML is a transport failure, retried like a 5xx.

use serde::{Deserialize, Serialize};

use crate::tree;

/// A cXML status code (`Status@code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StatusCode(pub u16);

/// What a sender should do with a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusClass {
    /// 2xx: done (or accepted for later processing).
    Success,
    /// 4xx: the document is wrong or refused; sending it again cannot help.
    Permanent,
    /// 5xx and anything unrecognised: try again later.
    Transient,
}

impl StatusCode {
    pub const OK: Self = Self(200);
    pub const ACCEPTED: Self = Self(201);
    pub const NO_CONTENT: Self = Self(204);
    pub const BAD_REQUEST: Self = Self(400);
    pub const UNAUTHORIZED: Self = Self(401);
    pub const FORBIDDEN: Self = Self(403);
    pub const NOT_ACCEPTABLE: Self = Self(406);
    pub const CONFLICT: Self = Self(409);
    pub const PRECONDITION_FAILED: Self = Self(412);
    pub const EXPECTATION_FAILED: Self = Self(417);
    pub const NOT_IMPLEMENTED: Self = Self(450);
    pub const DOCUMENT_SIZE_ERROR: Self = Self(499);
    pub const INTERNAL_SERVER_ERROR: Self = Self(500);
    pub const TEMPORARY_SERVER_ERROR: Self = Self(560);

    /// Every code CONFORMANCE.md gives a use for.
    pub const KNOWN: [Self; 14] = [
        Self::OK,
        Self::ACCEPTED,
        Self::NO_CONTENT,
        Self::BAD_REQUEST,
        Self::UNAUTHORIZED,
        Self::FORBIDDEN,
        Self::NOT_ACCEPTABLE,
        Self::CONFLICT,
        Self::PRECONDITION_FAILED,
        Self::EXPECTATION_FAILED,
        Self::NOT_IMPLEMENTED,
        Self::DOCUMENT_SIZE_ERROR,
        Self::INTERNAL_SERVER_ERROR,
        Self::TEMPORARY_SERVER_ERROR,
    ];

    /// The numeric code.
    pub const fn code(self) -> u16 {
        self.0
    }

    /// The cXML Reference Guide's text for a known code.
    pub const fn known_text(self) -> Option<&'static str> {
        Some(match self.0 {
            200 => "OK",
            201 => "Accepted",
            204 => "No Content",
            400 => "Bad Request",
            401 => "Unauthorized",
            403 => "Forbidden",
            406 => "Not Acceptable",
            409 => "Conflict",
            412 => "Precondition Failed",
            417 => "Expectation Failed",
            450 => "Not Implemented",
            499 => "Document size error",
            500 => "Internal Server Error",
            560 => "Temporary server error",
            _ => return None,
        })
    }

    /// The standard text, or a generic one by class for unknown codes, to
    /// fill `Status@text`.
    pub const fn text(self) -> &'static str {
        match self.known_text() {
            Some(text) => text,
            None => match self.class() {
                StatusClass::Success => "Success",
                StatusClass::Permanent => "Permanent error",
                StatusClass::Transient => "Transient error",
            },
        }
    }

    /// 2xx success, 4xx permanent, 5xx transient. Codes outside those
    /// ranges mean the partner's reply cannot be trusted, which the cXML
    /// guide treats like a transport failure: transient.
    pub const fn class(self) -> StatusClass {
        match self.0 {
            200..=299 => StatusClass::Success,
            400..=499 => StatusClass::Permanent,
            _ => StatusClass::Transient,
        }
    }

    pub const fn is_success(self) -> bool {
        matches!(self.class(), StatusClass::Success)
    }

    /// Whether the sender should send the same document again later (same
    /// payloadID and timestamp, so the receiver can spot the duplicate).
    pub const fn is_retryable(self) -> bool {
        matches!(self.class(), StatusClass::Transient)
    }
}

impl std::fmt::Display for StatusCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.0, self.text())
    }
}

impl From<StatusCode> for u16 {
    fn from(code: StatusCode) -> u16 {
        code.0
    }
}

/// A `Response/Status` read from a reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyStatus {
    pub code: StatusCode,
    /// `Status@text`, as sent.
    pub text: String,
    /// The element's content (the human-readable detail), trimmed.
    pub detail: String,
}

/// What a reply to a cXML POST amounts to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReplyClass {
    /// The body held a valid cXML `Response/Status`.
    Cxml(ReplyStatus),
    /// No valid cXML status: an HTML error page, an empty or garbled body.
    /// Always transient.
    Transport { http_status: u16, reason: String },
}

impl ReplyClass {
    pub fn class(&self) -> StatusClass {
        match self {
            Self::Cxml(status) => status.code.class(),
            Self::Transport { .. } => StatusClass::Transient,
        }
    }

    pub fn is_retryable(&self) -> bool {
        self.class() == StatusClass::Transient
    }
}

/// Classifies a partner's reply from its HTTP status and body.
pub fn classify_reply(http_status: u16, body: &[u8]) -> ReplyClass {
    match read_status(body) {
        Ok(status) => ReplyClass::Cxml(status),
        Err(reason) => ReplyClass::Transport {
            http_status,
            reason: if (200..300).contains(&http_status) {
                reason
            } else {
                format!("HTTP {http_status} and {reason}")
            },
        },
    }
}

/// Finds `/cXML/Response/Status` and its numeric code.
fn read_status(body: &[u8]) -> Result<ReplyStatus, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err("empty body".into());
    }
    let doc = tree::parse(body).map_err(|e| format!("body is not well-formed XML ({e})"))?;
    if doc.root().name() != "cXML" {
        return Err(format!(
            "root element is <{}>, not <cXML>",
            doc.root().name()
        ));
    }
    let status = doc
        .root()
        .at("Response/Status")
        .ok_or("no cXML Response/Status")?;
    let raw = status.attr("code").ok_or("Status has no code")?;
    let code = raw
        .trim()
        .parse::<u16>()
        .ok()
        .filter(|c| (100..=999).contains(c))
        .ok_or_else(|| format!("Status code `{raw}` is not a three-digit number"))?;
    Ok(ReplyStatus {
        code: StatusCode(code),
        text: status.attr("text").unwrap_or_default().to_owned(),
        detail: status.trimmed_text().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_have_guide_texts() {
        assert_eq!(StatusCode::UNAUTHORIZED.text(), "Unauthorized");
        assert_eq!(StatusCode::NOT_ACCEPTABLE.text(), "Not Acceptable");
        assert_eq!(
            StatusCode::PRECONDITION_FAILED.text(),
            "Precondition Failed"
        );
        assert_eq!(StatusCode::EXPECTATION_FAILED.text(), "Expectation Failed");
        assert_eq!(StatusCode::NOT_IMPLEMENTED.text(), "Not Implemented");
        assert_eq!(
            StatusCode::DOCUMENT_SIZE_ERROR.text(),
            "Document size error"
        );
        assert_eq!(
            StatusCode::TEMPORARY_SERVER_ERROR.text(),
            "Temporary server error"
        );
        assert!(StatusCode::KNOWN.iter().all(|c| c.known_text().is_some()));
        assert_eq!(StatusCode(475).known_text(), None);
        assert_eq!(StatusCode(475).text(), "Permanent error");
    }

    #[test]
    fn classes_follow_the_hundreds() {
        assert_eq!(StatusCode::ACCEPTED.class(), StatusClass::Success);
        assert_eq!(StatusCode::CONFLICT.class(), StatusClass::Permanent);
        assert_eq!(
            StatusCode::INTERNAL_SERVER_ERROR.class(),
            StatusClass::Transient
        );
        assert_eq!(StatusCode(302).class(), StatusClass::Transient);
        assert!(StatusCode::TEMPORARY_SERVER_ERROR.is_retryable());
        assert!(!StatusCode::UNAUTHORIZED.is_retryable());
        assert!(!StatusCode::OK.is_retryable());
        assert_eq!(
            StatusCode::PRECONDITION_FAILED.to_string(),
            "412 Precondition Failed"
        );
    }

    #[test]
    fn serialises_as_a_bare_number() {
        assert_eq!(
            serde_json::to_string(&StatusCode::CONFLICT).ok().as_deref(),
            Some("409")
        );
    }
}
