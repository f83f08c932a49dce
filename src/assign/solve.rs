//! The entry point: picks a strategy, runs it within the time limit, checks
//! the result and attaches the best proven lower bound.
//!
//! - `heuristic`: construction, local search and iterated local search
//!   ([`super::heuristic`]); the bound comes from [`super::bound`] and, when
//!   the instance is small enough for the LP backend, from the LP relaxation.
//! - `exact`: the heuristic first (a fast incumbent that also warm-starts the
//!   MIP), then the MIP ([`super::exact`]) with the remaining time.
//! - `auto`: exact for small instances, heuristic otherwise; from the MIP
//!   it keeps only a proven optimum, so that its answer is reproducible.
//!
//! Every returned assignment has passed [`Problem::check`]; `Infeasible` is
//! returned only with a proof (an aggregate cause from
//! [`super::diagnose`], or the solver's proof that the MIP or its LP
//! relaxation has no solution).

use std::time::{Duration, Instant};

use super::problem::{Problem, Solution, SolveOptions, Status, Strategy};
use super::{bound, diagnose, exact, heuristic};

/// Largest instance (eligible pairs) `auto` hands to the exact strategy.
/// The min-max balance MIP's LP relaxation is perfectly balanced, so the
/// backends prove optimality only on small instances: microlp up to about a
/// hundred pairs, HiGHS up to a few hundred (measured on generated
/// territories; 400 accounts over 6 reps is already out of reach in 30 s).
#[cfg(not(feature = "highs"))]
const AUTO_EXACT_PAIRS: usize = 120;
#[cfg(feature = "highs")]
const AUTO_EXACT_PAIRS: usize = 300;

/// Most time `auto` gives the MIP. `auto` keeps the MIP's answer only when
/// it is proven optimal, so its result does not depend on how far a solver
/// got before a clock ran out: an unproven MIP run falls back to the
/// (deterministic) heuristic answer.
const AUTO_EXACT_BUDGET: Duration = Duration::from_secs(10);

/// Largest instance (eligible pairs) whose LP relaxation is solved for a bound.
#[cfg(not(feature = "highs"))]
const LP_BOUND_PAIRS: usize = 3000;
#[cfg(feature = "highs")]
const LP_BOUND_PAIRS: usize = 200_000;

/// Largest pure-cost instance (agents × items) handed to the dense cost
/// solver; its tables hold a few numbers per agent and item.
const COST_SOLVER_CELLS: usize = 20_000_000;

/// Solves `problem` as `options` say. Never panics on valid input; the
/// returned assignment, if any, satisfies every constraint.
///
/// Problems without balance metrics (the Generalized Assignment Problem and
/// cost-only territory runs) go to the Lagrangian branch-and-bound of
/// [`super::cost`], which proves far tighter bounds than the LP here.
pub fn solve(problem: &Problem, options: &SolveOptions) -> Solution {
    if problem.balance.is_empty()
        && problem.agents.len().saturating_mul(problem.items.len()) <= COST_SOLVER_CELLS
    {
        return super::cost::solve_cost(problem, options);
    }
    match problem.objective.max_deviation {
        Some(_) => super::band::solve_band(problem, options),
        None => polish(problem, options, solve_from(problem, options, None)),
    }
}

/// With balance first and moves as a tie-breaker, the local search can stop
/// with more moves than its own balance needs. This pass keeps the achieved
/// largest deviation as a band and minimises disruption inside it, from the
/// solution; the result replaces the solution when its objective is lower.
fn polish(problem: &Problem, options: &SolveOptions, solution: Solution) -> Solution {
    let clock = Instant::now();
    let remaining = options
        .time_limit
        .saturating_sub(Duration::from_secs_f64(solution.seconds));
    let Some(evaluation) = solution.evaluation.as_ref() else {
        return solution;
    };
    if problem.balance.is_empty()
        || problem.objective.disruption_weight <= 0.0
        || evaluation.disruption <= 0.0
        || remaining.is_zero()
        || !matches!(solution.status, Status::Feasible)
    {
        return solution;
    }
    let mut banded = problem.clone();
    banded.objective.max_deviation = Some(evaluation.max_deviation[0]);
    let band_options = SolveOptions {
        time_limit: remaining,
        strategy: Strategy::Heuristic,
        ..options.clone()
    };
    let tighter = solve_from(&banded, &band_options, Some(&solution.assignment));
    let seconds = solution.seconds + clock.elapsed().as_secs_f64();
    if tighter.assignment.is_empty() || problem.check(&tighter.assignment).is_err() {
        return Solution {
            seconds,
            ..solution
        };
    }
    let value = problem.evaluate(&tighter.assignment);
    if value.objective < evaluation.objective - tolerance(evaluation.objective) {
        let lower = solution.lower_bound.map(|lb| lb.min(value.objective));
        let optimal = lower.is_some_and(|lb| value.objective - lb <= tolerance(value.objective));
        Solution {
            status: if optimal {
                Status::Optimal
            } else {
                Status::Feasible
            },
            strategy: Strategy::Heuristic,
            assignment: tighter.assignment,
            evaluation: Some(value),
            lower_bound: lower,
            seconds,
        }
    } else {
        Solution {
            seconds,
            ..solution
        }
    }
}

/// Solves `problem` from a starting assignment (agent per item) that
/// satisfies every constraint, or from the greedy construction when `start`
/// is `None` or violates one. The local search only accepts improvements, so
/// the answer is never worse than a feasible start.
pub fn solve_from(problem: &Problem, options: &SolveOptions, start: Option<&[u32]>) -> Solution {
    let start_pairs = start
        .filter(|s| problem.check(s).is_ok())
        .map(|s| to_pairs(problem, s));
    let clock = Instant::now();
    let mut solution = solve_inner(problem, options, start_pairs);
    solution.seconds = clock.elapsed().as_secs_f64();
    solution
}

