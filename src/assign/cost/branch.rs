//! Depth-first branch-and-bound over item-to-agent decisions.
//!
//! Each node runs a warm-started subgradient ascent from its parent's
//! multipliers, forbids pairs by Lagrangian penalties, and prunes when its
//! bound reaches the incumbent. A relaxed solution that assigns every free
//! item exactly once is optimal for its node. Otherwise the node branches
//! on an item the relaxation takes zero or several times: first "item to
//! its most promising agent", then "never to that agent". The Lagrangian
//! solution of every node is repaired into an assignment to improve the
//! incumbent.
//!
//! The search runs in stages against a guessed target value below the
//! incumbent (see [`solve`]): pruning and penalty fixing at the target
//! shrink the tree, a finished stage proves the target a lower bound, and
//! the target rises until it meets the incumbent.
//!
//! References: Ross & Soland (1975); Fisher, Jaikumar & Van Wassenhove
//! (1986) (see the parent module); M. Posta, J. A. Ferland and P. Michelon,
//! "An exact method with variable fixing for solving the generalized
//! assignment problem", Computational Optimization and Applications 52
//! (2012) 629–644 (guessed upper bounds raised step by step, with fixing).

use std::time::Instant;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::heuristic::{construct, from_preferences, NONE};
use super::improve::tabu_search;
use super::lagrange::{ascend, penalty_fix, Ascent, Lagrangian, Node, Relaxed};
use super::{Model, Outcome};

/// The best assignment so far.
#[derive(Debug, Default)]
struct Incumbent {
    best: Option<(Vec<u32>, f64)>,
}

impl Incumbent {
    fn value(&self) -> f64 {
        self.best.as_ref().map_or(f64::INFINITY, |b| b.1)
    }

    fn offer(&mut self, found: Option<(Vec<u32>, f64)>) -> f64 {
        if let Some(found) = found {
            if found.1 < self.value() {
                self.best = Some(found);
            }
        }
        self.value()
    }
}

/// An open node with the multipliers to start from and its parent's bound.
struct Frame {
    node: Node,
    u: Vec<f64>,
    bound: f64,
}

/// Subgradient settings at the root: long, with the Lagrangian heuristic
/// every tenth iteration.
const ROOT: Ascent = Ascent {
    iterations: 3000,
    patience: 20,
    lambda: 2.0,
    every: 10,
};

/// Subgradient settings at other nodes: short, warm-started.
const CHILD: Ascent = Ascent {
    iterations: 60,
    patience: 6,
    lambda: 0.5,
    every: 0,
};

/// Rounds of (ascent, penalty fixing) per node.
const FIX_ROUNDS: usize = 4;

/// Tabu iterations after the root relaxation.
const ROOT_ITERATIONS: usize = 500;

/// Every this many nodes, a burst of tabu search.
const NODE_PERIOD: usize = 5000;

/// Tabu iterations per burst during the tree search.
const BURST_ITERATIONS: usize = 1000;

/// Runs the root relaxation and, when `exact`, the tree search.
///
/// The tree search runs in stages with a target value `T` below the
/// incumbent: a node is pruned when its bound reaches `T`, which prunes far
/// more than the incumbent would. A stage that finishes proves that no
/// assignment costs less than `T` (apart from those it found), so the lower
/// bound rises to `T` and the next stage aims higher, until the target
/// reaches the incumbent and the last stage is the plain search.
pub(crate) fn solve(model: &Model, deadline: Instant, seed: u64, exact: bool) -> Outcome {
    let mut search = Search {
        model,
        lag: Lagrangian::new(model),
        incumbent: Incumbent::default(),
        rng: ChaCha8Rng::seed_from_u64(seed),
        deadline,
        nodes: 0,
    };
    search.incumbent.offer(construct(model, deadline));

    let mut root = Node::root(model);
    if !root.settle(model) {
        return Outcome {
            best: None,
            lower_bound: None,
            exhausted: true,
        };
    }
    let mut u = initial_multipliers(model, &root);
    let Some(relaxed) = search.process(&mut root, &mut u, ROOT, f64::INFINITY) else {
        return search.finished();
    };
    let mut lower = model.round_bound(relaxed.value);
    search.improve(ROOT_ITERATIONS);
    if !exact {
        return Outcome {
            best: search.incumbent.best,
            lower_bound: Some(lower),
            exhausted: false,
        };
    }

    let mut step = target_unit(model, lower, search.incumbent.value());
    loop {
        let best = search.incumbent.value();
        if model.cannot_improve(lower, best) {
            return search.finished();
        }
        let target = if best.is_finite() && lower + step < best {
            lower + step
        } else {
            f64::INFINITY
        };

        match search.stage(&root, &u, relaxed.value, target) {
            StageEnd::Exhausted if target.is_infinite() => return search.finished(),
            StageEnd::Exhausted => {
                lower = lower.max(target.min(search.incumbent.value()));
                step *= 2.0;
            }
            StageEnd::TimedOut { open_bound } => {
                let proven = open_bound.min(target).min(search.incumbent.value());
                return Outcome {
                    lower_bound: Some(model.round_bound(lower.max(proven))),
                    best: search.incumbent.best,
                    exhausted: false,
                };
            }
        }
    }
}

