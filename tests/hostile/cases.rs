//! The bad-input matrix: each case is what an attacker or an unlucky
//! partner sends, where, and what procsim must answer. Every case also
//! leaves every service healthy and changes no state (journals aside);
//! the runner checks both. `docs/hostile-matrix.md` is written from this
//! table.

use cxml::{CXml, common::Credential, envelope::RequestBody};

use super::fixture::{Fixture, SECRET, write};

/// A request as it goes on the wire.
pub struct Probe {
    pub service: &'static str,
    pub method: reqwest::Method,
    pub path: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// What must come back.
pub struct Expect {
    pub http: u16,
    /// The cXML Status code, when the answer must be cXML.
    pub cxml: Option<u16>,
    /// Text the answer must contain (the Status text or the page).
    pub says: &'static str,
    /// A response header that must start with a value.
    pub header: Option<(&'static str, &'static str)>,
    /// A secret that must show nowhere in what the service journaled.
    pub hides: Option<&'static str>,
}

pub struct Case {
    pub name: &'static str,
    /// Where it goes, for the table.
    pub sent_to: &'static str,
    pub probe: fn(&Fixture) -> Probe,
    pub expect: Expect,
}

const MARKETPLACE_CXML: &str = "marketplace `POST /cxml`";
const EVIL: &str = "http://evil.example";
/// A secret nobody configured, sent by a stranger.
const UNKNOWN_SECRET: &str = "nested-unknown-7q2";
/// `buyer:nested-unknown-7q2`, as HTTP Basic sends it.
const BASIC_STRANGER: &str = "YnV5ZXI6bmVzdGVkLXVua25vd24tN3Ey";

const fn cxml(code: u16, says: &'static str) -> Expect {
    Expect {
        http: 200,
        cxml: Some(code),
        says,
        header: None,
        hides: None,
    }
}

const fn page(http: u16, says: &'static str) -> Expect {
    Expect {
        http,
        cxml: None,
        says,
        header: None,
        hides: None,
    }
}

fn post(service: &'static str, path: &str, headers: &[(&'static str, &str)], body: &[u8]) -> Probe {
    Probe {
        service,
        method: reqwest::Method::POST,
        path: path.to_owned(),
        headers: headers.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(),
        body: body.to_vec(),
    }
}

fn to_marketplace(body: &[u8]) -> Probe {
    post(
        "marketplace",
        "/cxml",
        &[("content-type", "text/xml; charset=UTF-8")],
        body,
    )
}

/// A document of the fixture's, changed by `change` and written again.
fn changed(bytes: &[u8], change: impl FnOnce(&mut CXml)) -> Vec<u8> {
    let mut doc = cxml::read::read(bytes)
        .expect("the fixture's document reads")
        .doc;
    change(&mut doc);
    write(&doc).expect("a changed document writes")
}

fn order_of(doc: &mut CXml) -> &mut cxml::doc::OrderRequest {
    match &mut doc.request.as_mut().expect("a request").body {
        RequestBody::OrderRequest(order) => order,
        _ => panic!("the fixture's order is an OrderRequest"),
    }
}

/// The accepted order, its one line's quantity set to `quantity`.
fn with_quantity(f: &Fixture, quantity: &str) -> Vec<u8> {
    changed(&f.accepted, |doc| {
        doc.payload_id = format!("quantity-{quantity}@hostile");
        let order = order_of(doc);
        order.header.order_id = format!("PO-Q{quantity}");
        order.item_out[0].quantity = quantity.to_owned();
    })
}

