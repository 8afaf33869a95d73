//! Unit tests of the tree parser: structure, positions, paths, failures.

use super::*;

fn ok(xml: &str) -> Document {
    match parse(xml.as_bytes()) {
        Ok(doc) => doc,
        Err(e) => panic!("expected a tree, got {e}"),
    }
}

fn err(xml: &[u8]) -> WellFormedness {
    match parse(xml) {
        Ok(doc) => panic!("expected an error, got root <{}>", doc.root().name()),
        Err(e) => e,
    }
}

const CART: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.023/cXML.dtd">
<cXML payloadID="1@x" timestamp="2024-01-01T10:00:00-05:00">
  <Message>
    <PunchOutOrderMessage>
      <ItemIn quantity="1"><ItemID><SupplierPartID>A&amp;B</SupplierPartID></ItemID></ItemIn>
      <ItemIn quantity="2"><ItemID><SupplierPartID>caf&#xE9;</SupplierPartID></ItemID></ItemIn>
      <Note><![CDATA[<raw>]]> text</Note>
    </PunchOutOrderMessage>
  </Message>
</cXML>
"#;

#[test]
fn builds_elements_attributes_and_text() {
    let doc = ok(CART);
    assert_eq!(doc.root().name(), "cXML");
    assert_eq!(doc.root().attr("payloadID"), Some("1@x"));
    assert_eq!(doc.root().attr("missing"), None);
    let decl = doc.xml_decl.as_ref();
    assert_eq!(decl.map(|d| d.version.as_str()), Some("1.0"));
    assert_eq!(decl.and_then(|d| d.encoding.as_deref()), Some("UTF-8"));
    let parts: Vec<&str> = doc
        .find_all("ItemIn/ItemID/SupplierPartID")
        .iter()
        .map(|e| e.trimmed_text())
        .collect();
    assert_eq!(parts, ["A&B", "café"]);
    let note = doc.root().at("Message/PunchOutOrderMessage/Note");
    assert_eq!(note.map(|n| n.text()), Some("<raw> text"));
    assert!(!doc.bom);
    assert_eq!(doc.first_non_ascii, None);
}

#[test]
fn records_doctype() {
    let doc = ok(CART);
    let dt = doc.doctype.as_ref();
    assert_eq!(dt.map(|d| d.name.as_str()), Some("cXML"));
    assert_eq!(
        dt.and_then(|d| d.system_id.as_deref()),
        Some("http://xml.cxml.org/schemas/cXML/1.2.023/cXML.dtd")
    );
    assert_eq!(
        dt.map(|d| d.position),
        Some(Position { line: 2, column: 1 })
    );
    assert_eq!(
        dt.and_then(Doctype::declared_dtd),
        Some(DeclaredDtd {
            version: "1.2.023".into(),
            file: "cXML.dtd".into()
        })
    );
    let local = Doctype {
        system_id: Some("cXML".into()),
        ..dt.cloned().expect("a doctype")
    };
    assert_eq!(local.declared_dtd(), None);
}

#[test]
fn positions_are_one_based_start_tags() {
    let doc = ok(CART);
    assert_eq!((doc.root().line(), doc.root().column()), (3, 1));
    let items = doc.find_all("ItemIn");
    assert_eq!((items[0].line(), items[0].column()), (6, 7));
    let part = doc.find_all("SupplierPartID");
    assert_eq!((part[1].line(), part[1].column()), (7, 36));
}

#[test]
fn paths_index_repeated_siblings_only() {
    let doc = ok(CART);
    let paths: Vec<String> = doc
        .find_all("SupplierPartID")
        .iter()
        .filter_map(|e| doc.path_of(*e))
        .collect();
    assert_eq!(
        paths,
        [
            "/cXML/Message/PunchOutOrderMessage/ItemIn[1]/ItemID/SupplierPartID",
            "/cXML/Message/PunchOutOrderMessage/ItemIn[2]/ItemID/SupplierPartID",
        ]
    );
    assert_eq!(
        doc.path_of(doc.find_all("Note")[0]).as_deref(),
        Some("/cXML/Message/PunchOutOrderMessage/Note")
    );
    // Batch lookup; positions where no element starts are left out.
    let at = doc.paths_at(&[
        Position { line: 3, column: 1 },
        Position { line: 3, column: 2 },
    ]);
    assert_eq!(at.len(), 1);
    assert_eq!(
        at.get(&Position { line: 3, column: 1 }).map(String::as_str),
        Some("/cXML")
    );
    // An element of another document has no path here.
    let other = ok("<x><y/></x>");
    assert_eq!(
        doc.path_of(other.root().children().next().expect("a child")),
        None
    );
}

