//! The named checks: id, severity, what each proves, the fix, and the
//! PLATFORMS.md facts it rests on. docs/certify.md is the same table for
//! people (a test keeps the two in step).

use serde::{Deserialize, Serialize};

/// How much a failed check weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The platform would fail the exchange: certification fails.
    Error,
    /// The platform would accept it, but something is off.
    Warning,
    /// Worth knowing; many sites work without it.
    Advisory,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Advisory => "advisory",
        }
    }
}

/// One check of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CheckId {
    #[serde(rename = "CERT-PROFILE-001")]
    Profile001,
    #[serde(rename = "CERT-SETUP-001")]
    Setup001,
    #[serde(rename = "CERT-SETUP-002")]
    Setup002,
    #[serde(rename = "CERT-SETUP-003")]
    Setup003,
    #[serde(rename = "CERT-SETUP-004")]
    Setup004,
    #[serde(rename = "CERT-SETUP-005")]
    Setup005,
    #[serde(rename = "CERT-SETUP-008")]
    Setup008,
    #[serde(rename = "CERT-SETUP-006")]
    Setup006,
    #[serde(rename = "CERT-SETUP-007")]
    Setup007,
    #[serde(rename = "CERT-AUTH-001")]
    Auth001,
    #[serde(rename = "CERT-AUTH-002")]
    Auth002,
    #[serde(rename = "CERT-AUTH-003")]
    Auth003,
    #[serde(rename = "CERT-REQ-001")]
    Req001,
    #[serde(rename = "CERT-REQ-002")]
    Req002,
    #[serde(rename = "CERT-CART-001")]
    Cart001,
    #[serde(rename = "CERT-CART-002")]
    Cart002,
    #[serde(rename = "CERT-CART-003")]
    Cart003,
    #[serde(rename = "CERT-CART-004")]
    Cart004,
    #[serde(rename = "CERT-CART-005")]
    Cart005,
    #[serde(rename = "CERT-CART-006")]
    Cart006,
    #[serde(rename = "CERT-CART-007")]
    Cart007,
    #[serde(rename = "CERT-CART-008")]
    Cart008,
    #[serde(rename = "CERT-CART-009")]
    Cart009,
    #[serde(rename = "CERT-ORDER-001")]
    Order001,
    #[serde(rename = "CERT-ORDER-002")]
    Order002,
    #[serde(rename = "CERT-ORDER-003")]
    Order003,
    #[serde(rename = "CERT-ORDER-004")]
    Order004,
}

/// What the catalogue says about a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckInfo {
    pub id: CheckId,
    /// `CERT-SETUP-001` ...
    pub code: &'static str,
    /// The severity of a failure (CERT-SETUP-003 takes the profile's
    /// `reply_envelope` into account, see [`crate::supplier`]).
    pub severity: Severity,
    /// What passing proves, in one line.
    pub title: &'static str,
    /// How to fix a failure, in one line.
    pub fix: &'static str,
    /// PLATFORMS.md fact and checklist ids.
    pub source: &'static str,
}

const fn info(
    id: CheckId,
    code: &'static str,
    severity: Severity,
    title: &'static str,
    fix: &'static str,
    source: &'static str,
) -> CheckInfo {
    CheckInfo {
        id,
        code,
        severity,
        title,
        fix,
        source,
    }
}

use CheckId::*;
use Severity::{Advisory, Error};

