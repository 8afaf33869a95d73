//! An `OrderRequest` as the marketplace reads it: the wire's orderID,
//! payloadID, parts, quantities and line numbers trimmed and read once,
//! here, so that intake works on checked values (the wire types stay the
//! cxml crate's).

use cxml::{
    common::ItemOut,
    doc::{OrderRequest, OrderRequestHeader},
};

/// An ordered part: `(SupplierPartID, SupplierPartAuxiliaryID)`, trimmed.
pub type PartKey = (String, Option<String>);

/// One `ItemOut`, read.
#[derive(Clone, Debug)]
pub struct OrderedItem {
    pub part_id: String,
    pub aux_id: Option<String>,
    /// The quantity as written, trimmed: what makes two orders the same.
    pub quantity_text: String,
    /// The quantity, when it is a whole number.
    pub quantity: Option<i64>,
    /// `lineNumber`, when it is a positive number.
    pub line_number: Option<i64>,
    pub unit_price: StatedPrice,
}

/// The unit price an item states in its `ItemDetail`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatedPrice {
    /// No `ItemDetail`: nothing to compare.
    NotStated,
    /// A `UnitPrice` that is no amount.
    Unreadable,
    Stated(cxml::Money),
}

impl StatedPrice {
    /// Whether the item may be bought at `price`.
    pub fn admits(&self, price: &cxml::Money) -> bool {
        match self {
            StatedPrice::NotStated => true,
            StatedPrice::Unreadable => false,
            StatedPrice::Stated(stated) => stated == price,
        }
    }
}

impl From<&ItemOut> for OrderedItem {
    fn from(item: &ItemOut) -> Self {
        let id = &item.item_id;
        let quantity_text = item.quantity.trim().to_owned();
        OrderedItem {
            part_id: id.supplier_part_id.trim().to_owned(),
            aux_id: id
                .supplier_part_auxiliary_id
                .as_deref()
                .map(|aux| aux.trim().to_owned()),
            quantity: quantity_text.parse().ok(),
            quantity_text,
            line_number: item
                .line_number
                .as_deref()
                .and_then(|n| n.trim().parse().ok())
                .filter(|n| *n > 0),
            unit_price: match &item.item_detail {
                None => StatedPrice::NotStated,
                Some(detail) => detail
                    .unit_price
                    .value()
                    .map_or(StatedPrice::Unreadable, StatedPrice::Stated),
            },
        }
    }
}

impl OrderedItem {
    /// Every item of `order`, read.
    pub fn all(order: &OrderRequest) -> Vec<OrderedItem> {
        order.item_out.iter().map(OrderedItem::from).collect()
    }

    pub fn key(&self) -> PartKey {
        (self.part_id.clone(), self.aux_id.clone())
    }
}

/// The order's identity: its orderID and its document's payloadID,
/// trimmed, neither empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderIds {
    pub order_id: String,
    pub payload_id: String,
}

/// The order lacks an orderID or its document a payloadID.
#[derive(Debug, thiserror::Error)]
#[error("the order needs an orderID and a payloadID")]
pub struct MissingIds;

impl TryFrom<(&str, &OrderRequestHeader)> for OrderIds {
    type Error = MissingIds;

    /// From the document's payloadID and the order's header.
    fn try_from((payload_id, header): (&str, &OrderRequestHeader)) -> Result<Self, MissingIds> {
        let order_id = header.order_id.trim();
        let payload_id = payload_id.trim();
        if order_id.is_empty() || payload_id.is_empty() {
            return Err(MissingIds);
        }
        Ok(OrderIds {
            order_id: order_id.to_owned(),
            payload_id: payload_id.to_owned(),
        })
    }
}
