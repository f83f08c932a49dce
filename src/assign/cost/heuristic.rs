//! Upper bounds: constructive heuristics and local search.
//!
//! - [`regret_fill`] is the Martello–Toth rule: among unassigned items,
//!   place the one whose best and second-best agents (by a desirability
//!   measure, among those with room) differ most, on its best agent.
//! - [`from_preferences`] repairs a Lagrangian solution: items chosen by
//!   one or more knapsacks go to the cheapest of them while room lasts, the
//!   rest are placed by regret.
//! - [`local_search`] improves a complete assignment with shift moves (one
//!   item to another agent) and swap moves (two items exchange agents),
//!   ordered lexicographically by (capacity excess, cost), so that it also
//!   repairs an assignment that overfills agents.
//!
//! References: Martello & Toth (1981); Yagiura, Ibaraki & Glover (2004) for
//! the shift/swap neighbourhoods and the penalised treatment of excess
//! (see the parent module).

use std::time::Instant;

use super::Model;

/// Marks an unassigned item.
pub(crate) const NONE: u32 = u32::MAX;

/// A (possibly partial, possibly over-capacity) assignment with its sums.
#[derive(Debug, Clone)]
pub(crate) struct State {
    /// Agent of each item, or [`NONE`].
    pub agent: Vec<u32>,
    /// Workload on each agent.
    pub load: Vec<f64>,
    /// Accounts on each agent.
    pub count: Vec<f64>,
    /// Total cost of the placed items.
    pub cost: f64,
}

impl State {
    /// Nothing placed.
    pub fn empty(model: &Model) -> Self {
        State {
            agent: vec![NONE; model.n],
            load: vec![0.0; model.m],
            count: vec![0.0; model.m],
            cost: 0.0,
        }
    }

    /// Places unassigned item `j` on agent `i`.
    pub fn place(&mut self, model: &Model, j: usize, i: usize) {
        let k = model.at(i, j);
        self.agent[j] = i as u32;
        self.load[i] += model.weight[k];
        self.count[i] += model.accounts[j];
        self.cost += model.cost[k];
    }

    /// Takes item `j` off its agent.
    pub fn remove(&mut self, model: &Model, j: usize) {
        let i = self.agent[j] as usize;
        let k = model.at(i, j);
        self.agent[j] = NONE;
        self.load[i] -= model.weight[k];
        self.count[i] -= model.accounts[j];
        self.cost -= model.cost[k];
    }

    /// Whether item `j` fits on agent `i` now.
    pub fn fits(&self, model: &Model, j: usize, i: usize) -> bool {
        let k = model.at(i, j);
        model.eligible[k]
            && self.load[i] + model.weight[k]
                <= model.capacity[i] + Model::tolerance(model.capacity[i])
            && self.count[i] + model.accounts[j] <= model.max_count[i]
    }

    /// Total excess over capacities and account limits (0 when feasible).
    pub fn excess(&self, model: &Model) -> f64 {
        (0..model.m)
            .map(|i| excess_of(model, i, self.load[i], self.count[i]))
            .sum()
    }

    /// The complete, feasible assignment, if this is one.
    pub fn feasible(&self, model: &Model) -> Option<(Vec<u32>, f64)> {
        let complete = self.agent.iter().all(|&a| a != NONE);
        if !complete || self.excess(model) != 0.0 {
            return None;
        }
        // Summed afresh: the running total drifts after many moves.
        let cost = (0..model.n)
            .map(|j| model.cost[model.at(self.agent[j] as usize, j)])
            .sum();
        Some((self.agent.clone(), cost))
    }
}

/// Excess of agent `i` at the given load and count, scaled by capacity so
/// that agents of different sizes weigh alike.
fn excess_of(model: &Model, i: usize, load: f64, count: f64) -> f64 {
    let cap = model.capacity[i];
    let over_load = (load - cap - Model::tolerance(cap)).max(0.0) / cap.max(1.0);
    let over_count = (count - model.max_count[i]).max(0.0);
    over_load + over_count
}

/// The best and second-best agents of an item by desirability, among
/// those with room: `(best value, best agent, second value, second agent)`.
type Ranked = (f64, usize, f64, usize);

fn rank(model: &Model, state: &State, desirability: &[f64], j: usize) -> Option<Ranked> {
    let mut r: Ranked = (f64::INFINITY, usize::MAX, f64::INFINITY, usize::MAX);
    for i in 0..model.m {
        if !state.fits(model, j, i) {
            continue;
        }
        let d = desirability[model.at(i, j)];
        if d < r.0 {
            r = (d, i, r.0, r.1);
        } else if d < r.2 {
            r.2 = d;
            r.3 = i;
        }
    }
    (r.1 != usize::MAX).then_some(r)
}

