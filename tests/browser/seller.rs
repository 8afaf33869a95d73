//! A person's view of what issue 10 changed, in a real browser (which
//! sends `Origin` with every form): a seller reaches the seller pages from
//! the marketplace's top bar, signs in, revises her private offer, and the
//! same-origin form passes the guard; and a 100,000-deep document refused
//! at the marketplace is shown on the dashboard at once, cut, with the
//! whole stored body a download away.

use fantoccini::Client;
use scenarios::support::{
    browser::Result as SupportResult,
    offers,
    partner::Partner,
    sim::{COUPA_ACCOUNT, Sim, test_config},
};

use crate::driver::{Chrome, Result, arrive, attributes, body_text, click, expect_heading};

#[tokio::test(flavor = "multi_thread")]
async fn a_seller_revises_her_offer_and_a_deep_document_shows_at_once() {
    let sim = Sim::start(test_config()).await.expect("ecosystem");
    let offer = offers::live_offer(&sim, COUPA_ACCOUNT, "upfront_contract")
        .await
        .expect("an upfront private offer");
    deep_document(&sim).await.expect("a deep document posted");
    Chrome::run(
        "a_seller_revises_her_offer_and_a_deep_document_shows_at_once",
        |client| async move {
            seller_revises(&client, &sim, &offer).await?;
            deep_exchange_page(&client, &sim).await
        },
    )
    .await;
}

async fn seller_revises(client: &Client, sim: &Sim, offer: &offers::Offer) -> Result<()> {
    let market = sim.url("marketplace");
    client.goto(&market).await.map_err(|e| e.to_string())?;
    click(client, "header.top nav a[href='/seller']").await?;
    arrive(client, "/seller/signin").await?;
    click(
        client,
        &format!("input[name=seller][value='{}']", offer.seller.id),
    )
    .await?;
    click(client, "form[action='/seller/signin'] button").await?;
    arrive(client, "/seller").await?;
    expect_heading(client, &offer.seller.name).await?;
    click(client, &format!("a[href='/seller/offers/{}']", offer.id)).await?;
    expect_heading(client, &format!("Private offer {}", offer.id)).await?;
    let expiry = client
        .find(fantoccini::Locator::Css("input[name=expires_at]"))
        .await
        .map_err(|e| e.to_string())?;
    expiry
        .send_keys("2031-01-01T00:00:00Z")
        .await
        .map_err(|e| e.to_string())?;
    click(client, "form[action^='/seller/offers/'] button").await?;
    let page = body_text(client).await?;
    let wanted = format!(
        "Revised: the offer is now at revision {}.",
        offer.revision + 1
    );
    if !page.contains(&wanted) {
        return Err(format!("the revision was not taken: {page}"));
    }
    Ok(())
}

/// A document 100,000 elements deep, refused by the marketplace and
/// journaled.
async fn deep_document(sim: &Sim) -> SupportResult<()> {
    let partner = Partner::of(&sim.url("dashboard"), "coupa").await?;
    let depth = 100_000;
    let doc = format!(
        "<cXML payloadID=\"deep@x\" timestamp=\"2026-01-01T00:00:00Z\"><Request>{}{}</Request></cXML>",
        "<x>".repeat(depth),
        "</x>".repeat(depth)
    );
    let reply = partner
        .post(
            &partner.connection.cxml_url,
            Some("text/xml"),
            doc.into_bytes(),
        )
        .await?;
    match reply.cxml_code() {
        Some(406) => Ok(()),
        other => Err(format!("a deep document was answered {other:?}")),
    }
}

async fn deep_exchange_page(client: &Client, sim: &Sim) -> Result<()> {
    client
        .goto(&format!(
            "{}/journal?service=marketplace",
            sim.url("dashboard")
        ))
        .await
        .map_err(|e| e.to_string())?;
    expect_heading(client, "Journal").await?;
    click(client, "table.grid a[href^='/journal/marketplace/']").await?;
    expect_heading(client, "(unreadable document)").await?;
    let page = body_text(client).await?;
    for said in [
        "too large to lay out",
        "This page shows the beginning",
        "Download it whole",
    ] {
        if !page.contains(said) {
            let shown: String = page.chars().take(800).collect();
            return Err(format!("the exchange page does not say {said:?}: {shown}"));
        }
    }
    // The link gives the whole document as it was stored.
    let [href] = attributes(client, "a[download]", &["href"])
        .await?
        .into_iter()
        .flatten()
        .take(1)
        .collect::<Vec<_>>()
        .try_into()
        .map_err(|_| "no download link".to_owned())?;
    let url = format!("{}{href}", sim.url("dashboard"));
    let body = reqwest::get(&url)
        .await
        .map_err(|e| format!("{url}: {e}"))?
        .bytes()
        .await
        .map_err(|e| e.to_string())?;
    // 100,000 `<x>` and as many `</x>`, beside the envelope.
    let whole = 100_000 * ("<x>".len() + "</x>".len());
    if body.len() < whole || !body.starts_with(b"<cXML payloadID=\"deep@x\"") {
        return Err(format!("the download has {} bytes", body.len()));
    }
    Ok(())
}
