//! Carts as a PunchOutOrderMessage fills them. A line keeps the supplier's
//! `ItemIn` whole (ids, description, UNSPSC, unit of measure, price,
//! extrinsics such as `LineType`), because the OrderRequest must carry the
//! same details back (rule CX061); price and quantity are also held as
//! exact decimals for totals and approvals.

use cxml::{
    Money,
    common::{Extrinsic, ItemIn, ItemOut, SupplierOrderInfo},
    doc::{OperationAllowed, PunchOutOrderMessage},
    envelope::DeploymentMode,
    newtypes::{Currency, Decimal},
};

/// Why a cart could not be taken from a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CartError {
    #[error("line {line}: the unit price is not an amount ({reason})")]
    Price { line: usize, reason: String },
    #[error("line {line}: the quantity `{quantity}` is not a positive number")]
    Quantity { line: usize, quantity: String },
    #[error("the cart's total is not an amount ({0})")]
    Total(String),
    #[error("the lines are not all in {0}")]
    Currency(Currency),
}

/// One cart line: the supplier's `ItemIn` plus its price and quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartLine {
    item: ItemIn,
    unit_price: Money,
    quantity: Decimal,
}

impl CartLine {
    /// Checks price and quantity; `line` (from 1) is for messages.
    pub fn from_item_in(item: ItemIn, line: usize) -> Result<Self, CartError> {
        let unit_price = item
            .item_detail
            .unit_price
            .value()
            .map_err(|e| CartError::Price {
                line,
                reason: e.to_string(),
            })?;
        let quantity = Decimal::parse(&item.quantity)
            .ok()
            .filter(|q| !q.is_negative() && !q.is_zero())
            .ok_or_else(|| CartError::Quantity {
                line,
                quantity: item.quantity.clone(),
            })?;
        Ok(Self {
            item,
            unit_price,
            quantity,
        })
    }

    /// The `ItemIn` exactly as the supplier sent it.
    pub fn item_in(&self) -> &ItemIn {
        &self.item
    }

    pub fn supplier_part_id(&self) -> &str {
        self.item.item_id.supplier_part_id.trim()
    }

    pub fn supplier_part_auxiliary_id(&self) -> Option<&str> {
        self.item.item_id.supplier_part_auxiliary_id.as_deref()
    }

    /// The first description's text.
    pub fn description(&self) -> &str {
        self.item
            .item_detail
            .description
            .first()
            .map_or("", |d| d.best_text())
    }

    /// The UNSPSC code as the supplier wrote it.
    pub fn unspsc(&self) -> Option<&str> {
        self.item
            .item_detail
            .classification
            .iter()
            .find(|c| c.domain.trim().eq_ignore_ascii_case("UNSPSC"))
            .map(|c| c.value.trim())
    }

    pub fn unit_of_measure(&self) -> &str {
        self.item.item_detail.unit_of_measure.trim()
    }

    pub fn unit_price(&self) -> &Money {
        &self.unit_price
    }

    pub fn quantity(&self) -> Decimal {
        self.quantity
    }

    /// Every extrinsic of the line: those in `ItemDetail`, then those on
    /// `ItemIn` itself whose name `ItemDetail` does not already carry.
    pub fn extrinsics(&self) -> Vec<Extrinsic> {
        let detail = &self.item.item_detail.extrinsic;
        let mut all = detail.clone();
        all.extend(
            self.item
                .extrinsic
                .iter()
                .filter(|e| !detail.iter().any(|d| d.name == e.name))
                .cloned(),
        );
        all
    }

    /// The value of the extrinsic `name` (e.g. `LineType`).
    pub fn extrinsic(&self, name: &str) -> Option<String> {
        self.extrinsics()
            .into_iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))
            .map(|e| e.value.trim().to_owned())
    }

    /// The same line at another quantity (which the caller checked).
    pub(crate) fn with_quantity(&self, quantity: Decimal) -> CartLine {
        let mut item = self.item.clone();
        item.quantity = quantity.to_string();
        CartLine {
            item,
            unit_price: self.unit_price.clone(),
            quantity,
        }
    }

    /// Unit price times quantity.
    pub fn line_total(&self) -> Result<Money, CartError> {
        self.unit_price
            .times(&self.quantity)
            .map_err(|e| CartError::Total(e.to_string()))
    }

    /// The `ItemOut` that orders this line: ids, quantity and `ItemDetail`
    /// as the supplier sent them. `ItemOut` has no extrinsics of its own, so
    /// extrinsics the supplier put on `ItemIn` travel in `ItemDetail`.
    pub fn to_item_out(&self, line_number: usize) -> ItemOut {
        let mut out = ItemOut::from_item_in(&self.item, Some(line_number.to_string()));
        if let Some(detail) = out.item_detail.as_mut() {
            detail.extrinsic = self.extrinsics();
        }
        out
    }
}

