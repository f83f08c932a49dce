//! Benchmark instance readers and runners.
//!
//! [`gap`] reads OR-Library GAP files, [`reference`](mod@reference) reads the table of
//! known optima, and [`run_gap`] solves every instance with
//! [`crate::assign::cost::solve_cost`], checks each assignment with
//! [`Problem::check`](crate::assign::Problem::check) and compares it with
//! the reference value. [`territory`] generates seeded territory instances
//! and solves each with every requested strategy ([`run_territory`]).
//! Nothing here prints: rows go to a callback (for progress) and into the
//! returned [`GapReport`] or [`TerritoryReport`].

pub mod gap;
pub mod reference;
pub mod territory;

use serde::Serialize;

use crate::assign::cost::solve_cost;
use crate::assign::{SolveOptions, Status, Strategy, Violation};

pub use gap::{
    parse_gap, parse_gap_as, read_gap_file, read_gap_file_as, GapInstance, Layout, ReadError, Sense,
};
pub use reference::{Reference, ReferenceError, ReferenceRow};
pub use territory::{run_territory, TerritoryBench, TerritoryBenchError, TerritoryReport};

/// A failure of a benchmark run.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// An instance file is unreadable or malformed.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The reference file is malformed or disagrees with an instance.
    #[error(transparent)]
    Reference(#[from] ReferenceError),
    /// Reference values are for minimisation only.
    #[error("reference values are for minimisation; drop --sense max or --reference")]
    ReferenceSense,
    /// A solver returned an assignment that breaks a constraint (a bug).
    #[error("problem {name}: the solver returned an assignment that fails the check: {violation}")]
    Unchecked {
        /// The problem's name.
        name: String,
        /// The broken constraint.
        violation: Violation,
    },
}

/// The result of one problem.
#[derive(Debug, Clone, Serialize)]
pub struct GapRow {
    /// Display name (`gap1-0`, `a05100`).
    pub name: String,
    /// Reference key it was joined on.
    pub key: String,
    /// Agents.
    pub agents: usize,
    /// Jobs.
    pub jobs: usize,
    /// Total cost of the checked assignment, in the chosen sense.
    pub value: Option<f64>,
    /// Best proven bound: a lower bound when minimising, an upper bound
    /// when maximising.
    pub bound: Option<f64>,
    /// How the solve ended.
    pub status: Status,
    /// The strategy that ran.
    pub strategy: Strategy,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Reference value (optimum, else best known), when given.
    pub reference: Option<f64>,
    /// `(value − reference) / reference` in percent, when both are known.
    pub gap_percent: Option<f64>,
}

/// Figures over all problems.
#[derive(Debug, Clone, Serialize)]
pub struct GapTotals {
    /// Problems solved.
    pub problems: usize,
    /// Problems with a reference value.
    pub with_reference: usize,
    /// Problems whose value is within 1 % of the reference.
    pub within_one_percent: usize,
    /// Problems proven optimal.
    pub optimal: usize,
    /// Sum of the per-problem seconds.
    pub seconds: f64,
}

/// A whole `bench gap` run.
#[derive(Debug, Clone, Serialize)]
pub struct GapReport {
    /// Objective sense.
    pub sense: Sense,
    /// Strategy requested.
    pub strategy: Strategy,
    /// Time limit per problem, seconds.
    pub time_limit: f64,
    /// One row per problem, in input order.
    pub rows: Vec<GapRow>,
    /// Totals over the rows.
    pub totals: GapTotals,
}

/// Solves every instance and compares with the reference values.
///
/// The reference join is resolved before any solve, so a bad reference
/// file fails fast. `on_row` sees each row as it completes.
pub fn run_gap(
    instances: &[GapInstance],
    reference: Option<&Reference>,
    sense: Sense,
    options: &SolveOptions,
    mut on_row: impl FnMut(&GapRow),
) -> Result<GapReport, BenchError> {
    if reference.is_some() && sense == Sense::Max {
        return Err(BenchError::ReferenceSense);
    }
    let mut targets = Vec::with_capacity(instances.len());
    for instance in instances {
        let row = match reference {
            Some(r) => r.find(instance)?,
            None => None,
        };
        targets.push(row.and_then(ReferenceRow::target));
    }

    let mut rows = Vec::with_capacity(instances.len());
    for (instance, target) in instances.iter().zip(targets) {
        let row = solve_one(instance, target, sense, options)?;
        on_row(&row);
        rows.push(row);
    }

    let totals = GapTotals {
        problems: rows.len(),
        with_reference: rows.iter().filter(|r| r.reference.is_some()).count(),
        // The values are sums of whole numbers; the slack only absorbs the
        // rounding of the percentage itself.
        within_one_percent: rows
            .iter()
            .filter(|r| r.gap_percent.is_some_and(|g| g <= 1.0 + 1e-9))
            .count(),
        optimal: rows.iter().filter(|r| r.status == Status::Optimal).count(),
        seconds: rows.iter().map(|r| r.seconds).sum(),
    };
    Ok(GapReport {
        sense,
        strategy: options.strategy,
        time_limit: options.time_limit.as_secs_f64(),
        rows,
        totals,
    })
}

/// Solves one instance, checks the assignment and builds its row.
fn solve_one(
    instance: &GapInstance,
    target: Option<f64>,
    sense: Sense,
    options: &SolveOptions,
) -> Result<GapRow, BenchError> {
    let problem = instance.to_problem(sense);
    let solution = solve_cost(&problem, options);

    if !solution.assignment.is_empty() {
        problem
            .check(&solution.assignment)
            .map_err(|violation| BenchError::Unchecked {
                name: instance.name.clone(),
                violation,
            })?;
    }

    // The problem minimises the negated costs when maximising.
    let sign = match sense {
        Sense::Min => 1.0,
        Sense::Max => -1.0,
    };
    let value = solution.evaluation.as_ref().map(|e| sign * e.objective);
    let bound = solution.lower_bound.map(|b| sign * b);
    let gap_percent = match (value, target) {
        (Some(v), Some(t)) => Some((v - t) / t.abs().max(1e-9) * 100.0),
        _ => None,
    };
    Ok(GapRow {
        name: instance.name.clone(),
        key: instance.key.clone(),
        agents: instance.agents,
        jobs: instance.jobs,
        value,
        bound,
        status: solution.status,
        strategy: solution.strategy,
        seconds: solution.seconds,
        reference: target,
        gap_percent,
    })
}
