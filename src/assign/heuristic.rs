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

    let feasible = best_score.0 <= 1e-12;
    Outcome {
        assignment: best_pairs,
        feasible,
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
    let movable: Vec<u32> = state.members[pick]
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
        let pairs = state.problem.pairs(item).len();
        let to = rng.random_range(0..pairs);
        if to != state.pair_of[item] as usize {
            state.shift(item, to);
        }
    }
}
