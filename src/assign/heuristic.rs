//! The scalable strategy: greedy construction, local search, then iterated
//! local search with seeded perturbations.
//!
//! Construction keeps items with their current owner when moves are
//! penalised and places the rest largest first ([`super::construct`]). The
//! local search ([`super::search`]) repairs any overflow and then lowers the
//! objective with shifts and swaps. When it stops in a local optimum, a kick
//! moves a few random items of one of the worst agents to random eligible
//! agents and the search runs again; the better of the two results is kept.
//! The number of kicks is bounded (and stops after a run of kicks without
//! improvement), so a run is reproducible for a given seed
//! whenever it finishes before the time limit.
//!
//! References: H. R. Lourenço, O. C. Martin and T. Stützle, "Iterated local
//! search", in *Handbook of Metaheuristics*, Kluwer, 2003.

use std::time::Instant;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::construct::construct;
use super::problem::Problem;
use super::search::{improve, Reverse};
use super::state::State;

/// Perturbation rounds after the first local optimum, on small instances.
const KICKS: usize = 40;

/// Item count times kicks stays below this: a kick's local search costs a
/// pass over every agent, and on large instances the gains are marginal.
const KICK_WORK: usize = 100_000;

/// Kicks in a row without improvement after which the search stops.
const STALL: usize = 5;

/// Largest number of items a kick moves.
const KICK_SIZE: usize = 4;

/// The result of the heuristic: pair index per item, and whether every
/// constraint holds.
pub(crate) struct Outcome {
    pub assignment: Vec<u32>,
    pub feasible: bool,
}

/// Exact score of a state: (infeasibility, objective).
fn score(state: &State<'_>) -> (f64, f64) {
    let assignment = state.assignment();
    let objective = state.problem.evaluate(&assignment).objective;
    (state.total_infeasibility(), objective)
}

fn better(a: (f64, f64), b: (f64, f64)) -> bool {
    // Infeasibility first; objective differences below 1e-12 are rounding.
    a.0 < b.0 - 1e-12 || (a.0 <= b.0 + 1e-12 && a.1 < b.1 - 1e-12)
}

/// Runs the heuristic from `start` (pair index per item), or from the
/// greedy construction when `start` is `None`.
pub(crate) fn run(
    problem: &Problem,
    start: Option<Vec<u32>>,
    seed: u64,
    deadline: Instant,
) -> Outcome {
    let reverse = Reverse::new(problem);
    let mut state = State::new(problem, start.unwrap_or_else(|| construct(problem)));
    improve(&mut state, &reverse, deadline);

    let mut best_pairs = state.pair_of.clone();
    let mut best_score = score(&state);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut stalled = 0;
    let kicks = KICKS.min(KICK_WORK / problem.items.len().max(1));
    for _ in 0..kicks {
        if Instant::now() >= deadline || stalled >= STALL {
            break;
        }
        kick(&mut state, &mut rng);
        improve(&mut state, &reverse, deadline);
        let s = score(&state);
        if better(s, best_score) {
            best_score = s;
            best_pairs = state.pair_of.clone();
            stalled = 0;
        } else {
            stalled += 1;
            state = State::new(problem, best_pairs.clone());
        }
    }

    if best_score.0 > 1e-12 {
        (best_pairs, best_score) = repair(
            problem, &reverse, best_pairs, best_score, &mut rng, deadline,
        );
    }

    let feasible = best_score.0 <= 1e-12;
    Outcome {
        assignment: best_pairs,
        feasible,
    }
}

/// Most repair kicks: enough for the nearly full instances tried (a
/// hundred reps packed to the last unit need a few hundred), and a bound
/// that keeps the run reproducible and short when no assignment exists.
const REPAIR_KICKS: usize = 5_000;

/// Non-improving repair kicks in a row after which the walk returns to the
/// least infeasible assignment seen.
const WALK: usize = 20;

/// Looks for a feasible assignment when the search ends with an overloaded
/// agent, which happens when capacities are nearly exhausted (a bin-packing
/// problem). A random walk: items of an overloaded agent go to random
/// eligible agents, the search repairs what it can, and the walk returns to
/// the best assignment after [`WALK`] kicks without progress. It stops at
/// the first feasible assignment, after [`REPAIR_KICKS`] kicks, or at the
/// deadline.
fn repair(
    problem: &Problem,
    reverse: &Reverse,
    mut best_pairs: Vec<u32>,
    mut best_score: (f64, f64),
    rng: &mut ChaCha8Rng,
    deadline: Instant,
) -> (Vec<u32>, (f64, f64)) {
    let mut state = State::new(problem, best_pairs.clone());
    let mut since_best = 0;
    for _ in 0..REPAIR_KICKS {
        if best_score.0 <= 1e-12 || Instant::now() >= deadline {
            break;
        }
        let overloaded: Vec<usize> = (0..problem.agents.len())
            .filter(|&a| state.infeasibility[a] > 0.0)
            .collect();
        if overloaded.is_empty() {
            kick(&mut state, rng);
        } else {
            let agent = overloaded[rng.random_range(0..overloaded.len())];
            scatter(&mut state, agent, rng);
        }
        improve(&mut state, reverse, deadline);
        let s = score(&state);
        if better(s, best_score) {
            best_score = s;
            best_pairs = state.pair_of.clone();
            since_best = 0;
        } else {
            since_best += 1;
            if since_best >= WALK {
                state = State::new(problem, best_pairs.clone());
                since_best = 0;
            }
        }
    }
    (best_pairs, best_score)
}

/// Moves up to [`KICK_SIZE`] random items of `agent` to random eligible agents.
fn scatter(state: &mut State<'_>, agent: usize, rng: &mut ChaCha8Rng) {
    let movable: Vec<u32> = state.members[agent]
        .iter()
        .copied()
        .filter(|&i| state.problem.pairs(i as usize).len() > 1)
        .collect();
    if movable.is_empty() {
        return;
    }
    let moves = rng.random_range(1..=KICK_SIZE.min(movable.len()));
    for _ in 0..moves {
        let item = movable[rng.random_range(0..movable.len())] as usize;
        let to = rng.random_range(0..state.problem.pairs(item).len());
        if to != state.pair_of[item] as usize {
            state.shift(item, to);
        }
    }
}

/// Moves a few random items of one of the worst agents to random eligible agents.
fn kick(state: &mut State<'_>, rng: &mut ChaCha8Rng) {
    let n = state.problem.agents.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        state
            .badness(b)
            .total_cmp(&state.badness(a))
            .then(a.cmp(&b))
    });
    let pick = order[rng.random_range(0..n.min(3))];
    scatter(state, pick, rng);
}
