//! Changing a cart after it came back (F1, F2, CONFORMANCE CX032/CX033):
//! Coupa's and Ariba's "Edit at supplier" and "Inspect at supplier"
//! re-open it in the storefront, "Return this cart unchanged" and "Cancel /
//! return empty cart" end the session, and the marketplace refuses an edit
//! for a cart it never returned with 412.

use cucumber::{then, when};
use cxml::{doc::PunchOutOperation, envelope::RequestBody};
use reqwest::StatusCode;

use crate::{
    World,
    support::{
        browser::{Browser, Form, Page, Result},
        coupa::{Punchout, ReturnedCart},
        sim::{COUPA_SECRET, with_secret},
    },
};

/// The requester's browser and their buyer system's cart page URL.
fn requester(world: &World, system: &str) -> Result<(Browser, String)> {
    if system == "Ariba" {
        let he = world.he()?;
        Ok((he.browser.clone(), he.ariba_url("/cart")))
    } else {
        let she = world.she()?;
        Ok((she.browser.clone(), she.coupa_url("/cart")))
    }
}

#[when(regex = r#"^(?:she|he) presses "(Edit|Inspect) at supplier" on (Coupa|Ariba)'s cart$"#)]
async fn reopens(world: &mut World, which: String, system: String) -> Result<()> {
    let (browser, cart_url) = requester(world, &system)?;
    let cart = browser.get(&cart_url).await?;
    cart.expect_status(StatusCode::OK)?;
    let label = format!("{which} at supplier");
    let [form] = cart
        .forms_with_button(&label)
        .try_into()
        .map_err(|forms: Vec<_>| {
            format!("{system}'s cart has {} {label:?} buttons", forms.len())
        })?;
    let to_start = browser.submit(&form).await?;
    let start_page = to_start.redirect_target(StatusCode::SEE_OTHER)?;
    let started = browser.get(start_page.as_str()).await?;
    let storefront = browser.follow(&started, StatusCode::SEE_OTHER).await?;
    storefront.expect_status(StatusCode::OK)?;
    world.punchout = Some(Punchout {
        start_page,
        storefront,
    });
    Ok(())
}

fn storefront(world: &World) -> Result<&Page> {
    world
        .punchout
        .as_ref()
        .map(|p| &p.storefront)
        .ok_or_else(|| "no punchout reached the storefront".to_owned())
}

#[then(
    regex = r"^the storefront shows (?:her|his) cart in an? (edit session|inspect session, read-only)$"
)]
async fn shows_cart(world: &mut World, session: String) -> Result<()> {
    let page = storefront(world)?;
    let pick = world.pick()?;
    let banner = page.text_of("section.punchout p").join(" ");
    // The banner says it in words a requester reads.
    let says = match session.as_str() {
        "edit session" => "changing the cart you brought back",
        _ => "looking at your cart (it cannot be changed here)",
    };
    if !banner.contains(says) {
        return Err(format!("the banner reads {banner:?}, not {says:?}"));
    }
    let lines = page.text_of("section.punchout li");
    // The product's name, one of it, at its price: what a requester
    // recognises (no part codes).
    let wanted = format!(
        "1 × {} {}",
        service_kit::look::group_thousands(&pick.amount),
        pick.currency
    );
    let [line] = lines.as_slice() else {
        return Err(format!("one cart line expected in the banner: {lines:?}"));
    };
    if !line.starts_with(&pick.name) || !line.ends_with(&wanted) {
        return Err(format!(
            "the banner's line {line:?} is not {pick:?} ({wanted:?})"
        ));
    }
    Ok(())
}

/// Presses one of the banner's buttons and lets the browser carry the cart
/// to Coupa.
async fn end_session(world: &mut World, button: &str) -> Result<()> {
    let page = storefront(world)?;
    let [form] = page
        .forms_with_button(button)
        .try_into()
        .map_err(|forms: Vec<_>| format!("{}: {} {button:?} buttons", page.url, forms.len()))?;
    let returned = press_and_return(world, &form, world.ariba_requester.is_some()).await?;
    world.cart = Some(returned);
    Ok(())
}

/// Presses `form`, a button that ends the punchout session, as the person
/// (Ariba's requester when `ariba`, else Coupa's) and lets the browser
/// carry the cart back to their procurement system.
pub(crate) async fn press_and_return(
    world: &World,
    form: &Form,
    ariba: bool,
) -> Result<ReturnedCart> {
    if ariba {
        let he = world.he()?;
        let auto = he.browser.submit(form).await?;
        auto.expect_status(StatusCode::OK)?;
        he.return_cart(&auto).await
    } else {
        let she = world.she()?;
        let auto = she.browser.submit(form).await?;
        auto.expect_status(StatusCode::OK)?;
        she.return_cart(&auto).await
    }
}

