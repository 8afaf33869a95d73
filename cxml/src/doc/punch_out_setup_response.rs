//! `PunchOutSetupResponse`: where the user's browser should start.

use serde::{Deserialize, Serialize};

use crate::common::UrlHolder;

/// `<!ELEMENT PunchOutSetupResponse (StartPage)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PunchOutSetupResponse {
    #[serde(rename = "StartPage")]
    pub start_page: UrlHolder,
}

impl PunchOutSetupResponse {
    /// A response that sends the browser to `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            start_page: UrlHolder::new(url),
        }
    }

    /// The start page URL.
    pub fn url(&self) -> &str {
        self.start_page.url.value.trim()
    }
}
