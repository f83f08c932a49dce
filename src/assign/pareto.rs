//! The trade-off between balance and moves: a frontier of
//! (largest primary deviation, disruption) points, none better than another
//! on both.
//!
//! The two ends are the most balanced assignment (balance first, moves as a
//! tie-breaker) and the least disruptive one (moves first, balance as a
//! tie-breaker). Between them, the epsilon-constraint method: the balance
//! band is set to values spaced geometrically between the two ends' largest
//! deviations, and each run minimises disruption inside its band. Points
//! dominated by another are dropped, and so are those the caller's own
//! answer (`incumbent`) dominates. The banded runs go from the tightest band
//! to the loosest, each warm-started from the previous answer. Each run gets
//! an equal share of the time limit; the points are the best found, not
//! proven optimal.
//!
//! References: V. Chankong and Y. Y. Haimes, *Multiobjective Decision
//! Making: Theory and Methodology*, North-Holland, 1983 (the
//! epsilon-constraint method).

use std::time::Duration;

use serde::Serialize;

use super::problem::{Problem, SolveOptions, Status};
use super::solve::{solve, solve_from};

/// One point of the frontier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParetoPoint {
    /// Largest relative deviation of the primary balance metric.
    pub max_deviation: f64,
    /// Total disruption (moved accounts, or moved potential units).
    pub disruption: f64,
    /// The band this point was computed with, if any.
    pub band: Option<f64>,
    /// The assignment (agent per item).
    #[serde(skip)]
    pub assignment: Vec<u32>,
}

/// Computes up to `points` frontier points. Returns nothing when the problem
/// has no balance metric.
pub fn frontier(
    problem: &Problem,
    options: &SolveOptions,
    points: usize,
    incumbent: Option<&[u32]>,
) -> Vec<ParetoPoint> {
    if problem.balance.is_empty() {
        return Vec::new();
    }
    let runs = points.max(2) as u32;
    let share = SolveOptions {
        time_limit: options.time_limit / runs,
        ..options.clone()
    };
    let mut found = Vec::new();

    let mut balanced = problem.clone();
    balanced.objective.max_deviation = None;
    balanced.balance[0].weight = balanced.balance[0].weight.max(1.0);
    balanced.objective.disruption_weight = balanced.objective.disruption_weight.clamp(1e-9, 1e-6);
    if let Some(assignment) = incumbent.filter(|a| balanced.check(a).is_ok()) {
        found.push(point(
            &balanced,
            assignment.to_vec(),
            problem.objective.max_deviation,
        ));
    }
    let low = run(&balanced, &share, None, None, &mut found);

    let mut calm = balanced.clone();
    let total_weight: f64 = calm.balance.iter().map(|m| m.weight).sum();
    // Moves first: one move outweighs any possible change of balance.
    calm.objective.disruption_weight = 10.0 * total_weight.max(1.0);
    let high = run(&calm, &share, None, None, &mut found);

    if let (Some((low, most_balanced)), Some((high, _))) = (low, high) {
        // Bands from the tightest to the loosest, each run starting from
        // the previous answer: that answer fits the looser band too, and the
        // local search only accepts improvements, so moves never rise as
        // the band widens.
        let inner = runs.saturating_sub(2) as usize;
        let lo = low.max(1e-4);
        let mut start = most_balanced;
        for j in 1..=inner {
            let band = lo * (high / lo).powf(j as f64 / (inner + 1) as f64);
            if band <= low || band >= high {
                continue;
            }
            let mut banded = balanced.clone();
            banded.objective.max_deviation = Some(band);
            banded.objective.disruption_weight = 1.0;
            if let Some((_, assignment)) =
                run(&banded, &share, Some(band), Some(&start), &mut found)
            {
                start = assignment;
            }
        }
    }

    non_dominated(found)
}

/// The points no other point beats on both deviation and disruption,
/// by increasing deviation.
fn non_dominated(mut found: Vec<ParetoPoint>) -> Vec<ParetoPoint> {
    found.sort_by(|a, b| {
        a.max_deviation
            .total_cmp(&b.max_deviation)
            .then(a.disruption.total_cmp(&b.disruption))
    });
    let mut frontier: Vec<ParetoPoint> = Vec::new();
    for p in found {
        // Disruption differences below 1e-9 are rounding in sums of weights.
        if frontier
            .last()
            .is_none_or(|last| p.disruption < last.disruption - 1e-9)
        {
            frontier.push(p);
        }
    }
    frontier
}

/// The frontier point of an assignment.
fn point(problem: &Problem, assignment: Vec<u32>, band: Option<f64>) -> ParetoPoint {
    let evaluation = problem.evaluate(&assignment);
    ParetoPoint {
        max_deviation: evaluation.max_deviation[0],
        disruption: evaluation.disruption,
        band,
        assignment,
    }
}

/// Solves one frontier problem; records its point and returns its largest
/// deviation and assignment.
fn run(
    problem: &Problem,
    options: &SolveOptions,
    band: Option<f64>,
    start: Option<&[u32]>,
    found: &mut Vec<ParetoPoint>,
) -> Option<(f64, Vec<u32>)> {
    let options = SolveOptions {
        time_limit: options.time_limit.max(Duration::from_millis(50)),
        ..options.clone()
    };
    // From the construction, and from the warm start when there is one: the
    // warm start guarantees monotone moves, the construction sometimes
    // reaches a better local optimum.
    let mut solution = if band.is_some() {
        solve(problem, &options)
    } else {
        solve_from(problem, &options, None)
    };
    if let Some(start) = start {
        let warm = solve_from(problem, &options, Some(start));
        if objective_of(&warm) < objective_of(&solution) {
            solution = warm;
        }
    }
    if !matches!(solution.status, Status::Optimal | Status::Feasible) {
        return None;
    }
    let p = point(problem, solution.assignment, band);
    let out = (p.max_deviation, p.assignment.clone());
    found.push(p);
    Some(out)
}

/// Objective of a solution; infinite without an assignment.
fn objective_of(solution: &super::problem::Solution) -> f64 {
    match (&solution.status, &solution.evaluation) {
        (Status::Optimal | Status::Feasible, Some(e)) => e.objective,
        _ => f64::INFINITY,
    }
}
