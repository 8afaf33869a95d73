//! F1 + F4 + F5 by clicking: Jane punches out from Coupa, finds a product
//! above the finance threshold in the storefront and requests approval;
//! the cart comes back through the browser; she submits the requisition;
//! Mia (manager) and Fin (finance) approve; the PO page shows the accepted
//! OrderRequest, the marketplace the agreement, the mail inbox the mail,
//! and the dashboard's sequence diagram every exchange of the flow, the
//! upfront invoice to Coupa included.

use std::time::{Duration, Instant};

use fantoccini::{Client, wd::WindowHandle};
use scenarios::support::{
    catalog::{Pick, saas_upfront_above},
    coupa::{FIN, JANE, MIA},
    sim::{COUPA_ACCOUNT, COUPA_ACCOUNT_MAIL, COUPA_SECRET, Sim, test_config},
};

use crate::driver::{
    Chrome, Result, arrive, attributes, body_text, click, document, expect_heading, find,
    show_documents, sign_in,
};

/// Coupa's seeded chain needs finance from 5,000.00 USD.
const FINANCE_FROM_CENTS: i64 = 500_000;

#[tokio::test(flavor = "multi_thread")]
async fn f1_f4_f5_walked_in_chromium() {
    let sim = Sim::start(test_config()).await.expect("ecosystem");
    let pick = saas_upfront_above(&sim, FINANCE_FROM_CENTS)
        .await
        .expect("a product above the finance threshold");
    Chrome::run("f1_f4_f5_walked_in_chromium", |client| async move {
        walk(&client, &sim, &pick).await
    })
    .await;
}

async fn walk(client: &Client, sim: &Sim, pick: &Pick) -> Result<()> {
    let coupa = sim.url("coupa");
    let marketplace = sim.url("marketplace");
    // The F1 walkthrough stays open in the first tab; the walk happens
    // in a second one, as a person would do it.
    client
        .goto(&sim.url("dashboard"))
        .await
        .map_err(|e| e.to_string())?;
    document(client, "dashboard").await?;
    click(client, "a[href='/walkthroughs/F1']").await?;
    expect_heading(client, "Coupa PunchOut").await?;
    // A walkthrough follows only the flow begun after its Start.
    click(client, "form[action$='/start'] button").await?;
    find(client, "form[action$='/signin']").await?;
    let walkthrough = client.window().await.map_err(|e| e.to_string())?;
    // F1: the walkthrough's first step opens Coupa, signed in as Jane, in
    // a new tab.
    click(
        client,
        &format!("form[action$='/signin']:has(input[name=email][value='{JANE}']) button"),
    )
    .await?;
    switch_to_new_tab(client, &walkthrough).await?;
    contains(
        &expect_heading(client, "Welcome").await?,
        "Jane",
        "Coupa opened from the walkthrough",
    )?;
    // Jane punches out and requests approval in the storefront.
    click(client, "form[action^='/punchout/'] button").await?;
    crate::storefront::request_approval(client, pick).await?;
    // The marketplace's page posts the cart back to Coupa by itself.
    let cart = expect_heading(client, "Cart").await?;
    contains(&cart, &pick.name, "Coupa's cart")?;
    // The walkthrough tab ticked its steps off by itself (live updates):
    // the punchout and the cart, not yet the edit.
    let walking = client.window().await.map_err(|e| e.to_string())?;
    client
        .switch_to_window(walkthrough)
        .await
        .map_err(|e| e.to_string())?;
    find(client, "ol.steps li.step.done:nth-child(2)").await?;
    crate::walkthroughs::expect_ticks(client, &[true, true, false]).await?;
    document(client, "walkthrough").await?;
    client
        .switch_to_window(walking)
        .await
        .map_err(|e| e.to_string())?;
    click(client, "form[action$='/submit'] button").await?;
    let requisition = expect_heading(client, "Requisition").await?;
    contains(&requisition, "pending", "the new requisition")?;
    let requisition_url = client.current_url().await.map_err(|e| e.to_string())?;
    // F4: the manager, then finance, approve.
    for (decided, approver) in [MIA, FIN].into_iter().enumerate() {
        sign_in(client, &coupa, approver).await?;
        expect_heading(client, "Welcome").await?;
        click(client, "a[href='/approvals']").await?;
        expect_heading(client, "Approvals inbox").await?;
        // The inbox has an Approve button per row too: approve on the
        // requisition's own page, once the browser is there.
        let path = requisition_url.path();
        click(client, &format!("a[href='{path}']")).await?;
        arrive(client, path).await?;
        expect_heading(client, "Requisition").await?;
        click(client, "form[action$='/approve'] button").await?;
        // Back on the requisition with one more approved step: the
        // decision is in before the next person signs in.
        let approved = "ol.chain li.step-approved ~ li.step-approved";
        find(
            client,
            if decided == 0 {
                "ol.chain li.step-approved"
            } else {
                approved
            },
        )
        .await?;
    }
    // F5: the PO went out and the marketplace accepted it.
    client
        .goto(requisition_url.as_str())
        .await
        .map_err(|e| e.to_string())?;
    click(client, "a[href^='/orders/']").await?;
    let order = expect_heading(client, "Purchase order").await?;
    contains(&order, "accepted", "the PO page")?;
    let po_number = order
        .split_whitespace()
        .find(|w| w.starts_with("PO-"))
        .ok_or("the PO page names no PO number")?
        .to_owned();
    click(client, ".procsim-strip a[href='/procsim/go/marketplace']").await?;
    expect_heading(client, "Browse by category").await?;
    client
        .goto(&format!(
            "{marketplace}/accounts/{COUPA_ACCOUNT}/agreements"
        ))
        .await
        .map_err(|e| e.to_string())?;
    let agreements = expect_heading(client, "Agreements").await?;
    contains(&agreements, &pick.name, "the agreements page")?;
    contains(&agreements, &po_number, "the agreements page")?;
    // The outbox delivers over SMTP on its own; wait for it through the API,
    // then read it in the inbox as a person would.
    sim.wait_for_mail(COUPA_ACCOUNT_MAIL, &po_number).await?;
    click(client, ".procsim-strip a[href='/procsim/go/mail']").await?;
    expect_heading(client, "Inbox").await?;
    click(client, "table.inbox a[href^='/messages/']").await?;
    arrive(client, "/messages/").await?;
    let mail = body_text(client).await?;
    contains(&mail, &po_number, "the mail")?;
    sequence_diagram(client, sim, &po_number).await
}