#[test]
fn paths_in_one_walk_are_the_paths_one_at_a_time() {
    let doc = ok(CART);
    let all: Vec<Element<'_>> = doc.root().descendants().collect();
    let one_by_one: Vec<Option<String>> = all.iter().map(|e| doc.path_of(*e)).collect();
    // Every subset a walk might prune differently: all, every other one
    // (in reverse), only the last, only the first.
    let positions: Vec<Position> = all.iter().map(|e| e.position()).collect();
    let every_other: Vec<Position> = positions.iter().rev().step_by(2).copied().collect();
    for wanted in [
        positions.clone(),
        every_other,
        positions[positions.len() - 1..].to_vec(),
        positions[..1].to_vec(),
    ] {
        let batch = doc.paths_at(&wanted);
        assert_eq!(batch.len(), wanted.len());
        for at in &wanted {
            let i = positions
                .iter()
                .position(|p| p == at)
                .expect("known position");
            assert_eq!(batch.get(at), one_by_one[i].as_ref(), "{at:?}");
        }
    }
    assert!(one_by_one.iter().all(Option::is_some));
}

#[test]
fn many_siblings_get_indexes_through_the_map_path() {
    let items: String = (0..40).map(|i| format!("<I n=\"{i}\"/>")).collect();
    let doc = ok(&format!("<r><a/>{items}<b/></r>"));
    let found = doc.find_all("I");
    assert_eq!(found.len(), 40);
    assert_eq!(doc.path_of(found[39]).as_deref(), Some("/r/I[40]"));
    assert_eq!(
        doc.path_of(doc.root().children().next().expect("a child"))
            .as_deref(),
        Some("/r/a")
    );
}

#[test]
fn find_all_anchored_and_helpers() {
    let doc = ok("<a><b><c/></b><c/><b><c/></b></a>");
    assert_eq!(doc.find_all("/a/c").len(), 1);
    assert_eq!(doc.find_all("b/c").len(), 2);
    assert_eq!(doc.find_all("c").len(), 3);
    assert_eq!(doc.find_all("/b").len(), 0);
    assert_eq!(doc.find_all("").len(), 0);
    assert_eq!(doc.root().children_named("b").count(), 2);
    assert_eq!(
        doc.root()
            .child("c")
            .and_then(|c| doc.path_of(c))
            .as_deref(),
        Some("/a/c")
    );
    let names: Vec<&str> = doc
        .root()
        .descendants()
        .map(|e| e.name().as_str())
        .collect();
    assert_eq!(names, ["a", "b", "c", "c", "b", "c"]);
}

#[test]
fn notes_bom_and_non_ascii() {
    let doc = match parse("\u{feff}<a>\n x é</a>".as_bytes()) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    assert!(doc.bom);
    assert_eq!(doc.root().column(), 1);
    assert_eq!(doc.first_non_ascii, Some(Position { line: 2, column: 4 }));
}

#[test]
fn mismatched_end_tag_is_located() {
    let e = err(b"<a>\n  <b></c>\n</a>");
    assert_eq!(e.kind, WellFormednessKind::MismatchedEndTag);
    assert_eq!(e.line, 2);
    assert!(e.message.contains("</b>"), "{}", e.message);
}

#[test]
fn unexpected_eof_names_the_open_element() {
    let e = err(b"<a>\n<b>text");
    assert_eq!(e.kind, WellFormednessKind::UnexpectedEof);
    assert!(e.message.contains("<b>"), "{}", e.message);
    let e = err(b"<a><b");
    assert_eq!(e.kind, WellFormednessKind::UnexpectedEof);
}

#[test]
fn bad_attribute_syntax() {
    let e = err(b"<a>\n<b x=1/></a>");
    assert_eq!(e.kind, WellFormednessKind::BadAttribute);
    assert_eq!((e.line, e.column), (2, 1));
    let e = err(b"<a x=\"1\" x=\"2\"/>");
    assert_eq!(e.kind, WellFormednessKind::BadAttribute);
}

#[test]
fn invalid_utf8_is_located() {
    let e = err(b"<a>\nok \xff</a>");
    assert_eq!(e.kind, WellFormednessKind::InvalidUtf8);
    assert_eq!((e.line, e.column), (2, 4));
}

#[test]
fn undeclared_entities_fail_in_text_and_attributes() {
    let e = err(b"<a>&nbsp;</a>");
    assert_eq!(e.kind, WellFormednessKind::UndeclaredEntity);
    assert!(e.message.contains("&nbsp;"), "{}", e.message);
    let e = err(b"<a t=\"&lol9;\"/>");
    assert_eq!(e.kind, WellFormednessKind::UndeclaredEntity);
}

