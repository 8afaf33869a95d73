//! The walkthroughs whose first steps are settings, followed as a
//! newcomer would (issue 14, B1 and B2): F13 (the Private Marketplace
//! turned on, a punchout that lists only the approved product, turned off
//! again) and F15 (a user without the policy refused the settings, the
//! admin saving one, then a punchout). Each step ticks only when the
//! person has done it, live: signing in ticks nothing, a punchout ticks
//! F13's step only under the Private Marketplace, and F15's only after
//! the settings were saved; nothing else ticks.

use fantoccini::Client;
use scenarios::support::{
    catalog::{Pick, first_saas_upfront},
    sim::{COUPA_ACCOUNT, Sim, test_config},
};

use crate::driver::{Chrome, Result, body_text, click, expect_heading, find, type_into};
use crate::po_management::{back_to, close_other_tab, expect_in, open_step_as, save, to_other_tab};
use crate::purchase::contains;
use crate::walkthroughs::{counts, expect_count, expect_text, expect_ticks};

#[tokio::test(flavor = "multi_thread")]
async fn the_private_marketplace_walkthrough_ticks_each_step_as_it_is_done() {
    let sim = Sim::start(test_config()).await.expect("ecosystem");
    let pick = first_saas_upfront(&sim, |p| p.currency == "USD")
        .await
        .expect("a SaaS product with an upfront contract");
    Chrome::run("private_marketplace_walkthrough", |client| async move {
        private_marketplace(&client, &sim, &pick).await
    })
    .await;
}

/// Opens walkthrough `id` on the dashboard and presses Start.
async fn start(client: &Client, sim: &Sim, id: &str, title: &str) -> Result<()> {
    client
        .goto(&sim.url("dashboard"))
        .await
        .map_err(|e| e.to_string())?;
    click(client, &format!("a[href='/walkthroughs/{id}']")).await?;
    expect_heading(client, title).await?;
    click(client, "form[action$='/start'] button").await?;
    Ok(())
}

/// The private marketplace form of the account's admin page.
const PRIVATE_FORM: &str = "form[action$='/private-marketplace']";

async fn private_marketplace(client: &Client, sim: &Sim, pick: &Pick) -> Result<()> {
    start(client, sim, "F13", "Private Marketplace").await?;
    expect_text(client, "0 of 3 steps done").await?;
    let walkthrough = client.window().await.map_err(|e| e.to_string())?;

    // Step 1: the admin approves the product and turns it on.
    open_step_as(client, &walkthrough, 1).await?;
    expect_heading(client, "procurement integration").await?;
    back_to(client, &walkthrough).await?;
    expect_text(client, "0 of 3 steps done").await?;
    to_other_tab(client, &walkthrough).await?;
    type_into(
        client,
        "form[action$='/add'] input[name=listing]",
        &pick.listing_id,
    )
    .await?;
    click(client, "form[action$='/add'] button").await?;
    expect_in(client, "#settings-message", "Approved").await?;
    click(client, &format!("{PRIVATE_FORM} input[name=enabled]")).await?;
    click(client, &format!("{PRIVATE_FORM} button")).await?;
    expect_in(client, "#settings-message", "Private marketplace on").await?;
    back_to(client, &walkthrough).await?;
    expect_text(client, "1 of 3 steps done").await?;
    expect_ticks(client, &[true, false, false]).await?;

    // Step 2: Jane's punchout lists only the approved product.
    close_other_tab(client, &walkthrough).await?;
    open_step_as(client, &walkthrough, 2).await?;
    expect_heading(client, "Welcome").await?;
    click(client, "form[action^='/punchout/'] button").await?;
    let storefront = find(client, "#private-marketplace").await?;
    contains(
        &storefront.text().await.map_err(|e| e.to_string())?,
        "only the products your company has approved",
        "the punchout's storefront",
    )?;
    back_to(client, &walkthrough).await?;
    expect_text(client, "2 of 3 steps done").await?;
    expect_ticks(client, &[true, true, false]).await?;

    // Step 3: the admin turns it off again.
    close_other_tab(client, &walkthrough).await?;
    open_step_as(client, &walkthrough, 3).await?;
    expect_heading(client, "procurement integration").await?;
    click(client, &format!("{PRIVATE_FORM} input[name=enabled]")).await?;
    click(client, &format!("{PRIVATE_FORM} button")).await?;
    expect_in(client, "#settings-message", "Private marketplace off").await?;
    back_to(client, &walkthrough).await?;
    expect_text(client, "3 of 3 steps done").await?;
    expect_count(client, "F13", "3/3").await?;
    only_started(client, "F13").await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_administration_walkthrough_ticks_the_refusal_the_save_and_the_punchout() {
    let sim = Sim::start(test_config()).await.expect("ecosystem");
    Chrome::run("administration_walkthrough", |client| async move {
        administration(&client, &sim).await
    })
    .await;
}

async fn administration(client: &Client, sim: &Sim) -> Result<()> {
    start(client, sim, "F15", "Administration").await?;
    expect_text(client, "0 of 3 steps done").await?;
    let walkthrough = client.window().await.map_err(|e| e.to_string())?;

    // Step 1: the developer is refused, and told which permission.
    open_step_as(client, &walkthrough, 1).await?;
    let refused = expect_heading(client, "Permission missing").await?;
    contains(
        &refused,
        "aws-marketplace:DescribeProcurementSystemConfiguration",
        "the refusal",
    )?;
    back_to(client, &walkthrough).await?;
    expect_text(client, "1 of 3 steps done").await?;
    expect_ticks(client, &[true, false, false]).await?;

    // Step 2: the admin changes the cart encoding and saves.
    close_other_tab(client, &walkthrough).await?;
    open_step_as(client, &walkthrough, 2).await?;
    expect_heading(client, "procurement integration").await?;
    click(
        client,
        "select[name='form_encoding_coupa-1'] option[value='cxml-urlencoded']",
    )
    .await?;
    save(client).await?;
    expect_in(client, "#settings-message", "Saved.").await?;
    back_to(client, &walkthrough).await?;
    expect_text(client, "2 of 3 steps done").await?;
    expect_ticks(client, &[true, true, false]).await?;

    // Step 3: Jane's punchout, under the saved settings.
    close_other_tab(client, &walkthrough).await?;
    open_step_as(client, &walkthrough, 3).await?;
    expect_heading(client, "Welcome").await?;
    click(client, "form[action^='/punchout/'] button").await?;
    find(client, "section.punchout").await?;
    back_to(client, &walkthrough).await?;
    expect_text(client, "3 of 3 steps done").await?;
    expect_count(client, "F15", "3/3").await?;
    let settings = sim
        .integration_of(COUPA_ACCOUNT, "admin@acme.test")
        .await?
        .1;
    if settings.pointer("/connections/0/form_encoding")
        != Some(&serde_json::Value::from("cxml-urlencoded"))
    {
        return Err(format!("the saved setting is not there: {settings}"));
    }
    contains(&body_text(client).await?, "Walkthrough complete", "F15")?;
    only_started(client, "F15").await
}

/// Nothing but walkthrough `id` was started, so nothing else ticked.
async fn only_started(client: &Client, id: &str) -> Result<()> {
    for (other, count) in counts(client).await? {
        if other != id && count != "not started" {
            return Err(format!("{other} shows {count}"));
        }
    }
    Ok(())
}
