//! The descent behind the frontier's disruption budgets: the smallest
//! largest primary deviation whose disruption stays within a budget, by
//! single moves, swaps with the worst agent and compound moves, keeping
//! eligibility, capacity and `max_accounts` at every step.

use std::time::Instant;

use crate::assign::problem::{Pair, Problem};

/// Local search for the smallest primary deviation whose disruption stays
/// within a budget; every other constraint (eligibility, capacity,
/// `max_accounts`) is kept at every step.
pub(super) struct Descent<'p> {
    problem: &'p Problem,
    agent_of: Vec<u32>,
    value: Vec<f64>,
    load: Vec<f64>,
    count: Vec<u64>,
    disruption: f64,
    /// Sum of squared deviations: breaks ties when several agents share the
    /// largest deviation.
    spread: f64,
    /// Agents by decreasing deviation.
    order: Vec<usize>,
    budget: f64,
    deadline: Instant,
}

/// What a step is judged by: the largest deviation, then the disruption,
/// then the spread.
#[derive(Clone, Copy, Debug)]
struct Key {
    excess: f64,
    max: f64,
    disruption: f64,
    spread: f64,
}

impl Key {
    /// Strictly better than `other`: never a larger deviation, and a lower
    /// one by more than rounding, or the same one with less disruption, or
    /// the same both with a smaller spread.
    fn beats(&self, other: &Key) -> bool {
        if self.excess < other.excess - 1e-9 {
            return true;
        }
        if self.excess > other.excess + 1e-9 || self.max > other.max {
            return false;
        }
        if self.max < other.max - 1e-12 * other.max.max(1e-3) {
            return true;
        }
        if self.disruption < other.disruption - 1e-9 {
            return true;
        }
        self.disruption <= other.disruption + 1e-9
            && self.spread < other.spread - 1e-12 * other.spread.max(1e-9)
    }
}

/// A step: one item to a new agent, or two items (a swap or a compound move).
#[derive(Clone, Copy)]
struct Step {
    moves: [(usize, u32); 2],
    len: usize,
}

impl<'p> Descent<'p> {
    pub(super) fn new(problem: &'p Problem, start: &[u32], budget: f64, deadline: Instant) -> Self {
        let agents = problem.agents.len();
        let metric = &problem.balance[0];
        let mut s = Descent {
            problem,
            agent_of: start.to_vec(),
            value: vec![0.0; agents],
            load: vec![0.0; agents],
            count: vec![0; agents],
            disruption: 0.0,
            spread: 0.0,
            order: (0..agents).collect(),
            budget,
            deadline,
        };
        for (item, &agent) in start.iter().enumerate() {
            let pair = s.pair(item, agent);
            s.value[agent as usize] += metric.value[item];
            s.load[agent as usize] += pair.workload;
            s.count[agent as usize] += u64::from(problem.items[item].accounts);
            s.disruption += pair.disruption;
        }
        s.refresh();
        s
    }

    fn pair(&self, item: usize, agent: u32) -> Pair {
        *self
            .problem
            .pair(item, agent)
            .expect("descent keeps items on eligible pairs")
    }

    fn deviation(&self, agent: usize, value: f64) -> f64 {
        let target = self.problem.balance[0].target[agent];
        if target > 0.0 {
            (value - target).abs() / target
        } else {
            0.0
        }
    }

    /// Recomputes the order and the spread after a change.
    fn refresh(&mut self) {
        let dev: Vec<f64> = (0..self.value.len())
            .map(|a| self.deviation(a, self.value[a]))
            .collect();
        self.order
            .sort_by(|&a, &b| dev[b].total_cmp(&dev[a]).then(a.cmp(&b)));
        self.spread = dev.iter().map(|d| d * d).sum();
    }

    fn key(&self) -> Key {
        let worst = self.order[0];
        Key {
            excess: (self.disruption - self.budget).max(0.0),
            max: self.deviation(worst, self.value[worst]),
            disruption: self.disruption,
            spread: self.spread,
        }
    }

