//! `procsim certify supplier`: procsim plays a buyer platform (a built-in
//! profile or one from a TOML file) against a supplier's PunchOut site and
//! reports each catalogued check (docs/certify.md) as text, JSON or JUnit.
//! `procsim certify buyer` (`buyer`) is the other direction.
//!
//! Exit status: 0 when no error-level check failed, 1 otherwise, 2 on a
//! usage error (clap's own, an unreadable profile or recipe, no Chromium
//! for --cart script, an unwritable --out).

use std::{
    net::{IpAddr, Ipv4Addr, SocketAddr},
    path::PathBuf,
    process::ExitCode,
    sync::Arc,
    time::Duration,
};

use buyer_kit::{Identity, Profile};
use certify::{
    CartMode, CartPrompt, InvoicePrompt, Invoices, ManualCart, ScriptCart, SupplierTarget,
    cart::{browser::Browser, recipe::Recipe},
};
use clap::{Args, Subcommand, ValueEnum};
use cxml::SharedSecret;
use service_kit::{
    Clock, Storage,
    journal::{Dtds, Journal},
};
use sim_dashboard::handoff::{LiveRunRef, Progress};
use tokio::sync::mpsc::UnboundedReceiver;

mod buyer;
mod dashboard;

#[derive(Debug, Args)]
pub struct CertifyArgs {
    #[command(subcommand)]
    what: CertifyCommand,
}

#[derive(Debug, Subcommand)]
enum CertifyCommand {
    /// procsim is the buyer; judge a supplier's PunchOut site.
    Supplier(Box<SupplierArgs>),
    /// procsim is the supplier; judge a buyer system's setup request,
    /// order and round trip.
    Buyer(Box<buyer::BuyerArgs>),
}

/// The platform and the credentials of a run, in either direction.
#[derive(Debug, Args)]
struct Parties {
    /// coupa, ariba, or a profile file (copy buyer-kit/profiles/*.toml).
    #[arg(long, value_name = "coupa|ariba|FILE.toml")]
    platform: String,
    /// The buyer's identity in From.
    #[arg(long, value_name = "ID")]
    from: String,
    /// The supplier's identity in To (for `certify buyer`, the
    /// marketplace's, as the buyer writes it).
    #[arg(long, value_name = "ID")]
    to: String,
    /// The shared secret in Sender.
    #[arg(long, value_name = "SECRET")]
    secret: String,
    /// From's credential domain (default: the profile's).
    #[arg(long, value_name = "DOMAIN")]
    from_domain: Option<String>,
    /// To's credential domain (default: the profile's).
    #[arg(long, value_name = "DOMAIN")]
    to_domain: Option<String>,
    /// Sender's identity, when it is neither the buyer nor the profile's
    /// network (domain: the profile's).
    #[arg(long, value_name = "ID")]
    sender: Option<String>,
}

impl Parties {
    /// From, To and the Sender override, each domain defaulting to
    /// `profile`'s.
    fn identities(&self, profile: &Profile) -> (Identity, Identity, Option<Identity>) {
        let domain = &profile.credentials.domain;
        (
            Identity::new(self.from_domain.as_deref().unwrap_or(domain), &self.from),
            Identity::new(self.to_domain.as_deref().unwrap_or(domain), &self.to),
            self.sender.as_deref().map(|id| Identity::new(domain, id)),
        )
    }
}

