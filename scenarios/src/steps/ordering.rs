//! F5: on final approval Coupa sends the OrderRequest; the marketplace
//! creates the agreement with the PO number, once per order.

use cucumber::{given, then, when};
use reqwest::StatusCode;

use crate::{
    World,
    steps::approval::po_link,
    support::{
        browser::Result,
        catalog,
        coupa::buy,
        sim::{COUPA_ACCOUNT, COUPA_SECRET, with_payload_id, with_secret},
    },
    world::{FINANCE_THRESHOLD_CENTS, email_of},
};

#[given(
    expr = "Coupa user {word} has bought a SaaS product with an upfront contract her manager approved"
)]
async fn has_bought(world: &mut World, name: String) -> Result<()> {
    let pick = catalog::saas_upfront_below(world.sim()?, FINANCE_THRESHOLD_CENTS).await?;
    world.user("the manager").await?;
    world.user(&name).await?;
    let requester = world.signed(&name)?;
    let manager = world.signed("the manager")?;
    let purchase = buy(requester, &[manager], &pick).await?;
    if purchase.po_outcome != "accepted" {
        return Err(format!(
            "the supplier took the order: {}",
            purchase.po_outcome
        ));
    }
    world.requester = Some(email_of(&name)?);
    world.pick = Some(pick);
    world.requisition = Some(purchase.requisition);
    world.requisition_page = Some(purchase.decided);
    world.cart = Some(purchase.cart);
    Ok(())
}

#[then("the marketplace has an agreement with the PO number")]
async fn agreement_with_po(world: &mut World) -> Result<()> {
    let po_number = po_link(world.requisition_page()?)?;
    let pick = world.pick()?;
    let agreements = world.sim()?.agreements(world.account).await?;
    let [agreement] = agreements.as_slice() else {
        return Err(format!("one agreement expected: {agreements:?}"));
    };
    let seen = (
        &*agreement.po_number,
        &*agreement.listing_id,
        &*agreement.option_id,
        &*agreement.amount,
        &*agreement.currency,
        agreement.flow_id.as_deref(),
    );
    let expected = (
        &*po_number,
        &*pick.listing_id,
        &*pick.option,
        &*pick.amount,
        &*pick.currency,
        Some(world.cart()?.flow()),
    );
    if seen != expected {
        return Err(format!("the agreement is {seen:?}, not {expected:?}"));
    }
    Ok(())
}

#[then("nothing has been ordered from the marketplace")]
async fn nothing_ordered(world: &mut World) -> Result<()> {
    let sim = world.sim()?;
    for service in ["coupa", "marketplace"] {
        let orders = sim.journal(service, None, Some("OrderRequest")).await?;
        if !orders.is_empty() {
            return Err(format!("{service} journaled OrderRequests: {orders:?}"));
        }
    }
    let agreements = sim.agreements(COUPA_ACCOUNT).await?;
    if !agreements.is_empty() {
        return Err(format!("the marketplace holds agreements: {agreements:?}"));
    }
    Ok(())
}

/// Coupa's OrderRequest as it sent it (from its journal, the secret put
/// back as the partner holds it).
async fn sent_order(world: &World) -> Result<Vec<u8>> {
    let flow = world.cart()?.flow();
    let sim = world.sim()?;
    let sent = sim
        .journal("coupa", Some(flow), Some("OrderRequest"))
        .await?;
    let [sent] = sent.as_slice() else {
        return Err(format!("one OrderRequest expected: {sent:?}"));
    };
    with_secret(sim.raw_of(sent).await?.as_bytes(), COUPA_SECRET)
}

#[when("Coupa's OrderRequest is delivered again")]
async fn delivered_again(world: &mut World) -> Result<()> {
    let order = sent_order(world).await?;
    let reply = world.sim()?.post_cxml(order).await?;
    world
        .deliveries
        .push((reply.http_status, reply.cxml_status));
    Ok(())
}

#[when("it is delivered once more under a new payloadID")]
async fn delivered_renamed(world: &mut World) -> Result<()> {
    let order = with_payload_id(&sent_order(world).await?, "resent.1@coupa-acme")?;
    let reply = world.sim()?.post_cxml(order).await?;
    world
        .deliveries
        .push((reply.http_status, reply.cxml_status));
    Ok(())
}

#[then(expr = "the marketplace answers every delivery with {int}")]
async fn every_delivery_answered(world: &mut World, code: u16) -> Result<()> {
    if world.deliveries.is_empty() {
        return Err("nothing was delivered".into());
    }
    if let Some(bad) = world
        .deliveries
        .iter()
        .find(|(http, cxml)| (*http, *cxml) != (StatusCode::OK, code))
    {
        return Err(format!("a delivery was answered {bad:?}"));
    }
    let received = world
        .sim()?
        .journal("marketplace", None, Some("OrderRequest"))
        .await?;
    if received.len() != world.deliveries.len() + 1 {
        return Err(format!(
            "{} deliveries but {} journaled OrderRequests",
            world.deliveries.len() + 1,
            received.len()
        ));
    }
    Ok(())
}
