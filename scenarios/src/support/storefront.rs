//! The marketplace's storefront inside a punchout session, whichever buyer
//! system the person came from: a product page and its "Request approval".

use reqwest::StatusCode;

use super::browser::{Browser, Page, Result};

/// Opens a product page in the punchout session.
pub async fn open_product(browser: &Browser, marketplace: &str, listing_id: &str) -> Result<Page> {
    let page = browser
        .get(&format!("{marketplace}/products/{listing_id}"))
        .await?;
    page.expect_status(StatusCode::OK)?;
    Ok(page)
}

/// Presses "Request approval" for `option` on a product page: the answer
/// is the marketplace's auto-submitting page.
pub async fn request_approval(browser: &Browser, product: &Page, option: &str) -> Result<Page> {
    press(browser, product, option, "Request approval").await
}

/// Presses "Subscribe at once", which a punchout's product page shows
/// instead of "Request approval" when the connection pre-approves it.
pub async fn subscribe_at_once(browser: &Browser, product: &Page, option: &str) -> Result<Page> {
    press(browser, product, option, "Subscribe at once").await
}

async fn press(browser: &Browser, product: &Page, option: &str, button: &str) -> Result<Page> {
    let form = product
        .forms_with_button(button)
        .into_iter()
        .find(|f| f.field("option") == Some(option))
        .ok_or_else(|| format!("{}: no {button} for {option}", product.url))?;
    let page = browser.submit(&form).await?;
    page.expect_status(StatusCode::OK)?;
    Ok(page)
}

/// Checks that `browser` has no punchout session at the marketplace: a
/// "Request approval" sent anyway is refused with 403.
pub async fn expect_no_session(browser: &Browser, marketplace: &str) -> Result<()> {
    let crafted = browser
        .post_form(
            &format!("{marketplace}/punchout/request-approval"),
            &[
                ("listing".into(), "x".into()),
                ("option".into(), "y".into()),
            ],
        )
        .await?;
    crafted.expect_status(StatusCode::FORBIDDEN)?;
    if crafted.heading().as_deref() != Some("No punchout session") {
        return Err(format!("the marketplace says {:?}", crafted.heading()));
    }
    Ok(())
}
