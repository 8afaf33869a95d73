//! The reader's safety and leniency: size limit before parsing, no DTD or
//! entity expansion, partner-safe errors with the right status codes.

mod support;

use std::time::{Duration, Instant};

use cxml::ReadError;
use cxml::read::{ReadLimits, read, read_with};

/// Far beyond what the refusals take, far below what the attacks would.
const HANG: Duration = Duration::from_secs(2);

const STATUS: &str = r#"<cXML payloadID="p@h" timestamp="2024-01-01T00:00:00Z"><Response><Status code="200" text="OK"/></Response></cXML>"#;

#[test]
fn billion_laughs_fails_fast() {
    let mut doc =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE cXML [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        doc.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    doc.push_str("]>\n<cXML payloadID=\"&lol9;\" timestamp=\"t\"><Response><Status code=\"200\" text=\"&lol9;\"/></Response></cXML>");
    let start = Instant::now();
    let err = read(doc.as_bytes()).unwrap_err();
    // A guard against expansion (a billion `lol`s takes minutes), not a
    // speed measurement: the machine is shared.
    assert!(start.elapsed() < HANG);
    assert_eq!(err, ReadError::InternalSubset);
    assert_eq!(err.status_code(), 406);
}

#[test]
fn external_entities_are_never_resolved() {
    let doc = r#"<?xml version="1.0"?><!DOCTYPE cXML [<!ENTITY x SYSTEM "file:///etc/passwd">]><cXML payloadID="p" timestamp="t"><Response><Status code="200" text="OK">&x;</Status></Response></cXML>"#;
    let err = read(doc.as_bytes()).unwrap_err();
    assert_eq!(err, ReadError::InternalSubset);
    assert!(!err.to_string().contains("root:"));
    // Without a DOCTYPE, an undeclared entity is simply not well-formed.
    let doc = r#"<cXML payloadID="p" timestamp="t"><Response><Status code="200" text="OK">&x;</Status></Response></cXML>"#;
    let err = read(doc.as_bytes()).unwrap_err();
    assert!(
        matches!(err, ReadError::NotWellFormed { line: 1, .. }),
        "{err:?}"
    );
    assert_eq!(err.status_code(), 406);
}

#[test]
fn size_limit_is_checked_before_parsing() {
    let big = vec![b'<'; 100 * 1024 * 1024];
    let start = Instant::now();
    let err = read(&big).unwrap_err();
    // 100 MB of `<` would be not-well-formed if parsed: TooLarge (below)
    // shows the limit came first; the time only guards against a hang.
    assert!(start.elapsed() < HANG);
    assert_eq!(
        err,
        ReadError::TooLarge {
            size: big.len(),
            limit: 16 * 1024 * 1024
        }
    );
    assert_eq!(err.status_code(), 499);
    let err = read_with(STATUS.as_bytes(), &ReadLimits { max_bytes: 10 }).unwrap_err();
    assert_eq!(err.status_code(), 499);
    assert!(
        read_with(
            STATUS.as_bytes(),
            &ReadLimits {
                max_bytes: STATUS.len()
            }
        )
        .is_ok()
    );
}

#[test]
fn leniency_is_reported_as_advisories() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(
        STATUS
            .replace("<cXML ", "<cXML version=\"1.0\" unknown=\"x\" ")
            .as_bytes(),
    );
    let p = read(&bytes).unwrap();
    let rules: Vec<_> = p.advisories.iter().filter_map(|a| a.rule).collect();
    assert_eq!(rules, ["CX052", "CX004", "CX010"]);
    assert_eq!(p.kind, cxml::DocumentKind::StatusResponse);
    assert_eq!(p.doc.version.as_deref(), Some("1.0"));
    let t = p.doc.timestamp().unwrap();
    assert_eq!(t.offset(), cxml::newtypes::OffsetKind::Zulu);
}

#[test]
fn unknown_documents_and_elements_are_skipped() {
    let doc = r#"<cXML payloadID="p" timestamp="2024-01-01T00:00:00+00:00"><Header><From><Credential domain="a"><Identity>x</Identity></Credential></From><To><Credential domain="b"><Identity>y</Identity><Extra/></Credential></To><Sender><Credential domain="c"><Identity>z</Identity></Credential><UserAgent>u</UserAgent></Sender></Header><Request deploymentMode="test"><CatalogUploadRequest operation="new"><Whatever/></CatalogUploadRequest></Request></cXML>"#;
    let p = read(doc.as_bytes()).unwrap();
    assert_eq!(
        p.kind,
        cxml::DocumentKind::Other("CatalogUploadRequest".into())
    );
    assert_eq!(
        p.doc.header.as_ref().unwrap().to.credential[0].identity,
        "y"
    );
    assert!(cxml::write::to_string(&p.doc).is_err());
}

