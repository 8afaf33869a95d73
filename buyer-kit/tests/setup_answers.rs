//! A supplier's answer to a setup request, as a buyer reads it: every
//! answer is journaled with its findings, a refusal names the exact reason
//! with line and column, and whether a deviating envelope (a Header beside
//! the Response) is read past or refused is the platform's choice.

mod support;

use axum::{Router, http::header, routing::post};
use buyer_kit::{
    BuyerCookie,
    exchange::{ReplyEnvelope, SetupRefused, start_page},
    setup_request::{SetupParams, Stamp, setup_request},
    testing::{header_beside_response, loopback, serve},
};
use cxml::{doc::PunchOutOperation, envelope::DeploymentMode};
use service_kit::{Clock, Shutdown, Storage, cxml_http::CxmlClient, journal::Journal};
use support::identities;

const START_PAGE: &str = "http://supplier.test/start/abc";

fn plain_answer(url: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <cXML payloadID=\"1@supplier.test\" timestamp=\"2026-01-01T00:00:00-08:00\">\n\
         <Response><Status code=\"200\" text=\"OK\"/>\
         <PunchOutSetupResponse><StartPage><URL>{url}</URL></StartPage></PunchOutSetupResponse>\
         </Response></cXML>"
    )
}

struct Exchange {
    result: Result<String, SetupRefused>,
    journal: Journal,
    journal_id: i64,
}

/// Posts a setup request to a supplier that answers `body`, reads the
/// answer as `envelope` says.
async fn punch_out(body: String, envelope: ReplyEnvelope) -> Exchange {
    let shutdown = Shutdown::new();
    let listener = loopback();
    let url = format!(
        "http://{}/cxml",
        listener
            .local_addr()
            .expect("a bound listener has a local address")
    );
    let app = Router::new().route(
        "/cxml",
        post(move || {
            let body = body.clone();
            async move { ([(header::CONTENT_TYPE, "text/xml")], body) }
        }),
    );
    serve(listener, app, &shutdown);
    let clock = Clock::starting_at(jiff::Timestamp::UNIX_EPOCH);
    let journal =
        Journal::open(&Storage::Memory, "coupa", clock).expect("an in-memory journal opens");
    let client = CxmlClient::new(journal.clone());
    let ids = identities();
    let stamp = Stamp::at(jiff::Timestamp::UNIX_EPOCH, 0);
    let cookie = BuyerCookie::generate();
    let doc = setup_request(SetupParams {
        identities: &ids,
        stamp: &stamp,
        deployment_mode: Some(DeploymentMode::Production),
        operation: PunchOutOperation::Create,
        cookie: &cookie,
        extrinsics: Vec::new(),
        contact: None,
        browser_form_post: "http://buyer.test/punchout/return",
        supplier_setup: None,
        items: &[],
    });
    let sent = client
        .post(&url, &doc, Some("flow-1"))
        .await
        .expect("the supplier answers the setup request");
    let journal_id = sent.journal_id.expect("the client journals what it sent");
    let result = start_page(sent, envelope);
    shutdown.trigger();
    Exchange {
        result,
        journal,
        journal_id,
    }
}

#[tokio::test]
async fn a_strict_platform_refuses_a_header_beside_the_response_and_says_where() {
    let exchange = punch_out(header_beside_response(START_PAGE), ReplyEnvelope::Strict).await;
    let refused = exchange.result.unwrap_err();
    assert_eq!(
        refused.title,
        "The supplier's answer is not a cXML document this platform reads"
    );
    assert!(
        refused.detail.contains("CX003 at line 2, column 1"),
        "{}",
        refused.detail
    );
    let row = exchange
        .journal
        .get(exchange.journal_id)
        .await
        .unwrap()
        .unwrap();
    let rules: Vec<String> = row
        .response_findings
        .iter()
        .map(|f| format!("{} {}:{}", f.rule, f.line, f.column))
        .collect();
    assert!(rules.contains(&"CX003 2:1".to_owned()), "{rules:?}");
    assert!(row.finding_count >= 1);
}

#[tokio::test]
async fn a_lenient_platform_reads_past_it_and_journals_the_finding() {
    let exchange = punch_out(header_beside_response(START_PAGE), ReplyEnvelope::Lenient).await;
    assert_eq!(exchange.result.unwrap(), START_PAGE);
    let row = exchange
        .journal
        .get(exchange.journal_id)
        .await
        .unwrap()
        .unwrap();
    assert!(
        row.response_findings
            .iter()
            .any(|f| f.rule.as_str() == "CX003"),
        "{:?}",
        row.response_findings
    );
}

#[tokio::test]
async fn a_relative_start_page_is_named() {
    let exchange = punch_out(plain_answer("/start/abc"), ReplyEnvelope::Lenient).await;
    let refused = exchange.result.unwrap_err();
    assert!(
        refused.detail.contains("`/start/abc`"),
        "{}",
        refused.detail
    );
}

#[tokio::test]
async fn a_well_formed_answer_is_read_by_both_and_has_no_error_findings() {
    for envelope in [ReplyEnvelope::Strict, ReplyEnvelope::Lenient] {
        let exchange = punch_out(plain_answer(START_PAGE), envelope).await;
        assert_eq!(exchange.result.unwrap(), START_PAGE);
        let row = exchange
            .journal
            .get(exchange.journal_id)
            .await
            .unwrap()
            .unwrap();
        assert!(
            row.response_findings
                .iter()
                .all(|f| f.severity != cxml::Severity::Error),
            "{:?}",
            row.response_findings
        );
    }
}

#[tokio::test]
async fn an_answer_that_is_not_well_formed_is_told_with_line_and_column() {
    let broken = plain_answer(START_PAGE).replace("</Response>", "</Respons>");
    let exchange = punch_out(broken, ReplyEnvelope::Lenient).await;
    let refused = exchange.result.unwrap_err();
    assert_eq!(refused.title, "The supplier did not answer with cXML");
    assert!(
        refused.detail.contains("CX001 at line 3"),
        "{}",
        refused.detail
    );
}