#[derive(Debug, Args)]
struct SupplierArgs {
    /// Where the supplier takes PunchOutSetupRequests (its cXML URL).
    #[arg(long, value_name = "URL")]
    setup_url: String,
    /// Where it takes OrderRequests (the order checks need a cart: with
    /// --cart manual they run on the cart the person returns).
    #[arg(long, value_name = "URL")]
    order_url: Option<String>,
    #[command(flatten)]
    parties: Parties,
    /// How the cart comes back: `none` skips the cart checks; `manual`
    /// prints a StartPage link for a person to shop at and waits; `script
    /// FILE` has headless Chromium shop through the recipe in FILE.
    #[arg(long, num_args = 1..=2, value_names = ["none|manual|script", "FILE"],
          default_value = "none")]
    cart: Vec<String>,
    /// With --cart manual or script: how long to wait for the cart, in
    /// seconds.
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    cart_timeout: u64,
    /// With --cart manual (and --invoices): the host the person's browser
    /// (and the vendor's invoicing system) reaches procsim at, when it runs
    /// on another machine (procsim then listens on every interface);
    /// 127.0.0.1 by default.
    #[arg(long, value_name = "HOST")]
    return_host: Option<String>,
    /// With --cart manual: the port procsim listens on for the cart
    /// (default: any free port).
    #[arg(long, value_name = "PORT", default_value_t = 0)]
    return_port: u16,
    /// Open procsim's invoice inbox for this run (its URL is printed
    /// before anything is sent: configure it as this buyer's invoice
    /// endpoint) and, after the order, judge the InvoiceDetailRequests
    /// the supplier sends for the certified order (CERT-INV-*).
    #[arg(long)]
    invoices: bool,
    /// With --invoices: the port the invoice inbox listens on (default:
    /// any free port; fix it so the URL configured at the vendor stays
    /// valid). The host is --return-host's.
    #[arg(long, value_name = "PORT", default_value_t = 0)]
    invoice_port: u16,
    /// With --invoices: how long to wait after the order for an invoice
    /// naming it, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    invoice_timeout: u64,
    /// The official cXML DTDs: one version's folder or a folder of
    /// version folders (default: $PROCSIM_DTD_DIR, else the newest version
    /// `procsim dtd fetch` installed). The cart is validated against
    /// cXML.dtd and invoices against InvoiceDetail.dtd; without any, the
    /// CX rules only.
    #[arg(long, value_name = "DIR")]
    dtd_dir: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the report here instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Keep the run's journal in DIR (certify-journal.sqlite); in memory
    /// otherwise.
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Follow the run on the dashboard of a running `procsim up` (e.g.
    /// http://127.0.0.1:7700): it is listed there from the start (with the
    /// StartPage and the countdown while a person shops), then with its
    /// exchanges once done, and the report links to them.
    #[arg(long, value_name = "URL")]
    dashboard: Option<String>,
}

/// `--cart`, read.
enum Cart {
    None,
    Manual,
    Script(PathBuf),
}

