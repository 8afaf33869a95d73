//! CERT-SETUP-006 and 007: `edit` and `inspect` of the returned cart, its
//! lines sent back as ItemOut (aux ids kept, buyer-kit's `to_item_out`),
//! each with a fresh BuyerCookie as the platforms open them; answered 200
//! with an absolute StartPage. The cart's `operationAllowed` is honoured:
//! a cart that allows less is not re-opened. CERT-SETUP-009 opens the
//! edit's StartPage and looks for the cart's lines on it: a supplier that
//! answers `edit` like `create` passes 006 and fails 009. CERT-SETUP-010
//! opens the inspect's StartPage and looks for the lines and for controls
//! that could change them (`page_controls`). Each page is journaled as
//! served (`start_page`), or, when the run has a browser (`--cart
//! script`), as Chromium rendered it once its scripts ran; the check's
//! evidence links to it.

use buyer_kit::{BuyerCookie, Cart, CartLine, profile::Operation};

use crate::cart::browser::Browser;
use cxml::doc::{OperationAllowed, PunchOutOperation};

use super::{
    page_controls::editable_controls,
    setup::{evidence_of, no_cxml, start_page_of},
    start_page,
};
use crate::{
    buyer::{SetupSession, VirtualBuyer},
    catalogue::CheckId,
    report::{CheckResult, Evidence},
};

pub(super) async fn both(
    buyer: &VirtualBuyer,
    cart: &Result<Cart, String>,
    return_url: &str,
    browser: Option<&Browser>,
) -> Vec<CheckResult> {
    let (edit, edit_page) =
        reopen(buyer, cart, return_url, CheckId::Setup006, Operation::Edit).await;
    let shown = match (&edit_page, cart) {
        (Some(url), Ok(cart)) => shows_the_cart(buyer, &cart.lines, url, browser).await,
        _ => CheckResult::skipped(
            CheckId::Setup009,
            format!(
                "no edit StartPage to look at (see CERT-SETUP-006: {})",
                edit.evidence.detail
            ),
        ),
    };
    let (inspect, inspect_page) = reopen(
        buyer,
        cart,
        return_url,
        CheckId::Setup007,
        Operation::Inspect,
    )
    .await;
    let read_only = match (&inspect_page, cart) {
        (Some(url), Ok(cart)) => shows_it_read_only(buyer, &cart.lines, url, browser).await,
        _ => CheckResult::skipped(
            CheckId::Setup010,
            format!(
                "no inspect StartPage to look at (see CERT-SETUP-007: {})",
                inspect.evidence.detail
            ),
        ),
    };
    vec![edit, shown, inspect, read_only]
}

async fn reopen(
    buyer: &VirtualBuyer,
    cart: &Result<Cart, String>,
    return_url: &str,
    id: CheckId,
    operation: Operation,
) -> (CheckResult, Option<String>) {
    let (name, wire) = match operation {
        Operation::Inspect => ("inspect", PunchOutOperation::Inspect),
        _ => ("edit", PunchOutOperation::Edit),
    };
    if !buyer.profile().setup.uses(operation) {
        return (
            CheckResult::skipped(
                id,
                format!("the {} profile does not use {name}", buyer.profile().name),
            ),
            None,
        );
    }
    let cart = match cart {
        Ok(cart) if !cart.is_empty() => cart,
        Ok(_) => {
            return (
                CheckResult::skipped(id, format!("the cart came back empty: nothing to {name}")),
                None,
            );
        }
        Err(why) => {
            return (
                CheckResult::skipped(id, format!("no cart to {name}: {why}")),
                None,
            );
        }
    };
    let allowed = matches!(
        (operation, cart.operation_allowed),
        (_, OperationAllowed::Edit) | (Operation::Inspect, OperationAllowed::Inspect)
    );
    if !allowed {
        return (
            CheckResult::skipped(
                id,
                format!(
                    "the cart's operationAllowed is {:?}, which does not permit {name}",
                    cart.operation_allowed
                ),
            ),
            None,
        );
    }
    let doc = buyer.setup_document(
        &buyer.identities(),
        SetupSession {
            operation: wire,
            cookie: &BuyerCookie::generate(),
            return_url,
            items: &cart.lines,
        },
    );
    let exchange = match buyer.post(&doc).await {
        Ok(exchange) => exchange,
        Err(err) => {
            return (
                CheckResult::skipped(id, format!("procsim could not write the {name}: {err}")),
                None,
            );
        }
    };
    let lines = cart.lines.len();
    match (exchange.cxml_code(), start_page_of(&exchange)) {
        (Some(200), Some(url)) => (
            CheckResult::pass(
                id,
                evidence_of(
                    &exchange,
                    format!("{name} with {lines} ItemOut answered 200, StartPage {url}"),
                ),
            ),
            Some(url),
        ),
        (Some(200), None) => (
            CheckResult::fail(
                id,
                evidence_of(
                    &exchange,
                    format!("{name} answered 200 without an absolute StartPage URL"),
                ),
            ),
            None,
        ),
        _ => (
            CheckResult::fail(
                id,
                evidence_of(
                    &exchange,
                    format!(
                        "{name} with {lines} ItemOut refused: {}",
                        no_cxml(&exchange)
                    ),
                ),
            ),
            None,
        ),
    }
}

