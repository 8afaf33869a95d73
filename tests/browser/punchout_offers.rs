//! A requester finds her account's private offers inside a punchout
//! (issue B3): in the storefront Coupa opened, she searches for "private
//! offer", sees the sellers' live offers to Acme listed with their expiry,
//! opens the FPS one, and its product page shows the private option with
//! the offer's expiry, its revision and every installment of its schedule,
//! with a link to the offer's details page that opens beside the punchout.

use fantoccini::Client;
use scenarios::support::{
    coupa::JANE,
    offers,
    sim::{COUPA_ACCOUNT, Sim, test_config},
};

use crate::driver::{
    Chrome, Result, attributes, click, expect_heading, find, sign_in, text_of, type_into,
};
use crate::purchase::contains;

#[tokio::test(flavor = "multi_thread")]
async fn a_punchout_search_for_private_offers_lists_and_opens_them() {
    let sim = Sim::start(test_config()).await.expect("ecosystem");
    Chrome::run(
        "a_punchout_search_for_private_offers_lists_and_opens_them",
        |client| async move { search(&client, &sim).await },
    )
    .await;
}

async fn search(client: &Client, sim: &Sim) -> Result<()> {
    let offer = offers::live_offer(sim, COUPA_ACCOUNT, "fps").await?;
    sign_in(client, &sim.url("coupa"), JANE).await?;
    click(client, "form[action^='/punchout/'] button").await?;
    find(client, "section.punchout").await?;
    type_into(client, "form.search input[name=q]", "private offer").await?;
    click(client, "form.search button").await?;
    let listed = text_of(client, "#private-offers-hint").await?;
    contains(&listed, "Acme", "the offers are the punchout account's")?;
    contains(&listed, &offer.listing_name, "the FPS offer is listed")?;
    contains(&listed, "expires", "each offer's expiry")?;
    contains(
        &listed,
        "installments",
        "the FPS offer says it is paid in parts",
    )?;
    click(
        client,
        &format!(
            "ul.session-offers li#{} a[href='/products/{}']",
            offer.id, offer.listing
        ),
    )
    .await?;
    let page = expect_heading(client, &offer.listing_name).await?;
    contains(
        &page,
        "private offer, ",
        "the product page's private option, named once by its description",
    )?;
    if page.contains("(private offer)") {
        return Err(format!(
            "the product page names the private option twice:\n{page}"
        ));
    }
    let facts = text_of(client, ".offer-facts").await?;
    contains(&facts, "Offer expires", "the offer's expiry")?;
    contains(
        &facts,
        &format!("revision {}", offer.revision),
        "the offer's revision",
    )?;
    let links = attributes(client, "a.offer-details", &["href", "target"]).await?;
    let expected = format!(
        "/accounts/{COUPA_ACCOUNT}/private-offers?offer={}",
        offer.id
    );
    if !links
        .iter()
        .any(|l| l[0].ends_with(&expected) && l[1] == "_blank")
    {
        return Err(format!(
            "no link to the offer's details page ({expected}) in a new tab: {links:?}"
        ));
    }
    let installments = offer.terms["installments"].as_array().map_or(0, Vec::len);
    if installments == 0 {
        return Err(format!(
            "the FPS offer has no installments: {}",
            offer.terms
        ));
    }
    let rows = client
        .find_all(fantoccini::Locator::Css(".offer-facts tbody tr"))
        .await
        .map_err(|e| e.to_string())?;
    if rows.len() != installments {
        return Err(format!(
            "{} installment rows shown, the offer has {installments}",
            rows.len()
        ));
    }
    Ok(())
}
