//! Lower bounds: the Lagrangian relaxation of the assignment constraints.
//!
//! For multipliers `u` (one per item), relaxing "each item to exactly one
//! agent" leaves
//! `L(u) = Σ_j u_j + Σ_i min { Σ_j (c_ij − u_j) x_ij : Σ_j a_ij x_ij ≤ b_i }`,
//! one 0-1 knapsack per agent (take items with positive profit
//! `u_j − c_ij`). Every `L(u)` is a lower bound on the optimum; subgradient
//! steps `u_j += t (1 − Σ_i x_ij)` with the Polyak step length
//! `t = λ (UB − L(u)) / ‖g‖²` raise it.
//!
//! A search node fixes some items to agents and forbids some pairs; the
//! relaxation is then taken over the free items with the residual
//! capacities. Penalty fixing: forcing a pair `(i, j)` that the knapsack of
//! `i` did not take costs at least `K_i − (u_j − c_ij) − K_i(b_i − a_ij)`,
//! read off the DP table; when that pushes the bound to the incumbent, the
//! pair is forbidden.
//!
//! References: Fisher, Jaikumar & Van Wassenhove (1986); Held, Wolfe &
//! Crowder (1974); Ross & Soland (1975) (see the parent module).

use std::time::Instant;

use super::heuristic::NONE;
use super::knapsack::{pack, Candidate, Workspace};
use super::Model;

/// The restrictions of one search node.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// Whether pair `(i, j)` is still allowed, at `i * n + j`.
    pub allowed: Vec<bool>,
    /// Agent each item is fixed to, or [`NONE`] for a free item.
    pub fixed: Vec<u32>,
    /// Cost of the fixed items.
    pub fixed_cost: f64,
    /// Capacity left on each agent after the fixed items.
    pub residual: Vec<f64>,
    /// Accounts left on each agent after the fixed items.
    pub residual_count: Vec<f64>,
}

impl Node {
    /// No restriction beyond eligibility.
    pub fn root(model: &Model) -> Self {
        Node {
            allowed: model.eligible.clone(),
            fixed: vec![NONE; model.n],
            fixed_cost: 0.0,
            residual: model.capacity.clone(),
            residual_count: model.max_count.clone(),
        }
    }

    /// Fixes free item `j` to agent `i`.
    pub fn fix(&mut self, model: &Model, j: usize, i: usize) {
        let k = model.at(i, j);
        self.fixed[j] = i as u32;
        self.fixed_cost += model.cost[k];
        self.residual[i] -= model.weight[k];
        self.residual_count[i] -= model.accounts[j];
        for other in 0..model.m {
            self.allowed[model.at(other, j)] = other == i;
        }
    }

    /// Forbids pair `(i, j)`.
    pub fn forbid(&mut self, model: &Model, j: usize, i: usize) {
        self.allowed[model.at(i, j)] = false;
    }

    /// Forbids pairs that no longer fit, fixes items left with one agent,
    /// and repeats; false when some item has no agent left or some agent is
    /// overfilled (the node holds no feasible assignment).
    pub fn settle(&mut self, model: &Model) -> bool {
        loop {
            if (0..model.m).any(|i| {
                self.residual[i] < -Model::tolerance(model.capacity[i])
                    || self.residual_count[i] < 0.0
            }) {
                return false;
            }
            let mut changed = false;
            for j in 0..model.n {
                if self.fixed[j] != NONE {
                    continue;
                }
                let mut only = None;
                let mut options = 0;
                for i in 0..model.m {
                    let k = model.at(i, j);
                    if !self.allowed[k] {
                        continue;
                    }
                    let fits = model.weight[k]
                        <= self.residual[i] + Model::tolerance(model.capacity[i])
                        && model.accounts[j] <= self.residual_count[i];
                    if fits {
                        options += 1;
                        only = Some(i);
                    } else {
                        self.allowed[k] = false;
                    }
                }
                match (options, only) {
                    (0, _) => return false,
                    (1, Some(i)) => {
                        self.fix(model, j, i);
                        changed = true;
                    }
                    _ => {}
                }
            }
            if !changed {
                return true;
            }
        }
    }
}

/// The relaxation solved at one multiplier vector.
#[derive(Debug, Clone)]
pub(crate) struct Relaxed {
    /// `L(u)`, a lower bound on every assignment of the node.
    pub value: f64,
    /// `x[i * n + j]`: knapsack `i` took free item `j`.
    pub x: Vec<bool>,
    /// How many knapsacks took each free item (0 for fixed items).
    pub times: Vec<u32>,
    /// Knapsack profit of each agent.
    pub profit: Vec<f64>,
    /// DP table (best profit per capacity) of each agent, when exact.
    pub table: Vec<Option<Vec<f64>>>,
}

impl Relaxed {
    /// True when every free item is taken exactly once: the relaxed solution
    /// is then an assignment of the node, and `value` is its cost.
    pub fn is_assignment(&self, node: &Node) -> bool {
        node.fixed
            .iter()
            .zip(&self.times)
            .all(|(&f, &t)| f != NONE || t == 1)
    }

    /// The assignment of a relaxed solution that [`Relaxed::is_assignment`].
    pub fn assignment(&self, model: &Model, node: &Node) -> Vec<u32> {
        (0..model.n)
            .map(|j| {
                if node.fixed[j] != NONE {
                    return node.fixed[j];
                }
                (0..model.m).find(|&i| self.x[model.at(i, j)]).unwrap_or(0) as u32
            })
            .collect()
    }
}

