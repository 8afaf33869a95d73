//! What the marketplace refuses from a partner or a late browser, and what
//! each sees: a StartPage opened too late, an OrderRequest with a wrong
//! shared secret (401), a second order under a used orderID with other
//! items (409), a document it does not implement (450).

use cucumber::{then, when};
use cxml::{common::Amount, envelope::RequestBody};
use reqwest::StatusCode;

use crate::{
    World,
    steps::storefront::expect_page,
    support::{
        browser::Result,
        catalog,
        offers::advance_clock,
        sim::{COUPA_SECRET, with_secret},
    },
    world::{FINANCE_THRESHOLD_CENTS, email_of},
};

#[when(
    expr = "Coupa user {word} presses the punchout button but her browser opens the StartPage only {int} simulated minutes later"
)]
async fn late_start_page(world: &mut World, name: String, minutes: i64) -> Result<()> {
    let to_start = world.user(&name).await?.press_punchout().await?;
    let start_page = to_start.redirect_target(StatusCode::SEE_OTHER)?;
    advance_clock(world.sim()?, minutes * 60).await?;
    world.requester = Some(email_of(&name)?);
    let page = world.she()?.browser.get(start_page.as_str()).await?;
    world.refused = Some(page);
    Ok(())
}

#[when("her browser opens the StartPage a second time")]
async fn start_page_again(world: &mut World) -> Result<()> {
    let punchout = world.punchout.as_ref().ok_or("no punchout")?;
    let page = world
        .she()?
        .browser
        .get(punchout.start_page.as_str())
        .await?;
    world.refused = Some(page);
    Ok(())
}

#[then(expr = "the marketplace shows {string} with status {int}")]
async fn shows(world: &mut World, title: String, code: u16) -> Result<()> {
    let page = world.refused.as_ref().ok_or("no page was seen")?;
    expect_page(page, code, &title)?;
    if !page.body.contains("Go back to your procurement system") {
        return Err(format!("the page does not say what to do: {}", page.body));
    }
    Ok(())
}

/// The one document of `kind` Coupa journaled, read with the cxml crate.
async fn coupa_sent(world: &World, kind: &str) -> Result<cxml::CXml> {
    let sent = world.sim()?.journal("coupa", None, Some(kind)).await?;
    let [sent] = sent.as_slice() else {
        return Err(format!("one {kind} expected in Coupa's journal: {sent:?}"));
    };
    let raw = world.sim()?.raw_of(sent).await?;
    Ok(cxml::read::read(raw.as_bytes())
        .map_err(|e| e.to_string())?
        .doc)
}

async fn post(world: &mut World, doc: &cxml::CXml, secret: &str) -> Result<()> {
    let raw = cxml::write::to_bytes(doc).map_err(|e| e.to_string())?;
    let reply = world.sim()?.post_cxml(with_secret(&raw, secret)?).await?;
    world.reply = Some(reply);
    Ok(())
}

#[when("Coupa's OrderRequest is delivered again with a wrong shared secret")]
async fn wrong_secret(world: &mut World) -> Result<()> {
    let mut doc = coupa_sent(world, "OrderRequest").await?;
    doc.payload_id = "wrong-secret.1@coupa-acme".to_owned();
    post(world, &doc, "not-the-secret").await
}

#[when("an OrderRequest under the same orderID with another product is delivered")]
async fn conflicting_order(world: &mut World) -> Result<()> {
    let other = catalog::saas_upfront_above(world.sim()?, FINANCE_THRESHOLD_CENTS).await?;
    let mut doc = coupa_sent(world, "OrderRequest").await?;
    doc.payload_id = "conflict.1@coupa-acme".to_owned();
    let Some(RequestBody::OrderRequest(order)) = doc.request.as_mut().map(|r| &mut r.body) else {
        return Err("Coupa's journaled document is not an OrderRequest".into());
    };
    let item = order.item_out.first_mut().ok_or("the order has no item")?;
    item.item_id.supplier_part_id = other.listing_id.clone();
    item.item_id.supplier_part_auxiliary_id = Some(other.option.clone());
    let price = cxml::Money::parse(&other.currency, &other.amount).map_err(|e| e.to_string())?;
    if let Some(detail) = item.item_detail.as_mut() {
        detail.unit_price = Amount::of(&price);
    }
    // A consistent order (its Total what its lines add up to), so only
    // the reused orderID is wrong with it.
    let total = order
        .lines_total()
        .ok_or("the changed order has no total")?;
    order.header.total = Amount::of(&total);
    post(world, &doc, COUPA_SECRET).await
}

#[when("Coupa's returned cart is posted to the marketplace's cXML URL")]
async fn cart_to_cxml(world: &mut World) -> Result<()> {
    let doc = coupa_sent_cart(world).await?;
    let reply = world.sim()?.post_cxml(doc).await?;
    world.reply = Some(reply);
    Ok(())
}

/// The cart as Coupa received it through the browser.
async fn coupa_sent_cart(world: &World) -> Result<Vec<u8>> {
    let sim = world.sim()?;
    let received = sim
        .journal("coupa", None, Some("PunchOutOrderMessage"))
        .await?;
    let first = received.first().ok_or("Coupa received no cart")?;
    Ok(sim.raw_of(first).await?.into_bytes())
}

#[then("the marketplace still has the one agreement, created by the first delivery")]
async fn one_agreement(world: &mut World) -> Result<()> {
    let pick = world.pick()?;
    let agreements = world.sim()?.agreements(world.account).await?;
    let [agreement] = agreements.as_slice() else {
        return Err(format!("one agreement expected: {agreements:?}"));
    };
    if agreement.listing_id != pick.listing_id
        || agreement.order_payload_id.starts_with("conflict")
        || agreement.order_payload_id.starts_with("wrong-secret")
    {
        return Err(format!("the agreement is {agreement:?}"));
    }
    Ok(())
}
