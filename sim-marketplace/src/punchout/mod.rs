//! PunchOut (SPEC F1/F2): the setup request ([`setup`]), the one-time start
//! page that opens a browsing session ([`start_page`]), the sessions
//! themselves ([`session`]) and the cart sent back through the browser
//! ([`cart`]).

pub mod cart;
pub mod session;
pub mod setup;
pub mod start_page;

use rand::RngCore;

/// 256 bits from the thread's CSPRNG (ChaCha seeded by the OS), as hex: an
/// unguessable token or session id.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
