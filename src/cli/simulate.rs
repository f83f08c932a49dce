//! `tcplan simulate`: read a scenario, run the Monte Carlo engine, print.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::output::Destination;
use crate::scenario::{self, KeyPath};
use crate::simulate::{self, Model, Options};
use crate::Error;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable table, role by quarter.
    Table,
    /// Versioned JSON (`format_version` 1).
    Json,
    /// One row per role and quarter.
    Csv,
}

/// Arguments of `tcplan simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Scenario file (TOML, `version = 1`).
    #[arg(required_unless_present = "print_schema")]
    pub scenario: Option<PathBuf>,
    /// Number of trials [default: the scenario's, else 100000].
    #[arg(long)]
    pub trials: Option<u64>,
    /// Random seed; the same seed gives the same output [default: the scenario's, else 1].
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads; 0 uses every core. Does not change the results.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Confidence of the hiring plan, in (0, 1) [default: the scenario's, else 0.8].
    #[arg(long)]
    pub confidence: Option<f64>,
    /// Reported percentiles, comma-separated, each in (0, 100) [default: 10,50,90].
    #[arg(long, value_delimiter = ',')]
    pub percentiles: Option<Vec<f64>>,
    /// Add trials until every headcount percentile's standard error is below this many people.
    #[arg(long)]
    pub precision: Option<f64>,
    /// Cap on trials with --precision.
    #[arg(long, default_value_t = 10_000_000)]
    pub max_trials: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the result to this file instead of stdout (replaced atomically).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Print the JSON Schema of scenario files and exit.
    #[arg(long, hide = true)]
    pub print_schema: bool,
}

/// Most worker threads `--threads` accepts. More threads than cores only
/// add scheduling overhead (results do not depend on the count), and a
/// mistyped count such as 100000 would otherwise start that many threads.
const MAX_THREADS: usize = 1024;

fn bad_flag(flag: &str, found: impl std::fmt::Display, allowed: &str) -> Error {
    Error::input(format!("{flag}: found {found}; allowed: {allowed}"))
}

/// Settings from the flags, falling back to the scenario's defaults.
fn options(args: &SimulateArgs, s: &scenario::Scenario) -> Result<Options, Error> {
    let defaults = Options::default();
    let sim = &s.simulation;
    let opts = Options {
        trials: args
            .trials
            .or(sim.trials.map(|t| t as u64))
            .unwrap_or(defaults.trials),
        seed: args.seed.or(sim.seed).unwrap_or(defaults.seed),
        threads: args.threads,
        percentiles: args
            .percentiles
            .clone()
            .or(sim.percentiles.clone())
            .unwrap_or(defaults.percentiles),
        confidence: args
            .confidence
            .or(sim.confidence)
            .unwrap_or(defaults.confidence),
        precision: args.precision,
        max_trials: args.max_trials,
    };
    if opts.trials == 0 {
        return Err(bad_flag("--trials", 0, "a number of trials >= 1"));
    }
    if opts.threads > MAX_THREADS {
        return Err(bad_flag(
            "--threads",
            opts.threads,
            &format!("0 (one per core) up to {MAX_THREADS}"),
        ));
    }
    if !(opts.confidence > 0.0 && opts.confidence < 1.0) {
        return Err(bad_flag(
            "--confidence",
            opts.confidence,
            "a confidence in (0, 1)",
        ));
    }
    if let Err(issue) = scenario::check_percentiles(KeyPath::root(), &opts.percentiles) {
        return Err(bad_flag("--percentiles", issue.found, &issue.allowed));
    }
    if let Some(p) = opts.precision {
        if !(p.is_finite() && p > 0.0) {
            return Err(bad_flag(
                "--precision",
                p,
                "a standard error > 0, in people",
            ));
        }
    }
    if opts.max_trials == 0 {
        return Err(bad_flag("--max-trials", 0, "a number of trials >= 1"));
    }
    Ok(opts)
}

/// Runs `tcplan simulate`.
pub fn run(args: SimulateArgs) -> Result<(), Error> {
    let destination = Destination::from_arg(args.output.as_deref());
    if args.print_schema {
        destination.write(scenario::schema_json().as_bytes())?;
        return Ok(());
    }

    let path = args.scenario.as_deref().expect("clap requires a scenario");
    let scenario = scenario::load(path)?;
    let opts = options(&args, &scenario)?;
    let model = Model::new(&scenario);

    let bar = progress_bar(simulate::planned_trials(&opts));
    let outcome = simulate::simulate(&model, &opts, &|n| {
        if let Some(b) = &bar {
            b.inc(n);
        }
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }

    let text = match args.format {
        Format::Table => crate::report::simulate::table(&outcome),
        Format::Json => crate::report::simulate::json(&outcome),
        Format::Csv => crate::report::simulate::csv(&outcome)?,
    };
    destination.write(text.as_bytes())?;
    Ok(())
}

/// A progress bar on stderr, only when stderr is a terminal.
fn progress_bar(total: u64) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} {bar:40} {human_pos}/{human_len} trials ({per_sec}, eta {eta})",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}
