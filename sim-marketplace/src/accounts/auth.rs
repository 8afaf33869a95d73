//! Who sent a cXML request: the connection whose buyer (`From`) and sender
//! (`Sender`) identities appear in the header, authenticated by the
//! `Sender`'s shared secret, compared in constant time.
//!
//! Every credential of `From` and `Sender` is considered (Ariba sends
//! several), domains case-insensitively. For Ariba the `Sender` is the
//! network hub carrying the supplier's secret; the buyer is still `From`.

use cxml::envelope::Header;

use super::{Account, Connection};

/// Why a header was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthError {
    /// No connection has these identities, or the secret is wrong (the two
    /// are not told apart, so probing identities learns nothing).
    Unauthorized,
    /// The connection exists and authenticated, but is disabled.
    Disabled,
}

/// The account and connection that sent `header`.
pub fn authenticate<'a>(
    accounts: &'a [Account],
    header: &Header,
) -> Result<(&'a Account, &'a Connection), AuthError> {
    let mut matched = None;
    for account in accounts {
        for connection in &account.connections {
            let from = header
                .from
                .has(&connection.buyer.domain, &connection.buyer.identity);
            if from && secret_matches(header, connection) {
                matched = Some((account, connection));
            }
        }
    }
    let (account, connection) = matched.ok_or(AuthError::Unauthorized)?;
    if !connection.enabled {
        return Err(AuthError::Disabled);
    }
    Ok((account, connection))
}

/// Whether a `Sender` credential naming the connection's sender carries its
/// secret.
fn secret_matches(header: &Header, connection: &Connection) -> bool {
    header
        .sender
        .credential
        .iter()
        .filter(|c| c.matches(&connection.sender.domain, &connection.sender.identity))
        .filter_map(|c| c.shared_secret.as_ref())
        .fold(false, |found, secret| {
            // `|` rather than `||`: every candidate is compared.
            found | (secret == &connection.shared_secret)
        })
}
