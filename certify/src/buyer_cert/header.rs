//! What the setup request and the OrderRequest share: the declared DTD
//! version, the From/To/Sender credentials, `deploymentMode` and the CX
//! rules, each judged against the profile.

use buyer_kit::{Identity, profile::ModeHabit};
use cxml::{Finding, RuleContext, RuleId, Severity, envelope::DeploymentMode, rules::Arrival};
use service_kit::journal::Dtds;

use super::{BuyerUnderTest, doc::Doc};
use crate::{
    catalogue::CheckId,
    report::{CheckResult, Located},
};

/// The DOCTYPE names `wanted` (`1.2.014`).
pub(crate) fn dtd_version(id: CheckId, doc: &Doc<'_>, wanted: &str) -> CheckResult {
    let doctype = doc.tree.as_ref().and_then(|t| t.doctype.as_ref());
    let Some(doctype) = doctype else {
        return CheckResult::fail(id, doc.evidence("the document declares no DOCTYPE"));
    };
    let declared = doctype.declared_dtd().map(|d| d.version);
    let mut evidence = doc.evidence(match &declared {
        Some(version) if version == wanted => format!("declares cXML {version}"),
        Some(version) => format!("declares cXML {version}; the profile declares {wanted}"),
        None => format!(
            "the DOCTYPE names no cXML DTD version ({}); the profile declares {wanted}",
            doctype
                .system_id
                .as_deref()
                .unwrap_or("no SYSTEM identifier")
        ),
    });
    if declared.as_deref() == Some(wanted) {
        return CheckResult::pass(id, evidence);
    }
    evidence.element = Some(Located {
        rule: None,
        path: "DOCTYPE".to_owned(),
        line: doctype.position.line,
        column: doctype.position.column,
        message: format!("the profile declares {wanted}"),
    });
    CheckResult::fail(id, evidence)
}

/// From, To and Sender name the identities the buyer was given, in the
/// domains the profile writes (domains compared case-insensitively).
pub(crate) fn credentials(id: CheckId, doc: &Doc<'_>, buyer: &BuyerUnderTest) -> CheckResult {
    let Some(header) = doc.cxml.as_ref().and_then(|d| d.header.as_ref()) else {
        return CheckResult::fail(id, doc.evidence("the document has no Header"));
    };
    let named = |i: &Identity| format!("{}:{}", i.domain, i.identity);
    let sender_has = header
        .sender
        .credential
        .iter()
        .any(|c| c.matches(&buyer.sender.domain, &buyer.sender.identity));
    let parties = [
        (
            "From",
            header.from.has(&buyer.from.domain, &buyer.from.identity),
            &buyer.from,
        ),
        (
            "To",
            header.to.has(&buyer.to.domain, &buyer.to.identity),
            &buyer.to,
        ),
        ("Sender", sender_has, &buyer.sender),
    ];
    for (party, has, wanted) in parties {
        if !has {
            let path = format!("Header/{party}");
            let detail = format!("{party} does not carry {}", named(wanted));
            return match doc.at(&path) {
                Some(el) => CheckResult::fail(id, doc.evidence_at(detail, el)),
                None => CheckResult::fail(id, doc.evidence(detail)),
            };
        }
    }
    let also = header.from.credential.len().saturating_sub(1);
    let mut detail = format!(
        "From {}, To {}, Sender {}",
        named(&buyer.from),
        named(&buyer.to),
        named(&buyer.sender)
    );
    if also > 0 {
        detail.push_str(&format!(" ({also} further From credential(s))"));
    }
    CheckResult::pass(id, doc.evidence(detail))
}

/// `deploymentMode` as the profile writes it for this buyer. An absent
/// attribute reads as production, so absent and production are one; test
/// against production is the fault a supplier acts on.
pub(crate) fn deployment_mode(
    id: CheckId,
    doc: &Doc<'_>,
    habit: ModeHabit,
    buyer: &BuyerUnderTest,
) -> CheckResult {
    let wanted = habit.mode_for(&buyer.from.identity);
    let sent = doc
        .cxml
        .as_ref()
        .and_then(|d| d.request.as_ref())
        .and_then(|r| r.deployment_mode);
    let name = |mode: Option<DeploymentMode>| match mode {
        None => "absent",
        Some(DeploymentMode::Production) => "production",
        Some(DeploymentMode::Test) => "test",
    };
    let effective = |mode: Option<DeploymentMode>| mode.unwrap_or(DeploymentMode::Production);
    let detail = format!(
        "deploymentMode {}; the profile writes {}",
        name(sent),
        name(wanted)
    );
    if effective(sent) == effective(wanted) {
        return CheckResult::pass(id, doc.evidence(detail));
    }
    match doc.at("Request") {
        Some(el) => CheckResult::fail(id, doc.evidence_at(detail, el)),
        None => CheckResult::fail(id, doc.evidence(detail)),
    }
}

/// The DTD the document declares (CX002, when the run has DTDs) and the
/// CX rules on a document the buyer posted, less the rules another check
/// owns; the first error located.
pub(crate) fn cx_rules(
    id: CheckId,
    doc: &Doc<'_>,
    owned_elsewhere: &[RuleId],
    dtds: &Dtds,
) -> CheckResult {
    let context = RuleContext {
        arrival: Some(Arrival::Post),
        ..RuleContext::default()
    };
    let (findings, dtd) = match dtds.shelf() {
        Some(shelf) => (
            shelf.findings(doc.bytes(), &context),
            "valid against its DTD",
        ),
        None => (
            cxml::validate::check_without_dtd(doc.bytes(), &context),
            "DTD not checked (no DTDs: --dtd-dir or procsim dtd fetch)",
        ),
    };
    let errors: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error && !owned_elsewhere.contains(&f.rule))
        .collect();
    let warnings = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    let Some(first) = errors.first() else {
        return CheckResult::pass(
            id,
            doc.evidence(format!("{dtd}; no CX rule error ({warnings} warning(s))")),
        );
    };
    let mut evidence = doc.evidence(format!(
        "{} error(s) (DTD and CX rules); the first: {}",
        errors.len(),
        first.message
    ));
    evidence.element = Some(Located {
        rule: Some(first.rule.to_string()),
        path: first.path.clone(),
        line: first.line,
        column: first.column,
        message: first.message.clone(),
    });
    CheckResult::fail(id, evidence)
}
