//! What a person needs can be found by clicking (issue B3): signed in to
//! the marketplace, Jane reaches her account's agreements, invoices and
//! private offers from the header; the private offers page shows an FPS
//! offer's expiry, revision and every installment, and the product page's
//! private option links to it; Coupa's navigation has its invoice inbox.

use fantoccini::Client;
use scenarios::support::{
    coupa::JANE,
    offers,
    sim::{COUPA_ACCOUNT, Sim, test_config},
};

use crate::driver::{Chrome, Result, body_text, click, expect_heading, find, sign_in};
use crate::purchase::contains;

#[tokio::test(flavor = "multi_thread")]
async fn the_account_pages_are_reached_from_the_navigation() {
    let sim = Sim::start(test_config()).await.expect("ecosystem");
    Chrome::run(
        "the_account_pages_are_reached_from_the_navigation",
        |client| async move { walk(&client, &sim).await },
    )
    .await;
}

async fn walk(client: &Client, sim: &Sim) -> Result<()> {
    let offer = offers::live_offer(sim, COUPA_ACCOUNT, "fps").await?;
    let marketplace = sim.url("marketplace");
    // The marketplace's picker is a list of radio buttons.
    client
        .goto(&format!("{marketplace}/signin"))
        .await
        .map_err(|e| e.to_string())?;
    click(client, &format!("input[name=email][value='{JANE}']")).await?;
    click(client, "form[action='/signin'] button").await?;
    find(client, "header .account-nav").await?;
    for (link, heading) in [
        ("Agreements", "Agreements"),
        ("Invoices", "Invoices"),
        ("Private offers", "Your private offers"),
    ] {
        click(
            client,
            &format!(
                "header .account-nav a[href='/accounts/{COUPA_ACCOUNT}/{}']",
                slug(link)
            ),
        )
        .await?;
        expect_heading(client, heading).await?;
    }
    // The FPS offer: its expiry, revision and each installment.
    let section = find(client, &format!("section.offer[id='{}']", offer.id))
        .await?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    let instant = |text: &str| {
        text.parse::<jiff::Timestamp>()
            .map_err(|e| format!("the offer's time {text:?}: {e}"))
    };
    let expiry = service_kit::look::human_time(instant(&offer.expires_at)?);
    contains(&section, &expiry, "the offer's expiry")?;
    contains(&section, "Payment schedule", "the FPS offer")?;
    let installments = offer.terms["installments"]
        .as_array()
        .ok_or("the FPS offer has no installments")?;
    for installment in installments {
        let due = instant(installment["due"].as_str().unwrap_or_default())?;
        contains(
            &section,
            &service_kit::look::human_date(due),
            "the schedule",
        )?;
    }
    // The product page's private option leads back to it.
    click(client, &format!("section.offer[id='{}'] h2 a", offer.id)).await?;
    expect_heading(client, &offer.listing_name).await?;
    click(client, "a[href*='/private-offers#']").await?;
    expect_heading(client, "Your private offers").await?;
    // Coupa's navigation has the invoice inbox.
    sign_in(client, &sim.url("coupa"), JANE).await?;
    click(client, "a[href='/invoices']").await?;
    let inbox = body_text(client).await?;
    contains(
        &inbox,
        "Invoices suppliers sent to Coupa",
        "Coupa's invoice inbox",
    )
}

fn slug(link: &str) -> &'static str {
    match link {
        "Agreements" => "agreements",
        "Invoices" => "invoices",
        _ => "private-offers",
    }
}
