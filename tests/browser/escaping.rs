//! A value that came from a document is shown as text, never run as
//! markup. The cart travels through the browser, so whoever controls the
//! browser (or the supplier) controls its product names: here the cart's
//! description carries a `<script>`, and Coupa's cart page and the
//! dashboard's view of the document must show it as text.

use base64::Engine;
use cxml::{envelope::MessageBody, transport::encode_base64};
use fantoccini::Client;
use scenarios::support::{
    browser::Page,
    catalog::saas_upfront_above,
    coupa::{CoupaUser, JANE, cart_message},
    sim::{Sim, test_config},
};

use crate::driver::{Chrome, Result, click, expect_heading, show_documents, sign_in};

const NAME: &str = "Evil <script>window.procsimInjected = 1</script> Suite";
/// How a page shows the name as text.
const VISIBLE_IN_PAGE: &str = "<script>window.procsimInjected = 1</script>";
/// How the raw document (XML, where `<` is written `&lt;`) shows it.
const VISIBLE_IN_XML: &str = "&lt;script&gt;window.procsimInjected = 1&lt;/script&gt;";

#[tokio::test(flavor = "multi_thread")]
async fn a_product_name_with_a_script_tag_is_shown_as_text() {
    let sim = Sim::start(test_config()).await.expect("ecosystem");
    let flow = tampered_cart(&sim)
        .await
        .expect("a cart with a script in it");
    Chrome::run(
        "a_product_name_with_a_script_tag_is_shown_as_text",
        |client| async move { check(&client, &sim, &flow).await },
    )
    .await;
}

/// Jane (a scripted browser) punches out and requests approval; the cart
/// form's document gets the hostile name before her browser posts it.
async fn tampered_cart(sim: &Sim) -> Result<String> {
    let jane = CoupaUser::sign_in(sim, JANE).await?;
    let pick = saas_upfront_above(sim, 0).await?;
    jane.punch_out().await?;
    let product = jane.open_product(&pick.listing_id).await?;
    let auto = jane.request_approval(&product, &pick.option).await?;
    let mut form = auto.auto_submit_form()?;
    let mut message = cart_message(&form)?;
    let flow = message.buyer_cookie.clone();
    let encoded = form
        .field("cxml-base64")
        .ok_or("the cart form is not base64")?;
    let original = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|e| e.to_string())?;
    let mut doc = cxml::read::read(&original).map_err(|e| e.to_string())?.doc;
    for item in &mut message.item_in {
        for description in &mut item.item_detail.description {
            description.text = Some(NAME.to_owned());
            description.short_name = None;
        }
    }
    let body = doc.message.as_mut().ok_or("the cart has no Message")?;
    body.body = MessageBody::PunchOutOrderMessage(Box::new(message));
    let bytes = cxml::write::to_bytes(&doc).map_err(|e| e.to_string())?;
    form.set("cxml-base64", &encode_base64(&bytes));
    let returned: Page = jane.browser.submit(&form).await?;
    if !returned.status.is_redirection() {
        return Err(format!("Coupa refused the cart: {}", returned.status));
    }
    Ok(flow)
}

async fn check(client: &Client, sim: &Sim, flow: &str) -> Result<()> {
    sign_in(client, &sim.url("coupa"), JANE).await?;
    client
        .goto(&format!("{}/cart", sim.url("coupa")))
        .await
        .map_err(|e| e.to_string())?;
    let cart = expect_heading(client, "Cart").await?;
    shown_not_run(client, &cart, VISIBLE_IN_PAGE, "Coupa's cart").await?;
    client
        .goto(&format!(
            "{}/journal?flow={flow}&type=PunchOutOrderMessage&service=coupa",
            sim.url("dashboard")
        ))
        .await
        .map_err(|e| e.to_string())?;
    click(client, "table.grid a[href^='/journal/coupa/']").await?;
    expect_heading(client, "PunchOutOrderMessage").await?;
    let page = show_documents(client).await?;
    shown_not_run(
        client,
        &page,
        VISIBLE_IN_XML,
        "the dashboard's exchange page",
    )
    .await
}

/// The name is visible as text and the script never ran.
async fn shown_not_run(client: &Client, text: &str, visible: &str, where_: &str) -> Result<()> {
    if !text.contains(visible) {
        let shown: String = text.chars().take(600).collect();
        return Err(format!("{where_} does not show the name as text: {shown}"));
    }
    let ran = client
        .execute("return window.procsimInjected === 1;", Vec::new())
        .await
        .map_err(|e| e.to_string())?;
    if ran != serde_json::Value::Bool(false) {
        return Err(format!("{where_} ran the script in the product name"));
    }
    Ok(())
}
