//! F8: pay as you go. A PAYG product goes to the cart at the default
//! blanket amount as a Material line of cents; a server annual agreement is
//! approved twice, its hourly usage (at the blanket amount, never invoiced
//! against) and its annual fee.

use cucumber::then;
use cucumber::when;

use crate::{
    World,
    steps::{offers::buy_in_punchout, storefront::listing_named},
    support::{browser::Result, catalog::Pick},
};

/// The default blanket amount of a PAYG line (SPEC F8).
const BLANKET: &str = "10000.00";

#[when("she requests approval for a pay-as-you-go product")]
async fn requests_payg(world: &mut World) -> Result<()> {
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
    buy_in_punchout(world, pick).await
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
            "Material · UNSPSC 43232701 · 1000000 × 0.01",
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
        let total = format!("{} USD", pick.amount);
        let row = page
            .table_rows("table")
            .into_iter()
            .find(|row| row.get(1).is_some_and(|cell| cell.starts_with(typed)))
            .ok_or_else(|| format!("{}: no {part} row typed {typed:?}", page.url))?;
        if row.get(2) != Some(&total) {
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
