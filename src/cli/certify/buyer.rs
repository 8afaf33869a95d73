//! `procsim certify buyer`: procsim's marketplace is the supplier, the
//! user's system is the buyer. The command starts the marketplace alone
//! with a connection for the given identities and secret, tells where the
//! buyer must send its cXML, waits until the buyer has ordered (or the
//! timeout, or Ctrl-C), then judges the session in the marketplace's
//! journal with `certify::certify_buyer`.

use std::{
    net::{IpAddr, Ipv4Addr, SocketAddr},
    path::PathBuf,
    process::ExitCode,
    time::Duration,
};

use buyer_kit::{Identity, Profile, profile::SenderHabit};
use certify::{BuyerUnderTest, buyer_cert::journal};
use clap::Args;
use procsim::{
    MarketplaceAlone, MarketplaceAloneConfig, ProcsimConfig,
    config::{ConnectionFile, Credential},
};
use service_kit::journal::Dtds;

use super::{Format, Parties, deliver, load_profile, writable};

#[derive(Debug, Args)]
pub(super) struct BuyerArgs {
    #[command(flatten)]
    parties: Parties,
    /// The marketplace's port (default: any free port).
    #[arg(long, value_name = "PORT", default_value_t = 0)]
    port: u16,
    /// The address the marketplace listens on: 127.0.0.1 (this machine
    /// only) unless a buyer on another machine must reach it, e.g.
    /// 0.0.0.0.
    #[arg(long, value_name = "IP", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// The marketplace's base URL as the buyer and its users' browsers
    /// reach it, when that is not the address it listens on (a real
    /// tenant's test site reaching procsim through a tunnel or this
    /// machine's name, e.g. https://procsim.example.net): written in
    /// StartPages and printed for the buyer's configuration.
    #[arg(long, value_name = "URL", value_parser = public_url)]
    public_url: Option<String>,
    /// How long to wait for setup, cart and order, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 900)]
    timeout: u64,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the report here instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Keep the marketplace's databases and journal in DIR; in memory
    /// otherwise.
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Hand the finished run to the dashboard of a running `procsim up`
    /// (e.g. http://127.0.0.1:7700): it is listed there with the buyer's
    /// documents, and the report links to them.
    #[arg(long, value_name = "URL")]
    dashboard: Option<String>,
    /// The official cXML DTDs the buyer's setup request and order are
    /// validated against (CERT-BUYER-009, 016): one version's folder or a
    /// folder of version folders (default: $PROCSIM_DTD_DIR, else the
    /// versions `procsim dtd fetch` installed).
    #[arg(long, value_name = "DIR")]
    dtd_dir: Option<PathBuf>,
}

impl BuyerArgs {
    pub(super) fn parties(&self) -> &Parties {
        &self.parties
    }
}

fn usage(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("procsim certify buyer: {message}");
    ExitCode::from(2)
}

/// The buyer the report judges, from the arguments and the profile.
fn buyer_under_test(args: &BuyerArgs, profile: Profile, cxml_url: String) -> BuyerUnderTest {
    let (from, to, sender) = args.parties.identities(&profile);
    BuyerUnderTest::new(profile, from, to, sender, cxml_url)
}

/// The marketplace's connection for this buyer: the seeded Ariba
/// connection when the profile sends through a network, else the Coupa one.
fn connections(buyer: &BuyerUnderTest, secret: &str) -> ProcsimConfig {
    let credential = |i: &Identity| Credential {
        domain: i.domain.clone(),
        identity: i.identity.clone(),
    };
    let connection = ConnectionFile {
        from: Some(credential(&buyer.from)),
        to: Some(credential(&buyer.to)),
        sender: Some(credential(&buyer.sender)),
        shared_secret: Some(secret.to_owned()),
        supplier_cxml_url: None,
    };
    let mut config = ProcsimConfig::default();
    match buyer.profile.credentials.sender {
        SenderHabit::Network => config.ariba = connection,
        SenderHabit::From => config.coupa = connection,
    }
    config
}

pub(super) fn run(args: BuyerArgs) -> ExitCode {
    let profile = match load_profile(&args.parties.platform) {
        Ok(profile) => profile,
        Err(err) => return usage(err),
    };
    if let Err(err) = writable(args.out.as_deref()) {
        return usage(err);
    }
    let dtds = match procsim::dtd_store::locate(args.dtd_dir.clone()) {
        Ok(shelf) => Dtds::new(shelf),
        Err(err) => return usage(err),
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => return usage(format!("cannot start the async runtime: {err}")),
    };
    let report = runtime.block_on(certify(&args, profile, dtds));
    match report {
        Ok(report) => deliver(&report, args.format, args.out.as_deref()),
        Err(err) => usage(format!("{err:#}")),
    }
}

