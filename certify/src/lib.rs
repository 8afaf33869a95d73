//! `procsim certify`: procsim plays a buyer platform against a system that
//! is not procsim, and judges it.
//!
//! `supplier` is the first direction: procsim is the buyer (Coupa, Ariba
//! or a profile from a file, buyer-kit's [`Profile`]) and the vendor's
//! PunchOut site is the supplier. The [`catalogue`] names every check (id,
//! severity, what it proves, the fix, the PLATFORMS.md source); a run
//! gives a [`Report`] with one [`CheckResult`] per check, rendered as text,
//! JSON or JUnit ([`render`]). The documents are built with buyer-kit's
//! builders, the same the simulated platforms send, and every exchange
//! goes through service-kit's journaled `CxmlClient` (or, for the bytes no
//! builder writes — malformed XML — and the StartPages procsim opens as a
//! browser would, is journaled by hand), so a run is in the journal like
//! any simulator's exchange. With [`Invoices`] the run
//! also opens the platform's invoice inbox and judges the invoices the
//! supplier sends for the order it certified ([`invoices`]).
//!
//! `buyer_cert` is the other direction: procsim's marketplace is the
//! supplier, and [`certify_buyer`] judges the buyer's session in its
//! journal — setup request, order and the round trip of every cart line.
//!
//! Architecture Invariant: certify builds no cXML of its own; what it
//! sends comes from buyer-kit and the cxml crate.

pub mod buyer;
pub mod buyer_cert;
pub mod cart;
pub mod catalogue;
pub mod invoices;
pub mod render;
pub mod report;
pub mod runs;
pub mod supplier;

pub use buyer::{CartMode, SupplierTarget, VirtualBuyer};
pub use buyer_cert::{BuyerUnderTest, certify_buyer};
pub use buyer_kit::Profile;
pub use cart::{CartPrompt, ManualCart, ScriptCart};
pub use catalogue::{CheckId, CheckInfo, Severity};
pub use invoices::{InvoicePrompt, Invoices};
pub use report::{CheckResult, CheckStatus, DashboardLinks, Evidence, Located, Report, Summary};
pub use supplier::certify_supplier;
