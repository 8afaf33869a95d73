//! Coupa's look: its Tera templates (the pages every buyer platform has,
//! the invoice inbox, admin setup, Open Buy search, the page for the
//! marketplace's subscribers) and its stylesheet, compiled into the
//! binary. Pages are rendered and refusals drawn by buyer-kit's platform
//! shell.

use buyer_kit::platform::Look;

/// Coupa's look, its templates compiled.
pub fn look() -> Result<Look, tera::Error> {
    let templates = buyer_kit::platform_templates!(
        crate::NAME;
        "invoices.html",
        "admin.html",
        "search.html",
        "from_marketplace.html",
    )?;
    Ok(Look::new(
        crate::NAME,
        include_str!("../static/coupa.css"),
        templates,
    ))
}
