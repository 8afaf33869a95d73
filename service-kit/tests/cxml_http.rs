//! The cXML adapter and client over real sockets: every outcome is a cXML
//! Status with the right code, every exchange is journaled on both sides
//! with its flow id, its headers and its sequence number, secrets never
//! reach the journal, and a resend restores the secret the document went
//! with (the handler answers 401 without it).

use std::net::SocketAddr;

use axum::Router;
use cxml::status_code::ReplyClass;
use service_kit::{
    Clock, Service, Shutdown, Storage,
    cxml_http::{
        CxmlClient, CxmlError, CxmlHandler, Handled, Inbound, cxml_route, status_document,
    },
    journal::{Direction, Journal, JournalFilter, ResendError},
};

const PROFILE_REQUEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.071/cXML.dtd">
<cXML payloadID="1.2.3@buyer.test" timestamp="2026-01-05T09:00:00-08:00">
  <Header>
    <From><Credential domain="NetworkID"><Identity>buyer</Identity></Credential></From>
    <To><Credential domain="NetworkID"><Identity>supplier</Identity></Credential></To>
    <Sender><Credential domain="NetworkID"><Identity>buyer</Identity><SharedSecret>TOPSECRET</SharedSecret></Credential><UserAgent>test</UserAgent></Sender>
  </Header>
  <Request deploymentMode="test"><ProfileRequest/></Request>
</cXML>"#;

/// Answers ProfileRequest with 200 when the secret is right, 401 when it
/// is not, fails internally for payloadID boom@buyer.test, and implements
/// nothing else.
#[derive(Clone)]
struct Handler {
    clock: Clock,
}

impl CxmlHandler for Handler {
    async fn handle(&self, inbound: Inbound) -> Handled {
        let flow = inbound.flow_id.clone();
        let secret_ok = inbound
            .parsed
            .doc
            .header
            .as_ref()
            .and_then(|h| h.sender.credential.first())
            .and_then(|c| c.shared_secret.as_ref())
            .is_some_and(|s| s == &cxml::SharedSecret::new("TOPSECRET"));
        let outcome = match inbound.parsed.kind {
            _ if inbound.parsed.doc.payload_id == "boom@buyer.test" => {
                Err(CxmlError::Internal("database on fire".into()))
            }
            cxml::DocumentKind::ProfileRequest if secret_ok => {
                Ok(status_document(&self.clock, 200, "OK"))
            }
            cxml::DocumentKind::ProfileRequest => {
                Err(CxmlError::Unauthorized("unknown sender".into()))
            }
            _ => Err(CxmlError::NotImplemented("only ProfileRequest".into())),
        };
        Handled {
            result: outcome,
            flow,
        }
    }
}

struct Fixture {
    url: String,
    server_journal: Journal,
    client: CxmlClient,
    client_journal: Journal,
    _shutdown: Shutdown,
}

async fn fixture() -> Fixture {
    let clock = Clock::starting_at(
        "2026-01-05T17:00:00Z"
            .parse()
            .expect("a fixed RFC 3339 time parses"),
    );
    let server_journal = Journal::open(&Storage::Memory, "supplier", clock.clone())
        .expect("an in-memory journal opens");
    let router: Router = cxml_route(
        Handler {
            clock: clock.clone(),
        },
        server_journal.clone(),
        clock.clone(),
    );
    let service = Service::bind("supplier", SocketAddr::from(([127, 0, 0, 1], 0)), router)
        .await
        .expect("the supplier binds a loopback port");
    let addr = service
        .local_addr()
        .expect("a bound service has a local address");
    let shutdown = Shutdown::new();
    tokio::spawn(service.run_until(shutdown.wait()));
    let client_journal =
        Journal::open(&Storage::Memory, "buyer", clock).expect("an in-memory journal opens");
    Fixture {
        url: format!("http://{addr}/cxml"),
        server_journal,
        client: CxmlClient::new(client_journal.clone()),
        client_journal,
        _shutdown: shutdown,
    }
}

fn status_of(reply: &ReplyClass) -> u16 {
    match reply {
        ReplyClass::Cxml(status) => status.code.0,
        ReplyClass::Transport { .. } => 0,
    }
}

