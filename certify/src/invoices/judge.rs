//! One InvoiceDetailRequest judged as it arrives, on the bytes the vendor
//! sent (the journal keeps them masked, so the shared secret is judged
//! here and only here): each aspect a CERT-INV check sums up, and the
//! answer the platform would give (401, 450, 400 or 417 with a reason, or
//! 200). Everything is read from cxml's positional tree, so each failure
//! names the element with its line and column.

use buyer_kit::{Identity, Profile};
use cxml::{
    Finding, RuleContext, RuleId, Severity, SharedSecret,
    newtypes::Decimal,
    tree::{Document, Element},
};
use service_kit::journal::Dtds;

use super::Ordered;
use crate::{cart::checks::from_finding, report::Located};

/// What the inbox expects of every invoice.
#[derive(Debug, Clone)]
pub(crate) struct Expect {
    /// The supplier under test: `From`, and `Sender` with the secret.
    pub supplier: Identity,
    /// The buyer procsim plays: `To`.
    pub buyer: Identity,
    pub secret: SharedSecret,
    pub profile: Profile,
    pub dtd: Dtds,
}

/// One aspect of one invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Aspect {
    Passed(String),
    Failed(String, Option<Located>),
}

/// Which order the invoice names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reference {
    /// The certified order, in this form.
    Certified(&'static str),
    /// An order procsim never sent.
    Unknown(String, Located),
    /// No order at all.
    Missing(Option<Located>),
}

/// One invoice, judged.
#[derive(Debug, Clone)]
pub(crate) struct Judgement {
    pub payload_id: String,
    pub dtd: Aspect,
    pub credentials: Aspect,
    pub reference: Reference,
    /// Judged only against the certified order.
    pub lines: Option<Aspect>,
    pub totals: Aspect,
    pub rules: Aspect,
    /// The cXML Status the inbox answered with.
    pub code: u16,
    pub text: String,
}

/// Judges `raw`, an InvoiceDetailRequest the cxml reader read.
pub(crate) fn judge(raw: &[u8], expect: &Expect, ordered: Option<&Ordered>) -> Judgement {
    let findings = findings(raw, &expect.dtd);
    let Ok(tree) = cxml::tree::parse(raw) else {
        // The reader read it, so the tree does too; kept total anyway.
        let failed = Aspect::Failed("the document is not well-formed XML".into(), None);
        return Judgement {
            payload_id: String::new(),
            dtd: failed.clone(),
            credentials: failed.clone(),
            reference: Reference::Missing(None),
            lines: None,
            totals: failed.clone(),
            rules: failed,
            code: 406,
            text: "the document is not well-formed XML".into(),
        };
    };
    let dtd = dtd(&tree, &expect.profile);
    let credentials = credentials(&tree, expect);
    let reference = reference(&tree, ordered);
    let lines = match (&reference, ordered) {
        (Reference::Certified(_), Some(ordered)) => Some(lines(&tree, ordered)),
        _ => None,
    };
    let (code, text) = answer(&credentials, &dtd, &reference, &expect.profile.name);
    Judgement {
        payload_id: tree.root().attr("payloadID").unwrap_or_default().to_owned(),
        dtd,
        credentials,
        reference,
        lines,
        totals: totals(&findings),
        rules: rules(&findings, expect.dtd.is_some()),
        code,
        text,
    }
}

/// The platform's answer: credentials first (401), then the DTD version
/// (450, CO-29/CO-31), then the order (400 none, 417 unknown, CO-31).
fn answer(
    credentials: &Aspect,
    dtd: &Aspect,
    reference: &Reference,
    platform: &str,
) -> (u16, String) {
    if let Aspect::Failed(why, _) = credentials {
        return (401, why.clone());
    }
    if let Aspect::Failed(why, _) = dtd {
        return (450, format!("{platform} does not take this invoice: {why}"));
    }
    match reference {
        Reference::Certified(_) => (200, "OK".into()),
        Reference::Missing(_) => (
            400,
            "the invoice names no purchase order: put the orderID in InvoiceDetailOrderInfo/OrderReference".into(),
        ),
        Reference::Unknown(named, _) => (
            417,
            format!("no purchase order {named} was sent to this supplier: invoice the orderID of the PO received"),
        ),
    }
}

