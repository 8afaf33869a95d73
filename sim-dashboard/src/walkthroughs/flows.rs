//! The walkthroughs, one per SPEC flow: what to do, where (service and
//! path, and as whom), and which journaled document shows it happened.
//! Data only; `super` turns it into progress and pages.

use service_kit::journal::Direction::{Inbound, Outbound};

use super::{Evidence, Step, Walkthrough};

const fn step(text: &'static str, service: &'static str, path: &'static str) -> Step {
    Step {
        text,
        service,
        path,
        sign_in: None,
        evidence: None,
    }
}

const fn as_user(text: &'static str, service: &'static str, email: &'static str) -> Step {
    Step {
        text,
        service,
        path: "/",
        sign_in: Some(email),
        evidence: None,
    }
}

const fn seen(mut step: Step, service: &'static str, document: &'static str, sent: bool) -> Step {
    step.evidence = Some(Evidence {
        service,
        document,
        direction: if sent { Outbound } else { Inbound },
        refused: false,
    });
    step
}

const fn refused(mut step: Step, service: &'static str, document: &'static str) -> Step {
    step.evidence = Some(Evidence {
        service,
        document,
        direction: Outbound,
        refused: true,
    });
    step
}

const SETUP: &str = "PunchOutSetupRequest";
const CART: &str = "PunchOutOrderMessage";
const ORDER: &str = "OrderRequest";
const INVOICE: &str = "InvoiceDetailRequest";

/// Jane's Coupa purchase up to the cart, shared by several flows.
const COUPA_PUNCHOUT: [Step; 3] = [
    as_user(
        "Sign in to Coupa as Jane Doe (requester)",
        "coupa",
        "jane@acme.test",
    ),
    seen(
        step(
            "Press the marketplace punchout button: Coupa sends a PunchOutSetupRequest and your browser lands in the storefront",
            "coupa",
            "/",
        ),
        "coupa",
        SETUP,
        true,
    ),
    seen(
        step(
            "Find a SaaS product with an upfront contract and press Request approval: the cart goes back to Coupa through your browser",
            "coupa",
            "/",
        ),
        "coupa",
        CART,
        false,
    ),
];

/// Submit, approve, order: what follows a Coupa cart.
const COUPA_ORDER: [Step; 4] = [
    step(
        "In Coupa's cart press Submit for approval",
        "coupa",
        "/cart",
    ),
    as_user(
        "Sign in as Mia (manager) and approve from the Approvals inbox",
        "coupa",
        "mia@acme.test",
    ),
    as_user(
        "Above 5,000 USD: sign in as Fin (finance) and approve too",
        "coupa",
        "fin@acme.test",
    ),
    seen(
        step(
            "On final approval Coupa issues the PO and sends the OrderRequest: open Orders to see the marketplace's answer",
            "coupa",
            "/orders",
        ),
        "coupa",
        ORDER,
        true,
    ),
];

