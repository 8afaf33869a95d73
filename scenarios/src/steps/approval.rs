//! F4: the requisition runs through Coupa's approval chain (the manager,
//! then finance above the threshold); approvers approve or reject.

use cucumber::{then, when};

use crate::{
    World,
    support::{browser::Page, browser::Result},
};

#[when("she submits the requisition")]
async fn submits(world: &mut World) -> Result<()> {
    let cart = world.cart()?;
    let (id, page) = world.she()?.submit_requisition(&cart.cart).await?;
    world.requisition = Some(id);
    world.requisition_page = Some(page);
    Ok(())
}

#[when("he submits the requisition in Ariba")]
async fn submits_in_ariba(world: &mut World) -> Result<()> {
    let cart = world.cart()?;
    let page = world.he()?.submit_requisition(&cart.cart).await?;
    world.requisition_page = Some(page);
    Ok(())
}

#[when(expr = "{word} approves the requisition in Ariba")]
async fn approves_in_ariba(world: &mut World, approver: String) -> Result<()> {
    let url = world.requisition_page()?.url.to_string();
    world.ariba_user(&approver).await?.approve(&url).await?;
    let page = world.he()?.browser.get(&url).await?;
    world.requisition_page = Some(page);
    Ok(())
}

#[then("Ariba issues a purchase order numbered the Ariba way, which the marketplace accepted")]
async fn ariba_purchase_order(world: &mut World) -> Result<()> {
    let number = po_link(world.requisition_page()?)?;
    if !number.starts_with("EP-") {
        return Err(format!("Ariba numbered the purchase order {number}"));
    }
    let outcome = world.he()?.order_outcome(&number).await?;
    if outcome != "accepted" {
        return Err(format!("purchase order {number}: {outcome}"));
    }
    Ok(())
}

#[when(regex = r"^(the manager|finance) (approves|rejects) the requisition$")]
async fn decides(world: &mut World, approver: String, decision: String) -> Result<()> {
    let id = world.requisition()?;
    let approver = world.user(&approver).await?;
    let page = match decision.as_str() {
        "approves" => approver.approve(id).await?,
        _ => approver.reject(id).await?,
    };
    world.requisition_page = Some(page);
    Ok(())
}

/// Whatever the amount: the manager approves, then finance when the chain
/// asks for it.
#[when("her approvers approve the requisition")]
async fn approvers_approve(world: &mut World) -> Result<()> {
    let id = world.requisition()?;
    let page = world.user("the manager").await?.approve(id).await?;
    let finance_pending = steps(&page).iter().any(|s| s == "finance: pending");
    let page = if finance_pending {
        world.user("finance").await?.approve(id).await?
    } else {
        page
    };
    world.requisition_page = Some(page);
    Ok(())
}

#[then(expr = "the approval chain reads {string}")]
async fn chain_reads(world: &mut World, expected: String) -> Result<()> {
    let seen = steps(world.requisition_page()?).join(", ");
    let expected = expected
        .replace("Mia", crate::support::coupa::MIA)
        .replace("Fin", crate::support::coupa::FIN);
    if seen != expected {
        return Err(format!(
            "the approval chain reads {seen:?}, not {expected:?}"
        ));
    }
    Ok(())
}

#[then("the requisition is rejected")]
async fn rejected(world: &mut World) -> Result<()> {
    let page = world.requisition_page()?;
    let status = page.text_of("h1 .status");
    if status != ["Rejected"] {
        return Err(format!("the requisition's status is {status:?}"));
    }
    if !page.forms_with_button("Approve").is_empty() {
        return Err("a rejected requisition can still be approved".into());
    }
    Ok(())
}

#[then("Coupa has issued no purchase order")]
async fn no_purchase_order(world: &mut World) -> Result<()> {
    if let Ok(number) = po_link(world.requisition_page()?) {
        return Err(format!("the requisition links purchase order {number}"));
    }
    let she = world.she()?;
    let orders = she.browser.get(&she.coupa_url("/orders")).await?;
    let rows = orders.table_rows("table");
    if !rows.is_empty() {
        return Err(format!("Coupa lists orders: {rows:?}"));
    }
    Ok(())
}

#[then(expr = "Coupa issues purchase order {word}")]
async fn issues_purchase_order(world: &mut World, number: String) -> Result<()> {
    let linked = po_link(world.requisition_page()?)?;
    if linked != number {
        return Err(format!("the requisition links purchase order {linked}"));
    }
    let order = world.she()?.order_page(&number).await?;
    if order.definition("cXML status").as_deref() != Some("200 OK") {
        return Err(format!(
            "the marketplace answered {:?}",
            order.definition("cXML status")
        ));
    }
    Ok(())
}

/// The approval chain as the requisition page shows it, without times.
fn steps(page: &Page) -> Vec<String> {
    page.text_of("ol.chain li")
        .into_iter()
        .map(|step| match step.split_once(" at ") {
            Some((before, _)) => before.to_owned(),
            None => step,
        })
        .collect()
}

/// The purchase order linked from a requisition page.
pub fn po_link(page: &Page) -> Result<String> {
    page.links()
        .into_iter()
        .find(|(_, url)| url.path().starts_with("/orders/"))
        .map(|(text, _)| text)
        .ok_or_else(|| format!("{}: no purchase order link", page.url))
}
