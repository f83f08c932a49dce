//! Greedy construction of a complete first assignment.
//!
//! Items with a single eligible agent (locked accounts, accounts only one
//! rep covers) go first. When moves are penalised, every item then stays
//! with the agent that disrupts it least, if that agent still has room
//! and stays within its primary target (within the band, when one is set);
//! an owner whose book fits its capacity keeps small accounts first (it then
//! releases a few large ones: few moves), an owner over capacity keeps large
//! accounts first (what it keeps carries potential, not just workload). The
//! remaining items are placed largest first (by the primary balance metric,
//! or by workload when there is none) on the eligible agent with room whose
//! weighted fill ratio after the placement is lowest — the "longest
//! processing time first" rule for balancing, extended with targets. An item
//! that fits nowhere goes where it overflows least; the local search then
//! repairs the overflow.
//!
//! References: R. L. Graham, "Bounds on multiprocessing timing anomalies",
//! *SIAM Journal on Applied Mathematics* 17(2), 1969 (the LPT rule).

use super::problem::Problem;

/// Relative tolerance on capacities, as in [`Problem::check`].
const CAPACITY_TOLERANCE: f64 = 1e-10;

struct Loads<'p> {
    problem: &'p Problem,
    load: Vec<f64>,
    count: Vec<u64>,
    value: Vec<Vec<f64>>,
    fill_weight: Vec<f64>,
}

impl Loads<'_> {
    fn fits(&self, item: usize, pair: usize) -> bool {
        let p = self.problem;
        let pr = &p.pairs(item)[pair];
        let a = pr.agent as usize;
        let agent = &p.agents[a];
        let count_ok = agent
            .max_accounts
            .is_none_or(|m| self.count[a] + u64::from(p.items[item].accounts) <= u64::from(m));
        count_ok && self.load[a] + pr.workload <= agent.capacity * (1.0 + CAPACITY_TOLERANCE)
    }

    fn overflow(&self, item: usize, pair: usize) -> f64 {
        let p = self.problem;
        let pr = &p.pairs(item)[pair];
        let a = pr.agent as usize;
        let agent = &p.agents[a];
        let mut out = (self.load[a] + pr.workload - agent.capacity).max(0.0) / agent.capacity;
        if let Some(m) = agent.max_accounts {
            let after = self.count[a] + u64::from(p.items[item].accounts);
            out += after.saturating_sub(u64::from(m)) as f64 / f64::from(m.max(1));
        }
        out
    }

    /// Greedy score of putting `item` on its pair `pair`: weighted fill ratio
    /// after placement, plus the weighted cost and disruption.
    fn score(&self, item: usize, pair: usize) -> f64 {
        let p = self.problem;
        let pr = &p.pairs(item)[pair];
        let a = pr.agent as usize;
        let mut score = 0.0;
        for (k, metric) in p.balance.iter().enumerate() {
            let t = metric.target[a];
            if t > 0.0 && self.fill_weight[k] > 0.0 {
                score += self.fill_weight[k] * (self.value[k][a] + metric.value[item]) / t;
            } else if self.fill_weight[k] > 0.0 {
                // A zero target wants nothing: make it the last resort.
                score += 1e6;
            }
        }
        let o = &p.objective;
        score
            + o.cost_weight * pr.cost
            + o.disruption_weight * pr.disruption
            + 1e-9 * (self.load[a] + pr.workload) / p.agents[a].capacity
    }

    /// Whether the agent of `pair` stays within `room` above its primary
    /// target after taking `item` (always true without a balance metric).
    fn under_target(&self, item: usize, pair: usize, room: f64) -> bool {
        let p = self.problem;
        let Some(metric) = p.balance.first() else {
            return true;
        };
        let a = p.pairs(item)[pair].agent as usize;
        let t = metric.target[a];
        t <= 0.0 || self.value[0][a] + metric.value[item] <= t * (1.0 + room)
    }

    fn place(&mut self, item: usize, pair: usize) {
        let p = self.problem;
        let pr = &p.pairs(item)[pair];
        let a = pr.agent as usize;
        self.load[a] += pr.workload;
        self.count[a] += u64::from(p.items[item].accounts);
        for (k, metric) in p.balance.iter().enumerate() {
            self.value[k][a] += metric.value[item];
        }
    }
}

