//! The refusals a real platform relies on: a wrong shared secret
//! (CERT-AUTH-001), an unknown From (002), a To that is not the supplier
//! (003), malformed XML (CERT-REQ-001) and a request type the supplier does
//! not implement (002). Each must come back as a cXML 4xx Status: a 2xx
//! means the supplier let it through; a 5xx, an HTML page or no cXML at all
//! is what a platform reads as a transient error and retries.

use buyer_kit::Identity;
use cxml::{
    SharedSecret,
    doc::StatusUpdateRequest,
    envelope::{RequestBody, Status},
};

use super::setup::{evidence_of, no_cxml};
use crate::{
    buyer::{Exchange, VirtualBuyer},
    catalogue::{CheckId, Severity},
    report::{CheckResult, Evidence},
};

/// The probes; with `accepted` false (the right credentials were refused
/// too) only the malformed one, whose refusal does not depend on them.
pub(super) async fn all(buyer: &VirtualBuyer, accepted: bool) -> Vec<CheckResult> {
    if !accepted {
        let why = "the setup request with the given credentials was not accepted (see \
                   CERT-SETUP-001), so a refusal here would prove nothing";
        return vec![
            CheckResult::skipped(CheckId::Auth001, why),
            CheckResult::skipped(CheckId::Auth002, why),
            CheckResult::skipped(CheckId::Auth003, why),
            malformed(buyer).await,
            CheckResult::skipped(CheckId::Req002, why),
        ];
    }
    let mut checks = Vec::new();

    let mut wrong_secret = buyer.identities();
    let secret = format!("{}-not-the-secret", wrong_secret.secret.expose());
    buyer.journal().know_secret(&secret);
    wrong_secret.secret = SharedSecret::new(secret.as_str());
    checks.push(probe_setup(buyer, CheckId::Auth001, &wrong_secret, &[401]).await);

    let mut unknown_from = buyer.identities();
    unknown_from.from = Identity::new(&unknown_from.from.domain, "procsim-certify-unknown-buyer");
    unknown_from.also_from.clear();
    if unknown_from.sender == buyer.identities().from {
        unknown_from.sender = unknown_from.from.clone();
    }
    checks.push(probe_setup(buyer, CheckId::Auth002, &unknown_from, &[]).await);

    let mut wrong_to = buyer.identities();
    wrong_to.to = Identity::new(&wrong_to.to.domain, "procsim-certify-not-this-supplier");
    checks.push(probe_setup(buyer, CheckId::Auth003, &wrong_to, &[]).await);

    checks.push(malformed(buyer).await);
    checks.push(unsupported(buyer).await);
    checks
}

async fn probe_setup(
    buyer: &VirtualBuyer,
    id: CheckId,
    identities: &buyer_kit::Identities,
    wanted: &[u16],
) -> CheckResult {
    let doc = buyer.setup_request(identities);
    match buyer.post(&doc).await {
        Ok(exchange) => judge(id, &exchange, wanted),
        Err(err) => CheckResult::skipped(id, format!("procsim could not write its probe: {err}")),
    }
}

/// A setup request cut in half: not well-formed.
async fn malformed(buyer: &VirtualBuyer) -> CheckResult {
    let id = CheckId::Req001;
    let doc = buyer.setup_request(&buyer.identities());
    let bytes =
        match cxml::write::to_bytes_declaring(&doc, &buyer.profile().setup_request_version()) {
            Ok(bytes) => bytes,
            Err(err) => return CheckResult::skipped(id, format!("procsim could not write: {err}")),
        };
    let cut = bytes.get(..bytes.len() / 2).unwrap_or_default().to_vec();
    let exchange = buyer
        .post_raw(cut, "PunchOutSetupRequest (cut in half)")
        .await;
    judge(id, &exchange, &[400, 406])
}

/// A StatusUpdateRequest: valid cXML that a PunchOut site has no reason
/// to implement.
async fn unsupported(buyer: &VirtualBuyer) -> CheckResult {
    let id = CheckId::Req002;
    let body = RequestBody::StatusUpdateRequest(Box::new(StatusUpdateRequest {
        document_reference: None,
        status: Status::new(200, "OK"),
        extrinsic: Vec::new(),
    }));
    let doc = buyer.request(&buyer.identities(), body);
    match buyer.post(&doc).await {
        Ok(exchange) => judge(id, &exchange, &[]),
        Err(err) => CheckResult::skipped(id, format!("procsim could not write its probe: {err}")),
    }
}

/// A refusal judged: a cXML 4xx passes (one of `wanted` when given; any
/// other 4xx is then a warning); anything else fails.
fn judge(id: CheckId, exchange: &Exchange, wanted: &[u16]) -> CheckResult {
    let Some(code) = exchange.cxml_code() else {
        let detail = format!(
            "{}: the platform would treat this as a transient error and retry, not as a refusal",
            no_cxml(exchange)
        );
        return CheckResult::fail(id, evidence_of(exchange, detail));
    };
    let shown = no_cxml(exchange);
    match code {
        400..=499 if wanted.is_empty() || wanted.contains(&code) => {
            CheckResult::pass(id, evidence_of(exchange, format!("refused with {shown}")))
        }
        400..=499 => {
            let expected: Vec<String> = wanted.iter().map(u16::to_string).collect();
            CheckResult::judged(
                id,
                false,
                Severity::Warning,
                evidence_of(
                    exchange,
                    format!("refused with {shown}, not {}", expected.join(" or ")),
                ),
            )
        }
        200..=299 => CheckResult::fail(
            id,
            evidence_of(exchange, format!("accepted: {shown}; it must be refused")),
        ),
        500..=599 => CheckResult::fail(
            id,
            evidence_of(
                exchange,
                format!(
                    "{shown}: a 5xx is a transient error, so the platform would retry a request \
                     that can never succeed"
                ),
            ),
        ),
        _ => CheckResult::fail(
            id,
            Evidence {
                detail: format!("{shown}: not a refusal"),
                ..evidence_of(exchange, "")
            },
        ),
    }
}
