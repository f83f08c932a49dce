//! `bench territory`: seeded generated territories, solved by each requested
//! strategy.
//!
//! For every size the instance is drawn once with
//! [`generate`](crate::territory::generate::generate), built with
//! [`Territory::build`] (default [`Settings`]) and then solved with
//! [`assign::solve`](crate::assign::solve) once per strategy. Every returned
//! assignment is checked with [`Problem::check`](crate::assign::Problem::check)
//! before it becomes a row; a failed check is an error, never a row.
//!
//! The exact strategy hands the whole MIP to the LP backend, which the
//! default pure-Rust backend (microlp) cannot solve at territory sizes. A run
//! of `exact` on an instance with more eligible pairs than
//! [`TerritoryBench::exact_max_pairs`] is therefore not started: its row has
//! status [`RunStatus::Skipped`] and a note saying why. Nothing here prints.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::assign::bound::metric_bound;
use crate::assign::{solve, SolveOptions, Status, Strategy, Violation};
use crate::territory::explain::explain;
use crate::territory::generate::{generate, GeneratorSpec};
use crate::territory::{Settings, Territory};

/// Name of the LP backend this build links: the exact strategy's MIP solver
/// and the source of the LP-relaxation bound.
pub const LP_BACKEND: &str = if cfg!(feature = "highs") {
    "highs"
} else {
    "microlp"
};

/// Default largest instance (eligible pairs) the benchmark hands to the
/// exact strategy. Within a 10 s limit, microlp's branch-and-bound improves
/// on the heuristic's incumbent up to a few hundred pairs and finds nothing
/// beyond about 600; it honours the time limit, so larger instances only
/// cost the limit and memory. With HiGHS the limit is the LP-bound size of
/// [`crate::assign::solve`].
pub const DEFAULT_EXACT_MAX_PAIRS: usize = if cfg!(feature = "highs") {
    200_000
} else {
    1_000
};

/// One instance size: accounts and reps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Size {
    /// Number of accounts.
    pub accounts: usize,
    /// Number of reps.
    pub reps: usize,
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}", self.accounts, self.reps)
    }
}

impl FromStr for Size {
    type Err = TerritoryBenchError;

    /// Parses `ACCOUNTSxREPS`, e.g. `1000x10`.
    fn from_str(entry: &str) -> Result<Self, Self::Err> {
        let bad = |reason: &str| TerritoryBenchError::Size {
            entry: entry.to_string(),
            reason: reason.to_string(),
        };
        let text = entry.trim();
        if text.is_empty() {
            return Err(bad(
                "is empty; write ACCOUNTSxREPS entries separated by commas, e.g. 1000x10,10000x50",
            ));
        }
        let (accounts, reps) = text.split_once(['x', 'X']).ok_or_else(|| {
            bad("is not ACCOUNTSxREPS; write two whole numbers joined by `x`, e.g. 1000x10")
        })?;
        let number = |part: &str, what: &str| -> Result<usize, TerritoryBenchError> {
            let value: usize = part.trim().parse().map_err(|_| {
                bad(&format!(
                    "has `{part}` where a whole number of {what} belongs; write ACCOUNTSxREPS, \
                     e.g. 1000x10"
                ))
            })?;
            if value == 0 {
                return Err(bad(&format!("has no {what}; write at least 1")));
            }
            Ok(value)
        };
        Ok(Size {
            accounts: number(accounts, "accounts")?,
            reps: number(reps, "reps")?,
        })
    }
}

/// Parses a comma-separated list of sizes (`1000x10,10000x50`).
pub fn parse_sizes(list: &str) -> Result<Vec<Size>, TerritoryBenchError> {
    list.split(',').map(str::parse).collect()
}

/// The generator settings shared by every size.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GeneratorKnobs {
    /// Number of segments (reps specialise in one).
    pub segments: usize,
    /// Number of regions.
    pub regions: usize,
    /// Share of accounts with a current owner.
    pub owned_share: f64,
    /// Share of accounts in families.
    pub family_share: f64,
    /// Share of owned, family-free accounts locked to their owner.
    pub lock_share: f64,
}

