//! The F14 walkthrough followed as a newcomer would (issue 14, B2): no
//! cXML crosses in purchase-order management, so the walkthrough ticks what
//! the person does at the marketplace after pressing Start, and nothing
//! done before. Open F14 on the dashboard, press Start, then in the pages
//! its steps open: have turning PO management on beside the Coupa
//! integration refused, turn the integration off and PO management on,
//! subscribe as Jane to a SaaS contract typing a PO number, find it on the
//! marketplace's invoice, and put the integration back. Each step ticks
//! as it is done, live, to 5/5; signing in ticks nothing of its own.

use std::time::Duration;

use fantoccini::{Client, wd::WindowHandle};
use scenarios::support::{
    catalog::{Pick, first_saas_upfront},
    sim::{COUPA_ACCOUNT, Sim, test_config},
};

use crate::driver::{
    Chrome, Result, arrive, body_text, click, expect_heading, find, text_of, type_into,
};
use crate::purchase::{contains, switch_to_new_tab};
use crate::walkthroughs::{counts, expect_count, expect_text, expect_ticks, expect_ticks_of};

/// Acme's administrator at the marketplace.
const ADMIN: &str = "admin@acme.test";
/// What Jane types when she subscribes.
const PO_NUMBER: &str = "ACME-PO-4711";

#[tokio::test(flavor = "multi_thread")]
async fn the_po_management_walkthrough_ticks_the_persons_steps_to_the_end() {
    let sim = Sim::start(test_config()).await.expect("ecosystem");
    let pick = first_saas_upfront(&sim, |p| p.currency == "USD")
        .await
        .expect("a SaaS product with an upfront contract");
    Chrome::run("po_management_walkthrough", |client| async move {
        follow(&client, &sim, &pick).await
    })
    .await;
}

async fn follow(client: &Client, sim: &Sim, pick: &Pick) -> Result<()> {
    // Someone asked for both before this person starts: not their step.
    refused_before_start(sim).await?;
    client
        .goto(&sim.url("dashboard"))
        .await
        .map_err(|e| e.to_string())?;
    click(client, "a[href='/walkthroughs/F14']").await?;
    expect_heading(client, "Purchase Order Management").await?;
    click(client, "form[action$='/start'] button").await?;
    expect_text(client, "0 of 5 steps done").await?;
    contains(
        &body_text(client).await?,
        "what you do at the marketplace from now on ticks the steps off",
        "the started walkthrough",
    )?;
    let walkthrough = client.window().await.map_err(|e| e.to_string())?;

    // Step 1 opens the settings as the admin: signed in, nothing ticks.
    open_step_as(client, &walkthrough, 1).await?;
    expect_heading(client, "procurement integration").await?;
    back_to(client, &walkthrough).await?;
    expect_text(client, "0 of 5 steps done").await?;
    // Both at once: refused.
    to_other_tab(client, &walkthrough).await?;
    click(client, "input[name=po_management]").await?;
    save(client).await?;
    expect_in(client, "#settings-message.error", "cannot both be enabled").await?;
    expect_in(client, "#settings-history tr.refused", ADMIN).await?;
    back_to(client, &walkthrough).await?;
    expect_text(client, "1 of 5 steps done").await?;
    expect_ticks(client, &[true, false, false, false, false]).await?;

    // Step 2: the integration off, PO management on.
    to_other_tab(client, &walkthrough).await?;
    swap_integration_and_po_management(client).await?;
    back_to(client, &walkthrough).await?;
    expect_text(client, "2 of 5 steps done").await?;
    expect_ticks(client, &[true, true, false, false, false]).await?;

    // Step 3: Jane subscribes to a SaaS contract with a PO number.
    close_other_tab(client, &walkthrough).await?;
    open_step_as(client, &walkthrough, 3).await?;
    subscribe_with_po_number(client, pick).await?;
    back_to(client, &walkthrough).await?;
    // The marketplace may have issued its invoice (step 4's proof) by now.
    expect_ticks_of(
        client,
        &[
            &[true, true, true, false, false],
            &[true, true, true, true, false],
        ],
    )
    .await?;

    // Step 4: her account's invoices, from the header.
    to_other_tab(client, &walkthrough).await?;
    click(
        client,
        &format!("header .account-nav a[href='/accounts/{COUPA_ACCOUNT}/invoices']"),
    )
    .await?;
    expect_heading(client, "Invoices").await?;
    contains(
        &body_text(client).await?,
        PO_NUMBER,
        "the account's invoices",
    )?;
    back_to(client, &walkthrough).await?;
    expect_text(client, "4 of 5 steps done").await?;
    expect_ticks(client, &[true, true, true, true, false]).await?;

    // Step 5: the admin puts the integration back.
    close_other_tab(client, &walkthrough).await?;
    open_step_as(client, &walkthrough, 5).await?;
    expect_heading(client, "procurement integration").await?;
    swap_integration_and_po_management(client).await?;
    back_to(client, &walkthrough).await?;
    expect_text(client, "5 of 5 steps done").await?;
    expect_count(client, "F14", "5/5").await?;
    // Nothing else was started, so nothing else ticked.
    for (id, count) in counts(client).await? {
        if id != "F14" && count != "not started" {
            return Err(format!("{id} shows {count}"));
        }
    }
    Ok(())
}

