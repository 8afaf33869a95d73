//! The differ on hand-made lines: each verdict, the pairing fallbacks and
//! unpaired lines on both sides.

use buyer_kit::testing::item;
use cxml::common::{ItemIn, ItemOut};

use super::*;

fn ordered(items: &[ItemIn]) -> Vec<ItemOut> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let mut out = ItemOut::from_item_in(item, Some((i + 1).to_string()));
            if let Some(detail) = out.item_detail.as_mut() {
                detail.extrinsic = item.item_detail.extrinsic.clone();
            }
            out
        })
        .collect()
}

fn verdict_of(trip: &RoundTrip, line: usize, field: &Field) -> Verdict {
    trip.pairs
        .iter()
        .find(|p| p.cart_line == line)
        .and_then(|p| p.fields.iter().find(|f| &f.field == field))
        .map(|f| f.verdict)
        .unwrap_or_else(|| panic!("no {field} on line {line}: {trip:#?}"))
}

fn detail(out: &mut ItemOut) -> &mut cxml::common::ItemDetail {
    out.item_detail
        .as_mut()
        .expect("ItemOut::from_item_in keeps the detail")
}

#[test]
fn an_untouched_order_is_identical_field_by_field() {
    let cart = [
        item("p-1", "opt-a", "10.00", "1", "Service"),
        item("p-2", "opt-b", "5.50", "3", "Usage"),
    ];
    let trip = diff(&cart, &ordered(&cart));
    assert!(trip.not_ordered.is_empty() && trip.not_in_cart.is_empty());
    assert_eq!(trip.pairs.len(), 2);
    for pair in &trip.pairs {
        assert_eq!(pair.pairing, Pairing::Keys);
        assert_eq!(pair.cart_line, pair.order_line);
        for field in &pair.fields {
            assert_eq!(field.verdict, Verdict::Identical, "{field}");
        }
        let names: Vec<String> = pair.fields.iter().map(|f| f.field.to_string()).collect();
        assert_eq!(
            names,
            [
                "SupplierPartID",
                "SupplierPartAuxiliaryID",
                "quantity",
                "UnitPrice",
                "currency",
                "Description",
                "UnitOfMeasure",
                "Classification[UNSPSC]",
                "Extrinsic[LineType]"
            ]
        );
    }
}

#[test]
fn a_lost_aux_id_still_pairs_by_part_and_is_reported_lost() {
    let cart = [item("p-1", "opt-a", "10.00", "1", "Service")];
    let mut order = ordered(&cart);
    order[0].item_id.supplier_part_auxiliary_id = None;
    let trip = diff(&cart, &order);
    assert_eq!(trip.pairs[0].pairing, Pairing::PartAndOrder);
    assert_eq!(
        verdict_of(&trip, 1, &Field::SupplierPartAuxiliaryId),
        Verdict::Lost
    );
    assert_eq!(
        verdict_of(&trip, 1, &Field::SupplierPartId),
        Verdict::Identical
    );
    let shown = trip.pairs[0].fields[1].to_string();
    assert_eq!(
        shown,
        "SupplierPartAuxiliaryID lost (cart \"opt-a\", order none)"
    );
}

#[test]
fn changed_prices_quantities_and_currencies_are_changed() {
    let cart = [item("p-1", "opt-a", "10.00", "2", "Service")];
    let mut order = ordered(&cart);
    order[0].quantity = "3".to_owned();
    detail(&mut order[0]).unit_price.money.amount = "9.99".to_owned();
    detail(&mut order[0]).unit_price.money.currency = "EUR".to_owned();
    let trip = diff(&cart, &order);
    for field in [Field::Quantity, Field::UnitPrice, Field::Currency] {
        assert_eq!(verdict_of(&trip, 1, &field), Verdict::Changed, "{field}");
    }
}

#[test]
fn number_formatting_case_and_whitespace_are_normalised() {
    let cart = [item("p-1", "opt-a", "10.00", "2", "Service")];
    let mut order = ordered(&cart);
    order[0].quantity = "2.0".to_owned();
    order[0].item_id.supplier_part_auxiliary_id = Some(" opt-a\n".to_owned());
    let d = detail(&mut order[0]);
    d.unit_price.money.amount = "10".to_owned();
    d.unit_price.money.currency = "usd".to_owned();
    d.unit_of_measure = "ea".to_owned();
    d.description[0].text = Some("  PRODUCT   p-1 ".to_owned());
    let trip = diff(&cart, &order);
    assert_eq!(trip.pairs[0].pairing, Pairing::Keys, "aux ids pair trimmed");
    for field in [
        Field::Quantity,
        Field::SupplierPartAuxiliaryId,
        Field::UnitPrice,
        Field::Currency,
        Field::UnitOfMeasure,
        Field::Description,
    ] {
        assert_eq!(verdict_of(&trip, 1, &field), Verdict::Normalised, "{field}");
    }
}

