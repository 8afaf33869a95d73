//! `procsim certify supplier`: procsim is the buyer, the vendor's system is
//! the supplier. [`certify_supplier`] runs the catalogue in order — the
//! ProfileRequest, the setup (`setup`), the variants of it a platform may
//! send (`tolerance`), the refusals a platform relies on (`refusals`),
//! then with `--cart manual` the person's shopping session
//! (with `--cart script`, Chromium's) and the cart checks (`shopping`),
//! edit and inspect of that cart (`reopen`) and the order leg (`orders`);
//! without a cart those are reported as skipped with their reason
//! (`--cart none`). With `--invoices` the invoice inbox opens before
//! anything is sent and the invoices for the certified order are judged
//! last (`crate::invoices`). The setup and order answers' envelopes are
//! read as the profile's `reply_envelope` says (`envelope`). Every
//! StartPage the checks open is a GET journaled in the run's flow
//! (`start_page`), so those checks link to the page the site served.

mod envelope;
mod orders;
mod page_controls;
mod refusals;
mod reopen;
mod setup;
mod shopping;
mod start_page;
mod tolerance;

use service_kit::{Clock, journal::Journal};

use crate::{
    buyer::{CartMode, SupplierTarget, VirtualBuyer},
    cart::{ManualCart, ScriptCart},
    catalogue::CheckId,
    invoices::{self, Inbox},
    report::{CheckResult, CheckStatus, Report},
};

/// Certifies the supplier of `target`, journaling every exchange in
/// `journal` (stamped by `clock`).
pub async fn certify_supplier(target: SupplierTarget, journal: Journal, clock: Clock) -> Report {
    let started_at = jiff::Timestamp::now().to_string();
    let buyer = VirtualBuyer::new(target, journal, clock);
    let invoice_run = invoice_run(&buyer);
    // Opened first: the vendor configures its URL before the order comes.
    let invoice_leg = invoices::open(&invoice_run).await;
    let mut checks = Vec::new();
    checks.push(setup::profile_request(&buyer).await);
    let created = setup::create(&buyer).await;
    // A refusal proves something only when the right credentials open a
    // session: otherwise the probes are refused for the same wrong reason.
    let accepted = created
        .checks
        .iter()
        .any(|c| c.id == CheckId::Setup001 && c.status == CheckStatus::Passed);
    checks.extend(created.checks);
    checks.extend(tolerance::all(&buyer, created.exchange.as_ref()).await);
    checks.extend(refusals::all(&buyer, accepted).await);
    match &buyer.target().cart {
        CartMode::None => checks.extend(without_cart(&buyer)),
        CartMode::Manual(_) | CartMode::Script(_) if !accepted => {
            checks.extend(without_cart(&buyer).into_iter().map(|c| {
                CheckResult::skipped(
                    c.id,
                    "the setup was refused (see CERT-SETUP-001): no session to shop in",
                )
            }))
        }
        CartMode::Manual(manual) => {
            checks.extend(with_cart(&buyer, manual, None, invoice_leg.inbox()).await);
        }
        CartMode::Script(script) => {
            let inbox = invoice_leg.inbox();
            checks.extend(with_cart(&buyer, &script.cart, Some(script), inbox).await);
        }
    }
    let invoiced = invoices::finish(&invoice_run, invoice_leg, &checks).await;
    checks.extend(invoiced);
    checks.sort_by_key(|c| catalogue_position(c.id));
    let target = buyer.target();
    Report::new(
        &target.profile.name,
        &target.setup_url,
        target.order_url.as_deref(),
        started_at,
        checks,
    )
    .in_flow(buyer.flow())
}

/// What the invoices leg takes from the run: the supplier under test
/// sends the invoices to the buyer procsim plays.
fn invoice_run(buyer: &VirtualBuyer) -> invoices::Run<'_> {
    let target = buyer.target();
    invoices::Run {
        invoices: target.invoices.as_ref(),
        expect: invoices::Expect {
            supplier: target.to.clone(),
            buyer: target.from.clone(),
            secret: target.secret.clone(),
            profile: target.profile.clone(),
            dtd: buyer.dtds().clone(),
        },
        flow: buyer.flow(),
        journal: buyer.journal(),
        clock: buyer.clock(),
    }
}

