//! The checks of a returned cart (CERT-CART-001 to 009): the transport,
//! the BuyerCookie, the CX rules, and the profile's line requirements.
//! The form is decoded by cxml's transport (the decoder buyer-kit's
//! `receive_cart` uses); the CX rules are `check_without_dtd`'s, and each
//! line requirement reports the CX rule findings it owns, with line and
//! column, so one fault fails one check.

use buyer_kit::{
    BuyerCookie, Cart, Profile,
    profile::{CartRequirements, CartTransport},
};
use cxml::{
    Finding, RuleContext, RuleId, Severity,
    doc::PunchOutOrderMessage,
    envelope::MessageBody,
    transport::{FormEncoding, decode_form},
    tree::{Document, Element},
};

use super::listener::Received;
use crate::{
    catalogue::CheckId,
    report::{CheckResult, Evidence, Located},
};

/// What the run knows about the cart it waited for.
pub(crate) struct Expected<'a> {
    pub url: &'a str,
    pub path: &'a str,
    pub cookie: &'a BuyerCookie,
    pub profile: &'a Profile,
    pub journal_id: Option<i64>,
    /// The official DTDs, when the run has them: the cart is validated.
    pub dtds: &'a service_kit::journal::Dtds,
}

/// The checks, and the cart when it can be ordered and re-opened.
pub(crate) struct Judged {
    pub checks: Vec<CheckResult>,
    pub cart: Result<Cart, String>,
}

/// Rules whose findings a line requirement judges instead of CART-003.
const LINE_RULES: [RuleId; 3] = [RuleId::Cx043, RuleId::Cx045, RuleId::Cx047];

/// The document out of the form, if any: what the listener journals.
pub(crate) fn document(received: &Received) -> Option<Vec<u8>> {
    decode_form(&received.body).ok().map(|p| p.document)
}

pub(crate) fn judge(received: &Received, expected: &Expected<'_>) -> Judged {
    let mut checks = Vec::new();
    let payload =
        match decode_form(&received.body) {
            Ok(payload) => payload,
            Err(err) => {
                let why = format!(
                    "the form posted to {} carried no cXML: {err}",
                    received.path
                );
                checks.push(CheckResult::fail(CheckId::Cart001, said(expected, &why)));
                checks.extend(AFTER_TRANSPORT.iter().map(|id| {
                    CheckResult::skipped(*id, "no document to judge (see CERT-CART-001)")
                }));
                return Judged {
                    checks,
                    cart: Err(why),
                };
            }
        };
    checks.push(transport(
        received,
        expected,
        payload.encoding,
        payload.double_encoded,
    ));
    let bytes = payload.document;
    let tree =
        match cxml::tree::parse(&bytes) {
            Ok(tree) => tree,
            Err(err) => {
                let mut evidence = said(expected, "the cart is not well-formed XML");
                evidence.element = Some(Located {
                    rule: Some("CX001".to_owned()),
                    path: String::new(),
                    line: err.line,
                    column: err.column,
                    message: err.message,
                });
                checks.push(CheckResult::fail(
                    CheckId::Cart002,
                    said(expected, "no BuyerCookie to read: the cart is not XML"),
                ));
                checks.push(CheckResult::fail(CheckId::Cart003, evidence));
                checks.extend(AFTER_RULES.iter().map(|id| {
                    CheckResult::skipped(*id, "the cart is not XML (see CERT-CART-003)")
                }));
                return Judged {
                    checks,
                    cart: Err("the cart is not XML".to_owned()),
                };
            }
        };
    let findings = findings(&bytes, expected.dtds);
    let message = match cxml::read::read_lenient(&bytes).map(|parsed| parsed.doc.message) {
        Ok(Some(message)) => match message.body {
            MessageBody::PunchOutOrderMessage(message) => Ok(*message),
            _ => Err("the document is not a PunchOutOrderMessage".to_owned()),
        },
        Ok(None) => Err("the document is not a PunchOutOrderMessage".to_owned()),
        Err(err) => Err(format!("the document cannot be read: {err}")),
    };
    checks.push(cookie(&tree, expected));
    checks.push(rules(&bytes, &findings, &message, expected));
    let lines = Lines {
        tree: &tree,
        findings: &findings,
        expected,
        wants: &expected.profile.cart,
    };
    checks.push(lines.unspsc());
    checks.push(lines.aux_ids());
    checks.push(lines.units());
    checks.push(lines.descriptions());
    checks.push(lines.currency());
    checks.push(lines.total());
    let cart = message
        .and_then(|m: PunchOutOrderMessage| Cart::from_message(&m).map_err(|e| e.to_string()));
    Judged { checks, cart }
}