/// The findings the CX rules (and the DTD, when at hand) make of `raw`.
fn findings(raw: &[u8], dtds: &Dtds) -> Vec<Finding> {
    let context = RuleContext::default();
    match dtds.shelf() {
        Some(shelf) => shelf.findings(raw, &context),
        None => cxml::validate::check_without_dtd(raw, &context),
    }
}

fn located(tree: &Document, el: Element<'_>, rule: Option<&str>, message: &str) -> Located {
    crate::cart::checks::located(el, tree, rule, message)
}

/// CERT-INV-002: the DOCTYPE names InvoiceDetail.dtd in a version the
/// profile accepts.
pub(crate) fn dtd(tree: &Document, profile: &Profile) -> Aspect {
    let declared = tree.doctype.as_ref().and_then(|d| d.declared_dtd());
    let Some(declared) = declared else {
        return Aspect::Failed(
            "the DOCTYPE names no DTD: declare InvoiceDetail.dtd and its version".into(),
            None,
        );
    };
    if !declared.file.eq_ignore_ascii_case("InvoiceDetail.dtd") {
        return Aspect::Failed(
            format!(
                "the DOCTYPE names {} {}, not InvoiceDetail.dtd",
                declared.file, declared.version
            ),
            None,
        );
    }
    let version = &declared.version;
    match profile.accepts_invoice_version(version) {
        Some(true) => Aspect::Passed(format!(
            "InvoiceDetail.dtd {version}, which {} accepts",
            profile.name
        )),
        None => Aspect::Passed(format!(
            "InvoiceDetail.dtd {version}; the {} profile names no versions, so any is taken",
            profile.name
        )),
        Some(false) => Aspect::Failed(
            format!(
                "InvoiceDetail.dtd {version} is not a version {} accepts ({})",
                profile.name,
                profile
                    .dtd
                    .invoice_detail
                    .as_deref()
                    .unwrap_or_default()
                    .join(", ")
            ),
            None,
        ),
    }
}

fn names(party: Element<'_>, wanted: &Identity) -> bool {
    party
        .children_named("Credential")
        .any(|c| credential_is(c, wanted))
}

fn credential_is(credential: Element<'_>, wanted: &Identity) -> bool {
    credential
        .attr("domain")
        .is_some_and(|d| d.trim().eq_ignore_ascii_case(&wanted.domain))
        && credential
            .child("Identity")
            .is_some_and(|i| i.trimmed_text() == wanted.identity)
}

/// CERT-INV-003: From names the supplier, To the buyer, and a Sender
/// credential of the supplier carries the run's secret (every candidate
/// compared in constant time).
pub(crate) fn credentials(tree: &Document, expect: &Expect) -> Aspect {
    let Some(header) = tree.root().child("Header") else {
        return Aspect::Failed("the invoice has no Header".into(), None);
    };
    let party = |name: &str| header.child(name);
    let show = |id: &Identity| format!("{}:{}", id.domain, id.identity);
    match party("From") {
        Some(from) if names(from, &expect.supplier) => {}
        other => {
            return Aspect::Failed(
                format!("From does not name the supplier {}", show(&expect.supplier)),
                other.map(|el| located(tree, el, None, "From")),
            );
        }
    }
    match party("To") {
        Some(to) if names(to, &expect.buyer) => {}
        other => {
            return Aspect::Failed(
                format!(
                    "To does not name the buyer {}: the invoice is not addressed to it",
                    show(&expect.buyer)
                ),
                other.map(|el| located(tree, el, None, "To")),
            );
        }
    }
    let sender = party("Sender");
    let secret_matches = sender
        .into_iter()
        .flat_map(|s| s.children_named("Credential"))
        .filter(|c| credential_is(*c, &expect.supplier))
        .filter_map(|c| c.child("SharedSecret"))
        // `|` rather than `||`: every candidate is compared.
        .fold(false, |found, secret| {
            found | (SharedSecret::new(secret.trimmed_text()) == expect.secret)
        });
    if secret_matches {
        Aspect::Passed(format!(
            "From {}, To {}, and the agreed shared secret in Sender",
            show(&expect.supplier),
            show(&expect.buyer)
        ))
    } else {
        Aspect::Failed(
            format!(
                "no Sender credential of {} carries the shared secret agreed with this buyer",
                show(&expect.supplier)
            ),
            sender.map(|el| located(tree, el, None, "Sender")),
        )
    }
}

