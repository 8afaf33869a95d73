//! procsim's cXML protocol crate: the only code in procsim that reads or
//! writes cXML. It knows nothing of HTTP servers or storage.

pub mod common;
pub mod doc;
pub mod dtd_shelf;
pub mod envelope;
pub mod mask;
pub mod newtypes;
pub mod pretty;
pub mod read;
pub mod rules;
pub mod status_code;
pub mod transport;
pub mod tree;
pub mod validate;
pub mod write;

pub use dtd_shelf::DtdShelf;
pub use envelope::{CXml, DocumentKind};
pub use newtypes::{Domain, Money, PayloadId, SharedSecret, Timestamp, Unspsc};
pub use read::{Parsed, ReadError, ReadLimits};
pub use rules::{Finding, RuleContext, RuleId, Severity};
pub use status_code::{StatusClass, StatusCode};
pub use validate::{DtdCatalog, Report};
pub use write::WriteError;
