//! The cart leg: procsim's own BrowserFormPost URL (`listener`), where a
//! person (or a test playing one) returns the cart from the supplier's
//! page, and the checks of what arrives (`checks`: CERT-CART-*). With
//! `--cart script` headless Chromium ([`browser`]) is the person, going
//! through a [`recipe`] of steps ([`script`]).
//!
//! The library prints nothing: what a person must do and the countdown
//! are [`CartPrompt`]s sent to whoever holds the receiving end (the CLI
//! prints them on stderr; a test reads the StartPage URL from them).

pub mod browser;
pub(crate) mod checks;
pub(crate) mod listener;
pub mod recipe;
pub(crate) mod script;

pub use script::ScriptCart;

use std::{net::SocketAddr, time::Duration};

use tokio::sync::mpsc::UnboundedSender;

/// `--cart manual`: where procsim listens for the cart and how long it
/// waits for the person.
#[derive(Debug, Clone)]
pub struct ManualCart {
    /// Where the BrowserFormPost listener binds (default `127.0.0.1:0`, an
    /// ephemeral loopback port).
    pub listen: SocketAddr,
    /// The host written in the BrowserFormPost URL when the person's
    /// browser runs on another machine; the bound address otherwise.
    pub return_host: Option<String>,
    /// How long to wait for the cart.
    pub timeout: Duration,
    /// How often a [`CartPrompt::Waiting`] counts down.
    pub tick: Duration,
    /// Where the prompts go; none: nobody is told (a test that knows).
    pub prompts: Option<UnboundedSender<CartPrompt>>,
}

impl ManualCart {
    /// Waits `timeout` on an ephemeral loopback port, counting down every
    /// 10 s.
    pub fn new(timeout: Duration) -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            return_host: None,
            timeout,
            tick: Duration::from_secs(10),
            prompts: None,
        }
    }

    /// Sends the prompts to `prompts`.
    pub fn telling(mut self, prompts: UnboundedSender<CartPrompt>) -> Self {
        self.prompts = Some(prompts);
        self
    }

    pub(crate) fn tell(&self, prompt: CartPrompt) {
        if let Some(prompts) = &self.prompts {
            // A listener that went away only stops hearing the countdown.
            let _ = prompts.send(prompt);
        }
    }
}

/// What the person is told while a manual cart run waits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CartPrompt {
    /// Open `start_page`, shop, and return the cart; the supplier posts it
    /// to `browser_form_post`.
    Shop {
        start_page: String,
        browser_form_post: String,
        timeout: Duration,
    },
    /// Still waiting; this much time is left.
    Waiting { remaining: Duration },
    /// `--cart script`: Chromium starts step `number` of `of` (`step` as
    /// the recipe says it).
    Step {
        number: usize,
        of: usize,
        step: String,
    },
    /// A form was posted to the listener (at `path`); the checks run.
    Arrived { path: String },
    /// No cart came back in time.
    TimedOut,
    /// The shopping session could not start; the cart checks are skipped.
    NoSession { reason: String },
}
