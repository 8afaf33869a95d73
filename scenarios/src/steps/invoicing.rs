//! F6-F9, F15: what the marketplace invoices and when, and what Coupa's
//! invoice inbox makes of it. Purchases are made through the punchout as
//! Jane makes them; invoices are read from the marketplace's JSON API and
//! journal, Coupa's inbox and PO pages as a person reads them, and
//! partners' deliveries are posted to Coupa's `/cxml`.

use cucumber::{given, then, when};
use cxml::{CXml, doc::InvoiceDetailRequest, envelope::RequestBody};
use service_kit::journal::{Direction, Exchange};

use crate::{
    World,
    steps::approval::po_link,
    support::{
        billing::{coupa_inbox, invoiced_of_ordered, ordinal},
        browser::Result,
        catalog::{Pick, cents},
        coupa::buy,
        sim::{COUPA_ACCOUNT, COUPA_SECRET, with_secret},
    },
    world::{FINANCE_THRESHOLD_CENTS, email_of},
};

/// The Coupa user who reads the invoice inbox (finance pays invoices).
const AP_CLERK: &str = "finance";

/// `name` buys `pick` through the punchout; the manager approves, and
/// finance too when the amount needs it. The marketplace must accept the PO.
async fn buy_approved(world: &mut World, name: &str, pick: Pick) -> Result<()> {
    world.user("the manager").await?;
    world.user("finance").await?;
    world.user(name).await?;
    let mut approvers = vec![world.signed("the manager")?];
    if pick.cents() >= FINANCE_THRESHOLD_CENTS {
        approvers.push(world.signed("finance")?);
    }
    let purchase = buy(world.signed(name)?, &approvers, &pick).await?;
    if purchase.po_outcome != "accepted" {
        return Err(format!(
            "the supplier took the order: {}",
            purchase.po_outcome
        ));
    }
    world.requester = Some(email_of(name)?);
    world.pick = Some(pick);
    world.requisition = Some(purchase.requisition);
    world.requisition_page = Some(purchase.decided);
    world.cart = Some(purchase.cart);
    Ok(())
}

#[given(expr = "Coupa user {word} has bought her account's FPS private offer, approved")]
async fn bought_fps(world: &mut World, name: String) -> Result<()> {
    let sim = world.sim()?;
    let offer = sim.fps_offer(COUPA_ACCOUNT).await?;
    let pick = sim.offer_pick(&offer).await?;
    world.fps_offer = Some(offer);
    buy_approved(world, &name, pick).await
}

#[given(
    regex = r"^Coupa user (\w+) has bought a pay-as-you-go product( with a free trial)?, approved$"
)]
async fn bought_payg(world: &mut World, name: String, trial: String) -> Result<()> {
    let pick = world
        .sim()?
        .listing_priced("payg", !trial.is_empty(), "payg", "10000.00")
        .await?;
    buy_approved(world, &name, pick).await
}

#[given(expr = "Coupa user {word} has bought a free product, approved")]
async fn bought_free(world: &mut World, name: String) -> Result<()> {
    let pick = world
        .sim()?
        .listing_priced("free", false, "free", "0.00")
        .await?;
    buy_approved(world, &name, pick).await
}

#[given("the account admin puts the Coupa connection in test mode")]
async fn test_mode(world: &mut World) -> Result<()> {
    let sim = world.sim()?;
    let (_, mut settings) = sim.integration(crate::support::coupa::ADMIN).await?;
    let shown = settings.to_string();
    let flag = settings
        .pointer_mut("/connections/0/test_mode")
        .ok_or_else(|| format!("no test_mode setting in {shown}"))?;
    *flag = serde_json::Value::Bool(true);
    let (status, body) = sim
        .put_integration(crate::support::coupa::ADMIN, &settings)
        .await?;
    if !status.is_success() {
        return Err(format!("turning test mode on: {status}: {body}"));
    }
    Ok(())
}

#[when("the marketplace runs its due billing")]
async fn runs_billing(world: &mut World) -> Result<()> {
    world.sim()?.run_marketplace_schedule().await?;
    Ok(())
}

/// The PO number Coupa issued for the purchase.
fn po_number(world: &World) -> Result<String> {
    po_link(world.requisition_page()?)
}

