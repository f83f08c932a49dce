//! Property tests of the assignment engine on random small problems: every
//! returned assignment satisfies every constraint, every reported bound is
//! below the true optimum, and on tiny problems the exact strategy matches
//! brute-force enumeration.

use std::time::Duration;

use proptest::prelude::*;
use tcplan::assign::{
    solve, Agent, BalanceMetric, Item, Objective, Pair, Problem, SolveOptions, Status,
    Strategy as Method,
};

/// A random problem: eligibility, workloads, capacities, owners, values.
fn problem_strategy(max_items: usize, max_agents: usize) -> impl Strategy<Value = Problem> {
    (1..=max_items, 1..=max_agents).prop_flat_map(|(items, agents)| {
        (
            prop::collection::vec(1.0..10.0f64, agents),
            prop::collection::vec(prop::option::of(1u32..4), agents),
            prop::collection::vec(
                (
                    prop::collection::vec(any::<bool>(), agents),
                    0.5..4.0f64,
                    0.0..100.0f64,
                    prop::option::of(0..agents),
                    1u32..3,
                ),
                items,
            ),
            (
                0.0..2.0f64,
                0.0..0.05f64,
                prop::option::of(0.05..0.8f64),
                any::<bool>(),
            ),
        )
            .prop_map(
                move |(capacity, max_accounts, rows, (w_count, w_move, band, cost))| {
                    build(
                        agents,
                        capacity,
                        max_accounts,
                        rows,
                        w_count,
                        w_move,
                        band,
                        cost,
                    )
                },
            )
    })
}

type Row = (Vec<bool>, f64, f64, Option<usize>, u32);

#[allow(clippy::too_many_arguments)]
fn build(
    agents: usize,
    capacity: Vec<f64>,
    max_accounts: Vec<Option<u32>>,
    rows: Vec<Row>,
    count_weight: f64,
    move_weight: f64,
    band: Option<f64>,
    with_cost: bool,
) -> Problem {
    let agent_list: Vec<Agent> = capacity
        .iter()
        .zip(&max_accounts)
        .map(|(&capacity, &max_accounts)| Agent {
            capacity,
            max_accounts,
        })
        .collect();
    let mut items = Vec::new();
    let mut pairs = Vec::new();
    let mut potential = Vec::new();
    let mut count = Vec::new();
    for (eligible, workload, value, owner, accounts) in &rows {
        items.push(Item {
            accounts: *accounts,
        });
        potential.push(*value);
        count.push(f64::from(*accounts));
        let list: Vec<Pair> = (0..agents)
            .filter(|&a| eligible[a])
            .map(|a| Pair {
                agent: a as u32,
                // Per-pair workload: the same item costs more effort for some agents.
                workload: workload * (1.0 + 0.25 * a as f64),
                cost: if with_cost {
                    (value * (a + 1) as f64) % 7.0
                } else {
                    0.0
                },
                disruption: match owner {
                    Some(o) if *o != a => 1.0,
                    _ => 0.0,
                },
            })
            .collect();
        pairs.push(list);
    }
    let share = |values: &[f64]| vec![values.iter().sum::<f64>() / agents as f64; agents];
    let balance = vec![
        BalanceMetric {
            name: "potential".into(),
            weight: 1.0,
            target: share(&potential),
            value: potential,
        },
        BalanceMetric {
            name: "accounts".into(),
            weight: count_weight,
            target: share(&count),
            value: count,
        },
    ];
    let objective = Objective {
        disruption_weight: move_weight,
        cost_weight: if with_cost { 0.01 } else { 0.0 },
        max_deviation: band,
    };
    Problem::new(agent_list, items, pairs, balance, objective)
}

/// The best feasible objective by enumeration, if any assignment is feasible.
fn brute_force(problem: &Problem) -> Option<f64> {
    let n = problem.items.len();
    let mut choice = vec![0usize; n];
    if (0..n).any(|i| problem.pairs(i).is_empty()) {
        return None;
    }
    let mut best: Option<f64> = None;
    loop {
        let assignment: Vec<u32> = (0..n).map(|i| problem.pairs(i)[choice[i]].agent).collect();
        if problem.check(&assignment).is_ok() {
            let value = problem.evaluate(&assignment).objective;
            best = Some(best.map_or(value, |b: f64| b.min(value)));
        }
        let mut k = 0;
        loop {
            if k == n {
                return best;
            }
            choice[k] += 1;
            if choice[k] < problem.pairs(k).len() {
                break;
            }
            choice[k] = 0;
            k += 1;
        }
    }
}

