//! Hostile documents: entity expansion attacks, external entities, and the
//! resource limits.

use std::time::{Duration, Instant};

use dtd::{Dtd, Limits, Verdict};

fn dtd() -> Dtd {
    Dtd::parse("<!ELEMENT r ANY><!ELEMENT lolz (#PCDATA)><!ELEMENT foo ANY>").expect("dtd")
}

fn refusal(xml: &[u8], limits: &Limits) -> String {
    match dtd().validate_with(xml, limits) {
        Verdict::NotWellFormed(e) => e.message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn billion_laughs_is_refused_without_expanding() {
    let mut xml =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        xml.push_str(&format!(
            " <!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    xml.push_str("]>\n<lolz>&lol9;</lolz>\n");
    let started = Instant::now();
    let message = refusal(xml.as_bytes(), &Limits::default());
    assert!(message.contains("internal subset are refused"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[test]
fn external_entities_are_never_resolved() {
    let xxe = br#"<?xml version="1.0"?>
<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<foo>&xxe;</foo>"#;
    let Verdict::NotWellFormed(e) = dtd().validate(xxe) else {
        panic!("XXE document must be refused");
    };
    assert_eq!(e.line, 2);
    assert!(e.message.contains("refused"), "{}", e.message);
    assert!(
        !e.message.contains("root:"),
        "nothing may be read from the file"
    );

    // Without the declaration, the reference is simply undefined.
    let message = refusal(b"<foo>&xxe;</foo>", &Limits::default());
    assert_eq!(message, "Entity 'xxe' not defined");

    // Parameter entities in the internal subset are refused the same way.
    let message = refusal(
        b"<!DOCTYPE foo [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><foo/>",
        &Limits::default(),
    );
    assert!(message.contains("refused"), "{message}");
}

#[test]
fn internal_subsets_without_entities_are_ignored() {
    let xml = b"<!DOCTYPE r [ <!ELEMENT r EMPTY> ]><r>text is fine: the given DTD rules</r>";
    assert_eq!(dtd().validate(xml), Verdict::Valid);
}

#[test]
fn oversized_documents_are_refused_before_parsing() {
    let body = vec![b'x'; 100 << 20];
    let started = Instant::now();
    let message = refusal(&body, &Limits::default());
    assert!(
        started.elapsed() < Duration::from_millis(100),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(
        message,
        "document is 104857600 bytes, over the limit of 67108864 bytes"
    );
}

#[test]
fn deep_nesting_stops_at_the_depth_limit() {
    let depth = 10_000;
    let xml = format!("{}{}", "<r>".repeat(depth), "</r>".repeat(depth));
    let message = refusal(xml.as_bytes(), &Limits::default());
    assert_eq!(message, "Excessive depth in document: more than 256 levels");

    let limits = Limits {
        max_depth: 3,
        ..Limits::default()
    };
    assert!(
        dtd()
            .validate_with(b"<r><r><r/></r></r>", &limits)
            .is_valid()
    );
    let Verdict::NotWellFormed(e) = dtd().validate_with(b"<r><r><r>\n<r/></r></r></r>", &limits)
    else {
        panic!("depth 4 is over the limit of 3");
    };
    assert_eq!((e.line, e.column), (2, 1));
}

#[test]
fn a_flood_of_errors_is_capped() {
    let xml = format!("<r>{}</r>", "<x/>".repeat(200_000));
    let started = Instant::now();
    let Verdict::Invalid(errors) = dtd().validate(xml.as_bytes()) else {
        panic!("undeclared elements");
    };
    assert_eq!(errors.len(), Limits::default().max_errors);
    assert!(started.elapsed() < Duration::from_secs(5));
}