async fn certify(
    args: &BuyerArgs,
    profile: Profile,
    dtds: Dtds,
) -> anyhow::Result<certify::Report> {
    // The identities do not depend on the URL; it is filled in once bound.
    let mut buyer = buyer_under_test(args, profile, String::new());
    buyer.dtds = dtds.clone();
    let marketplace = MarketplaceAlone::start(MarketplaceAloneConfig {
        addr: SocketAddr::new(args.bind, args.port),
        public_url: args.public_url.clone(),
        clock_start: jiff::Timestamp::now(),
        data_dir: args.data_dir.clone(),
        catalog_size: None,
        connections: connections(&buyer, &args.parties.secret),
        dtds,
    })
    .await?;
    let local = marketplace.local_url().to_owned();
    buyer.cxml_url = marketplace.cxml_url();
    tell_where(
        &buyer,
        marketplace.marketplace_url(),
        marketplace.mail_url(),
        args.timeout,
    );
    let http = reqwest::Client::new();
    let waited = wait_for_order(&http, &local, Duration::from_secs(args.timeout)).await;
    let exchanges = journal::read_session_exchanges(&http, &local).await;
    marketplace.stop().await?;
    waited?;
    let exchanges = exchanges?;
    let report = certify::certify_buyer(&buyer, &exchanges);
    Ok(match &args.dashboard {
        Some(base) => {
            super::to_dashboard(base, None, "from the buyer", report, Ok(exchanges)).await
        }
        None => report,
    })
}

/// An http(s) URL with a host and nothing after its path.
fn public_url(text: &str) -> Result<String, String> {
    let url = reqwest::Url::parse(text).map_err(|err| format!("not a URL: {err}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err("an http:// or https:// URL with a host name".to_owned());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("a base URL, without ? or #".to_owned());
    }
    Ok(text.trim_end_matches('/').to_owned())
}

/// What the person configuring the buyer needs, on stderr.
fn tell_where(buyer: &BuyerUnderTest, base: &str, mail: &str, timeout: u64) {
    let named = |i: &Identity| format!("{}:{}", i.domain, i.identity);
    eprintln!(
        "procsim certify buyer: procsim's marketplace is the supplier for a {} buyer.",
        buyer.profile.name
    );
    eprintln!("  PunchOut and order URL (cXML): {}", buyer.cxml_url);
    eprintln!("  Storefront:                    {base}/");
    eprintln!("  Mail the marketplace sends:    {mail}/");
    eprintln!(
        "  The buyer sends From {}, To {}, Sender {} with the shared secret given.",
        named(&buyer.from),
        named(&buyer.to),
        named(&buyer.sender)
    );
    eprintln!(
        "procsim certify buyer: waiting up to {timeout} s for a punchout, a returned cart and the order (Ctrl-C judges what came so far)"
    );
}

/// Polls the journal, telling each document as it arrives, until the
/// buyer's OrderRequest, the timeout or Ctrl-C.
async fn wait_for_order(
    http: &reqwest::Client,
    marketplace: &str,
    timeout: Duration,
) -> Result<(), journal::JournalReadError> {
    let deadline = tokio::time::Instant::now() + timeout;
    let mut after = 0;
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        for exchange in journal::list_after(http, marketplace, after).await? {
            after = exchange.id;
            let status = exchange
                .cxml_status
                .map_or_else(String::new, |code| format!(", cXML {code}"));
            eprintln!(
                "procsim certify buyer: {} {} ({:?}{status})",
                exchange.document_type.as_deref().unwrap_or("a document"),
                match exchange.direction {
                    service_kit::journal::Direction::Inbound => "arrived",
                    service_kit::journal::Direction::Outbound => "sent to the browser",
                },
                exchange.peer,
            );
            if journal::is_buyer_order(&exchange) {
                return Ok(());
            }
        }
        tokio::select! {
            () = tokio::time::sleep_until(deadline) => {
                eprintln!("procsim certify buyer: the time is up; judging what came");
                return Ok(());
            }
            _ = &mut ctrl_c => {
                eprintln!("procsim certify buyer: interrupted; judging what came");
                return Ok(());
            }
            () = tokio::time::sleep(Duration::from_millis(500)) => {}
        }
    }
}
