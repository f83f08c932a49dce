//! From accounts and reps to the assignment [`Problem`].
//!
//! Accounts that share a `parent_id` (directly, or through a chain of
//! parents) form a family and become one item, since a family must share one
//! rep. A rep is eligible for an item when it covers the segment and region
//! of every member; a lock on any member pins the whole family.
//!
//! Pools and targets: two reps are in the same pool when some item could go
//! to either, transitively — the pools are the connected components of the
//! bipartite eligibility graph (accounts on one side, reps on the other).
//! When rep coverage overlaps (a generalist rep covering two segments), the
//! overlapping segments therefore form a single pool. Each rep's target for
//! a metric is its `target_weight` share of the metric's total over the
//! items of its pool: `target_r = w_r / sum(w in pool) * total(pool)`.

use std::collections::HashMap;

use crate::assign::{Agent, BalanceMetric, Item, Objective, Pair, Problem};

use super::input::{Accounts, PairCost, Rep};

/// How the territory objective is weighted.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Weight of the largest relative deviation of potential.
    pub potential_weight: f64,
    /// Weight of the largest relative deviation of account count.
    pub accounts_weight: f64,
    /// Weight of the largest relative deviation of workload.
    pub workload_weight: f64,
    /// Weight of the largest relative deviation of the high-potential count.
    pub high_potential_weight: f64,
    /// Share of accounts (by potential) counted as high-potential.
    pub high_potential_share: f64,
    /// Objective weight of one moved account.
    pub move_weight: f64,
    /// Count a moved account by its potential relative to the average
    /// account (an average account counts 1) instead of 1.
    pub moves_by_potential: bool,
    /// Balance band on potential; moves are then minimised inside it.
    pub max_deviation: Option<f64>,
    /// Objective weight of the total pair cost.
    pub cost_weight: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            potential_weight: 1.0,
            accounts_weight: 0.0,
            workload_weight: 0.0,
            high_potential_weight: 0.0,
            high_potential_share: 0.1,
            // A tie-breaker: 1,000 moves weigh as much as 0.1 percentage
            // point of the largest potential deviation.
            move_weight: 1e-6,
            moves_by_potential: false,
            max_deviation: None,
            cost_weight: 1.0,
        }
    }
}

/// The territory problem and the links back to accounts and reps.
#[derive(Debug, Clone)]
pub struct Territory {
    /// The solver-ready problem (agents are reps in file order).
    pub problem: Problem,
    /// Account indices of each item (one account, or a family).
    pub item_accounts: Vec<Vec<usize>>,
    /// Item index of each account.
    pub account_item: Vec<usize>,
    /// Pool index of each rep.
    pub rep_pool: Vec<usize>,
    /// Target potential of each rep.
    pub potential_target: Vec<f64>,
    /// Index of the current owner of each account, if any.
    pub current_owner: Vec<Option<u32>>,
    /// The rep each item is locked to, if any (even if it is not eligible).
    pub item_lock: Vec<Option<u32>>,
    /// Members of an item locked to different reps (a contradiction).
    pub lock_conflicts: Vec<(usize, Vec<u32>)>,
    /// Settings the problem was built with.
    pub settings: Settings,
}

/// Union-find with path halving, over `0..n`.
pub(crate) struct UnionFind(Vec<usize>);

impl UnionFind {
    pub(crate) fn new(n: usize) -> Self {
        UnionFind((0..n).collect())
    }

    pub(crate) fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }

    pub(crate) fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

