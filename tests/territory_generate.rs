//! The seeded generator: reproducible, realistic in shape, and its defaults
//! always admit an assignment.

use std::time::Duration;

use tcplan::assign::{solve, SolveOptions, Status, Strategy};
use tcplan::territory::explain::infeasibility;
use tcplan::territory::generate::{accounts_csv, generate, reps_csv, GeneratorSpec};
use tcplan::territory::{Settings, Territory};

fn spec(accounts: usize, reps: usize, seed: u64) -> GeneratorSpec {
    GeneratorSpec {
        accounts,
        reps,
        seed,
        ..GeneratorSpec::default()
    }
}

#[test]
fn equal_specs_give_identical_files() {
    let (a1, r1) = generate(&spec(500, 9, 3));
    let (a2, r2) = generate(&spec(500, 9, 3));
    assert_eq!(accounts_csv(&a1), accounts_csv(&a2));
    assert_eq!(reps_csv(&r1), reps_csv(&r2));
    let (a3, _) = generate(&spec(500, 9, 4));
    assert_ne!(accounts_csv(&a1), accounts_csv(&a3));
}

#[test]
fn instances_have_owners_families_locks_and_heavy_tails() {
    let (accounts, reps) = generate(&spec(5000, 30, 1));
    let rows = &accounts.rows;
    let share = |f: &dyn Fn(&tcplan::territory::Account) -> bool| {
        rows.iter().filter(|a| f(a)).count() as f64 / rows.len() as f64
    };
    // Shares are drawn at random per account; 0.05 absorbs the sampling
    // noise of 5,000 draws (several standard deviations).
    assert!((share(&|a| a.current_owner.is_some()) - 0.7).abs() < 0.05);
    assert!(share(&|a| a.parent_id.is_some()) > 0.01);
    assert!(share(&|a| a.locked_owner.is_some()) > 0.0);

    // Heavy tail: the top tenth of accounts carries far more than a tenth
    // of the potential.
    let mut p: Vec<f64> = rows.iter().map(|a| a.potential).collect();
    p.sort_by(|a, b| b.total_cmp(a));
    let top: f64 = p[..p.len() / 10].iter().sum();
    assert!(top / p.iter().sum::<f64>() > 0.3);

    // Reps specialise in one segment each.
    assert!(reps.iter().all(|r| r.segments.len() == 1));
}

#[test]
fn default_instances_are_feasible() {
    for (accounts, reps, seed) in [(200, 4, 0), (1000, 10, 1), (3000, 25, 2), (800, 3, 5)] {
        let (rows, team) = generate(&spec(accounts, reps, seed));
        let territory = Territory::build(&rows, &team, &[], &Settings::default());
        let causes = infeasibility(&territory, &rows, &team);
        assert!(
            causes.is_empty(),
            "{accounts}x{reps} seed {seed}: {causes:?}"
        );
        let options = SolveOptions {
            strategy: Strategy::Heuristic,
            time_limit: Duration::from_secs(30),
            seed: 0,
        };
        let solution = solve(&territory.problem, &options);
        assert!(matches!(
            solution.status,
            Status::Feasible | Status::Optimal
        ));
        assert!(territory.problem.check(&solution.assignment).is_ok());
    }
}
