//! What the journal's tests share: an exchange to record.

use std::time::Duration;

use service_kit::journal::{Direction, NewExchange};

/// An answered inbound OrderRequest whose document is `raw`.
pub fn exchange(raw: &[u8]) -> NewExchange {
    NewExchange {
        direction: Direction::Inbound,
        peer: "test".into(),
        document_type: Some("OrderRequest".into()),
        payload_id: Some("p@x".into()),
        flow_id: None,
        http_status: Some(200),
        cxml_status: Some(200),
        latency: Duration::from_millis(1),
        findings: Vec::new(),
        response_findings: Vec::new(),
        raw: raw.to_vec(),
        response_raw: Some(b"<cXML/>".to_vec()),
    }
}
