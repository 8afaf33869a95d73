//! `ProfileRequest` → `ProfileResponse`: the transactions the marketplace
//! serves, all at its one cXML URL. Answered without authentication, as
//! profile requests are meant for discovery.

use cxml::{
    CXml,
    doc::{ProfileResponse, Transaction},
    envelope::{Response, ResponseBody},
};
use service_kit::{Clock, cxml_http::envelope_ids};

/// The requests `POST /cxml` serves.
pub const SUPPORTED: [&str; 3] = ["ProfileRequest", "PunchOutSetupRequest", "OrderRequest"];

/// The ProfileResponse of the marketplace reached at `public_url`.
pub fn handle(clock: &Clock, public_url: &str) -> CXml {
    let (payload_id, timestamp) = envelope_ids(clock);
    let url = format!("{public_url}/cxml");
    let profile = ProfileResponse {
        effective_date: timestamp.to_string(),
        last_refresh: None,
        option: Vec::new(),
        transaction: SUPPORTED
            .iter()
            .map(|name| Transaction::new(*name, url.clone()))
            .collect(),
    };
    let response = Response::ok(ResponseBody::ProfileResponse(Box::new(profile)));
    CXml::response(&payload_id, &timestamp, response)
}
