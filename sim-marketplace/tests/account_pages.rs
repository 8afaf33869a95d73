//! An account's agreements and invoices pages over a real socket, as a
//! person reads them: times written for people (never an RFC 3339 instant
//! with nanoseconds), and an invoices intro that is true whether the
//! account buys through a procurement integration or with purchase-order
//! management.

mod support;

use support::*;

const JANE: &str = "procsim_user=jane@acme.test";

async fn page(market: &Running, path: &str) -> String {
    let reply = no_redirects()
        .get(format!("{}{path}", market.url))
        .header("cookie", JANE)
        .send()
        .await
        .expect("the marketplace answers the GET");
    assert_eq!(reply.status(), 200);
    reply
        .text()
        .await
        .expect("the marketplace's page has a text body")
}

/// The page's table body.
fn rows(html: &str) -> &str {
    let start = html.find("<tbody>").expect("the page has a table body");
    &html[start
        ..start
            + html[start..]
                .find("</tbody>")
                .expect("the table body is closed")]
}

/// Whether `text` shows a machine instant such as `2026-03-01T12:00:00Z`
/// outside an attribute: a digit, `T`, a digit, outside `datetime="…"`.
fn shows_machine_time(text: &str) -> bool {
    let shown: String =
        text.split("datetime=\"")
            .enumerate()
            .fold(String::new(), |mut shown, (n, part)| {
                let visible = if n == 0 {
                    part
                } else {
                    part.split_once('"').map_or("", |(_, rest)| rest)
                };
                shown.push_str(visible);
                shown
            });
    shown
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b'T' && w[2].is_ascii_digit())
}

#[tokio::test]
async fn agreements_and_invoices_show_times_for_people() {
    let market = start().await;
    let (listing, key) = market.saas_upfront();
    let cart = market.punchout_cart(&listing.id.to_string(), &key).await;
    let order = order_request(COUPA_SECRET, "PO-77", &cart.item_in);
    assert_eq!(status(&market.post_cxml(&order).await).code, "200");
    market.run_schedule().await;

    let agreements = page(&market, "/accounts/acct-coupa-001/agreements").await;
    let listed = rows(&agreements);
    assert!(listed.contains("PO-77"), "{listed}");
    // The order that made it, as the buyer's system names it.
    let payload_id = &order.payload_id;
    assert!(
        listed.contains(&format!("<code class=\"order-id\">{payload_id}</code>")),
        "{listed}"
    );
    assert!(!shows_machine_time(listed), "{listed}");
    assert!(listed.contains(" UTC</time>"), "{listed}");

    let invoices = page(&market, "/accounts/acct-coupa-001/invoices").await;
    let listed = rows(&invoices);
    assert!(listed.contains("PO-77"), "{listed}");
    assert!(!shows_machine_time(listed), "{listed}");
    assert!(listed.contains(" UTC</time>"), "{listed}");
}

/// With purchase-order management the row carries a PO number and is the
/// marketplace's own invoice: the intro must not say PO charges always go
/// to the buyer's system.
#[tokio::test]
async fn the_invoices_intro_holds_with_po_management_and_with_an_integration() {
    let market = start().await;
    let html = page(&market, "/accounts/acct-coupa-001/invoices").await;
    let intro = &html[html.find("<p>").unwrap()..];
    let intro = &intro[..intro.find("</p>").unwrap()];
    assert!(
        !intro.contains("Charges against a purchase order go to"),
        "{intro}"
    );
    assert!(intro.contains("With a procurement integration"), "{intro}");
    assert!(
        intro.contains("With purchase-order management")
            && intro.contains("appears on the marketplace's own invoice"),
        "{intro}"
    );
}

#[test]
fn a_machine_time_is_told_from_a_human_one() {
    assert!(shows_machine_time("<td>2026-12-07T01:13:18.20904591Z</td>"));
    assert!(!shows_machine_time(
        r#"<td><time datetime="2026-12-07T01:13:18Z">Mon 7 Dec 2026, 01:13:18 UTC</time></td>"#
    ));
}
