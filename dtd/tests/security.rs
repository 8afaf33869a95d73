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
fn billion_laughs_is_refused_by_the_expansion_limits() {
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
    assert!(
        message.contains("entities nest deeper than 8 levels"),
        "{message}"
    );
    assert!(started.elapsed() < Duration::from_secs(1));

    // As wide as it is deep: the count and size limits stop it.
    let wide = format!(
        "<!DOCTYPE lolz [<!ENTITY w \"{}\">]><lolz>{}</lolz>",
        "lol".repeat(1000),
        "&w;".repeat(2000)
    );
    let message = refusal(wide.as_bytes(), &Limits::default());
    assert!(message.contains("exceed 1048576 bytes"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[test]
fn external_entities_are_never_resolved() {
    let xxe = br#"<?xml version="1.0"?>
<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<foo>&xxe;</foo>"#;
    // Declared, so well-formed; never fetched, so it adds nothing.
    assert_eq!(dtd().validate(xxe), Verdict::Valid);
    let in_attribute = br#"<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<foo a="&xxe;"/>"#;
    let message = refusal(in_attribute, &Limits::default());
    assert_eq!(message, "Attribute references external entity 'xxe'");

    // Without the declaration, the reference is simply undefined.
    let message = refusal(b"<foo>&xxe;</foo>", &Limits::default());
    assert_eq!(message, "Entity 'xxe' not defined");

    // External parameter entities in the internal subset are never read.
    let message = refusal(
        b"<!DOCTYPE foo [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><foo/>",
        &Limits::default(),
    );
    assert!(message.contains("external parameter entity"), "{message}");
}

#[test]
fn internal_entities_expand_as_xml_says() {
    let xml = b"<!DOCTYPE r [ <!ENTITY co \"ACME\"> ]>\n<r>&co; &amp; <foo/></r>";
    assert_eq!(dtd().validate(xml), Verdict::Valid);
    // An entity the document does not declare: a well-formedness error
    // without an external subset, a validity error with one.
    let Verdict::Invalid(errors) =
        dtd().validate(b"<!DOCTYPE r SYSTEM \"r.dtd\">\n<r>\n&nbsp;</r>")
    else {
        panic!("an undeclared entity is a validity error");
    };
    assert_eq!(
        (errors[0].line, errors[0].message.as_str()),
        (3, "Entity 'nbsp' not defined")
    );
    let standalone =
        b"<?xml version='1.0' standalone='yes'?><!DOCTYPE r SYSTEM 'r.dtd'><r>&nbsp;</r>";
    assert_eq!(
        refusal(standalone, &Limits::default()),
        "Entity 'nbsp' not defined"
    );
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

/// Looking for repeated attributes grows with the square of their number:
/// a tag with more than `max_attributes` is refused where it starts, and
/// one at the limit is judged as usual (undeclared attributes, here).
#[test]
fn a_tag_with_more_attributes_than_the_limit_is_refused() {
    let tag = |n: usize| {
        let attrs: String = (0..n).map(|i| format!(" a{i}='v'")).collect();
        format!("<r><foo{attrs}/></r>")
    };
    let message = refusal(tag(200_000).as_bytes(), &Limits::default());
    assert_eq!(
        message,
        "the element carries more than 256 attributes, the limit"
    );
    let limits = Limits {
        max_attributes: 4,
        ..Limits::default()
    };
    assert!(matches!(
        dtd().validate_with(tag(5).as_bytes(), &limits),
        Verdict::NotWellFormed(_)
    ));
    assert!(matches!(
        dtd().validate_with(tag(4).as_bytes(), &limits),
        Verdict::Invalid(_)
    ));
}

/// Found by the `dtd_validate` fuzzer: a byte-order mark after the
/// DOCTYPE, then a start tag never closed. quick-xml skips the mark where
/// it resumes reading, and the walker sliced the text inside it (a panic);
/// now the tag is found past the mark and reported not well-formed.
#[test]
fn a_byte_order_mark_after_the_doctype_before_an_unclosed_tag_is_a_refusal() {
    let message = refusal("<!DOCTYPE a>\u{feff}\n<a b".as_bytes(), &Limits::default());
    assert_eq!(message, "Couldn't find end of Start Tag a line 2");
}