/// Places the unassigned items by the regret rule on `desirability`
/// (smaller is better, indexed like the model's pairs). Returns false when
/// some item fits on no agent (it is then left unassigned).
pub(crate) fn regret_fill(model: &Model, state: &mut State, desirability: &[f64]) -> bool {
    let mut open: Vec<usize> = (0..model.n).filter(|&j| state.agent[j] == NONE).collect();
    let mut ranked: Vec<Ranked> = vec![(0.0, 0, 0.0, 0); model.n];
    for &j in &open {
        match rank(model, state, desirability, j) {
            Some(r) => ranked[j] = r,
            None => return false,
        }
    }

    while !open.is_empty() {
        let mut pick: Option<(usize, f64)> = None;
        for (pos, &j) in open.iter().enumerate() {
            let regret = ranked[j].2 - ranked[j].0;
            if pick.is_none_or(|(_, r)| regret > r) {
                pick = Some((pos, regret));
            }
        }
        let (pos, _) = pick.expect("open is not empty");
        let j = open.swap_remove(pos);
        let agent = ranked[j].1;
        state.place(model, j, agent);

        // Only `agent` got fuller, so only items that ranked it first or
        // second can see their ranking change.
        for &other in &open {
            if ranked[other].1 == agent || ranked[other].3 == agent {
                match rank(model, state, desirability, other) {
                    Some(r) => ranked[other] = r,
                    None => return false,
                }
            }
        }
    }
    true
}

/// Places every unassigned item on the eligible agent it overfills least
/// (then the cheapest), so that local search can repair the excess.
pub(crate) fn force_place(model: &Model, state: &mut State) {
    for j in 0..model.n {
        if state.agent[j] != NONE {
            continue;
        }
        let best = (0..model.m)
            .filter(|&i| model.eligible[model.at(i, j)])
            .min_by(|&a, &b| {
                let key = |i: usize| {
                    let k = model.at(i, j);
                    let before = excess_of(model, i, state.load[i], state.count[i]);
                    let after = excess_of(
                        model,
                        i,
                        state.load[i] + model.weight[k],
                        state.count[i] + model.accounts[j],
                    );
                    (after - before, model.cost[k])
                };
                let (ka, kb) = (key(a), key(b));
                ka.0.total_cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
            });
        if let Some(i) = best {
            state.place(model, j, i);
        }
    }
}

/// Whether a move changing excess by `d_excess` and cost by `d_cost` is an
/// improvement in the lexicographic order (excess first).
fn better(d_excess: f64, d_cost: f64) -> bool {
    d_excess < -1e-12 || (d_excess <= 0.0 && d_cost < -1e-9)
}

/// Shift and swap descent on a complete assignment until neither
/// neighbourhood improves (lexicographically: excess, then cost) or the
/// deadline passes.
pub(crate) fn local_search(model: &Model, state: &mut State, deadline: Instant) {
    let (m, n) = (model.m, model.n);
    if state.agent.contains(&NONE) {
        return;
    }
    while Instant::now() < deadline {
        let mut improved = false;

        for j in 0..n {
            for k in 0..m {
                let i = state.agent[j] as usize;
                if k == i || !model.eligible[model.at(k, j)] {
                    continue;
                }
                let (from, to) = (model.at(i, j), model.at(k, j));
                let before = excess_of(model, i, state.load[i], state.count[i])
                    + excess_of(model, k, state.load[k], state.count[k]);
                let after = excess_of(
                    model,
                    i,
                    state.load[i] - model.weight[from],
                    state.count[i] - model.accounts[j],
                ) + excess_of(
                    model,
                    k,
                    state.load[k] + model.weight[to],
                    state.count[k] + model.accounts[j],
                );
                if better(after - before, model.cost[to] - model.cost[from]) {
                    state.remove(model, j);
                    state.place(model, j, k);
                    improved = true;
                }
            }
        }

        if state.excess(model) > 0.0 {
            // Excess falls only if a swap takes an item off an overfull agent.
            for j in 0..n {
                let i = state.agent[j] as usize;
                if excess_of(model, i, state.load[i], state.count[i]) == 0.0 {
                    continue;
                }
                for l in 0..n {
                    if try_swap(model, state, j, l) {
                        improved = true;
                        break;
                    }
                }
            }
        } else {
            // A feasible descent only takes swaps that lower the cost, and
            // a swap lowers the cost only if one of its two items moves to a
            // cheaper agent: scan just those (lists are rebuilt every pass,
            // so the last, move-free pass sees every candidate).
            let mut members = vec![Vec::new(); m];
            for (j, &a) in state.agent.iter().enumerate() {
                members[a as usize].push(j);
            }
            for j in 0..n {
                for k in 0..m {
                    let i = state.agent[j] as usize;
                    let to = model.at(k, j);
                    if k == i || !model.eligible[to] || model.cost[to] >= model.cost[model.at(i, j)]
                    {
                        continue;
                    }
                    for &l in &members[k] {
                        if state.agent[l] as usize == k && state.agent[j] as usize == i {
                            improved |= try_swap(model, state, j, l);
                        }
                    }
                }
            }
        }

        if !improved {
            break;
        }
    }
}

