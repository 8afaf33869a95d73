//! With the official DTDs at hand every journal checks what it records
//! against them too (CX002), as `procsim validate` would: a partner's
//! document that breaks its DTD says so, with line and column, in the row
//! of the service that received it; and procsim's own documents of a
//! purchase through Coupa and one through Ariba (setups, answers, carts,
//! orders, the catalog Ariba lists) break none.
//! Needs the official DTDs (shared/ or `procsim dtd fetch`): skipped
//! without them, except in CI.

use cxml::DtdShelf;
use procsim::{EcosystemConfig, dtd_store};
use scenarios::support::{
    ariba::{ARIBA_ACCOUNT_MAIL, AribaUser, MO, SAM},
    browser::Result,
    catalog,
    coupa::{CoupaUser, JANE, MIA, buy},
    sim::{COUPA_ACCOUNT_MAIL, COUPA_SECRET, Sim, test_config, with_secret},
};
use service_kit::journal::{Dtds, Exchange};

fn shelf() -> Option<DtdShelf> {
    let dir = shared_fixtures::dtd_dir()?;
    dtd_store::locate(Some(dir)).expect("the DTD folder reads")
}

fn with_dtds(shelf: DtdShelf) -> EcosystemConfig {
    EcosystemConfig {
        dtds: Dtds::new(Some(shelf)),
        ..test_config()
    }
}

/// Every CX002 finding of `exchange`, both ways, as `rule line:column`.
async fn dtd_findings(sim: &Sim, exchange: &Exchange) -> Result<Vec<String>> {
    let detail = sim.detail_of(exchange).await?;
    Ok(detail
        .findings
        .iter()
        .chain(&detail.response_findings)
        .filter(|f| f.rule.as_str() == "CX002")
        .map(|f| format!("{} {}:{} {}", f.rule.as_str(), f.line, f.column, f.message))
        .collect())
}

#[tokio::test]
async fn procsims_own_documents_of_a_purchase_break_no_dtd() -> Result<()> {
    let Some(shelf) = shelf() else { return Ok(()) };
    let sim = Sim::start(with_dtds(shelf)).await?;
    let pick = catalog::saas_upfront_below(&sim, 500_000).await?;
    let jane = CoupaUser::sign_in(&sim, JANE).await?;
    let mia = CoupaUser::sign_in(&sim, MIA).await?;
    let purchase = buy(&jane, &[&mia], &pick).await?;
    sim.wait_for_mail(COUPA_ACCOUNT_MAIL, &purchase.po_number)
        .await?;
    let sam = AribaUser::sign_in(&sim, SAM).await?;
    let mo = AribaUser::sign_in(&sim, MO).await?;
    sam.punch_out_from_catalog().await?;
    let product = sam.open_product(&pick.listing_id).await?;
    let auto = sam.request_approval(&product, &pick.option).await?;
    let cart = sam.return_cart(&auto).await?;
    let requisition = sam.submit_requisition(&cart.cart).await?;
    mo.approve(requisition.url.as_str()).await?;
    sim.wait_for_mail(ARIBA_ACCOUNT_MAIL, "EP-").await?;
    let mut checked = 0;
    for service in ["coupa", "ariba", "marketplace"] {
        for exchange in sim.journal(service, None, None).await? {
            if !exchange.is_cxml() {
                continue;
            }
            checked += 1;
            let found = dtd_findings(&sim, &exchange).await?;
            assert!(
                found.is_empty(),
                "{service} #{} {:?}: {found:?}",
                exchange.id,
                exchange.document_type
            );
        }
    }
    // Each platform's setup, cart and order, and the marketplace's side.
    assert!(checked >= 10, "too few documents were checked");
    sim.stop().await
}

#[tokio::test]
async fn a_partners_document_that_breaks_its_dtd_is_journaled_with_cx002() -> Result<()> {
    let Some(shelf) = shelf() else { return Ok(()) };
    let sim = Sim::start(with_dtds(shelf)).await?;
    let jane = CoupaUser::sign_in(&sim, JANE).await?;
    jane.punch_out().await?;
    let sent = sim
        .journal("coupa", None, Some("PunchOutSetupRequest"))
        .await?;
    let [sent] = sent.as_slice() else {
        return Err(format!("one setup request expected: {sent:?}"));
    };
    assert_eq!(dtd_findings(&sim, sent).await?, Vec::<String>::new());
    // The same request with an element cXML.dtd does not allow there: the
    // CX rules do not see it, the DTD does.
    let raw = String::from_utf8(with_secret(
        sim.raw_of(sent).await?.as_bytes(),
        COUPA_SECRET,
    )?)
    .map_err(|e| e.to_string())?;
    let broken = raw.replacen("<BuyerCookie>", "<Wrapping/><BuyerCookie>", 1);
    assert_ne!(broken, raw, "the request has a BuyerCookie");
    sim.post_cxml(broken.into_bytes()).await?;
    let received = sim
        .journal("marketplace", None, Some("PunchOutSetupRequest"))
        .await?;
    let last = received.last().ok_or("the marketplace journaled nothing")?;
    let found = dtd_findings(&sim, last).await?;
    assert!(
        found.iter().any(|f| f.contains("Wrapping")),
        "CX002 naming the element expected: {found:?}"
    );
    assert!(
        !found.iter().any(|f| f.contains(" 0:0")),
        "located: {found:?}"
    );
    sim.stop().await
}

#[tokio::test]
async fn without_dtds_the_journal_judges_by_the_rules_alone() -> Result<()> {
    let sim = Sim::start(test_config()).await?;
    let jane = CoupaUser::sign_in(&sim, JANE).await?;
    jane.punch_out().await?;
    let sent = sim
        .journal("coupa", None, Some("PunchOutSetupRequest"))
        .await?;
    let raw = with_secret(
        sim.raw_of(sent.first().ok_or("no setup request")?)
            .await?
            .as_bytes(),
        COUPA_SECRET,
    )?;
    let broken = String::from_utf8(raw).map_err(|e| e.to_string())?.replacen(
        "<BuyerCookie>",
        "<Wrapping/><BuyerCookie>",
        1,
    );
    sim.post_cxml(broken.into_bytes()).await?;
    let received = sim
        .journal("marketplace", None, Some("PunchOutSetupRequest"))
        .await?;
    let last = received.last().ok_or("the marketplace journaled nothing")?;
    assert!(
        sim.raw_of(last).await?.contains("<Wrapping/>"),
        "the row is the spoilt request"
    );
    // The CX rules judged it (Coupa sends no deploymentMode: CX012), the
    // DTD did not.
    let detail = sim.detail_of(last).await?;
    let rules: Vec<&str> = detail.findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(rules.contains(&"CX012"), "{rules:?}");
    assert!(!rules.contains(&"CX002"), "{rules:?}");
    sim.stop().await
}
