//! Browser transport: what the supplier's page sends is what the buyer
//! decodes, for both field encodings, and nothing in the document can
//! break out of the page.

use cxml::transport::{
    FormEncoding, FormPayload, TransportError, auto_submit_form, decode_base64, decode_form,
    encode_base64, encode_urlencoded,
};
use cxml::tree;
use proptest::prelude::*;

/// What a browser does with a form field: UTF-8, then
/// application/x-www-form-urlencoded.
fn browser_encode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        match b {
            b'*' | b'-' | b'.' | b'_' | b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The hidden field's value as the browser sees it, HTML entities decoded.
fn field_value(page: &str) -> String {
    let start = page
        .find("value=\"")
        .expect("the page has a hidden field with a value")
        + 7;
    let end = start
        + page[start..]
            .find('"')
            .expect("the hidden field's value is closed by a quote");
    page[start..end]
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn submit(page: &str, encoding: FormEncoding) -> FormPayload {
    let body = format!(
        "{}={}",
        encoding.field_name(),
        browser_encode(&field_value(page))
    );
    decode_form(body.as_bytes()).expect("the browser-encoded form decodes")
}

const CART: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<cXML payloadID=\"1@x\" \
                    timestamp=\"2025-01-01T00:00:00+00:00\"><Message><PunchOutOrderMessage>\
                    <BuyerCookie>c&amp;1</BuyerCookie><Note>Caf\u{e9} \u{2713} \"quoted\" 'single' a+b=c</Note>\
                    </PunchOutOrderMessage></Message></cXML>";

#[test]
fn base64_page_round_trips() {
    let page = auto_submit_form(
        "https://buyer.example/punchout/checkout/4",
        FormEncoding::Base64,
        CART.as_bytes(),
    )
    .unwrap();
    let payload = submit(&page, FormEncoding::Base64);
    assert_eq!(payload.encoding, FormEncoding::Base64);
    assert_eq!(payload.document, CART.as_bytes());
    assert!(!payload.double_encoded);
}

#[test]
fn urlencoded_page_round_trips_to_the_same_tree() {
    let page = auto_submit_form(
        "https://buyer.example/x",
        FormEncoding::UrlEncoded,
        CART.as_bytes(),
    )
    .unwrap();
    let payload = submit(&page, FormEncoding::UrlEncoded);
    assert!(payload.document.is_ascii());
    let sent = tree::parse(CART.as_bytes()).unwrap();
    let received = tree::parse(&payload.document).unwrap();
    assert_eq!(sent.root(), received.root());
    assert!(received.first_non_ascii.is_none());
}

#[test]
fn hostile_document_stays_inert_in_the_page() {
    let doc = "<cXML a=\"\"><x>\"><script>alert(document.cookie)</script><img src=x onerror=alert(1)></x></cXML>";
    for encoding in [FormEncoding::Base64, FormEncoding::UrlEncoded] {
        let page = auto_submit_form("https://buyer.example/x", encoding, doc.as_bytes()).unwrap();
        assert_eq!(page.matches("<script>").count(), 1, "{page}");
        assert!(!page.contains("<img"), "{page}");
        assert_eq!(submit(&page, encoding).document.as_slice(), doc.as_bytes());
    }
    let url = "https://buyer.example/x?\"><script>alert(1)</script>";
    let page = auto_submit_form(url, FormEncoding::Base64, b"<a/>").unwrap();
    assert_eq!(page.matches("<script>").count(), 1, "{page}");
    assert_eq!(
        auto_submit_form("javascript:alert(1)", FormEncoding::Base64, b"<a/>"),
        Err(TransportError::UnsafeActionUrl)
    );
}

#[test]
fn double_encoded_form_is_flagged() {
    let once = browser_encode(CART);
    let twice = browser_encode(&once);
    let payload = decode_form(format!("cxml-urlencoded={twice}").as_bytes()).unwrap();
    assert!(payload.double_encoded);
    assert_eq!(payload.document, CART.as_bytes());
    let err = payload.into_strict().unwrap_err();
    assert_eq!(err, TransportError::DoubleEncoded);
    assert_eq!(err.status_code().code(), 406);
}

proptest! {
    #[test]
    fn base64_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        prop_assume!(!bytes.is_empty());
        prop_assert_eq!(decode_base64(&encode_base64(&bytes)).unwrap(), bytes);
    }

    #[test]
    fn urlencoded_is_ascii_and_means_the_same(text in "[^<>&\\]\u{0}-\u{8}\u{b}\u{c}\u{e}-\u{1f}\u{fffe}\u{ffff}]{0,64}") {
        let doc = format!("<a t=\"{}\">{}<![CDATA[{}]]></a>", text.replace('"', "'"), text, text);
        let encoded = encode_urlencoded(&doc);
        prop_assert!(encoded.is_ascii());
        let original = tree::parse(doc.as_bytes()).unwrap();
        let ascii = tree::parse(encoded.as_bytes()).unwrap();
        prop_assert_eq!(original.root(), ascii.root());
    }

    #[test]
    fn browser_submission_round_trips(text in "\\PC{0,64}") {
        let doc = format!("<a>{}</a>", text.replace(['<', '&', ']'], "_"));
        for encoding in [FormEncoding::Base64, FormEncoding::UrlEncoded] {
            let page = auto_submit_form("https://b.example/", encoding, doc.as_bytes()).unwrap();
            let payload = submit(&page, encoding);
            let sent = tree::parse(doc.as_bytes()).unwrap();
            let got = tree::parse(&payload.document).unwrap();
            prop_assert_eq!(&sent.root(), &got.root());
        }
    }
}
