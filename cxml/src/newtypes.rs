//! Validated value types for the things cXML code must not confuse: payload
//! ids, timestamps, money, UNSPSC codes, shared secrets and credential
//! domains. Each has a constructor that returns `Result` ("parse, don't
//! validate"); the wire structs in [`crate::common`] convert into them.

mod domain;
mod money;
mod payload_id;
mod shared_secret;
mod timestamp;
mod unspsc;

pub use domain::{Domain, DomainError};
pub use money::{Currency, Decimal, Money, MoneyError};
pub use payload_id::{PayloadId, PayloadIdError};
pub use shared_secret::SharedSecret;
pub use timestamp::{OffsetKind, Timestamp, TimestampError};
pub use unspsc::{Unspsc, UnspscError};