impl Default for GeneratorKnobs {
    /// The generator's own defaults.
    fn default() -> Self {
        let spec = GeneratorSpec::default();
        GeneratorKnobs {
            segments: spec.segments,
            regions: spec.regions,
            owned_share: spec.owned_share,
            family_share: spec.family_share,
            lock_share: spec.lock_share,
        }
    }
}

/// What to run.
#[derive(Debug, Clone, PartialEq)]
pub struct TerritoryBench {
    /// Instance sizes, in run order.
    pub sizes: Vec<Size>,
    /// Strategies, each run on every size.
    pub strategies: Vec<Strategy>,
    /// Generator settings.
    pub generator: GeneratorKnobs,
    /// Seed of the generator and of the solver.
    pub seed: u64,
    /// Time limit of each solve.
    pub time_limit: Duration,
    /// Largest instance (eligible pairs) the exact strategy is run on.
    pub exact_max_pairs: usize,
}

/// A failure of `bench territory`.
#[derive(Debug, thiserror::Error)]
pub enum TerritoryBenchError {
    /// A `--sizes` entry is malformed.
    #[error("--sizes entry `{entry}` {reason}")]
    Size {
        /// The entry as written.
        entry: String,
        /// What is wrong and what is allowed.
        reason: String,
    },
    /// A setting is out of range.
    #[error("{option}: {reason}")]
    Setting {
        /// The option at fault.
        option: &'static str,
        /// What is wrong and what is allowed.
        reason: String,
    },
    /// A solver returned an assignment that breaks a constraint (a bug).
    #[error(
        "instance {size} (seed {seed}), strategy {strategy:?}: the solver returned an \
         assignment that fails the check: {violation}"
    )]
    Unchecked {
        /// The instance size.
        size: Size,
        /// The seed.
        seed: u64,
        /// The strategy requested.
        strategy: Strategy,
        /// The broken constraint.
        violation: Violation,
    },
}

/// How one run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Proven optimal.
    Optimal,
    /// A checked assignment, not proven optimal.
    Feasible,
    /// Proven that no assignment exists.
    Infeasible,
    /// No assignment within the time limit.
    NoSolution,
    /// Not run; the row's note says why.
    Skipped,
}

impl From<Status> for RunStatus {
    fn from(status: Status) -> Self {
        match status {
            Status::Optimal => RunStatus::Optimal,
            Status::Feasible => RunStatus::Feasible,
            Status::Infeasible => RunStatus::Infeasible,
            Status::NoSolution => RunStatus::NoSolution,
        }
    }
}

/// One (size, strategy) run.
#[derive(Debug, Clone, Serialize)]
pub struct TerritoryRow {
    /// Accounts generated.
    pub accounts: usize,
    /// Reps generated.
    pub reps: usize,
    /// Items of the problem (a family is one item).
    pub items: usize,
    /// Eligible (item, rep) pairs: the number of MIP variables.
    pub pairs: usize,
    /// Strategy requested.
    pub requested: Strategy,
    /// Strategy that produced the assignment; `None` when skipped.
    pub strategy: Option<Strategy>,
    /// LP backend of this build ([`LP_BACKEND`]).
    pub backend: &'static str,
    /// How the run ended.
    pub status: RunStatus,
    /// Why the run was skipped.
    pub note: Option<String>,
    /// Largest relative deviation of potential from target, in percent.
    pub max_deviation_percent: Option<f64>,
    /// Proven lower bound on that deviation (aggregate bounds), in percent.
    pub deviation_bound_percent: Option<f64>,
    /// Accounts that change owner.
    pub moves: Option<u64>,
    /// Objective of the assignment (deviation plus weighted moves).
    pub objective: Option<f64>,
    /// Proven lower bound on the objective, as the solver reports it.
    pub lower_bound: Option<f64>,
    /// `(objective − lower bound) / objective`, in percent.
    pub gap_percent: Option<f64>,
    /// Seconds to generate the instance and build the problem (once per size).
    pub generate_seconds: f64,
    /// Wall-clock seconds of the solve; `None` when skipped.
    pub seconds: Option<f64>,
}