impl Territory {
    /// Builds the problem. Ids must already be checked
    /// ([`super::input::check_references`]).
    pub fn build(
        accounts: &Accounts,
        reps: &[Rep],
        costs: &[PairCost],
        settings: &Settings,
    ) -> Territory {
        let rows = &accounts.rows;
        let rep_index: HashMap<&str, u32> = reps
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i as u32))
            .collect();
        let lookup = |id: &Option<String>| id.as_deref().and_then(|s| rep_index.get(s).copied());
        let current_owner: Vec<Option<u32>> =
            rows.iter().map(|a| lookup(&a.current_owner)).collect();
        let locked: Vec<Option<u32>> = rows.iter().map(|a| lookup(&a.locked_owner)).collect();

        let (item_accounts, account_item) = families(accounts);

        let coverage = coverage_by_key(accounts, reps);
        let account_costs = costs_by_account(accounts, reps, costs);
        let mean_potential = mean(rows.iter().map(|a| a.potential)).max(f64::MIN_POSITIVE);

        let mut item_lock = Vec::with_capacity(item_accounts.len());
        let mut lock_conflicts = Vec::new();
        let mut items = Vec::with_capacity(item_accounts.len());
        let mut pair_start = Vec::with_capacity(item_accounts.len() + 1);
        let mut pairs = Vec::new();
        pair_start.push(0);
        for (item, members) in item_accounts.iter().enumerate() {
            let mut locks: Vec<u32> = members.iter().filter_map(|&m| locked[m]).collect();
            locks.sort_unstable();
            locks.dedup();
            if locks.len() > 1 {
                lock_conflicts.push((item, locks.clone()));
            }
            let lock = locks.first().copied();
            item_lock.push(lock);

            let eligible = eligible_reps(members, &coverage, accounts);
            let allowed: Vec<u32> = match lock {
                Some(_) if locks.len() > 1 => Vec::new(),
                Some(l) => eligible.into_iter().filter(|&r| r == l).collect(),
                None => eligible,
            };

            let workload: f64 = members.iter().map(|&m| rows[m].workload).sum();
            let disruption_of = |m: usize| {
                if settings.moves_by_potential {
                    rows[m].potential / mean_potential
                } else {
                    1.0
                }
            };
            let owned: f64 = members
                .iter()
                .filter(|&&m| current_owner[m].is_some())
                .map(|&m| disruption_of(m))
                .sum();
            for rep in allowed {
                let kept: f64 = members
                    .iter()
                    .filter(|&&m| current_owner[m] == Some(rep))
                    .map(|&m| disruption_of(m))
                    .sum();
                let cost: f64 = members
                    .iter()
                    .flat_map(|&m| account_costs[m].iter())
                    .filter(|(r, _)| *r == rep)
                    .map(|(_, c)| c)
                    .sum();
                pairs.push(Pair {
                    agent: rep,
                    workload,
                    cost,
                    disruption: (owned - kept).max(0.0),
                });
            }
            pair_start.push(pairs.len());
            items.push(Item {
                accounts: members.len() as u32,
            });
        }

        let agents: Vec<Agent> = reps
            .iter()
            .map(|r| Agent {
                capacity: r.capacity,
                max_accounts: r.max_accounts,
            })
            .collect();
        let rep_pool = pools(reps.len(), &pair_start, &pairs);
        let weights: Vec<f64> = reps.iter().map(|r| r.target_weight).collect();

        let item_sum = |f: &dyn Fn(usize) -> f64| -> Vec<f64> {
            item_accounts
                .iter()
                .map(|m| m.iter().map(|&a| f(a)).sum())
                .collect()
        };
        let potential = item_sum(&|a| rows[a].potential);
        let threshold = high_potential_threshold(accounts, settings.high_potential_share);
        let metric_values: [(&str, f64, Vec<f64>); 4] = [
            ("potential", settings.potential_weight, potential.clone()),
            ("accounts", settings.accounts_weight, item_sum(&|_| 1.0)),
            (
                "workload",
                settings.workload_weight,
                item_sum(&|a| rows[a].workload),
            ),
            (
                "high_potential",
                settings.high_potential_weight,
                item_sum(&|a| {
                    f64::from(u8::from(
                        rows[a].potential >= threshold && rows[a].potential > 0.0,
                    ))
                }),
            ),
        ];
        let potential_target = targets(&potential, &weights, &rep_pool, &pair_start, &pairs);
        let mut balance = Vec::new();
        for (k, (name, weight, value)) in metric_values.into_iter().enumerate() {
            let primary_band = k == 0 && settings.max_deviation.is_some();
            if weight > 0.0 || primary_band {
                let target = targets(&value, &weights, &rep_pool, &pair_start, &pairs);
                balance.push(BalanceMetric {
                    name: name.to_string(),
                    weight,
                    value,
                    target,
                });
            }
        }

        let objective = Objective {
            disruption_weight: settings.move_weight,
            cost_weight: settings.cost_weight,
            max_deviation: settings.max_deviation,
        };
        let problem = Problem::from_csr(agents, items, pair_start, pairs, balance, objective);
        Territory {
            problem,
            item_accounts,
            account_item,
            rep_pool,
            potential_target,
            current_owner,
            item_lock,
            lock_conflicts,
            settings: settings.clone(),
        }
    }
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