#[test]
fn errors_are_partner_safe() {
    let cases: [(&[u8], ReadError); 4] = [
        (b"", ReadError::NoRoot),
        (b"<Order/>", ReadError::NotCxml("Order".into())),
        (b"\xFF\xFE<\x00", ReadError::NotUtf8),
        (
            b"<cXML>\n  <Response>\n</cXML>",
            ReadError::NotWellFormed { line: 3, column: 1 },
        ),
    ];
    for (bytes, expected) in cases {
        let err = read(bytes).unwrap_err();
        assert_eq!(err, expected);
        assert_eq!(err.status_code(), 406);
    }
    let err =
        read(br#"<cXML payloadID="p"><Response><Status code="200" text="OK"/></Response></cXML>"#)
            .unwrap_err();
    assert_eq!(
        err.to_string(),
        "document does not follow the cXML structure: missing field `@timestamp`"
    );
    let err = read(br#"<cXML payloadID="p" timestamp="t"><Header/></cXML>"#).unwrap_err();
    assert!(matches!(err, ReadError::Structure(_)), "{err:?}");
}

/// Found by the `read` fuzz target: a processing instruction inside a text
/// element made quick-xml's deserializer hit `unreachable!()`. Reading must
/// end in a value or a clean error, never a panic.
#[test]
fn processing_instruction_inside_text_is_a_clean_outcome() {
    let xml = "<?xml version=\"1.0\"?>\n<cXML payloadID=\"1@x\" timestamp=\"2026-01-01T00:00:00-08:00\">\
               <Response><Status code=\"200\" text=\"OK\">a<?pi x?>b</Status></Response></cXML>";
    let _ = cxml::read::read(xml.as_bytes());
    let address = "<?xml version=\"1.0\"?>\n<cXML payloadID=\"1@x\" timestamp=\"2026-01-01T00:00:00-08:00\">\
        <Header><From><Credential domain=\"d\"><Identity>i</Identity></Credential></From>\
        <To><Credential domain=\"d\"><Identity>i</Identity></Credential></To>\
        <Sender><Credential domain=\"d\"><Identity>i</Identity></Credential><UserAgent>u</UserAgent></Sender></Header>\
        <Message><PunchOutOrderMessage><BuyerCookie>c</BuyerCookie>\
        <PunchOutOrderMessageHeader operationAllowed=\"edit\"><Total><Money currency=\"USD\">1</Money></Total>\
        <ShipTo><Address><Name xml:lang=\"en\">n</Name><PostalAddress><DeliverTo>Joe</DeliverTo>\
        <DeliverTo><?xml-stylesheet x?></DeliverTo><Street>s</Street><City>c</City>\
        <Country isoCountryCode=\"US\">US</Country></PostalAddress></Address></ShipTo>\
        </PunchOutOrderMessageHeader></PunchOutOrderMessage></Message></cXML>";
    let _ = cxml::read::read(address.as_bytes());
}

/// Found by the `read` fuzz target: a DOCTYPE between two text runs inside
/// an element made quick-xml's deserializer panic. It is not well-formed
/// XML, so it is refused with its line and column; the same text inside a
/// CDATA section is just text.
#[test]
fn doctype_inside_content_is_not_well_formed() {
    let xml = "<?xml version=\"1.0\"?>\n<cXML payloadID=\"1@x\" timestamp=\"2026-01-01T00:00:00-08:00\">\n\
               <Response><Status code=\"200\" text=\"OK\">a<!DOCTYPE y>b</Status></Response></cXML>";
    match cxml::read::read(xml.as_bytes()) {
        Err(cxml::ReadError::NotWellFormed { line, .. }) => assert_eq!(line, 3),
        other => panic!("expected NotWellFormed, got {other:?}"),
    }
    // quick-xml reads any `<!d…`/`<!D…` as a DOCTYPE, whatever follows.
    for spelling in ["a<!DOCTYPe y>b", "a<!dOCTYPE y>b", "a<!DOCTYPencodi)gE y>b"] {
        let odd = xml.replace("a<!DOCTYPE y>b", spelling);
        match cxml::read::read(odd.as_bytes()) {
            Err(cxml::ReadError::NotWellFormed { line, .. }) => assert_eq!(line, 3, "{spelling}"),
            other => panic!("{spelling}: expected NotWellFormed, got {other:?}"),
        }
    }
    let cdata = xml.replace("a<!DOCTYPE y>b", "<![CDATA[a<!DOCTYPE y>b]]>");
    let parsed = cxml::read::read(cdata.as_bytes()).unwrap();
    assert_eq!(
        parsed.doc.response.unwrap().status.detail.as_deref(),
        Some("a<!DOCTYPE y>b")
    );
}

/// A Header beside a Response is refused by `read` and read past by
/// `read_lenient`, with a CX003 advisory; other wrong shapes stay refused.
#[test]
fn a_lenient_read_drops_only_a_header_beside_a_response() {
    let header = "<Header><From><Credential domain=\"d\"><Identity>i</Identity></Credential></From>\
        <To><Credential domain=\"d\"><Identity>i</Identity></Credential></To>\
        <Sender><Credential domain=\"d\"><Identity>i</Identity></Credential><UserAgent>u</UserAgent></Sender></Header>";
    let doc = |body: &str| {
        format!(
            "<?xml version=\"1.0\"?>\n<cXML payloadID=\"1@x\" timestamp=\"2026-01-01T00:00:00-08:00\">{body}</cXML>"
        )
    };
    let response = "<Response><Status code=\"200\" text=\"OK\"/></Response>";
    let beside = doc(&format!("{header}{response}"));
    assert!(matches!(
        cxml::read::read(beside.as_bytes()),
        Err(cxml::ReadError::Structure(_))
    ));
    let parsed = cxml::read::read_lenient(beside.as_bytes()).unwrap();
    assert!(parsed.doc.header.is_none());
    assert_eq!(parsed.doc.response.unwrap().status.code, "200");
    assert!(parsed.advisories.iter().any(|a| a.rule == Some("CX003")));
    let header_alone = doc(header);
    assert!(cxml::read::read_lenient(header_alone.as_bytes()).is_err());
}