#[tokio::test]
async fn a_document_is_answered_and_journaled_on_both_sides_with_the_secret_masked() {
    let f = fixture().await;
    let doc = cxml::read::read(PROFILE_REQUEST.as_bytes()).unwrap().doc;
    let sent = f.client.post(&f.url, &doc, Some("flow-42")).await.unwrap();
    assert_eq!(sent.http_status, Some(200));
    assert_eq!(status_of(&sent.reply), 200);

    let inbound = f
        .server_journal
        .list(JournalFilter::default())
        .await
        .unwrap();
    assert_eq!(inbound.len(), 1);
    let entry = f.server_journal.get(inbound[0].id).await.unwrap().unwrap();
    assert_eq!(entry.direction, Direction::Inbound);
    assert_eq!(entry.document_type.as_deref(), Some("ProfileRequest"));
    assert_eq!(entry.payload_id.as_deref(), Some("1.2.3@buyer.test"));
    assert_eq!(entry.flow_id.as_deref(), Some("flow-42"));
    assert_eq!(entry.cxml_status, Some(200));
    assert_eq!(entry.at, "2026-01-05T17:00:00Z", "simulated time");
    assert!(
        !entry.raw.contains("TOPSECRET") && entry.raw.contains("<SharedSecret>***</SharedSecret>")
    );

    let outbound = f
        .client_journal
        .list(JournalFilter {
            flow: Some("flow-42".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(outbound.len(), 1);
    let sent = f.client_journal.get(outbound[0].id).await.unwrap().unwrap();
    assert_eq!(sent.direction, Direction::Outbound);
    assert_eq!(sent.cxml_status, Some(200));
    assert!(!sent.raw.contains("TOPSECRET"));
    assert!(
        sent.response_raw
            .as_deref()
            .is_some_and(|r| r.contains("code=\"200\""))
    );
}

#[tokio::test]
async fn refusals_travel_as_status_codes_and_internals_stay_inside() {
    let f = fixture().await;
    let wrong = PROFILE_REQUEST.replace("TOPSECRET", "guess");
    let sent = f
        .client
        .post(
            &f.url,
            &cxml::read::read(wrong.as_bytes()).unwrap().doc,
            None,
        )
        .await
        .unwrap();
    assert_eq!(status_of(&sent.reply), 401);

    let boom = PROFILE_REQUEST.replace("1.2.3@buyer.test", "boom@buyer.test");
    let http = reqwest::Client::new();
    let reply = http.post(&f.url).body(boom).send().await.unwrap();
    let body = reply.text().await.unwrap();
    assert!(
        body.contains("code=\"500\"") && !body.contains("fire"),
        "{body}"
    );
}

#[tokio::test]
async fn malformed_and_oversized_bodies_get_406_and_499() {
    let f = fixture().await;
    let http = reqwest::Client::new();
    let reply = http
        .post(&f.url)
        .body("<cXML><Header></cXML>")
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200, "cXML errors travel inside HTTP 200");
    let class = cxml::status_code::classify_reply(200, &reply.bytes().await.unwrap());
    assert_eq!(status_of(&class), 406);

    let huge = vec![b' '; service_kit::BODY_LIMIT_BYTES + 10];
    let reply = http.post(&f.url).body(huge).send().await.unwrap();
    let class = cxml::status_code::classify_reply(200, &reply.bytes().await.unwrap());
    assert_eq!(status_of(&class), 499);

    let statuses: Vec<_> = f
        .server_journal
        .list(JournalFilter::default())
        .await
        .unwrap()
        .iter()
        .map(|e| e.cxml_status)
        .collect();
    assert_eq!(statuses, [Some(406), Some(499)]);
}

#[tokio::test]
async fn an_unreachable_partner_is_a_transient_transport_failure() {
    let f = fixture().await;
    let doc = cxml::read::read(PROFILE_REQUEST.as_bytes()).unwrap().doc;
    let closed = service_kit::ClosedPort::reserve().unwrap();
    let url = format!("http://{}/cxml", closed.addr());
    let sent = f.client.post(&url, &doc, None).await.unwrap();
    assert!(matches!(sent.reply, ReplyClass::Transport { .. }));
    assert!(sent.reply.is_retryable());
    let journal = f
        .client_journal
        .list(JournalFilter::default())
        .await
        .unwrap();
    assert_eq!(journal.len(), 1);
    assert_eq!(journal[0].http_status, None);
}

fn header<'a>(lines: &'a [(String, String)], name: &str) -> Option<&'a str> {
    lines
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn a_resend_restores_the_secret_and_lands_in_the_same_flow() {
    let f = fixture().await;
    let (url, supplier_journal, buyer_journal) = (f.url, f.server_journal, f.client_journal);
    // Declaring an older DTD, as Coupa does: the resend declares it too.
    let coupa_version = cxml::write::DtdVersion::parse("1.2.014").unwrap();
    let client = CxmlClient::new(buyer_journal.clone()).declaring(coupa_version);
    let doc = cxml::read::read(PROFILE_REQUEST.as_bytes()).unwrap().doc;
    let sent = client.post(&url, &doc, Some("flow-7")).await.unwrap();
    let first = sent.journal_id.unwrap();

    // The request began before the supplier received it, though the buyer
    // recorded it only after the answer: the sequence says so.
    let received = supplier_journal
        .list(JournalFilter::default())
        .await
        .unwrap();
    let outbound = buyer_journal.get(first).await.unwrap().unwrap();
    assert!(outbound.sequence < received[0].sequence);

    // Headers both ways, as they travelled.
    let headers = outbound.headers.clone().unwrap();
    assert_eq!(header(&headers.request, "x-procsim-flow"), Some("flow-7"));
    assert!(
        header(&headers.request, "content-type")
            .unwrap()
            .starts_with("text/xml")
    );
    assert!(
        header(&headers.response, "content-type")
            .unwrap()
            .starts_with("text/xml")
    );
    let inbound = supplier_journal.get(received[0].id).await.unwrap().unwrap();
    let inbound_headers = inbound.headers.unwrap();
    assert_eq!(
        header(&inbound_headers.request, "x-procsim-flow"),
        Some("flow-7")
    );

    let resent = buyer_journal.resend(first).await.unwrap();
    assert!(resent.id > first);
    assert_eq!(resent.cxml_status, Some(200), "the secret was restored");
    let again = buyer_journal.get(resent.id).await.unwrap().unwrap();
    assert_eq!(again.flow_id.as_deref(), Some("flow-7"));
    assert_eq!(again.payload_id.as_deref(), Some("1.2.3@buyer.test"));
    assert!(
        again.raw.contains("cXML/1.2.014/"),
        "declares what it declared"
    );
    assert!(!again.raw.contains("TOPSECRET"), "stored masked as ever");
    let in_flow = supplier_journal
        .list(JournalFilter {
            flow: Some("flow-7".into()),
            ..JournalFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(in_flow.len(), 2);
    assert_eq!(in_flow[1].cxml_status, Some(200));

    // What was received cannot be resent, nor what does not exist.
    let refused = supplier_journal.resend(received[0].id).await.unwrap_err();
    assert!(
        matches!(refused, ResendError::NotResendable(_)),
        "{refused}"
    );
    assert!(matches!(
        buyer_journal.resend(9_999).await.unwrap_err(),
        ResendError::NotFound(9_999)
    ));
}

#[tokio::test]
async fn after_a_restart_the_secret_is_gone_and_nothing_is_sent() {
    let f = fixture().await;
    let (url, supplier_journal) = (f.url, f.server_journal);
    let clock = Clock::starting_at("2026-01-05T17:00:00Z".parse().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::Dir(dir.path().to_owned());
    let journal = Journal::open(&storage, "buyer", clock.clone()).unwrap();
    let doc = cxml::read::read(PROFILE_REQUEST.as_bytes()).unwrap().doc;
    let sent = CxmlClient::new(journal.clone())
        .post(&url, &doc, None)
        .await
        .unwrap();
    drop(journal);
    let reopened = Journal::open(&storage, "buyer", clock).unwrap();
    let err = reopened.resend(sent.journal_id.unwrap()).await.unwrap_err();
    assert!(matches!(err, ResendError::SecretGone), "{err}");
    let received = supplier_journal
        .list(JournalFilter::default())
        .await
        .unwrap();
    assert_eq!(received.len(), 1, "nothing was sent without the secret");
}