pub(super) const ALL: &[Walkthrough] = &[
    Walkthrough {
        id: "F1",
        title: "Coupa PunchOut",
        summary: "A Coupa requester shops the marketplace from inside Coupa; the cart comes back as a PunchOutOrderMessage.",
        steps: &[
            COUPA_PUNCHOUT[0],
            COUPA_PUNCHOUT[1],
            COUPA_PUNCHOUT[2],
            step(
                "See the cart in Coupa; Edit or Inspect re-open it at the supplier",
                "coupa",
                "/cart",
            ),
        ],
    },
    Walkthrough {
        id: "F2",
        title: "Ariba PunchOut",
        summary: "The marketplace is an accepted Ariba supplier with a PunchOut item in its catalog; an Ariba requester punches out (level 1).",
        steps: &[
            step(
                "See the marketplace's relationship (accepted at start) as Ariba's admin",
                "ariba",
                "/admin/suppliers",
            ),
            as_user(
                "Sign in to Ariba as Sam (requester)",
                "ariba",
                "sam@globex.test",
            ),
            seen(
                step(
                    "Open the catalog and press the marketplace's PunchOut item",
                    "ariba",
                    "/catalog",
                ),
                "ariba",
                SETUP,
                true,
            ),
            seen(
                step(
                    "Request approval on a product: the cart returns to Ariba",
                    "ariba",
                    "/cart",
                ),
                "ariba",
                CART,
                false,
            ),
            step(
                "Submit the requisition; Mo (manager) and Fay (finance) approve",
                "ariba",
                "/requisitions",
            ),
            seen(
                step(
                    "The PO (EP-…) goes to the marketplace as an OrderRequest",
                    "ariba",
                    "/orders",
                ),
                "ariba",
                ORDER,
                true,
            ),
        ],
    },
    Walkthrough {
        id: "F3",
        title: "Coupa Open Buy",
        summary: "Coupa's in-tool search lists the marketplace's products; choosing one punches out straight to it (level 2).",
        steps: &[
            as_user("Sign in to Coupa as Jane Doe", "coupa", "jane@acme.test"),
            step(
                "Search for a product in Coupa",
                "coupa",
                "/search?q=analytics",
            ),
            seen(
                step(
                    "Choose a result: Coupa punches out with a SelectedItem to that product",
                    "coupa",
                    "/search?q=analytics",
                ),
                "coupa",
                SETUP,
                true,
            ),
            seen(
                step(
                    "Request approval: the cart returns to Coupa",
                    "coupa",
                    "/cart",
                ),
                "coupa",
                CART,
                false,
            ),
        ],
    },
    Walkthrough {
        id: "F4",
        title: "Approvals",
        summary: "A requisition runs through Coupa's chain: the manager always, finance from 5,000 USD. A rejection ends it with no PO.",
        steps: &[
            COUPA_PUNCHOUT[0],
            COUPA_PUNCHOUT[2],
            COUPA_ORDER[0],
            COUPA_ORDER[1],
            COUPA_ORDER[2],
            COUPA_ORDER[3],
            step(
                "Or reject instead: the requisition closes and nothing is sent",
                "coupa",
                "/requisitions",
            ),
        ],
    },
    Walkthrough {
        id: "F5",
        title: "PO and automatic subscription",
        summary: "The OrderRequest creates the agreement with the PO number and the account is mailed; the requester never returns to the marketplace.",
        steps: &[
            COUPA_PUNCHOUT[0],
            COUPA_PUNCHOUT[2],
            COUPA_ORDER[0],
            COUPA_ORDER[1],
            COUPA_ORDER[3],
            seen(
                step(
                    "The marketplace accepted it and created the agreement with the PO number",
                    "marketplace",
                    "/accounts/acct-coupa-001/agreements",
                ),
                "marketplace",
                ORDER,
                false,
            ),
            step(
                "Read the \"agreement created\" mail to buyer@acme.test",
                "mail",
                "/",
            ),
        ],
    },
    Walkthrough {
        id: "F6",
        title: "Upfront invoicing (Coupa only)",
        summary: "For an upfront contract the marketplace sends Coupa an InvoiceDetailRequest carrying the PO number; Coupa matches it.",
        steps: &[
            COUPA_PUNCHOUT[2],
            COUPA_ORDER[3],
            seen(
                step(
                    "The marketplace invoices the PO over cXML",
                    "marketplace",
                    "/accounts/acct-coupa-001/invoices",
                ),
                "marketplace",
                INVOICE,
                true,
            ),
            seen(
                step(
                    "See the invoice in Coupa's inbox, matched to the PO",
                    "coupa",
                    "/invoices",
                ),
                "coupa",
                INVOICE,
                false,
            ),
        ],
    },
    Walkthrough {
        id: "F7",
        title: "FPS private offer",
        summary: "A private offer with a flexible payment schedule is one cart line; each installment is invoiced on its date.",
        steps: &[
            COUPA_PUNCHOUT[0],
            seen(
                step(
                    "Punch out and request approval on Acme's private offer (the product page lists it)",
                    "coupa",
                    "/",
                ),
                "coupa",
                CART,
                false,
            ),
            COUPA_ORDER[0],
            COUPA_ORDER[3],
            step(
                "Move the clock to the next installment date (dashboard, Simulated clock)",
                "dashboard",
                "/#clock",
            ),
            seen(
                step(
                    "The installment's invoice reaches Coupa, which tracks invoiced vs ordered",
                    "coupa",
                    "/invoices",
                ),
                "coupa",
                INVOICE,
                false,
            ),
        ],
    },
    Walkthrough {
        id: "F8",
        title: "Pay as you go",
        summary: "PAYG goes to the cart as a 10,000 USD blanket; usage is billed on the marketplace's own monthly invoice, never as a cXML invoice.",
        steps: &[
            COUPA_PUNCHOUT[0],
            seen(
                step(
                    "Request approval on a PAYG option: one Material line of 1,000,000 × 0.01",
                    "coupa",
                    "/",
                ),
                "coupa",
                CART,
                false,
            ),
            COUPA_ORDER[0],
            COUPA_ORDER[3],
            step(
                "Advance the clock a month and see the monthly invoice in the marketplace",
                "marketplace",
                "/accounts/acct-coupa-001/invoices",
            ),
        ],
    },
    Walkthrough {
        id: "F9",
        title: "Free and BYOL",
        summary: "With pre-approval on, subscribing creates the agreement at once; off, it goes through Coupa as a 0.00 order.",
        steps: &[
            as_user(
                "Sign in to the marketplace as Acme's admin and look at Free/BYOL pre-approval",
                "marketplace",
                "admin@acme.test",
            ),
            COUPA_PUNCHOUT[0],
            seen(
                step(
                    "Request approval on a Free or BYOL product (pre-approval off): a 0.00 cart",
                    "coupa",
                    "/",
                ),
                "coupa",
                CART,
                false,
            ),
            COUPA_ORDER[3],
        ],
    },
    Walkthrough {
        id: "F10",
        title: "Expired private offer",
        summary: "If the offer expires while the requisition waits, the OrderRequest is refused and no agreement is made; a new punchout with the revised offer succeeds.",
        steps: &[
            COUPA_PUNCHOUT[0],
            seen(
                step("Request approval on Acme's private offer", "coupa", "/"),
                "coupa",
                CART,
                false,
            ),
            COUPA_ORDER[0],
            step(
                "Advance the clock past the offer's expiry",
                "dashboard",
                "/#clock",
            ),
            refused(
                step(
                    "Approve: the marketplace refuses the OrderRequest and the PO page says why",
                    "coupa",
                    "/orders",
                ),
                "coupa",
                ORDER,
            ),
        ],
    },
    Walkthrough {
        id: "F11",
        title: "Unsupported products",
        summary: "Professional services cannot be sent for approval; AMI and container contracts show no Request approval button.",
        steps: &[
            COUPA_PUNCHOUT[0],
            seen(
                step(
                    "Punch out and open a Professional Services or AMI contract product: no Request approval button",
                    "coupa",
                    "/",
                ),
                "coupa",
                SETUP,
                true,
            ),
        ],
    },
    Walkthrough {
        id: "F12",
        title: "Redirect to Coupa",
        summary: "With redirect on, Subscribe in the storefront (outside punchout) sends the user to Coupa to raise a requisition.",
        steps: &[
            as_user(
                "Sign in to the marketplace as Acme's admin; turn redirect on in Administration",
                "marketplace",
                "admin@acme.test",
            ),
            step(
                "Open a product in the storefront and press Subscribe: you land in Coupa",
                "marketplace",
                "/",
            ),
            seen(
                step(
                    "Coupa punches out to that product; request approval",
                    "coupa",
                    "/",
                ),
                "coupa",
                SETUP,
                true,
            ),
        ],
    },
    Walkthrough {
        id: "F13",
        title: "Private Marketplace",
        summary: "When enabled for an account, punchout and Open Buy search show only its pre-approved products.",
        steps: &[
            as_user(
                "Sign in to the marketplace as Acme's admin and enable the Private Marketplace",
                "marketplace",
                "admin@acme.test",
            ),
            COUPA_PUNCHOUT[0],
            seen(
                step(
                    "Punch out: the storefront lists only the pre-approved products",
                    "coupa",
                    "/",
                ),
                "coupa",
                SETUP,
                true,
            ),
        ],
    },
    Walkthrough {
        id: "F14",
        title: "Purchase Order Management",
        summary: "Either a procurement-system integration or PO management, never both; with PO management the user types the PO number at subscription.",
        steps: &[
            as_user(
                "Sign in to the marketplace as Acme's admin and open the account's settings",
                "marketplace",
                "admin@acme.test",
            ),
            step(
                "Turning PO management on with an integration enabled is refused",
                "marketplace",
                "/admin",
            ),
        ],
    },
    Walkthrough {
        id: "F15",
        title: "Administration",
        summary: "Only an account admin configures the integration: system, identities, shared secret, redirect, pre-approval, test mode.",
        steps: &[
            as_user(
                "Sign in to the marketplace as dev@acme.test (not an admin): the settings are refused",
                "marketplace",
                "dev@acme.test",
            ),
            as_user(
                "Sign in as admin@acme.test and change a setting",
                "marketplace",
                "admin@acme.test",
            ),
            seen(
                step("Punch out from Coupa with the saved settings", "coupa", "/"),
                "marketplace",
                SETUP,
                false,
            ),
        ],
    },
];
