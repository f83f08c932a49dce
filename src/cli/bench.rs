//! `tcplan bench`: measure the solvers on benchmark instances.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};

use crate::assign::{SolveOptions, Strategy};
use crate::bench::{read_gap_file, run_gap, BenchError, Reference, Sense};
use crate::output::Destination;
use crate::report::bench::{gap_json, gap_table};
use crate::Error;

/// Arguments of `tcplan bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Which benchmark to run.
    #[command(subcommand)]
    pub command: BenchCommand,
}

/// The benchmarks.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Solve OR-Library Generalized Assignment Problem files and compare
    /// with reference values.
    Gap(GapArgs),
}

/// Output format of a benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable table.
    Table,
    /// A versioned JSON document.
    Json,
}

/// Arguments of `tcplan bench gap`.
#[derive(Debug, Args)]
pub struct GapArgs {
    /// OR-Library GAP files: multi-problem (`gap1.txt`) or single-problem
    /// (`a05100`).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Reference values (CSV with Path, Item number, Agent number, Best
    /// known bound, Optimum, Best known solution value).
    #[arg(long, value_name = "CSV")]
    pub reference: Option<PathBuf>,
    /// Solving strategy.
    #[arg(long, value_enum, default_value_t = Strategy::Auto)]
    pub strategy: Strategy,
    /// Time limit per problem, in seconds.
    #[arg(long, value_name = "S", default_value_t = 10.0)]
    pub time_limit: f64,
    /// Minimise (the reference tables) or maximise the total cost.
    #[arg(long, value_enum, default_value_t = Sense::Min)]
    pub sense: Sense,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Seed of every randomised step.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
}

/// Runs `tcplan bench`.
pub fn run(args: BenchArgs) -> Result<(), Error> {
    match args.command {
        BenchCommand::Gap(gap) => run_gap_command(gap),
    }
}

fn run_gap_command(args: GapArgs) -> Result<(), Error> {
    let time_limit = Duration::try_from_secs_f64(args.time_limit)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| {
            Error::input(format!(
                "--time-limit must be a positive number of seconds, found {}",
                args.time_limit
            ))
        })?;

    let mut instances = Vec::new();
    for file in &args.files {
        instances.extend(read_gap_file(file).map_err(Error::input)?);
    }
    let reference = match &args.reference {
        Some(path) => Some(Reference::read(path).map_err(Error::input)?),
        None => None,
    };

    let options = SolveOptions {
        strategy: args.strategy,
        time_limit,
        seed: args.seed,
    };
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(instances.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
                .expect("valid template"),
        );
        bar
    });
    let report = run_gap(
        &instances,
        reference.as_ref(),
        args.sense,
        &options,
        |row| {
            if let Some(bar) = &bar {
                bar.set_message(row.name.clone());
                bar.inc(1);
            }
        },
    )
    .map_err(|e| match e {
        BenchError::Unchecked { .. } => Error::Internal(anyhow::Error::new(e)),
        other => Error::input(other),
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }

    let text = match args.format {
        Format::Table => gap_table(&report),
        Format::Json => gap_json(&report),
    };
    Destination::Stdout.write(text.as_bytes())?;
    Ok(())
}
