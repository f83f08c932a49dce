//! Incremental state of a complete assignment, for construction and local
//! search: per-agent totals, and the change a move or a swap would make to
//! the infeasibility and to a smooth surrogate of the objective.
//!
//! The surrogate replaces each metric's largest deviation by the q-norm of
//! the agents' deviations, `(sum_a dev_a^q)^(1/q)` with q = 32: it tends to
//! the maximum as q grows, but unlike the maximum it also rewards improving
//! the second-worst agent, so a search does not stall on a plateau when
//! several agents share the worst deviation. Moves are ranked by the
//! first-order change of the surrogate; because `S^(1/q)` is concave, a
//! negative first-order change guarantees a decrease of the surrogate, so the
//! search cannot cycle.
//!
//! Infeasibility (over capacity, over `max_accounts`, outside the balance
//! band) is measured separately and always takes precedence, which turns the
//! same search into a repair procedure when construction could not place
//! every item within the constraints.
//!
//! References: the p-norm as a smooth surrogate of the maximum, e.g.
//! S. Boyd and L. Vandenberghe, *Convex Optimization*, Cambridge University
//! Press, 2004, section 6.1 (penalty function approximation).

use super::problem::{Pair, Problem};

/// Exponent of the q-norm surrogate of a maximum.
const Q: i32 = 32;

/// Relative tolerance on capacities, as in [`Problem::check`].
const CAPACITY_TOLERANCE: f64 = 1e-10;

/// The state of a complete assignment.
pub(crate) struct State<'p> {
    pub problem: &'p Problem,
    /// Agent of each item.
    pub agent_of: Vec<u32>,
    /// Index of each item's current pair within `problem.pairs(item)`.
    pub pair_of: Vec<u32>,
    /// Items of each agent, in no particular order.
    pub members: Vec<Vec<u32>>,
    /// Position of each item in its agent's `members`.
    position: Vec<u32>,
    /// Metric totals: `value[k][agent]`.
    pub value: Vec<Vec<f64>>,
    inv_target: Vec<Vec<f64>>,
    pub load: Vec<f64>,
    pub count: Vec<i64>,
    pub disruption: f64,
    pub cost: f64,
    /// Objective weight of each metric in the surrogate (0 for the band metric).
    metric_weight: Vec<f64>,
    band: Option<f64>,
    scale: Vec<f64>,
    term: Vec<Vec<f64>>,
    sum: Vec<f64>,
    slope: Vec<f64>,
    /// Infeasibility of each agent.
    pub infeasibility: Vec<f64>,
}

impl<'p> State<'p> {
    /// A state from a complete assignment given as pair indices per item.
    pub fn new(problem: &'p Problem, pair_of: Vec<u32>) -> Self {
        let n = problem.agents.len();
        let k = problem.balance.len();
        let band = problem.objective.max_deviation.filter(|_| k > 0);
        let metric_weight = problem
            .balance
            .iter()
            .enumerate()
            .map(|(i, m)| {
                if band.is_some() && i == 0 {
                    0.0
                } else {
                    m.weight
                }
            })
            .collect();
        let inv_target = problem
            .balance
            .iter()
            .map(|m| {
                m.target
                    .iter()
                    .map(|&t| if t > 0.0 { 1.0 / t } else { 0.0 })
                    .collect()
            })
            .collect();
        let mut state = State {
            problem,
            agent_of: vec![0; pair_of.len()],
            pair_of,
            members: vec![Vec::new(); n],
            position: vec![0; problem.items.len()],
            value: vec![vec![0.0; n]; k],
            inv_target,
            load: vec![0.0; n],
            count: vec![0; n],
            disruption: 0.0,
            cost: 0.0,
            metric_weight,
            band,
            scale: vec![1.0; k],
            term: vec![vec![0.0; n]; k],
            sum: vec![0.0; k],
            slope: vec![0.0; k],
            infeasibility: vec![0.0; n],
        };
        state.recompute();
        state
    }

    /// Recomputes every total from the assignment, removing drift.
    pub fn recompute(&mut self) {
        let p = self.problem;
        for m in &mut self.members {
            m.clear();
        }
        self.load.iter_mut().for_each(|x| *x = 0.0);
        self.count.iter_mut().for_each(|x| *x = 0);
        self.value
            .iter_mut()
            .for_each(|v| v.iter_mut().for_each(|x| *x = 0.0));
        self.disruption = 0.0;
        self.cost = 0.0;
        for item in 0..p.items.len() {
            self.add(item, self.pair_of[item] as usize);
        }
        self.rescale();
    }

    /// Relative deviation of `agent` on metric `k` at total `value`.
    fn deviation(&self, k: usize, agent: usize, value: f64) -> f64 {
        let inv = self.inv_target[k][agent];
        if inv > 0.0 {
            (value * inv - 1.0).abs()
        } else {
            0.0
        }
    }

