//! What any buyer procurement system in procsim has, whether it plays Coupa
//! or Ariba: users and their roles, carts filled from a
//! PunchOutOrderMessage, requisitions that run through an approval chain
//! configured by amount, purchase orders with sequential numbers, the result
//! of sending each order, supplier invoices matched to their PO
//! (`invoice`), and the cXML a buyer sends (PunchOutSetupRequest,
//! OrderRequest), built with the cxml crate's types only.
//!
//! The domain modules (`user`, `cart`, `blanket`, `approval`, `purchase_order`,
//! `setup_request`, `order_request`) are pure and unit-tested without HTTP
//! or storage; `store` keeps their state in the system's own SQLite
//! database through `service_kit::Store`; `exchange` sends and receives
//! the documents over HTTP through service-kit's journaled client;
//! `views` are what page templates render; `platform` is the web shell and
//! the pages every buyer platform shares, parameterised by what differs;
//! `profile` says how each platform talks (the built-in coupa and ariba
//! profiles are TOML files compiled in).
//!
//! Architecture Invariant: nothing here knows which platform it plays; the
//! platform's specifics (extrinsics, user agent, identities) come in as data.

pub mod approval;
pub mod blanket;
pub mod cart;
pub mod cookie;
pub mod exchange;
pub mod invoice;
pub mod order_request;
pub mod parties;
pub mod platform;
pub mod profile;
pub mod purchase_order;
pub mod setup_request;
pub mod store;
#[cfg(feature = "testing")]
pub mod testing;
pub mod user;
pub mod views;

pub use approval::{
    ApprovalChain, ApprovalError, ApprovalRule, ApprovalStep, Approvals, Decision, Outcome,
    StepState,
};
pub use blanket::BlanketError;
pub use cart::{Cart, CartError, CartLine};
pub use cookie::BuyerCookie;
pub use parties::{BuyerAddress, Identities, Identity};
pub use profile::{Profile, ProfileError};
pub use purchase_order::{PoNumber, PurchaseOrder, SendOutcome};
pub use store::{
    BuyerError, BuyerStore, CartState, Decided, InvoiceReceipt, NewSession, PunchoutSession,
    RequisitionStatus, Returned, StoredCart, StoredInvoice, StoredRequisition, invoiced_total,
};
pub use user::{ApproverLevel, Directory, Role, User, sign_in_cookie, sign_out_cookie};
