//! What a requester does in the marketplace's storefront during a
//! punchout: find the product by name, open it, request approval on one
//! of its options. The page then posts the cart back by itself.

use fantoccini::Client;
use scenarios::support::catalog::Pick;

use crate::driver::{Result, click, document, expect_heading, find, type_into};

/// Requests approval on `pick` from the storefront of the punchout session
/// the browser is in; the search results are the docs' `storefront`
/// picture when pictures are asked for.
pub async fn request_approval(client: &Client, pick: &Pick) -> Result<()> {
    // Coupa's own page has a search form too (Open Buy): type only once
    // the storefront shows the punchout session.
    find(client, "section.punchout").await?;
    type_into(client, "form.search input[name=q]", &pick.name).await?;
    click(client, "form.search button").await?;
    find(client, "ul.listings li.card").await?;
    document(client, "storefront").await?;
    click(client, &format!("a[href='/products/{}']", pick.listing_id)).await?;
    expect_heading(client, &pick.name).await?;
    click(
        client,
        &format!(
            "form:has(input[name=option][value='{}']) button",
            pick.option
        ),
    )
    .await
}