/// Evaluates `L(u)` for nodes of one model.
pub(crate) struct Lagrangian<'a> {
    model: &'a Model,
    ws: Workspace,
    candidates: Vec<Candidate>,
}

impl<'a> Lagrangian<'a> {
    /// A fresh evaluator.
    pub fn new(model: &'a Model) -> Self {
        Lagrangian {
            model,
            ws: Workspace::default(),
            candidates: Vec::new(),
        }
    }

    /// Solves the relaxation of `node` at multipliers `u`.
    pub fn evaluate(&mut self, node: &Node, u: &[f64]) -> Relaxed {
        let model = self.model;
        let (m, n) = (model.m, model.n);
        let mut x = vec![false; m * n];
        let mut times = vec![0u32; n];
        let mut profit = vec![0.0; m];
        let mut table = vec![None; m];

        let mut value = node.fixed_cost;
        for j in 0..n {
            if node.fixed[j] == NONE {
                value += u[j];
            }
        }

        for i in 0..m {
            self.candidates.clear();
            for j in 0..n {
                let k = model.at(i, j);
                if node.fixed[j] != NONE || !node.allowed[k] {
                    continue;
                }
                let p = u[j] - model.cost[k];
                if p > 0.0 {
                    self.candidates.push(Candidate {
                        job: j,
                        profit: p,
                        weight: model.weight[k],
                    });
                }
            }
            let packed = pack(
                &self.candidates,
                node.residual[i] + Model::tolerance(model.capacity[i]),
                model.integral_weight,
                &mut self.ws,
            );
            value -= packed.bound;
            profit[i] = packed.bound;
            for &j in &packed.taken {
                x[model.at(i, j)] = true;
                times[j] += 1;
            }
            table[i] = packed.best;
        }

        Relaxed {
            value,
            x,
            times,
            profit,
            table,
        }
    }
}

/// Settings of one subgradient run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ascent {
    /// Most iterations.
    pub iterations: usize,
    /// Iterations without improvement before λ is halved.
    pub patience: usize,
    /// Initial λ of the Polyak step.
    pub lambda: f64,
    /// Call the progress callback every this many iterations (0: never).
    pub every: usize,
}

/// Subgradient optimisation of `u` for `node`. Leaves the best multipliers
/// in `u` and returns the relaxation at them. `incumbent` is the value of
/// the best known assignment (infinite when none); `on_progress` is called
/// every `params.every` iterations with the current relaxation and returns the
/// (possibly improved) incumbent value.
pub(crate) fn ascend(
    lag: &mut Lagrangian<'_>,
    node: &Node,
    u: &mut [f64],
    mut incumbent: f64,
    params: Ascent,
    deadline: Instant,
    on_progress: &mut dyn FnMut(&Relaxed) -> f64,
) -> Relaxed {
    let model = lag.model;
    let mut current = u.to_vec();
    let mut best = lag.evaluate(node, &current);
    let mut relaxed = best.clone();
    let mut lambda = params.lambda;
    let mut stale = 0;

    for iteration in 1..=params.iterations {
        if model.cannot_improve(best.value, incumbent) || relaxed.is_assignment(node) {
            break;
        }
        if params.every > 0 && iteration.is_multiple_of(params.every) {
            incumbent = incumbent.min(on_progress(&relaxed));
        }
        if lambda < 1e-4 || Instant::now() >= deadline {
            break;
        }

        let mut norm = 0.0;
        for j in 0..model.n {
            if node.fixed[j] == NONE {
                let g = 1.0 - f64::from(relaxed.times[j]);
                norm += g * g;
            }
        }
        if norm == 0.0 {
            break;
        }
        let target = if incumbent.is_finite() {
            incumbent
        } else {
            best.value + 0.05 * best.value.abs() + 1.0
        };
        let gap = (target - relaxed.value).max(1e-3 * relaxed.value.abs().max(1.0));
        let step = lambda * gap / norm;
        for j in 0..model.n {
            if node.fixed[j] == NONE {
                current[j] += step * (1.0 - f64::from(relaxed.times[j]));
            }
        }

        relaxed = lag.evaluate(node, &current);
        if relaxed.value > best.value + 1e-9 * best.value.abs().max(1.0) {
            best = relaxed.clone();
            u.copy_from_slice(&current);
            stale = 0;
        } else {
            stale += 1;
            if stale >= params.patience {
                lambda /= 2.0;
                stale = 0;
            }
        }
    }
    best
}

/// Forbids pairs whose forcing would lift the bound to the incumbent;
/// returns how many were forbidden.
pub(crate) fn penalty_fix(
    model: &Model,
    node: &mut Node,
    relaxed: &Relaxed,
    u: &[f64],
    incumbent: f64,
) -> usize {
    if !incumbent.is_finite() {
        return 0;
    }
    let mut forbidden = 0;
    for i in 0..model.m {
        let Some(table) = &relaxed.table[i] else {
            continue;
        };
        let room = node.residual[i] + Model::tolerance(model.capacity[i]);
        for j in 0..model.n {
            let k = model.at(i, j);
            if node.fixed[j] != NONE || !node.allowed[k] || relaxed.x[k] {
                continue;
            }
            let left = room - model.weight[k];
            if left < 0.0 {
                node.allowed[k] = false;
                forbidden += 1;
                continue;
            }
            let w = (left.floor() as usize).min(table.len() - 1);
            let with = (u[j] - model.cost[k]) + table[w];
            let forced = relaxed.value + relaxed.profit[i] - with;
            if model.cannot_improve(forced, incumbent) {
                node.allowed[k] = false;
                forbidden += 1;
            }
        }
    }
    forbidden
}
