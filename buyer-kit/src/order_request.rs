//! The OrderRequest a buyer sends for a purchase order: `orderID` = the PO
//! number, `orderDate` from the simulated clock with a numeric offset,
//! `type="new"`, the total, ShipTo/BillTo from the buyer's address and one
//! `ItemOut` per cart line carrying the supplier's `ItemIn` details.

use cxml::{
    CXml,
    common::{BillTo, ShipTo, Total},
    doc::{OrderRequest, OrderRequestHeader, OrderType},
    envelope::{DeploymentMode, Request, RequestBody},
    newtypes::Currency,
};

use crate::{
    cart::{CartError, CartLine, total_of},
    parties::{BuyerAddress, Identities},
    purchase_order::PoNumber,
    setup_request::{Stamp, end_user_contact},
    user::User,
};

/// What goes into one OrderRequest.
#[derive(Debug, Clone)]
pub struct OrderParams<'a> {
    pub po_number: &'a PoNumber,
    pub lines: &'a [CartLine],
    pub currency: &'a Currency,
    pub ship_to: &'a BuyerAddress,
    pub bill_to: &'a BuyerAddress,
    /// Named as the order's end user, when known.
    pub requester: Option<&'a User>,
}

/// The OrderRequest body for a purchase order, dated `stamp.timestamp`.
pub fn order_request(params: &OrderParams<'_>, stamp: &Stamp) -> Result<OrderRequest, CartError> {
    let total = total_of(params.currency, params.lines)?;
    let header = OrderRequestHeader {
        order_id: params.po_number.to_string(),
        order_date: stamp.timestamp.to_string(),
        order_type: Some(OrderType::New),
        order_version: None,
        requisition_id: None,
        total: Total::of(&total),
        ship_to: Some(ShipTo {
            address: params.ship_to.to_cxml(),
            id_reference: Vec::new(),
        }),
        bill_to: BillTo {
            address: params.bill_to.to_cxml(),
            id_reference: Vec::new(),
        },
        shipping: None,
        tax: None,
        payment: None,
        contact: params.requester.map(end_user_contact).into_iter().collect(),
        comments: Vec::new(),
        document_reference: None,
        supplier_order_info: None,
        id_reference: Vec::new(),
        extrinsic: Vec::new(),
    };
    let item_out = params
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| line.to_item_out(i + 1))
        .collect();
    Ok(OrderRequest { header, item_out })
}

/// The complete OrderRequest document.
pub fn order_document(
    identities: &Identities,
    stamp: &Stamp,
    deployment_mode: DeploymentMode,
    order: OrderRequest,
) -> CXml {
    CXml::request(
        &stamp.payload_id,
        &stamp.timestamp,
        identities.header(),
        Request::new(deployment_mode, RequestBody::OrderRequest(Box::new(order))),
    )
}
