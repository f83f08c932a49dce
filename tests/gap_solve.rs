//! The cost solver: known optima, brute force on tiny problems, and the
//! check of every reported solution.

use std::path::Path;
use std::time::Duration;

use proptest::prelude::*;
use tcplan::assign::cost::solve_cost;
use tcplan::assign::{
    Agent, Item, Objective, Pair, Problem, SolveOptions, Status, Strategy as Solver,
};
use tcplan::bench::{read_gap_file, run_gap, Reference, Sense};

fn shared_gap() -> Option<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/instances/gap");
    if root.is_dir() {
        Some(root)
    } else {
        eprintln!("skipped: {} is absent", root.display());
        None
    }
}

fn options(strategy: Solver) -> SolveOptions {
    SolveOptions {
        strategy,
        time_limit: Duration::from_secs(60),
        seed: 7,
    }
}

#[test]
fn solves_gap1_to_its_published_optima() {
    let Some(root) = shared_gap() else { return };
    let instances = read_gap_file(&root.join("gap1.txt")).unwrap();
    let reference = Reference::read(&root.join("reference.csv")).unwrap();

    let report = run_gap(
        &instances,
        Some(&reference),
        Sense::Min,
        &options(Solver::Exact),
        |_| {},
    )
    .unwrap();

    assert_eq!(report.rows.len(), 5);
    for (row, instance) in report.rows.iter().zip(&instances) {
        let optimum = reference.find(instance).unwrap().unwrap().optimum;
        assert!(optimum.is_some());
        assert_eq!(row.status, Status::Optimal, "{}", row.name);
        // Whole-number costs: the optimum is matched exactly.
        assert_eq!(row.value, optimum, "{}", row.name);
        assert_eq!(row.bound, row.value, "{}", row.name);
    }
    assert_eq!(report.totals.optimal, 5);
    assert_eq!(report.totals.within_one_percent, 5);
}

#[test]
fn maximising_reports_a_total_at_least_the_minimum() {
    let Some(root) = shared_gap() else { return };
    let instances = read_gap_file(&root.join("gap1.txt")).unwrap();

    let min = run_gap(
        &instances,
        None,
        Sense::Min,
        &options(Solver::Exact),
        |_| {},
    )
    .unwrap();
    let max = run_gap(
        &instances,
        None,
        Sense::Max,
        &options(Solver::Exact),
        |_| {},
    )
    .unwrap();

    for (lo, hi) in min.rows.iter().zip(&max.rows) {
        assert_eq!(hi.status, Status::Optimal);
        assert!(hi.value.unwrap() > lo.value.unwrap(), "{}", hi.name);
        // Maximising reports an upper bound, met at optimality.
        assert_eq!(hi.bound, hi.value);
    }
}

#[test]
fn the_heuristic_strategy_returns_checked_assignments_within_its_bound() {
    let Some(root) = shared_gap() else { return };
    let instances = read_gap_file(&root.join("gap8.txt")).unwrap();

    for instance in &instances {
        let problem = instance.to_problem(Sense::Min);
        let solution = solve_cost(&problem, &options(Solver::Heuristic));

        assert_eq!(solution.strategy, Solver::Heuristic);
        problem.check(&solution.assignment).unwrap();
        let value = solution.evaluation.unwrap().objective;
        assert!(solution.lower_bound.unwrap() <= value);
    }
}

/// A tiny random cost problem: eligibility, integral or fractional numbers,
/// optional account limits and a disruption term.
fn tiny_problem() -> impl Strategy<Value = Problem> {
    (1usize..=3, 1usize..=6, any::<bool>(), any::<bool>())
        .prop_flat_map(|(m, n, integral, limits)| {
            let pair = (any::<bool>(), -10i32..30, 0u32..12, 0u32..3);
            (
                Just((m, integral)),
                prop::collection::vec(prop::collection::vec(pair, m), n),
                prop::collection::vec((0u32..25, 1u32..4), m),
                Just(limits),
            )
        })
        .prop_map(|((m, integral), pairs, agents, limits)| {
            let scale = if integral { 1.0 } else { 0.37 };
            let agents = agents
                .into_iter()
                .map(|(capacity, max)| Agent {
                    capacity: f64::from(capacity) * scale,
                    max_accounts: limits.then_some(max),
                })
                .collect();
            let items = vec![Item { accounts: 1 }; pairs.len()];
            let pairs = pairs
                .into_iter()
                .map(|row| {
                    (0..m)
                        .filter(|&i| row[i].0 || i == 0)
                        .map(|i| Pair {
                            agent: i as u32,
                            workload: f64::from(row[i].2) * scale,
                            cost: f64::from(row[i].1) * scale,
                            disruption: f64::from(row[i].3),
                        })
                        .collect()
                })
                .collect();
            let objective = Objective {
                disruption_weight: 2.0,
                cost_weight: 1.0,
                max_deviation: None,
            };
            Problem::new(agents, items, pairs, Vec::new(), objective)
        })
}