/// Every InvoiceDetailRequest the marketplace sent, oldest first.
async fn sent_invoices(world: &World) -> Result<Vec<Exchange>> {
    let sent = world
        .sim()?
        .journal("marketplace", None, Some("InvoiceDetailRequest"))
        .await?;
    Ok(sent
        .into_iter()
        .filter(|e| e.direction == Direction::Outbound)
        .rev()
        .collect())
}

fn invoice_of(doc: &CXml) -> Result<&InvoiceDetailRequest> {
    match doc.request.as_ref().map(|r| &r.body) {
        Some(RequestBody::InvoiceDetailRequest(invoice)) => Ok(invoice),
        _ => Err("not an InvoiceDetailRequest".into()),
    }
}

/// The PO reference (Coupa's convention) and amount due of an invoice.
fn po_and_amount(raw: &str) -> Result<(String, String)> {
    let doc = cxml::read::read(raw.as_bytes())
        .map_err(|e| e.to_string())?
        .doc;
    let invoice = invoice_of(&doc)?;
    let po = invoice
        .invoice_detail_order
        .first()
        .and_then(|o| o.order_info.order_reference.as_ref())
        .map(|r| r.document_reference.payload_id.clone())
        .ok_or("the invoice has no OrderReference/DocumentReference")?;
    let due = invoice
        .summary
        .due_amount
        .as_ref()
        .ok_or("the invoice has no DueAmount")?
        .value()
        .map_err(|e| e.to_string())?;
    Ok((po, due.to_string()))
}

/// The marketplace issued the invoice for `period` (`contract`,
/// `installment-2`) for `amount` USD and sent it against the PO, under the
/// purchase's flow, and Coupa answered 200.
async fn sent_for(world: &World, period: &str, amount: &str) -> Result<()> {
    let po = po_number(world)?;
    let flow = world.cart()?.flow().to_owned();
    let invoices = world.sim()?.invoices(Some(world.account)).await?;
    let invoice = invoices
        .iter()
        .find(|i| i.period == period)
        .ok_or_else(|| format!("no invoice for {period}: {invoices:?}"))?;
    let state = (invoice.channel.as_str(), invoice.state.as_str());
    if state != ("cxml", "delivered") {
        return Err(format!("the {period} invoice is {state:?}: {invoice:?}"));
    }
    let sent = sent_invoices(world).await?;
    let exchange = sent
        .iter()
        .find(|e| e.payload_id == invoice.payload_id)
        .ok_or_else(|| format!("{} was not journaled as sent", invoice.number))?;
    let wanted = (po, format!("{amount} USD"));
    let seen = po_and_amount(&world.sim()?.raw_of(exchange).await?)?;
    if seen != wanted {
        return Err(format!(
            "the {period} invoice is for {seen:?}, not {wanted:?}"
        ));
    }
    let seen = (exchange.flow_id.as_deref(), exchange.cxml_status);
    if seen != (Some(flow.as_str()), Some(200)) {
        return Err(format!("the invoice went under flow/status {seen:?}"));
    }
    Ok(())
}

#[then("the marketplace sends an invoice for the contract amount referencing the PO")]
async fn sends_contract_invoice(world: &mut World) -> Result<()> {
    let amount = world.pick()?.amount.clone();
    sent_for(world, "contract", &amount).await
}

#[then(expr = "the marketplace sends an invoice for the {word} installment referencing the PO")]
async fn sends_installment_invoice(world: &mut World, nth: String) -> Result<()> {
    let offer = world
        .fps_offer
        .as_ref()
        .ok_or("no private offer was bought")?;
    let n = ordinal(&nth)?;
    let amount = offer.installment(n)?.amount.amount.clone();
    sent_for(world, &format!("installment-{n}"), &amount).await
}

#[then(expr = "Coupa's invoice inbox shows the invoice matched to {word}")]
async fn inbox_matched(world: &mut World, po: String) -> Result<()> {
    let rows = coupa_inbox(world.user(AP_CLERK).await?).await?;
    let matched = format!("Matched to {po}");
    if !rows
        .iter()
        .any(|r| r.po_number == po && r.matching == matched)
    {
        return Err(format!("no invoice matched to {po} in the inbox: {rows:?}"));
    }
    Ok(())
}

