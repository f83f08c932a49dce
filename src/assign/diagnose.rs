//! Why no assignment exists, found by checks that are proofs: each cause
//! listed here rules out every assignment on its own.
//!
//! - an item has no eligible agent;
//! - an item fits no eligible agent (its workload exceeds every eligible
//!   capacity, or its account count every eligible `max_accounts`);
//! - an agent's single-choice items (locks, only eligible agent) alone
//!   exceed its capacity or `max_accounts`;
//! - Hall-type aggregate checks: the items whose eligible agents all lie in
//!   a set need more workload (or accounts) than the set's capacities (or
//!   `max_accounts`) add up to; the sets tried are the items' distinct
//!   eligibility sets and the set of all agents;
//! - with a balance band: the proven lower bound on the primary deviation
//!   ([`super::bound`]) exceeds the band.
//!
//! A cause that merely restates another (an agent whose only single-choice
//! item is too large for it; a set of one agent, which is that agent's
//! single-choice check) is listed once.
//!
//! References: P. Hall, "On representatives of subsets", *Journal of the
//! London Mathematical Society* 10, 1935 (the aggregate condition is
//! necessary for any assignment, fractional or whole).

use super::bound::{eligibility_sets, members, metric_bound, subset, MetricBound};
use super::problem::Problem;

/// One proven reason why no assignment exists.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)] // Each variant's doc names its fields.
pub enum Cause {
    /// The item has no eligible agent.
    NoEligible { item: usize },
    /// The item's workload exceeds the capacity of every eligible agent.
    ItemTooLarge {
        item: usize,
        workload: f64,
        largest: f64,
    },
    /// The item has more accounts than any eligible agent may own.
    ItemTooMany {
        item: usize,
        accounts: u32,
        largest: u32,
    },
    /// Items that can only go to this agent exceed its capacity.
    ForcedCapacity {
        agent: usize,
        workload: f64,
        capacity: f64,
    },
    /// Items that can only go to this agent exceed its `max_accounts`.
    ForcedCount {
        agent: usize,
        accounts: u64,
        max: u32,
    },
    /// Items whose eligible agents all lie in `agents` need more workload
    /// than those agents' capacities add up to.
    SetCapacity {
        agents: Vec<usize>,
        items: Vec<usize>,
        workload: f64,
        capacity: f64,
    },
    /// Same, for account counts against `max_accounts`.
    SetCount {
        agents: Vec<usize>,
        items: Vec<usize>,
        accounts: u64,
        max: u64,
    },
    /// The primary deviation cannot be brought within the band.
    Band { bound: MetricBound, band: f64 },
}

/// Every proven cause of infeasibility found by the checks above; empty when
/// none applies (which does not prove that an assignment exists).
pub fn causes(problem: &Problem) -> Vec<Cause> {
    let mut out = Vec::new();
    let n = problem.agents.len();
    let mut forced_load = vec![0.0; n];
    let mut forced_count = vec![0u64; n];
    // Each agent's single-choice items: how many, and the last one. When
    // that is one item already reported as too large (or with too many
    // accounts), the agent's check repeats the same cause in other words.
    let mut forced_items = vec![0usize; n];
    let mut forced_last = vec![0usize; n];
    let mut too_large = vec![false; problem.items.len()];
    let mut too_many = vec![false; problem.items.len()];

    for item in 0..problem.items.len() {
        let pairs = problem.pairs(item);
        let accounts = problem.items[item].accounts;
        if pairs.is_empty() {
            out.push(Cause::NoEligible { item });
            continue;
        }
        if let [only] = pairs {
            forced_load[only.agent as usize] += only.workload;
            forced_count[only.agent as usize] += u64::from(accounts);
            forced_items[only.agent as usize] += 1;
            forced_last[only.agent as usize] = item;
        }
        let fits = pairs
            .iter()
            .any(|p| p.workload <= problem.agents[p.agent as usize].capacity * (1.0 + 1e-9));
        if !fits {
            let workload = pairs
                .iter()
                .map(|p| p.workload)
                .fold(f64::INFINITY, f64::min);
            let largest = pairs
                .iter()
                .map(|p| problem.agents[p.agent as usize].capacity)
                .fold(0.0, f64::max);
            too_large[item] = true;
            out.push(Cause::ItemTooLarge {
                item,
                workload,
                largest,
            });
        }
        let limits: Vec<u32> = pairs
            .iter()
            .filter_map(|p| problem.agents[p.agent as usize].max_accounts)
            .collect();
        if limits.len() == pairs.len() && limits.iter().all(|&m| accounts > m) {
            let largest = limits.iter().copied().max().unwrap_or(0);
            too_many[item] = true;
            out.push(Cause::ItemTooMany {
                item,
                accounts,
                largest,
            });
        }
    }

    for (agent, spec) in problem.agents.iter().enumerate() {
        let one_item = forced_items[agent] == 1;
        let repeats_large = one_item && too_large[forced_last[agent]];
        let repeats_many = one_item && too_many[forced_last[agent]];
        if forced_load[agent] > spec.capacity * (1.0 + 1e-9) && !repeats_large {
            out.push(Cause::ForcedCapacity {
                agent,
                workload: forced_load[agent],
                capacity: spec.capacity,
            });
        }
        if let Some(max) = spec.max_accounts {
            if forced_count[agent] > u64::from(max) && !repeats_many {
                out.push(Cause::ForcedCount {
                    agent,
                    accounts: forced_count[agent],
                    max,
                });
            }
        }
    }

    aggregate(problem, &mut out);
    if out.is_empty() {
        if let (Some(band), false) = (problem.objective.max_deviation, problem.balance.is_empty()) {
            let bound = metric_bound(problem, 0);
            // The bound is computed from input sums; 1e-9 absorbs rounding.
            if bound.value > band + 1e-9 {
                out.push(Cause::Band { bound, band });
            }
        }
    }
    out
}

