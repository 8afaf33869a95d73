//! F1 → F4 → F5 for Coupa, end to end, over HTTP only: Jane punches out
//! from Coupa, requests approval for a SaaS upfront contract, her browser
//! carries the cart back, the approval chain decides, Coupa sends the
//! OrderRequest, the marketplace creates the agreement and mails the
//! account, and every exchange is in the journals under one flow id.

use scenarios::support;

use reqwest::StatusCode;
use service_kit::journal::{Direction, Exchange};
use support::{
    browser::{Page, Result},
    catalog::{self, Pick},
    coupa::{CoupaUser, FIN, JANE, MIA, ReturnedCart},
    sim::{COUPA_ACCOUNT, COUPA_ACCOUNT_MAIL, COUPA_SECRET, Sim, test_config},
};

/// Coupa's seeded finance threshold: 5,000.00 USD, in cents.
const FINANCE_THRESHOLD_CENTS: i64 = 500_000;

#[tokio::test]
async fn below_the_threshold_the_managers_approval_creates_po_agreement_and_mail() -> Result<()> {
    let sim = Sim::start(test_config()).await?;
    let pick = catalog::saas_upfront_below(&sim, FINANCE_THRESHOLD_CENTS).await?;
    let jane = CoupaUser::sign_in(&sim, JANE).await?;
    let mia = CoupaUser::sign_in(&sim, MIA).await?;

    let cart = punch_out_and_return_cart(&sim, &jane, &pick).await?;
    let (requisition, submitted) = jane.submit_requisition(&cart.cart).await?;
    assert_eq!(steps(&submitted), ["manager: pending"]);
    let inbox = mia.approvals_inbox().await?;
    let to_decide = format!("/requisitions/{requisition}");
    assert!(
        inbox.links().iter().any(|(_, url)| url.path() == to_decide),
        "Mia's inbox lists the requisition: {:?}",
        inbox.links()
    );

    let decided = mia.approve(requisition).await?;
    assert_eq!(steps(&decided), [format!("manager: approved by {MIA}")]);
    let po_number = po_link(&decided)?;
    assert_eq!(po_number, "PO-000001");

    assert_subscribed(&sim, &jane, &cart, &pick, &po_number).await?;
    sim.stop().await
}

#[tokio::test]
async fn above_the_threshold_finance_approves_after_the_manager() -> Result<()> {
    let sim = Sim::start(test_config()).await?;
    let pick = catalog::saas_upfront_above(&sim, FINANCE_THRESHOLD_CENTS).await?;
    let jane = CoupaUser::sign_in(&sim, JANE).await?;
    let mia = CoupaUser::sign_in(&sim, MIA).await?;
    let fin = CoupaUser::sign_in(&sim, FIN).await?;

    let cart = punch_out_and_return_cart(&sim, &jane, &pick).await?;
    let (requisition, submitted) = jane.submit_requisition(&cart.cart).await?;
    assert_eq!(steps(&submitted), ["manager: pending", "finance: pending"]);

    let after_manager = mia.approve(requisition).await?;
    assert_eq!(
        steps(&after_manager),
        [
            format!("manager: approved by {MIA}"),
            "finance: pending".into()
        ]
    );
    assert!(po_link(&after_manager).is_err(), "no PO before finance");
    assert_eq!(
        sim.journal("coupa", None, Some("OrderRequest")).await?,
        [],
        "nothing is ordered before the chain completes"
    );
    assert_eq!(sim.agreements(COUPA_ACCOUNT).await?, []);

    let decided = fin.approve(requisition).await?;
    assert_eq!(
        steps(&decided),
        [
            format!("manager: approved by {MIA}"),
            format!("finance: approved by {FIN}")
        ]
    );
    let po_number = po_link(&decided)?;
    assert_eq!(po_number, "PO-000001");
    assert_subscribed(&sim, &jane, &cart, &pick, &po_number).await?;
    sim.stop().await
}

