//! A balance band: every rep within `max_deviation` of its target, and as
//! few moves (or as little moved potential) as possible inside it.
//!
//! The local search with the band as a hard constraint stalls early: giving
//! an account back to its owner usually pushes two reps out of the band, so
//! every single step towards fewer moves is refused. The weighted problem
//! (`deviation + w × moves`, no band) has no such wall, and the larger `w`,
//! the fewer moves and the larger the deviation. So the band is solved by
//! Lagrangian relaxation of the band constraint: a bisection on `w` looks
//! for the largest weight whose answer still fits the band, and the
//! band-constrained search then polishes the best fitting answer. When not
//! even the most balanced answer fits, the band search starts from the
//! construction. Every run is seeded and bounded, so the result does not
//! depend on the number of threads.
//!
//! References: M. L. Fisher, "The Lagrangian relaxation method for solving
//! integer programming problems", *Management Science* 27(1), 1981;
//! H. Everett, "Generalized Lagrange multiplier method for solving problems
//! of optimum allocation of resources", *Operations Research* 11(3), 1963.

use std::time::{Duration, Instant};

use super::problem::{Problem, Solution, SolveOptions, Status};
use super::solve::{solve_from, tolerance};

/// Range of the weight of one move, relative to one unit of largest
/// relative deviation (0.01: one move weighs as much as 1 point of
/// deviation). The low end is the default tie-breaker weight, whose answer
/// is the most balanced one; at the high end moves dominate.
const WEIGHTS: (f64, f64) = (1e-6, 1.0);

/// Bisection steps on the logarithm of the weight: four halve six decades
/// down to about a factor 2.4.
const BISECTIONS: usize = 4;

/// Solves `problem`, whose objective has a balance band.
pub(crate) fn solve_band(problem: &Problem, options: &SolveOptions) -> Solution {
    let clock = Instant::now();
    let deadline = clock + options.time_limit;
    let band = problem.objective.max_deviation.unwrap_or(0.0);
    let budget = |share: f64| SolveOptions {
        time_limit: deadline
            .saturating_duration_since(Instant::now())
            .mul_f64(share)
            .max(Duration::from_millis(10)),
        ..options.clone()
    };

    // Bisection on the weight: the largest weight whose answer still fits
    // the band has the fewest moves. Every run starts from the construction,
    // so each weight's answer is the same whatever was tried before it.
    let mut candidates: Vec<Candidate> = Vec::new();
    let (mut lo, mut hi) = WEIGHTS;
    let runs = BISECTIONS + 2;
    if let Some(c) = weighted(problem, lo, &budget(1.0 / runs as f64)) {
        if c.deviation <= band {
            candidates.push(c);
            for k in 0..BISECTIONS {
                let mid = (lo * hi).sqrt();
                match weighted(problem, mid, &budget(1.0 / (runs - 1 - k) as f64)) {
                    Some(c) if c.deviation <= band => {
                        candidates.push(c);
                        lo = mid;
                    }
                    _ => hi = mid,
                }
            }
        }
    }

    // Polish the best fitting answer inside the band; without one (a band
    // tighter than the most balanced answer), the band search from the
    // construction.
    let best_start = candidates
        .iter()
        .min_by(|a, b| {
            objective(problem, &a.assignment).total_cmp(&objective(problem, &b.assignment))
        })
        .map(|c| c.assignment.clone());
    let Some(start) = best_start else {
        let mut best = solve_from(problem, &budget(1.0), None);
        best.seconds = clock.elapsed().as_secs_f64();
        return best;
    };
    let mut best = solve_from(problem, &budget(0.5), Some(&start));

    // On instances where a run takes about a second, the band search from
    // the construction is one more cheap candidate; it sometimes reaches a
    // different local optimum with fewer moves.
    if problem.items.len() <= CONSTRUCTION_CANDIDATE_ITEMS {
        let constructed = solve_from(problem, &budget(1.0), None);
        if better(problem, &constructed, &best) {
            let lower = max_bound(best.lower_bound, constructed.lower_bound);
            best = constructed;
            best.lower_bound = lower;
        }
    }
    best.seconds = clock.elapsed().as_secs_f64();
    best
}

/// Largest instance (items) on which the band search from the construction
/// also runs.
const CONSTRUCTION_CANDIDATE_ITEMS: usize = 20_000;

/// An answer of the weighted problem that satisfies every constraint.
#[derive(Clone)]
struct Candidate {
    assignment: Vec<u32>,
    deviation: f64,
}

/// Solves the problem without the band, the primary deviation weighing 1
/// and one unit of disruption weighing `w`.
fn weighted(problem: &Problem, w: f64, options: &SolveOptions) -> Option<Candidate> {
    let mut relaxed = problem.clone();
    relaxed.objective.max_deviation = None;
    relaxed.balance[0].weight = 1.0;
    relaxed.objective.disruption_weight = w;
    let solution = solve_from(&relaxed, options, None);
    if !matches!(solution.status, Status::Optimal | Status::Feasible)
        || relaxed.check(&solution.assignment).is_err()
    {
        return None;
    }
    let deviation = solution.evaluation.as_ref()?.max_deviation[0];
    Some(Candidate {
        assignment: solution.assignment,
        deviation,
    })
}

fn objective(problem: &Problem, assignment: &[u32]) -> f64 {
    problem.evaluate(assignment).objective
}

/// Whether `a` has an assignment with a lower band objective than `b`'s.
fn better(problem: &Problem, a: &Solution, b: &Solution) -> bool {
    let value = |s: &Solution| {
        (!s.assignment.is_empty() && problem.check(&s.assignment).is_ok())
            .then(|| objective(problem, &s.assignment))
    };
    match (value(a), value(b)) {
        (Some(x), Some(y)) => x < y - tolerance(y),
        (Some(_), None) => true,
        _ => false,
    }
}

/// The larger of two proven bounds of the same problem.
fn max_bound(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}
