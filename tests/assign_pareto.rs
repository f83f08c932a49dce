//! The balance / moves frontier of `--pareto`: no point is dominated by what
//! the tool's own band runs find, the small move counts are there, and on
//! tiny instances every point is achievable and non-dominated (checked by
//! enumeration).

use std::time::Duration;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tcplan::assign::pareto::{frontier, ParetoPoint};
use tcplan::assign::{
    solve, Agent, BalanceMetric, Item, Objective, Pair, Problem, SolveOptions, Status, Strategy,
};
use tcplan::territory::generate::{generate, GeneratorSpec};
use tcplan::territory::{Settings, Territory};

fn options(seconds: u64) -> SolveOptions {
    SolveOptions {
        strategy: Strategy::Auto,
        time_limit: Duration::from_secs(seconds),
        seed: 0,
    }
}

/// `b` beats `a` on one axis by more than rounding and is no worse on the other.
fn dominates(b: (f64, f64), a: (f64, f64)) -> bool {
    let (dev_tol, dis_tol) = (1e-9, 1e-9);
    b.0 <= a.0 + dev_tol && b.1 <= a.1 + dis_tol && (b.0 < a.0 - dev_tol || b.1 < a.1 - dis_tol)
}

/// Sorted by deviation, each point strictly better on one axis, every point
/// a checked assignment with the figures reported.
fn check_shape(problem: &Problem, points: &[ParetoPoint]) {
    let mut unbanded = problem.clone();
    unbanded.objective.max_deviation = None;
    for p in points {
        unbanded
            .check(&p.assignment)
            .unwrap_or_else(|e| panic!("point {p:?} breaks a constraint: {e}"));
        let e = unbanded.evaluate(&p.assignment);
        assert!((e.max_deviation[0] - p.max_deviation).abs() <= 1e-12);
        assert!((e.disruption - p.disruption).abs() <= 1e-9);
    }
    for pair in points.windows(2) {
        assert!(pair[0].max_deviation < pair[1].max_deviation, "{pair:?}");
        assert!(pair[0].disruption > pair[1].disruption, "{pair:?}");
    }
}

/// The tester's instance: `tcplan generate --accounts 2000 --reps 12 --seed 7`.
#[test]
fn no_band_run_dominates_a_frontier_point() {
    let (rows, team) = generate(&GeneratorSpec {
        accounts: 2000,
        reps: 12,
        seed: 7,
        ..GeneratorSpec::default()
    });
    let problem = Territory::build(&rows, &team, &[], &Settings::default()).problem;
    let incumbent = solve(&problem, &options(60));
    let points = frontier(&problem, &options(60), 6, Some(&incumbent.assignment));
    check_shape(&problem, &points);
    let summary: Vec<(f64, f64)> = points
        .iter()
        .map(|p| (p.max_deviation, p.disruption))
        .collect();

    // The move counts a planner weighs one by one are all there.
    for moves in 0..=3 {
        assert!(
            points.iter().any(|p| p.disruption == moves as f64),
            "no point with {moves} moves in {summary:?}"
        );
    }
    for band in [0.005, 0.02, 0.1] {
        let mut banded = problem.clone();
        banded.objective.max_deviation = Some(band);
        let solution = solve(&banded, &options(60));
        assert!(matches!(
            solution.status,
            Status::Optimal | Status::Feasible
        ));
        let e = problem.evaluate(&solution.assignment);
        let found = (e.max_deviation[0], e.disruption);
        for p in &summary {
            assert!(
                !dominates(found, *p),
                "band {band} finds {found:?}, which dominates {p:?} of {summary:?}"
            );
        }
    }
}

