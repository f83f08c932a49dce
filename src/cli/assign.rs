//! `tcplan assign`: read accounts and reps, build balanced territories,
//! write the assignment and the rep summary.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, ValueEnum};

use crate::assign::bound::{metric_bound, metric_bound_from_objective};
use crate::assign::pareto::{adopt_better, frontier};
use crate::assign::{solve, SolveOptions, Status, Strategy};
use crate::report::assign as printer;
use crate::territory::explain::{explain, infeasibility};
use crate::territory::input::{check_map, check_references, read_accounts, read_costs, read_reps};
use crate::territory::{Config, InputError, Settings, Territory};
use crate::Error;

/// Output format of the summary on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable table.
    Table,
    /// Versioned JSON (`format_version` 1).
    Json,
}

/// Arguments of `tcplan assign`.
#[derive(Debug, Args)]
pub struct AssignArgs {
    /// Accounts CSV (account_id, potential, workload, segment, region,
    /// current_owner, locked_owner, parent_id; extra columns pass through).
    #[arg(long)]
    pub accounts: PathBuf,
    /// Reps CSV (rep_id, capacity, max_accounts, segments, regions,
    /// target_weight, role).
    #[arg(long)]
    pub reps: PathBuf,
    /// Config file (assign.toml); flags override it.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Column map for CRM exports: field=Column pairs, comma separated,
    /// e.g. account_id=Id,potential=Upgrade_Potential__c.
    #[arg(long, value_delimiter = ',')]
    pub map: Vec<String>,
    /// Per-pair costs CSV (account_id, rep_id, cost).
    #[arg(long)]
    pub costs: Option<PathBuf>,
    /// Objective weight of the total pair cost [default: 1].
    #[arg(long)]
    pub cost_weight: Option<f64>,
    /// Keep every rep within this relative deviation of its target potential
    /// (0.02 = 2 %) and minimise moves inside the band.
    #[arg(long)]
    pub max_deviation: Option<f64>,
    /// Also print the frontier of (max deviation, moves) points.
    #[arg(long)]
    pub pareto: bool,
    /// Solving strategy [default: auto].
    #[arg(long, value_enum)]
    pub strategy: Option<Strategy>,
    /// Time limit in seconds for the whole solve [default: 60].
    #[arg(long)]
    pub time_limit: Option<f64>,
    /// Seed of every randomised step [default: 0].
    #[arg(long)]
    pub seed: Option<u64>,
    /// Where to write the assignment CSV.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Where to write the rep summary CSV.
    #[arg(long)]
    pub summary: Option<PathBuf>,
    /// Format of the summary printed on stdout.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Weight of the account-count balance [default: 0].
    #[arg(long)]
    pub balance_accounts: Option<f64>,
    /// Weight of the workload balance [default: 0].
    #[arg(long)]
    pub balance_workload: Option<f64>,
    /// Weight of the high-potential-account-count balance [default: 0].
    #[arg(long)]
    pub balance_high_potential: Option<f64>,
    /// Objective weight of one moved account [default: 0.000001].
    #[arg(long)]
    pub move_weight: Option<f64>,
    /// Weigh moves by potential (an account of average potential counts 1).
    #[arg(long)]
    pub moves_by_potential: bool,
}

/// The proven reasons why no assignment exists.
#[derive(Debug, thiserror::Error)]
#[error("no assignment satisfies the constraints:\n  - {}", .0.join("\n  - "))]
pub struct Infeasible(pub Vec<String>);

fn input(err: InputError) -> Error {
    Error::input(err)
}

fn parse_map(pairs: &[String]) -> Result<HashMap<String, String>, InputError> {
    let mut map = HashMap::new();
    for pair in pairs.iter().filter(|p| !p.trim().is_empty()) {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(InputError::file(
                "--map",
                format!("`{pair}` is not field=Column; write e.g. account_id=Id"),
            ));
        };
        map.insert(key.trim().to_string(), value.trim().to_string());
    }
    check_map(&map, "--map")?;
    Ok(map)
}

fn check_weight(name: &str, value: Option<f64>) -> Result<(), Error> {
    match value {
        Some(v) if !(v.is_finite() && v >= 0.0) => Err(Error::input(InputError::file(
            name,
            format!("`{v}` is not a weight; write a number >= 0"),
        ))),
        _ => Ok(()),
    }
}

/// Settings and solve options from the config file and the flags.
fn settings(args: &AssignArgs, config: &Config) -> Result<(Settings, SolveOptions), Error> {
    for (name, value) in [
        ("--cost-weight", args.cost_weight),
        ("--max-deviation", args.max_deviation),
        ("--balance-accounts", args.balance_accounts),
        ("--balance-workload", args.balance_workload),
        ("--balance-high-potential", args.balance_high_potential),
        ("--move-weight", args.move_weight),
    ] {
        check_weight(name, value)?;
    }
    let defaults = Settings::default();
    let settings = Settings {
        potential_weight: config
            .balance
            .potential
            .unwrap_or(defaults.potential_weight),
        accounts_weight: args
            .balance_accounts
            .or(config.balance.accounts)
            .unwrap_or(0.0),
        workload_weight: args
            .balance_workload
            .or(config.balance.workload)
            .unwrap_or(0.0),
        high_potential_weight: args
            .balance_high_potential
            .or(config.balance.high_potential)
            .unwrap_or(0.0),
        high_potential_share: config
            .balance
            .high_potential_share
            .unwrap_or(defaults.high_potential_share),
        move_weight: args
            .move_weight
            .or(config.moves.weight)
            .unwrap_or(defaults.move_weight),
        moves_by_potential: args.moves_by_potential || config.moves.by_potential.unwrap_or(false),
        max_deviation: args.max_deviation.or(config.moves.max_deviation),
        cost_weight: args
            .cost_weight
            .or(config.costs.weight)
            .unwrap_or(defaults.cost_weight),
    };

    if let Some(band) = settings.max_deviation.filter(|&b| b > 1.0) {
        let key = if args.max_deviation.is_some() {
            "--max-deviation"
        } else {
            "moves.max_deviation"
        };
        return Err(Error::input(InputError::file(
            key,
            format!(
                "`{band}` is a fraction of each rep's target, so it allows {:.0} % deviation; \
                 for {band} % write {}",
                band * 100.0,
                band / 100.0
            ),
        )));
    }

    let strategy = match (args.strategy, config.solve.strategy.as_deref()) {
        (Some(s), _) => s,
        (None, Some("exact")) => Strategy::Exact,
        (None, Some("heuristic")) => Strategy::Heuristic,
        _ => Strategy::Auto,
    };
    let seconds = args.time_limit.or(config.solve.time_limit).unwrap_or(60.0);
    if !(seconds.is_finite() && seconds > 0.0) {
        return Err(Error::input(InputError::file(
            "--time-limit",
            "write a number of seconds > 0",
        )));
    }
    let options = SolveOptions {
        strategy,
        time_limit: Duration::from_secs_f64(seconds),
        seed: args.seed.or(config.solve.seed).unwrap_or(0),
    };
    Ok((settings, options))
}

