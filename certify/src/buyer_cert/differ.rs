//! The round-trip differ: the cart lines the supplier returned
//! (PunchOutOrderMessage `ItemIn`) against the `ItemOut` of the
//! OrderRequest the buyer sent back, field by field. Pure: documents in,
//! verdicts out; the checks that judge the verdicts are in `round_trip`.
//!
//! Lines pair by SupplierPartID and SupplierPartAuxiliaryID; what is left
//! pairs by SupplierPartID alone, in line order (so a line whose aux id
//! was lost is still compared, and its aux id reported lost); what is
//! left then is unpaired on either side.

use std::fmt;

use cxml::{
    common::{ItemDetail, ItemIn, ItemOut},
    newtypes::Decimal,
};

/// What became of one field between the cart and the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Byte for byte the same.
    Identical,
    /// Equal once whitespace, letter case or number formatting are
    /// normalised (`1` and `1.00`, `ea` and `EA`).
    Normalised,
    /// The order holds the start of the cart's text only.
    Truncated,
    /// In the cart, missing or empty in the order.
    Lost,
    /// Something else in the order (or there only).
    Changed,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Identical => "identical",
            Self::Normalised => "normalised",
            Self::Truncated => "truncated",
            Self::Lost => "lost",
            Self::Changed => "changed",
        }
    }

    /// Whether the supplier can still match the line: identical or
    /// normalised.
    pub fn kept(self) -> bool {
        matches!(self, Self::Identical | Self::Normalised)
    }
}

/// A compared field of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    SupplierPartId,
    SupplierPartAuxiliaryId,
    Quantity,
    UnitPrice,
    Currency,
    Description,
    UnitOfMeasure,
    /// A `Classification`, by its domain as the cart wrote it.
    Classification(String),
    ManufacturerPartId,
    /// An `Extrinsic`, by its name as the cart wrote it.
    Extrinsic(String),
}

impl Field {
    /// Where the field sits inside `ItemOut`, for locating it.
    pub fn path(&self) -> &'static str {
        match self {
            Self::SupplierPartId => "ItemID/SupplierPartID",
            Self::SupplierPartAuxiliaryId => "ItemID/SupplierPartAuxiliaryID",
            Self::Quantity => "",
            Self::UnitPrice | Self::Currency => "ItemDetail/UnitPrice/Money",
            Self::Description => "ItemDetail/Description",
            Self::UnitOfMeasure => "ItemDetail/UnitOfMeasure",
            Self::Classification(_) => "ItemDetail/Classification",
            Self::ManufacturerPartId => "ItemDetail/ManufacturerPartID",
            Self::Extrinsic(_) => "ItemDetail/Extrinsic",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SupplierPartId => f.write_str("SupplierPartID"),
            Self::SupplierPartAuxiliaryId => f.write_str("SupplierPartAuxiliaryID"),
            Self::Quantity => f.write_str("quantity"),
            Self::UnitPrice => f.write_str("UnitPrice"),
            Self::Currency => f.write_str("currency"),
            Self::Description => f.write_str("Description"),
            Self::UnitOfMeasure => f.write_str("UnitOfMeasure"),
            Self::Classification(domain) => write!(f, "Classification[{domain}]"),
            Self::ManufacturerPartId => f.write_str("ManufacturerPartID"),
            Self::Extrinsic(name) => write!(f, "Extrinsic[{name}]"),
        }
    }
}

/// One field's verdict, with both values as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDiff {
    pub field: Field,
    pub verdict: Verdict,
    pub cart: Option<String>,
    pub order: Option<String>,
}

impl fmt::Display for FieldDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |v: &Option<String>| v.as_ref().map_or("none".to_owned(), |v| format!("{v:?}"));
        write!(
            f,
            "{} {} (cart {}, order {})",
            self.field,
            self.verdict.as_str(),
            shown(&self.cart),
            shown(&self.order)
        )
    }
}

/// How a cart line found its ordered line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pairing {
    /// SupplierPartID and SupplierPartAuxiliaryID both matched.
    Keys,
    /// SupplierPartID alone, in line order (the aux id differs).
    PartAndOrder,
}

/// A cart line and the ordered line that answers it (positions from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinePair {
    pub cart_line: usize,
    pub order_line: usize,
    pub pairing: Pairing,
    /// Every field present on either side, in a fixed order.
    pub fields: Vec<FieldDiff>,
}

/// The whole round trip.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundTrip {
    pub pairs: Vec<LinePair>,
    /// Cart lines no ordered line answers.
    pub not_ordered: Vec<usize>,
    /// Ordered lines that answer no cart line.
    pub not_in_cart: Vec<usize>,
}

