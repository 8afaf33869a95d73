//! The marketplace's storefront as a requester sees it inside a punchout
//! session, and what it refuses (F11): products a procurement system
//! cannot buy show no "Request approval", and crafted requests for them
//! are refused — in the browser and as an OrderRequest.

use cucumber::{then, when};
use cxml::envelope::RequestBody;
use reqwest::StatusCode;

use crate::{
    World,
    support::{
        browser::{Page, Result},
        catalog::{self, Found},
        sim::{COUPA_SECRET, with_secret},
    },
};

/// The listing a step names by its product type.
pub async fn listing_named(world: &World, product: &str) -> Result<Found> {
    let sim = world.sim()?;
    match product {
        "professional services listing" => {
            catalog::first_listing(sim, "professional_services", None, None).await
        }
        "AMI contract" => catalog::first_listing(sim, "ami", Some("contract"), None).await,
        "container contract" => {
            catalog::first_listing(sim, "container", Some("contract"), None).await
        }
        "AMI annual agreement" => catalog::first_listing(sim, "ami", Some("annual"), None).await,
        "data product" => catalog::first_listing(sim, "data", None, None).await,
        "free data product" => catalog::first_listing(sim, "data", None, Some("free")).await,
        "data product with an upfront contract" => {
            catalog::first_listing(sim, "data", None, Some("upfront_contract")).await
        }
        "pay-as-you-go container" => {
            catalog::first_listing(sim, "container", Some("hourly"), Some("payg")).await
        }
        "pay-as-you-go AMI" => {
            catalog::first_listing(sim, "ami", Some("hourly"), Some("payg")).await
        }
        // The usage of an annual dimension no listing has (99 months).
        "AMI annual agreement's unknown usage" => {
            let found = catalog::first_listing(sim, "ami", Some("annual"), None).await?;
            Ok(Found {
                option: "enterprise-99m.usage".to_owned(),
                amount: None,
                ..found
            })
        }
        "pay-as-you-go product" => {
            catalog::first_listing(sim, "saas", Some("subscription"), Some("payg")).await
        }
        other => Err(format!("no step knows a {other:?}")),
    }
}

#[when(regex = r"^she opens (?:a|an) (.+) in the storefront$")]
async fn opens(world: &mut World, product: String) -> Result<()> {
    let found = listing_named(world, &product).await?;
    let page = world.she()?.open_product(&found.listing_id).await?;
    if page.heading().as_deref() != Some(found.name.as_str()) {
        return Err(format!("{} is headed {:?}", page.url, page.heading()));
    }
    world.listing = Some(found);
    world.product_page = Some(page);
    Ok(())
}

#[then("the page offers no \"Request approval\"")]
async fn no_request_approval(world: &mut World) -> Result<()> {
    let page = world.product_page.as_ref().ok_or("no product page")?;
    let buttons = page.forms_with_button("Request approval");
    if !buttons.is_empty() {
        return Err(format!(
            "{}: {} Request approval forms",
            page.url,
            buttons.len()
        ));
    }
    Ok(())
}

#[then(expr = "the page offers {string} for each of its pricing options")]
async fn offers_for_each_option(world: &mut World, button: String) -> Result<()> {
    let page = world.product_page.as_ref().ok_or("no product page")?;
    let options = page.table_rows("table tbody").len();
    let buttons = page.forms_with_button(&button).len();
    if options == 0 || buttons != options {
        return Err(format!(
            "{}: {buttons} {button:?} buttons for {options} pricing options",
            page.url
        ));
    }
    Ok(())
}

#[then(expr = "the page says why: {string}")]
async fn page_says_why(world: &mut World, reason: String) -> Result<()> {
    let page = world.product_page.as_ref().ok_or("no product page")?;
    let notice = page.text_of("#unsupported").join(" ");
    if !notice.contains("cannot be bought through a procurement system")
        || !notice.contains(&reason)
    {
        return Err(format!("{}: the notice reads {notice:?}", page.url));
    }
    Ok(())
}

