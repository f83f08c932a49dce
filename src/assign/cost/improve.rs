//! Tabu search with strategic oscillation around the incumbent.
//!
//! The search walks through shift moves (one item to another agent) and
//! swap moves (two items exchange agents), always taking the best move
//! that is not tabu, even when it is worse. Capacity excess is allowed but
//! priced: the walk minimises `cost + α · excess`, and `α` grows while the
//! walk stays infeasible and shrinks while it stays feasible, so the search
//! oscillates around the boundary of the feasible region where good GAP
//! solutions lie. Leaving agent `i` makes "item back to `i`" tabu for a
//! random tenure; a tabu move is still taken when it yields a feasible
//! assignment better than the best one (aspiration). Every feasible point
//! is a candidate for the incumbent. All randomness comes from one seeded
//! generator, so a seed and an iteration count give one result.
//!
//! References: J. A. Díaz and E. Fernández, "A tabu search heuristic for
//! the generalized assignment problem", European Journal of Operational
//! Research 132 (2001) 22–38 (penalised tabu search with strategic
//! oscillation); F. Glover and M. Laguna, *Tabu Search*, Kluwer (1997);
//! Yagiura, Ibaraki & Glover (2004) for the neighbourhoods (see the parent
//! module).

use std::time::Instant;

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::heuristic::State;
use super::Model;

/// Factor by which `α` changes after each move.
const OSCILLATION: f64 = 1.1;

/// A candidate move: a shift (`second` is `None`) or a swap.
#[derive(Debug, Clone, Copy)]
struct Move {
    item: usize,
    to: usize,
    second: Option<usize>,
    delta: f64,
}

/// Runs `iterations` tabu moves from `start` (or until `deadline`);
/// returns a better feasible assignment, if it finds one.
pub(crate) fn tabu_search(
    model: &Model,
    start: &(Vec<u32>, f64),
    iterations: usize,
    rng: &mut ChaCha8Rng,
    deadline: Instant,
) -> Option<(Vec<u32>, f64)> {
    let (m, n) = (model.m, model.n);
    if n < 2 || m < 2 {
        return None;
    }
    let mut state = State::empty(model);
    for (j, &i) in start.0.iter().enumerate() {
        state.place(model, j, i as usize);
    }
    let mut best = start.clone();
    let mut improved = false;
    let mut tabu_until = vec![0usize; m * n];
    let mut alpha = initial_alpha(model);
    let tenure = (m + n / 10).max(5);

    for iteration in 1..=iterations {
        if Instant::now() >= deadline {
            break;
        }

        let Some(chosen) = best_move(model, &state, &tabu_until, iteration, alpha, best.1) else {
            break;
        };
        apply(
            model,
            &mut state,
            chosen,
            &mut tabu_until,
            iteration,
            tenure,
            rng,
        );

        let excess = excess_total(model, &state);
        if excess == 0.0 {
            alpha = (alpha / OSCILLATION).max(1e-6);
            if state.cost < best.1 - 1e-9 * best.1.abs().max(1.0) {
                if let Some(found) = state.feasible(model) {
                    best = found;
                    improved = true;
                }
            }
        } else {
            alpha = (alpha * OSCILLATION).min(1e12);
        }
    }
    improved.then_some(best)
}

/// A starting price of excess: the cost spread per unit of workload.
fn initial_alpha(model: &Model) -> f64 {
    let finite = model.cost.iter().zip(&model.eligible).filter(|(_, &e)| e);
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (&c, _)| {
        (lo.min(c), hi.max(c))
    });
    let mean_weight = model.weight.iter().sum::<f64>() / model.weight.len().max(1) as f64;
    ((hi - lo).max(1.0) / mean_weight.max(1e-9)).max(1e-6)
}

/// Excess of agent `i` at a load and account count, in workload units
/// (account excess counts as the agent's capacity per account).
fn excess_of(model: &Model, i: usize, load: f64, count: f64) -> f64 {
    let cap = model.capacity[i];
    let over_load = (load - cap - Model::tolerance(cap)).max(0.0);
    let over_count = (count - model.max_count[i]).max(0.0);
    over_load + over_count * cap.max(1.0)
}

