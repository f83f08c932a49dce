//! Command-line interface: one file per subcommand.
//!
//! Each subcommand module defines its clap `Args` struct and a `run`
//! function that reads inputs, calls an engine and hands the result to a
//! printer in [`crate::report`].

use clap::{Parser, Subcommand};

use crate::Error;

pub mod assign;
pub mod bench;
pub mod generate;
pub mod simulate;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  internal error
  2  bad input (the message names the file, line, column or key to change)
  3  infeasible: the input is valid but no assignment satisfies it (assign)
  4  no assignment found within the time limit, none proven impossible (assign)";

/// Exit codes of the commands that solve no assignment.
const EXIT_CODES_NO_SOLVE: &str = "\
Exit codes:
  0  success
  1  internal error
  2  bad input (the message names the file, line, column or key to change)";

/// Exit codes of `tcplan bench` and its subcommands.
pub(crate) const EXIT_CODES_BENCH: &str = "\
Exit codes:
  0  success (every reported value was checked feasible)
  1  internal error, or a solution that failed its feasibility check
  2  bad input (the message names the file, line, column or key to change)";

/// Territory and capacity planning for product-led B2B SaaS.
#[derive(Debug, Parser)]
#[command(name = "tcplan", version, about, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Monte Carlo headcount plan from a scenario file.
    #[command(after_help = EXIT_CODES_NO_SOLVE)]
    Simulate(simulate::SimulateArgs),
    /// Assign accounts to reps in balanced territories.
    #[command(after_help = EXIT_CODES)]
    Assign(assign::AssignArgs),
    /// Write synthetic accounts and reps CSV files.
    #[command(after_help = EXIT_CODES_NO_SOLVE)]
    Generate(generate::GenerateArgs),
    /// Measure the solvers on benchmark instances and generated territories.
    #[command(after_help = EXIT_CODES_BENCH)]
    Bench(bench::BenchArgs),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Simulate(args) => simulate::run(args),
        Command::Assign(args) => assign::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Bench(args) => bench::run(args),
    }
}

/// The error and its causes on one line, outermost first, without repeats.
pub fn cause_chain(err: &Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        let text = e.to_string();
        if parts.last().is_none_or(|last| !last.contains(&text)) {
            parts.push(text);
        }
        current = e.source();
    }
    parts.join(": ")
}
