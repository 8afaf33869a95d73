//! CERT-TOL-006: a platform that omits deploymentMode (POS-08, CO-07)
//! sends the plain `create` without it; the site must handle it as
//! production, so the same request declaring `production` must be
//! answered alike.

use buyer_kit::profile::ModeHabit;
use cxml::envelope::DeploymentMode;

use super::probe::{journal_ref, opened, refusal};
use crate::supplier::setup::evidence_of;
use crate::{
    buyer::{Exchange, VirtualBuyer},
    catalogue::CheckId,
    report::CheckResult,
};

/// CERT-TOL-006: a platform that omits deploymentMode (its plain `create`
/// has none) against the same request declaring `production`.
pub(super) async fn missing(buyer: &VirtualBuyer, created: Option<&Exchange>) -> CheckResult {
    let id = CheckId::Tol006;
    let profile = buyer.profile();
    if profile.setup.deployment_mode != ModeHabit::Absent {
        return CheckResult::skipped(
            id,
            format!(
                "the {} profile does not omit deploymentMode: it writes one in every setup request",
                profile.name
            ),
        );
    }
    let Some(created) = created else {
        return CheckResult::skipped(id, "procsim could not write its setup request");
    };
    let mut doc = buyer.setup_request(&buyer.identities());
    if let Some(request) = doc.request.as_mut() {
        request.deployment_mode = Some(DeploymentMode::Production);
    }
    let production = match buyer.post(&doc).await {
        Ok(exchange) => exchange,
        Err(err) => {
            return CheckResult::skipped(id, format!("procsim could not write its probe: {err}"));
        }
    };
    let plain = created
        .journal_id
        .map(|id| format!(", journal #{id}"))
        .unwrap_or_default();
    let declared = journal_ref(&production);
    match (opened(created), opened(&production)) {
        (true, true) => CheckResult::pass(
            id,
            evidence_of(
                created,
                format!(
                    "without deploymentMode (the plain create{plain}) and with \
                     deploymentMode=\"production\"{declared} alike: cXML 200 and a StartPage"
                ),
            ),
        ),
        (false, true) => CheckResult::fail(
            id,
            evidence_of(
                created,
                format!(
                    "without deploymentMode (the plain create{plain}): {}; the same create with \
                     deploymentMode=\"production\"{declared} was accepted, so the site does not \
                     read a missing deploymentMode as production",
                    refusal(created)
                ),
            ),
        ),
        (true, false) => CheckResult::fail(
            id,
            evidence_of(
                &production,
                format!(
                    "with deploymentMode=\"production\": {}, while the same create without it (the \
                     plain create{plain}) was accepted, so the site reads a missing \
                     deploymentMode as something else",
                    refusal(&production)
                ),
            ),
        ),
        (false, false) => CheckResult::skipped(
            id,
            "the create was refused with and without deploymentMode=\"production\" (see \
             CERT-SETUP-001): nothing tells the two apart",
        ),
    }
}
