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
    #[serde(rename = "CERT-SETUP-009")]
    Setup009,
    #[serde(rename = "CERT-SETUP-010")]
    Setup010,
    #[serde(rename = "CERT-TOL-001")]
    Tol001,
    #[serde(rename = "CERT-TOL-002")]
    Tol002,
    #[serde(rename = "CERT-TOL-003")]
    Tol003,
    #[serde(rename = "CERT-TOL-004")]
    Tol004,
    #[serde(rename = "CERT-TOL-005")]
    Tol005,
    #[serde(rename = "CERT-TOL-006")]
    Tol006,
    #[serde(rename = "CERT-TOL-007")]
    Tol007,
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
    #[serde(rename = "CERT-INV-001")]
    Inv001,
    #[serde(rename = "CERT-INV-002")]
    Inv002,
    #[serde(rename = "CERT-INV-003")]
    Inv003,
    #[serde(rename = "CERT-INV-004")]
    Inv004,
    #[serde(rename = "CERT-INV-005")]
    Inv005,
    #[serde(rename = "CERT-INV-006")]
    Inv006,
    #[serde(rename = "CERT-INV-007")]
    Inv007,
    #[serde(rename = "CERT-BUYER-001")]
    Buyer001,
    #[serde(rename = "CERT-BUYER-002")]
    Buyer002,
    #[serde(rename = "CERT-BUYER-003")]
    Buyer003,
    #[serde(rename = "CERT-BUYER-004")]
    Buyer004,
    #[serde(rename = "CERT-BUYER-005")]
    Buyer005,
    #[serde(rename = "CERT-BUYER-006")]
    Buyer006,
    #[serde(rename = "CERT-BUYER-007")]
    Buyer007,
    #[serde(rename = "CERT-BUYER-008")]
    Buyer008,
    #[serde(rename = "CERT-BUYER-009")]
    Buyer009,
    #[serde(rename = "CERT-BUYER-010")]
    Buyer010,
    #[serde(rename = "CERT-BUYER-011")]
    Buyer011,
    #[serde(rename = "CERT-BUYER-012")]
    Buyer012,
    #[serde(rename = "CERT-BUYER-013")]
    Buyer013,
    #[serde(rename = "CERT-BUYER-014")]
    Buyer014,
    #[serde(rename = "CERT-BUYER-015")]
    Buyer015,
    #[serde(rename = "CERT-BUYER-016")]
    Buyer016,
    #[serde(rename = "CERT-BUYER-017")]
    Buyer017,
    #[serde(rename = "CERT-BUYER-018")]
    Buyer018,
    #[serde(rename = "CERT-BUYER-019")]
    Buyer019,
    #[serde(rename = "CERT-BUYER-020")]
    Buyer020,
    #[serde(rename = "CERT-BUYER-021")]
    Buyer021,
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
use Severity::{Advisory, Error, Warning};

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
        "procsim's assumption (setup.reply_timeout_secs; PLATFORMS.md has no setup limit: CO-24 is the order's, AR-24 unknown)",
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
        "PunchOutSetupRequest inspect re-opens the returned cart",
        "on operation=\"inspect\" answer 200 with a StartPage to a view of the ItemOut lines (CERT-SETUP-010 looks at that page)",
        "POS-12, CO-13, AR-10",
    ),
    info(
        Setup009,
        "CERT-SETUP-009",
        Error,
        "the page an edit StartPage opens shows the returned cart's lines",
        "on operation=\"edit\" put the ItemOut lines in the session's cart and show them (description, SupplierPartID or SupplierPartAuxiliaryID) on the StartPage; a supplier that ignores the ItemOut makes the person shop again (a page that draws the cart with script is read as rendered only under --cart script)",
        "POS-11, CO-13, AR-10",
    ),
    info(
        Setup010,
        "CERT-SETUP-010",
        Warning,
        "the page an inspect StartPage opens shows the returned cart's lines and nothing to change them",
        "on operation=\"inspect\" show the ItemOut lines read-only: no quantity, option or note fields (or disable them; readonly fixes text fields only), only the way back; returning sends the same lines",
        "POS-12, CO-13, AR-10",
    ),
    info(
        Tol001,
        "CERT-TOL-001",
        Warning,
        "a create declaring another cXML version in its DOCTYPE (the profile's dtd.setup_request_others) still opens a session",
        "never refuse a setup request for the version in its DOCTYPE: read any 1.1.x or 1.2.0xx document the same way",
        "POS-01, G-02, CO-01, AR-02, OR-02",
    ),
    info(
        Tol002,
        "CERT-TOL-002",
        Error,
        "a create whose credential domains are written in another case (duns, NetworkId) still opens a session",
        "compare credential domains case-insensitively (DUNS = duns = Duns, NetworkID = NetworkId); compare identities exactly",
        "POS-04, CO-03, AR-05",
    ),
    info(
        Tol003,
        "CERT-TOL-003",
        Warning,
        "a create carrying an Extrinsic the site cannot know still opens a session",
        "ignore Extrinsics you do not know; read the ones you use by name",
        "POS-09, G-10, CO-09, AR-11",
    ),
    info(
        Tol004,
        "CERT-TOL-004",
        Advisory,
        "a create carrying no Extrinsic at all still opens a session",
        "treat every Extrinsic as optional: open the session without the user's details rather than refuse it",
        "POS-09, G-10",
    ),
    info(
        Tol005,
        "CERT-TOL-005",
        Warning,
        "a create whose SupplierSetup names another URL, or that has none, still opens a session",
        "do not rely on SupplierSetup/URL: authenticate and route by the credentials and the URL the request was posted to",
        "POS-15, AR-12, CO-11",
    ),
    info(
        Tol006,
        "CERT-TOL-006",
        Error,
        "a create without deploymentMode is handled as production: accepted exactly as one declaring deploymentMode=\"production\" (when the profile omits it)",
        "read a Request without deploymentMode as production (cXML's default): same credentials, same configuration",
        "POS-08, CO-07, G-05",
    ),
    info(
        Tol007,
        "CERT-TOL-007",
        Warning,
        "a level-2 create whose SelectedItem the site does not know still opens a session whose StartPage opens (when the profile uses SelectedItem)",
        "when SelectedItem names an item you do not have, answer 200 and land on the catalog home (say the item is unavailable) rather than refuse or break",
        "POS-13, AR-13",
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
        "POS-06, AR-05, AR-33",
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
        "answer the OrderRequest synchronously, within the platform's timeout, with <cXML payloadID timestamp><Response><Status code=\"200\"/></Response></cXML> (no Header in a Response) and process it afterwards",
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
    info(
        Inv001,
        "CERT-INV-001",
        Error,
        "an InvoiceDetailRequest arrived at procsim's invoice inbox within the wait after the order",
        "configure procsim's invoice inbox URL as this buyer's invoice endpoint and invoice the certified order (POST text/xml)",
        "CO-29, AR-29, INV-01",
    ),
    info(
        Inv002,
        "CERT-INV-002",
        Error,
        "each invoice declares an InvoiceDetail.dtd version the profile accepts (Coupa: 1.2.x, else 450)",
        "declare <!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.0xx/InvoiceDetail.dtd\"> with a version the platform takes",
        "CO-29, CO-31, CO-02, INV-01",
    ),
    info(
        Inv003,
        "CERT-INV-003",
        Error,
        "each invoice carries the agreed credentials: From the supplier, To the buyer, the shared secret in Sender (else 401)",
        "send invoices with your identity in From and Sender, the buyer's in To, and the shared secret agreed with this buyer in Sender",
        "CO-04, CO-31, AR-32",
    ),
    info(
        Inv004,
        "CERT-INV-004",
        Error,
        "each invoice references the certified order: its orderID in OrderReference/DocumentReference@payloadID, OrderReference@orderID or OrderIDInfo (an unknown PO gets 417)",
        "put the buyer's orderID (the PO number) in InvoiceDetailOrderInfo/OrderReference (orderID and DocumentReference@payloadID); never invoice an order the buyer did not send",
        "CO-30, CO-31, AR-30, INV-02, INV-05; CX071",
    ),
    info(
        Inv005,
        "CERT-INV-005",
        Error,
        "each invoice line references an ordered line (lineNumber, SupplierPartID, aux id, unit of measure) and invoices no more than its quantity and unit price",
        "copy the PO line number, SupplierPartID, SupplierPartAuxiliaryID and UnitOfMeasure of the ordered line into each InvoiceDetailItem; invoice at most the ordered quantity and price",
        "CO-30, CO-31, INV-02",
    ),
    info(
        Inv006,
        "CERT-INV-006",
        Error,
        "each invoice's amounts add up: lines = SubtotalAmount; Gross, Net and Due follow from tax, shipping, discount and deposit (CX070)",
        "compute SubtotalAmount from the lines' SubtotalAmount, then Gross = Subtotal + Tax + Shipping + SpecialHandling, Net = Gross - Discount, Due = Net - Deposit",
        "CONFORMANCE.md; CX070",
    ),
    info(
        Inv007,
        "CERT-INV-007",
        Error,
        "each invoice reads as cXML, is valid against InvoiceDetail.dtd when the DTDs are at hand, and passes the CX rules (CX070 and CX071 are judged by CERT-INV-006 and 004)",
        "run `procsim validate` on the invoice and fix what it reports",
        "CO-31, CONFORMANCE.md",
    ),
    info(
        Buyer001,
        "CERT-BUYER-001",
        Error,
        "a PunchOutSetupRequest create reached the marketplace and was accepted with cXML Status 200",
        "send the create to the supplier's cXML URL with the agreed From, To and Sender identities and the shared secret in Sender",
        "POS-03, G-08, CO-03",
    ),
    info(
        Buyer002,
        "CERT-BUYER-002",
        Severity::Warning,
        "the setup request declares the profile's cXML DTD version",
        "write the DOCTYPE with the version the platform declares (Coupa 1.2.014; Ariba the current 1.2.x)",
        "CO-01, CO-02, AR-02, G-02",
    ),
    info(
        Buyer003,
        "CERT-BUYER-003",
        Error,
        "the setup request's From, To and Sender credentials are the profile's (domains and identities)",
        "put the buyer's credential in From, the supplier's in To, and in Sender the buyer (Coupa) or the network (Ariba) with the shared secret",
        "CO-03, AR-03, AR-05, AR-06",
    ),
    info(
        Buyer004,
        "CERT-BUYER-004",
        Error,
        "the setup request's deploymentMode is the profile's (absent reads as production)",
        "write deploymentMode as the platform does: test only from a test account, production (or nothing) otherwise",
        "G-05, CO-07, G-11, AR-07",
    ),
    info(
        Buyer005,
        "CERT-BUYER-005",
        Error,
        "the setup request carries a non-empty BuyerCookie",
        "send a fresh BuyerCookie per session and keep it to match the returned cart",
        "POM-03, G-06",
    ),
    info(
        Buyer006,
        "CERT-BUYER-006",
        Error,
        "the setup request carries a BrowserFormPost URL that is absolute http(s)",
        "send BrowserFormPost/URL with the full URL (scheme and host) the browser must post the cart to",
        "POM-01, G-07",
    ),
    info(
        Buyer007,
        "CERT-BUYER-007",
        Severity::Warning,
        "the setup request carries the profile's Extrinsics, non-empty",
        "send the user extrinsics the platform sends (e.g. UniqueName, UserEmail), each with a value",
        "CO-09, AR-11, G-10",
    ),
    info(
        Buyer008,
        "CERT-BUYER-008",
        Severity::Warning,
        "the setup request carries Contact role=\"endUser\" with a Name and an Email (when the profile sends one)",
        "add <Contact role=\"endUser\"> with the requester's Name and Email",
        "CO-10",
    ),
    info(
        Buyer009,
        "CERT-BUYER-009",
        Error,
        "the setup request is valid against its DTD (when the run has the DTDs) and passes the CX rules",
        "run `procsim validate` on the setup request and fix what it reports",
        "CONFORMANCE.md",
    ),
    info(
        Buyer010,
        "CERT-BUYER-010",
        Error,
        "an OrderRequest reached the marketplace and its credentials were accepted (no 401 or 403)",
        "send the OrderRequest to the supplier's cXML URL with the same identities and shared secret as the setup request",
        "ORD-01, G-08, CO-03, AR-06",
    ),
    info(
        Buyer011,
        "CERT-BUYER-011",
        Severity::Warning,
        "the OrderRequest declares the profile's cXML DTD version",
        "write the DOCTYPE with the version the platform declares for orders",
        "CO-01, CO-02, AR-02, G-02",
    ),
    info(
        Buyer012,
        "CERT-BUYER-012",
        Error,
        "the OrderRequest's From, To and Sender credentials are the profile's (domains and identities)",
        "send orders with the header of the setup request: the same From, To and Sender",
        "CO-03, AR-03, AR-05, AR-06",
    ),
    info(
        Buyer013,
        "CERT-BUYER-013",
        Error,
        "the OrderRequest header has an orderID, an orderDate, a type the profile sends and the profile's deploymentMode",
        "give every order a unique orderID and an orderDate, type=\"new\" for a first order, and the platform's deploymentMode",
        "ORD-01, ORD-05, CO-07, CO-21, AR-25",
    ),
    info(
        Buyer014,
        "CERT-BUYER-014",
        Error,
        "the OrderRequest is in one currency: every ItemOut UnitPrice and the Total",
        "price the order in the cart's currency, every line and the Total alike",
        "POM-07; CX047",
    ),
    info(
        Buyer015,
        "CERT-BUYER-015",
        Error,
        "the OrderRequest's Total equals the sum of quantity x unit price of its ItemOut",
        "compute OrderRequestHeader/Total from the ItemOut lines you send",
        "POM-07; CX047",
    ),
    info(
        Buyer016,
        "CERT-BUYER-016",
        Error,
        "the OrderRequest is valid against its DTD (when the run has the DTDs) and passes the CX rules (CX047 is judged by CERT-BUYER-014 and 015)",
        "run `procsim validate` on the OrderRequest and fix what it reports",
        "CONFORMANCE.md",
    ),
    info(
        Buyer017,
        "CERT-BUYER-017",
        Error,
        "round trip: every returned cart line is ordered, and every ItemOut comes from a cart line",
        "order the lines the cart returned, one ItemOut per ItemIn; add nothing the supplier did not return",
        "POM-06, ORD-01",
    ),
    info(
        Buyer018,
        "CERT-BUYER-018",
        Error,
        "round trip: SupplierPartID and SupplierPartAuxiliaryID come back as the cart sent them",
        "store ItemID/SupplierPartID and SupplierPartAuxiliaryID of each cart line verbatim and send them back in ItemOut",
        "POM-06, CO-16, CO-17",
    ),
    info(
        Buyer019,
        "CERT-BUYER-019",
        Error,
        "round trip: unit price, currency and quantity come back as the cart sent them",
        "keep each cart line's UnitPrice/Money, its currency and its quantity into the ItemOut",
        "POM-07, CO-16",
    ),
    info(
        Buyer020,
        "CERT-BUYER-020",
        Severity::Warning,
        "round trip: each line's Description comes back whole",
        "store the cart's Description in full (cXML sets no length) and send it back unchanged",
        "POM-04, CO-15",
    ),
    info(
        Buyer021,
        "CERT-BUYER-021",
        Severity::Warning,
        "round trip: UnitOfMeasure, Classification, ManufacturerPartID and the line's Extrinsics come back as sent",
        "carry the whole ItemDetail of each cart line into the ItemOut, extrinsics included",
        "POM-04, POM-05, CO-15",
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
