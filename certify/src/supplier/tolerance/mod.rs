//! The setup request's tolerance (CERT-TOL-*): variants of the plain
//! `create` that a platform may send, each of which must still open a
//! session — cXML 200 and an absolute StartPage URL: another DTD version
//! in the DOCTYPE (CERT-TOL-001, POS-01), credential domains in another
//! case (002, POS-04), an Extrinsic the site cannot know (003) or none at
//! all (004, POS-09), SupplierSetup naming another URL or left out (005,
//! POS-15), no deploymentMode read as production (006, POS-08) and a
//! level-2 SelectedItem the site does not have (007, POS-13).
//!
//! Each runs only where the profile says its platform sends such
//! requests, and only once the plain `create` opened a session: a variant
//! refused for the same reason as the plain request would prove nothing.
//! CERT-TOL-006 is the exception, for a platform that omits deploymentMode
//! sends the plain `create` without it: it compares that one with the same
//! request declaring `production`.
//!
//! Every variant is judged alike (`probe`); CERT-TOL-006 compares two
//! answers (`mode`) and CERT-TOL-007 opens the StartPage (`selected_item`).

mod mode;
mod probe;
mod selected_item;

use buyer_kit::{Identities, Identity};
use cxml::{
    CXml,
    common::{Extrinsic, UrlHolder},
    doc::PunchOutSetupRequest,
    envelope::RequestBody,
    write::DtdVersion,
};

use crate::{
    buyer::{Exchange, VirtualBuyer},
    catalogue::CheckId,
    report::CheckResult,
};
use probe::{Probe, judge, opened};

/// An Extrinsic no site can know (G-10: each buyer adds its own names).
const UNKNOWN_EXTRINSIC: &str = "ProcsimCertifyUnknown";

/// A SupplierSetup URL that is not where the request is posted, as when
/// Ariba fills it from the supplier's storefront URL (AR-12); the
/// `.invalid` domain never resolves, so no site can depend on it.
const OTHER_SUPPLIER_SETUP: &str = "https://storefront.procsim-certify.invalid/catalog";

/// The tolerance checks, in catalogue order; `created` is the plain
/// `create`'s exchange (none when procsim could not write it).
pub(super) async fn all(buyer: &VirtualBuyer, created: Option<&Exchange>) -> Vec<CheckResult> {
    let accepted = created.is_some_and(opened);
    let mut checks = Vec::new();
    if accepted {
        checks.push(dtd_versions(buyer).await);
        checks.push(domain_case(buyer).await);
        checks.push(unknown_extrinsic(buyer).await);
        checks.push(no_extrinsics(buyer).await);
        checks.push(supplier_setup(buyer).await);
    } else {
        checks.extend(
            [
                CheckId::Tol001,
                CheckId::Tol002,
                CheckId::Tol003,
                CheckId::Tol004,
                CheckId::Tol005,
            ]
            .map(|id| not_accepted(buyer, id)),
        );
    }
    checks.push(mode::missing(buyer, created).await);
    checks.push(if accepted {
        selected_item::unknown(buyer).await
    } else {
        not_accepted(buyer, CheckId::Tol007)
    });
    checks
}

/// Skipped because the plain `create` opened no session; a check the
/// profile does not use says that instead.
fn not_accepted(buyer: &VirtualBuyer, id: CheckId) -> CheckResult {
    let profile = buyer.profile();
    match id {
        CheckId::Tol001 if other_versions(buyer).is_empty() => unused_versions(buyer),
        CheckId::Tol002 if !profile.credentials.domains_any_case => unused_case(buyer),
        CheckId::Tol007 if !profile.setup.selected_item => selected_item::unused(buyer),
        _ => CheckResult::skipped(
            id,
            "the plain create was not answered 200 with an absolute StartPage (see \
             CERT-SETUP-001 and 004), so a variant's answer would prove nothing",
        ),
    }
}

/// A `create` with the profile's habits and `identities`, changed by
/// `change`.
fn variant(
    buyer: &VirtualBuyer,
    identities: &Identities,
    change: impl FnOnce(&mut PunchOutSetupRequest),
) -> CXml {
    let mut doc = buyer.setup_request(identities);
    if let Some(RequestBody::PunchOutSetupRequest(request)) =
        doc.request.as_mut().map(|request| &mut request.body)
    {
        change(request);
    }
    doc
}

/// The profile's other versions, less the one its `create` declares.
fn other_versions(buyer: &VirtualBuyer) -> Vec<DtdVersion> {
    let own = buyer.profile().setup_request_version();
    buyer
        .profile()
        .setup_request_other_versions()
        .into_iter()
        .filter(|version| *version != own)
        .collect()
}

