//! Strategies for cost-driven problems: the Generalized Assignment Problem
//! (GAP) and any [`Problem`] without balance metrics.
//!
//! The objective of such a problem is linear: each chosen pair contributes
//! `cost_weight · cost + disruption_weight · disruption`. [`solve_cost`]
//! minimises it under the capacity and account-count limits.
//!
//! - Lower bounds come from the Lagrangian relaxation of the "each item to
//!   exactly one agent" constraints: for multipliers `u`, every agent becomes
//!   a 0-1 knapsack (`knapsack`), and subgradient optimisation improves
//!   `u` (`lagrange`). Account-count limits are left out of the relaxation,
//!   which keeps it a valid (if weaker) bound.
//! - Upper bounds come from a regret-based constructive heuristic, a repair
//!   of the Lagrangian solution, and local search over shift and swap moves
//!   (`heuristic`), then tabu search with strategic oscillation from
//!   the incumbent (`improve`).
//! - The exact strategy is a depth-first branch-and-bound (`branch`) with
//!   the Lagrangian bound at every node, variable fixing by Lagrangian
//!   penalties, and the heuristics for incumbents, run in stages against
//!   rising target values (Posta, Ferland & Michelon 2012). It stops at the
//!   time limit with the best checked assignment and the best proven bound.
//!
//! Every returned assignment has passed [`Problem::check`]; its figures come
//! from [`Problem::evaluate`]. Status `Optimal` means the search tree was
//! exhausted or the bound met the incumbent.
//!
//! # References
//!
//! - M. L. Fisher, R. Jaikumar and L. N. Van Wassenhove, "A multiplier
//!   adjustment method for the generalized assignment problem", Management
//!   Science 32 (1986) 1095–1103 (the knapsack Lagrangian relaxation).
//! - G. T. Ross and R. M. Soland, "A branch and bound algorithm for the
//!   generalized assignment problem", Mathematical Programming 8 (1975)
//!   91–103 (branch-and-bound for GAP, penalties for fixing).
//! - M. Held, P. Wolfe and H. P. Crowder, "Validation of subgradient
//!   optimization", Mathematical Programming 6 (1974) 62–88 (step rule).
//! - S. Martello and P. Toth, "An algorithm for the generalized assignment
//!   problem", Operational Research '81, North-Holland (1981) 589–603
//!   (the regret heuristic).
//! - M. Posta, J. A. Ferland and P. Michelon, "An exact method with
//!   variable fixing for solving the generalized assignment problem",
//!   Computational Optimization and Applications 52 (2012) 629–644.
//! - J. A. Díaz and E. Fernández, "A tabu search heuristic for the
//!   generalized assignment problem", European Journal of Operational
//!   Research 132 (2001) 22–38 (penalised tabu search).
//! - M. Yagiura, T. Ibaraki and F. Glover, "An ejection chain approach for
//!   the generalized assignment problem", INFORMS Journal on Computing 16
//!   (2004) 133–151 (shift and swap neighbourhoods, penalised infeasibility).

// Index loops over agents i and items j mirror the formulas they implement.
#![allow(clippy::needless_range_loop)]

pub(crate) mod branch;
pub(crate) mod heuristic;
pub(crate) mod improve;
pub(crate) mod knapsack;
pub(crate) mod lagrange;

use std::time::Instant;

use super::problem::{Problem, Solution, SolveOptions, Status, Strategy};

/// Dense, solver-ready form of a pure-cost problem.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    /// Number of agents.
    pub m: usize,
    /// Number of items.
    pub n: usize,
    /// Objective coefficient of pair `(i, j)` at `i * n + j`.
    pub cost: Vec<f64>,
    /// Workload of pair `(i, j)` at `i * n + j`.
    pub weight: Vec<f64>,
    /// Whether pair `(i, j)` is eligible, at `i * n + j`.
    pub eligible: Vec<bool>,
    /// Capacity of each agent.
    pub capacity: Vec<f64>,
    /// Account limit of each agent (infinite when none).
    pub max_count: Vec<f64>,
    /// Accounts of each item.
    pub accounts: Vec<f64>,
    /// Every coefficient is a whole number, so bounds may be rounded up.
    pub integral_cost: bool,
    /// Every workload is a whole number, so knapsacks may use the DP.
    pub integral_weight: bool,
}

impl Model {
    /// Builds the dense model of `problem` (whose balance metrics are ignored).
    pub fn new(problem: &Problem) -> Self {
        let m = problem.agents.len();
        let n = problem.items.len();
        let mut cost = vec![f64::INFINITY; m * n];
        let mut weight = vec![0.0; m * n];
        let mut eligible = vec![false; m * n];
        let obj = &problem.objective;
        for j in 0..n {
            for pair in problem.pairs(j) {
                let k = pair.agent as usize * n + j;
                cost[k] = obj.cost_weight * pair.cost + obj.disruption_weight * pair.disruption;
                weight[k] = pair.workload;
                eligible[k] = true;
            }
        }
        let whole = |x: &f64| x.fract() == 0.0 && x.abs() < 1e15;
        let integral_cost = cost.iter().zip(&eligible).all(|(c, &e)| !e || whole(c));
        let integral_weight = weight.iter().all(whole);
        Model {
            m,
            n,
            cost,
            weight,
            eligible,
            capacity: problem.agents.iter().map(|a| a.capacity).collect(),
            max_count: problem
                .agents
                .iter()
                .map(|a| a.max_accounts.map_or(f64::INFINITY, f64::from))
                .collect(),
            accounts: problem
                .items
                .iter()
                .map(|i| f64::from(i.accounts))
                .collect(),
            integral_cost,
            integral_weight,
        }
    }