/// The first step of the target above the lower bound: one unit for whole
/// costs, else a sixteenth of the gap.
fn target_unit(model: &Model, lower: f64, best: f64) -> f64 {
    if model.integral_cost {
        1.0
    } else if best.is_finite() {
        ((best - lower) / 16.0).max(1e-9 * best.abs().max(1.0))
    } else {
        1.0
    }
}

/// How one stage of the tree search ended.
enum StageEnd {
    /// Every node was explored or pruned.
    Exhausted,
    /// The deadline passed; the open nodes' smallest bound.
    TimedOut { open_bound: f64 },
}

/// The state shared by the nodes of a tree search.
struct Search<'a> {
    model: &'a Model,
    lag: Lagrangian<'a>,
    incumbent: Incumbent,
    rng: ChaCha8Rng,
    deadline: Instant,
    nodes: usize,
}

/// Move evaluations one tabu burst may spend: one iteration scans every
/// shift and swap, about `n · (n / 2 + m)` evaluations, so large problems
/// get fewer iterations.
const BURST_WORK: usize = 50_000_000;

impl Search<'_> {
    /// The outcome of a finished search: the incumbent is optimal, or there
    /// is none.
    fn finished(self) -> Outcome {
        Outcome {
            lower_bound: self.incumbent.best.as_ref().map(|b| b.1),
            best: self.incumbent.best,
            exhausted: true,
        }
    }

    /// Prune threshold: the incumbent, or the stage target when lower.
    fn limit(&self, target: f64) -> f64 {
        self.incumbent.value().min(target)
    }

    /// Runs tabu search from the incumbent, if there is one.
    fn improve(&mut self, iterations: usize) {
        let model = self.model;
        let per_iteration = (model.n * (model.n / 2 + model.m)).max(1);
        let iterations = iterations.min(BURST_WORK / per_iteration).max(10);
        if let Some(best) = &self.incumbent.best {
            let found = tabu_search(model, best, iterations, &mut self.rng, self.deadline);
            self.incumbent.offer(found);
        }
    }

    /// One depth-first search from `root` (already bounded), pruning at
    /// `target` or the incumbent, whichever is lower.
    fn stage(&mut self, root: &Node, u: &[f64], bound: f64, target: f64) -> StageEnd {
        let model = self.model;
        let mut stack = vec![Frame {
            node: root.clone(),
            u: u.to_vec(),
            bound,
        }];
        while let Some(frame) = stack.pop() {
            self.nodes += 1;
            if self.nodes.is_multiple_of(NODE_PERIOD) {
                self.improve(BURST_ITERATIONS);
            }
            if Instant::now() >= self.deadline {
                let open_bound = stack.iter().map(|f| f.bound).fold(frame.bound, f64::min);
                return StageEnd::TimedOut { open_bound };
            }
            if model.cannot_improve(frame.bound, self.limit(target)) {
                continue;
            }

            let Frame {
                mut node, mut u, ..
            } = frame;
            if !node.settle(model) {
                continue;
            }
            let Some(relaxed) = self.process(&mut node, &mut u, CHILD, target) else {
                continue;
            };
            branch(model, node, u, &relaxed, &mut stack);
        }
        StageEnd::Exhausted
    }

    /// Bounds a node: ascent and penalty fixing, repeated while fixing
    /// helps; then the Lagrangian heuristic. `None` when the node is pruned
    /// (at the incumbent or `target`) or solved.
    fn process(
        &mut self,
        node: &mut Node,
        u: &mut [f64],
        params: Ascent,
        target: f64,
    ) -> Option<Relaxed> {
        let model = self.model;
        let deadline = self.deadline;
        let mut relaxed = None;
        for round in 0..FIX_ROUNDS {
            let limit = self.limit(target);
            let current = {
                let fixed = &node.fixed;
                let incumbent = &mut self.incumbent;
                let mut repair = |r: &Relaxed| {
                    let value = incumbent.offer(from_preferences(model, fixed, &r.x, deadline));
                    value.min(target)
                };
                ascend(&mut self.lag, node, u, limit, params, deadline, &mut repair)
            };

            if current.is_assignment(node) {
                let assignment = current.assignment(model, node);
                self.incumbent.offer(feasible(model, assignment));
                return None;
            }
            if model.cannot_improve(current.value, self.limit(target)) {
                return None;
            }

            let last = round + 1 == FIX_ROUNDS;
            let forbidden = if last {
                0
            } else {
                penalty_fix(model, node, &current, u, self.limit(target))
            };
            relaxed = Some(current);
            if forbidden == 0 {
                break;
            }
            if !node.settle(model) {
                return None;
            }
        }

        let relaxed = relaxed?;
        let found = from_preferences(model, &node.fixed, &relaxed.x, deadline);
        self.incumbent.offer(found);
        if model.cannot_improve(relaxed.value, self.limit(target)) {
            return None;
        }
        Some(relaxed)
    }
}

