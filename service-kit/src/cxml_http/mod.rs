//! cXML over HTTP, the way every procsim service speaks it: the inbound
//! `POST /cxml` adapter (read, journal, dispatch, answer with a Status) and
//! the outbound client (write, post, journal, classify the reply).

mod error;
mod inbound;
mod outbound;

pub use error::{CxmlError, error_chain};
pub use inbound::{CxmlHandler, Handled, Inbound, cxml_route};
pub use outbound::{CxmlClient, SendError, Sent};

/// HTTP header that carries the flow id linking one purchase's documents
/// across services. Optional: real partners never send it, and services
/// then derive the flow from the documents (e.g. the BuyerCookie).
pub const FLOW_HEADER: &str = "x-procsim-flow";

/// A fresh payloadID and timestamp from the simulated clock.
pub fn envelope_ids(clock: &crate::Clock) -> (cxml::PayloadId, cxml::Timestamp) {
    let millis = clock.now().as_millisecond();
    let payload_id = cxml::PayloadId::fresh(u64::try_from(millis).unwrap_or(0));
    (payload_id, cxml::Timestamp::from_unix_millis(millis, 0))
}

/// A Response holding only `Status code text`, with fresh ids.
pub fn status_document(clock: &crate::Clock, code: u16, text: &str) -> cxml::CXml {
    let (payload_id, timestamp) = envelope_ids(clock);
    cxml::CXml::response_status(&payload_id, &timestamp, code, text)
}