    /// Recomputes surrogate scales, terms and slopes.
    pub fn rescale(&mut self) {
        let n = self.problem.agents.len();
        for k in 0..self.value.len() {
            let worst = (0..n)
                .map(|a| self.deviation(k, a, self.value[k][a]))
                .fold(0.0, f64::max);
            self.scale[k] = worst.max(1e-9);
            for a in 0..n {
                self.term[k][a] = self.term_of(k, a, self.value[k][a]);
            }
        }
        for a in 0..n {
            self.infeasibility[a] =
                self.infeasibility_of(a, self.load[a], self.count[a], |k| self.value[k][a]);
        }
        self.refresh_sums();
    }

    fn term_of(&self, k: usize, agent: usize, value: f64) -> f64 {
        (self.deviation(k, agent, value) / self.scale[k]).powi(Q)
    }

    fn refresh_sums(&mut self) {
        for k in 0..self.value.len() {
            self.sum[k] = self.term[k].iter().sum();
            let s = self.sum[k].max(1e-300);
            self.slope[k] = self.metric_weight[k] * self.scale[k] / f64::from(Q)
                * s.powf(1.0 / f64::from(Q) - 1.0);
        }
    }

    /// Infeasibility of `agent` at the given load, count and metric totals
    /// (`value(k)`); a generic closure so the hot loops inline it.
    fn infeasibility_of(
        &self,
        agent: usize,
        load: f64,
        count: i64,
        value: impl Fn(usize) -> f64,
    ) -> f64 {
        let spec = &self.problem.agents[agent];
        let mut out = (load - spec.capacity * (1.0 + CAPACITY_TOLERANCE)).max(0.0) / spec.capacity;
        if let Some(max) = spec.max_accounts {
            out += (count - i64::from(max)).max(0) as f64 / f64::from(max.max(1));
        }
        if let Some(band) = self.band {
            out += (self.deviation(0, agent, value(0)) - band - 1e-12).max(0.0);
        }
        out
    }

    /// Change of (infeasibility, surrogate) at `agent` if `enter` joined it
    /// and `leave` left it, with the given workload and account changes.
    fn agent_change(
        &self,
        agent: usize,
        enter: Option<usize>,
        leave: Option<usize>,
        load: f64,
        count: i64,
    ) -> (f64, f64) {
        let balance = &self.problem.balance;
        let value = |k: usize| {
            let mut v = self.value[k][agent];
            if let Some(i) = enter {
                v += balance[k].value[i];
            }
            if let Some(i) = leave {
                v -= balance[k].value[i];
            }
            v
        };
        let infeasibility = self.infeasibility_of(
            agent,
            self.load[agent] + load,
            self.count[agent] + count,
            value,
        ) - self.infeasibility[agent];
        let mut surrogate = 0.0;
        for k in 0..self.value.len() {
            if self.slope[k] != 0.0 {
                surrogate +=
                    self.slope[k] * (self.term_of(k, agent, value(k)) - self.term[k][agent]);
            }
        }
        (infeasibility, surrogate)
    }

    /// Change at its current agent if `item` left it.
    pub fn leave_change(&self, item: usize) -> (f64, f64) {
        let from = &self.problem.pairs(item)[self.pair_of[item] as usize];
        let accounts = i64::from(self.problem.items[item].accounts);
        self.agent_change(
            from.agent as usize,
            None,
            Some(item),
            -from.workload,
            -accounts,
        )
    }

    /// Change at the agent of pair `to` if `item` joined it, plus the change
    /// of disruption and cost.
    pub fn enter_change(&self, item: usize, to: usize) -> (f64, f64) {
        let pairs = self.problem.pairs(item);
        let dest = &pairs[to];
        let from = &pairs[self.pair_of[item] as usize];
        let accounts = i64::from(self.problem.items[item].accounts);
        let (i, s) = self.agent_change(
            dest.agent as usize,
            Some(item),
            None,
            dest.workload,
            accounts,
        );
        (i, s + self.linear_change(&[(from, dest)]))
    }

    /// Change of (infeasibility, surrogate) if `item` moved to `to` (a pair index).
    pub fn shift_change(&self, item: usize, to: usize) -> (f64, f64) {
        let (i1, s1) = self.leave_change(item);
        let (i2, s2) = self.enter_change(item, to);
        (i1 + i2, s1 + s2)
    }

    /// Change if `i` (at agent a) and `j` (at agent b) traded places;
    /// `pi` is i's pair at b and `pj` j's pair at a.
    pub fn swap_change(&self, i: usize, pi: usize, j: usize, pj: usize) -> (f64, f64) {
        let p = self.problem;
        let from_i = &p.pairs(i)[self.pair_of[i] as usize];
        let from_j = &p.pairs(j)[self.pair_of[j] as usize];
        let to_i = &p.pairs(i)[pi];
        let to_j = &p.pairs(j)[pj];
        let di = i64::from(p.items[j].accounts) - i64::from(p.items[i].accounts);
        let (i1, s1) = self.agent_change(
            from_i.agent as usize,
            Some(j),
            Some(i),
            to_j.workload - from_i.workload,
            di,
        );
        let (i2, s2) = self.agent_change(
            from_j.agent as usize,
            Some(i),
            Some(j),
            to_i.workload - from_j.workload,
            -di,
        );
        let linear = self.linear_change(&[(from_i, to_i), (from_j, to_j)]);
        (i1 + i2, s1 + s2 + linear)
    }

