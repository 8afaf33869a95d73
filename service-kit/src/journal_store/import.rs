//! Exchanges carried from one journal into another: `procsim certify
//! --dashboard URL` hands a finished run's exchanges to a running
//! dashboard, which keeps them in its own certify journal so the run's
//! checks link to them there.

use std::time::Duration;

use super::{Began, ExchangeDetail, Journal, NewExchange, Trace};
use crate::StoreError;

impl Journal {
    /// Records `detail`, an exchange another journal recorded, as this
    /// journal's newest entry and gives its id here. It keeps its time
    /// (`at`, when it reads as one), latency, findings, bodies and headers
    /// (masked again, so a secret this journal knows stays hidden too); it
    /// takes its place in this ecosystem's order as beginning now.
    pub async fn import(&self, detail: ExchangeDetail) -> Result<i64, StoreError> {
        let began = Began {
            sequence: self.clock.sequence(),
            at: detail
                .exchange
                .at
                .parse()
                .unwrap_or_else(|_| self.clock.now()),
        };
        let latency =
            Duration::try_from_secs_f64(detail.exchange.latency_ms / 1000.0).unwrap_or_default();
        let exchange = detail.exchange;
        let new = NewExchange {
            direction: exchange.direction,
            peer: exchange.peer,
            document_type: exchange.document_type,
            payload_id: exchange.payload_id,
            flow_id: exchange.flow_id,
            http_status: exchange.http_status,
            cxml_status: exchange.cxml_status,
            latency,
            findings: detail.findings,
            response_findings: detail.response_findings,
            raw: detail.raw.into_bytes(),
            response_raw: detail.response_raw.map(String::into_bytes),
        };
        let trace = Trace {
            began,
            headers: detail.headers,
        };
        self.record_traced(new, trace).await
    }
}

#[cfg(test)]
mod tests {
    use crate::{Clock, Storage, journal_store::Direction};

    use super::*;

    fn exchange(raw: &str) -> NewExchange {
        NewExchange {
            direction: Direction::Outbound,
            peer: "http://supplier.test/cxml".to_owned(),
            document_type: Some("PunchOutSetupRequest".to_owned()),
            payload_id: Some("1@procsim".to_owned()),
            flow_id: Some("flow-1".to_owned()),
            http_status: Some(200),
            cxml_status: Some(200),
            latency: Duration::from_millis(12),
            findings: Vec::new(),
            response_findings: Vec::new(),
            raw: raw.as_bytes().to_vec(),
            response_raw: Some(b"<cXML/>".to_vec()),
        }
    }

    #[tokio::test]
    async fn an_imported_exchange_keeps_its_facts_and_bodies_under_a_new_id() {
        let clock = Clock::starting_at("2026-03-01T12:00:00Z".parse().expect("an instant"));
        let from = Journal::open(&Storage::Memory, "certify", clock.clone()).expect("a journal");
        let to = Journal::open(&Storage::Memory, "certify", clock.clone()).expect("a journal");
        to.record(exchange("<already/>")).await.expect("recorded");
        let id = from
            .record(exchange("<cXML><SharedSecret>***</SharedSecret></cXML>"))
            .await
            .expect("recorded");
        let detail = from.get(id).await.expect("read").expect("there");
        clock
            .advance(jiff::SignedDuration::from_hours(1))
            .expect("advanced");
        let imported = to.import(detail.clone()).await.expect("imported");
        assert_eq!(imported, 2, "the newest entry of its new journal");
        let copy = to.get(imported).await.expect("read").expect("there");
        assert_eq!(copy.raw, detail.raw);
        assert_eq!(copy.response_raw, detail.response_raw);
        assert_eq!(copy.at, detail.at, "its own time, not the import's");
        assert_eq!(copy.flow_id.as_deref(), Some("flow-1"));
        assert_eq!(copy.payload_id, detail.payload_id);
        assert_eq!(copy.http_status, Some(200));
        assert!((copy.latency_ms - 12.0).abs() < 0.01, "{}", copy.latency_ms);
    }

    #[tokio::test]
    async fn a_secret_the_receiving_journal_knows_is_masked_on_import() {
        let clock = Clock::starting_at("2026-03-01T12:00:00Z".parse().expect("an instant"));
        let from = Journal::open(&Storage::Memory, "certify", clock.clone()).expect("a journal");
        let to = Journal::open(&Storage::Memory, "certify", clock).expect("a journal");
        to.know_secret("hunter2-secret");
        let id = from
            .record(exchange("<Note>hunter2-secret</Note>"))
            .await
            .expect("recorded");
        let detail = from.get(id).await.expect("read").expect("there");
        let imported = to.import(detail).await.expect("imported");
        let copy = to.get(imported).await.expect("read").expect("there");
        assert!(!copy.raw.contains("hunter2-secret"), "{}", copy.raw);
    }
}