/// The dashboard's diagram of the flow has one arrow per exchange, in
/// order, and each arrow opens its document.
async fn sequence_diagram(client: &Client, sim: &Sim, po_number: &str) -> Result<()> {
    let agreement = sim
        .agreements(COUPA_ACCOUNT)
        .await?
        .into_iter()
        .find(|a| a.po_number == po_number)
        .ok_or("no agreement with the PO number")?;
    let flow = agreement.flow_id.ok_or("the agreement has no flow id")?;
    click(client, ".procsim-strip a[href='/procsim/go/dashboard']").await?;
    expect_heading(client, "ecosystem").await?;
    click(client, "header.bar a[href='/journal']").await?;
    expect_heading(client, "Journal").await?;
    click(client, &format!("a[href='/flows/{flow}']")).await?;
    expect_heading(client, "Flow").await?;
    document(client, "sequence-diagram").await?;
    let arrows = attributes(
        client,
        "svg.sequence a.arrow",
        &["data-from", "data-to", "data-label", "href"],
    )
    .await?;
    let seen: Vec<(&str, &str, &str)> = arrows
        .iter()
        .map(|a| (a[0].as_str(), a[1].as_str(), a[2].as_str()))
        .collect();
    let expected = [
        ("coupa", "marketplace", "PunchOutSetupRequest"),
        ("marketplace", "browser", "PunchOutOrderMessage"),
        ("browser", "coupa", "PunchOutOrderMessage"),
        ("coupa", "marketplace", "OrderRequest"),
    ];
    // After the four documents come, in either order, the mail and the
    // upfront invoice (F6), which the agreement sets off together.
    let is_mail = |(from, to, label): &(&str, &str, &str)| {
        *from == "marketplace"
            && *to == "mail"
            && label.contains(COUPA_ACCOUNT_MAIL)
            && label.contains(po_number)
    };
    let is_invoice =
        |arrow: &(&str, &str, &str)| *arrow == ("marketplace", "coupa", "InvoiceDetailRequest");
    let tail = seen.get(expected.len()..).unwrap_or_default();
    if seen.len() != expected.len() + 2
        || seen.iter().zip(expected).any(|(s, e)| *s != e)
        || tail.iter().filter(|a| is_mail(a)).count() != 1
        || tail.iter().filter(|a| is_invoice(a)).count() != 1
    {
        return Err(format!("the diagram's arrows are {seen:?}"));
    }
    // Four documents, each journaled by both ends (the cart by the
    // marketplace as sent to the browser, by Coupa as received from it;
    // the invoice by the marketplace as sent, by Coupa as received):
    // every row is behind an arrow.
    let rows = sim.merged_journal(&flow).await?;
    let linked: Vec<String> = arrows.iter().map(|a| a[3].clone()).collect();
    if rows.len() != 8
        || rows.iter().any(|row| {
            let own = format!("/journal/{}/{}", row.service, row.id);
            let twin_drawn = rows.iter().any(|other| {
                other.payload_id == row.payload_id
                    && linked.contains(&format!("/journal/{}/{}", other.service, other.id))
            });
            !linked.contains(&own) && !twin_drawn
        })
    {
        return Err(format!(
            "arrows {linked:?} do not cover the journal's {} rows",
            rows.len()
        ));
    }
    click(client, "svg.sequence a.arrow[data-label='OrderRequest']").await?;
    expect_heading(client, "OrderRequest").await?;
    let exchange = show_documents(client).await?;
    document(client, "exchange").await?;
    contains(&exchange, po_number, "the OrderRequest's page")?;
    // The Sender's shared secret is in the document, masked.
    contains(
        &exchange,
        "<SharedSecret>***</SharedSecret>",
        "the OrderRequest's page",
    )?;
    if exchange.contains(COUPA_SECRET) {
        return Err("the OrderRequest's page shows the shared secret".to_owned());
    }
    Ok(())
}

/// Switches to the tab a click opened (polled: the browser opens it on
/// its own time).
pub(crate) async fn switch_to_new_tab(client: &Client, other_than: &WindowHandle) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let windows = client.windows().await.map_err(|e| e.to_string())?;
        if let Some(new) = windows.into_iter().find(|w| w != other_than) {
            return client
                .switch_to_window(new)
                .await
                .map_err(|e| e.to_string());
        }
        if Instant::now() > deadline {
            return Err("the walkthrough's step opened no new tab".to_owned());
        }
        tokio::task::yield_now().await;
    }
}

pub(crate) fn contains(text: &str, wanted: &str, where_: &str) -> Result<()> {
    if text.contains(wanted) {
        Ok(())
    } else {
        let shown: String = text.chars().take(600).collect();
        Err(format!(
            "{where_} does not show {wanted:?}; it says: {shown}"
        ))
    }
}