#[then(expr = "Coupa's invoice inbox holds {int} invoice(s)")]
async fn inbox_holds(world: &mut World, count: usize) -> Result<()> {
    let rows = coupa_inbox(world.user(AP_CLERK).await?).await?;
    if rows.len() != count {
        return Err(format!("the inbox holds {}: {rows:?}", rows.len()));
    }
    Ok(())
}

#[then(expr = "Coupa's invoice inbox shows the invoice for {word} flagged: {string}")]
async fn inbox_flagged(world: &mut World, po: String, reason: String) -> Result<()> {
    let rows = coupa_inbox(world.user(AP_CLERK).await?).await?;
    let flagged = rows.iter().any(|r| {
        r.po_number == po && r.matching.starts_with("Flagged:") && r.matching.contains(&reason)
    });
    if !flagged {
        return Err(format!("no invoice for {po} flagged {reason:?}: {rows:?}"));
    }
    Ok(())
}

/// `1500000` cents → `"15,000.00 USD"`, as Coupa's pages write amounts.
fn usd(cents_total: i64) -> String {
    let amount = format!("{}.{:02}", cents_total / 100, cents_total % 100);
    format!("{} USD", service_kit::look::group_thousands(&amount))
}

async fn shows_invoiced(world: &mut World, invoiced: i64, ordered: i64) -> Result<()> {
    let po = po_number(world)?;
    let said = invoiced_of_ordered(world.user(AP_CLERK).await?, &po).await?;
    let expected = format!("{} invoiced of {} ordered", usd(invoiced), usd(ordered));
    if said != expected {
        return Err(format!("{po}'s page says {said:?}, not {expected:?}"));
    }
    Ok(())
}

#[then("Coupa shows the contract amount invoiced of the contract amount ordered")]
async fn contract_invoiced(world: &mut World) -> Result<()> {
    let amount = world.pick()?.cents();
    shows_invoiced(world, amount, amount).await
}

#[then(expr = "Coupa shows the first {int} installment(s) invoiced of the contract value ordered")]
async fn installments_invoiced(world: &mut World, count: usize) -> Result<()> {
    let offer = world
        .fps_offer
        .as_ref()
        .ok_or("no private offer was bought")?;
    let invoiced = offer
        .installments
        .iter()
        .take(count)
        .map(|i| cents(&i.amount.amount))
        .sum();
    let ordered = cents(&offer.total.amount);
    shows_invoiced(world, invoiced, ordered).await
}

#[then(expr = "the marketplace has issued {int} invoice(s)")]
async fn issued(world: &mut World, count: usize) -> Result<()> {
    let invoices = world.sim()?.invoices(None).await?;
    if invoices.len() != count {
        return Err(format!(
            "the marketplace issued {}: {invoices:?}",
            invoices.len()
        ));
    }
    Ok(())
}

#[then("no cXML invoice was sent")]
async fn no_cxml_invoice(world: &mut World) -> Result<()> {
    let sent = sent_invoices(world).await?;
    if !sent.is_empty() {
        return Err(format!(
            "the marketplace sent {} InvoiceDetailRequests",
            sent.len()
        ));
    }
    let invoices = world.sim()?.invoices(None).await?;
    if let Some(cxml) = invoices.iter().find(|i| i.channel != "own") {
        return Err(format!("a PO-linked invoice was issued: {cxml:?}"));
    }
    Ok(())
}

#[then("the marketplace has no agreement for the account")]
async fn no_agreement(world: &mut World) -> Result<()> {
    let agreements = world.sim()?.agreements(world.account).await?;
    if !agreements.is_empty() {
        return Err(format!("the marketplace holds agreements: {agreements:?}"));
    }
    Ok(())
}

/// The rows of the account's own invoices page.
async fn own_invoice_rows(world: &World) -> Result<Vec<Vec<String>>> {
    let sim = world.sim()?;
    let url = format!(
        "{}/accounts/{}/invoices",
        sim.url("marketplace"),
        world.account
    );
    let page = crate::support::browser::Browser::new("reader")
        .get(&url)
        .await?;
    page.expect_status(reqwest::StatusCode::OK)?;
    Ok(page.table_rows("table"))
}