/// A line's values as written, whichever element carried them.
#[derive(Debug, Default)]
struct Values {
    part: String,
    aux: Option<String>,
    quantity: String,
    detail: Option<DetailValues>,
}

#[derive(Debug)]
struct DetailValues {
    amount: String,
    currency: String,
    description: Option<String>,
    unit: String,
    classifications: Vec<(String, String)>,
    manufacturer_part: Option<String>,
    extrinsics: Vec<(String, String)>,
}

impl DetailValues {
    fn of(detail: &ItemDetail, more_extrinsics: &[cxml::common::Extrinsic]) -> Self {
        let mut extrinsics: Vec<(String, String)> = detail
            .extrinsic
            .iter()
            .map(|e| (e.name.clone(), e.value.clone()))
            .collect();
        for e in more_extrinsics {
            if !extrinsics.iter().any(|(name, _)| name == &e.name) {
                extrinsics.push((e.name.clone(), e.value.clone()));
            }
        }
        Self {
            amount: detail.unit_price.money.amount.clone(),
            currency: detail.unit_price.money.currency.clone(),
            description: detail
                .description
                .first()
                .and_then(|d| d.text.clone().or_else(|| d.short_name.clone())),
            unit: detail.unit_of_measure.clone(),
            classifications: detail
                .classification
                .iter()
                .map(|c| (c.domain.clone(), c.value.clone()))
                .collect(),
            manufacturer_part: detail.manufacturer_part_id.clone(),
            extrinsics,
        }
    }
}

impl Values {
    /// A cart line: extrinsics on `ItemIn` itself count too, since buyers
    /// carry them into `ItemDetail` (ItemOut has none of its own).
    fn of_cart(item: &ItemIn) -> Self {
        Self {
            part: item.item_id.supplier_part_id.clone(),
            aux: item.item_id.supplier_part_auxiliary_id.clone(),
            quantity: item.quantity.clone(),
            detail: Some(DetailValues::of(&item.item_detail, &item.extrinsic)),
        }
    }

    fn of_order(item: &ItemOut) -> Self {
        Self {
            part: item.item_id.supplier_part_id.clone(),
            aux: item.item_id.supplier_part_auxiliary_id.clone(),
            quantity: item.quantity.clone(),
            detail: item
                .item_detail
                .as_ref()
                .map(|detail| DetailValues::of(detail, &[])),
        }
    }

    fn part_key(&self) -> &str {
        self.part.trim()
    }

    fn aux_key(&self) -> &str {
        self.aux.as_deref().map_or("", str::trim)
    }
}

/// Whether a cart line (first) and an ordered line are one, in one pass.
type PairsWith = fn(&Values, &Values) -> bool;

/// Compares every cart line with the ordered line that answers it.
pub fn diff(cart: &[ItemIn], order: &[ItemOut]) -> RoundTrip {
    let cart: Vec<Values> = cart.iter().map(Values::of_cart).collect();
    let order: Vec<Values> = order.iter().map(Values::of_order).collect();
    let mut cart_taken = vec![false; cart.len()];
    let mut found: Vec<Option<(usize, Pairing)>> = vec![None; order.len()];
    let passes: [(Pairing, PairsWith); 2] = [
        (Pairing::Keys, |c, o| {
            c.part_key() == o.part_key() && c.aux_key() == o.aux_key()
        }),
        (Pairing::PartAndOrder, |c, o| c.part_key() == o.part_key()),
    ];
    for (pairing, matches) in passes {
        for (o, ordered) in order.iter().enumerate() {
            if found[o].is_some() {
                continue;
            }
            let hit = cart
                .iter()
                .enumerate()
                .find(|(c, line)| !cart_taken[*c] && matches(line, ordered));
            if let Some((c, _)) = hit {
                cart_taken[c] = true;
                found[o] = Some((c, pairing));
            }
        }
    }
    let mut pairs: Vec<LinePair> = found
        .iter()
        .enumerate()
        .filter_map(|(o, hit)| {
            hit.map(|(c, pairing)| LinePair {
                cart_line: c + 1,
                order_line: o + 1,
                pairing,
                fields: compare(&cart[c], &order[o]),
            })
        })
        .collect();
    pairs.sort_by_key(|p| p.cart_line);
    RoundTrip {
        pairs,
        not_ordered: (0..cart.len())
            .filter(|c| !cart_taken[*c])
            .map(|c| c + 1)
            .collect(),
        not_in_cart: (0..order.len())
            .filter(|o| found[*o].is_none())
            .map(|o| o + 1)
            .collect(),
    }
}

