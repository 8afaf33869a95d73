//! `procsim validate FILE...` (wired up once the validator lands).

use std::{path::PathBuf, process::ExitCode};

use clap::Args;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    files: Vec<PathBuf>,
}

pub fn run(_args: ValidateArgs) -> ExitCode {
    ExitCode::from(2)
}
