//! Every real-world sample in the shared folder parses into a tree, with
//! positions and paths that point at the right places.

use std::path::PathBuf;

use cxml::tree::{self, Document};

/// The public samples; each test using them starts with
/// `shared_fixtures::skip_without_samples!()`.
fn samples_dir() -> PathBuf {
    shared_fixtures::samples()
}

fn samples() -> Vec<PathBuf> {
    let root = samples_dir();
    let mut files = Vec::new();
    for dir in std::fs::read_dir(&root).expect("the samples folder can be listed") {
        let dir = dir
            .expect("the samples folder lists readable entries")
            .path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).expect("a samples subfolder can be listed") {
            let file = file
                .expect("a samples subfolder lists readable entries")
                .path();
            if file.extension().is_some_and(|e| e == "xml") {
                files.push(file);
            }
        }
    }
    files.sort();
    files
}

fn sample(rel: &str) -> Document {
    let bytes = std::fs::read(samples_dir().join(rel)).expect("the sample file is readable");
    tree::parse(&bytes).expect("the sample parses into a tree")
}

#[test]
fn every_sample_parses() {
    shared_fixtures::skip_without_samples!();
    let files = samples();
    assert!(files.len() >= 30, "only {} samples found", files.len());
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        if let Err(e) = tree::parse(&bytes) {
            panic!("{}: {e}", file.display());
        }
    }
}

#[test]
fn coupa_setup_request_positions_and_paths() {
    shared_fixtures::skip_without_samples!();
    let doc = sample("officeluv-cxml/punch_out_setup_request_doc_coupa.xml");
    assert_eq!(doc.root().name(), "cXML");
    assert_eq!((doc.root().line(), doc.root().column()), (3, 1));
    let url = doc.find_all("PunchOutSetupRequest/BrowserFormPost/URL");
    assert_eq!(url.len(), 1);
    assert_eq!(
        url[0].trimmed_text(),
        "https://qa.coupahost.com/punchout/checkout/4"
    );
    assert_eq!(
        doc.path_of(url[0]).as_deref(),
        Some("/cXML/Request/PunchOutSetupRequest/BrowserFormPost/URL")
    );
    assert_eq!((url[0].line(), url[0].column()), (37, 1));
    let extrinsics: Vec<&str> = doc
        .find_all("PunchOutSetupRequest/Extrinsic")
        .iter()
        .map(|e| e.attr("name").unwrap())
        .collect();
    assert_eq!(
        extrinsics,
        [
            "FirstName",
            "LastName",
            "UniqueName",
            "UserEmail",
            "User",
            "BusinessUnit"
        ]
    );
    assert_eq!(
        doc.path_of(doc.find_all("Extrinsic")[3]).as_deref(),
        Some("/cXML/Request/PunchOutSetupRequest/Extrinsic[4]")
    );
    let dt = doc.doctype.unwrap();
    assert_eq!(
        dt.system_id.as_deref(),
        Some("http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd")
    );
}

#[test]
fn cart_items_are_indexed() {
    shared_fixtures::skip_without_samples!();
    let doc = sample("cxml-php/CXmlTest-poom.xml");
    let parts: Vec<(String, &str)> = doc
        .find_all("ItemIn/ItemID/SupplierPartID")
        .iter()
        .map(|e| (doc.path_of(*e).unwrap(), e.trimmed_text()))
        .collect();
    assert_eq!(
        parts,
        [
            (
                "/cXML/Message/PunchOutOrderMessage/ItemIn[1]/ItemID/SupplierPartID".to_owned(),
                "5555"
            ),
            (
                "/cXML/Message/PunchOutOrderMessage/ItemIn[2]/ItemID/SupplierPartID".to_owned(),
                "666"
            ),
        ]
    );
}

#[test]
fn fragments_parse_with_their_own_root() {
    shared_fixtures::skip_without_samples!();
    let doc = sample("officeluv-cxml/item_in.xml");
    assert_eq!(doc.root().name(), "ItemIn");
    assert!(doc.doctype.is_none());
    // CDATA content is part of the element text.
    let desc = doc.root().at("ItemDetail/Description").unwrap();
    assert_eq!(
        desc.trimmed_text(),
        "AGENDA MAGAZINE RACK A4 CHARCOAL 25990"
    );
}

#[test]
fn large_document_parses() {
    // About 2.4 MB: a cart with 6,000 lines.
    let line = "<ItemIn quantity=\"1\"><ItemID><SupplierPartID>P-0001</SupplierPartID></ItemID>\
                <ItemDetail><UnitPrice><Money currency=\"USD\">1.00</Money></UnitPrice>\
                <Description xml:lang=\"en\">A description of a line item in the cart</Description>\
                <UnitOfMeasure>EA</UnitOfMeasure><Classification domain=\"UNSPSC\">43232701</Classification>\
                </ItemDetail></ItemIn>\n";
    let body = line.repeat(6_000);
    let xml = format!(
        "<cXML><Message><PunchOutOrderMessage>\n{body}</PunchOutOrderMessage></Message></cXML>"
    );
    assert!(xml.len() > 2_000_000);
    let doc = tree::parse(xml.as_bytes()).unwrap();
    let items = doc.find_all("ItemIn");
    assert_eq!(items.len(), 6_000);
    assert_eq!(
        doc.path_of(items[5_999]).as_deref(),
        Some("/cXML/Message/PunchOutOrderMessage/ItemIn[6000]")
    );
    assert_eq!(items[5_999].line(), 6_001);
}
