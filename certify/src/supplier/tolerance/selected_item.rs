//! CERT-TOL-007: a level-2 `create` (POS-13, AR-13) whose SelectedItem
//! names a part the site does not have must still open a session whose
//! StartPage opens: the site lands on its catalog home rather than fail.
//! Once the create is answered, the evidence is the StartPage's GET (in
//! the journal, with the page served); its detail names the create's
//! journal entry.

use buyer_kit::setup_request::select_item;

use super::probe::{journal_ref, refusal};
use crate::supplier::{
    setup::{evidence_of, start_page_of},
    start_page,
};
use crate::{buyer::VirtualBuyer, catalogue::CheckId, report::CheckResult};

/// A SupplierPartID no catalog holds: the item withdrawn since the buyer
/// found it.
const UNKNOWN_PART: &str = "procsim-certify-no-such-part";

pub(super) fn unused(buyer: &VirtualBuyer) -> CheckResult {
    CheckResult::skipped(
        CheckId::Tol007,
        format!(
            "the {} profile does not open level-2 punchouts (setup.selected_item)",
            buyer.profile().name
        ),
    )
}

/// CERT-TOL-007: a level-2 `create` for a part no catalog holds; its
/// StartPage must open (procsim cannot tell the catalog home from an item
/// page, only that the session did not break).
pub(super) async fn unknown(buyer: &VirtualBuyer) -> CheckResult {
    let id = CheckId::Tol007;
    if !buyer.profile().setup.selected_item {
        return unused(buyer);
    }
    let mut doc = buyer.setup_request(&buyer.identities());
    select_item(&mut doc, UNKNOWN_PART);
    let exchange = match buyer.post(&doc).await {
        Ok(exchange) => exchange,
        Err(err) => {
            return CheckResult::skipped(id, format!("procsim could not write its probe: {err}"));
        }
    };
    let what = format!("SelectedItem {UNKNOWN_PART}");
    let Some(url) = start_page_of(&exchange).filter(|_| exchange.cxml_code() == Some(200)) else {
        let detail = format!(
            "{what}: {}; the plain create was accepted, so the site refused the unknown item \
             instead of landing on its catalog home",
            refusal(&exchange)
        );
        return CheckResult::fail(id, evidence_of(&exchange, detail));
    };
    // The page is what the check judges from here: its evidence is the
    // GET's (journaled), the create named by its journal entry.
    let opened = start_page::open(buyer, &url).await;
    let created = format!("cXML 200{}", journal_ref(&exchange));
    match &opened.status {
        Ok(200) => CheckResult::pass(
            id,
            opened.evidence(format!(
                "{what}: {created}, and GET {url} answered 200 (redirects followed)"
            )),
        ),
        Ok(code) => CheckResult::fail(
            id,
            opened.evidence(format!(
                "{what}: {created}, but GET {url} answered HTTP {code}: the session breaks \
                 instead of landing on the catalog home"
            )),
        ),
        Err(why) => CheckResult::fail(
            id,
            opened.evidence(format!("{what}: {created}, but GET {url}: {why}")),
        ),
    }
}
