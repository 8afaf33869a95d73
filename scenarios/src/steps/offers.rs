//! Private offers (F10) and how a purchase is typed as a cart line (SPEC
//! section 3): a requester buys her account's offer through the punchout,
//! the seller revises it or the simulated clock passes its expiry while
//! the requisition waits, and Coupa's cart shows each line's type.

use cucumber::{then, when};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    World,
    steps::approval::po_link,
    support::{
        browser::{Browser, Page, Result},
        catalog::{Pick, cents},
        offers::{self, Offer},
    },
};

/// Opens `pick`'s product page in her punchout session, presses "Request
/// approval" for its option and lets the browser carry the cart to Coupa.
pub async fn buy_in_punchout(world: &mut World, pick: Pick) -> Result<()> {
    let she = world.she()?;
    let product = she.open_product(&pick.listing_id).await?;
    let auto = she.request_approval(&product, &pick.option).await?;
    let cart = she.return_cart(&auto).await?;
    world.pick = Some(pick);
    world.cart = Some(cart);
    Ok(())
}

#[when(
    regex = r"^she requests approval for her private offer with (an upfront contract|a flexible payment schedule)$"
)]
async fn requests_offer(world: &mut World, terms: String) -> Result<()> {
    let kind = if terms == "an upfront contract" {
        "upfront_contract"
    } else {
        "fps"
    };
    let sim = world.sim()?;
    // The same offer as before, as it stands now (after a revision), or
    // the account's first live one.
    let offer = match &world.offer {
        Some(before) => offers::offer(sim, world.account, &before.id).await?,
        None => offers::live_offer(sim, world.account, kind).await?,
    };
    if offer.expired || offer.kind() != kind {
        return Err(format!("the offer is not a live {kind} offer: {offer:?}"));
    }
    let pick = offer.pick();
    world.offer = Some(offer);
    buy_in_punchout(world, pick).await
}

#[when("the simulated clock passes the offer's expiry")]
async fn clock_passes_expiry(world: &mut World) -> Result<()> {
    let sim = world.sim()?;
    let expires_at = world.offer()?.expires_at.clone();
    let now = offers::clock_now(sim).await?;
    let seconds = offers::seconds_past(&now, &expires_at)?;
    offers::advance_clock(sim, seconds).await?;
    let offer = offers::offer(sim, world.account, &world.offer()?.id).await?;
    if !offer.expired {
        return Err(format!("the offer has not expired: {offer:?}"));
    }
    world.offer = Some(offer);
    Ok(())
}

/// The seller posts `revision` for the scenario's offer and must get 200.
async fn seller_revises(world: &mut World, revision: Value) -> Result<()> {
    let sim = world.sim()?;
    let before = world.offer()?;
    let (status, body) = offers::revise(sim, &before.id, &revision).await?;
    if status != StatusCode::OK {
        return Err(format!("the revision was answered {status}: {body}"));
    }
    let after = offers::offer(sim, world.account, &before.id).await?;
    if after.revision != before.revision + 1 {
        return Err(format!(
            "revision {} became {}",
            before.revision, after.revision
        ));
    }
    world.offer = Some(after);
    Ok(())
}

/// The seller fills in the offer's page and presses "Revise the offer";
/// gives the page that answers.
async fn seller_page_revises(world: &World, field: &str, value: &str) -> Result<Page> {
    let sim = world.sim()?;
    let offer = world.offer()?;
    let seller = Browser::new("the seller");
    let marketplace = sim.url("marketplace");
    let picker = seller.get(&format!("{marketplace}/seller/signin")).await?;
    picker.expect_status(StatusCode::OK)?;
    let [mut signin] = picker
        .forms_with_button("Sign in")
        .try_into()
        .map_err(|forms: Vec<_>| format!("{} sign-in forms", forms.len()))?;
    signin.set("seller", &offer.seller.id.to_string());
    let signed = seller.submit(&signin).await?;
    seller.follow(&signed, StatusCode::SEE_OTHER).await?;
    let url = format!("{marketplace}/seller/offers/{}", offer.id);
    let page = seller.get(&url).await?;
    page.expect_status(StatusCode::OK)?;
    let [mut form] = page
        .forms_with_button("Revise the offer")
        .try_into()
        .map_err(|forms: Vec<_>| format!("{url}: {} revise forms", forms.len()))?;
    form.set(field, value);
    seller.submit(&form).await
}

#[when("the seller moves the offer's expiry to now on the offer's page")]
async fn seller_page_expires(world: &mut World) -> Result<()> {
    let now = offers::clock_now(world.sim()?).await?;
    let before = world.offer()?.revision;
    let page = seller_page_revises(world, "expires_at", &now).await?;
    let notice = page.text_of(".notice").join(" ");
    let wanted = format!("Revised: the offer is now at revision {}.", before + 1);
    if page.status != StatusCode::OK || notice != wanted {
        return Err(format!("{}: {} {notice:?}", page.url, page.status));
    }
    let offer = offers::offer(world.sim()?, world.account, &world.offer()?.id).await?;
    world.offer = Some(offer);
    Ok(())
}

