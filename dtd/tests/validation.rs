//! Validity checks on small documents, with libxml2's messages (each
//! expectation was checked against `xmllint --dtdvalid`).

use dtd::{Dtd, ValidityError, Verdict};

const DTD: &str = r#"
<!ELEMENT r ANY>
<!ELEMENT seq (a, b?, c*)>
<!ELEMENT choice (a | b)+>
<!ELEMENT a (#PCDATA)>
<!ELEMENT b EMPTY>
<!ELEMENT c (#PCDATA | a | b)*>
<!NOTATION gif SYSTEM "image/gif">
<!ENTITY pic SYSTEM "pic.gif" NDATA gif>
<!ATTLIST b
    id     ID                 #IMPLIED
    ref    IDREF              #IMPLIED
    refs   IDREFS             #IMPLIED
    kind   (x | y)            #IMPLIED
    token  NMTOKEN            #IMPLIED
    tokens NMTOKENS           #IMPLIED
    fixed  CDATA              #FIXED "v"
    need   CDATA              #REQUIRED
    img    ENTITY             #IMPLIED
    fmt    NOTATION (gif)     #IMPLIED>
"#;

fn dtd() -> Dtd {
    Dtd::parse(DTD).expect("test DTD")
}

fn errors(xml: &str) -> Vec<ValidityError> {
    match dtd().validate(xml.as_bytes()) {
        Verdict::Invalid(errors) => errors,
        other => panic!("expected Invalid for {xml}, got {other:?}"),
    }
}

fn messages(xml: &str) -> Vec<String> {
    errors(xml).into_iter().map(|e| e.message).collect()
}

fn valid(xml: &str) {
    assert_eq!(dtd().validate(xml.as_bytes()), Verdict::Valid, "{xml}");
}

#[test]
fn sequences_and_choices() {
    valid(r#"<seq><a/><b need="1"/><c/><c/></seq>"#);
    valid("<seq>\n  <a>x</a>\n  <!-- note -->\n</seq>");
    valid(r#"<choice><b need=""/><a/><a/></choice>"#);
    assert_eq!(
        messages(r#"<seq><b need="1"/> <a/></seq>"#),
        ["Element seq content does not follow the DTD, expecting (a , b? , c*), got (b a)"]
    );
    assert_eq!(
        messages("<choice></choice>"),
        ["Element choice content does not follow the DTD, expecting (a | b)+, got "]
    );
}

#[test]
fn content_errors_carry_position_path_and_model() {
    let errors = errors("<r>\n  <x/>\n  <seq\n    ><c/></seq></r>");
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].message, "No declaration for element x");
    assert_eq!(
        (errors[0].line, errors[0].column, errors[0].path.as_str()),
        (2, 5, "/r/x")
    );
    let seq = &errors[1];
    assert_eq!(
        (seq.line, seq.column),
        (4, 5),
        "where the start tag ends, as libxml2"
    );
    assert_eq!(seq.path, "/r/seq");
    assert_eq!(seq.element, "seq");
    assert_eq!(seq.expected.as_deref(), Some("(a , b? , c*)"));
}

#[test]
fn text_in_element_content() {
    valid("<seq>\n\t<a/>&#32;&#x0A;</seq>");
    assert_eq!(
        messages("<seq><a/>text</seq>"),
        ["Element seq content does not follow the DTD, expecting (a , b? , c*), got (a CDATA)"]
    );
    // A CDATA section is never whitespace to libxml2, and blank text or a
    // comment after a child shows as a trailing space.
    assert_eq!(
        messages("<seq><![CDATA[ ]]><a/> </seq>"),
        ["Element seq content does not follow the DTD, expecting (a , b? , c*), got (CDATA a )"]
    );
    assert_eq!(
        messages("<seq> &amp; <a/></seq>"),
        ["Element seq content does not follow the DTD, expecting (a , b? , c*), got (CDATA a)"]
    );
}

#[test]
fn mixed_empty_and_pcdata() {
    valid(r#"<c>text <a>x</a> more <b need="1"/></c>"#);
    assert_eq!(
        messages(r#"<c><seq><a/></seq><r/></c>"#),
        [
            "Element seq is not declared in c list of possible children",
            "Element r is not declared in c list of possible children",
        ]
    );
    assert_eq!(
        messages("<a>x<b need=''/>y<b need=''/></a>"),
        ["Element a was declared #PCDATA but contains non text nodes"]
    );
    valid("<a>x<!-- c --><?pi?>&lt;<![CDATA[y]]></a>");
    assert_eq!(
        messages(r#"<r><b need="1"> </b><b need="1"><!-- --></b></r>"#),
        [
            "Element b was declared EMPTY this one has content",
            "Element b was declared EMPTY this one has content",
        ]
    );
}

#[test]
fn attributes() {
    valid(r#"<b need="1" kind="x" token="a1" tokens=" a  b " fixed="v" img="pic" fmt="gif"/>"#);
    assert_eq!(
        messages("<b/>"),
        ["Element b does not carry attribute need"]
    );
    assert_eq!(
        messages(r#"<b need="1" other="2"/>"#),
        ["No declaration for attribute other of element b"]
    );
    assert_eq!(
        messages(r#"<b need="1" kind="z"/>"#),
        ["Value \"z\" for attribute kind of b is not among the enumerated set"]
    );
    assert_eq!(
        messages(r#"<b need="1" fixed="w"/>"#),
        [
            "Value for attribute fixed of b is different from default \"v\"",
            "Value for attribute fixed of b must be \"v\"",
        ]
    );
    assert_eq!(
        messages(r#"<b need="1" token=" a1" tokens="a,b"/>"#),
        [
            "Syntax of value for attribute token of b is not valid",
            "Syntax of value for attribute tokens of b is not valid",
        ]
    );
    assert_eq!(
        messages(r#"<b need="1" img="nope"/>"#),
        ["ENTITY attribute img reference an unknown entity \"nope\""]
    );
}

#[test]
fn attribute_values_are_normalised_before_checks() {
    valid("<b need='1' kind='&#x78;' fixed='&#118;'/>");
    valid("<b need='1' tokens='a\nb'/>");
}

#[test]
fn ids_and_references() {
    valid(
        r#"<r><b need="" ref="later" refs="one later"/><b need="" id="one"/><b need="" id="later"/></r>"#,
    );
    let errors = errors(
        "<r>\n<b need='' id='x' ref='gone'/>\n<b need='' id='x'/>\n<b need='' refs='x y'/>\n<b need='' id='1x'/>\n</r>",
    );
    let got: Vec<(u32, &str)> = errors
        .iter()
        .map(|e| (e.line, e.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (3, "ID x already defined"),
            (5, "Syntax of value for attribute id of b is not valid"),
            (2, "IDREF attribute ref references an unknown ID \"gone\""),
            (4, "IDREFS attribute refs references an unknown ID \"y\""),
        ],
        "element errors in document order, references last"
    );
}

#[test]
fn errors_follow_libxml2s_order() {
    // An element's own errors come before its children's, though a streaming
    // pass only learns about its content when it closes.
    let got = messages(r#"<r><seq other="1"><b/></seq></r>"#);
    assert_eq!(
        got,
        [
            "Element seq content does not follow the DTD, expecting (a , b? , c*), got (b)",
            "No declaration for attribute other of element seq",
            "Element b does not carry attribute need",
        ]
    );
}

#[test]
fn any_root_and_fragments() {
    valid(r#"<!DOCTYPE other SYSTEM "http://example.invalid/nothing.dtd"><a>x</a>"#);
    valid("<?xml version='1.0'?>\n<b need='x'/>\n");
    assert_eq!(messages("<nope/>"), ["No declaration for element nope"]);
}

#[test]
fn prefixed_names_are_worded_as_libxml2_words_them() {
    let dtd = Dtd::parse("<!ELEMENT r (p:x)><!ELEMENT p:x EMPTY>").expect("dtd");
    let Verdict::Invalid(errors) = dtd.validate(br#"<r xml:lang="en"><p:x xmlns:p="urn:p"/></r>"#)
    else {
        panic!("expected errors");
    };
    let got: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        got,
        [
            "No declaration for attribute lang of element r",
            "No declaration for attribute xmlns:p of element x",
        ]
    );
    assert_eq!(errors[1].path, "/r/p:x");
}

#[test]
fn the_error_cap_keeps_the_first_errors() {
    let mut xml = String::from("<r>");
    for _ in 0..50 {
        xml.push_str("<nope/>");
    }
    xml.push_str("</r>");
    let limits = dtd::Limits {
        max_errors: 3,
        ..dtd::Limits::default()
    };
    let Verdict::Invalid(errors) = dtd().validate_with(xml.as_bytes(), &limits) else {
        panic!("expected errors");
    };
    assert_eq!(errors.len(), 3);
    assert!(
        errors
            .iter()
            .all(|e| e.message == "No declaration for element nope")
    );
    assert_eq!(errors[0].column, 9);
}

#[test]
fn a_compiled_dtd_is_shareable() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Dtd>();
    let dtd = std::sync::Arc::new(dtd());
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let dtd = std::sync::Arc::clone(&dtd);
            std::thread::spawn(move || dtd.validate(b"<a>x</a>").is_valid())
        })
        .collect();
    for h in handles {
        assert!(h.join().expect("thread"));
    }
}

#[test]
fn a_repeated_shape_that_changes_is_judged_anew() {
    // The walker guesses each element from the last one in the same
    // place: the third `seq` breaks the shape the first two set, the
    // fourth returns to it, and undeclared names take the guessed places.
    let line = |inner: &str| format!("<seq>{inner}</seq>");
    let good = line(r#"<a/><b need="1"/><c/>"#);
    let xml = format!(
        "<r>{good}{good}{}{good}{}</r>",
        line(r#"<b need="1"/><a/>"#),
        line("<a/><zz/>"),
    );
    assert_eq!(
        messages(&xml),
        [
            "Element seq content does not follow the DTD, expecting (a , b? , c*), got (b a)",
            "Element seq content does not follow the DTD, expecting (a , b? , c*), got (a zz)",
            "No declaration for element zz",
        ]
    );
}