fn options(strategy: Method) -> SolveOptions {
    SolveOptions {
        strategy,
        time_limit: Duration::from_secs(20),
        seed: 7,
    }
}

// Objectives are sums of a few dozen input numbers; 1e-6 absorbs the LP
// solver's tolerance and rounding in those sums.
const TOLERANCE: f64 = 1e-6;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_returned_assignment_satisfies_every_constraint(problem in problem_strategy(14, 5)) {
        for strategy in [Method::Heuristic, Method::Auto] {
            let solution = solve(&problem, &options(strategy));
            if matches!(solution.status, Status::Optimal | Status::Feasible) {
                prop_assert!(problem.check(&solution.assignment).is_ok(),
                    "{:?}: {:?}", strategy, problem.check(&solution.assignment));
            } else {
                prop_assert!(solution.assignment.is_empty());
            }
        }
    }

    #[test]
    fn exact_matches_brute_force_and_bounds_hold(problem in problem_strategy(6, 3)) {
        let optimum = brute_force(&problem);
        let exact = solve(&problem, &options(Method::Exact));
        let heuristic = solve(&problem, &options(Method::Heuristic));
        match optimum {
            Some(best) => {
                prop_assert_eq!(exact.status, Status::Optimal);
                let value = exact.evaluation.as_ref().map(|e| e.objective).unwrap_or(f64::NAN);
                prop_assert!(
                    (value - best).abs() <= TOLERANCE,
                    "exact {} vs brute force {}",
                    value,
                    best
                );
                for s in [&exact, &heuristic] {
                    if let Some(lb) = s.lower_bound {
                        prop_assert!(lb <= best + TOLERANCE, "bound {} above optimum {}", lb, best);
                    }
                    if let Some(e) = &s.evaluation {
                        prop_assert!(e.objective >= best - TOLERANCE);
                    }
                }
            }
            None => {
                prop_assert!(exact.assignment.is_empty());
                prop_assert!(heuristic.assignment.is_empty());
                prop_assert!(matches!(exact.status, Status::Infeasible | Status::NoSolution));
            }
        }
    }
}

#[test]
fn pure_cost_problem_is_solved_to_its_optimum() {
    // A GAP instance: no balance metric, costs only, per-pair workloads.
    let agents = vec![
        Agent {
            capacity: 5.0,
            max_accounts: None,
        },
        Agent {
            capacity: 6.0,
            max_accounts: None,
        },
    ];
    let costs = [[4.0, 2.0], [3.0, 5.0], [1.0, 6.0], [2.0, 2.0]];
    let loads = [[3.0, 2.0], [2.0, 4.0], [2.0, 3.0], [3.0, 3.0]];
    let items = vec![Item { accounts: 1 }; 4];
    let pairs = (0..4)
        .map(|i| {
            (0..2)
                .map(|a| Pair {
                    agent: a as u32,
                    workload: loads[i][a],
                    cost: costs[i][a],
                    disruption: 0.0,
                })
                .collect()
        })
        .collect();
    let objective = Objective {
        disruption_weight: 0.0,
        cost_weight: 1.0,
        max_deviation: None,
    };
    let problem = Problem::new(agents, items, pairs, Vec::new(), objective);
    let best = brute_force(&problem).expect("the instance is feasible");
    for strategy in [Method::Exact, Method::Heuristic] {
        let solution = solve(&problem, &options(strategy));
        let value = solution.evaluation.expect("a solution").objective;
        assert!(problem.check(&solution.assignment).is_ok());
        if strategy == Method::Exact {
            assert!((value - best).abs() <= TOLERANCE, "{value} vs {best}");
        }
    }
}

#[test]
fn same_seed_gives_the_same_assignment() {
    let spec = tcplan::territory::generate::GeneratorSpec {
        accounts: 600,
        reps: 8,
        seed: 5,
        ..Default::default()
    };
    let (accounts, reps) = tcplan::territory::generate::generate(&spec);
    let territory = tcplan::territory::Territory::build(&accounts, &reps, &[], &Default::default());
    let run = || solve(&territory.problem, &options(Method::Heuristic)).assignment;
    assert_eq!(run(), run());
}