/// CERT-INV-004: every InvoiceDetailOrderInfo names the certified order.
pub(crate) fn reference(tree: &Document, ordered: Option<&Ordered>) -> Reference {
    let infos: Vec<Element<'_>> = tree
        .root()
        .descendants()
        .filter(|e| e.name() == "InvoiceDetailOrderInfo")
        .collect();
    if infos.is_empty() {
        let request = tree
            .root()
            .descendants()
            .find(|e| e.name() == "InvoiceDetailRequest");
        return Reference::Missing(
            request.map(|el| located(tree, el, None, "no InvoiceDetailOrderInfo")),
        );
    }
    let mut form = "";
    for info in infos {
        let named = order_named(info);
        let matched = named.iter().find_map(|(how, value, _)| {
            ordered.and_then(|o| {
                let by_payload = *how == DOCUMENT_REFERENCE && value == &o.payload_id;
                (value == &o.order_id || by_payload).then_some(*how)
            })
        });
        match (matched, named.first()) {
            (Some(how), _) => form = how,
            (None, Some((how, value, el))) => {
                let message = format!("{how} names {value}, which procsim never ordered");
                return Reference::Unknown(value.clone(), located(tree, *el, None, &message));
            }
            (None, None) => {
                return Reference::Missing(Some(located(tree, info, None, "no orderID")));
            }
        }
    }
    Reference::Certified(form)
}

const DOCUMENT_REFERENCE: &str = "OrderReference/DocumentReference@payloadID";

/// The order ids an InvoiceDetailOrderInfo names, each with where.
fn order_named(info: Element<'_>) -> Vec<(&'static str, String, Element<'_>)> {
    [
        (
            DOCUMENT_REFERENCE,
            info.at("OrderReference/DocumentReference"),
            "payloadID",
        ),
        (
            "OrderReference@orderID",
            info.child("OrderReference"),
            "orderID",
        ),
        ("OrderIDInfo@orderID", info.child("OrderIDInfo"), "orderID"),
    ]
    .into_iter()
    .filter_map(|(how, el, attr)| {
        let el = el?;
        let value = el.attr(attr).map(str::trim).filter(|v| !v.is_empty())?;
        Some((how, value.to_owned(), el))
    })
    .collect()
}

/// CERT-INV-005: every line names an ordered line and stays within it.
pub(crate) fn lines(tree: &Document, ordered: &Ordered) -> Aspect {
    let items: Vec<Element<'_>> = tree
        .root()
        .descendants()
        .filter(|e| e.name() == "InvoiceDetailItem" || e.name() == "InvoiceDetailServiceItem")
        .collect();
    if items.is_empty() {
        return Aspect::Failed("the invoice has no InvoiceDetailItem".into(), None);
    }
    for item in &items {
        if let Err((why, el)) = line(*item, ordered) {
            let number = item.attr("invoiceLineNumber").unwrap_or("?");
            let message = format!("invoice line {number}: {why}");
            return Aspect::Failed(message.clone(), Some(located(tree, el, None, &message)));
        }
    }
    Aspect::Passed(format!(
        "{} invoice line(s), each naming an ordered line of {} within its quantity and price",
        items.len(),
        ordered.order_id
    ))
}