#[when(expr = "the seller types the amount {string} on the page of her private offer")]
async fn seller_page_bad_amount(world: &mut World, amount: String) -> Result<()> {
    let offer = offers::live_offer(world.sim()?, world.account, "upfront_contract").await?;
    world.offer = Some(offer);
    let page = seller_page_revises(world, "amount", &amount).await?;
    world.refused = Some(page);
    Ok(())
}

#[then(expr = "the offer's page answers {int} and says {string}")]
async fn seller_page_says(world: &mut World, code: u16, text: String) -> Result<()> {
    let page = world.refused.as_ref().ok_or("the seller did nothing")?;
    let notice = page.text_of(".notice").join(" ");
    if page.status.as_u16() != code || !notice.contains(&text) {
        return Err(format!("{}: {} {notice:?}", page.url, page.status));
    }
    Ok(())
}

#[when(expr = "the seller revises the offer's amount to {word} USD")]
async fn seller_reprices(world: &mut World, amount: String) -> Result<()> {
    let terms = json!({
        "terms": { "kind": "upfront_contract", "duration_months": 12, "amount": amount.replace(',', "") }
    });
    seller_revises(world, terms).await
}

#[when(regex = r"^the seller posts the revision (.+)$")]
async fn seller_posts(world: &mut World, revision: String) -> Result<()> {
    let sim = world.sim()?;
    let offer = offers::live_offer(sim, world.account, "upfront_contract").await?;
    let revision: Value =
        serde_json::from_str(&revision).map_err(|e| format!("{revision:?} is not JSON: {e}"))?;
    world.seller_reply = Some(offers::revise(sim, &offer.id, &revision).await?);
    world.offer = Some(offer);
    Ok(())
}

#[then(expr = "the seller is told {int} {string}")]
async fn seller_told(world: &mut World, code: u16, text: String) -> Result<()> {
    let (status, body) = world.seller_reply.as_ref().ok_or("nothing was posted")?;
    let message = body
        .pointer("/error/message")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if status.as_u16() != code || !message.contains(&text) {
        return Err(format!("the seller was told {status}: {body}"));
    }
    Ok(())
}

#[then("the offer is unchanged")]
async fn offer_unchanged(world: &mut World) -> Result<()> {
    let before = world.offer()?;
    let after = offers::offer(world.sim()?, world.account, &before.id).await?;
    let seen = (&after.expires_at, after.revision, &after.terms);
    if seen != (&before.expires_at, before.revision, &before.terms) {
        return Err(format!("the offer changed: {before:?} → {after:?}"));
    }
    Ok(())
}

#[then(
    regex = r"^the marketplace refuses Coupa's purchase order with (\d+), saying the private offer (.+)$"
)]
async fn order_refused(world: &mut World, code: u16, reason: String) -> Result<()> {
    let number = po_link(world.requisition_page()?)?;
    let order = world.she()?.order_page(&number).await?;
    let outcome = order.text_of("section[class*=\"outcome-\"] h2");
    if outcome != ["Sent to the supplier: refused"] {
        return Err(format!("purchase order {number}: {outcome:?}"));
    }
    let status = order.definition("cXML status").unwrap_or_default();
    let offer = world.offer()?;
    let wanted = format!(
        "item {}: private offer {} {reason}",
        offer.listing, offer.id
    );
    if !status.starts_with(&format!("{code} {wanted}")) {
        return Err(format!(
            "purchase order {number}: the status reads {status:?}, not {wanted:?}…"
        ));
    }
    let said = format!("Purchase order {number}: refused by the supplier ({code}): {wanted}");
    let requisition = world.requisition_page()?.text_of("p");
    if !requisition.iter().any(|p| p.starts_with(&said)) {
        return Err(format!(
            "the requisition page does not say {said:?}…: {requisition:?}"
        ));
    }
    let received = world
        .sim()?
        .journal("marketplace", None, Some("OrderRequest"))
        .await?;
    let [order] = received.as_slice() else {
        return Err(format!("one OrderRequest expected: {received:?}"));
    };
    if order.cxml_status != Some(code) {
        return Err(format!(
            "the marketplace journaled the order with {:?}",
            order.cxml_status
        ));
    }
    Ok(())
}

#[then("the marketplace has no agreement")]
async fn no_agreement(world: &mut World) -> Result<()> {
    let agreements = world.sim()?.agreements(world.account).await?;
    if !agreements.is_empty() {
        return Err(format!("the marketplace holds agreements: {agreements:?}"));
    }
    Ok(())
}

