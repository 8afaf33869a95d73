//! Every modelled document type: written documents are valid against the
//! DTD for their kind, and read -> write -> read gives equal values.

mod support;

use support::{assert_dtd_valid, fixtures};

#[test]
fn every_document_type_is_dtd_valid_and_round_trips() {
    for (kind, doc) in fixtures::all("Ünïcødé <&\"'> text") {
        assert_eq!(doc.kind(), kind);
        let xml = cxml::write::to_string(&doc).unwrap();
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.071/"));
        assert!(xml.contains(kind.dtd_file()), "{kind}: wrong DOCTYPE");
        assert_dtd_valid(&xml, kind.dtd_file());
        let parsed = cxml::read::read(xml.as_bytes()).unwrap();
        assert_eq!(parsed.kind, kind);
        assert_eq!(parsed.doc, doc, "{kind}: read back differs");
        assert!(
            parsed.advisories.is_empty(),
            "{kind}: {:?}",
            parsed.advisories
        );
        let again = cxml::write::to_string(&parsed.doc).unwrap();
        assert_eq!(again, xml, "{kind}: second write differs");
    }
}

#[test]
fn refuses_to_write_what_would_be_invalid() {
    use cxml::envelope::RequestBody;
    use cxml::write::WriteError;
    let mut doc = fixtures::order_request("x");
    if let Some(RequestBody::OrderRequest(o)) = doc.request.as_mut().map(|r| &mut r.body) {
        o.item_out.clear();
    }
    assert_eq!(
        cxml::write::to_string(&doc),
        Err(WriteError::MissingRequired("OrderRequest/ItemOut"))
    );
    let mut doc = fixtures::order_request("x");
    doc.response = fixtures::status_response("x").response;
    assert_eq!(cxml::write::to_string(&doc), Err(WriteError::Shape));
    let mut doc = fixtures::order_request("x");
    doc.request.as_mut().unwrap().body = RequestBody::Other("CatalogUploadRequest".into());
    assert_eq!(
        cxml::write::to_string(&doc),
        Err(WriteError::Unsupported("CatalogUploadRequest".into()))
    );
}
