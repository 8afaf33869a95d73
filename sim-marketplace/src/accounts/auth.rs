//! Who sent a cXML request: the connection whose buyer (`From`) and sender
//! (`Sender`) identities appear in the header, authenticated by the
//! `Sender`'s shared secret, compared in constant time.
//!
//! Every credential of `From` and `Sender` is considered (Ariba sends
//! several), domains case-insensitively. For Ariba the `Sender` is the
//! network hub carrying the supplier's secret; the buyer is still `From`.
//! Once the sender is known, `To` must name the marketplace as that
//! connection knows it, as real receivers check: a document addressed to
//! someone else is not ours to act on. A refusal travels as a cXML
//! Status: 401 (one text for unknown identities and a wrong secret) or
//! 403 for a disabled connection.

use cxml::envelope::Header;
use service_kit::cxml_http::CxmlError;

use super::{Account, Connection};

/// Why a header was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthError {
    /// No connection has these identities, or the secret is wrong (the two
    /// are not told apart, so probing identities learns nothing).
    Unauthorized,
    /// The connection exists and authenticated, but is disabled.
    Disabled,
    /// The sender authenticated, but `To` does not name the marketplace
    /// (the identity it should have named).
    NotAddressedToUs { expected: String },
}

/// The Status text of a 401: the same whether the identities are unknown
/// or the secret is wrong, so probing learns nothing.
const UNAUTHORIZED: &str = "Sender credentials not recognised";

impl From<AuthError> for CxmlError {
    fn from(err: AuthError) -> Self {
        match err {
            AuthError::Unauthorized => CxmlError::Unauthorized(UNAUTHORIZED.into()),
            AuthError::Disabled => {
                CxmlError::Forbidden("the procurement integration is disabled".into())
            }
            AuthError::NotAddressedToUs { expected } => CxmlError::Unauthorized(format!(
                "the document is not addressed to this marketplace: To must name {expected}"
            )),
        }
    }
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
    let supplier = &connection.supplier;
    if !header.to.has(&supplier.domain, &supplier.identity) {
        return Err(AuthError::NotAddressedToUs {
            expected: format!("{}:{}", supplier.domain, supplier.identity),
        });
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

#[cfg(test)]
mod tests {
    use cxml::{SharedSecret, common::Credential};

    use super::*;
    use crate::accounts::seed::{ARIBA_SECRET, COUPA_SECRET, MarketplaceSeed};

    fn accounts() -> Vec<Account> {
        MarketplaceSeed::default().accounts
    }

    /// Acme's header as Coupa sends it, with `secret` in `Sender`.
    fn coupa(secret: &str) -> Header {
        Header::new(
            Credential::new("NetworkID", "coupa-acme"),
            Credential::new("NetworkID", "procsim-marketplace"),
            Credential::with_secret("NetworkID", "coupa-acme", SharedSecret::new(secret)),
            "Coupa Procurement 1.0",
        )
    }

    fn who(result: Result<(&Account, &Connection), AuthError>) -> Result<String, AuthError> {
        result.map(|(account, connection)| format!("{}/{}", account.id.as_str(), connection.id))
    }

    #[test]
    fn the_right_secret_finds_the_account_and_connection() {
        let all = accounts();
        assert_eq!(
            who(authenticate(&all, &coupa(COUPA_SECRET))),
            Ok("acct-coupa-001/coupa-1".to_owned())
        );
    }

    #[test]
    fn a_wrong_or_missing_secret_is_unauthorized() {
        let all = accounts();
        assert_eq!(
            who(authenticate(&all, &coupa("coupa-shared-secreT"))),
            Err(AuthError::Unauthorized)
        );
        let mut header = coupa(COUPA_SECRET);
        header.sender.credential[0].shared_secret = None;
        assert_eq!(
            who(authenticate(&all, &header)),
            Err(AuthError::Unauthorized)
        );
    }

    #[test]
    fn an_unknown_sender_or_buyer_is_unauthorized_even_with_a_known_secret() {
        let all = accounts();
        let mut unknown_sender = coupa(COUPA_SECRET);
        unknown_sender.sender.credential[0] =
            Credential::with_secret("NetworkID", "someone-else", SharedSecret::new(COUPA_SECRET));
        assert_eq!(
            who(authenticate(&all, &unknown_sender)),
            Err(AuthError::Unauthorized)
        );
        let mut unknown_buyer = coupa(COUPA_SECRET);
        unknown_buyer.from.credential[0] = Credential::new("NetworkID", "coupa-other");
        assert_eq!(
            who(authenticate(&all, &unknown_buyer)),
            Err(AuthError::Unauthorized)
        );
    }

    #[test]
    fn domains_compare_case_insensitively_identities_do_not() {
        let all = accounts();
        let mut header = coupa(COUPA_SECRET);
        header.from.credential[0].domain = "networkid".into();
        header.sender.credential[0].domain = "NETWORKID".into();
        assert_eq!(
            who(authenticate(&all, &header)),
            Ok("acct-coupa-001/coupa-1".to_owned())
        );
        header.from.credential[0] = Credential::new("NetworkID", "COUPA-ACME");
        assert_eq!(
            who(authenticate(&all, &header)),
            Err(AuthError::Unauthorized)
        );
    }

    #[test]
    fn ariba_style_several_from_credentials_and_the_hub_as_sender() {
        let all = accounts();
        let mut header = Header::new(
            Credential::new("DUNS", "123456789"),
            Credential::new("NetworkID", "AN01000000999"),
            Credential::with_secret("NetworkID", "AribaNetwork", SharedSecret::new(ARIBA_SECRET)),
            "Ariba Network 1.0",
        );
        header
            .from
            .credential
            .push(Credential::new("NetworkId", "AN01000000001"));
        header
            .from
            .credential
            .push(Credential::new("SystemID", "globex-erp"));
        assert_eq!(
            who(authenticate(&all, &header)),
            Ok("acct-ariba-001/ariba-1".to_owned())
        );

        // The hub's secret is the supplier's: the buyer's own is not it.
        header.sender.credential[0].shared_secret = Some(SharedSecret::new(COUPA_SECRET));
        assert_eq!(
            who(authenticate(&all, &header)),
            Err(AuthError::Unauthorized)
        );
    }

    #[test]
    fn a_document_to_someone_else_is_refused_once_the_sender_is_known() {
        let all = accounts();
        let mut header = coupa(COUPA_SECRET);
        header.to.credential[0] = Credential::new("NetworkID", "someone-else");
        assert_eq!(
            who(authenticate(&all, &header)),
            Err(AuthError::NotAddressedToUs {
                expected: "NetworkID:procsim-marketplace".into()
            })
        );
        header.sender.credential[0].shared_secret = Some(SharedSecret::new("wrong"));
        assert_eq!(
            who(authenticate(&all, &header)),
            Err(AuthError::Unauthorized),
            "a stranger learns nothing of who we are"
        );
    }

    #[test]
    fn a_disabled_connection_is_told_apart_only_after_the_secret_matched() {
        let mut all = accounts();
        all[0].connections[0].enabled = false;
        assert_eq!(
            who(authenticate(&all, &coupa(COUPA_SECRET))),
            Err(AuthError::Disabled)
        );
        assert_eq!(
            who(authenticate(&all, &coupa("wrong"))),
            Err(AuthError::Unauthorized)
        );
    }
}