/// The accepted order as a new one whose Total says `total`.
fn with_total(f: &Fixture, total: &str) -> Vec<u8> {
    changed(&f.accepted, |doc| {
        doc.payload_id = format!("total-{total}@hostile");
        let order = order_of(doc);
        order.header.order_id = format!("PO-T{total}");
        order.header.total.money.amount = total.to_owned();
    })
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A setup request carrying a secret nobody configured (so only the
/// structural masking can hide it), written whole.
fn stranger_setup(f: &Fixture) -> String {
    let identities = f.partner.identities_with(UNKNOWN_SECRET);
    text(&write(&f.partner.setup_request(&identities, "http://coupa.test/r")).expect("writes"))
}

/// That request cut off right after its shared secret.
fn cut_in_secret(f: &Fixture) -> Vec<u8> {
    let setup = stranger_setup(f);
    let end = setup
        .find(UNKNOWN_SECRET)
        .expect("the setup carries the secret")
        + UNKNOWN_SECRET.len();
    setup.as_bytes()[..end].to_vec()
}

/// The stranger's setup with its secret element's content replaced.
fn with_secret_content(f: &Fixture, content: &str) -> Vec<u8> {
    stranger_setup(f)
        .replace(
            &format!("<SharedSecret>{UNKNOWN_SECRET}</SharedSecret>"),
            &format!("<SharedSecret>{content}</SharedSecret>"),
        )
        .into_bytes()
}

/// An InvoiceDetailRequest for PO `po` (in `DocumentReference@payloadID`,
/// where Coupa reads it) to Coupa's inbox, From `from` with
/// `secret`, To `to`.
fn invoice(po: &str, from: &str, to: &str, secret: &str) -> Vec<u8> {
    let money = |amount: &str| format!("<Money currency=\"USD\">{amount}</Money>");
    let credential = |id: &str| {
        format!("<Credential domain=\"NetworkID\"><Identity>{id}</Identity></Credential>")
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.071/InvoiceDetail.dtd\">\n\
         <cXML payloadID=\"invoice-{po}@hostile\" timestamp=\"2026-01-01T00:00:00Z\">\
         <Header><From>{}</From><To>{}</To><Sender><Credential domain=\"NetworkID\">\
         <Identity>{from}</Identity><SharedSecret>{secret}</SharedSecret></Credential>\
         <UserAgent>hostile</UserAgent></Sender></Header>\
         <Request deploymentMode=\"production\"><InvoiceDetailRequest>\
         <InvoiceDetailRequestHeader invoiceID=\"INV-{po}\" purpose=\"standard\" operation=\"new\" \
         invoiceDate=\"2026-01-01T00:00:00Z\"><InvoiceDetailHeaderIndicator/>\
         <InvoiceDetailLineIndicator/></InvoiceDetailRequestHeader>\
         <InvoiceDetailOrder><InvoiceDetailOrderInfo><OrderReference orderID=\"{po}\">\
         <DocumentReference payloadID=\"{po}\"/></OrderReference>\
         </InvoiceDetailOrderInfo><InvoiceDetailItem invoiceLineNumber=\"1\" quantity=\"1\">\
         <UnitOfMeasure>EA</UnitOfMeasure><UnitPrice>{}</UnitPrice>\
         <InvoiceDetailItemReference lineNumber=\"1\"><ItemID><SupplierPartID>P-1</SupplierPartID>\
         </ItemID><Description xml:lang=\"en\">a line</Description></InvoiceDetailItemReference>\
         <SubtotalAmount>{}</SubtotalAmount></InvoiceDetailItem></InvoiceDetailOrder>\
         <InvoiceDetailSummary><SubtotalAmount>{}</SubtotalAmount><Tax>{}\
         <Description xml:lang=\"en\">no tax</Description></Tax><NetAmount>{}</NetAmount>\
         </InvoiceDetailSummary></InvoiceDetailRequest></Request></cXML>",
        credential(from),
        credential(to),
        money("10.00"),
        money("10.00"),
        money("10.00"),
        money("0.00"),
        money("10.00"),
    )
    .into_bytes()
}

fn to_coupa(body: &[u8]) -> Probe {
    post("coupa", "/cxml", &[("content-type", "text/xml")], body)
}

/// Coupa's inbox, as the matrix names it.
const COUPA_CXML: &str = "coupa `POST /cxml` (invoice inbox)";

pub fn all() -> Vec<Case> {
    vec![
        Case {
            name: "empty body",
            sent_to: MARKETPLACE_CXML,
            probe: |_| to_marketplace(b""),
            expect: cxml(406, "no root element"),
        },
        Case {
            name: "not XML",
            sent_to: MARKETPLACE_CXML,
            probe: |_| to_marketplace(b"hello, is this the marketplace?"),
            expect: cxml(406, "no root element"),
        },
        Case {
            name: "truncated document",
            sent_to: MARKETPLACE_CXML,
            probe: |f| to_marketplace(&f.accepted[..f.accepted.len() / 2]),
            expect: cxml(406, "document"),
        },
        Case {
            name: "a stranger's secret, cut off inside `<SharedSecret>`",
            sent_to: MARKETPLACE_CXML,
            probe: |f| to_marketplace(&cut_in_secret(f)),
            expect: Expect {
                hides: Some(UNKNOWN_SECRET),
                ..cxml(406, "document")
            },
        },
        Case {
            name: "a stranger's secret nested in `<SharedSecret>`",
            sent_to: MARKETPLACE_CXML,
            probe: |f| {
                to_marketplace(&with_secret_content(
                    f,
                    &format!("<SharedSecret>x</SharedSecret>{UNKNOWN_SECRET}"),
                ))
            },
            expect: Expect {
                hides: Some(UNKNOWN_SECRET),
                ..cxml(406, "cXML structure")
            },
        },
        Case {
            name: "a stranger's secret behind a processing instruction",
            sent_to: MARKETPLACE_CXML,
            probe: |f| {
                to_marketplace(&with_secret_content(
                    f,
                    &format!("<?x </SharedSecret>?>{UNKNOWN_SECRET}"),
                ))
            },
            expect: Expect {
                hides: Some(UNKNOWN_SECRET),
                ..cxml(401, "Sender credentials not recognised")
            },
        },
        Case {
            name: "the connection's own secret, cut off inside `<SharedSecret>`",
            sent_to: MARKETPLACE_CXML,
            probe: |f| {
                let setup = text(&f.setup);
                let end = setup.find(SECRET).expect("the setup carries the secret") + SECRET.len();
                to_marketplace(&setup.as_bytes()[..end])
            },
            expect: Expect {
                hides: Some(SECRET),
                ..cxml(406, "document")
            },
        },
        Case {
            name: "wrong shared secret",
            sent_to: MARKETPLACE_CXML,
            probe: |f| {
                let identities = f.partner.identities_with("guess");
                to_marketplace(
                    &write(&f.partner.setup_request(&identities, "http://coupa.test/r"))
                        .expect("writes"),
                )
            },
            expect: cxml(401, "Sender credentials not recognised"),
        },
        Case {
            name: "no shared secret",
            sent_to: MARKETPLACE_CXML,
            probe: |f| {
                to_marketplace(&changed(&f.setup, |doc| {
                    let header = doc.header.as_mut().expect("a header");
                    header.sender.credential[0].shared_secret = None;
                }))
            },
            expect: cxml(401, "Sender credentials not recognised"),
        },
        Case {
            name: "unknown buyer in `From`",
            sent_to: MARKETPLACE_CXML,
            probe: |f| {
                to_marketplace(&changed(&f.setup, |doc| {
                    let header = doc.header.as_mut().expect("a header");
                    header.from.credential[0] = Credential::new("NetworkID", "coupa-stranger");
                }))
            },
            expect: cxml(401, "Sender credentials not recognised"),
        },
        Case {
            name: "addressed to someone else (`To`)",
            sent_to: MARKETPLACE_CXML,
            probe: |f| {
                to_marketplace(&changed(&f.setup, |doc| {
                    let header = doc.header.as_mut().expect("a header");
                    header.to.credential[0] = Credential::new("NetworkID", "someone-else");
                }))
            },
            expect: cxml(401, "To must name NetworkID:procsim-marketplace"),
        },
        Case {
            name: "unknown request type",
            sent_to: MARKETPLACE_CXML,
            probe: |f| {
                to_marketplace(
                    text(&f.setup)
                        .replace("PunchOutSetupRequest", "QuoteRequest")
                        .as_bytes(),
                )
            },
            expect: cxml(450, "QuoteRequest is not supported"),
        },
        Case {
            name: "oversize body (17 MiB)",
            sent_to: MARKETPLACE_CXML,
            probe: |_| to_marketplace(&vec![b' '; 17 * 1024 * 1024]),
            expect: cxml(499, "larger than"),
        },
        Case {
            name: "deep nesting (100,000 levels)",
            sent_to: MARKETPLACE_CXML,
            probe: |_| {
                let depth = 100_000;
                let doc = format!(
                    "<cXML payloadID=\"deep@x\" timestamp=\"2026-01-01T00:00:00Z\"><Request>{}{}</Request></cXML>",
                    "<x>".repeat(depth),
                    "</x>".repeat(depth)
                );
                to_marketplace(doc.as_bytes())
            },
            expect: cxml(406, "cXML structure"),
        },
        Case {
            name: "200,000 attributes on one element",
            sent_to: MARKETPLACE_CXML,
            probe: |f| {
                let attrs: String = (0..200_000).map(|i| format!(" a{i}=\"v\"")).collect();
                let setup = text(&f.setup).replacen("<cXML ", &format!("<cXML{attrs} "), 1);
                to_marketplace(setup.as_bytes())
            },
            expect: cxml(406, "more than 256 attributes"),
        },
        Case {
            name: "the connection's secret as payloadID and BuyerCookie, refused",
            sent_to: MARKETPLACE_CXML,
            probe: |f| {
                to_marketplace(&changed(&f.setup, |doc| {
                    doc.payload_id = SECRET.to_owned();
                    let header = doc.header.as_mut().expect("a header");
                    header.to.credential[0] = Credential::new("NetworkID", "someone-else");
                    if let Some(request) = doc.request.as_mut()
                        && let RequestBody::PunchOutSetupRequest(setup) = &mut request.body
                    {
                        setup.buyer_cookie = SECRET.to_owned();
                    }
                }))
            },
            expect: Expect {
                hides: Some(SECRET),
                ..cxml(401, "To must name")
            },
        },
        Case {
            name: "a payloadID of 1 MiB",
            sent_to: MARKETPLACE_CXML,
            probe: |f| {
                to_marketplace(&changed(&f.setup, |doc| {
                    doc.payload_id = "p".repeat(1024 * 1024);
                    let header = doc.header.as_mut().expect("a header");
                    header.to.credential[0] = Credential::new("NetworkID", "someone-else");
                }))
            },
            expect: cxml(401, "To must name"),
        },
        Case {
            name: "a stranger's `CredentialMac` in place of the secret",
            sent_to: MARKETPLACE_CXML,
            probe: |f| {
                let mac = format!(
                    "<CredentialMac type=\"FromSenderCredentials\" algorithm=\"HMAC-SHA1-96\" \
                     creationDate=\"2026-01-01T00:00:00Z\" expirationDate=\"2026-12-31T00:00:00Z\">\
                     {UNKNOWN_SECRET}</CredentialMac>"
                );
                to_marketplace(
                    stranger_setup(f)
                        .replace(
                            &format!("<SharedSecret>{UNKNOWN_SECRET}</SharedSecret>"),
                            &mac,
                        )
                        .as_bytes(),
                )
            },
            expect: Expect {
                hides: Some(UNKNOWN_SECRET),
                ..cxml(401, "Sender credentials not recognised")
            },
        },
        Case {
            name: "HTTP Basic credentials beside the cXML",
            sent_to: MARKETPLACE_CXML,
            probe: |f| {
                post(
                    "marketplace",
                    "/cxml",
                    &[
                        ("content-type", "text/xml"),
                        ("authorization", &format!("Basic {BASIC_STRANGER}")),
                    ],
                    &with_secret_content(f, "guess"),
                )
            },
            expect: Expect {
                hides: Some(BASIC_STRANGER),
                ..cxml(401, "Sender credentials not recognised")
            },
        },
        Case {
            name: "billion laughs",
            sent_to: MARKETPLACE_CXML,
            probe: |_| {
                to_marketplace(
                    b"<?xml version=\"1.0\"?><!DOCTYPE cXML [<!ENTITY a \"aaaaaaaaaa\">\
                      <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\
                      <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]><cXML payloadID=\"l@x\" \
                      timestamp=\"2026-01-01T00:00:00Z\">&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;</cXML>",
                )
            },
            expect: cxml(406, "internal subset"),
        },
        Case {
            name: "external entity (XXE)",
            sent_to: MARKETPLACE_CXML,
            probe: |_| {
                to_marketplace(
                    b"<?xml version=\"1.0\"?><!DOCTYPE cXML [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\
                      <cXML payloadID=\"x@x\" timestamp=\"2026-01-01T00:00:00Z\"><Header>&x;</Header></cXML>",
                )
            },
            expect: cxml(406, "internal subset"),
        },
        Case {
            name: "the same order again (a redelivery)",
            sent_to: MARKETPLACE_CXML,
            probe: |f| to_marketplace(&f.accepted),
            expect: cxml(200, "OK"),
        },
        Case {
            name: "payloadID reused for another order",
            sent_to: MARKETPLACE_CXML,
            probe: |f| {
                let identities = f.partner.identities();
                let mut other = f.partner.order_request(
                    &identities,
                    "PO-HOSTILE-2",
                    std::slice::from_ref(&f.other),
                );
                other.payload_id = cxml::read::read(&f.accepted).expect("reads").doc.payload_id;
                to_marketplace(&write(&other).expect("writes"))
            },
            expect: cxml(409, "already used for order PO-HOSTILE-1"),
        },
        Case {
            name: "orderID reused with other items",
            sent_to: MARKETPLACE_CXML,
            probe: |f| {
                let identities = f.partner.identities();
                let other = f.partner.order_request(
                    &identities,
                    &f.accepted_order_id,
                    std::slice::from_ref(&f.other),
                );
                to_marketplace(&write(&other).expect("writes"))
            },
            expect: cxml(409, "different items"),
        },
        Case {
            name: "Total of -5.00 for a valid line",
            sent_to: MARKETPLACE_CXML,
            probe: |f| to_marketplace(&with_total(f, "-5.00")),
            expect: cxml(400, "Total is -5.00 USD but its lines add up to"),
        },
        Case {
            name: "Total of 999999999999.99 for a valid line",
            sent_to: MARKETPLACE_CXML,
            probe: |f| to_marketplace(&with_total(f, "999999999999.99")),
            expect: cxml(400, "Total is 999999999999.99 USD"),
        },
        Case {
            name: "quantity 0",
            sent_to: MARKETPLACE_CXML,
            probe: |f| to_marketplace(&with_quantity(f, "0")),
            expect: cxml(400, "quantity or unit price differs"),
        },
        Case {
            name: "quantity -1",
            sent_to: MARKETPLACE_CXML,
            probe: |f| to_marketplace(&with_quantity(f, "-1")),
            expect: cxml(400, "quantity or unit price differs"),
        },
        Case {
            name: "quantity `lots`",
            sent_to: MARKETPLACE_CXML,
            probe: |f| to_marketplace(&with_quantity(f, "lots")),
            expect: cxml(400, "quantity or unit price differs"),
        },
        Case {
            name: "Latin-1 body",
            sent_to: MARKETPLACE_CXML,
            probe: |f| {
                let latin = text(&f.setup).replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"");
                to_marketplace(&latin.bytes().chain([0xE9]).collect::<Vec<u8>>())
            },
            expect: cxml(406, "not UTF-8 encoded"),
        },
        Case {
            name: "UTF-16 body with a stranger's secret",
            sent_to: MARKETPLACE_CXML,
            probe: |f| {
                let utf16 = stranger_setup(f).replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
                let bytes: Vec<u8> = [0xFF, 0xFE]
                    .into_iter()
                    .chain(utf16.encode_utf16().flat_map(u16::to_le_bytes))
                    .collect();
                to_marketplace(&bytes)
            },
            expect: Expect {
                hides: Some(UNKNOWN_SECRET),
                ..cxml(406, "not UTF-8 encoded")
            },
        },
        Case {
            name: "cXML sent as `text/plain`",
            sent_to: MARKETPLACE_CXML,
            probe: |f| {
                post(
                    "marketplace",
                    "/cxml",
                    &[("content-type", "text/plain")],
                    &f.setup,
                )
            },
            expect: Expect {
                http: 415,
                ..cxml(406, "is not cXML")
            },
        },
        Case {
            name: "cXML sent as a form",
            sent_to: MARKETPLACE_CXML,
            probe: |f| {
                post(
                    "marketplace",
                    "/cxml",
                    &[("content-type", "application/x-www-form-urlencoded")],
                    &f.setup,
                )
            },
            expect: Expect {
                http: 415,
                ..cxml(406, "is not cXML")
            },
        },
        Case {
            name: "cXML sent as JSON",
            sent_to: MARKETPLACE_CXML,
            probe: |_| {
                post(
                    "marketplace",
                    "/cxml",
                    &[("content-type", "application/json")],
                    b"{}",
                )
            },
            expect: Expect {
                http: 415,
                ..cxml(406, "is not cXML")
            },
        },
        Case {
            name: "another site's form posting cXML",
            sent_to: MARKETPLACE_CXML,
            probe: |f| {
                post(
                    "marketplace",
                    "/cxml",
                    &[("content-type", "text/plain"), ("origin", EVIL)],
                    &f.setup,
                )
            },
            expect: page(403, "another site"),
        },
        Case {
            name: "a stranger's secret cut off inside `<SharedSecret>`, at Coupa's invoice inbox",
            sent_to: "coupa `POST /cxml`",
            probe: |f| {
                let cut = cut_in_secret(f);
                post("coupa", "/cxml", &[("content-type", "text/xml")], &cut)
            },
            expect: Expect {
                hides: Some(UNKNOWN_SECRET),
                ..cxml(406, "document")
            },
        },
        Case {
            name: "an invoice with a wrong shared secret",
            sent_to: COUPA_CXML,
            probe: |_| {
                to_coupa(&invoice(
                    "PO-000001",
                    "procsim-marketplace",
                    "coupa-acme",
                    "guess",
                ))
            },
            expect: cxml(401, "credentials"),
        },
        Case {
            name: "an invoice from a stranger (`From`)",
            sent_to: COUPA_CXML,
            probe: |_| to_coupa(&invoice("PO-000001", "someone-else", "coupa-acme", SECRET)),
            expect: cxml(401, "credentials"),
        },
        Case {
            name: "an invoice addressed to another buyer (`To`)",
            sent_to: COUPA_CXML,
            probe: |_| {
                to_coupa(&invoice(
                    "PO-000001",
                    "procsim-marketplace",
                    "another-buyer",
                    SECRET,
                ))
            },
            expect: cxml(401, "not addressed to this Coupa instance"),
        },
        Case {
            name: "an invoice for a PO Coupa never issued",
            sent_to: COUPA_CXML,
            probe: |_| {
                to_coupa(&invoice(
                    "PO-999999",
                    "procsim-marketplace",
                    "coupa-acme",
                    SECRET,
                ))
            },
            expect: cxml(417, "no purchase order PO-999999"),
        },
        Case {
            name: "a page of a name re-pointed at this machine (DNS rebinding)",
            sent_to: "dashboard `GET /api/connections`",
            probe: |_| Probe {
                service: "dashboard",
                method: reqwest::Method::GET,
                path: "/api/connections".to_owned(),
                headers: vec![("host", "rebind.evil.example".to_owned())],
                body: Vec::new(),
            },
            expect: page(421, "not addressed to this machine"),
        },
        Case {
            name: "reset from another site's page",
            sent_to: "dashboard `POST /reset`",
            probe: |_| {
                post(
                    "dashboard",
                    "/reset",
                    &[
                        ("content-type", "application/x-www-form-urlencoded"),
                        ("origin", EVIL),
                    ],
                    b"confirm=yes",
                )
            },
            expect: page(403, "another site"),
        },
        Case {
            name: "reset from a page on another port of this machine",
            sent_to: "dashboard `POST /reset`",
            probe: |_| {
                post(
                    "dashboard",
                    "/reset",
                    &[
                        ("content-type", "application/x-www-form-urlencoded"),
                        ("origin", "http://127.0.0.1:9"),
                    ],
                    b"confirm=yes",
                )
            },
            expect: page(403, "another site"),
        },
        Case {
            name: "JSON reset from another site's page",
            sent_to: "dashboard `POST /api/reset`",
            probe: |_| post("dashboard", "/api/reset", &[("origin", EVIL)], b""),
            expect: page(403, "another site"),
        },
        Case {
            name: "clock moved from another site's page",
            sent_to: "dashboard `POST /clock/advance`",
            probe: |_| {
                post(
                    "dashboard",
                    "/clock/advance",
                    &[
                        ("content-type", "application/x-www-form-urlencoded"),
                        ("origin", EVIL),
                    ],
                    b"days=30",
                )
            },
            expect: page(403, "another site"),
        },
        Case {
            name: "offer revised from another site's page, seller signed in",
            sent_to: "marketplace `POST /seller/offers/{id}`",
            probe: |f| {
                post(
                    "marketplace",
                    &format!("/seller/offers/{}", f.offer_id),
                    &[
                        ("content-type", "application/x-www-form-urlencoded"),
                        ("origin", EVIL),
                        ("cookie", &f.seller_cookie),
                    ],
                    b"expires_at=&amount=1.00",
                )
            },
            expect: page(403, "another site"),
        },
        Case {
            name: "offer revised by someone not signed in as its seller",
            sent_to: "marketplace `POST /seller/offers/{id}`",
            probe: |f| {
                post(
                    "marketplace",
                    &format!("/seller/offers/{}", f.offer_id),
                    &[("content-type", "application/x-www-form-urlencoded")],
                    b"expires_at=&amount=1.00",
                )
            },
            expect: page(403, "Only a signed-in seller"),
        },
        Case {
            name: "approval chain changed from another site's page, admin signed in",
            sent_to: "coupa `POST /admin/approvals`",
            probe: |f| {
                post(
                    "coupa",
                    "/admin/approvals",
                    &[
                        ("content-type", "application/x-www-form-urlencoded"),
                        ("origin", EVIL),
                        ("cookie", &f.coupa_admin_cookie),
                    ],
                    b"finance_threshold=1.00",
                )
            },
            expect: page(403, "another site"),
        },
        Case {
            name: "a page that does not exist",
            sent_to: "dashboard `GET /no-such-page`",
            probe: |_| Probe {
                service: "dashboard",
                method: reqwest::Method::GET,
                path: "/no-such-page".to_owned(),
                headers: Vec::new(),
                body: Vec::new(),
            },
            expect: Expect {
                header: Some(("content-security-policy", "default-src 'none'")),
                ..page(404, "Page not found")
            },
        },
        Case {
            name: "the dashboard's home page",
            sent_to: "dashboard `GET /`",
            probe: |_| Probe {
                service: "dashboard",
                method: reqwest::Method::GET,
                path: "/".to_owned(),
                headers: Vec::new(),
                body: Vec::new(),
            },
            expect: Expect {
                header: Some(("content-security-policy", "default-src 'none'")),
                ..page(200, "Walk through a flow")
            },
        },
    ]
}

/// The table for `docs/hostile-matrix.md`.
pub fn markdown(cases: &[Case]) -> String {
    let mut out = String::from(
        "# The hostile-input matrix\n\n\
         Written by `tests/hostile` from the cases it runs (`cargo test --test hostile`; \
         `PROCSIM_WRITE_DOCS=1` rewrites this file, and the test fails when it is stale). \
         Every case is sent to a running ecosystem over HTTP; beyond the answer below, \
         each must leave every service answering `GET /healthz` with 200 and change no \
         state (agreements, outbox, offers, clock, mail, Coupa's settings, orders and \
         invoices; journals aside). \"Hides\" names a secret that must show nowhere in \
         what the service journaled: its list row, its stored body or the dashboard's page.\n\n\
         | Case | Sent to | HTTP | cXML Status | Answer says | Also |\n\
         |---|---|---|---|---|---|\n",
    );
    for case in cases {
        let expect = &case.expect;
        let mut also = Vec::new();
        if let Some((name, value)) = expect.header {
            also.push(format!("`{name}: {value}…`"));
        }
        if let Some(secret) = expect.hides {
            also.push(format!("hides `{secret}`"));
        }
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            case.name,
            case.sent_to,
            expect.http,
            expect.cxml.map_or("—".to_owned(), |c| c.to_string()),
            expect.says.replace('|', "\\|"),
            if also.is_empty() {
                "—".to_owned()
            } else {
                also.join(", ")
            },
        ));
    }
    out
}
