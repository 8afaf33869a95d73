//! The cXML envelope: the `cXML` root with its `Header` and exactly one of
//! `Request`, `Message` or `Response`, plus [`DocumentKind`], which names the
//! document inside and the DTD that governs it.

mod body;
mod header;
mod kind;

use serde::{Deserialize, Serialize};

pub use body::{
    DeploymentMode, Message, MessageBody, Request, RequestBody, Response, ResponseBody, Status,
};
pub use header::{Header, Party, Sender};
pub use kind::DocumentKind;

use crate::newtypes::{PayloadId, PayloadIdError, Timestamp, TimestampError};

/// `<!ELEMENT cXML (((Header, (Message | Request)) | Response), ds:Signature*)>`
///
/// The wire form: `header` with `request` or `message`, or `response` alone.
/// `payload_id` and `timestamp` stay text so that documents with odd values
/// can still be read; [`CXml::payload_id`] and [`CXml::timestamp`] validate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename = "cXML")]
pub struct CXml {
    #[serde(rename = "@version", default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(rename = "@payloadID")]
    pub payload_id: String,
    #[serde(rename = "@timestamp")]
    pub timestamp: String,
    #[serde(rename = "@xml:lang", default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[serde(rename = "Header", default, skip_serializing_if = "Option::is_none")]
    pub header: Option<Header>,
    #[serde(rename = "Request", default, skip_serializing_if = "Option::is_none")]
    pub request: Option<Request>,
    #[serde(rename = "Message", default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Message>,
    #[serde(rename = "Response", default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Response>,
}

impl CXml {
    fn empty(payload_id: &PayloadId, timestamp: &Timestamp) -> Self {
        Self {
            version: None,
            payload_id: payload_id.to_string(),
            timestamp: timestamp.to_string(),
            lang: Some("en-US".to_owned()),
            header: None,
            request: None,
            message: None,
            response: None,
        }
    }

    /// `Header` + `Request`.
    pub fn request(
        payload_id: &PayloadId,
        timestamp: &Timestamp,
        header: Header,
        request: Request,
    ) -> Self {
        Self {
            header: Some(header),
            request: Some(request),
            ..Self::empty(payload_id, timestamp)
        }
    }

    /// `Header` + `Message`.
    pub fn message(
        payload_id: &PayloadId,
        timestamp: &Timestamp,
        header: Header,
        message: Message,
    ) -> Self {
        Self {
            header: Some(header),
            message: Some(message),
            ..Self::empty(payload_id, timestamp)
        }
    }

    /// `Response` alone.
    pub fn response(payload_id: &PayloadId, timestamp: &Timestamp, response: Response) -> Self {
        Self {
            response: Some(response),
            ..Self::empty(payload_id, timestamp)
        }
    }

    /// A `Response` holding only a `Status`, e.g. `(406, "Not Acceptable")`.
    pub fn response_status(
        payload_id: &PayloadId,
        timestamp: &Timestamp,
        code: u16,
        text: &str,
    ) -> Self {
        Self::response(
            payload_id,
            timestamp,
            Response::status(Status::new(code, text)),
        )
    }

    /// The validated payload id.
    pub fn payload_id(&self) -> Result<PayloadId, PayloadIdError> {
        PayloadId::new(self.payload_id.trim())
    }

    /// The validated timestamp.
    pub fn timestamp(&self) -> Result<Timestamp, TimestampError> {
        Timestamp::parse(&self.timestamp)
    }

    /// Which document this is (and so which DTD governs it).
    pub fn kind(&self) -> DocumentKind {
        if let Some(request) = &self.request {
            request.body.kind()
        } else if let Some(message) = &self.message {
            message.body.kind()
        } else if let Some(response) = &self.response {
            match &response.body {
                Some(body) => body.kind(),
                None => DocumentKind::StatusResponse,
            }
        } else {
            DocumentKind::Other(String::new())
        }
    }

    /// Whether the body is one of the shapes the DTD allows: `Header` with
    /// exactly one of `Request`/`Message`, or `Response` alone.
    pub fn has_valid_shape(&self) -> bool {
        matches!(
            (&self.header, &self.request, &self.message, &self.response),
            (Some(_), Some(_), None, None)
                | (Some(_), None, Some(_), None)
                | (None, None, None, Some(_))
        )
    }
}
