//! Lower bounds that need no solver: what any assignment must reach,
//! derived from item granularity, locks and eligibility.
//!
//! For a balance metric with targets `T_a` and item values `v_i >= 0`:
//! - an agent whose single-choice items (locks, only eligible agent) already
//!   exceed its target deviates by at least that excess;
//! - an item must land on one of its agents, so the deviation is at least the
//!   smallest excess it would cause on any of them on top of their forced items;
//! - an agent can only reach the value of the items eligible for it;
//! - Hall-type aggregate: the items whose eligible agents all lie in a set
//!   `E` must be carried by `E`, so `max_{a in E} (v_a - T_a) / T_a` is at
//!   least `(P_in(E) - T(E)) / T(E)`; symmetrically, `E` can carry at most
//!   the items that may go to one of its agents. The sets tried are the
//!   distinct eligibility sets of the items.
//!
//! Disruption and cost are bounded by each item's cheapest pair. The bound
//! on the objective is the weighted sum of the bounds of its terms.
//!
//! References: the aggregate conditions are those of P. Hall, "On
//! representatives of subsets", *Journal of the London Mathematical Society*
//! 10, 1935, applied to fractional loads.

use std::collections::HashMap;

use super::problem::Problem;

/// Most distinct eligibility sets compared pairwise in the Hall-type bound
/// (the comparison is quadratic in this number).
const MAX_SETS: usize = 2000;

/// Why a metric's deviation cannot be lower than its bound.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)] // Each variant's doc names its fields.
pub enum Witness {
    /// Nothing is forced: the bound is zero.
    None,
    /// The agent's single-choice items alone exceed its target.
    Forced { agent: usize },
    /// The item is too large for every agent it may go to.
    Item { item: usize },
    /// The agent cannot reach its target with every item eligible for it.
    Reach { agent: usize },
    /// Items that only these agents may take exceed their targets together.
    SetOver {
        agents: Vec<usize>,
        items: Vec<usize>,
    },
    /// These agents cannot reach their targets with every item they may take.
    SetUnder { agents: Vec<usize> },
}

/// A proven lower bound on one metric's largest relative deviation.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricBound {
    /// The bound (a fraction: 0.02 is 2 %).
    pub value: f64,
    /// What proves it.
    pub witness: Witness,
}

/// Lower bound on the largest relative deviation of metric `k`.
pub fn metric_bound(problem: &Problem, k: usize) -> MetricBound {
    let metric = &problem.balance[k];
    let n = problem.agents.len();
    let t = &metric.target;
    let mut best = MetricBound {
        value: 0.0,
        witness: Witness::None,
    };
    let mut offer = |value: f64, witness: Witness| {
        if value > best.value {
            best = MetricBound { value, witness };
        }
    };

    let mut forced = vec![0.0; n];
    let mut reach = vec![0.0; n];
    for item in 0..problem.items.len() {
        let pairs = problem.pairs(item);
        if let [only] = pairs {
            forced[only.agent as usize] += metric.value[item];
        }
        for p in pairs {
            reach[p.agent as usize] += metric.value[item];
        }
    }
    for a in 0..n {
        if t[a] > 0.0 {
            offer((forced[a] - t[a]) / t[a], Witness::Forced { agent: a });
            offer((t[a] - reach[a]) / t[a], Witness::Reach { agent: a });
        }
    }
    for item in 0..problem.items.len() {
        let pairs = problem.pairs(item);
        if pairs.len() < 2 {
            continue;
        }
        let least = pairs
            .iter()
            .map(|p| {
                let a = p.agent as usize;
                if t[a] > 0.0 {
                    ((forced[a] + metric.value[item] - t[a]) / t[a]).max(0.0)
                } else {
                    0.0
                }
            })
            .fold(f64::INFINITY, f64::min);
        offer(least, Witness::Item { item });
    }

    if let Some((value, witness)) = hall_bound(problem, k) {
        offer(value, witness);
    }
    best
}

/// Distinct eligibility sets as agent bitsets, with the items of each
/// (items without any eligible agent are left out).
pub(crate) fn eligibility_sets(problem: &Problem) -> Option<Vec<(Vec<u64>, Vec<usize>)>> {
    let words = problem.agents.len().div_ceil(64);
    let mut index: HashMap<Vec<u64>, usize> = HashMap::new();
    let mut sets: Vec<(Vec<u64>, Vec<usize>)> = Vec::new();
    for item in 0..problem.items.len() {
        // An item no agent may take is reported on its own; it must not
        // inflate every set's demand.
        if problem.pairs(item).is_empty() {
            continue;
        }
        let mut bits = vec![0u64; words];
        for p in problem.pairs(item) {
            bits[p.agent as usize / 64] |= 1 << (p.agent % 64);
        }
        let slot = *index.entry(bits.clone()).or_insert_with(|| {
            sets.push((bits, Vec::new()));
            sets.len() - 1
        });
        sets[slot].1.push(item);
        if sets.len() > MAX_SETS {
            return None;
        }
    }
    Some(sets)
}