fn catalogue_position(id: CheckId) -> usize {
    crate::catalogue::CATALOGUE
        .iter()
        .position(|info| info.id == id)
        .unwrap_or(usize::MAX)
}

/// A person (or Chromium running `script`) shops; the cart, edit,
/// inspect and order checks on what comes back.
async fn with_cart(
    buyer: &VirtualBuyer,
    manual: &ManualCart,
    script: Option<&ScriptCart>,
    inbox: Option<&Inbox>,
) -> Vec<CheckResult> {
    let shopped = shopping::shop(buyer, manual, script).await;
    let mut checks = shopped.checks;
    match &shopped.listener {
        Some(listener) => {
            let browser = script.map(|script| &script.browser);
            checks.extend(reopen::both(buyer, &shopped.cart, listener.url(), browser).await);
        }
        None => checks.extend(
            [
                CheckId::Setup006,
                CheckId::Setup009,
                CheckId::Setup007,
                CheckId::Setup010,
            ]
            .map(|id| {
                CheckResult::skipped(
                    id,
                    "procsim has no BrowserFormPost URL to re-open the cart with",
                )
            }),
        ),
    }
    let order_url = buyer.target().order_url.clone();
    checks.extend(orders::all(buyer, &shopped.cart, order_url.as_deref(), inbox).await);
    checks
}

/// The checks that need a returned cart, skipped each with its reason.
fn without_cart(buyer: &VirtualBuyer) -> Vec<CheckResult> {
    use buyer_kit::profile::{Operation, OrderType};
    let profile = buyer.profile();
    let no_cart = "--cart none: no cart came back";
    let operation = |id, op: Operation, name: &str| {
        if profile.setup.uses(op) {
            CheckResult::skipped(id, format!("{no_cart} to re-open with {name}"))
        } else {
            CheckResult::skipped(
                id,
                format!("the {} profile does not use {name}", profile.name),
            )
        }
    };
    let order = |id, kind: Option<OrderType>, what: &str| match kind {
        Some(kind) if !profile.order.types.contains(&kind) => CheckResult::skipped(
            id,
            format!("the {} profile does not send {what}", profile.name),
        ),
        _ => CheckResult::skipped(id, format!("{no_cart} to build {what} from")),
    };
    vec![
        operation(CheckId::Setup006, Operation::Edit, "edit"),
        operation(CheckId::Setup009, Operation::Edit, "edit"),
        operation(CheckId::Setup007, Operation::Inspect, "inspect"),
        operation(CheckId::Setup010, Operation::Inspect, "inspect"),
        CheckResult::skipped(
            CheckId::Cart001,
            format!("{no_cart} to judge its transport"),
        ),
        CheckResult::skipped(
            CheckId::Cart002,
            format!("{no_cart} to compare its BuyerCookie"),
        ),
        CheckResult::skipped(CheckId::Cart003, format!("{no_cart} to validate")),
        CheckResult::skipped(CheckId::Cart004, format!("{no_cart} whose lines to judge")),
        CheckResult::skipped(
            CheckId::Cart005,
            format!("{no_cart} whose aux ids to follow"),
        ),
        CheckResult::skipped(CheckId::Cart006, format!("{no_cart} whose units to judge")),
        CheckResult::skipped(
            CheckId::Cart007,
            format!("{no_cart} whose descriptions to judge"),
        ),
        CheckResult::skipped(
            CheckId::Cart008,
            format!("{no_cart} whose currencies to judge"),
        ),
        CheckResult::skipped(CheckId::Cart009, format!("{no_cart} whose Total to judge")),
        order(CheckId::Order001, None, "an OrderRequest"),
        CheckResult::skipped(
            CheckId::Order002,
            format!("{no_cart}, so there is no OrderRequest to send twice"),
        ),
        order(
            CheckId::Order003,
            Some(OrderType::Update),
            "type=\"update\"",
        ),
        order(
            CheckId::Order004,
            Some(OrderType::Delete),
            "type=\"delete\"",
        ),
    ]
}
