//! Local search over complete assignments: shifts (one item to another
//! eligible agent) and swaps (two items trade agents), focused on the agents
//! that hurt the objective most.
//!
//! Each step takes the worst agent not yet known to be locally optimal —
//! most infeasible first, then largest weighted deviation — and evaluates
//! every shift out of it, every shift into it and, when no shift helps,
//! every swap with its most complementary partners. The best candidate under
//! the lexicographic order (infeasibility change, surrogate change) is
//! applied if it improves; otherwise the agent is marked clean until one of
//! its totals changes. The search ends when a full pass finds nothing or the
//! deadline passes. Candidates are evaluated in parallel with rayon, and the
//! best one is chosen under a total order (ties broken by indices), so the
//! result does not depend on the number of threads.
//!
//! References: shift and swap neighbourhoods for the generalized assignment
//! problem, e.g. M. Yagiura, T. Ibaraki and F. Glover, "An ejection chain
//! approach for the generalized assignment problem", *INFORMS Journal on
//! Computing* 16(2), 2004; for territory design, J. Kalcsics, S. Nickel and
//! M. Schröder, "Towards a unified territorial design approach", *OR
//! Spectrum* 27, 2005.

use std::cmp::Ordering;
use std::time::Instant;

use rayon::prelude::*;

use super::problem::Problem;
use super::state::State;

/// Smallest change that counts as an improvement; smaller differences are
/// floating-point noise in sums of input numbers.
const TOLERANCE: f64 = 1e-12;

/// Below this many candidates the evaluation stays on one thread, where
/// rayon's overhead would exceed the work.
const PARALLEL_THRESHOLD: usize = 4096;

/// Above this many items, shifts are evaluated only towards promising agents.
const RESTRICT_ITEMS: usize = 20_000;

/// How many destinations per item a restricted shift search evaluates.
const SHIFT_TARGETS: usize = 8;

/// How many of the agents furthest above target a restricted search takes
/// items from.
const SOURCE_AGENTS: usize = 16;

/// How many partner agents a swap search considers.
const SWAP_PARTNERS: usize = 3;

/// Above this many item pairs, a swap search only looks at the partners
/// whose primary value is nearest the ideal exchange.
const FULL_SWAP_SCAN: usize = 20_000;

/// How many partner items on each side of the ideal value a windowed swap
/// search evaluates.
const SWAP_WINDOW: usize = 12;

/// For each agent, the (item, pair index) of every item eligible for it.
pub(crate) struct Reverse {
    start: Vec<usize>,
    entries: Vec<(u32, u32)>,
    /// The agent where each item is least disrupted, when that is a single
    /// agent (its current owner); `u32::MAX` otherwise.
    home: Vec<u32>,
}

impl Reverse {
    pub fn new(problem: &Problem) -> Self {
        let n = problem.agents.len();
        let mut start = vec![0usize; n + 1];
        for item in 0..problem.items.len() {
            for p in problem.pairs(item) {
                start[p.agent as usize + 1] += 1;
            }
        }
        for a in 0..n {
            start[a + 1] += start[a];
        }
        let mut fill = start.clone();
        let mut entries = vec![(0u32, 0u32); start[n]];
        for item in 0..problem.items.len() {
            for (k, p) in problem.pairs(item).iter().enumerate() {
                let slot = &mut fill[p.agent as usize];
                entries[*slot] = (item as u32, k as u32);
                *slot += 1;
            }
        }
        let home = (0..problem.items.len())
            .map(|item| {
                let pairs = problem.pairs(item);
                let least = pairs
                    .iter()
                    .map(|p| p.disruption)
                    .fold(f64::INFINITY, f64::min);
                let mut at = pairs.iter().filter(|p| p.disruption == least);
                match (at.next(), at.next()) {
                    (Some(p), None) => p.agent,
                    _ => u32::MAX,
                }
            })
            .collect();
        Reverse {
            start,
            entries,
            home,
        }
    }

    fn of(&self, agent: usize) -> &[(u32, u32)] {
        &self.entries[self.start[agent]..self.start[agent + 1]]
    }
}

/// A candidate change and its effect.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    infeasibility: f64,
    surrogate: f64,
    /// (item, pair) moved, and for swaps the second (item, pair).
    first: (u32, u32),
    second: Option<(u32, u32)>,
}

impl Candidate {
    fn order(&self, other: &Candidate) -> Ordering {
        self.infeasibility
            .total_cmp(&other.infeasibility)
            .then(self.surrogate.total_cmp(&other.surrogate))
            .then(self.first.cmp(&other.first))
            .then(self.second.cmp(&other.second))
    }

    fn improves(&self) -> bool {
        self.infeasibility < -TOLERANCE
            || (self.infeasibility <= TOLERANCE && self.surrogate < -TOLERANCE)
    }
}