/// The lines of one punchout cart and what the supplier allows next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cart {
    pub lines: Vec<CartLine>,
    pub operation_allowed: OperationAllowed,
    /// The currency of the message's `Total`.
    pub currency: Currency,
    /// The supplier's own order (`SupplierOrderInfo`): it placed one
    /// itself during the session, for what needed no approval here (a
    /// product the buyer's company pre-approves, subscribed at once).
    pub supplier_order: Option<SupplierOrderInfo>,
    /// The message came with `deploymentMode="test"`: a supplier's own
    /// order in it was a test, recorded without a subscription.
    pub test: bool,
    /// What the platform tells the person about the cart as it came (a
    /// Total that is not the lines' sum, on a platform that takes such a
    /// cart): shown with the cart's note.
    pub advisory: Option<String>,
}

impl Cart {
    /// The cart a PunchOutOrderMessage returns. No lines means the user
    /// cancelled (or emptied the cart), unless the supplier says it placed
    /// its own order meanwhile.
    pub fn from_message(message: &PunchOutOrderMessage) -> Result<Self, CartError> {
        let total = message
            .header
            .total
            .value()
            .map_err(|e| CartError::Total(e.to_string()))?;
        let lines = message
            .item_in
            .iter()
            .enumerate()
            .map(|(i, item)| CartLine::from_item_in(item.clone(), i + 1))
            .collect::<Result<Vec<_>, _>>()?;
        let currency = lines.first().map_or_else(
            || total.currency().clone(),
            |l| l.unit_price.currency().clone(),
        );
        if let Some(odd) = lines.iter().find(|l| l.unit_price.currency() != &currency) {
            return Err(CartError::Currency(odd.unit_price.currency().clone()));
        }
        Ok(Self {
            lines,
            operation_allowed: message.header.operation_allowed,
            currency,
            supplier_order: message
                .header
                .supplier_order_info
                .clone()
                .filter(|order| !order.order_id.trim().is_empty()),
            test: false,
            advisory: None,
        })
    }

    /// The cart as the enclosing `Message`'s `deploymentMode` marks it.
    pub fn in_mode(mut self, mode: Option<DeploymentMode>) -> Self {
        self.test = mode == Some(DeploymentMode::Test);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The sum of the line totals.
    pub fn total(&self) -> Result<Money, CartError> {
        total_of(&self.currency, &self.lines)
    }
}

/// The sum of `lines`' totals in `currency`.
pub fn total_of(currency: &Currency, lines: &[CartLine]) -> Result<Money, CartError> {
    let totals = lines
        .iter()
        .map(CartLine::line_total)
        .collect::<Result<Vec<_>, _>>()?;
    Money::sum(currency.clone(), &totals).map_err(|_| CartError::Currency(currency.clone()))
}

#[cfg(test)]
pub(crate) mod tests {

    use cxml::common::UnitPrice;

    use super::*;

    /// A marketplace-like line (`offer-{part}`), with the item-level
    /// `SellerName` extrinsic a marketplace adds.
    pub fn item(part: &str, price: &str, quantity: &str, line_type: &str) -> ItemIn {
        let mut line =
            crate::testing::item(part, &format!("offer-{part}"), price, quantity, line_type);
        line.extrinsic
            .push(Extrinsic::new("SellerName", "Acme Cloud"));
        line
    }

    pub fn message(cookie: &str, items: Vec<ItemIn>, total: &str) -> PunchOutOrderMessage {
        crate::testing::cart_message(cookie, items, total)
    }

    #[test]
    fn a_cart_keeps_what_the_supplier_sent() {
        let msg = message(
            "c",
            vec![
                item("A-1", "2500.00", "1", "Service"),
                item("B-2", "0.01", "1000000", "Material"),
            ],
            "12500.00",
        );
        let cart = Cart::from_message(&msg).unwrap();
        assert_eq!(cart.lines.len(), 2);
        let line = &cart.lines[0];
        assert_eq!(line.supplier_part_id(), "A-1");
        assert_eq!(line.supplier_part_auxiliary_id(), Some("offer-A-1"));
        assert_eq!(line.unspsc(), Some("81162000"));
        assert_eq!(line.unit_of_measure(), "EA");
        assert_eq!(line.extrinsic("linetype").as_deref(), Some("Service"));
        assert_eq!(line.extrinsic("SellerName").as_deref(), Some("Acme Cloud"));
        assert_eq!(cart.total().unwrap(), Money::parse("USD", "12500").unwrap());
        assert_eq!(cart.operation_allowed, OperationAllowed::Edit);
    }

    #[test]
    fn bad_quantities_and_mixed_currencies_are_refused() {
        let msg = message("c", vec![item("A", "1.00", "0", "Service")], "0");
        assert!(matches!(
            Cart::from_message(&msg),
            Err(CartError::Quantity { line: 1, .. })
        ));
        let mut euro = item("B", "1.00", "1", "Service");
        euro.item_detail.unit_price = UnitPrice::of(&Money::parse("EUR", "1.00").unwrap());
        let msg = message("c", vec![item("A", "1.00", "1", "Service"), euro], "2");
        assert!(matches!(
            Cart::from_message(&msg),
            Err(CartError::Currency(_))
        ));
    }

    #[test]
    fn an_empty_message_is_an_empty_cart() {
        let cart = Cart::from_message(&message("c", Vec::new(), "0.00")).unwrap();
        assert!(cart.is_empty());
        assert_eq!(cart.total().unwrap(), Money::parse("USD", "0").unwrap());
    }
}
