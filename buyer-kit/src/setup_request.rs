//! The PunchOutSetupRequest a buyer sends to open (`create`) or re-open
//! (`edit`, `inspect`) a supplier's catalog session, and the envelope stamp
//! (payloadID and timestamp from the simulated clock) every document needs.

use cxml::{
    CXml, PayloadId, Timestamp,
    common::{Contact, Email, Extrinsic, ItemId, Name, UrlHolder},
    doc::{PunchOutOperation, PunchOutSetupRequest, SelectedItem},
    envelope::{DeploymentMode, Request, RequestBody},
};

use crate::{cart::CartLine, cookie::BuyerCookie, parties::Identities, user::User};

/// A document's payloadID and timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub payload_id: PayloadId,
    pub timestamp: Timestamp,
}

impl Stamp {
    /// A fresh payloadID, and `now` written with a numeric offset of
    /// `offset_minutes` (the cXML guide asks for one; never `Z`).
    pub fn at(now: jiff::Timestamp, offset_minutes: i32) -> Self {
        let millis = now.as_millisecond();
        Self {
            payload_id: PayloadId::fresh(u64::try_from(millis).unwrap_or(0)),
            timestamp: Timestamp::from_unix_millis(millis, offset_minutes),
        }
    }
}

/// `Contact role="endUser"` with the user's name and e-mail address.
pub fn end_user_contact(user: &User) -> Contact {
    let mut contact = Contact::new(
        Some("endUser".to_owned()),
        Name::new("en", user.full_name()),
    );
    contact.email = vec![Email::new(&user.email)];
    contact
}

/// What goes into one PunchOutSetupRequest.
#[derive(Debug, Clone)]
pub struct SetupParams<'a> {
    pub identities: &'a Identities,
    pub stamp: &'a Stamp,
    /// `None` leaves the attribute out (the receiver reads production).
    pub deployment_mode: Option<DeploymentMode>,
    pub operation: PunchOutOperation,
    pub cookie: &'a BuyerCookie,
    /// The platform's user extrinsics, in the order they are sent.
    pub extrinsics: Vec<Extrinsic>,
    pub contact: Option<Contact>,
    /// Where the supplier returns the cart (BrowserFormPost).
    pub browser_form_post: &'a str,
    /// The supplier's setup URL as the buyer knows it (SupplierSetup).
    pub supplier_setup: Option<&'a str>,
    /// For `edit` and `inspect`: the lines being re-opened.
    pub items: &'a [CartLine],
}

/// The complete setup request document.
pub fn setup_request(params: SetupParams<'_>) -> CXml {
    let mut request = PunchOutSetupRequest::new(
        params.operation,
        params.cookie.as_str(),
        params.browser_form_post,
    );
    request.extrinsic = params.extrinsics;
    request.contact = params.contact.into_iter().collect();
    request.supplier_setup = params.supplier_setup.map(UrlHolder::new);
    request.item_out = params
        .items
        .iter()
        .enumerate()
        .map(|(i, line)| line.to_item_out(i + 1))
        .collect();
    CXml::request(
        &params.stamp.payload_id,
        &params.stamp.timestamp,
        params.identities.header(),
        Request {
            deployment_mode: params.deployment_mode,
            body: RequestBody::PunchOutSetupRequest(Box::new(request)),
        },
    )
}

/// Makes `doc`, a setup request, a level-2 punchout: `SelectedItem` names
/// the supplier's part the session opens on (Coupa's Open Buy, SPEC F3).
/// Returns `false`, changing nothing, when `doc` is no setup request.
pub fn select_item(doc: &mut CXml, supplier_part_id: &str) -> bool {
    let Some(RequestBody::PunchOutSetupRequest(request)) =
        doc.request.as_mut().map(|request| &mut request.body)
    else {
        return false;
    };
    request.selected_item = Some(SelectedItem {
        item_id: ItemId::new(supplier_part_id, None),
    });
    true
}

#[cfg(test)]
mod tests {
    use cxml::SharedSecret;

    use super::*;
    use crate::parties::Identity;

    #[test]
    fn a_selected_item_survives_writing_and_reading() {
        let identities = Identities {
            from: Identity::new("NetworkID", "buyer"),
            also_from: Vec::new(),
            to: Identity::new("NetworkID", "supplier"),
            sender: Identity::new("NetworkID", "buyer"),
            secret: SharedSecret::new("secret"),
            user_agent: "test".to_owned(),
        };
        let stamp = Stamp::at(jiff::Timestamp::UNIX_EPOCH, 0);
        let cookie = BuyerCookie::generate();
        let mut doc = setup_request(SetupParams {
            identities: &identities,
            stamp: &stamp,
            deployment_mode: Some(DeploymentMode::Production),
            operation: PunchOutOperation::Create,
            cookie: &cookie,
            extrinsics: Vec::new(),
            contact: None,
            browser_form_post: "http://buyer.test/return",
            supplier_setup: None,
            items: &[],
        });
        assert!(select_item(&mut doc, "prod-0000002a"));
        let bytes = cxml::write::to_bytes(&doc).unwrap_or_else(|err| panic!("{err}"));
        let read = cxml::read::read(&bytes).unwrap_or_else(|err| panic!("{err}"));
        let Some(RequestBody::PunchOutSetupRequest(request)) = read.doc.request.map(|r| r.body)
        else {
            panic!("not a setup request");
        };
        let selected = request
            .selected_item
            .map(|item| item.item_id.supplier_part_id);
        assert_eq!(selected.as_deref(), Some("prod-0000002a"));
    }
}
