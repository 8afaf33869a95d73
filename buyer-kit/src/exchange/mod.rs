//! A buyer's cXML exchanges with its supplier over HTTP, the same for every
//! platform: reading the setup answer's StartPage (`start_page`), taking
//! the cart back from the browser (`browser_return`) and sending a
//! purchase order (`ordering`). The platform gives the identities and
//! habits; these modules give the mechanics, the journal entries and the
//! flow id.

pub mod browser_return;
pub mod ordering;
pub mod start_page;

pub use browser_return::{ReturnError, receive_cart};
pub use ordering::{OrderChannel, send_order};
pub use start_page::{ReplyEnvelope, SetupRefused, start_page};
