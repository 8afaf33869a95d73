//! The fast reader for a whole `PunchOutSetupRequest` document: the root's
//! attributes, the `Header` and the request, hand-read in one event pass.
//! Setup requests are what a supplier receives most often, and they are
//! small, so serde's fixed cost per element (not the lines, as in an order)
//! is most of their reading time.
//!
//! The shape read here is the usual one: `cXML` holding a `Header` and a
//! `Request` whose only element is the `PunchOutSetupRequest`. Anything else
//! (a `Message` or `Response`, a second document, unknown children of the
//! root, text where serde would object) gives up (`None`), and the caller
//! reads the whole document through serde, so results and errors are serde's
//! by construction. Rare subtrees (`SelectedItem`, `CredentialMac`) go
//! through serde on their own bytes.

use quick_xml::events::{BytesStart, Event};

use super::address::{contact, ship_to};
use super::items::{extrinsic, item_out, url};
use super::pull::{Bail, Pull, attr_once, is_blank, once, push};
use crate::common::{Credential, UrlHolder};
use crate::doc::{PunchOutOperation, PunchOutSetupRequest};
use crate::envelope::{CXml, DeploymentMode, Header, Party, Request, RequestBody, Sender};
use crate::newtypes::SharedSecret;

/// Reads `text` (already size-, encoding- and prolog-checked) if it is a
/// setup request of the usual shape, or `None` when serde must read it.
pub(super) fn read(text: &str) -> Bail<CXml> {
    let mut p = Pull::new(text);
    let doc = loop {
        match p.next()? {
            Event::Start(e) => break root(&mut p, &e, false)?,
            Event::Empty(e) => break root(&mut p, &e, true)?,
            Event::DocType(_) => {}
            Event::Text(t) if is_blank(std::str::from_utf8(&t).ok()?) => {}
            _ => return None,
        }
    };
    loop {
        match p.next()? {
            Event::Eof => return Some(doc),
            Event::Text(t) if is_blank(std::str::from_utf8(&t).ok()?) => {}
            _ => return None,
        }
    }
}