fn unused_versions(buyer: &VirtualBuyer) -> CheckResult {
    CheckResult::skipped(
        CheckId::Tol001,
        format!(
            "the {} profile does not list other DTD versions to declare (dtd.setup_request_others)",
            buyer.profile().name
        ),
    )
}

/// CERT-TOL-001: one `create` per other version in the DOCTYPE.
async fn dtd_versions(buyer: &VirtualBuyer) -> CheckResult {
    let versions = other_versions(buyer);
    if versions.is_empty() {
        return unused_versions(buyer);
    }
    let mut probes = Vec::new();
    for version in versions {
        let what = format!("DOCTYPE cXML/{}/cXML.dtd", version.as_str());
        let doc = buyer.setup_request(&buyer.identities());
        probes.push(Probe::new(what, buyer.post_declaring(&doc, version).await));
    }
    judge(CheckId::Tol001, &probes)
}

/// `domain` in another case: the spelling the other platforms use for
/// the network's domain (AR-05 `NetworkId`), else lower case (CO-03
/// `duns`), else upper case.
fn other_case(domain: &str) -> String {
    match domain {
        "NetworkID" => "NetworkId".to_owned(),
        "NetworkId" => "NetworkID".to_owned(),
        _ if domain.to_lowercase() != domain => domain.to_lowercase(),
        _ => domain.to_uppercase(),
    }
}

fn unused_case(buyer: &VirtualBuyer) -> CheckResult {
    CheckResult::skipped(
        CheckId::Tol002,
        format!(
            "the {} profile does not vary the case of credential domains \
             (credentials.domains_any_case)",
            buyer.profile().name
        ),
    )
}

/// CERT-TOL-002: every From, To and Sender domain in another case.
async fn domain_case(buyer: &VirtualBuyer) -> CheckResult {
    let id = CheckId::Tol002;
    if !buyer.profile().credentials.domains_any_case {
        return unused_case(buyer);
    }
    let plain = buyer.identities();
    let mut varied = plain.clone();
    let mut changed = Vec::new();
    let mut vary = |identity: &mut Identity| {
        let other = other_case(&identity.domain);
        if other != identity.domain {
            let shown = format!("{} as {other}", identity.domain);
            if !changed.contains(&shown) {
                changed.push(shown);
            }
            identity.domain = other;
        }
    };
    vary(&mut varied.from);
    varied.also_from.iter_mut().for_each(&mut vary);
    vary(&mut varied.to);
    vary(&mut varied.sender);
    if changed.is_empty() {
        return CheckResult::skipped(id, "the credential domains have no letter to change");
    }
    let what = format!("domains written {}", changed.join(", "));
    let doc = buyer.setup_request(&varied);
    judge(id, &[Probe::new(what, buyer.post(&doc).await)])
}

/// CERT-TOL-003: the profile's Extrinsics and one no site knows.
async fn unknown_extrinsic(buyer: &VirtualBuyer) -> CheckResult {
    let doc = variant(buyer, &buyer.identities(), |request| {
        request.extrinsic.push(Extrinsic::new(
            UNKNOWN_EXTRINSIC,
            "procsim sends this to see that it is ignored",
        ));
    });
    let what = format!("an Extrinsic named {UNKNOWN_EXTRINSIC}");
    judge(CheckId::Tol003, &[Probe::new(what, buyer.post(&doc).await)])
}

/// CERT-TOL-004: no Extrinsic at all.
async fn no_extrinsics(buyer: &VirtualBuyer) -> CheckResult {
    let doc = variant(buyer, &buyer.identities(), |request| {
        request.extrinsic.clear();
    });
    judge(
        CheckId::Tol004,
        &[Probe::new("no Extrinsic", buyer.post(&doc).await)],
    )
}

/// CERT-TOL-005: SupplierSetup naming another URL, then none.
async fn supplier_setup(buyer: &VirtualBuyer) -> CheckResult {
    let other = variant(buyer, &buyer.identities(), |request| {
        request.supplier_setup = Some(UrlHolder::new(OTHER_SUPPLIER_SETUP));
    });
    let none = variant(buyer, &buyer.identities(), |request| {
        request.supplier_setup = None;
    });
    let probes = [
        Probe::new(
            format!("SupplierSetup {OTHER_SUPPLIER_SETUP}"),
            buyer.post(&other).await,
        ),
        Probe::new("no SupplierSetup", buyer.post(&none).await),
    ];
    judge(CheckId::Tol005, &probes)
}