/// Hall-type checks over the distinct eligibility sets and the set of all agents.
fn aggregate(problem: &Problem, out: &mut Vec<Cause>) {
    let Some(mut sets) = eligibility_sets(problem) else {
        return;
    };
    let words = problem.agents.len().div_ceil(64);
    let mut all = vec![0u64; words];
    for a in 0..problem.agents.len() {
        all[a / 64] |= 1 << (a % 64);
    }
    if !sets.iter().any(|(bits, _)| *bits == all) {
        sets.push((all, Vec::new()));
    }

    let min_workload = |item: usize| {
        problem
            .pairs(item)
            .iter()
            .map(|p| p.workload)
            .fold(f64::INFINITY, f64::min)
    };
    for (bits, _) in &sets {
        let agents = members(bits);
        let mut items = Vec::new();
        for (other, its) in &sets {
            if subset(other, bits) {
                items.extend_from_slice(its);
            }
        }
        if items.is_empty() {
            continue;
        }
        let workload: f64 = items.iter().map(|&i| min_workload(i)).sum();
        let capacity: f64 = agents.iter().map(|&a| problem.agents[a].capacity).sum();
        if workload > capacity * (1.0 + 1e-9) {
            out.push(Cause::SetCapacity {
                agents: agents.clone(),
                items: items.clone(),
                workload,
                capacity,
            });
        }
        let limits: Vec<u32> = agents
            .iter()
            .filter_map(|&a| problem.agents[a].max_accounts)
            .collect();
        if limits.len() == agents.len() {
            let accounts: u64 = items
                .iter()
                .map(|&i| u64::from(problem.items[i].accounts))
                .sum();
            let max: u64 = limits.iter().map(|&m| u64::from(m)).sum();
            if accounts > max {
                out.push(Cause::SetCount {
                    agents,
                    items,
                    accounts,
                    max,
                });
            }
        }
    }

    // A set check implies the same check on every superset that adds no
    // capacity; keep the smallest sets so the planner sees the real culprit.
    let snapshot = out.clone();
    let set_of = |c: &Cause| match c {
        Cause::SetCapacity { agents, .. } | Cause::SetCount { agents, .. } => Some(agents.clone()),
        _ => None,
    };
    out.retain(|c| match set_of(c) {
        Some(agents) => !snapshot.iter().any(|o| {
            let same_kind = std::mem::discriminant(o) == std::mem::discriminant(c);
            set_of(o).is_some_and(|other| {
                same_kind && other.len() < agents.len() && other.iter().all(|a| agents.contains(a))
            })
        }),
        _ => true,
    });
    // A set of one agent holds exactly that agent's single-choice items, so
    // its check is the forced check above: the same cause, listed once.
    // Dropped only now so that it still hides its supersets.
    out.retain(|c| set_of(c).is_none_or(|agents| agents.len() > 1));
}