    fn linear_change(&self, changes: &[(&Pair, &Pair)]) -> f64 {
        let o = &self.problem.objective;
        changes
            .iter()
            .map(|(from, to)| {
                o.disruption_weight * (to.disruption - from.disruption)
                    + o.cost_weight * (to.cost - from.cost)
            })
            .sum()
    }

    /// Moves `item` to its pair `to`, updating every total.
    pub fn shift(&mut self, item: usize, to: usize) {
        self.detach(item);
        self.attach(item, to);
        self.after_change();
    }

    /// Swaps two items between their agents (pairs as in [`State::swap_change`]).
    pub fn swap(&mut self, i: usize, pi: usize, j: usize, pj: usize) {
        self.detach(i);
        self.detach(j);
        self.attach(i, pi);
        self.attach(j, pj);
        self.after_change();
    }

    fn detach(&mut self, item: usize) {
        let p = self.problem;
        let pair = p.pairs(item)[self.pair_of[item] as usize];
        let a = pair.agent as usize;
        let pos = self.position[item] as usize;
        self.members[a].swap_remove(pos);
        if let Some(&moved) = self.members[a].get(pos) {
            self.position[moved as usize] = pos as u32;
        }
        self.load[a] -= pair.workload;
        self.count[a] -= i64::from(p.items[item].accounts);
        for (k, metric) in p.balance.iter().enumerate() {
            self.value[k][a] -= metric.value[item];
        }
        self.disruption -= pair.disruption;
        self.cost -= pair.cost;
        self.touch(a);
    }

    fn attach(&mut self, item: usize, to: usize) {
        let a = self.add(item, to);
        self.touch(a);
    }

    /// Gives `item` to its pair `to` and adds it to the agent's totals,
    /// leaving the agent's terms stale; returns the agent.
    fn add(&mut self, item: usize, to: usize) -> usize {
        let p = self.problem;
        let pair = p.pairs(item)[to];
        let a = pair.agent as usize;
        self.pair_of[item] = to as u32;
        self.agent_of[item] = pair.agent;
        self.position[item] = self.members[a].len() as u32;
        self.members[a].push(item as u32);
        self.load[a] += pair.workload;
        self.count[a] += i64::from(p.items[item].accounts);
        for (k, metric) in p.balance.iter().enumerate() {
            self.value[k][a] += metric.value[item];
        }
        self.disruption += pair.disruption;
        self.cost += pair.cost;
        a
    }

    fn touch(&mut self, a: usize) {
        for k in 0..self.value.len() {
            self.term[k][a] = self.term_of(k, a, self.value[k][a]);
        }
        self.infeasibility[a] =
            self.infeasibility_of(a, self.load[a], self.count[a], |k| self.value[k][a]);
    }

    fn after_change(&mut self) {
        // Keep terms near 1 so the q-th powers neither underflow nor overflow.
        let n = self.problem.agents.len();
        let drifted = (0..self.value.len()).any(|k| {
            let worst = (0..n)
                .map(|a| self.deviation(k, a, self.value[k][a]))
                .fold(0.0, f64::max);
            worst > 2.0 * self.scale[k] || worst < 0.5 * self.scale[k]
        });
        if drifted {
            self.rescale();
        } else {
            self.refresh_sums();
        }
    }

    /// Total infeasibility.
    pub fn total_infeasibility(&self) -> f64 {
        self.infeasibility.iter().sum()
    }

    /// How much each agent contributes to the surrogate, for choosing where
    /// to search first.
    pub fn badness(&self, agent: usize) -> f64 {
        let mut out = 0.0;
        for k in 0..self.value.len() {
            out += self.metric_weight[k] * self.deviation(k, agent, self.value[k][agent]);
        }
        out
    }

    /// Signed relative deviation of the first metric (positive: above target).
    pub fn signed_primary(&self, agent: usize) -> f64 {
        if self.value.is_empty() {
            return 0.0;
        }
        let inv = self.inv_target[0][agent];
        if inv > 0.0 {
            self.value[0][agent] * inv - 1.0
        } else {
            0.0
        }
    }

    /// Value of `item` on the first metric (0 without metrics).
    pub fn primary_value(&self, item: usize) -> f64 {
        self.problem.balance.first().map_or(0.0, |m| m.value[item])
    }

    /// The primary value agent `a` would hand to agent `b` to equalise
    /// their relative deviations: `(v_a T_b - v_b T_a) / (T_a + T_b)`.
    pub fn primary_transfer(&self, a: usize, b: usize) -> f64 {
        let Some(metric) = self.problem.balance.first() else {
            return 0.0;
        };
        let (ta, tb) = (metric.target[a], metric.target[b]);
        if ta + tb <= 0.0 {
            return 0.0;
        }
        (self.value[0][a] * tb - self.value[0][b] * ta) / (ta + tb)
    }

    /// The assignment as agent indices.
    pub fn assignment(&self) -> Vec<u32> {
        self.agent_of.clone()
    }
}
