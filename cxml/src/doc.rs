//! The cXML documents procsim exchanges, one module per document type. Each
//! is a wire struct mirroring its DTD declaration (`cXML.dtd`, or
//! `Fulfill.dtd`/`InvoiceDetail.dtd` where noted). `Index` is not carried
//! in a `cXML` envelope: it is a root of its own, with its own read and write.

mod confirmation_request;
mod index;
mod invoice_detail_request;
mod order_request;
mod profile_request;
mod profile_response;
mod punch_out_order_message;
mod punch_out_setup_request;
mod punch_out_setup_response;
mod status_update_request;

pub use confirmation_request::{
    ConfirmationHeader, ConfirmationItem, ConfirmationRequest, ConfirmationStatus,
};
pub use index::{
    Index, IndexItem, IndexItemAdd, IndexItemDelete, IndexItemDetail, IndexItemPunchout, LoadMode,
    ParsedIndex, PunchoutDetail, PunchoutLevel, SupplierId,
};
pub use invoice_detail_request::{
    InvoiceDetailDiscount, InvoiceDetailHeaderIndicator, InvoiceDetailItem,
    InvoiceDetailItemReference, InvoiceDetailLineIndicator, InvoiceDetailOrder,
    InvoiceDetailOrderInfo, InvoiceDetailPaymentTerm, InvoiceDetailRequest,
    InvoiceDetailRequestHeader, InvoiceDetailShipping, InvoiceDetailSummary, InvoiceOperation,
    InvoicePartner, InvoicePurpose, MasterAgreementReference, OrderIdInfo, PaymentTerm,
    SpecialHandlingAmount,
};
pub use order_request::{OrderRequest, OrderRequestHeader, OrderType, PCard, Payment};
pub use profile_request::ProfileRequest;
pub use profile_response::{ProfileOption, ProfileResponse, Transaction};
pub use punch_out_order_message::{
    OperationAllowed, PunchOutOrderMessage, PunchOutOrderMessageHeader,
};
pub use punch_out_setup_request::{PunchOutOperation, PunchOutSetupRequest, SelectedItem};
pub use punch_out_setup_response::PunchOutSetupResponse;
pub use status_update_request::StatusUpdateRequest;
