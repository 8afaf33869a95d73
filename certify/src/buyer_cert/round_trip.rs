//! The round trip (CERT-BUYER-017 to 021): the differ's verdicts on every
//! cart line against its ItemOut, one check per class of field, so a lost
//! aux id and a changed price fail different checks. Each failure names
//! every line and field that was not kept, and points at the first one in
//! the OrderRequest with line and column; a field kept only after
//! normalising passes, with a note.

use cxml::{
    common::{ItemIn, ItemOut},
    envelope::MessageBody,
    tree::Element,
};

use super::{
    differ::{self, Field, FieldDiff, LinePair, RoundTrip, Verdict},
    doc::Doc,
    order::order_of,
};
use crate::{
    catalogue::CheckId,
    report::{CheckResult, Evidence},
};

const ALL: [CheckId; 5] = [
    CheckId::Buyer017,
    CheckId::Buyer018,
    CheckId::Buyer019,
    CheckId::Buyer020,
    CheckId::Buyer021,
];

/// The fields each check owns.
fn owner(field: &Field) -> CheckId {
    match field {
        Field::SupplierPartId | Field::SupplierPartAuxiliaryId => CheckId::Buyer018,
        Field::Quantity | Field::UnitPrice | Field::Currency => CheckId::Buyer019,
        Field::Description => CheckId::Buyer020,
        Field::UnitOfMeasure
        | Field::Classification(_)
        | Field::ManufacturerPartId
        | Field::Extrinsic(_) => CheckId::Buyer021,
    }
}

fn what(id: CheckId) -> &'static str {
    match id {
        CheckId::Buyer018 => "SupplierPartID and SupplierPartAuxiliaryID",
        CheckId::Buyer019 => "unit price, currency and quantity",
        CheckId::Buyer020 => "Description",
        _ => "UnitOfMeasure, Classification, ManufacturerPartID and Extrinsics",
    }
}

pub(crate) fn checks(cart: Option<&Doc<'_>>, order: Option<&Doc<'_>>) -> Vec<CheckResult> {
    let skip = |why: &str| ALL.map(|id| CheckResult::skipped(id, why)).to_vec();
    let Some(cart) = cart else {
        return skip("no cart came back from the marketplace, so there is no round trip to judge");
    };
    let Some(order) = order else {
        return skip("no OrderRequest came (see CERT-BUYER-010)");
    };
    let Some(items_in) = items_in(cart) else {
        return skip("the marketplace's cart cannot be read back from its journal");
    };
    let Some(request) = order_of(order) else {
        return skip("the OrderRequest cannot be read (see CERT-BUYER-016)");
    };
    let trip = differ::diff(items_in, &request.item_out);
    let judge = Judge {
        order,
        cart_id: cart.exchange.id,
        items_out: &request.item_out,
        cart: items_in,
        trip: &trip,
    };
    let mut checks = vec![judge.pairing()];
    checks.extend(
        [
            CheckId::Buyer018,
            CheckId::Buyer019,
            CheckId::Buyer020,
            CheckId::Buyer021,
        ]
        .map(|id| judge.fields(id)),
    );
    checks
}

fn items_in<'d>(cart: &'d Doc<'_>) -> Option<&'d [ItemIn]> {
    match &cart.cxml.as_ref()?.message.as_ref()?.body {
        MessageBody::PunchOutOrderMessage(message) => Some(&message.item_in),
        _ => None,
    }
}

struct Judge<'a> {
    order: &'a Doc<'a>,
    cart_id: i64,
    cart: &'a [ItemIn],
    items_out: &'a [ItemOut],
    trip: &'a RoundTrip,
}

