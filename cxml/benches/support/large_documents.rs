//! Large, DTD-valid documents made from real samples, reproducibly: the
//! sample's lines repeated to the count asked for and written by procsim's
//! own writer. Shared by `cxml/benches/read.rs` and procsim's
//! `benches/validate_process.rs` (through `#[path]`), so both measure the
//! same documents.

use cxml::envelope::RequestBody;

/// The OrderRequest sample the large order is made from.
pub const ORDER_SAMPLE: &str = "officeluv-cxml/order_request.xml";
/// The InvoiceDetailRequest sample the large invoice is made from.
pub const INVOICE_SAMPLE: &str = "officeluv-cxml/invoice_taxes_at_total.xml";

fn sample(name: &str) -> cxml::CXml {
    let bytes = std::fs::read(shared_fixtures::samples().join(name)).expect("sample");
    cxml::read::read(&bytes).expect("sample reads").doc
}

/// The OrderRequest sample with its ItemOut lines repeated to `lines`,
/// numbered 1 to `lines` (5,000 lines make 2.42 MB).
pub fn order_request(lines: usize) -> Vec<u8> {
    let mut doc = sample(ORDER_SAMPLE);
    if let Some(RequestBody::OrderRequest(order)) = doc.request.as_mut().map(|r| &mut r.body) {
        let template = order.item_out.clone();
        order.item_out = (0..lines)
            .map(|i| {
                let mut item = template[i % template.len()].clone();
                item.line_number = Some((i + 1).to_string());
                item
            })
            .collect();
    }
    cxml::write::to_bytes(&doc).expect("writes")
}

/// The InvoiceDetailRequest sample with each order's lines repeated to
/// `lines` (5,000 lines make 1.99 MB).
pub fn invoice(lines: usize) -> Vec<u8> {
    let mut doc = sample(INVOICE_SAMPLE);
    if let Some(RequestBody::InvoiceDetailRequest(invoice)) =
        doc.request.as_mut().map(|r| &mut r.body)
    {
        for order in &mut invoice.invoice_detail_order {
            let template = order.item.clone();
            order.item = (0..lines)
                .map(|i| template[i % template.len()].clone())
                .collect();
        }
    }
    cxml::write::to_bytes(&doc).expect("writes")
}
