//! F2 + F4 + F5 through Ariba against the real marketplace, over HTTP only,
//! as a person would click through it: the catalog Ariba lists is the one
//! the marketplace published at startup; Sam punches out from its PunchOut
//! item, requests approval on a SaaS upfront product, the cart comes back
//! through the auto-submitting form, Mo approves (below Ariba's finance
//! threshold), the EP- PO is accepted, the marketplace's agreement carries
//! its number and Globex's buyer gets the mail.

use scenarios::support::{
    ariba::{ARIBA_ACCOUNT, ARIBA_ACCOUNT_MAIL, AribaUser, MO, SAM},
    browser::Result,
    catalog,
    sim::{Sim, test_config},
};

/// Below both buyers' finance thresholds, so the manager alone approves.
const BELOW_THRESHOLD_CENTS: i64 = 500_000;

#[tokio::test]
async fn an_ariba_requester_buys_a_saas_contract_through_punchout_approval_and_po() -> Result<()> {
    let sim = Sim::start(test_config()).await?;
    let ariba = sim.url("ariba");
    let pick = catalog::saas_upfront_below(&sim, BELOW_THRESHOLD_CENTS).await?;
    let sam = AribaUser::sign_in(&sim, SAM).await?;
    let mo = AribaUser::sign_in(&sim, MO).await?;

    // Level-1 punchout from the marketplace's item lands in the storefront.
    let store = sam.punch_out_from_catalog().await?;
    assert_eq!(store.url.path(), "/");

    // Request approval on a SaaS upfront contract; the cart comes back.
    let product = sam.open_product(&pick.listing_id).await?;
    let auto = sam.request_approval(&product, &pick.option).await?;
    let cart = sam.return_cart(&auto).await?;
    assert_eq!(
        cart.form.action.as_str(),
        format!("{ariba}/punchout/return")
    );
    assert!(cart.form.field("cxml-base64").is_some());
    assert_eq!(cart.cart.url.path(), "/cart");
    assert_eq!(cart.cart.table_rows("table").len(), 1, "one cart line");

    // Sam submits; Mo approves; the PO is numbered the Ariba way.
    let requisition = sam.submit_requisition(&cart.cart).await?;
    mo.approve(requisition.url.as_str()).await?;
    let page = sam.browser.get(requisition.url.as_str()).await?;
    let po_number = page
        .text_of("#po-link")
        .into_iter()
        .next()
        .ok_or("no purchase order after approval")?;
    assert!(po_number.starts_with("EP-"), "{po_number}");
    assert_eq!(sam.order_outcome(&po_number).await?, "accepted");

    // The marketplace created the agreement with the PO number on it.
    let agreements = sim.agreements(ARIBA_ACCOUNT).await?;
    let [agreement] = agreements.as_slice() else {
        return Err(format!("one agreement expected: {agreements:?}"));
    };
    assert_eq!(agreement.po_number, po_number);
    assert_eq!(agreement.listing_id, pick.listing_id);
    assert_eq!(agreement.flow_id.as_deref(), Some(cart.flow()));
    // A punchout from the buyer's own button: its BuyerCookie is its flow.
    assert_eq!(cart.flow(), cart.message.buyer_cookie);

    // Globex's buyer gets the mail, over SMTP into the mail sink.
    sim.wait_for_mail(ARIBA_ACCOUNT_MAIL, &po_number).await?;

    // Every step is in Ariba's journal under the purchase's flow.
    let journal = sim.journal("ariba", Some(cart.flow()), None).await?;
    let kinds: Vec<_> = journal
        .iter()
        .filter_map(|e| e.document_type.as_deref())
        .collect();
    for kind in [
        "PunchOutSetupRequest",
        "PunchOutOrderMessage",
        "OrderRequest",
    ] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    sim.stop().await
}
