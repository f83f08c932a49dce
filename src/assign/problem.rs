//! The problem every assignment strategy solves.
//!
//! Items are the indivisible units of assignment: a single account, or a
//! family of accounts that must share one owner. Agents are reps. Each item
//! lists the agents it may go to (its eligible pairs); each pair carries the
//! workload the item puts on that agent, a cost (travel, fit, or a GAP cost)
//! and the disruption of putting it there (accounts moved away from their
//! current owner, optionally weighted by potential). A locked item has a
//! single pair.
//!
//! The objective, minimised, is a weighted sum of
//! - for each balance metric, the largest relative deviation
//!   `|value_a - target_a| / target_a` over agents with a positive target;
//! - the total disruption of the chosen pairs;
//! - the total cost of the chosen pairs.
//!
//! The Generalized Assignment Problem is the special case with no balance
//! metric, no disruption and a cost weight of one.

use std::sync::Arc;

use serde::Serialize;

/// One rep (or GAP agent).
#[derive(Debug, Clone, PartialEq)]
pub struct Agent {
    /// Workload units the agent can take.
    pub capacity: f64,
    /// Most accounts (summed over item counts) the agent may own.
    pub max_accounts: Option<u32>,
}

/// One indivisible unit of assignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// How many accounts the item stands for (1, or the family size).
    pub accounts: u32,
}

/// An eligible (item, agent) pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    /// Index into [`Problem::agents`].
    pub agent: u32,
    /// Workload the item puts on this agent.
    pub workload: f64,
    /// Cost of this pair (already multiplied by nothing: weights apply later).
    pub cost: f64,
    /// Disruption of this pair: moved accounts, or moved potential.
    pub disruption: f64,
}

/// A quantity to spread evenly across agents (potential, account count, ...).
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceMetric {
    /// Name used in reports ("potential", "accounts", ...).
    pub name: String,
    /// Weight of this metric's largest relative deviation in the objective.
    pub weight: f64,
    /// The metric's value for each item.
    pub value: Vec<f64>,
    /// The metric's target for each agent. Agents with a zero target are
    /// left out of this metric's deviation.
    pub target: Vec<f64>,
}

/// Weights and limits of the objective.
#[derive(Debug, Clone, PartialEq)]
pub struct Objective {
    /// Weight of the total disruption of the chosen pairs.
    pub disruption_weight: f64,
    /// Weight of the total cost of the chosen pairs.
    pub cost_weight: f64,
    /// When set, the primary balance metric (the first) must keep every
    /// agent's relative deviation within this band; it is then a constraint
    /// rather than an objective term.
    pub max_deviation: Option<f64>,
}

/// An assignment problem in solver-ready form.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The agents (reps), indexed by the `agent` field of pairs.
    pub agents: Vec<Agent>,
    /// The items (accounts or families), in pair-list order.
    pub items: Vec<Item>,
    /// Pairs of item `i` are `pairs[pair_start[i]..pair_start[i + 1]]`.
    /// Shared, because strategies solve variants of one problem (another
    /// band, other weights) and the pairs, millions on large territories,
    /// are the same in all of them.
    pair_start: Arc<Vec<usize>>,
    pairs: Arc<Vec<Pair>>,
    /// Balance metrics; the first, when present, is the primary one.
    pub balance: Vec<BalanceMetric>,
    /// Objective weights and the balance band.
    pub objective: Objective,
}

impl Problem {
    /// Builds a problem from items with their eligible pairs.
    ///
    /// `pairs_per_item[i]` lists the pairs of item `i`; an empty list is
    /// allowed here (diagnosis reports it as infeasible).
    pub fn new(
        agents: Vec<Agent>,
        items: Vec<Item>,
        pairs_per_item: Vec<Vec<Pair>>,
        balance: Vec<BalanceMetric>,
        objective: Objective,
    ) -> Self {
        assert_eq!(items.len(), pairs_per_item.len(), "one pair list per item");
        let mut pair_start = Vec::with_capacity(items.len() + 1);
        let mut pairs = Vec::with_capacity(pairs_per_item.iter().map(Vec::len).sum());
        pair_start.push(0);
        for list in pairs_per_item {
            pairs.extend(list);
            pair_start.push(pairs.len());
        }
        Problem {
            agents,
            items,
            pair_start: Arc::new(pair_start),
            pairs: Arc::new(pairs),
            balance,
            objective,
        }
    }