    /// Index of pair `(agent, item)`.
    #[inline]
    pub fn at(&self, agent: usize, item: usize) -> usize {
        agent * self.n + item
    }

    /// Slack allowed above a capacity, below the tolerance of
    /// [`Problem::check`], for rounding in sums of workloads.
    #[inline]
    pub fn tolerance(capacity: f64) -> f64 {
        1e-10 * capacity.abs().max(1.0)
    }

    /// The strongest bound implied by `value`: rounded up when every
    /// coefficient is whole. The slack, far below one unit, absorbs the
    /// floating-point error of the Lagrangian sums (a few ulps per term).
    pub fn round_bound(&self, value: f64) -> f64 {
        if self.integral_cost {
            (value - 1e-6 - 1e-9 * value.abs()).ceil()
        } else {
            value
        }
    }

    /// True when a solution of value `bound` or more cannot beat `incumbent`.
    pub fn cannot_improve(&self, bound: f64, incumbent: f64) -> bool {
        if self.integral_cost {
            self.round_bound(bound) >= incumbent - 0.5
        } else {
            bound >= incumbent - 1e-9 * incumbent.abs().max(1.0)
        }
    }
}

/// What a search found, before it is checked.
#[derive(Debug, Clone, Default)]
pub(crate) struct Outcome {
    /// Best assignment found and its model value.
    pub best: Option<(Vec<u32>, f64)>,
    /// A proven lower bound on the optimum (from the model).
    pub lower_bound: Option<f64>,
    /// The whole search space was examined (so `best` is optimal, or there
    /// is no feasible assignment).
    pub exhausted: bool,
}

/// Solves a problem whose objective is pure cost (no balance metrics).
///
/// `Auto` and `Exact` run the branch-and-bound until it finishes or the time
/// limit passes; `Heuristic` stops after the root relaxation and its
/// heuristics. The returned assignment is checked with [`Problem::check`];
/// if a bug ever produced an infeasible one it is dropped rather than
/// reported.
///
/// # Panics
///
/// Panics when the problem has balance metrics: their min-max terms are not
/// linear and this module does not model them.
pub fn solve_cost(problem: &Problem, options: &SolveOptions) -> Solution {
    assert!(
        problem.balance.is_empty(),
        "solve_cost handles pure-cost objectives only"
    );
    let start = Instant::now();
    // A limit too far out to represent means no limit.
    let deadline = start
        .checked_add(options.time_limit)
        .unwrap_or_else(|| start + std::time::Duration::from_secs(1 << 40));

    let model = Model::new(problem);
    let strategy = match options.strategy {
        Strategy::Auto | Strategy::Exact => Strategy::Exact,
        Strategy::Heuristic => Strategy::Heuristic,
    };
    let outcome = branch::solve(&model, deadline, options.seed, strategy == Strategy::Exact);

    finish(problem, outcome, strategy, start)
}

/// Turns an outcome into a solution: check, evaluate, decide the status.
fn finish(problem: &Problem, outcome: Outcome, strategy: Strategy, start: Instant) -> Solution {
    let found = outcome.best.is_some();
    let checked = outcome
        .best
        .filter(|(assignment, _)| problem.check(assignment).is_ok());

    let Some((assignment, _)) = checked else {
        // Infeasibility is proven only by an exhausted search that found
        // nothing; a rejected assignment proves nothing.
        let status = if outcome.exhausted && !found {
            Status::Infeasible
        } else {
            Status::NoSolution
        };
        return Solution {
            status,
            strategy,
            assignment: Vec::new(),
            evaluation: None,
            lower_bound: outcome.lower_bound,
            seconds: start.elapsed().as_secs_f64(),
        };
    };

    let evaluation = problem.evaluate(&assignment);
    let value = evaluation.objective;
    // Exhaustion proves the incumbent optimal: its value is then the bound.
    let bound = match (outcome.exhausted, outcome.lower_bound) {
        (true, _) => Some(value),
        (false, Some(lb)) => Some(lb.min(value)),
        (false, None) => None,
    };
    let proven = bound.is_some_and(|lb| lb >= value - 1e-9 * value.abs().max(1.0));
    Solution {
        status: if proven {
            Status::Optimal
        } else {
            Status::Feasible
        },
        strategy,
        assignment,
        evaluation: Some(evaluation),
        lower_bound: bound,
        seconds: start.elapsed().as_secs_f64(),
    }
}
