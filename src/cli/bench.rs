//! `tcplan bench`: measure the solvers on benchmark instances.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};

use crate::assign::{SolveOptions, Strategy};
use crate::bench::territory::{parse_sizes, GeneratorKnobs, DEFAULT_EXACT_MAX_PAIRS};
use crate::bench::{
    read_gap_file_as, run_gap, run_territory, BenchError, Layout, Reference, Sense, TerritoryBench,
    TerritoryBenchError,
};
use crate::output::Destination;
use crate::report::bench::{gap_json, gap_table, strategy_name, territory_json, territory_table};
use crate::territory::generate::GeneratorSpec;
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
    #[command(after_help = super::EXIT_CODES_BENCH)]
    Gap(GapArgs),
    /// Generate seeded territory instances and report time, max deviation,
    /// moves and bound per strategy and LP backend.
    #[command(after_help = super::EXIT_CODES_BENCH)]
    Territory(TerritoryArgs),
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
    /// Solving strategy. For GAP files (no balance term) every strategy
    /// runs the Lagrangian branch-and-bound, which needs no LP: `exact`
    /// searches until it proves the optimum or the time limit passes,
    /// `heuristic` stops after the root relaxation, its repair heuristics
    /// and a short tabu search, and `auto` currently runs `exact`.
    #[arg(long, value_enum, default_value_t = Strategy::Auto, hide_possible_values = true)]
    pub strategy: Strategy,
    /// Time limit per problem, in seconds.
    #[arg(long, value_name = "S", default_value_t = 10.0)]
    pub time_limit: f64,
    /// Minimise (the reference tables) or maximise the total cost.
    #[arg(long, value_enum, default_value_t = Sense::Min)]
    pub sense: Sense,
    /// File layout: recognised from the number count (auto), a problem
    /// count then the problems (multi, gap1.txt), or one problem (single,
    /// a05100).
    #[arg(long, value_enum, default_value_t = Layout::Auto)]
    pub layout: Layout,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Seed of every randomised step.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
}

/// Arguments of `tcplan bench territory`.
#[derive(Debug, Args)]
pub struct TerritoryArgs {
    /// Instance sizes: comma-separated ACCOUNTSxREPS entries.
    #[arg(long, value_name = "LIST", default_value = "1000x10,10000x50")]
    pub sizes: String,
    /// Strategies to run on every size, comma-separated.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_values_t = [Strategy::Auto, Strategy::Heuristic]
    )]
    pub strategies: Vec<Strategy>,
    /// Seed of the generator and of the solver.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Time limit per solve, in seconds.
    #[arg(long, value_name = "S", default_value_t = 10.0)]
    pub time_limit: f64,
    /// Largest instance (eligible pairs) the exact strategy is run on; larger
    /// ones get a `skipped` row.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_EXACT_MAX_PAIRS)]
    pub exact_max_pairs: usize,
    /// Number of segments (reps specialise in one).
    #[arg(long, default_value_t = GeneratorSpec::default().segments)]
    pub segments: usize,
    /// Number of regions.
    #[arg(long, default_value_t = GeneratorSpec::default().regions)]
    pub regions: usize,
    /// Share of accounts with a current owner.
    #[arg(long, default_value_t = GeneratorSpec::default().owned_share)]
    pub owned: f64,
    /// Share of accounts in families.
    #[arg(long, default_value_t = GeneratorSpec::default().family_share)]
    pub families: f64,
    /// Share of owned, family-free accounts locked to their owner.
    #[arg(long, default_value_t = GeneratorSpec::default().lock_share)]
    pub locked: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Runs `tcplan bench`.
pub fn run(args: BenchArgs) -> Result<(), Error> {
    match args.command {
        BenchCommand::Gap(gap) => run_gap_command(gap),
        BenchCommand::Territory(territory) => run_territory_command(territory),
    }
}

/// The time limit as a positive duration, or a bad-input error.
fn time_limit(seconds: f64) -> Result<Duration, Error> {
    Duration::try_from_secs_f64(seconds)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| {
            Error::input(format!(
                "--time-limit must be a positive number of seconds, found {seconds}"
            ))
        })
}

/// A progress bar on stderr when it is a terminal.
fn progress(len: usize) -> Option<indicatif::ProgressBar> {
    std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(len as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
                .expect("valid template"),
        );
        bar
    })
}

fn run_territory_command(args: TerritoryArgs) -> Result<(), Error> {
    let bench = TerritoryBench {
        sizes: parse_sizes(&args.sizes).map_err(Error::input)?,
        strategies: args.strategies,
        generator: GeneratorKnobs {
            segments: args.segments,
            regions: args.regions,
            owned_share: args.owned,
            family_share: args.families,
            lock_share: args.locked,
        },
        seed: args.seed,
        time_limit: time_limit(args.time_limit)?,
        exact_max_pairs: args.exact_max_pairs,
    };
    bench.validate().map_err(Error::input)?;

    let bar = progress(bench.sizes.len() * bench.strategies.len());
    let report = run_territory(&bench, |row| {
        if let Some(bar) = &bar {
            bar.set_message(format!(
                "{}x{} {}",
                row.accounts,
                row.reps,
                strategy_name(row.requested)
            ));
            bar.inc(1);
        }
    })
    .map_err(|e| match e {
        TerritoryBenchError::Unchecked { .. } => Error::Internal(anyhow::Error::new(e)),
        other => Error::input(other),
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }

    let text = match args.format {
        Format::Table => territory_table(&report),
        Format::Json => territory_json(&report),
    };
    Destination::Stdout.write(text.as_bytes())?;
    Ok(())
}

fn run_gap_command(args: GapArgs) -> Result<(), Error> {
    let time_limit = time_limit(args.time_limit)?;

    let mut instances = Vec::new();
    for file in &args.files {
        instances.extend(read_gap_file_as(file, args.layout).map_err(Error::input)?);
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
    let bar = progress(instances.len());
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
