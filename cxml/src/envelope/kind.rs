//! `DocumentKind`: which cXML document a `cXML` envelope carries, and so
//! which official DTD governs it (the validator picks the DTD from this).

use std::fmt;

/// Documents whose `Request` is declared in `Fulfill.dtd`.
const FULFILL: &[&str] = &[
    "ConfirmationRequest",
    "ShipNoticeRequest",
    "ServiceEntryRequest",
    "SalesOrderRequest",
    "TimeCardInfoRequest",
    "ReceiptRequest",
    "OrderStatusRequest",
    "TimeCardRequest",
    "ComponentConsumptionRequest",
];

/// The document inside the envelope.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    ProfileRequest,
    PunchOutSetupRequest,
    PunchOutOrderMessage,
    OrderRequest,
    InvoiceDetailRequest,
    ConfirmationRequest,
    StatusUpdateRequest,
    ProfileResponse,
    PunchOutSetupResponse,
    /// A `Response` that holds only a `Status`.
    StatusResponse,
    /// Any other document, by element name (empty when there is no body).
    Other(String),
}

impl DocumentKind {
    /// The kind for a body element name (`OrderRequest`, `ShipNoticeRequest`, ...).
    pub fn from_element_name(name: &str) -> Self {
        match name {
            "ProfileRequest" => Self::ProfileRequest,
            "PunchOutSetupRequest" => Self::PunchOutSetupRequest,
            "PunchOutOrderMessage" => Self::PunchOutOrderMessage,
            "OrderRequest" => Self::OrderRequest,
            "InvoiceDetailRequest" => Self::InvoiceDetailRequest,
            "ConfirmationRequest" => Self::ConfirmationRequest,
            "StatusUpdateRequest" => Self::StatusUpdateRequest,
            "ProfileResponse" => Self::ProfileResponse,
            "PunchOutSetupResponse" => Self::PunchOutSetupResponse,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The body element's name (`Status` for a status-only response).
    pub fn element_name(&self) -> &str {
        match self {
            Self::ProfileRequest => "ProfileRequest",
            Self::PunchOutSetupRequest => "PunchOutSetupRequest",
            Self::PunchOutOrderMessage => "PunchOutOrderMessage",
            Self::OrderRequest => "OrderRequest",
            Self::InvoiceDetailRequest => "InvoiceDetailRequest",
            Self::ConfirmationRequest => "ConfirmationRequest",
            Self::StatusUpdateRequest => "StatusUpdateRequest",
            Self::ProfileResponse => "ProfileResponse",
            Self::PunchOutSetupResponse => "PunchOutSetupResponse",
            Self::StatusResponse => "Status",
            Self::Other(name) => name,
        }
    }

    /// The file name of the official DTD that governs this document:
    /// `InvoiceDetail.dtd`, `Fulfill.dtd`, `Quote.dtd`, ... or `cXML.dtd`.
    pub fn dtd_file(&self) -> &'static str {
        match self.element_name() {
            "InvoiceDetailRequest" => "InvoiceDetail.dtd",
            name if FULFILL.contains(&name) => "Fulfill.dtd",
            "QuoteRequest" | "QuoteMessage" => "Quote.dtd",
            "PaymentRemittanceRequest" | "PaymentRemittanceStatusUpdateRequest" => {
                "PaymentRemittance.dtd"
            }
            "ContractRequest" => "Contract.dtd",
            _ => "cXML.dtd",
        }
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::StatusResponse => f.write_str("Response (Status)"),
            Self::Other(name) if name.is_empty() => f.write_str("(no document)"),
            other => f.write_str(other.element_name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_governing_dtd() {
        assert_eq!(
            DocumentKind::InvoiceDetailRequest.dtd_file(),
            "InvoiceDetail.dtd"
        );
        assert_eq!(DocumentKind::ConfirmationRequest.dtd_file(), "Fulfill.dtd");
        assert_eq!(
            DocumentKind::from_element_name("ShipNoticeRequest").dtd_file(),
            "Fulfill.dtd"
        );
        assert_eq!(
            DocumentKind::from_element_name("QuoteMessage").dtd_file(),
            "Quote.dtd"
        );
        assert_eq!(DocumentKind::OrderRequest.dtd_file(), "cXML.dtd");
        assert_eq!(DocumentKind::StatusResponse.dtd_file(), "cXML.dtd");
        assert_eq!(
            DocumentKind::from_element_name("OrderRequest"),
            DocumentKind::OrderRequest
        );
    }
}
