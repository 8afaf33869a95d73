//! `StatusUpdateRequest`: the status of an earlier document.

use serde::{Deserialize, Serialize};

use crate::common::{DocumentReference, Extrinsic};
use crate::envelope::Status;

/// `<!ELEMENT StatusUpdateRequest (DocumentReference?, Status, (PaymentStatus |
/// SourcingStatus | InvoiceStatus | DocumentStatus | IntegrationStatus)?, Extrinsic*)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusUpdateRequest {
    #[serde(
        rename = "DocumentReference",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub document_reference: Option<DocumentReference>,
    #[serde(rename = "Status")]
    pub status: Status,
    #[serde(rename = "Extrinsic", default, skip_serializing_if = "Vec::is_empty")]
    pub extrinsic: Vec<Extrinsic>,
}