/// Runs `tcplan assign`.
pub fn run(args: AssignArgs) -> Result<(), Error> {
    let config = match &args.config {
        Some(path) => Config::read(path).map_err(input)?,
        None => Config::default(),
    };
    let mut map = config.map.clone();
    map.extend(parse_map(&args.map).map_err(input)?);
    let (settings, options) = settings(&args, &config)?;

    let accounts = read_accounts(&args.accounts, &map).map_err(input)?;
    let reps = read_reps(&args.reps, &map).map_err(input)?;
    check_references(&args.accounts.display().to_string(), &accounts, &reps).map_err(input)?;
    let costs_path: Option<&Path> = args.costs.as_deref().or(config.costs.file.as_deref());
    let costs = match costs_path {
        Some(path) => read_costs(path, &accounts, &reps).map_err(input)?,
        None => Vec::new(),
    };

    let territory = Territory::build(&accounts, &reps, &costs, &settings);
    let causes = infeasibility(&territory, &accounts, &reps);
    if !causes.is_empty() {
        return Err(Error::infeasible(Infeasible(causes)));
    }

    let clock = std::time::Instant::now();
    let mut solution = solve(&territory.problem, &options);
    match solution.status {
        Status::Optimal | Status::Feasible => {}
        Status::Infeasible => {
            return Err(Error::infeasible(Infeasible(vec![
                "the solver proved that no assignment meets every capacity, max_accounts, lock and \
                 family constraint together (each aggregate check passes on its own); add capacity \
                 or relax max_accounts"
                    .to_string(),
            ])));
        }
        Status::NoSolution if settings.max_deviation.is_some() => {
            return Err(Error::no_solution(anyhow::anyhow!(
                "no assignment found inside the balance band of {} % ({} strategy, {:.1} s of \
                 the {} s time limit), and none is proven impossible; widen --max-deviation, \
                 or raise --time-limit",
                100.0 * settings.max_deviation.unwrap_or(0.0),
                solution.strategy.as_str(),
                solution.seconds,
                options.time_limit.as_secs_f64()
            )));
        }
        Status::NoSolution => {
            return Err(Error::no_solution(anyhow::anyhow!(
                "no assignment found ({} strategy, {:.1} s of the {} s time limit), and none \
                 is proven impossible: every capacity and eligibility check passes, so \
                 capacities are probably too tight to pack; add capacity, or try --strategy \
                 exact with a longer --time-limit",
                solution.strategy.as_str(),
                solution.seconds,
                options.time_limit.as_secs_f64()
            )));
        }
    }

    let pareto = args
        .pareto
        .then(|| frontier(&territory.problem, &options, 6, Some(&solution.assignment)));
    if let Some(points) = &pareto {
        let seconds = clock.elapsed().as_secs_f64();
        solution = adopt_better(&territory.problem, solution, points, seconds);
    }
    let plan = explain(&territory, &accounts, &reps, &solution.assignment);
    let problem = &territory.problem;
    let evaluation = solution
        .evaluation
        .clone()
        .unwrap_or_else(|| problem.evaluate(&solution.assignment));
    let metrics = problem
        .balance
        .iter()
        .enumerate()
        .map(|(k, m)| printer::MetricLine {
            name: m.name.clone(),
            weight: m.weight,
            max_deviation: evaluation.max_deviation[k],
            lower_bound: solution
                .lower_bound
                .map_or(0.0, |lb| metric_bound_from_objective(problem, k, lb))
                .max(metric_bound(problem, k).value)
                .min(evaluation.max_deviation[k]),
        })
        .collect();
    let families = territory
        .item_accounts
        .iter()
        .filter(|m| m.len() > 1)
        .count();
    let summary = printer::Summary::new(
        &solution,
        &plan,
        (accounts.rows.len(), families, reps.len()),
        settings.max_deviation,
        metrics,
        pareto,
    );

    let mut files: Vec<(&Path, Vec<u8>)> = Vec::new();
    if let Some(path) = &args.output {
        files.push((
            path,
            printer::assignment_csv(&plan, &accounts.extra_headers),
        ));
    }
    if let Some(path) = &args.summary {
        files.push((path, printer::summary_csv(&plan)));
    }
    crate::output::write_all_atomic(&files)?;

    let text = match args.format {
        Format::Table => printer::table(&summary),
        Format::Json => printer::json(&summary),
    };
    crate::output::Destination::Stdout.write(text.as_bytes())?;
    Ok(())
}