/// Asks, as the admin over the API, for PO management beside the enabled
/// Coupa connection: refused (400), and recorded.
async fn refused_before_start(sim: &Sim) -> Result<()> {
    let (_, mut settings) = sim.integration_of(COUPA_ACCOUNT, ADMIN).await?;
    settings["po_management"] = true.into();
    let (status, body) = sim
        .put_integration_of(COUPA_ACCOUNT, ADMIN, &settings)
        .await?;
    if status.as_u16() != 400 {
        return Err(format!("both at once were answered {status}: {body}"));
    }
    Ok(())
}

/// Presses the sign-in button of step `number` on the walkthrough page: the
/// marketplace opens in a new tab, signed in as the step says.
pub(crate) async fn open_step_as(
    client: &Client,
    walkthrough: &WindowHandle,
    number: usize,
) -> Result<()> {
    click(
        client,
        &format!("ol.steps li:nth-of-type({number}) form[action$='/signin'] button"),
    )
    .await?;
    switch_to_new_tab(client, walkthrough).await
}

/// On the settings page: ticks or unticks both purchase-order management
/// and coupa-1's Enabled, saves, and waits until the page says it saved.
async fn swap_integration_and_po_management(client: &Client) -> Result<()> {
    click(client, "input[name='enabled_coupa-1']").await?;
    click(client, "input[name=po_management]").await?;
    save(client).await?;
    expect_in(client, "#settings-message", "Saved.").await
}

pub(crate) async fn save(client: &Client) -> Result<()> {
    click(
        client,
        &format!("form[action='/admin/accounts/{COUPA_ACCOUNT}'] button[type=submit]"),
    )
    .await
}

/// Finds `pick` in the storefront, types the PO number beside its option
/// and presses Subscribe.
async fn subscribe_with_po_number(client: &Client, pick: &Pick) -> Result<()> {
    find(client, "header .account-nav").await?;
    type_into(client, "form.search input[name=q]", &pick.name).await?;
    click(client, "form.search button").await?;
    click(client, &format!("a[href='/products/{}']", pick.listing_id)).await?;
    expect_heading(client, &pick.name).await?;
    let option = format!("form:has(input[name=option][value='{}'])", pick.option);
    type_into(
        client,
        &format!("{option} input[name=po_number]"),
        PO_NUMBER,
    )
    .await?;
    click(client, &format!("{option} button")).await?;
    arrive(client, "/subscribe").await?;
    let page = expect_heading(client, &format!("You are subscribed to {}", pick.name)).await?;
    contains(&page, PO_NUMBER, "the subscription page")
}

/// Waits until the element `css` selects says `wanted` (the page the last
/// click asked for has arrived).
pub(crate) async fn expect_in(client: &Client, css: &str, wanted: &str) -> Result<()> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let said = text_of(client, css).await.unwrap_or_default();
        if said.contains(wanted) {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(format!("`{css}` never said {wanted:?}; it says {said:?}"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub(crate) async fn back_to(client: &Client, walkthrough: &WindowHandle) -> Result<()> {
    client
        .switch_to_window(walkthrough.clone())
        .await
        .map_err(|e| e.to_string())
}

pub(crate) async fn to_other_tab(client: &Client, walkthrough: &WindowHandle) -> Result<()> {
    switch_to_new_tab(client, walkthrough).await
}

/// Closes the tab the person acted in, back on the walkthrough.
pub(crate) async fn close_other_tab(client: &Client, walkthrough: &WindowHandle) -> Result<()> {
    to_other_tab(client, walkthrough).await?;
    client.close_window().await.map_err(|e| e.to_string())?;
    back_to(client, walkthrough).await
}
