//! Classifying partners' replies: the cXML status wins, anything else is a
//! transient transport failure.

use std::path::PathBuf;

use cxml::status_code::{ReplyClass, StatusClass, StatusCode, classify_reply};

/// The public samples; each test using them starts with
/// `shared_fixtures::skip_without_samples!()`.
fn samples_dir() -> PathBuf {
    shared_fixtures::samples()
}

fn status_body(code: &str, text: &str, detail: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?><!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.063/cXML.dtd\">\
         <cXML payloadID=\"1@x\" timestamp=\"2025-01-01T00:00:00+00:00\"><Response>\
         <Status code=\"{code}\" text=\"{text}\">{detail}</Status></Response></cXML>"
    )
}

#[test]
fn sample_400_reply_is_permanent() {
    shared_fixtures::skip_without_samples!();
    let body = std::fs::read(samples_dir().join("officeluv-cxml/response_status_400.xml")).unwrap();
    let ReplyClass::Cxml(status) = classify_reply(200, &body) else {
        panic!("expected a cXML status");
    };
    assert_eq!(status.code, StatusCode::BAD_REQUEST);
    assert_eq!(
        status.text,
        "java.lang.Exception: missing required parameter 'document'"
    );
    assert_eq!(classify_reply(200, &body).class(), StatusClass::Permanent);
    assert!(!classify_reply(200, &body).is_retryable());
}

#[test]
fn sample_200_reply_is_success() {
    shared_fixtures::skip_without_samples!();
    let body = std::fs::read(samples_dir().join("officeluv-cxml/response_status_200.xml")).unwrap();
    let reply = classify_reply(200, &body);
    assert_eq!(reply.class(), StatusClass::Success);
}

#[test]
fn cxml_code_wins_over_http_status() {
    let body = status_body("560", "Temporary server error", "try later");
    let reply = classify_reply(200, body.as_bytes());
    assert_eq!(
        reply,
        ReplyClass::Cxml(cxml::status_code::ReplyStatus {
            code: StatusCode::TEMPORARY_SERVER_ERROR,
            text: "Temporary server error".into(),
            detail: "try later".into(),
        })
    );
    assert!(reply.is_retryable());
    let body = status_body("401", "Unauthorized", "");
    assert_eq!(
        classify_reply(500, body.as_bytes()).class(),
        StatusClass::Permanent
    );
    let body = status_body("201", "Accepted", "");
    assert_eq!(
        classify_reply(200, body.as_bytes()).class(),
        StatusClass::Success
    );
}

#[test]
fn replies_without_valid_cxml_are_transient() {
    let cases: [(u16, &[u8]); 8] = [
        (200, b""),
        (200, b"   \n"),
        (502, b"<html><body><h1>502 Bad Gateway</h1></body></html>"),
        (200, b"<html><body>OK</body></html>"),
        (200, b"garbage \xff\xfe"),
        (500, b""),
        (200, b"<cXML><Response/></cXML>"),
        (
            200,
            b"<cXML><Response><Status code=\"abc\" text=\"x\"/></Response></cXML>",
        ),
    ];
    for (http, body) in cases {
        let reply = classify_reply(http, body);
        assert!(
            matches!(reply, ReplyClass::Transport { .. }),
            "{http} {body:?}: {reply:?}"
        );
        assert_eq!(reply.class(), StatusClass::Transient);
        assert!(reply.is_retryable());
    }
    let ReplyClass::Transport {
        http_status,
        reason,
    } = classify_reply(503, b"")
    else {
        panic!("expected a transport failure");
    };
    assert_eq!(http_status, 503);
    assert!(reason.contains("503"), "{reason}");
}

#[test]
fn every_known_code_round_trips_through_a_reply() {
    for code in StatusCode::KNOWN {
        let body = status_body(&code.code().to_string(), code.text(), "");
        let ReplyClass::Cxml(status) = classify_reply(200, body.as_bytes()) else {
            panic!("{code}");
        };
        assert_eq!(status.code, code);
        assert_eq!(status.code.class(), code.class());
    }
}