pub(crate) fn subset(a: &[u64], b: &[u64]) -> bool {
    a.iter().zip(b).all(|(x, y)| x & !y == 0)
}

fn intersects(a: &[u64], b: &[u64]) -> bool {
    a.iter().zip(b).any(|(x, y)| x & y != 0)
}

pub(crate) fn members(bits: &[u64]) -> Vec<usize> {
    let mut out = Vec::new();
    for (w, &word) in bits.iter().enumerate() {
        for b in 0..64 {
            if word >> b & 1 == 1 {
                out.push(w * 64 + b);
            }
        }
    }
    out
}

fn hall_bound(problem: &Problem, k: usize) -> Option<(f64, Witness)> {
    let metric = &problem.balance[k];
    let sets = eligibility_sets(problem)?;
    let set_value: Vec<f64> = sets
        .iter()
        .map(|(_, items)| items.iter().map(|&i| metric.value[i]).sum())
        .collect();
    let mut best: Option<(f64, Witness)> = None;
    for (bits, _) in &sets {
        let agents = members(bits);
        if agents.is_empty() || agents.iter().any(|&a| metric.target[a] <= 0.0) {
            continue;
        }
        let target: f64 = agents.iter().map(|&a| metric.target[a]).sum();
        let mut inside = 0.0;
        let mut touching = 0.0;
        let mut inside_items = Vec::new();
        for (s, (other, items)) in sets.iter().enumerate() {
            if subset(other, bits) {
                inside += set_value[s];
                inside_items.extend_from_slice(items);
            }
            if intersects(other, bits) {
                touching += set_value[s];
            }
        }
        let over = (inside - target) / target;
        let under = (target - touching) / target;
        if over > best.as_ref().map_or(0.0, |b| b.0) {
            best = Some((
                over,
                Witness::SetOver {
                    agents: agents.clone(),
                    items: inside_items,
                },
            ));
        }
        if under > best.as_ref().map_or(0.0, |b| b.0) {
            best = Some((under, Witness::SetUnder { agents }));
        }
    }
    best
}

/// Lower bound on the objective: weighted bounds of each term.
pub fn objective_bound(problem: &Problem) -> f64 {
    let band = problem.objective.max_deviation.is_some();
    let balance: f64 = (0..problem.balance.len())
        .filter(|&k| !(band && k == 0))
        .map(|k| problem.balance[k].weight * metric_bound(problem, k).value)
        .sum();
    let mut disruption = 0.0;
    let mut cost = 0.0;
    for item in 0..problem.items.len() {
        let pairs = problem.pairs(item);
        disruption += pairs
            .iter()
            .map(|p| p.disruption)
            .fold(f64::INFINITY, f64::min);
        cost += pairs.iter().map(|p| p.cost).fold(f64::INFINITY, f64::min);
    }
    if !disruption.is_finite() || !cost.is_finite() {
        return 0.0;
    }
    balance
        + problem.objective.disruption_weight * disruption
        + problem.objective.cost_weight * cost
}

/// Lower bound on metric `k`'s largest deviation implied by a lower bound
/// `objective` on the whole objective, when `k` is the only balance term in
/// it: any assignment has `w_k d_k + (disruption and cost terms) >=
/// objective`, and those terms are at most their largest possible value, so
/// `d_k >= (objective - largest other terms) / w_k`. This is what turns a
/// proven optimum into a bound on the deviation itself. Returns 0 when
/// other balance terms count too (their largest value is not known).
pub fn metric_bound_from_objective(problem: &Problem, k: usize, objective: f64) -> f64 {
    let band = problem.objective.max_deviation.is_some();
    let counted = |j: usize| !(band && j == 0) && problem.balance[j].weight > 0.0;
    if !counted(k) || (0..problem.balance.len()).any(|j| j != k && counted(j)) {
        return 0.0;
    }
    let mut others = 0.0;
    for item in 0..problem.items.len() {
        others += problem
            .pairs(item)
            .iter()
            .map(|p| {
                problem.objective.disruption_weight * p.disruption
                    + problem.objective.cost_weight * p.cost
            })
            .fold(f64::NEG_INFINITY, f64::max);
    }
    if !others.is_finite() {
        return 0.0;
    }
    ((objective - others) / problem.balance[k].weight).max(0.0)
}