/// The assignment and its cost when it respects every limit.
fn feasible(model: &Model, assignment: Vec<u32>) -> Option<(Vec<u32>, f64)> {
    let mut load = vec![0.0; model.m];
    let mut count = vec![0.0; model.m];
    let mut cost = 0.0;
    for (j, &a) in assignment.iter().enumerate() {
        let k = model.at(a as usize, j);
        if !model.eligible[k] {
            return None;
        }
        load[a as usize] += model.weight[k];
        count[a as usize] += model.accounts[j];
        cost += model.cost[k];
    }
    let fits = (0..model.m).all(|i| {
        load[i] <= model.capacity[i] + Model::tolerance(model.capacity[i])
            && count[i] <= model.max_count[i]
    });
    fits.then_some((assignment, cost))
}

/// Pushes the two children of a node: "never to agent i" below "to agent i"
/// so that the latter is explored first.
fn branch(model: &Model, node: Node, u: Vec<f64>, relaxed: &Relaxed, stack: &mut Vec<Frame>) {
    let Some((j, i)) = choose(model, &node, relaxed) else {
        return;
    };
    let bound = relaxed.value;

    let mut without = node.clone();
    without.forbid(model, j, i);
    stack.push(Frame {
        node: without,
        u: u.clone(),
        bound,
    });

    let mut with = node;
    with.fix(model, j, i);
    stack.push(Frame {
        node: with,
        u,
        bound,
    });
}

/// The item to branch on and its most promising agent: an item the
/// relaxation takes zero or several times, the heaviest first (it is the
/// hardest to place); else any free item with several agents left.
fn choose(model: &Model, node: &Node, relaxed: &Relaxed) -> Option<(usize, usize)> {
    let free = |j: &usize| node.fixed[*j] == NONE;
    let heaviest = |j: usize| {
        (0..model.m)
            .filter(|&i| node.allowed[model.at(i, j)])
            .map(|i| model.weight[model.at(i, j)])
            .fold(0.0, f64::max)
    };
    let j = (0..model.n)
        .filter(free)
        .filter(|&j| relaxed.times[j] != 1)
        .max_by(|&a, &b| heaviest(a).total_cmp(&heaviest(b)))
        .or_else(|| (0..model.n).find(|j| free(j)))?;

    let agents = (0..model.m).filter(|&i| node.allowed[model.at(i, j)]);
    let taken: Vec<usize> = agents
        .clone()
        .filter(|&i| relaxed.x[model.at(i, j)])
        .collect();
    let pool = if taken.is_empty() {
        agents.collect()
    } else {
        taken
    };
    let i = pool
        .into_iter()
        .min_by(|&a, &b| model.cost[model.at(a, j)].total_cmp(&model.cost[model.at(b, j)]))?;
    Some((j, i))
}

/// Starting multipliers: each item's second-smallest allowed cost, so that
/// its cheapest agent sees a positive profit (Fisher et al. 1986).
fn initial_multipliers(model: &Model, node: &Node) -> Vec<f64> {
    (0..model.n)
        .map(|j| {
            let mut first = f64::INFINITY;
            let mut second = f64::INFINITY;
            for i in 0..model.m {
                let k = model.at(i, j);
                if !node.allowed[k] {
                    continue;
                }
                let c = model.cost[k];
                if c < first {
                    second = first;
                    first = c;
                } else if c < second {
                    second = c;
                }
            }
            if second.is_finite() {
                second
            } else if first.is_finite() {
                first
            } else {
                0.0
            }
        })
        .collect()
}