/// A first assignment as a pair index per item. Items without pairs must
/// have been ruled out by diagnosis before.
pub(crate) fn construct(problem: &Problem) -> Vec<u32> {
    let n = problem.agents.len();
    let fill_weight: Vec<f64> = problem
        .balance
        .iter()
        .enumerate()
        .map(|(k, m)| {
            if k == 0 && problem.objective.max_deviation.is_some() {
                m.weight.max(1.0)
            } else {
                m.weight
            }
        })
        .collect();
    let mut loads = Loads {
        problem,
        load: vec![0.0; n],
        count: vec![0; n],
        value: vec![vec![0.0; n]; problem.balance.len()],
        fill_weight,
    };
    let mut choice: Vec<Option<u32>> = vec![None; problem.items.len()];

    for (item, slot) in choice.iter_mut().enumerate() {
        if problem.pairs(item).len() == 1 {
            loads.place(item, 0);
            *slot = Some(0);
        }
    }

    let size = |item: usize| match problem.balance.first() {
        Some(m) => m.value[item],
        None => problem
            .pairs(item)
            .iter()
            .map(|p| p.workload)
            .fold(0.0, f64::max),
    };
    let mut order: Vec<usize> = (0..problem.items.len())
        .filter(|&i| choice[i].is_none())
        .collect();
    order.sort_by(|&x, &y| size(y).total_cmp(&size(x)).then(x.cmp(&y)));

    if problem.objective.disruption_weight > 0.0 {
        let least: Vec<Option<usize>> = (0..problem.items.len())
            .map(|item| {
                let pairs = problem.pairs(item);
                (0..pairs.len()).min_by(|&x, &y| {
                    pairs[x]
                        .disruption
                        .total_cmp(&pairs[y].disruption)
                        .then(x.cmp(&y))
                })
            })
            .collect();
        // An owner whose whole book fits its capacity keeps its small
        // accounts first and releases a few large ones: fewest moves for the
        // excess. An owner over capacity keeps its large accounts first, so
        // that the accounts it keeps carry potential rather than workload.
        let mut book = vec![0.0; n];
        for &item in &order {
            if let Some(k) = least[item] {
                let pair = &problem.pairs(item)[k];
                book[pair.agent as usize] += pair.workload;
            }
        }
        let key: Vec<f64> = (0..problem.items.len())
            .map(|item| {
                let over = least[item].is_some_and(|k| {
                    let a = problem.pairs(item)[k].agent as usize;
                    book[a] > problem.agents[a].capacity
                });
                if over {
                    -size(item)
                } else {
                    size(item)
                }
            })
            .collect();
        let mut keep_order = order.clone();
        keep_order.sort_by(|&x, &y| key[x].total_cmp(&key[y]).then(x.cmp(&y)));
        let room = problem.objective.max_deviation.unwrap_or(0.0);
        for item in keep_order {
            let pairs = problem.pairs(item);
            let least = least[item];
            let most = pairs.iter().map(|p| p.disruption).fold(0.0, f64::max);
            if let Some(k) = least {
                if pairs[k].disruption < most
                    && loads.fits(item, k)
                    && loads.under_target(item, k, room)
                {
                    loads.place(item, k);
                    choice[item] = Some(k as u32);
                }
            }
        }
    }

    for &item in &order {
        if choice[item].is_some() {
            continue;
        }
        let count = problem.pairs(item).len();
        let best = (0..count)
            .filter(|&k| loads.fits(item, k))
            .min_by(|&x, &y| {
                loads
                    .score(item, x)
                    .total_cmp(&loads.score(item, y))
                    .then(x.cmp(&y))
            })
            .or_else(|| {
                (0..count).min_by(|&x, &y| {
                    loads
                        .overflow(item, x)
                        .total_cmp(&loads.overflow(item, y))
                        .then(x.cmp(&y))
                })
            });
        let k = best.expect("diagnosis rules out items without eligible agents");
        loads.place(item, k);
        choice[item] = Some(k as u32);
    }

    choice.into_iter().map(|c| c.unwrap_or(0)).collect()
}
