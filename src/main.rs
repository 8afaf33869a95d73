//! The `procsim` command: parses arguments and hands over to the library.

use std::process::ExitCode;

use clap::Parser;

mod cli;

/// mimalloc rather than the system allocator: reading a large cXML
/// document makes tens of thousands of small allocations (one per field),
/// and mimalloc serves them in well under the time (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    cli::run(args)
}
