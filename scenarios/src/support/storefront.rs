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
    let form = product
        .forms_with_button("Request approval")
        .into_iter()
        .find(|f| f.field("option") == Some(option))
        .ok_or_else(|| format!("{}: no Request approval for {option}", product.url))?;
    let page = browser.submit(&form).await?;
    page.expect_status(StatusCode::OK)?;
    Ok(page)
}
