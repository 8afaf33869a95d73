//! F8: pay as you go. A PAYG product goes to the cart at the default
//! blanket amount as a Material line of cents, which the requester may
//! change in the buyer's cart (Coupa's or Ariba's) before submitting; a
//! server annual agreement is approved twice, its hourly usage (at the
//! blanket amount, never invoiced against) and its annual fee.

use cucumber::then;
use cucumber::when;
use reqwest::StatusCode;

use crate::{
    World,
    steps::{offers::buy_in_punchout, storefront::listing_named},
    support::{
        browser::{Browser, Result},
        catalog::Pick,
    },
};

/// The default blanket amount of a PAYG line (SPEC F8).
const BLANKET: &str = "10000.00";

#[when("she requests approval for a pay-as-you-go product")]
async fn requests_payg(world: &mut World) -> Result<()> {
    let pick = payg_pick(world).await?;
    buy_in_punchout(world, pick).await
}

/// A pay-as-you-go product at the default blanket amount; remembered as
/// the scenario's listing.
async fn payg_pick(world: &mut World) -> Result<Pick> {
    let found = listing_named(world, "pay-as-you-go product").await?;
    if found.option != "payg" {
        return Err(format!("{found:?} is not priced pay as you go"));
    }
    let pick = Pick {
        listing_id: found.listing_id.clone(),
        name: found.name.clone(),
        option: found.option.clone(),
        amount: BLANKET.to_owned(),
        currency: "USD".to_owned(),
    };
    world.listing = Some(found);
    Ok(pick)
}

/// The annual agreement's `part`: its option key and amount.
fn annual_part(world: &World, part: &str) -> Result<Pick> {
    let found = world.listing()?;
    let (option, amount) = match part {
        "hourly usage" => (format!("{}.usage", found.option), BLANKET.to_owned()),
        _ => (
            found.option.clone(),
            found
                .amount
                .clone()
                .ok_or_else(|| format!("{found:?} has no annual fee"))?,
        ),
    };
    Ok(Pick {
        listing_id: found.listing_id.clone(),
        name: found.name.clone(),
        option,
        amount,
        currency: "USD".to_owned(),
    })
}

#[then(
    "the page offers \"Request approval\" for its annual fee as a Service line and for its hourly usage as a Material line at the blanket amount"
)]
async fn offers_both_parts(world: &mut World) -> Result<()> {
    let page = world.product_page.as_ref().ok_or("no product page")?;
    for (part, typed) in [
        ("annual fee", "Service · UNSPSC 81162000 · 1 ×"),
        (
            "hourly usage",
            "Material · UNSPSC 43232701 · 1,000,000 × 0.01",
        ),
    ] {
        let pick = annual_part(world, part)?;
        let forms = page.forms_with_button("Request approval");
        if !forms
            .iter()
            .any(|f| f.field("option") == Some(pick.option.as_str()))
        {
            return Err(format!(
                "{}: no Request approval for {}",
                page.url, pick.option
            ));
        }
        // Shown for people: thousands grouped.
        let total = format!(
            "{} USD",
            sim_marketplace::money::group_thousands(&pick.amount)
        );
        let row = page
            .table_rows("table")
            .into_iter()
            .find(|row| row.get(1).is_some_and(|cell| cell.starts_with(typed)))
            .ok_or_else(|| format!("{}: no {part} row typed {typed:?}", page.url))?;
        // In a punchout the usage line's total is a default blanket, and says so.
        let blanket_noted = part != "hourly usage"
            || row
                .get(2)
                .is_some_and(|cell| cell.contains("default blanket amount"));
        if !row.get(2).is_some_and(|cell| cell.starts_with(&total)) || !blanket_noted {
            return Err(format!("the {part} row {row:?} does not total {total}"));
        }
    }
    Ok(())
}

#[when(regex = r"^she requests approval for the annual agreement's (hourly usage|annual fee)$")]
async fn requests_annual_part(world: &mut World, part: String) -> Result<()> {
    let pick = annual_part(world, &part)?;
    buy_in_punchout(world, pick).await
}