/// F1: the punchout, the product, "Request approval" and the cart carried
/// back by the browser, with the cart page checked against the pick.
async fn punch_out_and_return_cart(
    sim: &Sim,
    jane: &CoupaUser,
    pick: &Pick,
) -> Result<ReturnedCart> {
    let punchout = jane.punch_out().await?;
    assert!(
        punchout.start_page.path().starts_with("/punchout/start/"),
        "{}",
        punchout.start_page
    );
    assert_eq!(punchout.storefront.url.path(), "/");
    let again = jane.browser.get(punchout.start_page.as_str()).await?;
    assert_eq!(again.status, StatusCode::GONE, "a StartPage works once");

    let product = jane.open_product(&pick.listing_id).await?;
    assert_eq!(product.heading().as_deref(), Some(pick.name.as_str()));
    let auto = jane.request_approval(&product, &pick.option).await?;
    let cart = jane.return_cart(&auto).await?;
    assert_eq!(
        cart.form.action.as_str(),
        format!("{}/punchout/return", sim.url("coupa")),
        "the cart goes to Coupa's BrowserFormPost URL"
    );
    let names: Vec<&str> = cart.form.fields.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["cxml-base64"], "base64 is the default encoding");
    assert_eq!(cart.cart.url.path(), "/cart");

    let rows = cart.cart.table_rows("table");
    let [row] = rows.as_slice() else {
        return Err(format!("one cart line expected: {rows:?}"));
    };
    // As Coupa's cart shows amounts: thousands grouped.
    let money = format!(
        "{} {}",
        service_kit::look::group_thousands(&pick.amount),
        pick.currency
    );
    assert!(
        row[1].starts_with(&pick.name),
        "description {:?} names {:?}",
        row[1],
        pick.name
    );
    assert_eq!(
        row[2..],
        [
            format!("{} {}", pick.listing_id, pick.option),
            "Service".into(),
            "81162000".into(),
            "1".into(),
            "EA".into(),
            money.clone(),
            money
        ],
        "SPEC section 3: one non-usage charge is a Service line at the full amount"
    );
    Ok(cart)
}

/// F5 and the journals: the PO page shows the supplier's 200, the
/// marketplace holds the agreement with the PO number, the account got
/// its mail, and the merged journal tells the whole flow.
async fn assert_subscribed(
    sim: &Sim,
    jane: &CoupaUser,
    cart: &ReturnedCart,
    pick: &Pick,
    po_number: &str,
) -> Result<()> {
    let order = jane.order_page(po_number).await?;
    assert_eq!(order.heading(), Some(format!("Purchase order {po_number}")));
    assert_eq!(order.definition("HTTP status").as_deref(), Some("200"));
    assert_eq!(order.definition("cXML status").as_deref(), Some("200 OK"));

    let agreements = sim.agreements(COUPA_ACCOUNT).await?;
    let [agreement] = agreements.as_slice() else {
        return Err(format!("one agreement expected: {agreements:?}"));
    };
    assert_eq!(agreement.po_number, po_number);
    assert_eq!(agreement.listing_id, pick.listing_id);
    assert_eq!(agreement.option_id, pick.option);
    assert_eq!(
        (&*agreement.amount, &*agreement.currency),
        (&*pick.amount, "USD")
    );
    assert_eq!(agreement.flow_id.as_deref(), Some(cart.flow()));
    // A punchout from the buyer's own button: its BuyerCookie is its flow.
    assert_eq!(cart.flow(), cart.message.buyer_cookie);

    let mail = sim.wait_for_mail(COUPA_ACCOUNT_MAIL, "was created").await?;
    assert!(mail.subject.contains(po_number), "{}", mail.subject);
    let body = sim.mail_message(&mail.id).await?;
    assert!(
        body.text.contains(&format!("PO number: {po_number}")),
        "{}",
        body.text
    );
    assert_eq!(sim.mail().await?.len(), 1, "one mail");

    assert_flow_journal(sim, cart.flow()).await
}

/// Service, direction, document type, peer, HTTP and cXML status.
type JournalRow<'a> = (
    &'a str,
    Direction,
    &'a str,
    &'a str,
    Option<u16>,
    Option<u16>,
);

