//! Who a buyer says it is in a cXML header, and the address it orders to
//! and is billed at.

use cxml::{
    SharedSecret,
    common::{Address, Country, Credential, Email, Name, PostalAddress},
    envelope::Header,
};

/// One credential: a domain (`NetworkID`, `DUNS`, ...) and an identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub domain: String,
    pub identity: String,
}

impl Identity {
    pub fn new(domain: &str, identity: &str) -> Self {
        Self {
            domain: domain.to_owned(),
            identity: identity.to_owned(),
        }
    }

    fn credential(&self) -> Credential {
        Credential::new(&self.domain, &self.identity)
    }
}

/// The identities and secret a buyer sends to one supplier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identities {
    pub from: Identity,
    /// Further `From` credentials sent beside `from`, in order (Ariba sends
    /// the buyer's DUNS next to its network id; a reader that looks only at
    /// the first credential misroutes).
    pub also_from: Vec<Identity>,
    pub to: Identity,
    pub sender: Identity,
    /// Masked by its `Debug` and `Display`.
    pub secret: SharedSecret,
    pub user_agent: String,
}

impl Identities {
    /// `From` (every credential), `To`, and `Sender` with the shared
    /// secret and user agent.
    pub fn header(&self) -> Header {
        let mut header = Header::new(
            self.from.credential(),
            self.to.credential(),
            Credential::with_secret(
                &self.sender.domain,
                &self.sender.identity,
                self.secret.clone(),
            ),
            self.user_agent.clone(),
        );
        header
            .from
            .credential
            .extend(self.also_from.iter().map(Identity::credential));
        header
    }
}

/// A postal address with a name, as the buyer ships and bills to it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuyerAddress {
    /// `addressID`, the buyer's own code for this address.
    pub id: String,
    pub name: String,
    pub deliver_to: String,
    pub street: String,
    pub city: String,
    pub state: String,
    pub postal_code: String,
    pub country_code: String,
    pub country: String,
    pub email: String,
}

impl BuyerAddress {
    /// The cXML `Address`.
    pub fn to_cxml(&self) -> Address {
        let mut address = Address::named(Name::new("en", &self.name));
        address.iso_country_code = Some(self.country_code.clone());
        address.address_id = Some(self.id.clone());
        address.postal_address = Some(PostalAddress {
            name: None,
            deliver_to: vec![self.deliver_to.clone()],
            street: vec![self.street.clone()],
            city: self.city.clone(),
            municipality: None,
            state: Some(cxml::common::State {
                iso_state_code: None,
                value: self.state.clone(),
            }),
            postal_code: Some(self.postal_code.clone()),
            country: Country {
                iso_country_code: self.country_code.clone(),
                value: self.country.clone(),
            },
            extrinsic: Vec::new(),
        });
        address.email = Some(Email::new(&self.email));
        address
    }
}
