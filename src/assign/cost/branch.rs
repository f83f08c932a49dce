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
//! References: Ross & Soland (1975); Fisher, Jaikumar & Van Wassenhove
//! (1986) (see the parent module).

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

const ROOT: Ascent = Ascent {
    iterations: 3000,
    patience: 20,
    lambda: 2.0,
    every: 10,
};

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
pub(crate) fn solve(model: &Model, deadline: Instant, seed: u64, exact: bool) -> Outcome {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut incumbent = Incumbent::default();
    incumbent.offer(construct(model, deadline));

    let mut root = Node::root(model);
    if !root.settle(model) {
        return Outcome {
            best: None,
            lower_bound: None,
            exhausted: true,
        };
    }
    let mut u = initial_multipliers(model, &root);
    let mut lag = Lagrangian::new(model);

    let Some(relaxed) = process(
        model,
        &mut lag,
        &mut root,
        &mut u,
        &mut incumbent,
        ROOT,
        deadline,
    ) else {
        return Outcome {
            lower_bound: incumbent.best.as_ref().map(|b| b.1),
            best: incumbent.best,
            exhausted: true,
        };
    };
    let root_bound = model.round_bound(relaxed.value);
    improve(model, &mut incumbent, ROOT_ITERATIONS, &mut rng, deadline);
    if !exact {
        return Outcome {
            best: incumbent.best,
            lower_bound: Some(root_bound),
            exhausted: false,
        };
    }

    let mut stack = Vec::new();
    branch(model, root, u, &relaxed, &mut stack);
    let mut exhausted = true;
    let mut open_bound = f64::INFINITY;
    let mut nodes = 0usize;
    while let Some(frame) = stack.pop() {
        nodes += 1;
        if nodes.is_multiple_of(NODE_PERIOD) {
            improve(model, &mut incumbent, BURST_ITERATIONS, &mut rng, deadline);
        }
        if Instant::now() >= deadline {
            exhausted = false;
            open_bound = stack.iter().map(|f| f.bound).fold(frame.bound, f64::min);
            break;
        }
        if model.cannot_improve(frame.bound, incumbent.value()) {
            continue;
        }

        let Frame {
            mut node, mut u, ..
        } = frame;
        if !node.settle(model) {
            continue;
        }
        let Some(relaxed) = process(
            model,
            &mut lag,
            &mut node,
            &mut u,
            &mut incumbent,
            CHILD,
            deadline,
        ) else {
            continue;
        };
        branch(model, node, u, &relaxed, &mut stack);
    }

    let lower_bound = if exhausted {
        incumbent.best.as_ref().map(|b| b.1)
    } else {
        Some(model.round_bound(open_bound.max(root_bound).min(incumbent.value())))
    };
    Outcome {
        best: incumbent.best,
        lower_bound,
        exhausted,
    }
}

/// Move evaluations one tabu burst may spend: one iteration scans every
/// shift and swap, about `n · (n / 2 + m)` evaluations, so large problems
/// get fewer iterations.
const BURST_WORK: usize = 50_000_000;

/// Runs tabu search from the incumbent, if there is one.
fn improve(
    model: &Model,
    incumbent: &mut Incumbent,
    iterations: usize,
    rng: &mut ChaCha8Rng,
    deadline: Instant,
) {
    let per_iteration = (model.n * (model.n / 2 + model.m)).max(1);
    let iterations = iterations.min(BURST_WORK / per_iteration).max(10);
    if let Some(best) = &incumbent.best {
        let found = tabu_search(model, best, iterations, rng, deadline);
        incumbent.offer(found);
    }
}

/// Bounds a node: ascent and penalty fixing, repeated while fixing helps;
/// then the Lagrangian heuristic. `None` when the node is pruned or solved.
fn process(
    model: &Model,
    lag: &mut Lagrangian<'_>,
    node: &mut Node,
    u: &mut [f64],
    incumbent: &mut Incumbent,
    params: Ascent,
    deadline: Instant,
) -> Option<Relaxed> {
    let mut relaxed = None;
    for round in 0..FIX_ROUNDS {
        let value = incumbent.value();
        let current = {
            let fixed = &node.fixed;
            let mut repair =
                |r: &Relaxed| incumbent.offer(from_preferences(model, fixed, &r.x, deadline));
            ascend(lag, node, u, value, params, deadline, &mut repair)
        };

        if current.is_assignment(node) {
            let assignment = current.assignment(model, node);
            incumbent.offer(feasible(model, assignment));
            return None;
        }
        if model.cannot_improve(current.value, incumbent.value()) {
            return None;
        }

        let last = round + 1 == FIX_ROUNDS;
        let forbidden = if last {
            0
        } else {
            penalty_fix(model, node, &current, u, incumbent.value())
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
    incumbent.offer(from_preferences(model, &node.fixed, &relaxed.x, deadline));
    if model.cannot_improve(relaxed.value, incumbent.value()) {
        return None;
    }
    Some(relaxed)
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
