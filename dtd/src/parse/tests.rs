//! The DTD parser: parameter entities, conditional sections, declarations
//! and error positions.

use super::parse;
use crate::attr::{AttrType, DefaultDecl};
use crate::error::DtdError;
use crate::schema::{Content, Schema};

fn ok(text: &str) -> Schema {
    parse(text).unwrap_or_else(|e| panic!("should parse: {e}"))
}

fn err(text: &str) -> DtdError {
    match parse(text) {
        Ok(_) => panic!("should fail: {text}"),
        Err(e) => e,
    }
}

fn content<'s>(schema: &'s Schema, name: &str) -> Option<&'s Content> {
    let id = schema.names.get(name.as_bytes())?;
    schema.element(id)?.content.as_ref()
}

fn model(schema: &Schema, name: &str) -> String {
    match content(schema, name) {
        Some(Content::Children { model, .. }) => model.to_string(),
        other => panic!("{name}: {other:?}"),
    }
}

fn attr(schema: &Schema, element: &str, name: &str) -> (AttrType, DefaultDecl) {
    let id = schema.names.get(element.as_bytes()).expect("element");
    let list = &schema.element(id).expect("info").attrs;
    let decl = &list.decls[list.find(name.as_bytes()).expect("attribute")];
    (decl.ty.clone(), decl.default.clone())
}

