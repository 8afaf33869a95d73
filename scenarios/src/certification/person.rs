//! The person of a `--cart manual` run against procsim's own marketplace:
//! told the StartPage by certify's prompt, they open it, request approval
//! for a SaaS upfront option and let the auto-submitting page post the
//! cart to certify's BrowserFormPost URL — the browser helpers every other
//! feature uses, over plain HTTP.

use reqwest::StatusCode;
use tokio::sync::mpsc::UnboundedReceiver;

use certify::CartPrompt;

use crate::support::{
    browser::{Browser, Result},
    catalog, storefront,
};

/// Shops once certify says where; gives the page certify's listener
/// answered the browser with.
pub async fn shop(
    mut prompts: UnboundedReceiver<CartPrompt>,
    marketplace: String,
) -> Result<String> {
    while let Some(prompt) = prompts.recv().await {
        match prompt {
            CartPrompt::Shop {
                start_page,
                browser_form_post,
                ..
            } => return shop_at(&marketplace, &start_page, &browser_form_post).await,
            CartPrompt::NoSession { reason } => {
                return Err(format!("certify opened no shopping session: {reason}"));
            }
            CartPrompt::TimedOut => return Err("certify stopped waiting for the cart".into()),
            CartPrompt::Waiting { .. } | CartPrompt::Arrived { .. } | CartPrompt::Step { .. } => {}
        }
    }
    Err("certify never said where to shop".into())
}

async fn shop_at(marketplace: &str, start_page: &str, browser_form_post: &str) -> Result<String> {
    let browser = Browser::new("the person certify waits for");
    let http = reqwest::Client::new();
    let pick = catalog::saas_upfront_at(&http, marketplace, |_| true, 1)
        .await?
        .into_iter()
        .next()
        .ok_or("the marketplace sells no SaaS upfront option")?;
    let opened = browser.get(start_page).await?;
    let storefront = browser.follow(&opened, StatusCode::SEE_OTHER).await?;
    storefront.expect_status(StatusCode::OK)?;
    let product = storefront::open_product(&browser, marketplace, &pick.listing_id).await?;
    let auto_page = storefront::request_approval(&browser, &product, &pick.option).await?;
    let (form, answered) = browser.submit_auto_form(&auto_page).await?;
    if form.action.as_str() != browser_form_post {
        return Err(format!(
            "the cart went to {}, not certify's {browser_form_post}",
            form.action
        ));
    }
    answered.expect_status(StatusCode::OK)?;
    Ok(answered.body)
}