const AFTER_TRANSPORT: [CheckId; 8] = [
    CheckId::Cart002,
    CheckId::Cart003,
    CheckId::Cart004,
    CheckId::Cart005,
    CheckId::Cart006,
    CheckId::Cart007,
    CheckId::Cart008,
    CheckId::Cart009,
];

const AFTER_RULES: [CheckId; 6] = [
    CheckId::Cart004,
    CheckId::Cart005,
    CheckId::Cart006,
    CheckId::Cart007,
    CheckId::Cart008,
    CheckId::Cart009,
];

/// Every cart check, in catalogue order: for a cart that never came.
pub(crate) const ALL: [CheckId; 9] = [
    CheckId::Cart001,
    CheckId::Cart002,
    CheckId::Cart003,
    CheckId::Cart004,
    CheckId::Cart005,
    CheckId::Cart006,
    CheckId::Cart007,
    CheckId::Cart008,
    CheckId::Cart009,
];

fn said(expected: &Expected<'_>, detail: impl Into<String>) -> Evidence {
    Evidence {
        journal_id: expected.journal_id,
        ..Evidence::said(detail)
    }
}

pub(crate) fn located(
    el: Element<'_>,
    tree: &Document,
    rule: Option<&str>,
    message: impl Into<String>,
) -> Located {
    Located {
        rule: rule.map(str::to_owned),
        path: tree.path_of(el).unwrap_or_default(),
        line: el.line(),
        column: el.column(),
        message: message.into(),
    }
}

pub(crate) fn from_finding(finding: &Finding) -> Located {
    Located {
        rule: Some(finding.rule.to_string()),
        path: finding.path.clone(),
        line: finding.line,
        column: finding.column,
        message: finding.message.clone(),
    }
}

/// CERT-CART-001: the field, the profile's transports, the exact URL.
fn transport(
    received: &Received,
    expected: &Expected<'_>,
    encoding: FormEncoding,
    double_encoded: bool,
) -> CheckResult {
    let id = CheckId::Cart001;
    let field = encoding.field_name();
    let accepted = expected.profile.cart.transports.iter().any(|t| {
        matches!(
            (t, encoding),
            (CartTransport::Base64, FormEncoding::Base64)
                | (CartTransport::UrlEncoded, FormEncoding::UrlEncoded)
        )
    });
    let problem = if received.path != expected.path {
        Some(format!(
            "the cart was posted to {} instead of exactly the BrowserFormPost URL {}",
            received.path, expected.url
        ))
    } else if !accepted {
        Some(format!(
            "the cart came in {field}, which the {} profile does not read",
            expected.profile.name
        ))
    } else if double_encoded {
        Some(format!("the {field} field was URL-encoded twice (CX051)"))
    } else {
        None
    };
    match problem {
        Some(problem) => CheckResult::fail(id, said(expected, problem)),
        None => CheckResult::pass(
            id,
            said(
                expected,
                format!("{field} field posted to {}", expected.url),
            ),
        ),
    }
}

