//! The invoices leg (`--invoices`, CERT-INV-001 to 007): procsim opens the
//! platform's invoice inbox for the run ([`inbox`]) before anything is
//! sent, so a vendor can point their system at it; the order leg tells the
//! inbox which order it certifies before posting it; after the order leg
//! the run waits for InvoiceDetailRequests naming that order ([`wait`]).
//! The inbox answers each document as the platform would (200, or 401,
//! 450, 400, 417 with a text saying why) and journals it in the run's
//! flow; each document is judged when it arrives ([`judge`]) and the
//! checks sum the judgements up ([`checks`]).

mod checks;
mod inbox;
mod judge;
mod wait;

use std::{net::SocketAddr, time::Duration};

use buyer_kit::CartLine;
use tokio::sync::mpsc::UnboundedSender;

pub(crate) use inbox::Inbox;
pub(crate) use judge::Expect;
pub(crate) use wait::{Run, finish, open};

use crate::{catalogue::CheckId, report::CheckResult};

/// `--invoices`: where the inbox listens, how long the run waits for
/// invoices after the order, and who is told.
#[derive(Debug, Clone)]
pub struct Invoices {
    /// Where the inbox binds (`--invoice-port`; default `127.0.0.1:0`).
    /// A vendor configures the URL in their system, so a CLI user fixes
    /// the port.
    pub listen: SocketAddr,
    /// The host written in the inbox URL when the vendor's system reaches
    /// procsim from another machine (`--return-host`).
    pub host: Option<String>,
    /// How long to wait for invoices after the order leg.
    pub timeout: Duration,
    /// How often a [`InvoicePrompt::Waiting`] counts down.
    pub tick: Duration,
    /// Where the prompts go.
    pub prompts: Option<UnboundedSender<InvoicePrompt>>,
}

impl Invoices {
    /// An inbox on an ephemeral loopback port, waiting `timeout`.
    pub fn new(timeout: Duration) -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            host: None,
            timeout,
            tick: Duration::from_secs(10),
            prompts: None,
        }
    }

    /// Sends the prompts to `prompts`.
    pub fn telling(mut self, prompts: UnboundedSender<InvoicePrompt>) -> Self {
        self.prompts = Some(prompts);
        self
    }

    pub(crate) fn tell(&self, prompt: InvoicePrompt) {
        if let Some(prompts) = &self.prompts {
            // A listener that went away only stops hearing the countdown.
            let _ = prompts.send(prompt);
        }
    }
}

/// What the vendor is told about the invoices leg.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvoicePrompt {
    /// The inbox listens at `url`: configure it as this buyer's invoice
    /// endpoint.
    Inbox { url: String },
    /// The inbox could not be opened; the CERT-INV checks are skipped.
    NoInbox { reason: String },
    /// The order leg is over; invoices for `order_id` are awaited.
    Awaiting { order_id: String, timeout: Duration },
    /// Still waiting; this much time is left.
    Waiting { remaining: Duration },
    /// A document came; the inbox answered `code`.
    Arrived { payload_id: String, code: u16 },
    /// No invoice for the order came in time.
    TimedOut,
}

/// The order the invoices are judged against: what the order leg sent.
#[derive(Debug, Clone)]
pub(crate) struct Ordered {
    pub order_id: String,
    /// The OrderRequest's payloadID (Ariba's DocumentReference, AR-30).
    pub payload_id: String,
    pub lines: Vec<CartLine>,
}

/// Every invoice check, in catalogue order.
pub(crate) const ALL: [CheckId; 7] = [
    CheckId::Inv001,
    CheckId::Inv002,
    CheckId::Inv003,
    CheckId::Inv004,
    CheckId::Inv005,
    CheckId::Inv006,
    CheckId::Inv007,
];

/// Every invoice check skipped, saying `why`.
pub(crate) fn skipped_all(why: &str) -> Vec<CheckResult> {
    ALL.iter()
        .map(|id| CheckResult::skipped(*id, why))
        .collect()
}
