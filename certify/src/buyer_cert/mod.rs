//! `procsim certify buyer`: procsim is the supplier, the system under test
//! is the buyer. procsim's marketplace takes the buyer's documents and
//! journals them; [`certify_buyer`] reads one session out of that journal
//! (`session`: the setup request, the cart the marketplace returned, the
//! OrderRequest) and judges what the buyer sent against a buyer-kit
//! [`Profile`] and the CX rules: the setup request (`setup`), the order
//! (`order`), both through the shared header checks (`header`), and the
//! round trip of every cart line into the order (`round_trip`, on the pure
//! `differ`). `journal` reads the marketplace's journal over HTTP.
//!
//! The checks are CERT-BUYER-001 to 021 of the catalogue.

pub mod differ;
mod doc;
mod header;
pub mod journal;
mod order;
mod round_trip;
mod session;
mod setup;

use buyer_kit::{Identity, Profile};
use service_kit::journal::{Dtds, ExchangeDetail};

use crate::report::Report;
use doc::Doc;

/// The buyer being certified: the platform it claims to behave as and the
/// identities it was given for procsim's marketplace.
#[derive(Debug, Clone)]
pub struct BuyerUnderTest {
    pub profile: Profile,
    /// The buyer's own credential (From).
    pub from: Identity,
    /// The marketplace's credential (To).
    pub to: Identity,
    /// Who signs with the shared secret (Sender): the buyer itself or the
    /// profile's network.
    pub sender: Identity,
    /// Where the buyer sends its cXML (the marketplace's `/cxml`), for the
    /// report.
    pub cxml_url: String,
    /// The official DTDs the buyer's documents are validated against
    /// (CX002 in CERT-BUYER-009 and 016); none by default, and then the
    /// CX rules alone judge and the evidence says the DTD was not checked.
    pub dtds: Dtds,
}

impl BuyerUnderTest {
    /// `sender` defaults to what the profile puts in Sender for `from`.
    pub fn new(
        profile: Profile,
        from: Identity,
        to: Identity,
        sender: Option<Identity>,
        cxml_url: impl Into<String>,
    ) -> Self {
        let sender = sender.unwrap_or_else(|| profile.sender_for(&from));
        Self {
            profile,
            from,
            to,
            sender,
            cxml_url: cxml_url.into(),
            dtds: Dtds::default(),
        }
    }
}

/// Judges the buyer session found in `exchanges` (the marketplace's
/// journal entries, with bodies: [`journal::read_session_exchanges`]).
pub fn certify_buyer(buyer: &BuyerUnderTest, exchanges: &[ExchangeDetail]) -> Report {
    let started_at = jiff::Timestamp::now().to_string();
    let session = session::choose(exchanges);
    let setup = session.setup.map(Doc::read);
    let cart = session.cart.map(Doc::read);
    let order = session.order.map(Doc::read);
    let no_order = if cart.is_some() {
        "the marketplace returned a cart, but no OrderRequest came back"
    } else {
        "no OrderRequest reached the marketplace (and no cart was returned to order from)"
    };
    let mut checks = setup::checks(buyer, setup.as_ref());
    checks.extend(order::checks(buyer, order.as_ref(), no_order));
    checks.extend(round_trip::checks(cart.as_ref(), order.as_ref()));
    let mut report = Report::new(
        &buyer.profile.name,
        &buyer.cxml_url,
        Some(&buyer.cxml_url),
        started_at,
        checks,
    );
    report.kind = "buyer";
    report
}
