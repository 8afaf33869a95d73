//! The two ways a document is checked (in order, and with the DTD pass
//! started early beside the reading) give the same report.

use super::*;

/// Every report of `bytes` both ways, as JSON to compare whole.
fn both_ways(bytes: &[u8], catalog: &DtdCatalog) -> (String, String) {
    let ctx = RuleContext::default();
    let report = |parallel_from| {
        let report = validate_choosing_with(bytes, &ctx, |_| Some(catalog), parallel_from)
            .expect("the DTDs load");
        serde_json::to_string_pretty(&report).expect("a report serialises")
    };
    (report(usize::MAX), report(0))
}

const DTD: &str = "<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.071/cXML.dtd\">";

/// Documents that take each turn of the early path: done, not well-formed
/// (at the head and later), an entity only the DTD declares (read again),
/// a Response with nothing but Status, a bodiless root, another root.
fn crafted() -> Vec<String> {
    let header = "<Header><From><Credential domain=\"d\"><Identity>a</Identity></Credential></From>\
                  <To><Credential domain=\"d\"><Identity>b</Identity></Credential></To>\
                  <Sender><Credential domain=\"d\"><Identity>c</Identity></Credential>\
                  <UserAgent>u</UserAgent></Sender></Header>";
    let cxml = |body: &str| {
        format!(
            "<?xml version=\"1.0\"?>\n{DTD}\n<cXML payloadID=\"1@x\" \
             timestamp=\"2025-01-02T03:04:05Z\">{body}</cXML>"
        )
    };
    vec![
        cxml(&format!("{header}<Request><ProfileRequest/></Request>")),
        cxml("<Response><Status code=\"200\" text=\"OK\"/></Response>"),
        cxml(
            "<Response><Status code=\"200\" text=\"OK\"/><ProfileResponse \
              effectiveDate=\"2025-01-01\"/></Response>",
        ),
        cxml("<Response/>"),
        cxml(""),
        cxml(&format!("{header}<Request><ProfileRequest></Request>")),
        cxml(&format!(
            "{header}<Request><ProfileRequest/></Request><Extra/>"
        )),
        cxml(&format!(
            "{header}<Request deploymentMode=\"&cxml.version;\"><ProfileRequest/></Request>"
        )),
        cxml(&format!(
            "{header}<Request><ProfileRequest/>&nbsp;</Request>"
        )),
        format!("<?xml version=\"1.0\"?>\n<Index><SupplierID domain=\"d\">x</SupplierID></Index>"),
        "<cXML".to_owned(),
        String::new(),
    ]
}

#[test]
fn early_dtd_pass_reports_what_the_ordered_one_does() {
    shared_fixtures::skip_without_dtds!();
    let catalog = DtdCatalog::new(shared_fixtures::dtds());
    let mut documents: Vec<Vec<u8>> = crafted().into_iter().map(String::into_bytes).collect();
    if let Some(samples) = shared_fixtures::find_samples() {
        let mut paths = Vec::new();
        xml_files(&samples, &mut paths);
        paths.sort();
        for path in paths {
            documents.push(std::fs::read(&path).expect("a sample reads"));
        }
    }
    assert!(documents.len() > 12);
    let mut heads_read = 0;
    for bytes in &documents {
        // The head agrees with the tree wherever the tree reads, so the
        // early path is the one taken, not the fallback.
        if let Ok(text) = std::str::from_utf8(bytes)
            && let Ok(parsed) = parse_expanded(text, &TreeLimits::default())
            && !text.contains("<!ENTITY")
        {
            let doc = parsed.document;
            let head = tree::read_head(text).expect("a readable document has a head");
            assert_eq!(head.root, doc.root().name().as_str());
            assert_eq!(head.document_type, document_type(doc.root()));
            assert_eq!(
                head.declared,
                doc.doctype.as_ref().and_then(|d| d.declared_dtd())
            );
            heads_read += 1;
        }
        let (in_order, early) = both_ways(bytes, &catalog);
        assert_eq!(
            in_order,
            early,
            "{}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
        );
    }
    assert!(heads_read > 8, "{heads_read}");
}

fn xml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir)
        .expect("a samples folder reads")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            xml_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "xml") {
            out.push(path);
        }
    }
}

#[test]
fn the_first_bytes_tell_the_dtd_the_whole_document_needs() {
    let order = crafted().remove(0);
    let invoice = order.replace(
        "<Request><ProfileRequest/></Request>",
        "<Request><InvoiceDetailRequest/></Request>",
    );
    for (doc, wanted) in [(&order, "cXML.dtd"), (&invoice, "InvoiceDetail.dtd")] {
        let (declared, file) = dtd_of_head(doc.as_bytes()).expect("the head tells");
        assert_eq!(file, wanted);
        assert_eq!(declared.map(|d| d.version), Some("1.2.071".to_owned()));
    }
    // Bytes that stop inside a character, after the head: still told.
    let long = order.replace("<ProfileRequest/>", "<ProfileRequest/><!-- é -->");
    let cut = long.find('é').expect("there is an é") + 1;
    assert_eq!(
        dtd_of_head(&long.as_bytes()[..cut]).map(|(_, f)| f),
        Some("cXML.dtd")
    );
    // Bytes that stop before the body's first element: not told.
    let before_body = order.find("<Request>").expect("a Request");
    assert_eq!(dtd_of_head(&order.as_bytes()[..before_body]), None);
}

#[test]
fn a_catalog_gives_threads_one_dtd_and_retries_a_missing_one() {
    let dir = std::env::temp_dir().join(format!("procsim-catalog-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let catalog = DtdCatalog::new(&dir);
    // Missing: an error, and tried again at the next call.
    assert!(catalog.get("t.dtd").is_err());
    std::fs::write(dir.join("t.dtd"), "<!ELEMENT t EMPTY>").expect("the DTD writes");
    let got: Vec<Arc<Dtd>> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| catalog.get("t.dtd").expect("the DTD loads")))
            .collect();
        threads
            .into_iter()
            .map(|t| t.join().expect("no panic"))
            .collect()
    });
    assert!(got.iter().all(|dtd| Arc::ptr_eq(dtd, &got[0])));
    std::fs::remove_dir_all(&dir).expect("cleaned up");
}
