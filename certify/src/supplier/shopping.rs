//! `--cart manual`: a second `create` whose BrowserFormPost URL is
//! procsim's own listener (the first one's StartPage was opened by the
//! setup checks, and a single-use one will not open again), the StartPage
//! handed to the person, a countdown, and the cart checks on what comes
//! back. The received cart is journaled (inbound, peer `browser`) like
//! the platforms' own `receive_cart` does. `--cart script` is the same
//! session with Chromium running the recipe instead of a person: a recipe
//! that brings no cart fails CERT-CART-001 as a person who never returns
//! one does, since an unattended run must not certify a cart it never saw.

use std::time::Instant;

use buyer_kit::{BuyerCookie, Cart};
use cxml::doc::PunchOutOperation;
use service_kit::journal::{Direction, NewExchange};
use tokio::time::{Duration, sleep_until};

use super::setup::{no_cxml, start_page_of};
use crate::{
    buyer::{SetupSession, VirtualBuyer},
    cart::{
        CartPrompt, ManualCart, ScriptCart,
        checks::{self, Expected},
        listener::{Received, ReturnListener},
        script,
    },
    catalogue::CheckId,
    report::{CheckResult, Evidence},
};

/// What the shopping leg leaves for the edit and order legs.
pub(super) struct Shopped {
    pub checks: Vec<CheckResult>,
    /// The cart, when one came back and can be ordered; else why not.
    pub cart: Result<Cart, String>,
    /// Kept listening for the edit and inspect sessions' return URL.
    pub listener: Option<ReturnListener>,
}

impl Shopped {
    fn none(reason: String, listener: Option<ReturnListener>) -> Self {
        Self {
            checks: checks::ALL
                .iter()
                .map(|id| CheckResult::skipped(*id, reason.clone()))
                .collect(),
            cart: Err(reason),
            listener,
        }
    }

    /// Nothing was posted: CERT-CART-001 fails saying `why`, the other
    /// checks are skipped for want of a cart.
    fn not_posted(why: String, skipped: String, listener: ReturnListener) -> Self {
        let mut shopped = Self::none(skipped, Some(listener));
        if let Some(first) = shopped.checks.first_mut() {
            *first = CheckResult::fail(CheckId::Cart001, Evidence::said(why));
        }
        shopped
    }
}

/// Why no cart came back.
enum NoCart {
    TimedOut,
    /// The recipe failed, or Chromium could not run it.
    Script(String),
}

/// Shops with `manual`'s listener and timeout; the person is Chromium
/// when `script` is given.
pub(super) async fn shop(
    buyer: &VirtualBuyer,
    manual: &ManualCart,
    script: Option<&ScriptCart>,
) -> Shopped {
    let mut listener = match ReturnListener::bind(manual, buyer.flow()).await {
        Ok(listener) => listener,
        Err(err) => {
            let reason = format!("procsim cannot listen on {}: {err}", manual.listen);
            manual.tell(CartPrompt::NoSession {
                reason: reason.clone(),
            });
            return Shopped::none(reason, None);
        }
    };
    let cookie = BuyerCookie::generate();
    let doc = buyer.setup_document(
        &buyer.identities(),
        SetupSession {
            operation: PunchOutOperation::Create,
            cookie: &cookie,
            return_url: listener.url(),
            items: &[],
        },
    );
    let start_page = match buyer.post(&doc).await {
        Ok(exchange) => start_page_of(&exchange).ok_or_else(|| {
            format!(
                "the shopping session's setup gave no absolute StartPage ({})",
                no_cxml(&exchange)
            )
        }),
        Err(err) => Err(format!("procsim could not write its setup request: {err}")),
    };
    let start_page = match start_page {
        Ok(url) => url,
        Err(reason) => {
            manual.tell(CartPrompt::NoSession {
                reason: reason.clone(),
            });
            return Shopped::none(reason, Some(listener));
        }
    };
    manual.tell(CartPrompt::Shop {
        start_page: start_page.clone(),
        browser_form_post: listener.url().to_owned(),
        timeout: manual.timeout,
    });
    let received = match script {
        None => wait(&mut listener, manual).await.ok_or(NoCart::TimedOut),
        Some(script) => scripted(script, &mut listener, &start_page, buyer.flow()).await,
    };
    let received = match received {
        Ok(received) => received,
        Err(NoCart::TimedOut) => {
            manual.tell(CartPrompt::TimedOut);
            let secs = manual.timeout.as_secs();
            return Shopped::not_posted(
                format!("nothing was posted to the BrowserFormPost URL within {secs} s"),
                format!("no cart came back within {secs} s (see CERT-CART-001)"),
                listener,
            );
        }
        Err(NoCart::Script(why)) => {
            return Shopped::not_posted(
                format!("nothing was posted to the BrowserFormPost URL: {why}"),
                "no cart came back: the recipe did not bring one (see CERT-CART-001)".to_owned(),
                listener,
            );
        }
    };
    manual.tell(CartPrompt::Arrived {
        path: received.path.clone(),
    });
    let journal_id = record(buyer, &received).await;
    let judged = checks::judge(
        &received,
        &Expected {
            url: listener.url(),
            path: listener.path(),
            cookie: &cookie,
            profile: buyer.profile(),
            journal_id,
            dtds: buyer.dtds(),
        },
    );
    Shopped {
        checks: judged.checks,
        cart: judged.cart,
        listener: Some(listener),
    }
}