#[then(expr = "the offer is at revision {int}, for {word} USD")]
async fn offer_revision(world: &mut World, revision: u32, amount: String) -> Result<()> {
    let offer: &Offer = world.offer()?;
    let pick = world.pick()?;
    let seen = (offer.revision, &*pick.option, cents(&pick.amount));
    let option = format!("{}.r{revision}", offer.id);
    let expected = (revision, &*option, cents(&amount.replace(',', "")));
    if seen != expected {
        return Err(format!("bought {seen:?}, not {expected:?}"));
    }
    Ok(())
}

#[then(regex = r"^Coupa's cart holds it as one (Service|Material) line$")]
async fn cart_holds_typed_line(world: &mut World, line_type: String) -> Result<()> {
    let pick = world.pick()?;
    let cart = world.cart()?;
    let rows = cart.cart.table_rows("table");
    let [row] = rows.as_slice() else {
        return Err(format!("one cart line expected: {rows:?}"));
    };
    // As the buyer's cart shows it: thousands grouped.
    let total = format!(
        "{} {}",
        service_kit::look::group_thousands(&pick.amount),
        pick.currency
    );
    let (unspsc, quantity, unit_price) = match line_type.as_str() {
        "Service" => ("81162000", "1".to_owned(), total.clone()),
        _ => (
            "43232701",
            service_kit::look::group_thousands(&pick.cents().to_string()),
            format!("0.01 {}", pick.currency),
        ),
    };
    let expected = [
        format!("{} {}", pick.listing_id, pick.option),
        line_type.clone(),
        unspsc.to_owned(),
        quantity,
        "EA".to_owned(),
        unit_price,
        total,
    ];
    if !row[1].starts_with(&pick.name) || row.get(2..) != Some(&expected[..]) {
        return Err(format!("the cart line {row:?} is not {expected:?}"));
    }
    let [item] = cart.message.item_in.as_slice() else {
        return Err("the cart message does not hold one item".into());
    };
    let extrinsic = item
        .item_detail
        .extrinsic
        .iter()
        .find(|e| e.name == "LineType")
        .map(|e| e.value.as_str());
    if extrinsic != Some(line_type.as_str()) {
        return Err(format!("the item's LineType extrinsic is {extrinsic:?}"));
    }
    Ok(())
}

/// The line's "Offer details at the supplier" link (the cart's
/// `ItemDetail/URL`) opens the account's private offers page at the
/// offer, which shows its expiry and every installment to Jane: not yet
/// signed in to the marketplace, she is sent to sign in and then comes
/// back to the offer's page, not the storefront's home, and at the offer
/// (`#offer-…`): the link asks for it in the query, which sign-in keeps,
/// as a browser never sends a fragment.
#[then(
    "the cart line links to the offer's details, past the marketplace's sign-in: its expiry and each installment"
)]
async fn cart_line_links_to_offer(world: &mut World) -> Result<()> {
    let offer = world.offer()?.clone();
    let link = world.cart()?.cart.link("Offer details at the supplier")?;
    let asked_for = link
        .query_pairs()
        .find(|(name, _)| name == "offer")
        .map(|(_, id)| id.into_owned());
    if asked_for.as_deref() != Some(offer.id.as_str()) {
        return Err(format!(
            "the details link {link} does not ask for {}",
            offer.id
        ));
    }
    let jane = Browser::new("jane@acme.test");
    let asked = jane.get(link.as_str()).await?;
    let picker = jane.follow(&asked, StatusCode::SEE_OTHER).await?;
    picker.expect_status(StatusCode::OK)?;
    let mut form = picker.form_to("/signin")?;
    form.set("email", "jane@acme.test");
    let signed_in = jane.submit(&form).await?;
    let back = signed_in.redirect_target(StatusCode::SEE_OTHER)?;
    if back.path() != link.path() || back.query() != link.query() {
        return Err(format!("signing in led to {back}, not back to {link}"));
    }
    let at_offer = jane
        .get(back.as_str())
        .await?
        .redirect_target(StatusCode::SEE_OTHER)?;
    if at_offer.path() != link.path() || at_offer.fragment() != Some(offer.id.as_str()) {
        return Err(format!("{back} led to {at_offer}, not to #{}", offer.id));
    }
    let page = jane.get(at_offer.as_str()).await?;
    page.expect_status(StatusCode::OK)?;
    let section = page.text_of(&format!("section.offer[id='{}']", offer.id));
    let [section] = section.as_slice() else {
        return Err(format!("{}: no section for {}", page.url, offer.id));
    };
    let instant = |text: &str| {
        text.parse::<jiff::Timestamp>()
            .map_err(|e| format!("the offer's time {text:?}: {e}"))
    };
    let mut wanted = vec![service_kit::look::human_time(instant(&offer.expires_at)?)];
    for installment in offer.terms["installments"].as_array().into_iter().flatten() {
        let due = instant(installment["due"].as_str().unwrap_or_default())?;
        wanted.push(service_kit::look::human_date(due));
    }
    match wanted.iter().find(|w| !section.contains(w.as_str())) {
        Some(missing) => Err(format!("the offer's section lacks {missing}: {section}")),
        None => Ok(()),
    }
}