/// Swaps the agents of items `j` and `l` when that is an improvement;
/// returns whether it did.
fn try_swap(model: &Model, state: &mut State, j: usize, l: usize) -> bool {
    let (i, k) = (state.agent[j] as usize, state.agent[l] as usize);
    let (jk, li) = (model.at(k, j), model.at(i, l));
    if i == k || !model.eligible[jk] || !model.eligible[li] {
        return false;
    }
    let (ji, lk) = (model.at(i, j), model.at(k, l));
    let d_cost = model.cost[jk] + model.cost[li] - model.cost[ji] - model.cost[lk];
    let d_acc = model.accounts[l] - model.accounts[j];
    let load_i = state.load[i] - model.weight[ji] + model.weight[li];
    let load_k = state.load[k] - model.weight[lk] + model.weight[jk];
    let before = excess_of(model, i, state.load[i], state.count[i])
        + excess_of(model, k, state.load[k], state.count[k]);
    let after = excess_of(model, i, load_i, state.count[i] + d_acc)
        + excess_of(model, k, load_k, state.count[k] - d_acc);
    if !better(after - before, d_cost) {
        return false;
    }
    state.remove(model, j);
    state.remove(model, l);
    state.place(model, j, k);
    state.place(model, l, i);
    true
}

/// Completes a partial state by regret on costs, repairs any excess and
/// descends; returns the assignment when it ends feasible.
pub(crate) fn complete_and_improve(
    model: &Model,
    mut state: State,
    deadline: Instant,
) -> Option<(Vec<u32>, f64)> {
    if !regret_fill(model, &mut state, &model.cost) {
        force_place(model, &mut state);
    }
    local_search(model, &mut state, deadline);
    state.feasible(model)
}

/// Builds an assignment from preferred agents per item (`chosen[i*n+j]`:
/// agent `i` would take item `j`), keeping `fixed` items where they are.
pub(crate) fn from_preferences(
    model: &Model,
    fixed: &[u32],
    chosen: &[bool],
    deadline: Instant,
) -> Option<(Vec<u32>, f64)> {
    let mut state = State::empty(model);
    for (j, &i) in fixed.iter().enumerate() {
        if i != NONE && state.fits(model, j, i as usize) {
            state.place(model, j, i as usize);
        }
    }

    for j in 0..model.n {
        if state.agent[j] != NONE {
            continue;
        }
        let best = (0..model.m)
            .filter(|&i| chosen[model.at(i, j)] && state.fits(model, j, i))
            .min_by(|&a, &b| model.cost[model.at(a, j)].total_cmp(&model.cost[model.at(b, j)]));
        if let Some(i) = best {
            state.place(model, j, i);
        }
    }

    complete_and_improve(model, state, deadline)
}

/// Regret construction with several desirability measures, each followed
/// by local search; the best feasible result. Measures after the first are
/// skipped once the deadline has passed.
pub(crate) fn construct(model: &Model, deadline: Instant) -> Option<(Vec<u32>, f64)> {
    let mut best: Option<(Vec<u32>, f64)> = None;
    let measures: [&dyn Fn(usize, usize) -> f64; 4] = [
        &|i, j| model.cost[model.at(i, j)],
        &|i, j| model.weight[model.at(i, j)],
        &|i, j| model.weight[model.at(i, j)] / model.capacity[i].max(1e-9),
        &|i, j| model.cost[model.at(i, j)] * model.weight[model.at(i, j)].max(1e-9),
    ];
    for (k, measure) in measures.into_iter().enumerate() {
        if k > 0 && Instant::now() >= deadline {
            break;
        }
        let mut desirability = vec![f64::INFINITY; model.m * model.n];
        for i in 0..model.m {
            for j in 0..model.n {
                desirability[model.at(i, j)] = measure(i, j);
            }
        }
        let mut state = State::empty(model);
        if !regret_fill(model, &mut state, &desirability) {
            force_place(model, &mut state);
        }
        local_search(model, &mut state, deadline);
        if let Some(found) = state.feasible(model) {
            if best.as_ref().is_none_or(|b| found.1 < b.1) {
                best = Some(found);
            }
        }
    }
    best
}