/// Chromium runs the recipe until the cart arrives, the recipe fails or
/// `script`'s timeout passes; the browser is closed in each case.
async fn scripted(
    script: &ScriptCart,
    listener: &mut ReturnListener,
    start_page: &str,
    flow: &str,
) -> Result<Received, NoCart> {
    let chrome = script
        .browser
        .start()
        .await
        .map_err(|err| NoCart::Script(format!("procsim could not start Chromium: {err}")))?;
    let received = tokio::select! {
        // A cart posted by the step that failed still counts.
        biased;
        received = wait(listener, &script.cart) => received.ok_or(NoCart::TimedOut),
        why = script::run(script, &chrome, start_page, flow) => Err(NoCart::Script(why)),
    };
    chrome.close().await;
    received
}

/// The first form posted within the timeout, counting down every tick.
async fn wait(listener: &mut ReturnListener, manual: &ManualCart) -> Option<Received> {
    let deadline = tokio::time::Instant::now() + manual.timeout;
    let tick = manual.tick.max(Duration::from_millis(10));
    loop {
        let now = tokio::time::Instant::now();
        if now >= deadline {
            return None;
        }
        let next_tick = (now + tick).min(deadline);
        tokio::select! {
            received = listener.next() => return received,
            () = sleep_until(next_tick) => {
                let remaining = deadline.saturating_duration_since(tokio::time::Instant::now());
                if !remaining.is_zero() {
                    manual.tell(CartPrompt::Waiting { remaining });
                }
            }
        }
    }
}

/// Journals the cart as received from the browser, with its findings.
async fn record(buyer: &VirtualBuyer, received: &Received) -> Option<i64> {
    let started = Instant::now();
    let raw = checks::document(received).unwrap_or_else(|| received.body.clone());
    let findings = cxml::validate::check_without_dtd(&raw, &cxml::RuleContext::default());
    let payload_id = cxml::tree::parse(&raw)
        .ok()
        .and_then(|doc| doc.root().attr("payloadID").map(str::to_owned));
    let entry = NewExchange {
        direction: Direction::Inbound,
        peer: "browser".to_owned(),
        document_type: Some("PunchOutOrderMessage".to_owned()),
        payload_id,
        flow_id: Some(buyer.flow().to_owned()),
        http_status: None,
        cxml_status: None,
        latency: started.elapsed(),
        findings,
        response_findings: Vec::new(),
        raw,
        response_raw: None,
    };
    match buyer.journal().record(entry).await {
        Ok(id) => Some(id),
        Err(err) => {
            tracing::error!(%err, "could not journal the returned cart");
            None
        }
    }
}
