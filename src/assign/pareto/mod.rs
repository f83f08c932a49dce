//! The trade-off between balance and moves: a frontier of
//! (largest primary deviation, disruption) points, none better than another
//! on both.
//!
//! The two ends are the most balanced assignment (balance first, moves as a
//! tie-breaker) and the least disruptive one (moves first, balance as a
//! tie-breaker). Between them, the epsilon-constraint method: the balance
//! band is set to values spaced geometrically between the two ends' largest
//! deviations, and each run minimises disruption inside its band. The banded
//! runs go from the tightest band to the loosest, each warm-started from the
//! previous answer.
//!
//! Those runs leave gaps (a band run's deviation is whatever its fewest
//! moves give, and the small move counts fall between the loose bands), so
//! the points are then improved from both sides:
//! - the other epsilon-constraint problem, the smallest primary deviation
//!   within a disruption budget, solved by a descent with
//!   single moves, swaps with the worst agent, and compound moves (a
//!   displaced item to another agent, then the best single move). The
//!   budgets are the disruption of every point found, the least disruption
//!   plus 1, 2, ... units (moved accounts), and no budget at all. Each
//!   descent starts from the most balanced point within its budget and from
//!   the least disruptive point above it (bringing its disruption down to
//!   the budget first), so no point found within a budget beats its answer;
//! - a band run at each point's own deviation, warm-started from it, for
//!   fewer moves at that balance; then the budget descents again.
//!
//! Points dominated by another are dropped, and so are those the caller's
//! own answer (`incumbent`) dominates. Each solver run gets a share of the
//! time limit, the descents what is left; the points are the best found,
//! not proven optimal. Nothing depends on the number of threads.
//!
//! References: V. Chankong and Y. Y. Haimes, *Multiobjective Decision
//! Making: Theory and Methodology*, North-Holland, 1983 (the
//! epsilon-constraint method); G. Mavrotas, "Effective implementation of the
//! epsilon-constraint method in Multi-Objective Mathematical Programming
//! problems", *Applied Mathematics and Computation* 213(2), 2009 (each
//! objective in turn as the constraint, and the lexicographic tightening of
//! each point).

use std::time::{Duration, Instant};

use serde::Serialize;

mod descent;

use super::problem::{Problem, Solution, SolveOptions, Status};
use super::solve::{solve, solve_from};
use descent::Descent;

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
    let deadline = Instant::now() + options.time_limit;
    let runs = points.max(2) as u32;
    // One share per solver run, and one more for the budget descents.
    let share = SolveOptions {
        time_limit: options.time_limit / (runs + 1),
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

    // Descents within disruption budgets, a band run at each point's own
    // deviation (fewer moves at that balance), and descents again from what
    // those runs found.
    budgets(&balanced, &mut found, deadline);
    found = non_dominated(found);
    for k in 0..found.len() {
        if Instant::now() >= deadline {
            break;
        }
        let band = found[k].max_deviation;
        let mut banded = balanced.clone();
        banded.objective.max_deviation = Some(band);
        banded.objective.disruption_weight = 1.0;
        let solution = solve_from(&banded, &share, Some(&found[k].assignment));
        if matches!(solution.status, Status::Optimal | Status::Feasible)
            && banded.check(&solution.assignment).is_ok()
        {
            found.push(point(&balanced, solution.assignment, Some(band)));
        }
    }
    budgets(&balanced, &mut found, deadline);
    non_dominated(found)
}

/// The budget phase: for each disruption budget (the disruption of every
/// point found, and the least one plus 1, 2, ... units below the most
/// balanced point's), the smallest deviation found within the budget, by a
/// descent from the most balanced point found within it. Budgets go up, so
/// each descent starts from the previous budget's answer or better.
fn budgets(problem: &Problem, found: &mut Vec<ParetoPoint>, deadline: Instant) {
    let Some(least) = found.iter().map(|p| p.disruption).min_by(f64::total_cmp) else {
        return;
    };
    let most = found
        .iter()
        .map(|p| p.disruption)
        .max_by(f64::total_cmp)
        .unwrap_or(least);
    let mut budgets: Vec<f64> = found.iter().map(|p| p.disruption).collect();
    budgets.extend(
        (1..=SMALL_BUDGETS)
            .map(|k| least + k as f64)
            .filter(|&b| b < most),
    );
    // No budget at all: the most balanced point on the primary metric alone
    // (the balanced run also weighs the other metrics).
    budgets.push(f64::INFINITY);
    budgets.sort_by(f64::total_cmp);
    budgets.dedup_by(|a, b| (*a - *b).abs() <= 1e-9);
    for budget in budgets {
        if Instant::now() >= deadline {
            break;
        }
        // From the most balanced point within the budget, and from the
        // least disruptive one above it (the descent first brings its
        // disruption down to the budget).
        let within = found
            .iter()
            .filter(|p| p.disruption <= budget + 1e-9)
            .min_by(|a, b| {
                a.max_deviation
                    .total_cmp(&b.max_deviation)
                    .then(a.disruption.total_cmp(&b.disruption))
            });
        let above = found
            .iter()
            .filter(|p| p.disruption > budget + 1e-9)
            .min_by(|a, b| {
                a.disruption
                    .total_cmp(&b.disruption)
                    .then(a.max_deviation.total_cmp(&b.max_deviation))
            });
        let starts: Vec<Vec<u32>> = within
            .into_iter()
            .chain(above)
            .map(|p| p.assignment.clone())
            .collect();
        for start in starts {
            let assignment = Descent::new(problem, &start, budget, deadline).run();
            if problem.check(&assignment).is_ok() {
                let p = point(problem, assignment, None);
                if p.disruption <= budget + 1e-9 {
                    found.push(p);
                }
            }
        }
    }
}

/// Budgets above the least disruption found, in units of disruption (one
/// moved account, or one average account's potential): the small move counts
/// a planner weighs one by one.
const SMALL_BUDGETS: usize = 12;

/// The frontier's runs explore more than the plain solve, so one of its
/// points may beat `solution` on the problem's own objective: returns the
/// better of the two, with `seconds` (which covers the frontier) as its
/// time. The status stays feasible: the point is checked but not proven
/// optimal (a proven optimum cannot be beaten).
pub fn adopt_better(
    problem: &Problem,
    solution: Solution,
    points: &[ParetoPoint],
    seconds: f64,
) -> Solution {
    let current = match &solution.evaluation {
        Some(e) if solution.status == Status::Feasible => e.objective,
        _ => {
            return Solution {
                seconds,
                ..solution
            }
        }
    };
    let best = points
        .iter()
        .filter(|p| problem.check(&p.assignment).is_ok())
        .map(|p| (problem.evaluate(&p.assignment), p))
        .min_by(|a, b| a.0.objective.total_cmp(&b.0.objective));
    match best {
        Some((evaluation, point)) if evaluation.objective < current - 1e-12 => Solution {
            assignment: point.assignment.clone(),
            lower_bound: solution.lower_bound.map(|lb| lb.min(evaluation.objective)),
            evaluation: Some(evaluation),
            seconds,
            ..solution
        },
        _ => Solution {
            seconds,
            ..solution
        },
    }
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