/// Figures over all rows.
#[derive(Debug, Clone, Serialize)]
pub struct TerritoryTotals {
    /// Runs started.
    pub runs: usize,
    /// Runs skipped.
    pub skipped: usize,
    /// Runs proven optimal.
    pub optimal: usize,
    /// Sum of the solve seconds.
    pub seconds: f64,
    /// Sum of the generation seconds, once per size.
    pub generate_seconds: f64,
}

/// A whole `bench territory` run.
#[derive(Debug, Clone, Serialize)]
pub struct TerritoryReport {
    /// LP backend of this build.
    pub backend: &'static str,
    /// Seed of the generator and the solver.
    pub seed: u64,
    /// Time limit per solve, seconds.
    pub time_limit: f64,
    /// Largest instance (eligible pairs) the exact strategy was run on.
    pub exact_max_pairs: usize,
    /// Generator settings.
    pub generator: GeneratorKnobs,
    /// Strategies requested, in run order.
    pub strategies: Vec<Strategy>,
    /// One row per size and strategy, size-major.
    pub rows: Vec<TerritoryRow>,
    /// Totals over the rows.
    pub totals: TerritoryTotals,
}

impl TerritoryBench {
    /// Checks every setting before anything runs.
    pub fn validate(&self) -> Result<(), TerritoryBenchError> {
        let setting = |option, reason: String| Err(TerritoryBenchError::Setting { option, reason });
        if self.sizes.is_empty() {
            return setting("--sizes", "give at least one ACCOUNTSxREPS entry".into());
        }
        if self.strategies.is_empty() {
            return setting("--strategies", "give at least one strategy".into());
        }
        let g = &self.generator;
        if g.segments == 0 || g.regions == 0 {
            return setting(
                "--segments/--regions",
                "write whole numbers of at least 1".into(),
            );
        }
        for (option, share) in [
            ("--owned", g.owned_share),
            ("--families", g.family_share),
            ("--locked", g.lock_share),
        ] {
            if !(0.0..=1.0).contains(&share) {
                return setting(option, format!("`{share}` is not a share; write 0 to 1"));
            }
        }
        if let Some(size) = self.sizes.iter().find(|s| s.reps < g.segments) {
            return Err(TerritoryBenchError::Size {
                entry: size.to_string(),
                reason: format!(
                    "has fewer reps than segments ({}); every segment needs a rep, so write at \
                     least {} reps or lower --segments",
                    g.segments, g.segments
                ),
            });
        }
        if self.time_limit.is_zero() {
            return setting("--time-limit", "write a positive number of seconds".into());
        }
        Ok(())
    }
}

