//! Documents that are not well-formed: the verdict, where, and why.

use dtd::{Dtd, Verdict, WellFormednessError};

fn dtd() -> Dtd {
    Dtd::parse("<!ELEMENT r ANY><!ELEMENT a (#PCDATA)>").expect("dtd")
}

fn wf_error(xml: &[u8]) -> WellFormednessError {
    match dtd().validate(xml) {
        Verdict::NotWellFormed(e) => e,
        other => panic!(
            "expected NotWellFormed for {:?}, got {other:?}",
            String::from_utf8_lossy(xml)
        ),
    }
}

fn at(xml: &str) -> (u32, u32, String) {
    let e = wf_error(xml.as_bytes());
    (e.line, e.column, e.message)
}

#[test]
fn mismatched_tags() {
    let (line, column, message) = at("<r>\n  <a>x</b>\n</r>");
    assert_eq!((line, column), (2, 7), "at the end tag");
    assert_eq!(message, "Opening and ending tag mismatch: a line 2 and b");
}

#[test]
fn truncated_input() {
    let (line, _, message) = at("<r>\n<a>x</a>\n");
    assert_eq!(line, 3);
    assert_eq!(message, "Premature end of data in tag r line 1");
    let (line, _, message) = at("<r>\n<a attr='x");
    assert_eq!(line, 2);
    assert!(message.contains("not closed"), "{message}");
    assert_eq!(at("").2, "Start tag expected, '<' not found");
}

#[test]
fn content_outside_the_root() {
    assert_eq!(
        at("text<r/>"),
        (1, 1, "Start tag expected, '<' not found".to_owned())
    );
    assert_eq!(
        at("<r/>\n<r/>"),
        (2, 1, "Extra content at the end of the document".to_owned())
    );
    assert_eq!(at("<r/> x").2, "Extra content at the end of the document");
    // Whitespace, comments and PIs around the root are fine.
    assert!(dtd().validate(b"\n<!-- c --><r/>\n<?pi?>\n").is_valid());
}

#[test]
fn bad_syntax_inside_tags() {
    assert_eq!(
        at("<r a='1' a='2'/>"),
        (1, 15, "Attribute a redefined".to_owned())
    );
    assert_eq!(
        at("<a b='1'\n xml:lang='x' b='2'/>").2,
        "Attribute b redefined"
    );
    let dtd = Dtd::parse("<!ELEMENT r EMPTY><!ATTLIST r id ID #IMPLIED>").expect("dtd");
    let Verdict::NotWellFormed(e) = dtd.validate(b"<r id='a'\n  id='b'/>") else {
        panic!("a repeated declared attribute is not well-formed");
    };
    assert_eq!(
        (e.line, e.column, e.message.as_str()),
        (2, 9, "Attribute id redefined")
    );
    assert!(at("<r a=1/>").2.contains("malformed attribute"));
    assert_eq!(
        at("<r a='x<y'/>"),
        (
            1,
            8,
            "Unescaped '<' not allowed in attribute values".to_owned()
        )
    );
    assert_eq!(at("<r>\n <1a/></r>").0, 2);
    assert!(at("<r><!-- a -- b --></r>").2.contains("--"));
}

#[test]
fn characters_and_references() {
    assert_eq!(
        at("<r>a]]>b</r>"),
        (1, 5, "Sequence ']]>' not allowed in content".to_owned())
    );
    assert_eq!(at("<r>\u{1}</r>").1, 4);
    assert_eq!(at("<r>&#0;</r>").2, "invalid character reference &#0;");
    assert_eq!(at("<r>&nbsp;</r>").2, "Entity 'nbsp' not defined");
    assert_eq!(at("<r a='&nbsp;'/>").2, "Entity 'nbsp' not defined");
    assert!(at("<r>a & b</r>").2.contains("reference"));
    assert!(
        dtd()
            .validate(b"<r>&lt;&gt;&amp;&apos;&quot;&#233;&#xE9;</r>")
            .is_valid()
    );
}

#[test]
fn declarations_and_encodings() {
    assert_eq!(
        at(" <?xml version='1.0'?><r/>").2,
        "XML declaration allowed only at the start of the document"
    );
    assert!(at("<r/><!DOCTYPE r>").2.contains("DOCTYPE"));
    let e = wf_error(b"<r>\n\xC3\x28</r>");
    assert_eq!(
        (e.line, e.column, e.message.as_str()),
        (2, 1, "Input is not proper UTF-8")
    );
    // ISO-8859-1 is transcoded; a UTF-8 byte-order mark is skipped.
    assert!(
        dtd()
            .validate(b"<?xml version='1.0' encoding='ISO-8859-1'?><a>caf\xE9</a>")
            .is_valid()
    );
    assert!(dtd().validate(b"\xEF\xBB\xBF<a>x</a>").is_valid());
    assert!(
        at("<?xml version='1.0' encoding='Shift_JIS'?><a>\u{3042}</a>")
            .2
            .contains("Unsupported encoding")
    );
}

#[test]
fn well_formedness_wins_over_validity() {
    // Validity errors found before the syntax error do not matter.
    assert_eq!(
        at("<r><nope/><a></r>").2,
        "Opening and ending tag mismatch: a line 1 and r"
    );
}