/// CERT-SETUP-009: the page the edit's StartPage opens names every line
/// of the cart, by SupplierPartID, SupplierPartAuxiliaryID or the start
/// of its description (as text: the page's character references read).
async fn shows_the_cart(
    buyer: &VirtualBuyer,
    lines: &[CartLine],
    url: &str,
    browser: Option<&Browser>,
) -> CheckResult {
    let id = CheckId::Setup009;
    let (page, mut evidence) = match open(buyer, url, "edit", browser).await {
        Ok(opened) => opened,
        Err(evidence) => return CheckResult::fail(id, evidence),
    };
    let missing = missing_lines(lines, &page);
    if missing.is_empty() {
        evidence.detail = format!(
            "the edit StartPage shows all {} line(s) of the cart{}",
            lines.len(),
            as_seen(browser)
        );
        CheckResult::pass(id, evidence)
    } else {
        evidence.detail = format!(
            "the edit StartPage shows {} of the cart's {} line(s){}; not found by part id, aux id or description: {}",
            lines.len() - missing.len(),
            lines.len(),
            as_seen(browser),
            missing.join(", ")
        );
        CheckResult::fail(id, evidence)
    }
}

/// CERT-SETUP-010: the page the inspect's StartPage opens names every
/// line of the cart (as CERT-SETUP-009 looks for them) and offers no
/// control to change them.
async fn shows_it_read_only(
    buyer: &VirtualBuyer,
    lines: &[CartLine],
    url: &str,
    browser: Option<&Browser>,
) -> CheckResult {
    let id = CheckId::Setup010;
    let (page, mut evidence) = match open(buyer, url, "inspect", browser).await {
        Ok(opened) => opened,
        Err(evidence) => return CheckResult::fail(id, evidence),
    };
    let missing = missing_lines(lines, &page);
    let controls = editable_controls(&page);
    let mut faults = Vec::new();
    if !missing.is_empty() {
        faults.push(format!(
            "shows {} of the cart's {} line(s) (not found: {})",
            lines.len() - missing.len(),
            lines.len(),
            missing.join(", ")
        ));
    }
    if !controls.is_empty() {
        let listed: Vec<String> = controls.iter().take(5).map(ToString::to_string).collect();
        faults.push(format!(
            "offers {} control(s) a person could change the cart with: {}{}",
            controls.len(),
            listed.join(", "),
            if controls.len() > listed.len() {
                ", …"
            } else {
                ""
            }
        ));
    }
    if faults.is_empty() {
        evidence.detail = format!(
            "the inspect StartPage shows all {} line(s) of the cart and no field to change them{}",
            lines.len(),
            as_seen(browser)
        );
        CheckResult::pass(id, evidence)
    } else {
        evidence.detail = format!(
            "the inspect StartPage {}{}",
            faults.join("; and "),
            as_seen(browser)
        );
        CheckResult::fail(id, evidence)
    }
}

/// Where a page's lines were looked for, for the evidence.
fn as_seen(browser: Option<&Browser>) -> &'static str {
    match browser {
        Some(_) => " (as Chromium rendered it, its scripts run)",
        None => {
            " (in the HTML as served; lines drawn by script alone are not seen without --cart script)"
        }
    }
}

/// Opens (and journals) a re-opened cart's StartPage: its HTML and the
/// evidence so far, or why it could not be looked at. With a browser
/// (`--cart script`) the page is opened in Chromium and read as rendered,
/// so a cart drawn by script is seen as a person sees it.
async fn open(
    buyer: &VirtualBuyer,
    url: &str,
    operation: &str,
    browser: Option<&Browser>,
) -> Result<(String, Evidence), Evidence> {
    let opened = match browser {
        Some(browser) => start_page::render(buyer, url, browser).await,
        None => start_page::open(buyer, url).await,
    };
    match opened.status {
        Ok(200) => {
            let evidence = opened.evidence("");
            Ok((opened.page, evidence))
        }
        Ok(status) => Err(opened.evidence(format!(
            "the {operation} StartPage {url} answered HTTP {status}"
        ))),
        Err(ref why) => Err(opened.evidence(format!("GET {url}: {why}"))),
    }
}

/// The lines of `lines` that `page` does not name, as `part / aux`.
fn missing_lines(lines: &[CartLine], page: &str) -> Vec<String> {
    let text = page_text(page);
    lines
        .iter()
        .filter(|line| {
            !marks_of(line)
                .iter()
                .any(|mark| text.contains(mark.as_str()))
        })
        .map(|line| {
            format!(
                "{} / {}",
                line.supplier_part_id(),
                line.supplier_part_auxiliary_id().unwrap_or("-")
            )
        })
        .collect()
}

/// What names a line on a page: its part id, its aux id, the first 24
/// characters of its description.
fn marks_of(line: &CartLine) -> Vec<String> {
    let mut marks = vec![line.supplier_part_id().to_owned()];
    marks.extend(
        line.supplier_part_auxiliary_id()
            .filter(|aux| !aux.trim().is_empty())
            .map(str::to_owned),
    );
    let description: String = line.description().trim().chars().take(24).collect();
    if !description.is_empty() {
        marks.push(description);
    }
    marks
}

/// `html` with the five predefined and numeric character references read,
/// so a description with `&` or an apostrophe is found as written.
fn page_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('&') {
        text.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest[..rest.len().min(12)].find(';') else {
            text.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let read = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                .and_then(char::from_u32),
        };
        match read {
            Some(c) => {
                text.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                text.push('&');
                rest = &rest[1..];
            }
        }
    }
    text.push_str(rest);
    text
}

#[cfg(test)]
mod tests {
    use super::page_text;

    #[test]
    fn character_references_are_read() {
        assert_eq!(
            page_text("Tom&#x27;s &amp; Jerry&#39;s &lt;Suite&gt; &bogus; & more"),
            "Tom's & Jerry's <Suite> &bogus; & more"
        );
    }
}