#[test]
fn identifiers_keep_their_case() {
    let cart = [item("p-1", "opt-a", "10.00", "1", "Service")];
    let mut order = ordered(&cart);
    order[0].item_id.supplier_part_auxiliary_id = Some("OPT-A".to_owned());
    let trip = diff(&cart, &order);
    assert_eq!(
        verdict_of(&trip, 1, &Field::SupplierPartAuxiliaryId),
        Verdict::Changed
    );
}

#[test]
fn a_cut_description_is_truncated_with_or_without_an_ellipsis() {
    let mut line = item("p-1", "opt-a", "10.00", "1", "Service");
    line.item_detail.description[0].text =
        Some("Analytics suite, annual plan with premium support".to_owned());
    let cart = [line];
    for cut in ["Analytics suite, annual", "Analytics suite, annual pl..."] {
        let mut order = ordered(&cart);
        detail(&mut order[0]).description[0].text = Some(cut.to_owned());
        let trip = diff(&cart, &order);
        assert_eq!(
            verdict_of(&trip, 1, &Field::Description),
            Verdict::Truncated,
            "{cut}"
        );
    }
    let mut order = ordered(&cart);
    detail(&mut order[0]).description[0].text = Some("Something else".to_owned());
    assert_eq!(
        verdict_of(&diff(&cart, &order), 1, &Field::Description),
        Verdict::Changed
    );
    detail(&mut order[0]).description.clear();
    assert_eq!(
        verdict_of(&diff(&cart, &order), 1, &Field::Description),
        Verdict::Lost
    );
}

#[test]
fn an_order_line_without_item_detail_loses_every_detail() {
    let cart = [item("p-1", "opt-a", "10.00", "1", "Service")];
    let mut order = ordered(&cart);
    order[0].item_detail = None;
    let trip = diff(&cart, &order);
    for field in [
        Field::UnitPrice,
        Field::Currency,
        Field::Description,
        Field::UnitOfMeasure,
        Field::Classification("UNSPSC".to_owned()),
        Field::Extrinsic("LineType".to_owned()),
    ] {
        assert_eq!(verdict_of(&trip, 1, &field), Verdict::Lost, "{field}");
    }
}

#[test]
fn an_aux_id_added_by_the_buyer_is_a_change() {
    let mut line = item("p-1", "opt-a", "10.00", "1", "Service");
    line.item_id.supplier_part_auxiliary_id = None;
    let cart = [line];
    let mut order = ordered(&cart);
    order[0].item_id.supplier_part_auxiliary_id = Some("mine".to_owned());
    let trip = diff(&cart, &order);
    assert_eq!(
        verdict_of(&trip, 1, &Field::SupplierPartAuxiliaryId),
        Verdict::Changed
    );
}

#[test]
fn lines_pair_by_keys_across_reordering_and_by_part_in_line_order() {
    let cart = [
        item("p-1", "opt-a", "10.00", "1", "Service"),
        item("p-1", "opt-b", "20.00", "1", "Service"),
        item("p-2", "opt-c", "30.00", "1", "Service"),
    ];
    let mut order = ordered(&cart);
    // The buyer reversed the lines and lost both aux ids of p-1.
    order.reverse();
    order[1].item_id.supplier_part_auxiliary_id = None;
    order[2].item_id.supplier_part_auxiliary_id = None;
    let trip = diff(&cart, &order);
    let pairs: Vec<_> = trip
        .pairs
        .iter()
        .map(|p| (p.cart_line, p.order_line, p.pairing))
        .collect();
    assert_eq!(
        pairs,
        [
            (1, 2, Pairing::PartAndOrder),
            (2, 3, Pairing::PartAndOrder),
            (3, 1, Pairing::Keys)
        ]
    );
    // Paired in line order, the second p-1 line is compared with the
    // order's second p-1 line: its price was 10.00 in the cart's order.
    assert_eq!(verdict_of(&trip, 2, &Field::UnitPrice), Verdict::Changed);
}

#[test]
fn unpaired_lines_are_reported_on_both_sides() {
    let cart = [
        item("p-1", "opt-a", "10.00", "1", "Service"),
        item("p-2", "opt-b", "20.00", "1", "Service"),
    ];
    let mut order = ordered(&cart[..1]);
    order.extend(ordered(&[item("p-9", "x", "1.00", "1", "Service")]));
    let trip = diff(&cart, &order);
    assert_eq!(trip.pairs.len(), 1);
    assert_eq!(trip.not_ordered, [2]);
    assert_eq!(trip.not_in_cart, [2]);
}
