//! The InvoiceDetailRequest for one stored invoice, built with the cxml
//! crate's types: the marketplace as `From` and `Sender` (with the
//! connection's shared secret), the buyer as `To`, the PO number as
//! `InvoiceDetailOrderInfo/OrderReference@orderID`, and one line naming
//! the PO line, the supplier part and the unit of measure.
//! `OrderReference/DocumentReference@payloadID` follows the platform:
//! Coupa's convention puts the PO number there too (CO-30, CONFORMANCE
//! CX071), Ariba's network the PO's own payloadID (AR-30). The payloadID and timestamp are those fixed when
//! the invoice was issued, so a retry is the same document.

use cxml::{
    CXml,
    common::{Amount, Credential, Description, DocumentReference, ItemId, OrderReference, Tax},
    doc::{
        InvoiceDetailHeaderIndicator, InvoiceDetailItem, InvoiceDetailItemReference,
        InvoiceDetailLineIndicator, InvoiceDetailOrder, InvoiceDetailOrderInfo,
        InvoiceDetailRequest, InvoiceDetailRequestHeader, InvoiceDetailSummary, InvoiceOperation,
        InvoicePurpose,
    },
    envelope::{DeploymentMode, Header, Request, RequestBody},
};

use super::{number::InvoiceNumber, store::Invoice};
use crate::{
    accounts::{Connection, ProcurementSystem},
    money::Money,
    order::agreements::Agreement,
};

/// The UserAgent of everything the marketplace sends.
pub const USER_AGENT: &str = "procsim marketplace";

/// Why a stored invoice could not become a document (a bug or a damaged
/// row, never the buyer's fault).
#[derive(Debug, thiserror::Error)]
#[error("invoice {number}: {reason}")]
pub struct DocumentError {
    number: InvoiceNumber,
    reason: String,
}

/// The document for `invoice` of `agreement`, sent over `connection`.
pub fn invoice_document(
    invoice: &Invoice,
    agreement: &Agreement,
    connection: &Connection,
) -> Result<CXml, DocumentError> {
    let fail = |reason: &str| DocumentError {
        number: invoice.number.clone(),
        reason: reason.to_owned(),
    };
    let payload_id = invoice
        .payload_id
        .as_ref()
        .ok_or_else(|| fail("no payloadID"))?;
    let timestamp = invoice
        .timestamp
        .as_ref()
        .ok_or_else(|| fail("no timestamp"))?;
    let po_number = invoice
        .po_number
        .clone()
        .ok_or_else(|| fail("no PO number"))?;
    let total = Amount::of(&invoice.amount.into());
    let line = InvoiceDetailItem {
        invoice_line_number: "1".into(),
        quantity: invoice.quantity.to_string(),
        reference_date: None,
        unit_of_measure: "EA".into(),
        unit_price: Amount::of(&invoice.unit_price.into()),
        item_reference: InvoiceDetailItemReference {
            line_number: invoice.po_line.unwrap_or(1).to_string(),
            item_id: Some(ItemId::new(
                agreement.listing_id.to_string(),
                Some(agreement.option_id.clone()),
            )),
            description: Some(Description::new("en", &invoice.description)),
            classification: Vec::new(),
            manufacturer_part_id: None,
            manufacturer_name: None,
            country: None,
        },
        subtotal_amount: Some(total.clone()),
        tax: None,
        gross_amount: None,
        discount: None,
        net_amount: None,
        comments: None,
        extrinsic: Vec::new(),
    };
    let request = InvoiceDetailRequest {
        header: InvoiceDetailRequestHeader {
            invoice_id: invoice.number.to_string(),
            purpose: Some(InvoicePurpose::Standard),
            operation: Some(InvoiceOperation::New),
            invoice_date: timestamp.to_string(),
            invoice_origin: None,
            header_indicator: InvoiceDetailHeaderIndicator::default(),
            line_indicator: InvoiceDetailLineIndicator::default(),
            invoice_partner: Vec::new(),
            document_reference: None,
            invoice_detail_shipping: None,
            invoice_detail_payment_term: Vec::new(),
            payment_term: Vec::new(),
            comments: None,
            id_reference: Vec::new(),
            extrinsic: Vec::new(),
        },
        invoice_detail_order: vec![InvoiceDetailOrder {
            order_info: InvoiceDetailOrderInfo {
                order_reference: Some(order_reference(po_number, agreement, connection)),
                master_agreement_reference: None,
                order_id_info: None,
                supplier_order_info: None,
            },
            item: vec![line],
        }],
        summary: InvoiceDetailSummary {
            subtotal_amount: total.clone(),
            tax: Tax {
                money: Amount::of(&Money::zero(invoice.amount.currency()).into()).money,
                description: Description::new("en", "No tax"),
                tax_detail: Vec::new(),
                extrinsic: Vec::new(),
            },
            special_handling_amount: None,
            shipping_amount: None,
            gross_amount: Some(total.clone()),
            discount: None,
            net_amount: total.clone(),
            deposit_amount: None,
            due_amount: Some(total),
        },
    };
    Ok(CXml::request(
        payload_id,
        timestamp,
        header(connection),
        Request::new(
            DeploymentMode::Production,
            RequestBody::InvoiceDetailRequest(Box::new(request)),
        ),
    ))
}

/// The PO the invoice is for, as `connection`'s platform matches it. An
/// agreement with no recorded order payloadID (none is left blank by an
/// OrderRequest) falls back to the PO number.
fn order_reference(
    po_number: String,
    agreement: &Agreement,
    connection: &Connection,
) -> OrderReference {
    let document = match connection.system {
        ProcurementSystem::Ariba if !agreement.order_payload_id.is_empty() => {
            agreement.order_payload_id.clone()
        }
        _ => po_number.clone(),
    };
    OrderReference {
        order_id: Some(po_number),
        order_date: None,
        document_reference: DocumentReference::new(document),
    }
}

/// The marketplace as `From` and `Sender`, the buyer as `To`.
fn header(connection: &Connection) -> Header {
    let supplier = &connection.supplier;
    Header::new(
        Credential::new(&supplier.domain, &supplier.identity),
        Credential::new(&connection.buyer.domain, &connection.buyer.identity),
        Credential::with_secret(
            &supplier.domain,
            &supplier.identity,
            connection.shared_secret.clone(),
        ),
        USER_AGENT,
    )
}
