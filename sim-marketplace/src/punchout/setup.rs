//! `PunchOutSetupRequest`: authenticate the buyer, remember what the
//! session needs (BuyerCookie, BrowserFormPost URL, operation, requester,
//! flow id, the cart to edit) and answer with a one-time StartPage URL.

use cxml::{
    CXml, Parsed,
    common::{ItemIn, ItemOut},
    doc::{PunchOutOperation, PunchOutSetupRequest, PunchOutSetupResponse},
    envelope::{DeploymentMode, Response, ResponseBody},
};
use service_kit::cxml_http::{CxmlError, envelope_ids};

use super::{
    cart,
    session::{Requester, SetupContext},
    setup_request::SetupRequest,
};
use crate::{
    Marketplace,
    accounts::auth::{AuthError, authenticate},
};

/// Answers `request` (the body of `parsed`, read as `setup`) for the
/// punchout `flow`.
pub async fn handle(
    marketplace: &Marketplace,
    parsed: &Parsed,
    request: &PunchOutSetupRequest,
    setup: SetupRequest,
    flow: &str,
) -> Result<CXml, CxmlError> {
    let header = parsed.doc.header.as_ref().ok_or(AuthError::Unauthorized)?;
    let all = marketplace.accounts().await?;
    let (account, connection) = authenticate(&all, header)?;
    let browser_form_post = setup.browser_form_post.ok_or_else(|| {
        CxmlError::BadRequest("BrowserFormPost must hold an http or https URL".into())
    })?;
    if setup.buyer_cookie.is_empty() {
        return Err(CxmlError::BadRequest(
            "BuyerCookie is empty: the cart sent back would name no session of the buyer's, \
             so no punchout was opened"
                .into(),
        ));
    }
    match request.operation {
        PunchOutOperation::Create => {}
        PunchOutOperation::Edit | PunchOutOperation::Inspect => {
            let found = cart::find_returned(
                marketplace.store(),
                account.id.clone(),
                connection.id.clone(),
                setup.buyer_cookie.clone(),
                setup.parts,
            )
            .await?;
            cart::check_allowed(found, request.operation)?;
        }
        PunchOutOperation::Source => {
            return Err(CxmlError::NotImplemented(
                "the source operation is not supported".into(),
            ));
        }
    }
    let context = SetupContext {
        account: account.id.clone(),
        account_name: account.name.clone(),
        connection_id: connection.id.clone(),
        system: connection.system,
        buyer_cookie: setup.buyer_cookie,
        browser_form_post,
        operation: request.operation,
        requester: requester(request),
        flow_id: flow.to_owned(),
        form_encoding: connection.form_encoding,
        cart: request.item_out.iter().filter_map(item_in).collect(),
        selected_listing: setup.selected_listing,
        // Absent means production (cXML's default).
        deployment_mode: parsed
            .doc
            .request
            .as_ref()
            .and_then(|r| r.deployment_mode)
            .unwrap_or(DeploymentMode::Production),
        own_order: None,
    };
    let token = marketplace
        .sessions()
        .issue(context, marketplace.clock().now());
    let url = format!("{}/punchout/start/{token}", marketplace.public_url());
    let (payload_id, timestamp) = envelope_ids(marketplace.clock());
    let body = ResponseBody::PunchOutSetupResponse(Box::new(PunchOutSetupResponse::new(url)));
    Ok(CXml::response(&payload_id, &timestamp, Response::ok(body)))
}

fn requester(request: &PunchOutSetupRequest) -> Requester {
    let get = |name: &str| request.extrinsic(name).map(str::to_owned);
    Requester {
        email: get("UserEmail"),
        unique_name: get("UniqueName"),
        first_name: get("FirstName"),
        last_name: get("LastName"),
    }
}

/// The flow id of a setup whose sender named none: `punchout-{BuyerCookie}`
/// (reduced to URL-safe characters), stable for one cookie.
pub fn flow_from_cookie(setup: &SetupRequest) -> String {
    let safe: String = setup
        .buyer_cookie
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .take(64)
        .collect();
    format!("punchout-{safe}")
}

/// The cart line an `ItemOut` of an edit/inspect setup stands for.
fn item_in(item: &ItemOut) -> Option<ItemIn> {
    Some(ItemIn {
        quantity: item.quantity.clone(),
        line_number: item.line_number.clone(),
        item_id: item.item_id.clone(),
        item_detail: item.item_detail.clone()?,
        ship_to: None,
        shipping: None,
        tax: None,
        contact: Vec::new(),
        comments: None,
        extrinsic: Vec::new(),
    })
}