impl Cart {
    fn of(values: &[String]) -> Result<Self, String> {
        match values {
            [mode] if mode == "none" => Ok(Cart::None),
            [mode] if mode == "manual" => Ok(Cart::Manual),
            [mode, file] if mode == "script" => Ok(Cart::Script(PathBuf::from(file))),
            [mode] if mode == "script" => {
                Err("--cart script needs the recipe: --cart script FILE".to_owned())
            }
            [mode, extra] if mode == "none" || mode == "manual" => {
                Err(format!("--cart {mode} takes no file (got {extra})"))
            }
            _ => Err(format!(
                "--cart takes none, manual or script FILE, not `{}`",
                values.join(" ")
            )),
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Junit,
    /// One self-contained page: the checks table with evidence and fixes.
    Html,
}

/// The cart mode, and with `manual` or `script` the prompts to print; a
/// recipe that cannot be read or no Chromium is a usage error.
fn cart_mode(args: &SupplierArgs) -> Result<(CartMode, Option<Prompts>), String> {
    let recipe = match Cart::of(&args.cart)? {
        Cart::None => return Ok((CartMode::None, None)),
        Cart::Manual => None,
        Cart::Script(file) => Some(Recipe::from_toml_file(&file).map_err(|e| e.to_string())?),
    };
    let (tell, prompts) = tokio::sync::mpsc::unbounded_channel();
    let mut manual = ManualCart::new(Duration::from_secs(args.cart_timeout)).telling(tell);
    manual.listen = listen_on(args.return_host.as_deref(), args.return_port);
    manual.return_host = args.return_host.clone();
    let Some(recipe) = recipe else {
        return Ok((CartMode::Manual(manual), Some((prompts, false))));
    };
    let browser = Browser::locate().map_err(|e| format!("--cart script: {e}"))?;
    // A failed step's screenshot goes next to the report, when there is one.
    let screenshots = match args.out.as_deref().map(std::path::Path::parent) {
        Some(Some(dir)) if !dir.as_os_str().is_empty() => dir.to_owned(),
        Some(_) => PathBuf::from("."),
        None => std::env::temp_dir(),
    };
    let script = ScriptCart {
        recipe,
        browser,
        cart: manual,
        screenshots,
    };
    Ok((CartMode::Script(script), Some((prompts, true))))
}

/// The address procsim listens on for the browser or the vendor's system:
/// loopback unless `--return-host` names another host.
fn listen_on(return_host: Option<&str>, port: u16) -> SocketAddr {
    let ip: IpAddr = match return_host {
        None | Some("127.0.0.1" | "localhost") => Ipv4Addr::LOCALHOST.into(),
        Some(_) => Ipv4Addr::UNSPECIFIED.into(),
    };
    SocketAddr::new(ip, port)
}

/// `--invoices`: the inbox's address, the wait and the DTDs, and the
/// prompts to print; none without the flag.
fn invoice_leg(args: &SupplierArgs) -> Option<(Invoices, UnboundedReceiver<InvoicePrompt>)> {
    if !args.invoices {
        return None;
    }
    let (tell, prompts) = tokio::sync::mpsc::unbounded_channel();
    let mut invoices = Invoices::new(Duration::from_secs(args.invoice_timeout)).telling(tell);
    invoices.listen = listen_on(args.return_host.as_deref(), args.invoice_port);
    invoices.host = args.return_host.clone();
    Some((invoices, prompts))
}

/// What the vendor sees on stderr about the invoices leg.
async fn tell_the_vendor(mut prompts: UnboundedReceiver<InvoicePrompt>) {
    while let Some(prompt) = prompts.recv().await {
        match prompt {
            InvoicePrompt::Inbox { url } => {
                eprintln!("procsim certify: the buyer's invoice inbox for this run is {url}");
                eprintln!(
                    "  (configure it as this buyer's cXML invoice URL in the supplier's system)"
                );
            }
            InvoicePrompt::NoInbox { reason } => {
                eprintln!("procsim certify: no invoice inbox: {reason}");
            }
            InvoicePrompt::Awaiting { order_id, timeout } => eprintln!(
                "procsim certify: waiting {} s for invoices of order {order_id}",
                timeout.as_secs()
            ),
            InvoicePrompt::Waiting { remaining } => eprintln!(
                "procsim certify: waiting for an invoice, {} s left",
                remaining.as_secs()
            ),
            InvoicePrompt::Arrived { payload_id, code } => {
                eprintln!("procsim certify: invoice {payload_id} arrived; answered {code}");
            }
            InvoicePrompt::TimedOut => {
                eprintln!("procsim certify: no invoice for the certified order came in time");
            }
        }
    }
}

/// The prompts, and whether Chromium (not a person) shops.
type Prompts = (UnboundedReceiver<CartPrompt>, bool);

/// A run begun on the dashboard (`--dashboard`): where, and the run there.
struct LiveRun {
    base: String,
    run: LiveRunRef,
}

impl LiveRun {
    /// Tells the dashboard what `prompt` means for the run's page: the
    /// StartPage and the countdown while the person shops, and that the
    /// wait is over. A dashboard gone quiet costs the live view only.
    async fn follow(&self, prompt: &CartPrompt) {
        let progress = match prompt {
            CartPrompt::Shop {
                start_page,
                browser_form_post,
                timeout,
            } => {
                let deadline = jiff::Timestamp::now()
                    .checked_add(jiff::SignedDuration::try_from(*timeout).unwrap_or_default())
                    .unwrap_or(jiff::Timestamp::MAX);
                Progress::Waiting {
                    start_page: start_page.clone(),
                    browser_form_post: browser_form_post.clone(),
                    deadline: deadline.to_string(),
                }
            }
            CartPrompt::Arrived { .. } | CartPrompt::TimedOut | CartPrompt::NoSession { .. } => {
                Progress::Running
            }
            CartPrompt::Waiting { .. } | CartPrompt::Step { .. } => return,
        };
        self.tell(progress).await;
    }

    async fn tell(&self, progress: Progress) {
        if let Err(err) = dashboard::progress(&self.base, &self.run, progress).await {
            eprintln!("procsim certify: --dashboard: {err}");
        }
    }
}

/// What a person sees on stderr while a cart run waits, and on the run's
/// dashboard page when it is `live` there.
async fn tell_the_person((mut prompts, scripted): Prompts, live: Option<Arc<LiveRun>>) {
    while let Some(prompt) = prompts.recv().await {
        say(&prompt, scripted);
        if let Some(live) = &live {
            live.follow(&prompt).await;
        }
    }
}

/// What a prompt tells the person on stderr.
fn say(prompt: &CartPrompt, scripted: bool) {
    match prompt {
        CartPrompt::Shop {
            start_page,
            browser_form_post,
            timeout,
        } if scripted => {
            eprintln!("procsim certify: headless Chromium opens the StartPage {start_page}");
            eprintln!(
                "  (the supplier must post the cart to {browser_form_post}; waiting {} s)",
                timeout.as_secs()
            );
        }
        CartPrompt::Step { number, of, step } => {
            eprintln!("procsim certify: step {number} of {of}: {step}");
        }
        CartPrompt::Shop {
            start_page,
            browser_form_post,
            timeout,
        } => {
            eprintln!(
                "procsim certify: open this StartPage in a browser, shop, and return the cart:"
            );
            eprintln!("  {start_page}");
            eprintln!(
                "  (the supplier must post the cart to {browser_form_post}; waiting {} s)",
                timeout.as_secs()
            );
        }
        CartPrompt::Waiting { remaining } => {
            eprintln!(
                "procsim certify: waiting for the cart, {} s left",
                remaining.as_secs()
            );
        }
        CartPrompt::Arrived { path } => {
            eprintln!("procsim certify: a cart arrived at {path}; checking it and ordering");
        }
        CartPrompt::TimedOut => {
            eprintln!("procsim certify: no cart came back in time");
        }
        CartPrompt::NoSession { reason } => {
            eprintln!("procsim certify: no shopping session: {reason}");
        }
    }
}

pub fn run(args: CertifyArgs) -> ExitCode {
    let parties = match &args.what {
        CertifyCommand::Supplier(args) => &args.parties,
        CertifyCommand::Buyer(args) => args.parties(),
    };
    if let Some(warning) = short_secret(&parties.secret) {
        eprintln!("procsim certify: {warning}");
    }
    match args.what {
        CertifyCommand::Supplier(args) => supplier(*args),
        CertifyCommand::Buyer(args) => buyer::run(*args),
    }
}

/// Below this many characters a shared secret is worth a warning: every
/// occurrence of it is masked in the journal and the report, wherever it
/// stands, so a short one garbles them (`s` turns `Response` into
/// `Re***pon***e`).
const SHORT_SECRET: usize = 8;

fn short_secret(secret: &str) -> Option<String> {
    let length = secret.chars().count();
    (length < SHORT_SECRET).then(|| {
        format!(
            "the shared secret is {length} character(s) long; procsim masks every occurrence of \
             it in the journal and the report, so a short one garbles their text (a real \
             connection's secret is longer)"
        )
    })
}

fn usage(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("procsim certify supplier: {message}");
    ExitCode::from(2)
}

/// `coupa`, `ariba`, or a profile file.
fn load_profile(platform: &str) -> Result<Profile, buyer_kit::profile::ProfileError> {
    let file = std::path::Path::new(platform);
    if Profile::builtin_names().any(|name| name == platform) || !file.exists() {
        // A name that is neither built in nor a file is reported as an
        // unknown built-in, which lists the ones there are.
        Profile::builtin(platform)
    } else {
        Profile::from_toml_file(file)
    }
}

fn supplier(args: SupplierArgs) -> ExitCode {
    let profile = match load_profile(&args.parties.platform) {
        Ok(profile) => profile,
        Err(err) => return usage(err),
    };
    if let Err(err) = writable(args.out.as_deref()) {
        return usage(err);
    }
    let (from, to, sender) = args.parties.identities(&profile);
    let (cart, prompts) = match cart_mode(&args) {
        Ok(mode) => mode,
        Err(err) => return usage(err),
    };
    let invoice_prompts = invoice_leg(&args);
    // --dtd-dir, $PROCSIM_DTD_DIR, else the newest version `procsim dtd
    // fetch` installed; none: the cart and invoices are judged by the CX
    // rules alone, and the evidence says so.
    // The run's journal checks every document against them too.
    let shelf = match procsim::dtd_store::locate(args.dtd_dir.clone()) {
        Ok(shelf) => shelf,
        Err(err) => return usage(err),
    };
    let dtds = Dtds::new(shelf);
    let target = SupplierTarget {
        setup_url: args.setup_url,
        order_url: args.order_url,
        from,
        to,
        sender,
        secret: SharedSecret::new(args.parties.secret.as_str()),
        profile,
        cart,
        invoices: invoice_prompts
            .as_ref()
            .map(|(invoices, _)| invoices.clone()),
        dtds: dtds.clone(),
    };
    let storage = match args.data_dir {
        Some(dir) => Storage::Dir(dir),
        None => Storage::Memory,
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => return usage(format!("cannot start the async runtime: {err}")),
    };
    let cart_mode = args.cart.first().map_or("none", String::as_str).to_owned();
    let report = runtime.block_on(async {
        let clock = Clock::starting_at(jiff::Timestamp::now());
        let journal = Journal::open(&storage, "certify", clock.clone())
            .map_err(|err| format!("cannot open the journal: {err}"))?
            .checking_dtds(dtds);
        let live = match &args.dashboard {
            Some(base) => begin_on_dashboard(base, &target, &cart_mode).await,
            None => None,
        };
        if let Some(prompts) = prompts {
            tokio::spawn(tell_the_person(prompts, live.clone()));
        }
        if let Some((_, prompts)) = invoice_prompts {
            tokio::spawn(tell_the_vendor(prompts));
        }
        let report = certify::certify_supplier(target, journal.clone(), clock).await;
        let Some(base) = &args.dashboard else {
            return Ok(report);
        };
        let exchanges = dashboard::exchanges_of(&journal, report.flow.as_deref()).await;
        Ok::<_, String>(to_dashboard(base, live, &cart_mode, report, exchanges).await)
    });
    let report = match report {
        Ok(report) => report,
        Err(err) => return usage(err),
    };
    deliver(&report, args.format, args.out.as_deref())
}

/// Begins the run on the dashboard at `base`, so its page follows it from
/// the start; `None` when the dashboard cannot take it (said on stderr:
/// the finished run is still handed over then).
async fn begin_on_dashboard(
    base: &str,
    target: &SupplierTarget,
    cart: &str,
) -> Option<Arc<LiveRun>> {
    let live = sim_dashboard::handoff::LiveRun {
        platform: target.profile.name.clone(),
        setup_url: target.setup_url.clone(),
        order_url: target.order_url.clone(),
        cart: cart.to_owned(),
        started_at: jiff::Timestamp::now().to_string(),
    };
    match dashboard::begin(base, &live).await {
        Ok((run, page)) => {
            eprintln!("procsim certify supplier: follow the run on the dashboard: {page}");
            Some(Arc::new(LiveRun {
                base: base.to_owned(),
                run,
            }))
        }
        Err(err) => {
            eprintln!("procsim certify supplier: --dashboard: {err}");
            None
        }
    }
}

/// The report handed to the dashboard at `base` with the run's
/// `exchanges` (finishing the `live` run when it was begun there), or as
/// it is when that fails (said on stderr: the verdict stands either way,
/// and a live run is marked abandoned there).
async fn to_dashboard(
    base: &str,
    live: Option<Arc<LiveRun>>,
    cart: &str,
    report: certify::Report,
    exchanges: Result<Vec<service_kit::journal::ExchangeDetail>, String>,
) -> certify::Report {
    let command = format!("procsim certify {}", report.kind);
    let handed = match exchanges {
        Ok(exchanges) => {
            let run = live.as_ref().map(|live| live.run.clone());
            dashboard::hand_over(base, run, cart, report.clone(), exchanges).await
        }
        Err(err) => Err(err),
    };
    match handed {
        Ok(report) => {
            if let Some(links) = &report.dashboard {
                eprintln!("{command}: the run is on the dashboard: {}", links.run);
            }
            report
        }
        Err(err) => {
            eprintln!("{command}: --dashboard: {err}; the report has no dashboard links");
            if let Some(live) = live {
                live.tell(Progress::Abandoned { reason: err }).await;
            }
            report
        }
    }
}

/// Whether the report can be written to `out`, asked before the run: a
/// run can take minutes (a person shopping, an invoice awaited), and its
/// verdict must not be lost at the end. An existing file is opened for
/// appending (nothing is written to it); a new one is created, then
/// removed again.
fn writable(out: Option<&std::path::Path>) -> Result<(), String> {
    let Some(out) = out else { return Ok(()) };
    let cannot =
        |why: String| format!("--out: cannot write the report to {}: {why}", out.display());
    if out.is_dir() {
        return Err(cannot("it is a directory".to_owned()));
    }
    let checked = if out.exists() {
        std::fs::OpenOptions::new().append(true).open(out).map(drop)
    } else {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(out)
            .and_then(|file| {
                drop(file);
                std::fs::remove_file(out)
            })
    };
    checked.map_err(|err| cannot(err.to_string()))
}

/// Writes `report` as `format` to `out` (standard output without one);
/// exit 0 when certified, 1 when not, 2 when the file cannot be written.
fn deliver(report: &certify::Report, format: Format, out: Option<&std::path::Path>) -> ExitCode {
    let rendered = match format {
        Format::Text => certify::render::text(report),
        Format::Json => certify::render::json(report),
        Format::Junit => certify::render::junit(report),
        Format::Html => certify::render::html(report),
    };
    let command = format!("procsim certify {}", report.kind);
    match out {
        Some(path) => {
            if let Err(err) = std::fs::write(path, rendered) {
                eprintln!("{command}: cannot write {}: {err}", path.display());
                return ExitCode::from(2);
            }
            eprintln!(
                "{command}: report written to {} ({})",
                path.display(),
                report.verdict
            );
        }
        None => print!("{rendered}"),
    }
    if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