#[then(expr = "the account's own invoices show {string} with the PO number")]
async fn own_invoice_shows(world: &mut World, what: String) -> Result<()> {
    let po = po_number(world)?;
    let rows = own_invoice_rows(world).await?;
    let shown = rows.iter().any(|row| {
        row.get(1).is_some_and(|d| d.contains(&what))
            && row.get(3) == Some(&po)
            && row.get(5).map(String::as_str) == Some("marketplace invoice")
    });
    if !shown {
        return Err(format!("no own invoice for {what:?} with {po}: {rows:?}"));
    }
    Ok(())
}

/// SPEC F8: usage is billed on the marketplace's own invoice, which names
/// no PO even when the agreement came from one (PO numbers for PAYG are
/// not supported).
#[then(expr = "the account's own invoices show {string} without a PO number")]
async fn own_invoice_without_po(world: &mut World, what: String) -> Result<()> {
    let po = po_number(world)?;
    let rows = own_invoice_rows(world).await?;
    let shown = rows.iter().any(|row| {
        row.get(1).is_some_and(|d| d.contains(&what))
            && row
                .get(3)
                .is_some_and(|cell| ["", "—"].contains(&cell.as_str()))
            && row.get(5).map(String::as_str) == Some("marketplace invoice")
    });
    if !shown || rows.iter().any(|row| row.get(3) == Some(&po)) {
        return Err(format!(
            "no own invoice for {what:?} without {po}: {rows:?}"
        ));
    }
    let invoices = world.sim()?.invoices(Some(world.account)).await?;
    if invoices.iter().any(|i| i.po_number.is_some()) {
        return Err(format!("an invoice names a PO: {invoices:?}"));
    }
    Ok(())
}

/// F14: the marketplace's own invoice carries the PO number the user
/// typed when subscribing (after the billing the subscription set off).
#[then(expr = "the account's own invoice for it shows PO number {string}")]
async fn own_invoice_with_typed_po(world: &mut World, po: String) -> Result<()> {
    world.sim()?.run_marketplace_schedule().await?;
    let rows = own_invoice_rows(world).await?;
    let shown = rows.iter().any(|row| {
        row.get(3) == Some(&po) && row.get(5).map(String::as_str) == Some("marketplace invoice")
    });
    if !shown {
        return Err(format!("no own invoice with PO number {po:?}: {rows:?}"));
    }
    Ok(())
}

#[then("the Ariba-connected account gets no cXML invoice")]
async fn ariba_no_cxml(world: &mut World) -> Result<()> {
    let sim = world.sim()?;
    sim.run_marketplace_schedule().await?;
    no_cxml_invoice(world).await?;
    let own = world.sim()?.invoices(Some(world.account)).await?;
    if own.is_empty() {
        return Err("the Ariba-connected account has no invoice at all".into());
    }
    own_invoice_shows(world, "contract".into()).await
}

/// The last invoice the marketplace sent, as the partner holds it (the
/// journal's copy with the secret put back).
async fn last_sent(world: &World) -> Result<CXml> {
    let sent = sent_invoices(world).await?;
    let last = sent.last().ok_or("the marketplace sent no invoice")?;
    let raw = with_secret(world.sim()?.raw_of(last).await?.as_bytes(), COUPA_SECRET)?;
    Ok(cxml::read::read(&raw).map_err(|e| e.to_string())?.doc)
}

async fn deliver_to_coupa(world: &mut World, doc: &CXml) -> Result<()> {
    let body = cxml::write::to_bytes(doc).map_err(|e| e.to_string())?;
    let reply = world.sim()?.post_cxml_to("coupa", body).await?;
    if reply.http_status != reqwest::StatusCode::OK {
        return Err(format!("Coupa answered HTTP {}", reply.http_status));
    }
    world.invoice_replies.push((reply.cxml_status, reply.text));
    Ok(())
}

/// `doc` as another invoice: a new payloadID and invoice number.
fn renamed(mut doc: CXml, suffix: &str) -> Result<CXml> {
    doc.payload_id = format!("{}.{suffix}", doc.payload_id);
    if let Some(request) = doc.request.as_mut()
        && let RequestBody::InvoiceDetailRequest(invoice) = &mut request.body
    {
        invoice.header.invoice_id = format!("{}-{suffix}", invoice.header.invoice_id);
        return Ok(doc);
    }
    Err("not an InvoiceDetailRequest".into())
}