#[then("the marketplace has the annual agreement's two parts, each with its own PO number")]
async fn two_parts(world: &mut World) -> Result<()> {
    let found = world.listing()?;
    let agreements = world.sim()?.agreements(world.account).await?;
    let seen: Vec<(&str, &str, &str, &str)> = agreements
        .iter()
        .map(|a| {
            (
                a.listing_id.as_str(),
                a.option_id.as_str(),
                a.amount.as_str(),
                a.po_number.as_str(),
            )
        })
        .collect();
    let usage = format!("{}.usage", found.option);
    let fee = found.amount.as_deref().unwrap_or_default();
    let expected = [
        (
            found.listing_id.as_str(),
            usage.as_str(),
            BLANKET,
            "PO-000001",
        ),
        (
            found.listing_id.as_str(),
            found.option.as_str(),
            fee,
            "PO-000002",
        ),
    ];
    if seen != expected {
        return Err(format!("the agreements are {seen:?}, not {expected:?}"));
    }
    Ok(())
}

#[when("he requests approval for a pay-as-you-go product in Ariba's punchout")]
async fn ariba_requests_payg(world: &mut World) -> Result<()> {
    let pick = payg_pick(world).await?;
    let he = world.he()?;
    let product = he.open_product(&pick.listing_id).await?;
    let auto = he.request_approval(&product, &pick.option).await?;
    let cart = he.return_cart(&auto).await?;
    world.pick = Some(pick);
    world.cart = Some(cart);
    Ok(())
}

/// The buyer's browser and its cart URL, for Coupa's Jane or Ariba's Sam.
fn cart_of<'w>(world: &'w World, system: &str) -> Result<(&'w Browser, String)> {
    Ok(if system == "Coupa" {
        let she = world.she()?;
        (&she.browser, she.coupa_url("/cart"))
    } else {
        let he = world.he()?;
        (&he.browser, he.ariba_url("/cart"))
    })
}

#[when(regex = r#"^(?:she|he) sets the blanket amount to "(.*)" in (Coupa|Ariba)'s cart$"#)]
async fn sets_blanket(world: &mut World, typed: String, system: String) -> Result<()> {
    let (browser, url) = cart_of(world, &system)?;
    let cart = browser.get(&url).await?;
    cart.expect_status(StatusCode::OK)?;
    let [mut form] = cart
        .forms_with_button("Update amount")
        .try_into()
        .map_err(|forms: Vec<_>| format!("{url}: {} blanket amount forms", forms.len()))?;
    form.set("amount", &typed);
    let answer = browser.submit(&form).await?;
    if answer.status == StatusCode::SEE_OTHER {
        let page = browser.follow(&answer, StatusCode::SEE_OTHER).await?;
        // The amount the order will carry from now on.
        if let Some(pick) = world.pick.as_mut() {
            pick.amount = typed.trim().to_owned();
        }
        world.refused = Some(page);
    } else {
        world.refused = Some(answer);
    }
    Ok(())
}

#[then(regex = r#"^(Coupa|Ariba)'s cart shows the blanket amount "(.*)"$"#)]
async fn shows_blanket(world: &mut World, system: String, amount: String) -> Result<()> {
    let (browser, url) = cart_of(world, &system)?;
    let cart = browser.get(&url).await?;
    cart.expect_status(StatusCode::OK)?;
    let [form] = cart
        .forms_with_button("Update amount")
        .try_into()
        .map_err(|forms: Vec<_>| format!("{url}: {} blanket amount forms", forms.len()))?;
    if form.field("amount") != Some(amount.as_str()) {
        return Err(format!("the field holds {:?}", form.field("amount")));
    }
    let rows = cart.table_rows("table");
    let [row] = rows.as_slice() else {
        return Err(format!("one cart line expected: {rows:?}"));
    };
    // As the cart shows the quantity: thousands grouped.
    let units = service_kit::look::group_thousands(amount.replace('.', "").trim_start_matches('0'));
    let total = format!("{} USD", service_kit::look::group_thousands(&amount));
    let quantity_ok = row
        .iter()
        .any(|cell| cell.split(' ').next() == Some(units.as_str()));
    if row.last() != Some(&total) || !quantity_ok {
        return Err(format!(
            "the cart line {row:?} is not {units} cents, {total}"
        ));
    }
    Ok(())
}

#[then(regex = r#"^(Coupa|Ariba)'s cart answers (\d+), saying "(.*)"$"#)]
async fn cart_refuses(world: &mut World, _system: String, code: u16, text: String) -> Result<()> {
    let page = world.refused.as_ref().ok_or("no amount was typed")?;
    let said = page.text_of("[role=alert]").join(" ");
    if page.status.as_u16() != code || !said.contains("was not changed") || !said.contains(&text) {
        return Err(format!("{}: {} {said:?}", page.url, page.status));
    }
    Ok(())
}
