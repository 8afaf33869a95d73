//! `Request`, `Message`, `Response` and `Status`, with the document each
//! carries. A document type we do not model is read as `Other(name)` and
//! skipped, so the reader can still report what it was.

use serde::{Deserialize, Serialize};

use super::kind::DocumentKind;
use crate::doc::{
    ConfirmationRequest, InvoiceDetailRequest, OrderRequest, ProfileRequest, ProfileResponse,
    PunchOutOrderMessage, PunchOutSetupRequest, PunchOutSetupResponse, StatusUpdateRequest,
};

/// `deploymentMode (production | test) "production"` on `Request`/`Message`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeploymentMode {
    Production,
    Test,
}

/// `<!ELEMENT Request (ProfileRequest | OrderRequest | PunchOutSetupRequest | ...)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    #[serde(
        rename = "@deploymentMode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub deployment_mode: Option<DeploymentMode>,
    #[serde(rename = "$value")]
    pub body: RequestBody,
}

impl Request {
    /// A request in the given mode.
    pub fn new(deployment_mode: DeploymentMode, body: RequestBody) -> Self {
        Self {
            deployment_mode: Some(deployment_mode),
            body,
        }
    }
}

/// `<!ELEMENT Message (Status?, (PunchOutOrderMessage | ...))>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    #[serde(
        rename = "@deploymentMode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub deployment_mode: Option<DeploymentMode>,
    #[serde(
        rename = "@inReplyTo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub in_reply_to: Option<String>,
    #[serde(rename = "Status", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(rename = "$value")]
    pub body: MessageBody,
}

impl Message {
    /// A message in the given mode, without a status.
    pub fn new(deployment_mode: DeploymentMode, body: MessageBody) -> Self {
        Self {
            deployment_mode: Some(deployment_mode),
            in_reply_to: None,
            status: None,
            body,
        }
    }
}

/// `<!ELEMENT Response (Status, (ProfileResponse | PunchOutSetupResponse | ...)?)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    #[serde(rename = "Status")]
    pub status: Status,
    #[serde(rename = "$value", default, skip_serializing_if = "Option::is_none")]
    pub body: Option<ResponseBody>,
}

impl Response {
    /// A response with a status only.
    pub fn status(status: Status) -> Self {
        Self { status, body: None }
    }

    /// A `200 OK` response carrying a document.
    pub fn ok(body: ResponseBody) -> Self {
        Self {
            status: Status::new(200, "OK"),
            body: Some(body),
        }
    }
}

/// `<!ELEMENT Status (#PCDATA)>` with `code` and `text`; the content is detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    #[serde(rename = "@code")]
    pub code: String,
    #[serde(rename = "@text")]
    pub text: String,
    #[serde(rename = "@xml:lang", default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[serde(rename = "$text", default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Status {
    /// A status with a numeric code and its text.
    pub fn new(code: u16, text: impl Into<String>) -> Self {
        Self {
            code: code.to_string(),
            text: text.into(),
            lang: None,
            detail: None,
        }
    }

    /// The code as a number, if it is one.
    pub fn code(&self) -> Option<u16> {
        self.code.trim().parse().ok()
    }

    /// Whether the code is 2xx.
    pub fn is_success(&self) -> bool {
        self.code().is_some_and(|c| (200..300).contains(&c))
    }
}

/// Declares a body enum whose variants are the modelled documents (boxed:
/// they differ a lot in size) plus `Other(element name)` for the rest, with
/// a `Deserialize` that skips unknown documents instead of failing.
macro_rules! body_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
        pub enum $name {
            $($variant(Box<$variant>),)+
            /// A document procsim does not model; it cannot be written.
            #[serde(skip)]
            Other(String),
        }

        impl $name {
            /// Which document this is.
            pub fn kind(&self) -> DocumentKind {
                match self {
                    $(Self::$variant(_) => DocumentKind::$variant,)+
                    Self::Other(name) => DocumentKind::from_element_name(name),
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl<'de> serde::de::Visitor<'de> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " element"))
                    }
                    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<$name, A::Error> {
                        use serde::de::VariantAccess;
                        let (tag, variant): (String, _) = data.variant()?;
                        match tag.as_str() {
                            $(stringify!($variant) => Ok($name::$variant(variant.newtype_variant()?)),)+
                            _ => {
                                variant.newtype_variant::<serde::de::IgnoredAny>()?;
                                Ok($name::Other(tag))
                            }
                        }
                    }
                }
                d.deserialize_enum(stringify!($name), &[$(stringify!($variant)),+], Visitor)
            }
        }
    };
}

body_enum!(
    /// The document inside a `Request`.
    RequestBody {
        ProfileRequest,
        PunchOutSetupRequest,
        OrderRequest,
        StatusUpdateRequest,
        ConfirmationRequest,
        InvoiceDetailRequest,
    }
);

body_enum!(
    /// The document inside a `Message`.
    MessageBody { PunchOutOrderMessage }
);

body_enum!(
    /// The document inside a `Response`, after its `Status`.
    ResponseBody { ProfileResponse, PunchOutSetupResponse }
);
