//! The browser transport of PunchOutOrderMessage.
//!
//! A cart returns to the buyer through the user's browser: the supplier
//! serves an auto-submitting HTML form whose hidden field, `cxml-base64`
//! (preferred) or `cxml-urlencoded`, carries the document to the buyer's
//! BrowserFormPost URL. This module encodes that field, writes the page and
//! decodes the `application/x-www-form-urlencoded` body the buyer receives.
//! Every other cXML exchange is a plain `text/xml` POST and needs nothing here.

mod codec;
mod form;
mod html;

use serde::{Deserialize, Serialize};

use crate::status_code::StatusCode;

pub use codec::{decode_base64, encode_base64, encode_urlencoded};
pub use form::decode_form;
pub use html::{auto_submit_form, auto_submit_policy, html_escape};

/// Which hidden field carries the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormEncoding {
    /// `cxml-base64`: base64 of the UTF-8 document. Survives any charset.
    Base64,
    /// `cxml-urlencoded`: the XML itself in US-ASCII, non-ASCII characters
    /// as character references.
    UrlEncoded,
}

impl FormEncoding {
    /// The form field name, as we write it (receivers match it
    /// case-insensitively).
    pub const fn field_name(self) -> &'static str {
        match self {
            Self::Base64 => "cxml-base64",
            Self::UrlEncoded => "cxml-urlencoded",
        }
    }
}

/// A document taken out of a BrowserFormPost body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormPayload {
    pub encoding: FormEncoding,
    /// The cXML document bytes.
    pub document: Vec<u8>,
    /// The field was URL-encoded twice by the sender (rule CX051). The
    /// document has been decoded twice so it can still be inspected, but a
    /// receiver must refuse it: see [`FormPayload::into_strict`].
    pub double_encoded: bool,
}

impl FormPayload {
    /// The payload, or [`TransportError::DoubleEncoded`] when the sender
    /// encoded it twice: the behaviour of a strict receiver.
    pub fn into_strict(self) -> Result<Self, TransportError> {
        if self.double_encoded {
            Err(TransportError::DoubleEncoded)
        } else {
            Ok(self)
        }
    }
}

/// Why a browser-transported document could not be taken out or sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    #[error("the form has neither a cxml-base64 nor a cxml-urlencoded field")]
    MissingField,
    #[error("the {field} field is empty")]
    EmptyField { field: &'static str },
    #[error("the cxml-base64 field is not valid base64: {reason}")]
    InvalidBase64 { reason: String },
    #[error("the cxml-urlencoded field was URL-encoded twice (CX051)")]
    DoubleEncoded,
    #[error("the BrowserFormPost URL must be an absolute http or https URL")]
    UnsafeActionUrl,
}

impl TransportError {
    /// What a receiver answers: every transport failure means the document
    /// could not be read, 406.
    pub fn status_code(&self) -> StatusCode {
        StatusCode::NOT_ACCEPTABLE
    }
}
