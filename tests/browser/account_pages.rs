//! What a person needs can be found by clicking (issue B3): opening her
//! account's private offers page at one offer, Jane is asked to sign in
//! to the marketplace and comes back to it, at that offer; she reaches
//! her account's agreements, invoices and private offers from the
//! header; the private offers page
//! shows an FPS offer's expiry, revision and every installment, and so does
//! the product page beside its private option, which links back to it; a
//! search's results page on with Next and back with Previous; Coupa's
//! navigation has its invoice inbox.

use fantoccini::Client;
use scenarios::support::{
    coupa::JANE,
    offers,
    sim::{COUPA_ACCOUNT, Sim, test_config},
};

use crate::driver::{Chrome, Result, body_text, click, expect_heading, find, sign_in, text_of};
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
    // The offer's page, as Coupa's cart line links it, asks her to sign
    // in first, then shows itself at the offer. The marketplace's picker
    // is a list of radio buttons.
    client
        .goto(&format!(
            "{marketplace}/accounts/{COUPA_ACCOUNT}/private-offers?offer={}",
            offer.id
        ))
        .await
        .map_err(|e| e.to_string())?;
    click(client, &format!("input[name=email][value='{JANE}']")).await?;
    click(client, "form[action='/signin'] button").await?;
    expect_heading(client, "Your private offers").await?;
    at_offer(client, &offer.id).await?;
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
    let installments = offer.terms["installments"]
        .as_array()
        .ok_or("the FPS offer has no installments")?;
    let mut dues = Vec::new();
    for installment in installments {
        let due = instant(installment["due"].as_str().unwrap_or_default())?;
        dues.push(service_kit::look::human_date(due));
    }
    let shows_facts = |text: &str, whose: &str| -> Result<()> {
        contains(text, &expiry, &format!("{whose}: the offer's expiry"))?;
        contains(text, "Payment schedule", &format!("{whose}: the FPS offer"))?;
        dues.iter()
            .try_for_each(|due| contains(text, due, &format!("{whose}: the schedule")))
    };
    shows_facts(&section, "the private offers page")?;
    // The product page shows them beside the private option, which leads
    // back to the offers page.
    click(client, &format!("section.offer[id='{}'] h2 a", offer.id)).await?;
    expect_heading(client, &offer.listing_name).await?;
    let facts = text_of(client, &format!(".offer-facts[id='facts-{}']", offer.id)).await?;
    shows_facts(&facts, "the product page")?;
    click(client, "a[href*='/private-offers?offer=']").await?;
    expect_heading(client, "Your private offers").await?;
    at_offer(client, &offer.id).await?;
    // Search results come a page at a time.
    client
        .goto(&format!("{marketplace}/search?q="))
        .await
        .map_err(|e| e.to_string())?;
    click(client, "nav.paging a[rel=next]").await?;
    // Only the second page links back to page 1.
    find(client, "nav.paging a[rel=prev][href$='page=1']").await?;
    let summary = text_of(client, ".paging-summary").await?;
    contains(&summary, "Showing 51–100 of", "the second page")?;
    click(client, "nav.paging a[rel=prev]").await?;
    // Only the first page links on to page 2.
    find(client, "nav.paging a[rel=next][href$='page=2']").await?;
    let summary = text_of(client, ".paging-summary").await?;
    contains(&summary, "Showing 1–50 of", "back on the first page")?;
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

/// The browser is on the offers page at `offer` (`#offer-…`), which
/// the stylesheet marks as the one asked for.
async fn at_offer(client: &Client, offer: &str) -> Result<()> {
    let url = client.current_url().await.map_err(|e| e.to_string())?;
    if url.fragment() != Some(offer) {
        return Err(format!("the offers page is at {url}, not at #{offer}"));
    }
    find(client, &format!("section.offer[id='{offer}']:target")).await?;
    Ok(())
}

fn slug(link: &str) -> &'static str {
    match link {
        "Agreements" => "agreements",
        "Invoices" => "invoices",
        _ => "private-offers",
    }
}