    /// The key after `step`, or `None` when it breaks a constraint or the
    /// budget.
    fn try_step(&self, step: &Step) -> Option<Key> {
        let metric = &self.problem.balance[0];
        // At most four agents change.
        let mut changed: [(usize, f64, f64, i64); 4] = [(usize::MAX, 0.0, 0.0, 0); 4];
        let mut n = 0;
        let mut disruption = self.disruption;
        let mut touch = |agent: usize, dv: f64, dl: f64, dc: i64| {
            if let Some(c) = changed[..n].iter_mut().find(|c| c.0 == agent) {
                c.1 += dv;
                c.2 += dl;
                c.3 += dc;
            } else {
                changed[n] = (agent, dv, dl, dc);
                n += 1;
            }
        };
        for &(item, to) in &step.moves[..step.len] {
            let from = self.agent_of[item];
            if from == to {
                return None;
            }
            let out = self.pair(item, from);
            let into = self.problem.pair(item, to)?;
            let x = metric.value[item];
            let accounts = i64::from(self.problem.items[item].accounts);
            touch(from as usize, -x, -out.workload, -accounts);
            touch(to as usize, x, into.workload, accounts);
            disruption += into.disruption - out.disruption;
        }
        let excess = (disruption - self.budget).max(0.0);
        if excess > (self.disruption - self.budget).max(0.0) + 1e-9 {
            return None;
        }
        let mut spread = self.spread;
        let mut max: f64 = 0.0;
        for &(agent, dv, dl, dc) in &changed[..n] {
            let spec = &self.problem.agents[agent];
            let load = self.load[agent] + dl;
            if dl > 0.0 && load > spec.capacity * (1.0 + 1e-10) {
                return None;
            }
            let count = self.count[agent] as i64 + dc;
            if dc > 0 && spec.max_accounts.is_some_and(|m| count > i64::from(m)) {
                return None;
            }
            let old = self.deviation(agent, self.value[agent]);
            let new = self.deviation(agent, self.value[agent] + dv);
            spread += new * new - old * old;
            max = max.max(new);
        }
        if let Some(&other) = self
            .order
            .iter()
            .find(|a| !changed[..n].iter().any(|c| c.0 == **a))
        {
            max = max.max(self.deviation(other, self.value[other]));
        }
        Some(Key {
            excess,
            max,
            disruption,
            spread: spread.max(0.0),
        })
    }

    fn apply(&mut self, step: &Step) {
        let metric = &self.problem.balance[0];
        for &(item, to) in &step.moves[..step.len] {
            let from = self.agent_of[item];
            let out = self.pair(item, from);
            let into = self.pair(item, to);
            let x = metric.value[item];
            let accounts = u64::from(self.problem.items[item].accounts);
            self.value[from as usize] -= x;
            self.load[from as usize] -= out.workload;
            self.count[from as usize] -= accounts;
            self.value[to as usize] += x;
            self.load[to as usize] += into.workload;
            self.count[to as usize] += accounts;
            self.disruption += into.disruption - out.disruption;
            self.agent_of[item] = to;
        }
        self.refresh();
    }

    /// Single moves that can lower the largest deviation (items out of the
    /// worst agent when it is over its target, into it when under), and
    /// moves of displaced items to a less disruptive pair.
    fn single_steps(&self, steps: &mut Vec<Step>) {
        let worst = self.order[0];
        let over = self.value[worst] > self.problem.balance[0].target[worst];
        for item in 0..self.agent_of.len() {
            let from = self.agent_of[item];
            let pairs = self.problem.pairs(item);
            let current = self.pair(item, from).disruption;
            for p in pairs {
                if p.agent == from {
                    continue;
                }
                let relevant = if over {
                    from as usize == worst
                } else {
                    p.agent as usize == worst
                };
                if relevant || p.disruption < current {
                    steps.push(Step {
                        moves: [(item, p.agent), (0, 0)],
                        len: 1,
                    });
                }
            }
        }
    }

