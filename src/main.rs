//! The `tcplan` binary: parse arguments, run, print the one error, exit.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = tcplan::cli::Cli::parse();
    match tcplan::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("tcplan: error: {}", tcplan::cli::cause_chain(&err));
            ExitCode::from(err.exit_code() as u8)
        }
    }
}