/// CERT-CART-002: the session's BuyerCookie, echoed.
fn cookie(tree: &Document, expected: &Expected<'_>) -> CheckResult {
    let id = CheckId::Cart002;
    let wanted = expected.cookie.as_str();
    let Some(el) = tree.root().at("Message/PunchOutOrderMessage/BuyerCookie") else {
        return CheckResult::fail(
            id,
            said(
                expected,
                "no Message/PunchOutOrderMessage/BuyerCookie in the cart",
            ),
        );
    };
    let got = el.trimmed_text();
    if got == wanted {
        return CheckResult::pass(id, said(expected, format!("BuyerCookie {wanted} echoed")));
    }
    let mut evidence = said(
        expected,
        format!("the cart's BuyerCookie is `{got}`, the session's was `{wanted}`"),
    );
    evidence.element = Some(located(el, tree, None, "BuyerCookie not echoed"));
    CheckResult::fail(id, evidence)
}

/// The cart's findings: against the official DTD of the version it
/// declares when the run has DTDs (CX002 among them; the newest stands in
/// for a version not at hand, and its findings say so), else the CX rules
/// alone.
fn findings(bytes: &[u8], dtds: &service_kit::journal::Dtds) -> Vec<Finding> {
    let context = RuleContext::default();
    match dtds.shelf() {
        Some(shelf) => shelf.findings(bytes, &context),
        None => cxml::validate::check_without_dtd(bytes, &context),
    }
}

/// CERT-CART-003: DTD-valid (when the run has the DTDs), the CX rules
/// (less the line rules) and a readable PunchOutOrderMessage.
fn rules(
    bytes: &[u8],
    findings: &[Finding],
    message: &Result<PunchOutOrderMessage, String>,
    expected: &Expected<'_>,
) -> CheckResult {
    let id = CheckId::Cart003;
    let errors: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error && !LINE_RULES.contains(&f.rule))
        .collect();
    if let Some(first) = errors.first() {
        let mut evidence = said(
            expected,
            format!(
                "{} CX rule error(s); the first: {}",
                errors.len(),
                first.message
            ),
        );
        evidence.element = Some(from_finding(first));
        return CheckResult::fail(id, evidence);
    }
    if let Err(why) = message {
        return CheckResult::fail(id, said(expected, why.clone()));
    }
    let strict = cxml::read::read(bytes).err();
    match strict {
        Some(err) => CheckResult::fail(
            id,
            said(expected, format!("read strictly, the cart fails: {err}")),
        ),
        None => CheckResult::pass(
            id,
            said(
                expected,
                if expected.dtds.is_some() {
                    "a PunchOutOrderMessage valid against cXML.dtd, with no CX rule error"
                } else {
                    "a PunchOutOrderMessage with no CX rule error (the DTD was not checked: no DTDs at hand; procsim dtd fetch installs them)"
                },
            ),
        ),
    }
}

/// The line requirements, judged on the tree (for line and column) and
/// the CX findings they own.
struct Lines<'a> {
    tree: &'a Document,
    findings: &'a [Finding],
    expected: &'a Expected<'a>,
    wants: &'a CartRequirements,
}