    /// Builds a problem from pairs already laid out item by item: the pairs
    /// of item `i` are `pairs[pair_start[i]..pair_start[i + 1]]`. Saves the
    /// copy [`Problem::new`] makes, which matters for millions of pairs.
    pub fn from_csr(
        agents: Vec<Agent>,
        items: Vec<Item>,
        pair_start: Vec<usize>,
        pairs: Vec<Pair>,
        balance: Vec<BalanceMetric>,
        objective: Objective,
    ) -> Self {
        assert_eq!(pair_start.len(), items.len() + 1, "one pair range per item");
        assert_eq!(
            pair_start.last().copied(),
            Some(pairs.len()),
            "ranges cover the pairs"
        );
        Problem {
            agents,
            items,
            pair_start: Arc::new(pair_start),
            pairs: Arc::new(pairs),
            balance,
            objective,
        }
    }

    /// The eligible pairs of item `item`.
    pub fn pairs(&self, item: usize) -> &[Pair] {
        &self.pairs[self.pair_start[item]..self.pair_start[item + 1]]
    }

    /// The pair of `item` with `agent`, if eligible.
    pub fn pair(&self, item: usize, agent: u32) -> Option<&Pair> {
        self.pairs(item).iter().find(|p| p.agent == agent)
    }

    /// Total number of eligible pairs.
    pub fn pair_count(&self) -> usize {
        self.pairs.len()
    }

    /// Checks every constraint of `assignment` (agent index per item).
    pub fn check(&self, assignment: &[u32]) -> Result<(), Violation> {
        if assignment.len() != self.items.len() {
            return Err(Violation::Length {
                expected: self.items.len(),
                found: assignment.len(),
            });
        }
        let mut load = vec![0.0; self.agents.len()];
        let mut count = vec![0u64; self.agents.len()];
        for (item, &agent) in assignment.iter().enumerate() {
            let pair = self
                .pair(item, agent)
                .ok_or(Violation::Ineligible { item, agent })?;
            load[agent as usize] += pair.workload;
            count[agent as usize] += u64::from(self.items[item].accounts);
        }
        for (a, agent) in self.agents.iter().enumerate() {
            // Loads are sums of input numbers; allow for rounding in the sum.
            if load[a] > agent.capacity * (1.0 + 1e-9) + 1e-9 {
                return Err(Violation::Capacity {
                    agent: a,
                    load: load[a],
                    capacity: agent.capacity,
                });
            }
            if let Some(max) = agent.max_accounts {
                if count[a] > u64::from(max) {
                    return Err(Violation::MaxAccounts {
                        agent: a,
                        count: count[a],
                        max,
                    });
                }
            }
        }
        if let (Some(band), Some(primary)) = (self.objective.max_deviation, self.balance.first()) {
            let worst = metric_deviations(primary, assignment, self.agents.len())
                .into_iter()
                .fold(0.0, f64::max);
            if worst > band + 1e-9 {
                return Err(Violation::Band {
                    deviation: worst,
                    band,
                });
            }
        }
        Ok(())
    }

    /// The figures of a complete assignment (which need not be feasible).
    pub fn evaluate(&self, assignment: &[u32]) -> Evaluation {
        let mut cost = 0.0;
        let mut disruption = 0.0;
        for (item, &agent) in assignment.iter().enumerate() {
            if let Some(pair) = self.pair(item, agent) {
                cost += pair.cost;
                disruption += pair.disruption;
            }
        }
        let max_deviation: Vec<f64> = self
            .balance
            .iter()
            .map(|m| {
                metric_deviations(m, assignment, self.agents.len())
                    .into_iter()
                    .fold(0.0, f64::max)
            })
            .collect();
        let band_active = self.objective.max_deviation.is_some();
        let balance_term: f64 = self
            .balance
            .iter()
            .zip(&max_deviation)
            .enumerate()
            .filter(|(k, _)| !(band_active && *k == 0))
            .map(|(_, (m, d))| m.weight * d)
            .sum();
        let objective = balance_term
            + self.objective.disruption_weight * disruption
            + self.objective.cost_weight * cost;
        Evaluation {
            objective,
            cost,
            disruption,
            max_deviation,
        }
    }
}