fn line<'a>(item: Element<'a>, ordered: &Ordered) -> Result<(), (String, Element<'a>)> {
    let reference = item
        .child("InvoiceDetailItemReference")
        .or_else(|| item.child("InvoiceDetailServiceItemReference"))
        .ok_or_else(|| ("no item reference to the order line".to_owned(), item))?;
    let number = reference.attr("lineNumber").map(str::trim).unwrap_or("");
    let po_line = number
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| ordered.lines.get(i))
        .ok_or_else(|| {
            let count = ordered.lines.len();
            (
                format!("lineNumber \"{number}\" is not a line of the order (it has {count})"),
                reference,
            )
        })?;
    let same = |path: &str, want: Option<&str>, what: &str| match (reference.at(path), want) {
        (Some(el), Some(want)) if el.trimmed_text() != want => Err((
            format!(
                "{what} {} is not the ordered line's {want}",
                el.trimmed_text()
            ),
            el,
        )),
        _ => Ok(()),
    };
    same(
        "ItemID/SupplierPartID",
        Some(po_line.supplier_part_id()),
        "SupplierPartID",
    )?;
    same(
        "ItemID/SupplierPartAuxiliaryID",
        po_line.supplier_part_auxiliary_id(),
        "SupplierPartAuxiliaryID",
    )?;
    if let Some(unit) = item.child("UnitOfMeasure")
        && !unit
            .trimmed_text()
            .eq_ignore_ascii_case(po_line.unit_of_measure())
    {
        let why = format!(
            "UnitOfMeasure {} is not the ordered {}",
            unit.trimmed_text(),
            po_line.unit_of_measure()
        );
        return Err((why, unit));
    }
    if let Some(quantity) = item.attr("quantity")
        && Decimal::parse(quantity.trim()).is_ok_and(|q| q > po_line.quantity())
    {
        let why = format!(
            "quantity {quantity} exceeds the {} ordered",
            po_line.quantity()
        );
        return Err((why, item));
    }
    if let Some(money) = item.at("UnitPrice/Money") {
        let ordered_price = po_line.unit_price();
        let currency = money.attr("currency").unwrap_or("").trim();
        if currency != ordered_price.currency().as_str() {
            let why = format!(
                "UnitPrice in {currency}, the order in {}",
                ordered_price.currency()
            );
            return Err((why, money));
        }
        if Decimal::parse(money.trimmed_text()).is_ok_and(|p| p > ordered_price.amount()) {
            let why = format!(
                "UnitPrice {} exceeds the ordered {}",
                money.trimmed_text(),
                ordered_price.amount()
            );
            return Err((why, money));
        }
    }
    Ok(())
}

/// CERT-INV-006: CX070's findings (the amounts with line and column).
pub(crate) fn totals(findings: &[Finding]) -> Aspect {
    match findings.iter().find(|f| f.rule == RuleId::Cx070) {
        Some(finding) => Aspect::Failed(finding.message.clone(), Some(from_finding(finding))),
        None => Aspect::Passed(
            "the lines add up to SubtotalAmount, and Gross, Net and Due follow".into(),
        ),
    }
}

/// CERT-INV-007: the first error finding but CX070 and CX071.
pub(crate) fn rules(findings: &[Finding], with_dtd: bool) -> Aspect {
    let error = findings.iter().find(|f| {
        f.severity == Severity::Error && !matches!(f.rule, RuleId::Cx070 | RuleId::Cx071)
    });
    let dtd = if with_dtd {
        "valid against InvoiceDetail.dtd"
    } else {
        "DTD not checked (no DTDs at hand: procsim dtd fetch installs them)"
    };
    match error {
        Some(finding) => Aspect::Failed(
            format!("{}: {}", finding.rule, finding.message),
            Some(from_finding(finding)),
        ),
        None => {
            let advisories = findings
                .iter()
                .filter(|f| f.severity != Severity::Error)
                .count();
            Aspect::Passed(format!(
                "reads as cXML, {dtd}, no CX rule error ({advisories} advisories)"
            ))
        }
    }
}

#[cfg(test)]
#[path = "judge_tests.rs"]
mod tests;
