//! `Index`, the catalog a supplier publishes: written documents are valid
//! against the official cXML.dtd and read back equal; the public sample
//! reads; what the DTD forbids is refused on write and on read.

mod support;

use cxml::{
    Money, ReadError,
    common::{Classification, Comments, Description, Extrinsic, ItemId, UnitPrice},
    doc::{
        Index, IndexItem, IndexItemDelete, IndexItemPunchout, LoadMode, PunchoutDetail,
        PunchoutLevel, SupplierId,
    },
    write::WriteError,
};
use support::assert_dtd_valid;

fn punchout_item(t: &str) -> IndexItemPunchout {
    let mut detail = PunchoutDetail::new(
        Description::new("en", format!("Software marketplace {t}")),
        "https://market.example/cxml",
        Classification {
            domain: "UNSPSC".into(),
            code: None,
            value: "43232701".into(),
        },
    );
    detail.punchout_level = Some(PunchoutLevel::Store);
    detail.unit_price = Some(UnitPrice::of(
        &Money::parse("USD", "0.01").expect("0.01 USD is a valid amount"),
    ));
    detail.unit_of_measure = Some("EA".into());
    detail.lead_time = Some("0".into());
    detail.extrinsic = vec![Extrinsic::new("Seller", t)];
    IndexItemPunchout {
        item_id: ItemId::new("MARKETPLACE", Some("store".into())),
        punchout_detail: detail,
    }
}

fn index(t: &str) -> Index {
    let mut index = Index::new(
        SupplierId::new("NetworkID", "AN01000000999"),
        IndexItem {
            punchout: vec![punchout_item(t)],
            ..IndexItem::default()
        },
    );
    index.load_mode = Some(LoadMode::Full);
    index.supplier_id.push(SupplierId::new("DUNS", "123456789"));
    index.comments = Some(Comments {
        text: Some(format!("published {t}")),
        ..Comments::default()
    });
    index
}

#[test]
fn a_punchout_index_is_dtd_valid_and_round_trips() {
    for t in ["plain", "Ünïcødé <&\"'> text"] {
        let doc = index(t);
        let xml = doc.to_xml().unwrap();
        assert!(xml.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE Index SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.071/cXML.dtd\">\n<Index"
        ));
        assert_dtd_valid(&xml, "cXML.dtd");
        let parsed = Index::read(xml.as_bytes()).unwrap();
        assert_eq!(parsed.index, doc);
        assert!(parsed.advisories.is_empty(), "{:?}", parsed.advisories);
        assert_eq!(parsed.index.to_xml().unwrap(), xml);
        assert_eq!(parsed.index.supplier_in("networkid"), Some("AN01000000999"));
        let item = parsed.index.punchout_items().next().unwrap();
        assert_eq!(item.punchout_detail.level(), PunchoutLevel::Store);
    }
}

#[test]
fn a_delete_index_is_dtd_valid() {
    let doc = Index::new(
        SupplierId::new("NetworkID", "AN01000000999"),
        IndexItem {
            delete: vec![IndexItemDelete {
                item_id: ItemId::new("MARKETPLACE", None),
            }],
            ..IndexItem::default()
        },
    );
    let xml = doc.to_xml().unwrap();
    assert_dtd_valid(&xml, "cXML.dtd");
    let parsed = Index::read(xml.as_bytes()).unwrap().index;
    assert_eq!(parsed.deleted_items().count(), 1);
}

#[test]
fn the_public_sample_reads() {
    shared_fixtures::skip_without_samples!();
    let bytes = std::fs::read(support::samples_dir().join("cxml-php/metadata-Index.xml")).unwrap();
    let parsed = Index::read(&bytes).unwrap();
    let index = parsed.index;
    assert_eq!(index.load_mode, Some(LoadMode::Full));
    assert_eq!(index.supplier_in("supplier"), Some("id"));
    let add = &index.index_item[0].add[0];
    assert_eq!(add.item_id.supplier_part_id, "PROMINATE-SKU");
    assert_eq!(add.item_detail.description.len(), 2);
    assert_eq!(add.index_item_detail.lead_time, "2");
    // Written back, the modelled part is still valid against the DTD.
    assert_dtd_valid(&index.to_xml().unwrap(), "cXML.dtd");
}

#[test]
fn what_the_dtd_forbids_is_not_written() {
    let mut doc = index("x");
    doc.supplier_id.clear();
    assert_eq!(
        doc.to_xml(),
        Err(WriteError::MissingRequired("Index/SupplierID"))
    );
    let mut doc = index("x");
    doc.index_item[0].punchout[0]
        .punchout_detail
        .classification
        .clear();
    assert_eq!(
        doc.to_xml(),
        Err(WriteError::MissingRequired("PunchoutDetail/Classification"))
    );
    let mut doc = index("x");
    doc.index_item[0].delete.push(IndexItemDelete {
        item_id: ItemId::new("A", None),
    });
    assert!(matches!(doc.to_xml(), Err(WriteError::MissingRequired(_))));
}

#[test]
fn other_roots_and_incomplete_indexes_are_refused_on_read() {
    let envelope = br#"<?xml version="1.0"?><cXML payloadID="a" timestamp="b"/>"#;
    assert_eq!(
        Index::read(envelope).unwrap_err(),
        ReadError::UnexpectedRoot {
            found: "cXML".into(),
            expected: "Index"
        }
    );
    let no_items = br#"<Index><SupplierID domain="NetworkID">AN1</SupplierID></Index>"#;
    let err = Index::read(no_items).unwrap_err();
    assert!(matches!(err, ReadError::Structure(_)), "{err:?}");
    assert_eq!(err.status_code(), 406);
    let subset = br#"<!DOCTYPE Index [<!ENTITY x "y">]><Index/>"#;
    assert_eq!(Index::read(subset).unwrap_err(), ReadError::InternalSubset);
}