impl Judge<'_> {
    fn item_out_element(&self, line: usize) -> Option<Element<'_>> {
        self.order
            .at("Request/OrderRequest")?
            .children_named("ItemOut")
            .nth(line.checked_sub(1)?)
    }

    fn evidence(&self, detail: String) -> Evidence {
        self.order
            .evidence(format!("{detail} [cart: journal entry {}]", self.cart_id))
    }

    fn cart_key(&self, line: usize) -> String {
        self.cart
            .get(line - 1)
            .map_or_else(String::new, |i| key(&i.item_id))
    }

    /// CERT-BUYER-017: every cart line ordered, every ItemOut from the cart.
    fn pairing(&self) -> CheckResult {
        let id = CheckId::Buyer017;
        let mut problems: Vec<String> = self
            .trip
            .not_ordered
            .iter()
            .map(|n| format!("cart line {n} ({}) was not ordered", self.cart_key(*n)))
            .collect();
        problems.extend(self.trip.not_in_cart.iter().map(|n| {
            let item = self
                .items_out
                .get(n - 1)
                .map_or_else(String::new, |i| key(&i.item_id));
            format!("ItemOut {n} ({item}) answers no cart line")
        }));
        let by_part = self
            .trip
            .pairs
            .iter()
            .filter(|p| p.pairing == differ::Pairing::PartAndOrder)
            .count();
        if problems.is_empty() {
            let mut detail = format!("{} cart line(s), each ordered once", self.trip.pairs.len());
            if by_part > 0 {
                detail.push_str(&format!(
                    "; {by_part} paired by SupplierPartID and line order, their aux ids differ (see CERT-BUYER-018)"
                ));
            }
            return CheckResult::pass(id, self.evidence(detail));
        }
        let mut evidence = self.evidence(problems.join("; "));
        let first_extra = self.trip.not_in_cart.first().copied();
        if let Some(el) = first_extra.and_then(|n| self.item_out_element(n)) {
            evidence.element = self.order.locate(el, None, "answers no cart line");
        }
        CheckResult::fail(id, evidence)
    }

    /// One class of fields over every pair.
    fn fields(&self, id: CheckId) -> CheckResult {
        let mine = |pair: &'_ LinePair| -> Vec<FieldDiff> {
            pair.fields
                .iter()
                .filter(|f| owner(&f.field) == id)
                .cloned()
                .collect()
        };
        let mut lost = Vec::new();
        let mut normalised = Vec::new();
        let mut first: Option<(usize, FieldDiff)> = None;
        for pair in &self.trip.pairs {
            for field in mine(pair) {
                let said = format!(
                    "cart line {} -> ItemOut {}: {field}",
                    pair.cart_line, pair.order_line
                );
                match field.verdict {
                    Verdict::Identical => {}
                    Verdict::Normalised => normalised.push(said),
                    Verdict::Truncated | Verdict::Lost | Verdict::Changed => {
                        lost.push(said);
                        first.get_or_insert((pair.order_line, field));
                    }
                }
            }
        }
        if self.trip.pairs.is_empty() {
            return CheckResult::fail(
                id,
                self.evidence(
                    "no cart line could be paired with an ItemOut (see CERT-BUYER-017)".to_owned(),
                ),
            );
        }
        let Some((line, field)) = first else {
            let mut detail = format!("{} kept on {} line(s)", what(id), self.trip.pairs.len());
            if !normalised.is_empty() {
                detail.push_str(&format!(
                    "; equal only after normalising: {}",
                    normalised.join("; ")
                ));
            }
            return CheckResult::pass(id, self.evidence(detail));
        };
        let mut evidence = self.evidence(lost.join("; "));
        let at = self.item_out_element(line).map(|item| {
            let path = field.field.path();
            if path.is_empty() {
                item
            } else {
                item.at(path)
                    .or_else(|| item.at(path.rsplit_once('/').map_or("", |(parent, _)| parent)))
                    .unwrap_or(item)
            }
        });
        if let Some(el) = at {
            evidence.element = self.order.locate(el, None, field.to_string());
        }
        CheckResult::fail(id, evidence)
    }
}

fn key(item: &cxml::common::ItemId) -> String {
    match item.supplier_part_auxiliary_id.as_deref() {
        Some(aux) => format!("{} / {aux}", item.supplier_part_id.trim()),
        None => item.supplier_part_id.trim().to_owned(),
    }
}