impl Lines<'_> {
    fn items(&self) -> Vec<Element<'_>> {
        self.tree
            .root()
            .at("Message/PunchOutOrderMessage")
            .map(|m| m.children_named("ItemIn").collect())
            .unwrap_or_default()
    }

    fn not_required(&self, id: CheckId, what: &str) -> CheckResult {
        CheckResult::skipped(
            id,
            format!(
                "the {} profile does not require {what}",
                self.expected.profile.name
            ),
        )
    }

    /// Fails on the first line `missing` finds something wrong with, or
    /// on the first finding of `rule` (filtered by `owns`).
    fn judge(
        &self,
        id: CheckId,
        missing: impl Fn(Element<'_>) -> Option<(&'static str, String)>,
        owned: impl Fn(&Finding) -> bool,
        passed: String,
    ) -> CheckResult {
        for (n, item) in self.items().into_iter().enumerate() {
            if let Some((child, why)) = missing(item) {
                let el = item.at(child).unwrap_or(item);
                let mut evidence = said(self.expected, format!("line {}: {why}", n + 1));
                evidence.element = Some(located(el, self.tree, None, why));
                return CheckResult::fail(id, evidence);
            }
        }
        if let Some(finding) = self.findings.iter().find(|f| owned(f)) {
            let mut evidence = said(self.expected, finding.message.clone());
            evidence.element = Some(from_finding(finding));
            return CheckResult::fail(id, evidence);
        }
        CheckResult::pass(id, said(self.expected, passed))
    }

    fn unspsc(&self) -> CheckResult {
        let id = CheckId::Cart004;
        if !self.wants.unspsc {
            return self.not_required(id, "UNSPSC");
        }
        self.judge(
            id,
            |item| {
                let has = item.at("ItemDetail").is_some_and(|d| {
                    d.children_named("Classification").any(|c| {
                        c.attr("domain")
                            .is_some_and(|d| d.trim().eq_ignore_ascii_case("UNSPSC"))
                    })
                });
                (!has).then(|| {
                    (
                        "ItemDetail",
                        "no Classification domain=\"UNSPSC\"".to_owned(),
                    )
                })
            },
            |f| f.rule == RuleId::Cx043,
            format!(
                "{} line(s), each with an 8-digit UNSPSC",
                self.items().len()
            ),
        )
    }

    fn aux_ids(&self) -> CheckResult {
        self.judge(
            CheckId::Cart005,
            |item| {
                let aux = item.at("ItemID/SupplierPartAuxiliaryID");
                aux.is_none_or(|a| a.trimmed_text().is_empty())
                    .then(|| ("ItemID", "no SupplierPartAuxiliaryID".to_owned()))
            },
            |_| false,
            "every line has a SupplierPartAuxiliaryID, carried into edit and the order as ItemOut"
                .to_owned(),
        )
    }

    fn units(&self) -> CheckResult {
        let id = CheckId::Cart006;
        if !self.wants.un_cefact_unit {
            return self.not_required(id, "UN/CEFACT units");
        }
        self.judge(
            id,
            |item| {
                item.at("ItemDetail/UnitOfMeasure")
                    .is_none()
                    .then(|| ("ItemDetail", "no UnitOfMeasure".to_owned()))
            },
            |f| f.rule == RuleId::Cx045,
            "every UnitOfMeasure is a UN/CEFACT Rec 20 code".to_owned(),
        )
    }

    fn descriptions(&self) -> CheckResult {
        let id = CheckId::Cart007;
        if !self.wants.description {
            return self.not_required(id, "descriptions");
        }
        self.judge(
            id,
            |item| {
                let text = item
                    .at("ItemDetail/Description")
                    .map(|d| d.text().trim().to_owned())
                    .unwrap_or_default();
                text.is_empty()
                    .then(|| ("ItemDetail", "no Description, or an empty one".to_owned()))
            },
            |_| false,
            "every line has a Description".to_owned(),
        )
    }

    fn currency(&self) -> CheckResult {
        let id = CheckId::Cart008;
        if !self.wants.one_currency {
            return self.not_required(id, "one currency");
        }
        let total = self
            .tree
            .root()
            .at("Message/PunchOutOrderMessage/PunchOutOrderMessageHeader/Total/Money");
        let first = total.and_then(|t| t.attr("currency")).map(str::trim);
        self.judge(
            id,
            |item| {
                let line = item
                    .at("ItemDetail/UnitPrice/Money")
                    .and_then(|m| m.attr("currency"))
                    .map(str::trim);
                match (first, line) {
                    (Some(first), Some(line)) if first != line => Some((
                        "ItemDetail/UnitPrice/Money",
                        format!("the line is priced in {line}, the Total in {first}"),
                    )),
                    _ => None,
                }
            },
            |_| false,
            format!("one currency: {}", first.unwrap_or("none stated")),
        )
    }

    fn total(&self) -> CheckResult {
        let id = CheckId::Cart009;
        if !self.wants.total_equals_lines {
            return self.not_required(id, "a Total equal to the lines");
        }
        self.judge(
            id,
            |_| None,
            |f| f.rule == RuleId::Cx047 && f.path.ends_with("Total/Money"),
            "the Total equals the sum of the lines".to_owned(),
        )
    }
}