fn solve_inner(
    problem: &Problem,
    options: &SolveOptions,
    start_pairs: Option<Vec<u32>>,
) -> Solution {
    let start = Instant::now();
    let deadline = start + options.time_limit;
    let strategy = match options.strategy {
        Strategy::Auto if problem.pair_count() <= AUTO_EXACT_PAIRS => Strategy::Exact,
        Strategy::Auto => Strategy::Heuristic,
        s => s,
    };
    let finish = |status, strategy, assignment: Vec<u32>, lower_bound: Option<f64>| {
        let evaluation = (!assignment.is_empty()).then(|| problem.evaluate(&assignment));
        Solution {
            status,
            strategy,
            assignment,
            evaluation,
            lower_bound,
            seconds: start.elapsed().as_secs_f64(),
        }
    };

    if !diagnose::causes(problem).is_empty() {
        return finish(Status::Infeasible, strategy, Vec::new(), None);
    }
    let mut lower = bound::objective_bound(problem);

    // A fast incumbent: the whole budget for the heuristic, a fifth for
    // exact. The heuristic ends early once it has a feasible answer; when it
    // has none (nearly exhausted capacities), `auto` keeps half the time for
    // the MIP on instances the LP backend can take.
    let auto = options.strategy == Strategy::Auto;
    let mip_fallback = auto && problem.pair_count() <= LP_BOUND_PAIRS;
    let heuristic_end = match strategy {
        Strategy::Exact => start + options.time_limit.mul_f64(0.2).min(Duration::from_secs(5)),
        _ if mip_fallback => start + options.time_limit.mul_f64(0.5),
        _ => deadline,
    };
    let outcome = heuristic::run(problem, start_pairs, options.seed, heuristic_end);
    let mut best: Option<(Vec<u32>, Strategy)> = None;
    if outcome.feasible {
        let agents = to_agents(problem, &outcome.assignment);
        if problem.check(&agents).is_ok() {
            best = Some((agents, Strategy::Heuristic));
        }
    }

    // `auto` keeps only a proven MIP optimum, so that its answer is
    // reproducible, unless the heuristic found nothing: then the MIP
    // decides, and an unproven answer beats none (it is then not
    // reproducible across machines, like any run cut by the time limit).
    let fallback = best.is_none() && mip_fallback && strategy == Strategy::Heuristic;
    let strategy = if fallback { Strategy::Exact } else { strategy };
    let keep_unproven = !auto || fallback;
    let mut remaining = deadline.saturating_duration_since(Instant::now());
    if auto && !fallback {
        remaining = remaining.min(AUTO_EXACT_BUDGET);
    }
    let mut proven_optimal = false;
    if strategy == Strategy::Exact && !remaining.is_zero() {
        let warm = best.as_ref().map(|(a, _)| a.as_slice());
        match exact::run(problem, true, remaining, warm) {
            exact::Outcome::Optimal {
                assignment,
                objective,
            } if problem.check(&assignment).is_ok() => {
                lower = lower.max(objective - tolerance(objective));
                best = Some((assignment, Strategy::Exact));
                proven_optimal = true;
            }
            exact::Outcome::Feasible { assignment }
                if keep_unproven
                    && problem.check(&assignment).is_ok()
                    && best.as_ref().is_none_or(|(b, _)| {
                        objective(problem, &assignment) < objective(problem, b)
                    }) =>
            {
                best = Some((assignment, Strategy::Exact));
            }
            exact::Outcome::Infeasible if best.is_none() => {
                return finish(Status::Infeasible, Strategy::Exact, Vec::new(), None);
            }
            _ => {}
        }
    } else if problem.pair_count() <= LP_BOUND_PAIRS && !remaining.is_zero() {
        match exact::run(problem, false, remaining, None) {
            exact::Outcome::Optimal { objective, .. } => {
                lower = lower.max(objective - tolerance(objective));
            }
            exact::Outcome::Infeasible if best.is_none() => {
                return finish(Status::Infeasible, strategy, Vec::new(), None);
            }
            _ => {}
        }
    }

    match best {
        Some((assignment, used)) => {
            let value = objective(problem, &assignment);
            let optimal = proven_optimal || value - lower <= tolerance(value);
            let status = if optimal {
                Status::Optimal
            } else {
                Status::Feasible
            };
            finish(status, used, assignment, Some(lower.min(value)))
        }
        None => finish(Status::NoSolution, strategy, Vec::new(), Some(lower)),
    }
}

/// Solver tolerance on an objective value (the LP backends work to about 1e-9).
pub(crate) fn tolerance(value: f64) -> f64 {
    1e-9 * value.abs().max(1.0)
}

fn objective(problem: &Problem, assignment: &[u32]) -> f64 {
    problem.evaluate(assignment).objective
}

/// Agent indices per item to pair indices per item (every agent eligible).
fn to_pairs(problem: &Problem, agents: &[u32]) -> Vec<u32> {
    agents
        .iter()
        .enumerate()
        .map(|(item, &agent)| {
            let k = problem.pairs(item).iter().position(|p| p.agent == agent);
            k.unwrap_or(0) as u32
        })
        .collect()
}

/// Pair indices per item to agent indices per item.
pub(crate) fn to_agents(problem: &Problem, pairs: &[u32]) -> Vec<u32> {
    pairs
        .iter()
        .enumerate()
        .map(|(item, &k)| problem.pairs(item)[k as usize].agent)
        .collect()
}