#[when("the marketplace's invoice is delivered to Coupa again")]
async fn delivered_again(world: &mut World) -> Result<()> {
    let doc = last_sent(world).await?;
    deliver_to_coupa(world, &doc).await
}

#[when("the marketplace's invoice is delivered to Coupa with the wrong shared secret")]
async fn wrong_secret(world: &mut World) -> Result<()> {
    let doc = renamed(last_sent(world).await?, "forged")?;
    let raw = cxml::write::to_bytes(&doc).map_err(|e| e.to_string())?;
    let forged = with_secret(&raw, "not-the-secret")?;
    let doc = cxml::read::read(&forged).map_err(|e| e.to_string())?.doc;
    deliver_to_coupa(world, &doc).await
}

#[when(expr = "a supplier sends Coupa an invoice for {word}")]
async fn invoice_for_po(world: &mut World, po: String) -> Result<()> {
    let mut doc = renamed(last_sent(world).await?, "other-po")?;
    if let Some(request) = doc.request.as_mut()
        && let RequestBody::InvoiceDetailRequest(invoice) = &mut request.body
    {
        for order in &mut invoice.invoice_detail_order {
            if let Some(reference) = order.order_info.order_reference.as_mut() {
                reference.order_id = Some(po.clone());
                reference.document_reference.payload_id = po.clone();
            }
        }
    }
    deliver_to_coupa(world, &doc).await
}

#[when("a supplier sends Coupa an invoice for twice the PO's amount")]
async fn invoice_for_more(world: &mut World) -> Result<()> {
    let mut doc = renamed(last_sent(world).await?, "double")?;
    let RequestBody::InvoiceDetailRequest(invoice) =
        &mut doc.request.as_mut().ok_or("not a request")?.body
    else {
        return Err("not an InvoiceDetailRequest".into());
    };
    let double = |amount: &mut cxml::common::Amount| -> Result<()> {
        let value = amount.value().map_err(|e| e.to_string())?;
        let twice = value.checked_add(&value).map_err(|e| e.to_string())?;
        *amount = cxml::common::Amount::of(&twice);
        Ok(())
    };
    for line in invoice
        .invoice_detail_order
        .iter_mut()
        .flat_map(|o| &mut o.item)
    {
        double(&mut line.unit_price)?;
        if let Some(subtotal) = line.subtotal_amount.as_mut() {
            double(subtotal)?;
        }
    }
    let summary = &mut invoice.summary;
    double(&mut summary.subtotal_amount)?;
    double(&mut summary.net_amount)?;
    for amount in [&mut summary.gross_amount, &mut summary.due_amount]
        .into_iter()
        .flatten()
    {
        double(amount)?;
    }
    deliver_to_coupa(world, &doc).await
}

#[when("a supplier sends Coupa an OrderRequest")]
async fn order_to_coupa(world: &mut World) -> Result<()> {
    let flow = world.cart()?.flow().to_owned();
    let sent = world
        .sim()?
        .journal("coupa", Some(&flow), Some("OrderRequest"))
        .await?;
    let order = sent.first().ok_or("Coupa sent no OrderRequest")?;
    let raw = with_secret(world.sim()?.raw_of(order).await?.as_bytes(), COUPA_SECRET)?;
    let doc = cxml::read::read(&raw).map_err(|e| e.to_string())?.doc;
    deliver_to_coupa(world, &doc).await
}

#[then(expr = "Coupa answers the delivery with {int}")]
async fn coupa_answers(world: &mut World, code: u16) -> Result<()> {
    let (got, text) = world
        .invoice_replies
        .last()
        .ok_or("nothing was delivered to Coupa")?;
    if *got != code {
        return Err(format!("Coupa answered {got} {text:?}"));
    }
    Ok(())
}

#[then(expr = "Coupa's answer says {string}")]
async fn coupa_says(world: &mut World, words: String) -> Result<()> {
    let (_, text) = world
        .invoice_replies
        .last()
        .ok_or("nothing was delivered to Coupa")?;
    if !text.contains(&words) {
        return Err(format!("Coupa's answer {text:?} does not say {words:?}"));
    }
    Ok(())
}