fn root(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<CXml> {
    let (mut version, mut payload_id, mut timestamp, mut lang) = (None, None, None, None);
    p.attrs(e, |k, v| match k {
        b"version" => attr_once(&mut version, v),
        b"payloadID" => attr_once(&mut payload_id, v),
        b"timestamp" => attr_once(&mut timestamp, v),
        b"xml:lang" => attr_once(&mut lang, v),
        _ => Some(()),
    })?;
    let (mut header, mut request) = (None, None);
    p.children(empty, |p, c, empty| match c.name().as_ref() {
        b"Header" => once(&mut header, self::header(p, c, empty)?),
        b"Request" => once(&mut request, self::request(p, c, empty)?),
        _ => None,
    })?;
    Some(CXml {
        version,
        payload_id: payload_id?,
        timestamp: timestamp?,
        lang,
        header: Some(header?),
        request: Some(request?),
        message: None,
        response: None,
    })
}

fn header(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<Header> {
    p.attrs(e, |_, _| Some(()))?;
    let (mut from, mut to, mut sender) = (None, None, None);
    p.children(empty, |p, c, empty| match c.name().as_ref() {
        b"From" => once(&mut from, party(p, c, empty)?),
        b"To" => once(&mut to, party(p, c, empty)?),
        b"Sender" => once(&mut sender, self::sender(p, c, empty)?),
        _ => p.unknown(c, empty),
    })?;
    Some(Header {
        from: from?,
        to: to?,
        sender: sender?,
    })
}

fn party(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<Party> {
    p.attrs(e, |_, _| Some(()))?;
    let mut credential = Vec::new();
    p.children(empty, |p, c, empty| match c.name().as_ref() {
        b"Credential" => push(&mut credential, self::credential(p, c, empty)?),
        _ => p.unknown(c, empty),
    })?;
    Some(Party { credential })
}

fn sender(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<Sender> {
    p.attrs(e, |_, _| Some(()))?;
    let (mut credential, mut user_agent) = (Vec::new(), None);
    p.children(empty, |p, c, empty| match c.name().as_ref() {
        b"Credential" => push(&mut credential, self::credential(p, c, empty)?),
        b"UserAgent" => once(&mut user_agent, p.text(empty)?),
        _ => p.unknown(c, empty),
    })?;
    Some(Sender {
        credential,
        user_agent: user_agent.unwrap_or_default(),
    })
}

fn credential(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<Credential> {
    let (mut domain, mut credential_type) = (None, None);
    p.attrs(e, |k, v| match k {
        b"domain" => attr_once(&mut domain, v),
        b"type" => attr_once(&mut credential_type, v),
        _ => Some(()),
    })?;
    let (mut identity, mut shared_secret, mut credential_mac) = (None, None, None);
    p.children(empty, |p, c, empty| match c.name().as_ref() {
        b"Identity" => once(&mut identity, p.text(empty)?),
        b"SharedSecret" => once(&mut shared_secret, SharedSecret::new(p.text(empty)?)),
        b"CredentialMac" => once(&mut credential_mac, p.serde(empty)?),
        _ => p.unknown(c, empty),
    })?;
    Some(Credential {
        domain: domain?,
        credential_type,
        identity: identity.unwrap_or_default(),
        shared_secret,
        credential_mac,
    })
}

fn request(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<Request> {
    let mut mode = None;
    p.attrs(e, |k, v| match k {
        b"deploymentMode" => once(&mut mode, deployment_mode(v)?),
        _ => Some(()),
    })?;
    let mut body = None;
    p.children(empty, |p, c, empty| match c.name().as_ref() {
        b"PunchOutSetupRequest" => once(&mut body, setup_request(p, c, empty)?),
        _ => None,
    })?;
    Some(Request {
        deployment_mode: mode,
        body: RequestBody::PunchOutSetupRequest(Box::new(body?)),
    })
}

/// The mode as serde's derive reads it: the exact lowercase names.
fn deployment_mode(raw: &str) -> Bail<DeploymentMode> {
    match raw {
        "production" => Some(DeploymentMode::Production),
        "test" => Some(DeploymentMode::Test),
        _ => None,
    }
}

fn operation(raw: &str) -> Bail<PunchOutOperation> {
    match raw {
        "create" => Some(PunchOutOperation::Create),
        "inspect" => Some(PunchOutOperation::Inspect),
        "edit" => Some(PunchOutOperation::Edit),
        "source" => Some(PunchOutOperation::Source),
        _ => None,
    }
}

fn setup_request(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<PunchOutSetupRequest> {
    let mut op = None;
    p.attrs(e, |k, v| match k {
        b"operation" => once(&mut op, operation(v)?),
        _ => Some(()),
    })?;
    let mut request = PunchOutSetupRequest::new(op?, String::new(), String::new());
    request.browser_form_post = None;
    let mut cookie = None;
    p.children(empty, |p, c, empty| match c.name().as_ref() {
        b"BuyerCookie" => once(&mut cookie, p.text(empty)?),
        b"Extrinsic" => push(&mut request.extrinsic, extrinsic(p, c, empty)?),
        b"BrowserFormPost" => once(&mut request.browser_form_post, url_holder(p, c, empty)?),
        b"Contact" => push(&mut request.contact, contact(p, c, empty)?),
        b"SupplierSetup" => once(&mut request.supplier_setup, url_holder(p, c, empty)?),
        b"ShipTo" => once(&mut request.ship_to, ship_to(p, c, empty)?),
        b"SelectedItem" => once(&mut request.selected_item, p.serde(empty)?),
        b"ItemOut" => item_out(p, c, empty, &mut request.item_out),
        _ => p.unknown(c, empty),
    })?;
    request.buyer_cookie = cookie.unwrap_or_default();
    Some(request)
}

fn url_holder(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<UrlHolder> {
    p.attrs(e, |_, _| Some(()))?;
    let mut holder = None;
    p.children(empty, |p, c, empty| match c.name().as_ref() {
        b"URL" => once(&mut holder, url(p, c, empty)?),
        _ => p.unknown(c, empty),
    })?;
    Some(UrlHolder { url: holder? })
}

/// Whether `text` names a setup request at all (a start tag is `<` and the
/// name with nothing between), so other documents skip this reader.
pub(super) fn may_be_setup(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"<PunchOutSetupRequest").is_some()
}