/// A random tiny problem: owners, eligibility, capacities, families of one
/// or two accounts, and some accounts without an owner.
fn tiny(rng: &mut ChaCha8Rng) -> Problem {
    let agents = rng.random_range(2..=3usize);
    let items = rng.random_range(3..=7usize);
    let agent_list: Vec<Agent> = (0..agents)
        .map(|_| Agent {
            capacity: rng.random_range(4.0..12.0),
            max_accounts: if rng.random_bool(0.3) {
                Some(rng.random_range(2..5))
            } else {
                None
            },
        })
        .collect();
    let mut item_list = Vec::new();
    let mut pairs = Vec::new();
    let mut potential = Vec::new();
    let mut count = Vec::new();
    for _ in 0..items {
        let accounts = rng.random_range(1..=2u32);
        let workload: f64 = rng.random_range(0.5..4.0);
        let value: f64 = rng.random_range(1.0..100.0);
        let owner = rng.random_bool(0.8).then(|| rng.random_range(0..agents));
        let mut eligible: Vec<bool> = (0..agents).map(|_| rng.random_bool(0.8)).collect();
        if let Some(o) = owner {
            eligible[o] = true;
        }
        item_list.push(Item { accounts });
        potential.push(value);
        count.push(f64::from(accounts));
        pairs.push(
            (0..agents)
                .filter(|&a| eligible[a])
                .map(|a| Pair {
                    agent: a as u32,
                    workload: workload * (1.0 + 0.25 * a as f64),
                    cost: 0.0,
                    disruption: match owner {
                        Some(o) if o != a => f64::from(accounts),
                        _ => 0.0,
                    },
                })
                .collect(),
        );
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
            weight: if rng.random_bool(0.5) { 0.5 } else { 0.0 },
            target: share(&count),
            value: count,
        },
    ];
    let objective = Objective {
        disruption_weight: 1e-6,
        cost_weight: 0.0,
        max_deviation: None,
    };
    Problem::new(agent_list, item_list, pairs, balance, objective)
}

/// (largest primary deviation, disruption) of every feasible assignment.
fn enumerate(problem: &Problem) -> Vec<(f64, f64)> {
    let n = problem.items.len();
    if (0..n).any(|i| problem.pairs(i).is_empty()) {
        return Vec::new();
    }
    let mut choice = vec![0usize; n];
    let mut all = Vec::new();
    loop {
        let assignment: Vec<u32> = (0..n).map(|i| problem.pairs(i)[choice[i]].agent).collect();
        if problem.check(&assignment).is_ok() {
            let e = problem.evaluate(&assignment);
            all.push((e.max_deviation[0], e.disruption));
        }
        let mut k = 0;
        loop {
            if k == n {
                return all;
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

#[test]
fn tiny_frontiers_are_achievable_and_non_dominated() {
    let mut rng = ChaCha8Rng::seed_from_u64(2024);
    let mut checked = 0;
    for case in 0..120 {
        let problem = tiny(&mut rng);
        let all = enumerate(&problem);
        if all.is_empty() {
            continue;
        }
        checked += 1;
        let points = frontier(&problem, &options(5), 6, None);
        assert!(!points.is_empty(), "case {case}: no frontier");
        check_shape(&problem, &points);
        for p in &points {
            let mine = (p.max_deviation, p.disruption);
            if let Some(better) = all.iter().find(|q| dominates(**q, mine)) {
                panic!("case {case}: {better:?} dominates frontier point {mine:?}");
            }
        }
        // The calm end is exact: the least disruption any assignment has.
        let least = all.iter().map(|q| q.1).fold(f64::INFINITY, f64::min);
        assert!(
            points.iter().any(|p| (p.disruption - least).abs() <= 1e-9),
            "case {case}"
        );
    }
    assert!(checked >= 60, "only {checked} feasible cases");
}

#[test]
fn the_written_answer_is_not_beaten_by_its_own_frontier() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_tcplan"))
        .args([
            "generate",
            "--accounts",
            "2000",
            "--reps",
            "12",
            "--seed",
            "7",
        ])
        .arg("--out-dir")
        .arg(dir.path())
        .status()
        .expect("generate runs");
    assert!(status.success());
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tcplan"))
        .args([
            "assign",
            "--pareto",
            "--format",
            "json",
            "--time-limit",
            "20",
        ])
        .arg("--accounts")
        .arg(dir.path().join("accounts.csv"))
        .arg("--reps")
        .arg(dir.path().join("reps.csv"))
        .arg("--output")
        .arg(dir.path().join("assignment.csv"))
        .output()
        .expect("assign runs");
    assert!(output.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let deviation = summary["max_deviation"].as_f64().expect("deviation");
    let moves = summary["moves"].as_f64().expect("moves");
    // Deviations are compared to 1e-12, the rounding of sums of potentials
    // relative to targets in the millions.
    for point in summary["pareto"].as_array().expect("frontier") {
        let d = point["max_deviation"].as_f64().expect("point deviation");
        let m = point["disruption"].as_f64().expect("point moves");
        let dominates =
            d <= deviation + 1e-12 && m <= moves && (d < deviation - 1e-12 || m < moves);
        assert!(!dominates, "{point} beats ({deviation}, {moves})");
    }
}