/// Groups accounts into families: returns the members of each item (ordered
/// by first member) and the item of each account.
fn families(accounts: &Accounts) -> (Vec<Vec<usize>>, Vec<usize>) {
    let rows = &accounts.rows;
    let by_id: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mut first_with_parent: HashMap<&str, usize> = HashMap::new();
    let mut uf = UnionFind::new(rows.len());
    for (i, a) in rows.iter().enumerate() {
        let Some(parent) = a.parent_id.as_deref() else {
            continue;
        };
        if let Some(&p) = by_id.get(parent) {
            uf.union(i, p);
        }
        let first = *first_with_parent.entry(parent).or_insert(i);
        uf.union(i, first);
    }

    let mut item_of_root: HashMap<usize, usize> = HashMap::new();
    let mut item_accounts: Vec<Vec<usize>> = Vec::new();
    let mut account_item = Vec::with_capacity(rows.len());
    for i in 0..rows.len() {
        let root = uf.find(i);
        let item = *item_of_root.entry(root).or_insert_with(|| {
            item_accounts.push(Vec::new());
            item_accounts.len() - 1
        });
        item_accounts[item].push(i);
        account_item.push(item);
    }
    (item_accounts, account_item)
}

type CoverageKey<'a> = (Option<&'a str>, Option<&'a str>);

/// The reps covering each distinct (segment, region) of the accounts, so
/// coverage is tested once per combination rather than once per account.
fn coverage_by_key<'a>(accounts: &'a Accounts, reps: &[Rep]) -> HashMap<CoverageKey<'a>, Vec<u32>> {
    let mut map: HashMap<CoverageKey<'a>, Vec<u32>> = HashMap::new();
    for a in &accounts.rows {
        let key = (a.segment.as_deref(), a.region.as_deref());
        map.entry(key).or_insert_with(|| {
            reps.iter()
                .enumerate()
                .filter(|(_, r)| r.covers(a))
                .map(|(i, _)| i as u32)
                .collect()
        });
    }
    map
}

fn eligible_reps(
    members: &[usize],
    coverage: &HashMap<CoverageKey<'_>, Vec<u32>>,
    accounts: &Accounts,
) -> Vec<u32> {
    let key = |m: usize| {
        let a = &accounts.rows[m];
        (a.segment.as_deref(), a.region.as_deref())
    };
    let mut eligible = coverage[&key(members[0])].clone();
    for &m in &members[1..] {
        let other = &coverage[&key(m)];
        eligible.retain(|r| other.binary_search(r).is_ok());
    }
    eligible
}

fn costs_by_account(accounts: &Accounts, reps: &[Rep], costs: &[PairCost]) -> Vec<Vec<(u32, f64)>> {
    let mut out = vec![Vec::new(); accounts.rows.len()];
    if costs.is_empty() {
        return out;
    }
    let account_index: HashMap<&str, usize> = accounts
        .rows
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let rep_index: HashMap<&str, u32> = reps
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i as u32))
        .collect();
    for c in costs {
        if let (Some(&a), Some(&r)) = (
            account_index.get(c.account.as_str()),
            rep_index.get(c.rep.as_str()),
        ) {
            out[a].push((r, c.cost));
        }
    }
    out
}

/// Pool of each rep: connected components of the eligibility graph.
fn pools(reps: usize, pair_start: &[usize], pairs: &[Pair]) -> Vec<usize> {
    let mut uf = UnionFind::new(reps);
    for w in pair_start.windows(2) {
        let list = &pairs[w[0]..w[1]];
        if let Some(first) = list.first() {
            for p in &list[1..] {
                uf.union(first.agent as usize, p.agent as usize);
            }
        }
    }
    (0..reps).map(|r| uf.find(r)).collect()
}

/// Each rep's weight share of its pool's total of `value`.
fn targets(
    value: &[f64],
    weights: &[f64],
    pool: &[usize],
    pair_start: &[usize],
    pairs: &[Pair],
) -> Vec<f64> {
    let mut pool_total = vec![0.0; weights.len()];
    let mut pool_weight = vec![0.0; weights.len()];
    for (item, w) in pair_start.windows(2).enumerate() {
        if let Some(p) = pairs[w[0]..w[1]].first() {
            pool_total[pool[p.agent as usize]] += value[item];
        }
    }
    for (r, &w) in weights.iter().enumerate() {
        pool_weight[pool[r]] += w;
    }
    weights
        .iter()
        .enumerate()
        .map(|(r, &w)| pool_total[pool[r]] * w / pool_weight[pool[r]])
        .collect()
}

/// The potential at or above which an account counts as high-potential:
/// the `share` upper quantile of account potentials.
pub fn high_potential_threshold(accounts: &Accounts, share: f64) -> f64 {
    let mut p: Vec<f64> = accounts.rows.iter().map(|a| a.potential).collect();
    if p.is_empty() {
        return f64::INFINITY;
    }
    p.sort_by(|a, b| b.total_cmp(a));
    let k = ((share * p.len() as f64).ceil() as usize).clamp(1, p.len());
    p[k - 1]
}
