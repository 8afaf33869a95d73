//! A `PunchOutSetupRequest` as the marketplace reads it: the BuyerCookie,
//! the BrowserFormPost URL, the selected item and the parts of the cart to
//! edit or inspect, trimmed once, here (the wire type stays the cxml
//! crate's; the operation, extrinsics and lines are read from it as sent).

use cxml::doc::PunchOutSetupRequest;

/// What a setup names, trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupRequest {
    pub buyer_cookie: String,
    /// The BrowserFormPost URL, when it is an http or https one.
    pub browser_form_post: Option<String>,
    /// The level-2 `SelectedItem`'s SupplierPartID, when not empty.
    pub selected_listing: Option<String>,
    /// Each `ItemOut`'s `(SupplierPartID, SupplierPartAuxiliaryID)`.
    pub parts: Vec<(String, Option<String>)>,
}

impl From<&PunchOutSetupRequest> for SetupRequest {
    fn from(request: &PunchOutSetupRequest) -> Self {
        SetupRequest {
            buyer_cookie: request.buyer_cookie.trim().to_owned(),
            browser_form_post: request
                .browser_form_post
                .as_ref()
                .map(|holder| holder.url.value.trim().to_owned())
                .filter(|url| url.starts_with("http://") || url.starts_with("https://")),
            selected_listing: request
                .selected_item
                .as_ref()
                .map(|item| item.item_id.supplier_part_id.trim().to_owned())
                .filter(|id| !id.is_empty()),
            parts: request
                .item_out
                .iter()
                .map(|item| {
                    let id = &item.item_id;
                    (
                        id.supplier_part_id.trim().to_owned(),
                        id.supplier_part_auxiliary_id
                            .as_deref()
                            .map(|aux| aux.trim().to_owned()),
                    )
                })
                .collect(),
        }
    }
}