#[test]
fn declaration_kinds() {
    let s = ok(r#"<?xml version="1.0" encoding="UTF-8"?>
        <!-- a comment -->
        <?pi data?>
        <!ELEMENT e EMPTY>
        <!ELEMENT any ANY>
        <!ELEMENT text (#PCDATA)>
        <!ELEMENT star (#PCDATA)*>
        <!ELEMENT mixed (#PCDATA | e | text)*>
        <!ELEMENT kids (e, (text | any)+)>
        <!NOTATION gif SYSTEM "image/gif">
        <!NOTATION png PUBLIC "-//PNG">
        <!ENTITY pic SYSTEM "x.gif" NDATA gif>
        <!ENTITY hello "hi">"#);
    assert!(matches!(content(&s, "e"), Some(Content::Empty)));
    assert!(matches!(content(&s, "any"), Some(Content::Any)));
    assert!(matches!(content(&s, "text"), Some(Content::Mixed(l)) if l.is_empty()));
    assert!(matches!(content(&s, "star"), Some(Content::Mixed(l)) if l.is_empty()));
    assert!(matches!(content(&s, "mixed"), Some(Content::Mixed(l)) if l.len() == 2));
    assert_eq!(model(&s, "kids"), "(e , (text | any)+)");
    assert!(s.notations.contains_key("gif") && s.notations.contains_key("png"));
    assert!(s.entities.get("pic").is_some_and(|e| e.unparsed));
    assert_eq!(
        s.entities.get("hello").and_then(|e| e.value.as_deref()),
        Some("hi")
    );
}

#[test]
fn parameter_entities_everywhere() {
    let s = ok(r#"
        <!ENTITY % string "CDATA">
        <!ENTITY % int "%string;">
        <!ENTITY % kids "a, b">
        <!ENTITY % bool "(0 | 1)">
        <!ENTITY % decl "<!ELEMENT b EMPTY>">
        <!ENTITY % name "a">
        <!ELEMENT r (%kids;)>
        <!ELEMENT %name; (#PCDATA)>
        %decl;
        <!ATTLIST r n %int; #REQUIRED flag %bool; "1">"#);
    assert_eq!(model(&s, "r"), "(a , b)");
    assert!(matches!(content(&s, "a"), Some(Content::Mixed(_))));
    assert!(matches!(content(&s, "b"), Some(Content::Empty)));
    assert_eq!(attr(&s, "r", "n"), (AttrType::Cdata, DefaultDecl::Required));
    let (ty, default) = attr(&s, "r", "flag");
    assert!(matches!(ty, AttrType::Enumeration(v) if v.len() == 2));
    assert_eq!(default, DefaultDecl::Default("1".into()));
}

#[test]
fn first_entity_declaration_wins() {
    let s = ok(r#"
        <!ENTITY % pay "PCard">
        <!ENTITY % pay "PaymentToken">
        <!ELEMENT Payment (%pay;)>"#);
    assert_eq!(model(&s, "Payment"), "(PCard)");
}

#[test]
fn conditional_sections() {
    let s = ok(r#"
        <!ENTITY % on "INCLUDE">
        <!ENTITY % off "IGNORE">
        <![%off;[
            <!ELEMENT gone EMPTY>
            <![INCLUDE[ <!ELEMENT nested-gone EMPTY> ]]>
        ]]>
        <![%on;[
            <!ELEMENT kept EMPTY>
            <![ INCLUDE [ <!ELEMENT deep EMPTY> ]]>
            <![IGNORE[ <!ELEMENT deep-gone EMPTY> ]]>
        ]]>"#);
    assert!(content(&s, "kept").is_some());
    assert!(content(&s, "deep").is_some());
    for name in ["gone", "nested-gone", "deep-gone"] {
        assert!(content(&s, name).is_none(), "{name}");
    }
}

#[test]
fn attribute_lists() {
    let s = ok(r#"
        <!ELEMENT e EMPTY>
        <!ATTLIST e
            id ID #IMPLIED
            refs IDREFS #IMPLIED
            kind (a | b) "a"
            note NOTATION (gif) #IMPLIED
            dtype NMTOKENS #FIXED ' x
                 y  '
            text CDATA #FIXED 'a&amp;b&#x20;&lt;'>
        <!ATTLIST e id CDATA #REQUIRED extra CDATA #IMPLIED>"#);
    assert_eq!(attr(&s, "e", "id").0, AttrType::Id, "first definition wins");
    assert_eq!(attr(&s, "e", "refs").0, AttrType::IdRefs);
    assert_eq!(attr(&s, "e", "dtype").1, DefaultDecl::Fixed("x y".into()));
    assert_eq!(attr(&s, "e", "text").1, DefaultDecl::Fixed("a&b <".into()));
    assert!(matches!(attr(&s, "e", "note").0, AttrType::Notation(_)));
    assert_eq!(attr(&s, "e", "extra").1, DefaultDecl::Implied);
}

#[test]
fn the_official_prologue_shape() {
    // cXML.dtd opens like this: an IGNOREd section that redefines the
    // predefined entities, driven by a parameter entity.
    let s = ok(r#"<?xml version="1.0" encoding="UTF-8"?>
        <!ENTITY % SGML-help "IGNORE">
        <![%SGML-help;[
        <!ENTITY lt     "&#38;#60;">
        ]]>
        <!ENTITY cxml.version "1.2.071" >"#);
    assert!(!s.entities.contains_key("lt"));
    assert!(s.entities.contains_key("cxml.version"));
}

#[test]
fn external_parameter_entities_are_never_fetched() {
    let e = err("<!ENTITY % ext SYSTEM \"file:///etc/passwd\">\n%ext;");
    assert!(e.message.contains("not fetched"), "{e}");
    assert_eq!((e.line, e.column), (2, 1), "at the reference");
    // Declaring one without using it is fine.
    ok("<!ENTITY % ext PUBLIC \"-//X\" \"x.mod\"><!ELEMENT a EMPTY>");
}

#[test]
fn errors_have_positions() {
    let e = err("<!ELEMENT a EMPTY>\n<!ELEMENT b (c | d, e)>");
    assert_eq!(e.line, 2);
    assert!(e.message.contains("mixed"), "{e}");

    let e = err("<!ELEMENT a EMPTY>\n\n  %undeclared;");
    assert_eq!((e.line, e.column), (3, 3), "at the reference");
    assert!(e.message.contains("undeclared parameter entity"), "{e}");

    let e = err("<!ENTITY % bad \"a | b, c\">\n<!ELEMENT x (%bad;)>");
    assert_eq!(e.line, 2);
    assert!(e.message.contains("in parameter entity %bad;"), "{e}");

    assert!(
        err("<!ELEMENT a EMPTY><!ELEMENT a ANY>")
            .message
            .contains("more than once")
    );
    assert!(err("<!ELEMENT a (#PCDATA | b)>").message.contains(")*"));
    assert!(
        err("<![INCLUDE[ <!ELEMENT a EMPTY>")
            .message
            .contains("not closed")
    );
    assert!(err("<!ELEMENT a WHATEVER>").message.contains("EMPTY, ANY"));
    assert!(
        err("<!ATTLIST a b BOGUS #IMPLIED>")
            .message
            .contains("BOGUS")
    );
    assert!(err("<!FOO>").message.contains("markup declaration"));
}

#[test]
fn entity_bombs_in_the_dtd_are_bounded() {
    // Each level is declared from the previous one; values grow tenfold.
    let mut dtd = String::from("<!ENTITY % l0 \"0123456789\">\n");
    for i in 1..9 {
        let prev = format!("%l{};", i - 1);
        dtd.push_str(&format!("<!ENTITY % l{i} \"{}\">\n", prev.repeat(10)));
    }
    let e = err(&dtd);
    assert!(e.message.contains("exceeds"), "{e}");

    let e = err("<!ENTITY % a \"&#37;a;\">\n<!ELEMENT x %a;>");
    assert!(e.message.contains("itself"), "{e}");
}