fn better(a: Option<Candidate>, b: Option<Candidate>) -> Option<Candidate> {
    match (a, b) {
        (Some(x), Some(y)) => Some(if y.order(&x) == Ordering::Less { y } else { x }),
        (x, None) => x,
        (None, y) => y,
    }
}

/// Runs the search until no improving step is left or `deadline` passes.
/// Returns the number of steps applied.
pub(crate) fn improve(state: &mut State<'_>, reverse: &Reverse, deadline: Instant) -> usize {
    let n = state.problem.agents.len();
    let mut steps = 0;
    loop {
        let mut clean = vec![false; n];
        let steps_before = steps;
        while Instant::now() < deadline {
            let focus = (0..n).filter(|&a| !clean[a]).max_by(|&a, &b| {
                state.infeasibility[a]
                    .total_cmp(&state.infeasibility[b])
                    .then(state.badness(a).total_cmp(&state.badness(b)))
                    .then(b.cmp(&a))
            });
            let Some(a) = focus else { break };
            let best = better(best_shift(state, reverse, a), None)
                .filter(Candidate::improves)
                .or_else(|| best_swap(state, a).filter(Candidate::improves));
            match best {
                Some(c) => {
                    let touched = apply(state, &c);
                    for t in touched.into_iter().flatten() {
                        clean[t] = false;
                    }
                    steps += 1;
                }
                None => clean[a] = true,
            }
        }
        if steps == steps_before || Instant::now() >= deadline {
            return steps;
        }
        state.recompute();
    }
}

fn apply(state: &mut State<'_>, c: &Candidate) -> [Option<usize>; 2] {
    let (i, pi) = (c.first.0 as usize, c.first.1 as usize);
    let from = state.agent_of[i] as usize;
    match c.second {
        None => {
            state.shift(i, pi);
            [Some(from), Some(state.agent_of[i] as usize)]
        }
        Some((j, pj)) => {
            let other = state.agent_of[j as usize] as usize;
            state.swap(i, pi, j as usize, pj as usize);
            [Some(from), Some(other)]
        }
    }
}

/// Best shift out of or into agent `a`.
fn best_shift(state: &State<'_>, reverse: &Reverse, a: usize) -> Option<Candidate> {
    let p = state.problem;
    let n = p.agents.len();

    // On large instances with a balance metric, evaluate only the promising
    // shifts: out of `a`, towards the agents furthest below their primary
    // target; into `a`, from the agents furthest above it. Shifts that
    // lower disruption, and every shift around an infeasible agent, are
    // always evaluated.
    let restricted = p.items.len() > RESTRICT_ITEMS && !p.balance.is_empty();
    let signed: Vec<f64> = if restricted {
        (0..n).map(|b| state.signed_primary(b)).collect()
    } else {
        Vec::new()
    };
    let open = !restricted || state.infeasibility[a] > 0.0;
    let over_cut = if open {
        f64::NEG_INFINITY
    } else {
        let mut sorted = signed.clone();
        let m = SOURCE_AGENTS.min(n) - 1;
        sorted.select_nth_unstable_by(m, |x, y| y.total_cmp(x));
        sorted[m]
    };

    let out_of = |&item: &u32| -> Option<Candidate> {
        let item = item as usize;
        let pairs = p.pairs(item);
        let current = state.pair_of[item] as usize;
        // The change at `a` is the same whatever the destination.
        let (leave_i, leave_s) = state.leave_change(item);
        let eval = |k: usize| {
            let (enter_i, enter_s) = state.enter_change(item, k);
            Candidate {
                infeasibility: leave_i + enter_i,
                surrogate: leave_s + enter_s,
                first: (item as u32, k as u32),
                second: None,
            }
        };
        if open {
            return (0..pairs.len())
                .filter(|&k| k != current)
                .map(eval)
                .min_by(|x, y| x.order(y));
        }
        // The SHIFT_TARGETS destinations furthest below target, plus any
        // destination that lowers disruption.
        let mut neediest: [(f64, usize); SHIFT_TARGETS] =
            [(f64::INFINITY, usize::MAX); SHIFT_TARGETS];
        let mut best: Option<Candidate> = None;
        for (k, pair) in pairs.iter().enumerate() {
            if k == current {
                continue;
            }
            if pair.disruption < pairs[current].disruption {
                best = better(best, Some(eval(k)));
                continue;
            }
            let key = signed[pair.agent as usize];
            if key < neediest[SHIFT_TARGETS - 1].0 {
                let mut at = SHIFT_TARGETS - 1;
                while at > 0 && neediest[at - 1].0 > key {
                    neediest[at] = neediest[at - 1];
                    at -= 1;
                }
                neediest[at] = (key, k);
            }
        }
        for &(_, k) in neediest.iter().filter(|(_, k)| *k != usize::MAX) {
            best = better(best, Some(eval(k)));
        }
        best
    };
    let into = |&(item, k): &(u32, u32)| -> Option<Candidate> {
        let item = item as usize;
        let b = state.agent_of[item] as usize;
        if b == a {
            return None;
        }
        // Filter on per-agent figures first: the scan touches many items,
        // and reading their pairs would miss the cache.
        if !open {
            let promising = signed[b] > signed[a] && signed[b] >= over_cut;
            let home = reverse.home[item] == a as u32;
            if !(promising || home || state.infeasibility[b] > 0.0) {
                return None;
            }
        }
        let (infeasibility, surrogate) = state.shift_change(item, k as usize);
        Some(Candidate {
            infeasibility,
            surrogate,
            first: (item as u32, k),
            second: None,
        })
    };

    let members = &state.members[a];
    let incoming = reverse.of(a);
    let out_work: usize = members.iter().map(|&i| p.pairs(i as usize).len()).sum();
    let best_out = if out_work > PARALLEL_THRESHOLD {
        members
            .par_iter()
            .filter_map(out_of)
            .min_by(|x, y| x.order(y))
    } else {
        members.iter().filter_map(out_of).min_by(|x, y| x.order(y))
    };
    let best_in = if incoming.len() > PARALLEL_THRESHOLD {
        incoming
            .par_iter()
            .filter_map(into)
            .min_by(|x, y| x.order(y))
    } else {
        incoming.iter().filter_map(into).min_by(|x, y| x.order(y))
    };
    better(best_out, best_in)
}

