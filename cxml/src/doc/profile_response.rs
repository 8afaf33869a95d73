//! `ProfileResponse`: the transactions a party supports and where.

use serde::{Deserialize, Serialize};

use crate::common::Url;

/// `<!ELEMENT ProfileResponse (Option*, Transaction+)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileResponse {
    #[serde(rename = "@effectiveDate")]
    pub effective_date: String,
    #[serde(
        rename = "@lastRefresh",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_refresh: Option<String>,
    #[serde(rename = "Option", default, skip_serializing_if = "Vec::is_empty")]
    pub option: Vec<ProfileOption>,
    #[serde(rename = "Transaction", default)]
    pub transaction: Vec<Transaction>,
}

/// `<!ELEMENT Option (#PCDATA)>` with a required `name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileOption {
    #[serde(rename = "@name")]
    pub name: String,
    #[serde(rename = "$text", default)]
    pub value: String,
}

/// `<!ELEMENT Transaction (URL, Option*)>`: one supported request and its URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transaction {
    #[serde(rename = "@requestName")]
    pub request_name: String,
    #[serde(rename = "URL")]
    pub url: Url,
    #[serde(rename = "Option", default, skip_serializing_if = "Vec::is_empty")]
    pub option: Vec<ProfileOption>,
}

impl Transaction {
    /// `requestName` served at `url`.
    pub fn new(request_name: impl Into<String>, url: impl Into<String>) -> Self {
        Self {
            request_name: request_name.into(),
            url: Url::new(url),
            option: Vec::new(),
        }
    }
}