fn excess_total(model: &Model, state: &State) -> f64 {
    (0..model.m)
        .map(|i| excess_of(model, i, state.load[i], state.count[i]))
        .sum()
}

/// The best admissible move: not tabu, or feasible and better than `best`.
fn best_move(
    model: &Model,
    state: &State,
    tabu_until: &[usize],
    iteration: usize,
    alpha: f64,
    best: f64,
) -> Option<Move> {
    let (m, n) = (model.m, model.n);
    let excess: Vec<f64> = (0..m)
        .map(|i| excess_of(model, i, state.load[i], state.count[i]))
        .collect();
    let total_excess: f64 = excess.iter().sum();
    let mut chosen: Option<Move> = None;
    let mut consider = |mv: Move| {
        if chosen.is_none_or(|c| mv.delta < c.delta) {
            chosen = Some(mv);
        }
    };

    for j in 0..n {
        let i = state.agent[j] as usize;
        let from = model.at(i, j);
        let ex_i = excess_of(
            model,
            i,
            state.load[i] - model.weight[from],
            state.count[i] - model.accounts[j],
        ) - excess[i];
        for k in 0..m {
            let to = model.at(k, j);
            if k == i || !model.eligible[to] {
                continue;
            }
            let ex_k = excess_of(
                model,
                k,
                state.load[k] + model.weight[to],
                state.count[k] + model.accounts[j],
            ) - excess[k];
            let delta_cost = model.cost[to] - model.cost[from];
            let feasible_after = total_excess + ex_i + ex_k <= 0.0;
            let admissible = tabu_until[to] <= iteration
                || (feasible_after && state.cost + delta_cost < best - 1e-9);
            if admissible {
                consider(Move {
                    item: j,
                    to: k,
                    second: None,
                    delta: delta_cost + alpha * (ex_i + ex_k),
                });
            }
        }
    }

    for j in 0..n {
        let i = state.agent[j] as usize;
        for l in (j + 1)..n {
            let k = state.agent[l] as usize;
            if i == k {
                continue;
            }
            let (jk, li) = (model.at(k, j), model.at(i, l));
            if !model.eligible[jk] || !model.eligible[li] {
                continue;
            }
            let (ji, lk) = (model.at(i, j), model.at(k, l));
            let delta_cost = model.cost[jk] + model.cost[li] - model.cost[ji] - model.cost[lk];
            let d_acc = model.accounts[l] - model.accounts[j];
            let load_i = state.load[i] - model.weight[ji] + model.weight[li];
            let load_k = state.load[k] - model.weight[lk] + model.weight[jk];
            let ex = excess_of(model, i, load_i, state.count[i] + d_acc) - excess[i]
                + excess_of(model, k, load_k, state.count[k] - d_acc)
                - excess[k];
            let feasible_after = total_excess + ex <= 0.0;
            let is_tabu = tabu_until[jk] > iteration || tabu_until[li] > iteration;
            let admissible = !is_tabu || (feasible_after && state.cost + delta_cost < best - 1e-9);
            if admissible {
                consider(Move {
                    item: j,
                    to: k,
                    second: Some(l),
                    delta: delta_cost + alpha * ex,
                });
            }
        }
    }
    chosen
}

/// Applies a move and makes the items' old agents tabu for them.
fn apply(
    model: &Model,
    state: &mut State,
    mv: Move,
    tabu_until: &mut [usize],
    iteration: usize,
    tenure: usize,
    rng: &mut ChaCha8Rng,
) {
    let j = mv.item;
    let i = state.agent[j] as usize;
    tabu_until[model.at(i, j)] = iteration + tenure + rng.random_range(0..=tenure);
    state.remove(model, j);
    if let Some(l) = mv.second {
        let k = state.agent[l] as usize;
        tabu_until[model.at(k, l)] = iteration + tenure + rng.random_range(0..=tenure);
        state.remove(model, l);
        state.place(model, l, i);
    }
    state.place(model, j, mv.to);
}