#[when(regex = r#"^she sends a crafted "Request approval" for (?:a|an) (.+)$"#)]
async fn crafted_request(world: &mut World, product: String) -> Result<()> {
    let found = listing_named(world, &product).await?;
    let market = world.sim()?.url("marketplace");
    let fields = [
        ("listing".to_owned(), found.listing_id.clone()),
        ("option".to_owned(), found.option.clone()),
    ];
    let page = world
        .she()?
        .browser
        .post_form(&format!("{market}/punchout/request-approval"), &fields)
        .await?;
    world.listing = Some(found);
    world.refused = Some(page);
    Ok(())
}

/// `page` answered `code` under the heading `title`.
pub fn expect_page(page: &Page, code: u16, title: &str) -> Result<()> {
    if page.status.as_u16() != code || page.heading().as_deref() != Some(title) {
        return Err(format!(
            "{}: {} {:?}",
            page.url,
            page.status,
            page.heading()
        ));
    }
    Ok(())
}

#[then(expr = "the marketplace answers {int} with the page {string}")]
async fn answers_page(world: &mut World, code: u16, title: String) -> Result<()> {
    let page = world.refused.as_ref().ok_or("nothing was sent")?;
    expect_page(page, code, &title)?;
    let listing = &world.listing()?.listing_id;
    if !page.body.contains(listing.as_str()) {
        return Err(format!("the page does not name {listing}: {}", page.body));
    }
    if page.auto_submit_form().is_ok() {
        return Err("the refusal carries a cart form".into());
    }
    Ok(())
}

#[then("Coupa's cart is empty")]
async fn coupa_cart_empty(world: &mut World) -> Result<()> {
    let she = world.she()?;
    let cart = she.browser.get(&she.coupa_url("/cart")).await?;
    cart.expect_status(StatusCode::OK)?;
    let rows = cart.table_rows("table");
    if !rows.is_empty() {
        return Err(format!("Coupa's cart holds {rows:?}"));
    }
    Ok(())
}

#[when(regex = r"^an OrderRequest for (?:a|an) (.+) is sent with Coupa's credentials$")]
async fn crafted_order(world: &mut World, product: String) -> Result<()> {
    let found = listing_named(world, &product).await?;
    let sim = world.sim()?;
    let sent = sim.journal("coupa", None, Some("OrderRequest")).await?;
    let [sent] = sent.as_slice() else {
        return Err(format!(
            "one OrderRequest expected in Coupa's journal: {sent:?}"
        ));
    };
    let raw = sim.raw_of(sent).await?;
    let mut doc = cxml::read::read(raw.as_bytes())
        .map_err(|e| e.to_string())?
        .doc;
    doc.payload_id = "crafted.1@coupa-acme".to_owned();
    let Some(RequestBody::OrderRequest(order)) = doc.request.as_mut().map(|r| &mut r.body) else {
        return Err("Coupa's journaled document is not an OrderRequest".into());
    };
    order.header.order_id = "PO-CRAFTED-1".to_owned();
    let item = order.item_out.first_mut().ok_or("the order has no item")?;
    item.item_id.supplier_part_id = found.listing_id.clone();
    item.item_id.supplier_part_auxiliary_id = Some(found.option.clone());
    let raw = cxml::write::to_bytes(&doc).map_err(|e| e.to_string())?;
    let reply = sim.post_cxml(with_secret(&raw, COUPA_SECRET)?).await?;
    world.listing = Some(found);
    world.reply = Some(reply);
    Ok(())
}

#[then(expr = "the marketplace refuses it with {int}, saying {string}")]
async fn refuses_order(world: &mut World, code: u16, text: String) -> Result<()> {
    let reply = world.reply.as_ref().ok_or("nothing was posted")?;
    let listing = &world.listing()?.listing_id;
    let named = reply.text.contains(listing.as_str()) && reply.text.contains(&text);
    if (reply.http_status, reply.cxml_status) != (StatusCode::OK, code) || !named {
        return Err(format!("the marketplace answered {reply:?}"));
    }
    Ok(())
}

#[then("the marketplace holds only the agreement of the approved purchase")]
async fn only_approved_agreement(world: &mut World) -> Result<()> {
    let pick = world.pick()?;
    let agreements = world.sim()?.agreements(world.account).await?;
    let listings: Vec<&str> = agreements.iter().map(|a| a.listing_id.as_str()).collect();
    if listings != [pick.listing_id.as_str()] {
        return Err(format!("the marketplace holds agreements for {listings:?}"));
    }
    Ok(())
}
