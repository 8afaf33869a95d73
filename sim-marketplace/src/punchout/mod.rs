//! PunchOut (SPEC F1/F2): the setup request ([`setup`], read once by
//! [`setup_request`]), the one-time start
//! page that opens a browsing session ([`start_page`]), the sessions
//! themselves ([`session`]), the unsupported products a flow's storefront
//! showed ([`shown`]) and the cart sent back through the browser
//! ([`cart`]).

pub mod cart;
pub mod session;
pub mod setup;
pub mod setup_request;
pub mod shown;
pub mod start_page;

use rand::RngCore;

/// 256 bits from the thread's CSPRNG (ChaCha seeded by the OS), as hex: an
/// unguessable token or session id.
pub fn random_token() -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let mut token = String::with_capacity(64);
    for byte in bytes {
        token.push(char::from(HEX[usize::from(byte >> 4)]));
        token.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    token
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_64_lowercase_hex_digits_and_never_repeat() {
        let tokens: std::collections::HashSet<String> =
            (0..1_000).map(|_| super::random_token()).collect();
        assert_eq!(tokens.len(), 1_000);
        assert!(tokens.iter().all(|t| {
            t.len() == 64
                && t.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        }));
        // Every digit shows up somewhere: both halves of a byte are used.
        let seen: std::collections::HashSet<char> = tokens.iter().flat_map(|t| t.chars()).collect();
        assert_eq!(seen.len(), 16);
    }
}