/// The best feasible objective by enumeration, if any assignment is feasible.
fn brute_force(problem: &Problem) -> Option<f64> {
    let (m, n) = (problem.agents.len() as u32, problem.items.len());
    let mut assignment = vec![0u32; n];
    let mut best: Option<f64> = None;
    loop {
        if problem.check(&assignment).is_ok() {
            let value = problem.evaluate(&assignment).objective;
            best = Some(best.map_or(value, |b: f64| b.min(value)));
        }
        let mut k = 0;
        loop {
            if k == n {
                return best;
            }
            assignment[k] += 1;
            if assignment[k] < m {
                break;
            }
            assignment[k] = 0;
            k += 1;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn exact_strategy_matches_brute_force(problem in tiny_problem()) {
        let solution = solve_cost(&problem, &options(Solver::Exact));

        match brute_force(&problem) {
            None => prop_assert_eq!(solution.status, Status::Infeasible),
            Some(best) => {
                prop_assert_eq!(solution.status, Status::Optimal);
                problem.check(&solution.assignment).unwrap();
                let value = solution.evaluation.as_ref().unwrap().objective;
                // Sums of a few decimal numbers: allow for their rounding.
                prop_assert!((value - best).abs() < 1e-6, "{} vs {}", value, best);
                prop_assert!(solution.lower_bound.unwrap() <= value + 1e-9);
            }
        }
    }

    #[test]
    fn every_reported_assignment_passes_the_check(problem in tiny_problem()) {
        let solution = solve_cost(&problem, &options(Solver::Heuristic));

        if solution.assignment.is_empty() {
            prop_assert!(solution.evaluation.is_none());
        } else {
            prop_assert!(problem.check(&solution.assignment).is_ok());
            let value = solution.evaluation.as_ref().unwrap().objective;
            if let Some(best) = brute_force(&problem) {
                // A proven bound never exceeds the optimum; tolerance as above.
                prop_assert!(solution.lower_bound.unwrap() <= best + 1e-6);
                prop_assert!(value >= best - 1e-6);
            }
        }
    }
}

#[test]
fn equal_seeds_give_equal_assignments() {
    let Some(root) = shared_gap() else { return };
    let instance = read_gap_file(&root.join("chu1997/c05100"))
        .unwrap()
        .remove(0);
    let problem = instance.to_problem(Sense::Min);

    let first = solve_cost(&problem, &options(Solver::Heuristic));
    let second = solve_cost(&problem, &options(Solver::Heuristic));

    assert_eq!(first.assignment, second.assignment);
    assert_eq!(first.lower_bound, second.lower_bound);
}

#[test]
fn reports_no_solution_without_inventing_a_value() {
    // One item that fits nowhere: infeasible, and neither value nor
    // assignment is reported.
    let agents = vec![Agent {
        capacity: 1.0,
        max_accounts: None,
    }];
    let pairs = vec![vec![Pair {
        agent: 0,
        workload: 2.0,
        cost: 1.0,
        disruption: 0.0,
    }]];
    let objective = Objective {
        disruption_weight: 0.0,
        cost_weight: 1.0,
        max_deviation: None,
    };
    let problem = Problem::new(
        agents,
        vec![Item { accounts: 1 }],
        pairs,
        Vec::new(),
        objective,
    );

    let solution = solve_cost(&problem, &options(Solver::Exact));

    assert_eq!(solution.status, Status::Infeasible);
    assert!(solution.assignment.is_empty());
    assert!(solution.evaluation.is_none());
}
