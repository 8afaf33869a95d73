//! Command-line surface: `procsim up`, `procsim validate`, `procsim dtd`
//! and `procsim certify`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod certify;
mod dtd;
mod up;
mod validate;

#[derive(Debug, Parser)]
#[command(
    name = "procsim",
    version,
    about = "A local simulator of the cXML procurement ecosystem"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start the dashboard, marketplace, coupa, ariba and mail services.
    Up(up::UpArgs),
    /// Check cXML documents: well-formedness, DTD validity and the CX rules.
    Validate(validate::ValidateArgs),
    /// Install the official cXML DTDs in the user's cache, or list them.
    Dtd(dtd::DtdArgs),
    /// Play a buyer platform against a real supplier and judge it.
    Certify(certify::CertifyArgs),
}

/// Runs the chosen command and turns its outcome into the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Up(args) => up::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Dtd(args) => dtd::run(args),
        Command::Certify(args) => certify::run(args),
    }
}