/// Relative deviation of every agent for one metric; zero-target agents get 0.
pub fn metric_deviations(metric: &BalanceMetric, assignment: &[u32], agents: usize) -> Vec<f64> {
    let mut value = vec![0.0; agents];
    for (item, &agent) in assignment.iter().enumerate() {
        value[agent as usize] += metric.value[item];
    }
    value
        .iter()
        .zip(&metric.target)
        .map(|(v, t)| if *t > 0.0 { (v - t).abs() / t } else { 0.0 })
        .collect()
}

/// Figures of one assignment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// The weighted objective.
    pub objective: f64,
    /// Total pair cost.
    pub cost: f64,
    /// Total disruption.
    pub disruption: f64,
    /// Largest relative deviation of each balance metric, in metric order.
    pub max_deviation: Vec<f64>,
}

/// A broken constraint, found by [`Problem::check`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[allow(missing_docs)] // The fields are named for what the messages say.
pub enum Violation {
    /// The assignment does not have one entry per item.
    #[error("assignment has {found} entries for {expected} items")]
    Length { expected: usize, found: usize },
    /// An item sits with an agent outside its pairs.
    #[error("item {item} is assigned to agent {agent}, which is not eligible for it")]
    Ineligible { item: usize, agent: u32 },
    /// An agent carries more workload than its capacity.
    #[error("agent {agent} carries workload {load} over its capacity {capacity}")]
    Capacity {
        agent: usize,
        load: f64,
        capacity: f64,
    },
    /// An agent owns more accounts than its maximum.
    #[error("agent {agent} owns {count} accounts, over its maximum {max}")]
    MaxAccounts { agent: usize, count: u64, max: u32 },
    /// The primary deviation leaves the balance band.
    #[error("largest deviation {deviation} is outside the band {band}")]
    Band { deviation: f64, band: f64 },
}

/// How a solve ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The assignment is proven optimal (gap within the solver tolerance).
    Optimal,
    /// A checked feasible assignment, not proven optimal.
    Feasible,
    /// Proven that no assignment satisfies the constraints.
    Infeasible,
    /// The search ended (time limit or work budget) without a feasible
    /// assignment, and without a proof that none exists.
    NoSolution,
}

impl Status {
    /// A fixed sentence for reports.
    pub fn sentence(self) -> &'static str {
        match self {
            Status::Optimal => "optimal: no better assignment exists",
            Status::Feasible => "feasible: every constraint holds, optimality not proven",
            Status::Infeasible => "infeasible: no assignment satisfies the constraints",
            Status::NoSolution => "no solution found, none proven impossible",
        }
    }
}

/// Which strategy produced a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Pick by problem size.
    Auto,
    /// A MIP solved by the LP backend, with its proven bound.
    Exact,
    /// Greedy construction, local search and seeded perturbations; scales.
    Heuristic,
}

impl Strategy {
    /// The name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::Auto => "auto",
            Strategy::Exact => "exact",
            Strategy::Heuristic => "heuristic",
        }
    }
}

/// The result of a solve: a checked assignment and what is known about it.
#[derive(Debug, Clone, Serialize)]
pub struct Solution {
    /// How the solve ended.
    pub status: Status,
    /// The strategy that produced the assignment (never `Auto`).
    pub strategy: Strategy,
    /// Agent index per item; empty when there is no assignment.
    pub assignment: Vec<u32>,
    /// Figures of the assignment, when there is one.
    pub evaluation: Option<Evaluation>,
    /// Best proven lower bound on the objective, if any.
    pub lower_bound: Option<f64>,
    /// Wall-clock seconds spent.
    pub seconds: f64,
}

impl Solution {
    /// Relative gap between the objective and the lower bound.
    pub fn gap(&self) -> Option<f64> {
        let obj = self.evaluation.as_ref()?.objective;
        let lb = self.lower_bound?;
        Some(((obj - lb) / obj.abs().max(1e-9)).max(0.0))
    }
}

/// How to solve: strategy, limits and the seed of every random choice.
#[derive(Debug, Clone, PartialEq)]
pub struct SolveOptions {
    /// Which strategy to use.
    pub strategy: Strategy,
    /// Wall-clock budget for the whole solve.
    pub time_limit: std::time::Duration,
    /// Seed for randomised steps; equal seeds give equal results.
    pub seed: u64,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            strategy: Strategy::Auto,
            time_limit: std::time::Duration::from_secs(60),
            seed: 0,
        }
    }
}