/// Best swap between agent `a` and one of its most complementary partners.
fn best_swap(state: &State<'_>, a: usize) -> Option<Candidate> {
    let p = state.problem;
    let n = p.agents.len();

    // Partners: agents that can take some item of `a`, most opposite first.
    let mut reachable = vec![false; n];
    for &i in &state.members[a] {
        for pair in p.pairs(i as usize) {
            reachable[pair.agent as usize] = true;
        }
    }
    reachable[a] = false;
    let sign = if state.signed_primary(a) >= 0.0 {
        1.0
    } else {
        -1.0
    };
    let mut partners: Vec<usize> = (0..n).filter(|&b| reachable[b]).collect();
    partners.sort_by(|&x, &y| {
        (sign * state.signed_primary(x))
            .total_cmp(&(sign * state.signed_primary(y)))
            .then(x.cmp(&y))
    });
    partners.truncate(SWAP_PARTNERS);

    let mut best = None;
    for b in partners {
        let from_a = movable(state, a, b as u32);
        let from_b = movable(state, b, a as u32);
        if from_a.is_empty() || from_b.is_empty() {
            continue;
        }
        let mut from_b = from_b;
        let key = |item: u32| state.primary_value(item as usize);
        from_b.sort_by(|x, y| key(x.0).total_cmp(&key(y.0)).then(x.0.cmp(&y.0)));
        let transfer = state.primary_transfer(a, b);
        let windowed = !p.balance.is_empty() && from_a.len() * from_b.len() > FULL_SWAP_SCAN;
        let row = |&(i, pi): &(u32, u32)| -> Option<Candidate> {
            // With a balance metric, only partners whose value is near the
            // ideal exchange are worth evaluating; they sit around one point
            // of the sorted list.
            let range = if windowed {
                let ideal = key(i) - transfer;
                let at = from_b.partition_point(|&(j, _)| key(j) < ideal);
                at.saturating_sub(SWAP_WINDOW)..(at + SWAP_WINDOW).min(from_b.len())
            } else {
                0..from_b.len()
            };
            from_b[range]
                .iter()
                .map(|&(j, pj)| {
                    let (infeasibility, surrogate) =
                        state.swap_change(i as usize, pi as usize, j as usize, pj as usize);
                    Candidate {
                        infeasibility,
                        surrogate,
                        first: (i, pi),
                        second: Some((j, pj)),
                    }
                })
                .min_by(|x, y| x.order(y))
        };
        let found = if from_a.len() * from_b.len() > PARALLEL_THRESHOLD {
            from_a.par_iter().filter_map(row).min_by(|x, y| x.order(y))
        } else {
            from_a.iter().filter_map(row).min_by(|x, y| x.order(y))
        };
        best = better(best, found);
    }
    best
}

/// Items of agent `from` that may go to agent `to`, with their pair at `to`.
fn movable(state: &State<'_>, from: usize, to: u32) -> Vec<(u32, u32)> {
    state.members[from]
        .iter()
        .filter_map(|&i| {
            state
                .problem
                .pairs(i as usize)
                .iter()
                .position(|pair| pair.agent == to)
                .map(|k| (i, k as u32))
        })
        .collect()
}