/// Every check, in the order a run reports them.
pub const CATALOGUE: &[CheckInfo] = &[
    info(
        Profile001,
        "CERT-PROFILE-001",
        Advisory,
        "ProfileRequest is answered with Status 200 and a ProfileResponse",
        "answer ProfileRequest with a ProfileResponse listing the transactions and URLs you support",
        "cXML guide; CONFORMANCE.md status codes",
    ),
    info(
        Setup001,
        "CERT-SETUP-001",
        Error,
        "PunchOutSetupRequest create is answered with cXML Status 200",
        "authenticate the buyer's credentials and answer a create with Response/Status code=\"200\" and a PunchOutSetupResponse",
        "POS-02, CO-34, AR-33, G-08",
    ),
    info(
        Setup002,
        "CERT-SETUP-002",
        Error,
        "the setup answer arrives within the profile's reply limit",
        "answer the setup request at once; prepare the shopping session lazily when the StartPage is opened",
        "CO-24 (the order limit, applied to setup), AR-24 (unknown: procsim waits 60 s)",
    ),
    info(
        Setup003,
        "CERT-SETUP-003",
        Error,
        "the setup answer is a well-formed cXML Response (CX001, CX003)",
        "answer with <cXML payloadID timestamp><Response><Status/>...</Response></cXML> and nothing else in the body (no Header in a Response)",
        "POS-02, AR-22, AR-33",
    ),
    info(
        Setup004,
        "CERT-SETUP-004",
        Error,
        "the answer holds a StartPage URL that is absolute http(s)",
        "put the full URL, scheme and host included, in PunchOutSetupResponse/StartPage/URL",
        "POS-02",
    ),
    info(
        Setup005,
        "CERT-SETUP-005",
        Error,
        "the StartPage opens (GET answers 200)",
        "serve the StartPage to a browser that brings no cookie of yours: the URL alone must open the session",
        "POS-02, CO-34",
    ),
    info(
        Setup008,
        "CERT-SETUP-008",
        Advisory,
        "the StartPage is single-use: opening it again is refused",
        "consume the StartPage token when it is opened (or let it expire within minutes); a reusable link is a session anyone can replay",
        "POS-02; SPEC F1 (one-time StartPage)",
    ),
    info(
        Setup006,
        "CERT-SETUP-006",
        Error,
        "PunchOutSetupRequest edit re-opens the returned cart",
        "on operation=\"edit\" open a session pre-filled with the ItemOut lines, matched by SupplierPartID and SupplierPartAuxiliaryID",
        "POS-11, CO-13, AR-10",
    ),
    info(
        Setup007,
        "CERT-SETUP-007",
        Error,
        "PunchOutSetupRequest inspect shows the cart read-only",
        "on operation=\"inspect\" show the lines without letting them change; returning sends the same lines back",
        "POS-12, CO-13, AR-10",
    ),
    info(
        Auth001,
        "CERT-AUTH-001",
        Error,
        "a wrong shared secret is refused with cXML Status 401",
        "compare the Sender's SharedSecret (constant time) and answer 401 in a cXML Response when it differs",
        "POS-03, G-08, AR-32",
    ),
    info(
        Auth002,
        "CERT-AUTH-002",
        Error,
        "an unknown From identity is refused with a cXML 4xx Status",
        "look the buyer up by every From credential (domains case-insensitive) and answer 401 when none is known",
        "POS-04, POS-06, AR-05, AR-33",
    ),
    info(
        Auth003,
        "CERT-AUTH-003",
        Error,
        "a To identity that is not the supplier's is refused with a cXML 4xx Status",
        "check that To names your own identity and answer 401 (or 400) when it does not",
        "AR-04, AR-33",
    ),
    info(
        Req001,
        "CERT-REQ-001",
        Error,
        "malformed XML is refused with cXML Status 400 or 406",
        "answer a document that does not parse with <Status code=\"406\"> in a cXML Response, never an HTML page or a 5xx",
        "ORD-03, AR-22, CONFORMANCE.md status codes",
    ),
    info(
        Req002,
        "CERT-REQ-002",
        Error,
        "an unsupported request type is refused with a cXML 4xx Status (e.g. 450)",
        "answer request types you do not implement with <Status code=\"450\"> (Not Implemented), never 200 or 500",
        "ORD-03, CONFORMANCE.md status codes",
    ),
    info(
        Cart001,
        "CERT-CART-001",
        Error,
        "the cart comes back as a form field the profile accepts, posted to exactly the BrowserFormPost URL",
        "auto-submit a form to the BrowserFormPost URL byte for byte, with cxml-urlencoded or cxml-base64",
        "POM-01, POM-02, CO-14, AR-15, G-07",
    ),
    info(
        Cart002,
        "CERT-CART-002",
        Error,
        "the PunchOutOrderMessage echoes this session's BuyerCookie",
        "copy the setup request's BuyerCookie into the PunchOutOrderMessage of that session",
        "POM-03, G-06, AR-17",
    ),
    info(
        Cart003,
        "CERT-CART-003",
        Error,
        "the PunchOutOrderMessage is well-formed and passes the CX rules (the line rules CX043, CX045, CX047 are judged by CERT-CART-004, 006, 008, 009)",
        "run `procsim validate` on the cart document and fix what it reports",
        "POM-04, POM-07, CONFORMANCE.md",
    ),
    info(
        Cart004,
        "CERT-CART-004",
        Error,
        "every cart line carries an 8-digit UNSPSC Classification (when the profile requires it)",
        "give every ItemIn's ItemDetail a <Classification domain=\"UNSPSC\"> of exactly 8 digits",
        "POM-04, CO-15, AR-18; CX043",
    ),
    info(
        Cart005,
        "CERT-CART-005",
        Error,
        "every cart line carries a SupplierPartAuxiliaryID, which procsim keeps into edit and the order",
        "put your own line key in ItemID/SupplierPartAuxiliaryID and resolve it when it comes back in ItemOut",
        "POM-06, CO-17",
    ),
    info(
        Cart006,
        "CERT-CART-006",
        Error,
        "every cart line's UnitOfMeasure is a UN/CEFACT Rec 20 code (when the profile requires it)",
        "write UN/CEFACT Rec 20 codes in UnitOfMeasure (EA, not each; upper case)",
        "POM-05, CO-15, AR-19; CX045",
    ),
    info(
        Cart007,
        "CERT-CART-007",
        Error,
        "every cart line has a Description (when the profile requires it)",
        "give every ItemIn's ItemDetail a non-empty <Description xml:lang=...>",
        "POM-04, CO-15",
    ),
    info(
        Cart008,
        "CERT-CART-008",
        Error,
        "the cart is in one currency: every UnitPrice and the Total (when the profile requires it)",
        "price every line and the Total in the same currency; split carts per currency",
        "POM-07; CX047",
    ),
    info(
        Cart009,
        "CERT-CART-009",
        Error,
        "the cart's Total equals the sum of quantity x unit price (when the profile requires it)",
        "compute PunchOutOrderMessageHeader/Total from the lines you send, after rounding each line",
        "POM-07; CX047",
    ),
    info(
        Order001,
        "CERT-ORDER-001",
        Error,
        "an OrderRequest built from the cart is answered 200 within the profile's timeout",
        "answer the OrderRequest synchronously with Status 200 and process it afterwards",
        "ORD-01, ORD-02, CO-24, AR-22",
    ),
    info(
        Order002,
        "CERT-ORDER-002",
        Error,
        "the same OrderRequest sent again is answered 200 (idempotent)",
        "recognise a repeated payloadID/orderID and answer 200 without creating a second order",
        "ORD-04, CO-26, G-04",
    ),
    info(
        Order003,
        "CERT-ORDER-003",
        Error,
        "an OrderRequest type=\"update\" is answered with success or a documented refusal, never a 5xx",
        "accept type=\"update\" for a known orderID, or refuse it with a 4xx saying why",
        "ORD-05, CO-21, AR-26",
    ),
    info(
        Order004,
        "CERT-ORDER-004",
        Error,
        "an OrderRequest type=\"delete\" is answered with success or a documented refusal, never a 5xx",
        "accept type=\"delete\" with its DocumentReference, or refuse it with a 4xx saying why",
        "ORD-06, AR-25",
    ),
];

impl CheckId {
    pub fn info(self) -> &'static CheckInfo {
        CATALOGUE
            .iter()
            .find(|info| info.id == self)
            .unwrap_or(&CATALOGUE[0])
    }

    pub fn code(self) -> &'static str {
        self.info().code
    }
}

impl std::fmt::Display for CheckId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_is_catalogued_once_and_named_as_serde_names_it() {
        for info in CATALOGUE {
            let json = serde_json::to_string(&info.id).unwrap();
            assert_eq!(json, format!("\"{}\"", info.code));
            assert_eq!(info.id.info().code, info.code);
        }
        let mut codes: Vec<_> = CATALOGUE.iter().map(|i| i.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), CATALOGUE.len());
    }

    #[test]
    fn docs_list_every_check_with_its_severity() {
        let docs = include_str!("../../docs/certify.md");
        for info in CATALOGUE {
            let row = docs
                .lines()
                .find(|line| line.starts_with(&format!("| {} |", info.code)))
                .unwrap_or_else(|| panic!("docs/certify.md has no row for {}", info.code));
            assert!(
                row.contains(&format!("| {} |", info.severity.as_str())),
                "{row}"
            );
        }
    }
}
