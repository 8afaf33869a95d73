//! The fast reader (`cxml::read::read`, setup requests and line elements
//! hand-read) against
//! the serde reader (`read_serde`, the reference): equal `Parsed` or equal
//! errors on every sample, on every fixture with arbitrary text, and on
//! fixtures mutated with the lenient constructs (comments, CDATA,
//! references, unknown elements and attributes, out-of-order and duplicate
//! children, prefixes, stray text, CR/LF).

mod support;

use cxml::read::{hand_read, read, read_serde};
use proptest::prelude::*;
use support::fixtures;

fn assert_same(bytes: &[u8]) {
    let fast = read(bytes);
    let reference = read_serde(bytes);
    assert_eq!(
        fast,
        reference,
        "fast and serde readers differ on:\n{}",
        String::from_utf8_lossy(bytes)
    );
}

fn sample_files() -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for dir in std::fs::read_dir(support::samples_dir()).expect("the samples folder can be listed")
    {
        let dir = dir
            .expect("the samples folder lists readable entries")
            .path();
        if dir.is_dir() {
            for f in std::fs::read_dir(&dir).expect("a samples subfolder can be listed") {
                files.push(
                    f.expect("a samples subfolder lists readable entries")
                        .path(),
                );
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_sample_reads_the_same() {
    shared_fixtures::skip_without_samples!();
    let files = sample_files();
    assert!(files.len() >= 30, "samples found: {}", files.len());
    let mut hand_read_count = 0;
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        assert_same(&bytes);
        if std::str::from_utf8(&bytes).is_ok_and(|t| hand_read(t).is_some()) {
            hand_read_count += 1;
        }
    }
    // Orders, carts and invoices among the samples take the fast path.
    assert!(hand_read_count >= 8, "hand-read samples: {hand_read_count}");
}

#[test]
fn setup_and_line_documents_take_the_fast_path() {
    for (kind, doc) in fixtures::all("x & <y>") {
        let xml = cxml::write::to_string(&doc).unwrap();
        let lines = matches!(
            kind,
            cxml::DocumentKind::OrderRequest
                | cxml::DocumentKind::PunchOutOrderMessage
                | cxml::DocumentKind::InvoiceDetailRequest
                | cxml::DocumentKind::PunchOutSetupRequest
        );
        assert_eq!(hand_read(&xml).is_some(), lines, "{kind:?}");
        if lines {
            assert_eq!(hand_read(&xml).unwrap(), doc, "{kind:?}");
        }
    }
}

fn text() -> impl Strategy<Value = String> {
    "[<>&\"'a-zA-Z0-9 \t\r\näöüßéñ漢字€😀-]{0,20}"
}

/// Snippets spliced in after a `>` of a written document.
const SNIPPETS: &[&str] = &[
    "<!-- c -->",
    "<?pi x?>",
    "  \r\n\t",
    "stray",
    "&amp;",
    "&#65;",
    "&#x1F600;",
    "&bogus;",
    "&#0;",
    "<![CDATA[ <x> ]]>",
    "x<!-- c -->y",
    "x&amp;",
    "x<![CDATA[y]]>",
    "x<?pi?>",
    "<Unknown a=\"1\">text<Deeper/>&lt;</Unknown>",
    "<Unknown>&bogus;</Unknown>",
    "<Extrinsic name=\"n\">v &amp; w</Extrinsic>",
    "<Extrinsic name=\"n\"><b/>v</Extrinsic>",
    "<Extrinsic/>",
    "<ShortName>s</ShortName>",
    "<Description xml:lang=\"de\">zwei</Description>",
    "<Description>no lang</Description>",
    "<Classification domain=\"UNSPSC\">   </Classification>",
    "<SupplierPartID>dup</SupplierPartID>",
    "<BuyerPartID/>",
    "<UnitOfMeasure>EA</UnitOfMeasure>",
    "<UnitPrice><Money currency=\"EUR\">1</Money></UnitPrice>",
    "<Money currency=\"EUR\">2</Money>",
    "<ItemID><SupplierPartID>p</SupplierPartID></ItemID>",
    "<ItemOut quantity=\"1\"><ItemID><SupplierPartID>o</SupplierPartID></ItemID></ItemOut>",
    "<ItemIn quantity=\"1\"><ItemID/><ItemDetail><UnitPrice><Money currency=\"X\"/></UnitPrice></ItemDetail></ItemIn>",
    "<InvoiceDetailItem invoiceLineNumber=\"9\" quantity=\"1\"><UnitPrice><Money currency=\"X\">1</Money></UnitPrice><InvoiceDetailItemReference lineNumber=\"9\"/></InvoiceDetailItem>",
    "<InvoiceDetailOrder><InvoiceDetailOrderInfo/></InvoiceDetailOrder>",
    "<Comments>c<Attachment><URL>u</URL></Attachment></Comments>",
    "<Tax><Money currency=\"X\">1</Money><Description xml:lang=\"en\">t</Description></Tax>",
    "<p:ItemOut quantity=\"3\"><ItemID/></p:ItemOut>",
    "<ItemID xmlns:p=\"urn:x\"><p:SupplierPartID>q</p:SupplierPartID></ItemID>",
    "<Status code=\"200\" text=\"OK\"/>",
    "<OrderRequest/>",
    "<!DOCTYPE x>",
    "</Broken>",
    "<Credential domain=\"d\"><Identity>i</Identity></Credential>",
    "<Credential domain=\"d\"><Identity/><SharedSecret/></Credential>",
    "<Credential><Identity>no domain</Identity></Credential>",
    "<Identity>again</Identity>",
    "<SharedSecret>s<b/>t</SharedSecret>",
    "<SharedSecret></SharedSecret>",
    "<CredentialMac type=\"t\" algorithm=\"a\" creationDate=\"c\" expirationDate=\"e\">m</CredentialMac>",
    "<UserAgent>ua</UserAgent>",
    "<From><Credential domain=\"x\"><Identity>y</Identity></Credential></From>",
    "<Sender/>",
    "<Header/>",
    "<Request><PunchOutSetupRequest operation=\"create\"/></Request>",
    "<PunchOutSetupRequest operation=\"edit\"><BuyerCookie/></PunchOutSetupRequest>",
    "<BuyerCookie>c</BuyerCookie>",
    "<BuyerCookie><a>b</a></BuyerCookie>",
    "<BrowserFormPost><URL>u</URL></BrowserFormPost>",
    "<SupplierSetup/>",
    "<URL name=\"n\">v</URL>",
    "<Contact role=\"r\"><Name xml:lang=\"en\">n</Name></Contact>",
    "<ShipTo><Address><Name xml:lang=\"en\">n</Name></Address></ShipTo>",
    "<SelectedItem><ItemID><SupplierPartID>s</SupplierPartID></ItemID></SelectedItem>",
    "<Message><PunchOutOrderMessage/></Message>",
    "<Street>s</Street>",
    "<DeliverTo/>",
    "<City>c</City>",
    "<Country isoCountryCode=\"US\">U</Country>",
    "<Country>no iso</Country>",
    "<State isoStateCode=\"CA\">ca</State>",
    "<PostalCode> 1 </PostalCode>",
    "<Name>no lang</Name>",
    "<Name xml:lang=\"en\"/>",
    "<Email name=\"n\" preferredLang=\"en\">e</Email>",
    "<Phone><TelephoneNumber><CountryCode isoCountryCode=\"1\">1</CountryCode><Number>2</Number></TelephoneNumber></Phone>",
    "<Phone/>",
    "<PostalAddress><Country isoCountryCode=\"X\"/></PostalAddress>",
    "<PostalAddress><Country>no iso</Country></PostalAddress>",
    "<PostalAddress><City/></PostalAddress>",
    "<Phone><TelephoneNumber><CountryCode>no iso</CountryCode></TelephoneNumber></Phone>",
    "<Phone><TelephoneNumber/></Phone>",
    "<IdReference identifier=\"i\" domain=\"d\"/>",
    "<Address><Name xml:lang=\"en\">a</Name></Address>",
    "<Response><Status code=\"200\" text=\"OK\"/></Response>",
];

/// Attributes spliced into a start tag.
const ATTRS: &[&str] = &[
    " unknown=\"1\"",
    " xml:lang=\"fr\"",
    " lineNumber=\"7\"",
    " quantity=\"&lt;3&gt;\"",
    " name=\"&#x41;\r\nB\"",
    " p:quantity=\"4\"",
    " xsi:nil=\"true\"",
    " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:nil=\"true\"",
    " currency=\"EUR\"",
    " domain=\"a &amp; b\"",
    " unknown=\"1\" unknown=\"2\"",
    " a = \"1\"",
    "\n\tquantity='2'",
    " x=\"1\" lineNumber = '8'",
    " ä=\"1\" xml:lang=\"it\"",
    " bad",
    " q=\"unclosed",
    " u=\"1\" u = \"2\"",
    " operation=\"inspect\"",
    " operation=\"Create\"",
    " deploymentMode=\"test\"",
    " deploymentMode=\"&#116;est\"",
    " deploymentMode=\"staging\"",
    " payloadID=\"p\"",
    " timestamp=\"t\"",
    " version=\"1.2.014\"",
    " type=\"marketplace\"",
    " isoCountryCode=\"DE\"",
    " addressID=\"A\"",
    " role=\"buyer\"",
    " name=\"n\"",
];

fn mutate(xml: &str, edits: &[(usize, usize, bool)]) -> String {
    let mut out = xml.to_owned();
    for &(at, which, attr) in edits {
        let anchors: Vec<usize> = if attr {
            out.match_indices('<')
                .filter(|(i, _)| {
                    out[i + 1..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic())
                })
                .map(|(i, _)| i + 1 + out[i + 1..].find([' ', '>', '/']).unwrap_or(0))
                .collect()
        } else {
            out.match_indices('>').map(|(i, _)| i + 1).collect()
        };
        if anchors.is_empty() {
            continue;
        }
        let pos = anchors[at % anchors.len()];
        let snippet = if attr {
            ATTRS[which % ATTRS.len()]
        } else {
            SNIPPETS[which % SNIPPETS.len()]
        };
        out.insert_str(pos, snippet);
    }
    out
}

/// The documents a hand reader takes: setup requests whole, the others
/// for their lines.
fn line_documents(t: &str) -> Vec<cxml::CXml> {
    vec![
        fixtures::punch_out_setup_request(t),
        fixtures::order_request(t),
        fixtures::punch_out_order_message(t),
        fixtures::invoice_detail_request(t),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn fixtures_read_the_same(t in text()) {
        for (_, doc) in fixtures::all(&t) {
            let xml = cxml::write::to_string(&doc).unwrap();
            assert_same(xml.as_bytes());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn mutated_documents_read_the_same(
        t in text(),
        which in 0usize..4,
        edits in prop::collection::vec((any::<usize>(), any::<usize>(), any::<bool>()), 1..4),
    ) {
        let doc = &line_documents(&t)[which];
        let xml = cxml::write::to_string(doc).unwrap();
        assert_same(mutate(&xml, &edits).as_bytes());
    }
}

/// Every snippet and every attribute at every anchor of each line document,
/// one at a time: exhaustive where the property test samples.
#[test]
fn every_single_edit_reads_the_same() {
    let (mut total, mut hand) = (0, 0);
    for doc in line_documents("a&b") {
        let xml = cxml::write::to_string(&doc).unwrap();
        let anchors = xml.matches('>').count().max(xml.matches('<').count());
        for at in 0..anchors {
            let edits = (0..SNIPPETS.len())
                .map(|w| (w, false))
                .chain((0..ATTRS.len()).map(|w| (w, true)));
            for (which, attr) in edits {
                {
                    let mutated = mutate(&xml, &[(at, which, attr)]);
                    assert_same(mutated.as_bytes());
                    total += 1;
                    if hand_read(&mutated).is_some() {
                        hand += 1;
                    }
                }
            }
        }
    }
    eprintln!("{hand} of {total} edited documents hand-read");
    // Most edits are lenient constructs the hand reader models itself.
    assert!(hand * 2 > total, "{hand} of {total} hand-read");
}