#[test]
fn entity_declarations_are_refused() {
    let e = err(b"<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>");
    assert_eq!(e.kind, WellFormednessKind::EntityDeclaration);
    assert!(
        e.message.contains("entity declarations are not accepted"),
        "{}",
        e.message
    );
    assert!(e.message.contains("`x`"), "{}", e.message);
}

#[test]
fn harmless_internal_subset_is_recorded() {
    let doc = ok("<!DOCTYPE a [<!ELEMENT a ANY>]><a/>");
    assert_eq!(doc.doctype.map(|d| d.has_internal_subset), Some(true));
}

#[test]
fn structure_errors() {
    assert_eq!(err(b"").kind, WellFormednessKind::NoRoot);
    assert_eq!(err(b"  <!-- c -->  ").kind, WellFormednessKind::NoRoot);
    assert_eq!(
        err(b"<a/><b/>").kind,
        WellFormednessKind::ContentOutsideRoot
    );
    assert_eq!(
        err(b"junk<a/>").kind,
        WellFormednessKind::ContentOutsideRoot
    );
    assert_eq!(
        err(b"<a/>&amp;").kind,
        WellFormednessKind::ContentOutsideRoot
    );
    assert_eq!(err(b"<a/><!DOCTYPE a>").kind, WellFormednessKind::Syntax);
    assert_eq!(err(b"<a>&#0;</a>").kind, WellFormednessKind::Syntax);
}

#[test]
fn limits_apply() {
    let limits = TreeLimits {
        max_bytes: 10,
        max_depth: 2,
    };
    let e = parse_with(b"<a>0123456789</a>", &limits).err();
    assert_eq!(e.map(|e| e.kind), Some(WellFormednessKind::TooLarge));
    let e = parse_with(
        b"<a><b><c/></b></a>",
        &TreeLimits {
            max_bytes: 100,
            ..limits
        },
    )
    .err();
    assert_eq!(
        e.as_ref().map(|e| e.kind),
        Some(WellFormednessKind::TooDeep)
    );
    assert_eq!(e.map(|e| e.status_code()), Some(StatusCode::NOT_ACCEPTABLE));
    assert!(
        parse_with(
            b"<a><b/></a>",
            &TreeLimits {
                max_bytes: 100,
                ..limits
            }
        )
        .is_ok()
    );
}

#[test]
fn size_errors_map_to_499() {
    let e = parse_with(
        b"<a/>",
        &TreeLimits {
            max_bytes: 1,
            max_depth: 4,
        },
    )
    .err();
    assert_eq!(
        e.map(|e| e.status_code()),
        Some(StatusCode::DOCUMENT_SIZE_ERROR)
    );
}

#[test]
fn line_ends_follow_xml_1_0() {
    let doc = ok("<a>x\r\ny\rz\u{85}\u{2028}<![CDATA[\r\n]]></a>");
    assert_eq!(doc.root().text(), "x\ny\nz\u{85}\u{2028}\n");
}

#[test]
fn attributes_named_finds_what_a_walk_finds() {
    let xml = r#"<cXML timestamp="t0" payloadID="p"><Header/><Request deploymentMode="test">
        <OrderRequest><OrderRequestHeader orderDate="d1" orderID="o" type="new"/>
        <ItemOut quantity="1" requestedDeliveryDate="d2"><ItemID/></ItemOut>
        <ItemOut quantity="2"/><Note/><ItemOut requestedDeliveryDate="d3"/></OrderRequest>
        </Request><Last timestamp="t1"/></cXML>"#;
    let doc = parse(xml.as_bytes()).expect("well-formed");
    let wanted = |n: &str| n == "timestamp" || n.ends_with("Date");
    let walked: Vec<(String, String, String)> = doc
        .root()
        .descendants()
        .flat_map(|el| {
            el.attrs().filter(|a| wanted(a.name)).map(move |a| {
                (
                    format!("{}@{:?}", el.name(), el.position()),
                    a.name.to_string(),
                    a.value.to_owned(),
                )
            })
        })
        .collect();
    let named: Vec<(String, String, String)> = doc
        .attributes_named(wanted)
        .map(|(el, a)| {
            (
                format!("{}@{:?}", el.name(), el.position()),
                a.name.to_string(),
                a.value.to_owned(),
            )
        })
        .collect();
    assert_eq!(named, walked);
    assert_eq!(named.len(), 5);
    assert_eq!(doc.attributes_named(|_| false).count(), 0);
}