async fn assert_flow_journal(sim: &Sim, flow: &str) -> Result<()> {
    // The upfront invoice (F6) goes out after the order; a run of the
    // marketplace's schedule answers once it has been delivered.
    sim.run_marketplace_schedule().await?;
    let merged = sim.merged_journal(flow).await?;
    let seen: Vec<JournalRow<'_>> = merged
        .iter()
        .map(|e| {
            (
                e.service.as_str(),
                e.direction,
                e.document_type.as_deref().unwrap_or(""),
                peer_kind(sim, e),
                e.http_status,
                e.cxml_status,
            )
        })
        .collect();
    let ok = (Some(200), Some(200));
    let mut expected = vec![
        (
            "coupa",
            Direction::Outbound,
            "PunchOutSetupRequest",
            "marketplace",
            ok,
        ),
        (
            "marketplace",
            Direction::Inbound,
            "PunchOutSetupRequest",
            "coupa",
            ok,
        ),
        (
            "marketplace",
            Direction::Outbound,
            "PunchOutOrderMessage",
            "browser",
            (None, None),
        ),
        (
            "coupa",
            Direction::Inbound,
            "PunchOutOrderMessage",
            "browser",
            (None, None),
        ),
        (
            "coupa",
            Direction::Outbound,
            "OrderRequest",
            "marketplace",
            ok,
        ),
        (
            "marketplace",
            Direction::Inbound,
            "OrderRequest",
            "coupa",
            ok,
        ),
        (
            "marketplace",
            Direction::Outbound,
            "InvoiceDetailRequest",
            "coupa",
            ok,
        ),
        (
            "coupa",
            Direction::Inbound,
            "InvoiceDetailRequest",
            "marketplace",
            ok,
        ),
    ]
    .into_iter()
    .map(|(s, d, t, p, (h, c))| (s, d, t, p, h, c))
    .collect::<Vec<_>>();
    let mut seen_sorted = seen.clone();
    // The merged journal is in the order things happened, across services
    // (the simulated clock stands still during the purchase): both sides of
    // the setup, then the cart, then the order, then the upfront invoice.
    // Within a pair the receiver records before the sender, who records
    // once the answer is back.
    let merged_types: Vec<_> = seen.iter().map(|e| e.2).collect();
    assert_eq!(
        merged_types,
        [
            "PunchOutSetupRequest",
            "PunchOutSetupRequest",
            "PunchOutOrderMessage",
            "PunchOutOrderMessage",
            "OrderRequest",
            "OrderRequest",
            "InvoiceDetailRequest",
            "InvoiceDetailRequest"
        ],
        "the merged journal tells the flow in order: {seen:?}"
    );
    seen_sorted.sort_by_key(|e| format!("{e:?}"));
    expected.sort_by_key(|e| format!("{e:?}"));
    assert_eq!(seen_sorted, expected, "the flow's exchanges: {seen:?}");
    for service in ["coupa", "marketplace"] {
        let mut own: Vec<&Exchange> = merged.iter().filter(|e| e.service == service).collect();
        own.sort_by_key(|e| e.id);
        let order: Vec<_> = own
            .iter()
            .filter_map(|e| e.document_type.as_deref())
            .collect();
        assert_eq!(
            order,
            [
                "PunchOutSetupRequest",
                "PunchOutOrderMessage",
                "OrderRequest",
                "InvoiceDetailRequest"
            ],
            "{service} recorded the documents in the order they happened"
        );
    }

    for exchange in &merged {
        let detail = sim.detail_of(exchange).await?;
        for text in [Some(&detail.raw), detail.response_raw.as_ref()]
            .into_iter()
            .flatten()
        {
            assert!(
                !text.contains(COUPA_SECRET),
                "{} {} #{} shows the secret",
                exchange.service,
                exchange.document_type.as_deref().unwrap_or("?"),
                exchange.id
            );
        }
        if exchange.document_type.as_deref() != Some("PunchOutOrderMessage") {
            assert!(
                detail.raw.contains("<SharedSecret>***</SharedSecret>"),
                "{} #{}: the credential is kept, masked",
                exchange.service,
                exchange.id
            );
        }
    }
    Ok(())
}

/// Which party the journal names as the peer: the browser, the other's
/// cXML URL (Coupa posts orders to the marketplace's, the marketplace
/// invoices to Coupa's), or a loopback client (the receiver's view).
fn peer_kind(sim: &Sim, exchange: &Exchange) -> &'static str {
    let marketplace_cxml = format!("{}/cxml", sim.url("marketplace"));
    let coupa_cxml = format!("{}/cxml", sim.url("coupa"));
    match (exchange.service.as_str(), exchange.peer.as_str()) {
        (_, "browser") => "browser",
        ("coupa", peer) if peer == marketplace_cxml => "marketplace",
        ("marketplace", peer) if peer == coupa_cxml => "coupa",
        ("marketplace", peer) if peer.starts_with("127.0.0.1:") => "coupa",
        ("coupa", peer) if peer.starts_with("127.0.0.1:") => "marketplace",
        _ => "unexpected peer",
    }
}

/// The approval chain as the requisition page shows it, without times.
fn steps(page: &Page) -> Vec<String> {
    page.text_of("ol.chain li")
        .into_iter()
        .map(|step| match step.split_once(" at ") {
            Some((before, _)) => before.to_owned(),
            None => step,
        })
        .collect()
}

/// The purchase order linked from a requisition page.
fn po_link(page: &Page) -> Result<String> {
    page.links()
        .into_iter()
        .find(|(_, url)| url.path().starts_with("/orders/"))
        .map(|(text, _)| text)
        .ok_or_else(|| format!("{}: no purchase order link", page.url))
}
