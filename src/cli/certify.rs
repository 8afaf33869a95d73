//! `procsim certify supplier`: procsim plays a buyer platform (a built-in
//! profile or one from a TOML file) against a supplier's PunchOut site and
//! reports each catalogued check (docs/certify.md) as text, JSON or JUnit.
//!
//! Exit status: 0 when no error-level check failed, 1 otherwise, 2 on a
//! usage error (clap's own, an unreadable profile, an unwritable --out).

use std::{path::PathBuf, process::ExitCode};

use buyer_kit::{Identity, Profile};
use certify::{CartMode, SupplierTarget};
use clap::{Args, Subcommand, ValueEnum};
use cxml::SharedSecret;
use service_kit::{Clock, Storage, journal::Journal};

#[derive(Debug, Args)]
pub struct CertifyArgs {
    #[command(subcommand)]
    what: CertifyCommand,
}

#[derive(Debug, Subcommand)]
enum CertifyCommand {
    /// procsim is the buyer; judge a supplier's PunchOut site.
    Supplier(SupplierArgs),
}

#[derive(Debug, Args)]
struct SupplierArgs {
    /// Where the supplier takes PunchOutSetupRequests (its cXML URL).
    #[arg(long, value_name = "URL")]
    setup_url: String,
    /// Where it takes OrderRequests (the order checks need a cart, so they
    /// are skipped with --cart none).
    #[arg(long, value_name = "URL")]
    order_url: Option<String>,
    /// The buyer's identity in From.
    #[arg(long, value_name = "ID")]
    from: String,
    /// The supplier's identity in To.
    #[arg(long, value_name = "ID")]
    to: String,
    /// The shared secret the supplier expects in Sender.
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
    /// coupa, ariba, or a profile file (copy buyer-kit/profiles/*.toml).
    #[arg(long, value_name = "coupa|ariba|FILE.toml")]
    platform: String,
    /// How the cart comes back; only `none` in this version.
    #[arg(long, value_enum, default_value_t = Cart::None)]
    cart: Cart,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the report here instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Keep the run's journal in DIR (certify-journal.sqlite); in memory
    /// otherwise.
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Cart {
    None,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Junit,
}

pub fn run(args: CertifyArgs) -> ExitCode {
    match args.what {
        CertifyCommand::Supplier(args) => supplier(args),
    }
}

fn usage(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("procsim certify supplier: {message}");
    ExitCode::from(2)
}

fn supplier(args: SupplierArgs) -> ExitCode {
    let file = std::path::Path::new(&args.platform);
    let profile = if Profile::builtin_names().any(|name| name == args.platform) || !file.exists() {
        // A name that is neither built in nor a file is reported as an
        // unknown built-in, which lists the ones there are.
        Profile::builtin(&args.platform)
    } else {
        Profile::from_toml_file(file)
    };
    let profile = match profile {
        Ok(profile) => profile,
        Err(err) => return usage(err),
    };
    let domain = profile.credentials.domain.clone();
    let target = SupplierTarget {
        setup_url: args.setup_url,
        order_url: args.order_url,
        from: Identity::new(args.from_domain.as_deref().unwrap_or(&domain), &args.from),
        to: Identity::new(args.to_domain.as_deref().unwrap_or(&domain), &args.to),
        sender: args.sender.map(|id| Identity::new(&domain, &id)),
        secret: SharedSecret::new(args.secret.as_str()),
        profile,
        cart: match args.cart {
            Cart::None => CartMode::None,
        },
    };
    let storage = match args.data_dir {
        Some(dir) => Storage::Dir(dir),
        None => Storage::Memory,
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => return usage(format!("cannot start the async runtime: {err}")),
    };
    let report = runtime.block_on(async {
        let clock = Clock::starting_at(jiff::Timestamp::now());
        let journal = Journal::open(&storage, "certify", clock.clone())
            .map_err(|err| format!("cannot open the journal: {err}"))?;
        Ok::<_, String>(certify::certify_supplier(target, journal, clock).await)
    });
    let report = match report {
        Ok(report) => report,
        Err(err) => return usage(err),
    };
    let rendered = match args.format {
        Format::Text => certify::render::text(&report),
        Format::Json => certify::render::json(&report),
        Format::Junit => certify::render::junit(&report),
    };
    match &args.out {
        Some(path) => {
            if let Err(err) = std::fs::write(path, rendered) {
                return usage(format!("cannot write {}: {err}", path.display()));
            }
            eprintln!(
                "procsim certify supplier: report written to {} ({})",
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