    /// Swaps of an item of the worst agent with an item of another agent.
    fn swaps(&self, steps: &mut Vec<Step>) {
        let worst = self.order[0] as u32;
        let mine: Vec<usize> = (0..self.agent_of.len())
            .filter(|&i| self.agent_of[i] == worst)
            .collect();
        if mine.len().saturating_mul(self.agent_of.len()) > SWAP_WORK {
            return;
        }
        for &i in &mine {
            for j in 0..self.agent_of.len() {
                let other = self.agent_of[j];
                if other == worst
                    || self.problem.pair(i, other).is_none()
                    || self.problem.pair(j, worst).is_none()
                {
                    continue;
                }
                steps.push(Step {
                    moves: [(i, other), (j, worst)],
                    len: 2,
                });
            }
        }
    }

    /// The best step among `steps`, if it beats the current key.
    fn best(&self, steps: &[Step]) -> Option<(Step, Key)> {
        let mut best: Option<(Step, Key)> = None;
        let current = self.key();
        for step in steps {
            if let Some(key) = self.try_step(step) {
                let incumbent = best.as_ref().map_or(&current, |b| &b.1);
                if key.beats(incumbent) {
                    best = Some((*step, key));
                }
            }
        }
        best
    }

    /// Gives a displaced item another pair and then makes the best single
    /// move (in the budget this frees, when it goes back to its owner): the
    /// best such pair of moves.
    fn compound(&mut self) -> Option<Step> {
        let current = self.key();
        let mut best: Option<(Step, Key)> = None;
        let mut steps = Vec::new();
        for item in 0..self.agent_of.len() {
            let from = self.agent_of[item];
            let disruption = self.pair(item, from).disruption;
            if disruption <= 0.0 {
                continue;
            }
            let backs: Vec<u32> = self
                .problem
                .pairs(item)
                .iter()
                .filter(|p| p.agent != from)
                .map(|p| p.agent)
                .collect();
            for back in backs {
                if Instant::now() >= self.deadline {
                    return None;
                }
                let first = Step {
                    moves: [(item, back), (0, 0)],
                    len: 1,
                };
                if self.try_step(&first).is_none() {
                    continue;
                }
                self.apply(&first);
                steps.clear();
                self.single_steps(&mut steps);
                let mut local: Option<(Step, Key)> = None;
                for step in &steps {
                    if step.moves[0].0 == item {
                        continue;
                    }
                    if let Some(key) = self.try_step(step) {
                        let incumbent = local.as_ref().or(best.as_ref()).map_or(&current, |b| &b.1);
                        if key.beats(incumbent) {
                            local = Some((*step, key));
                        }
                    }
                }
                self.apply(&Step {
                    moves: [(item, from), (0, 0)],
                    len: 1,
                });
                if let Some((second, key)) = local {
                    best = Some((
                        Step {
                            moves: [(item, back), second.moves[0]],
                            len: 2,
                        },
                        key,
                    ));
                }
            }
        }
        best.map(|b| b.0)
    }

    /// Descends until no step improves or the deadline passes; returns the
    /// assignment.
    pub(super) fn run(mut self) -> Vec<u32> {
        let mut steps = Vec::new();
        for _ in 0..DESCENT_STEPS {
            if Instant::now() >= self.deadline {
                break;
            }
            steps.clear();
            self.single_steps(&mut steps);
            if let Some((step, _)) = self.best(&steps) {
                self.apply(&step);
                continue;
            }
            steps.clear();
            self.swaps(&mut steps);
            let swap = self.best(&steps);
            let compound = self.compound();
            let pick = match (swap, compound) {
                (Some((s, k)), Some(c)) => {
                    let ck = self.try_step(&c);
                    if ck.is_some_and(|ck| ck.beats(&k)) {
                        Some(c)
                    } else {
                        Some(s)
                    }
                }
                (Some((s, _)), None) => Some(s),
                (None, c) => c,
            };
            match pick {
                Some(step) => self.apply(&step),
                None => break,
            }
        }
        self.agent_of
    }
}

/// Most candidate swaps (items of the worst agent times items) per step.
const SWAP_WORK: usize = 2_000_000;

/// Most improving steps of one descent.
const DESCENT_STEPS: usize = 10_000;