#[when(regex = r"^(?:she|he) returns the cart unchanged$")]
async fn returns_unchanged(world: &mut World) -> Result<()> {
    end_session(world, "Return this cart unchanged").await
}

#[when(regex = r"^(?:she|he) cancels the punchout$")]
async fn cancels(world: &mut World) -> Result<()> {
    end_session(world, "Cancel / return empty cart").await
}

#[then("the marketplace sent an empty cart")]
async fn sent_empty(world: &mut World) -> Result<()> {
    let message = &world.cart()?.message;
    if !message.item_in.is_empty() {
        return Err(format!("the cart holds {} items", message.item_in.len()));
    }
    Ok(())
}

#[then("Coupa's cart is empty and says the punchout was cancelled")]
async fn cancelled(world: &mut World) -> Result<()> {
    let page = &world.cart()?.cart;
    if page.url.query() != Some("cancelled=1") {
        return Err(format!("Coupa showed {}", page.url));
    }
    let notice = page.text_of(".notice").join(" ");
    if !notice.contains("the punchout was cancelled") {
        return Err(format!("the cart's notice reads {notice:?}"));
    }
    let rows = page.table_rows("table");
    if !rows.is_empty() {
        return Err(format!("Coupa's cart still holds {rows:?}"));
    }
    if !page.forms_with_button("Edit at supplier").is_empty() {
        return Err("an empty cart can still be edited".into());
    }
    Ok(())
}

#[then("she cannot request approval in that session")]
async fn read_only(world: &mut World) -> Result<()> {
    let pick = world.pick()?.clone();
    let she = world.she()?;
    let product = she.open_product(&pick.listing_id).await?;
    if !product.forms_with_button("Request approval").is_empty() {
        return Err(format!("{} offers Request approval", product.url));
    }
    let market = world.sim()?.url("marketplace");
    let crafted = she
        .browser
        .post_form(
            &format!("{market}/punchout/request-approval"),
            &[
                ("listing".to_owned(), pick.listing_id.clone()),
                ("option".to_owned(), pick.option.clone()),
            ],
        )
        .await?;
    crafted.expect_status(StatusCode::FORBIDDEN)?;
    if crafted.heading().as_deref() != Some("Read-only session") {
        return Err(format!("the marketplace says {:?}", crafted.heading()));
    }
    Ok(())
}

#[when(
    regex = r"^an? (edit|inspect) PunchOutSetupRequest for a cart the marketplace never returned is sent with Coupa's credentials$"
)]
async fn unmatched_setup(world: &mut World, operation: String) -> Result<()> {
    let sim = world.sim()?;
    let sent = sim
        .journal("coupa", None, Some("PunchOutSetupRequest"))
        .await?;
    let first = sent.first().ok_or("Coupa sent no PunchOutSetupRequest")?;
    let raw = sim.raw_of(first).await?;
    let mut doc = cxml::read::read(raw.as_bytes())
        .map_err(|e| e.to_string())?
        .doc;
    doc.payload_id = format!("crafted-{operation}.1@coupa-acme");
    let Some(RequestBody::PunchOutSetupRequest(request)) =
        doc.request.as_mut().map(|r| &mut r.body)
    else {
        return Err("Coupa's journaled document is not a PunchOutSetupRequest".into());
    };
    request.operation = if operation == "edit" {
        PunchOutOperation::Edit
    } else {
        PunchOutOperation::Inspect
    };
    request.buyer_cookie = "never-returned-0001".to_owned();
    request.item_out.clear();
    let raw = cxml::write::to_bytes(&doc).map_err(|e| e.to_string())?;
    world.reply = Some(sim.post_cxml(with_secret(&raw, COUPA_SECRET)?).await?);
    Ok(())
}

#[then(expr = "the marketplace answers the document with {int}, saying {string}")]
async fn answers_document(world: &mut World, code: u16, text: String) -> Result<()> {
    let reply = world.reply.as_ref().ok_or("nothing was posted")?;
    if (reply.http_status, reply.cxml_status) != (StatusCode::OK, code)
        || !reply.text.contains(&text)
    {
        return Err(format!("the marketplace answered {reply:?}"));
    }
    Ok(())
}