/// Generates every size, solves it with every strategy and checks each
/// assignment. `on_row` sees each row as it completes.
pub fn run_territory(
    bench: &TerritoryBench,
    mut on_row: impl FnMut(&TerritoryRow),
) -> Result<TerritoryReport, TerritoryBenchError> {
    bench.validate()?;
    let g = &bench.generator;
    let mut rows = Vec::with_capacity(bench.sizes.len() * bench.strategies.len());
    for &size in &bench.sizes {
        let started = Instant::now();
        let spec = GeneratorSpec {
            accounts: size.accounts,
            reps: size.reps,
            segments: g.segments,
            regions: g.regions,
            owned_share: g.owned_share,
            family_share: g.family_share,
            lock_share: g.lock_share,
            seed: bench.seed,
            ..GeneratorSpec::default()
        };
        let (accounts, reps) = generate(&spec);
        let territory = Territory::build(&accounts, &reps, &[], &Settings::default());
        let generate_seconds = started.elapsed().as_secs_f64();
        let problem = &territory.problem;

        for &requested in &bench.strategies {
            let mut row = TerritoryRow {
                accounts: accounts.rows.len(),
                reps: reps.len(),
                items: problem.items.len(),
                pairs: problem.pair_count(),
                requested,
                strategy: None,
                backend: LP_BACKEND,
                status: RunStatus::Skipped,
                note: None,
                max_deviation_percent: None,
                deviation_bound_percent: None,
                moves: None,
                objective: None,
                lower_bound: None,
                gap_percent: None,
                generate_seconds,
                seconds: None,
            };
            if requested == Strategy::Exact && row.pairs > bench.exact_max_pairs {
                row.note = Some(format!(
                    "{} eligible pairs exceed --exact-max-pairs {} ({LP_BACKEND})",
                    row.pairs, bench.exact_max_pairs
                ));
                on_row(&row);
                rows.push(row);
                continue;
            }

            let options = SolveOptions {
                strategy: requested,
                time_limit: bench.time_limit,
                seed: bench.seed,
            };
            let solution = solve(problem, &options);
            row.strategy = Some(solution.strategy);
            row.status = solution.status.into();
            row.seconds = Some(solution.seconds);
            row.lower_bound = solution.lower_bound;
            row.gap_percent = solution.gap().map(|g| g * 100.0);
            if !solution.assignment.is_empty() {
                problem.check(&solution.assignment).map_err(|violation| {
                    TerritoryBenchError::Unchecked {
                        size,
                        seed: bench.seed,
                        strategy: requested,
                        violation,
                    }
                })?;
                let plan = explain(&territory, &accounts, &reps, &solution.assignment);
                row.max_deviation_percent = Some(plan.max_deviation * 100.0);
                row.moves = Some(plan.moves);
                row.objective = solution.evaluation.as_ref().map(|e| e.objective);
            }
            if !problem.balance.is_empty() {
                row.deviation_bound_percent = Some(metric_bound(problem, 0).value * 100.0);
            }
            on_row(&row);
            rows.push(row);
        }
    }

    let started: Vec<&TerritoryRow> = rows
        .iter()
        .filter(|r| r.status != RunStatus::Skipped)
        .collect();
    let totals = TerritoryTotals {
        runs: started.len(),
        skipped: rows.len() - started.len(),
        optimal: started
            .iter()
            .filter(|r| r.status == RunStatus::Optimal)
            .count(),
        seconds: started.iter().filter_map(|r| r.seconds).sum(),
        generate_seconds: rows
            .chunks(bench.strategies.len())
            .map(|c| c[0].generate_seconds)
            .sum(),
    };
    Ok(TerritoryReport {
        backend: LP_BACKEND,
        seed: bench.seed,
        time_limit: bench.time_limit.as_secs_f64(),
        exact_max_pairs: bench.exact_max_pairs,
        generator: bench.generator.clone(),
        strategies: bench.strategies.clone(),
        rows,
        totals,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sizes_and_names_a_bad_entry() {
        assert_eq!(
            parse_sizes("1000x10, 20X3").unwrap(),
            [
                Size {
                    accounts: 1000,
                    reps: 10
                },
                Size {
                    accounts: 20,
                    reps: 3
                }
            ]
        );
        for (list, entry) in [
            ("1000x10,1000-10", "1000-10"),
            ("0x10", "0x10"),
            ("10x", "10x"),
            ("1000x10,", ""),
            ("1e3x10", "1e3x10"),
        ] {
            let err = parse_sizes(list).unwrap_err().to_string();
            assert!(err.contains(&format!("`{entry}`")), "{err}");
        }
    }

    #[test]
    fn skips_exact_above_the_pair_limit_and_checks_the_rest() {
        let bench = TerritoryBench {
            sizes: vec![Size {
                accounts: 60,
                reps: 4,
            }],
            strategies: vec![Strategy::Heuristic, Strategy::Exact],
            generator: GeneratorKnobs::default(),
            seed: 1,
            time_limit: Duration::from_secs(5),
            exact_max_pairs: 10,
        };
        let mut seen = 0;
        let report = run_territory(&bench, |_| seen += 1).unwrap();
        assert_eq!(seen, 2);
        assert_eq!(report.rows.len(), 2);
        let heuristic = &report.rows[0];
        assert!(matches!(
            heuristic.status,
            RunStatus::Feasible | RunStatus::Optimal
        ));
        assert!(heuristic.max_deviation_percent.unwrap().is_finite());
        let exact = &report.rows[1];
        assert_eq!(exact.status, RunStatus::Skipped);
        assert!(exact
            .note
            .as_deref()
            .unwrap()
            .contains("--exact-max-pairs 10"));
        assert_eq!((report.totals.runs, report.totals.skipped), (1, 1));
    }
}