/// Every field of one pair; a field absent on both sides is left out.
fn compare(cart: &Values, order: &Values) -> Vec<FieldDiff> {
    let mut out = Vec::new();
    let mut push = |field: Field, cart: Option<&str>, order: Option<&str>, how: Kind| {
        if let Some(verdict) = verdict(cart, order, how) {
            out.push(FieldDiff {
                field,
                verdict,
                cart: cart.map(str::to_owned),
                order: order.map(str::to_owned),
            });
        }
    };
    push(
        Field::SupplierPartId,
        Some(&cart.part),
        Some(&order.part),
        Kind::Id,
    );
    push(
        Field::SupplierPartAuxiliaryId,
        cart.aux.as_deref(),
        order.aux.as_deref(),
        Kind::Id,
    );
    push(
        Field::Quantity,
        Some(&cart.quantity),
        Some(&order.quantity),
        Kind::Number,
    );
    let Some(c) = &cart.detail else {
        return out;
    };
    let o = order.detail.as_ref();
    push(
        Field::UnitPrice,
        Some(&c.amount),
        o.map(|o| o.amount.as_str()),
        Kind::Number,
    );
    push(
        Field::Currency,
        Some(&c.currency),
        o.map(|o| o.currency.as_str()),
        Kind::Code,
    );
    push(
        Field::Description,
        c.description.as_deref(),
        o.and_then(|o| o.description.as_deref()),
        Kind::Text,
    );
    push(
        Field::UnitOfMeasure,
        Some(&c.unit),
        o.map(|o| o.unit.as_str()),
        Kind::Code,
    );
    for (domain, value) in &c.classifications {
        let ordered = o.and_then(|o| {
            o.classifications
                .iter()
                .find(|(d, _)| d.trim().eq_ignore_ascii_case(domain.trim()))
                .map(|(_, v)| v.as_str())
        });
        push(
            Field::Classification(domain.clone()),
            Some(value),
            ordered,
            Kind::Code,
        );
    }
    push(
        Field::ManufacturerPartId,
        c.manufacturer_part.as_deref(),
        o.and_then(|o| o.manufacturer_part.as_deref()),
        Kind::Id,
    );
    for (name, value) in &c.extrinsics {
        let ordered = o.and_then(|o| {
            o.extrinsics
                .iter()
                .find(|(n, _)| n.trim().eq_ignore_ascii_case(name.trim()))
                .map(|(_, v)| v.as_str())
        });
        push(
            Field::Extrinsic(name.clone()),
            Some(value),
            ordered,
            Kind::Text,
        );
    }
    out
}

/// How a field's values are normalised before they are called changed.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// An identifier: surrounding whitespace only (letter case matters to
    /// the supplier that minted it).
    Id,
    /// A code (unit, currency, classification): whitespace and case.
    Code,
    /// Prose: whitespace runs and case.
    Text,
    /// A number: its value (`1` = `1.00`).
    Number,
}

/// The verdict on one field; `None` when neither side has it.
fn verdict(cart: Option<&str>, order: Option<&str>, how: Kind) -> Option<Verdict> {
    fn present(v: Option<&str>) -> Option<&str> {
        v.filter(|v| !v.trim().is_empty())
    }
    let (cart, order) = match (present(cart), present(order)) {
        (None, None) => return None,
        (Some(_), None) => return Some(Verdict::Lost),
        (None, Some(_)) => return Some(Verdict::Changed),
        (Some(cart), Some(order)) => (cart, order),
    };
    if cart == order {
        return Some(Verdict::Identical);
    }
    if let Kind::Number = how
        && let (Ok(c), Ok(o)) = (Decimal::parse(cart.trim()), Decimal::parse(order.trim()))
    {
        return Some(if c == o {
            Verdict::Normalised
        } else {
            Verdict::Changed
        });
    }
    let (c, o) = (normalise(cart, how), normalise(order, how));
    if c == o {
        return Some(Verdict::Normalised);
    }
    let stem = o.trim_end_matches("...").trim_end_matches('…').trim_end();
    if !matches!(how, Kind::Number)
        && !stem.is_empty()
        && c.len() > stem.len()
        && c.starts_with(stem)
    {
        return Some(Verdict::Truncated);
    }
    Some(Verdict::Changed)
}

fn normalise(value: &str, how: Kind) -> String {
    match how {
        Kind::Id | Kind::Number => value.trim().to_owned(),
        Kind::Code => value.trim().to_lowercase(),
        Kind::Text => value
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
    }
}

#[cfg(test)]
#[path = "differ_tests.rs"]
mod tests;
