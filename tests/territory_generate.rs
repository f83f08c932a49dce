//! The seeded generator: reproducible, realistic in shape, and its defaults
//! always admit an assignment.

use std::time::Duration;

use tcplan::assign::{solve, SolveOptions, Status, Strategy};
use tcplan::territory::explain::infeasibility;
use tcplan::territory::generate::{accounts_csv, generate, reps_csv, GeneratorSpec, SpecError};
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

/// Solves a generated instance with the heuristic and says what went wrong,
/// if anything.
fn solve_generated(spec: &GeneratorSpec) -> Result<(), String> {
    let (rows, team) = generate(spec);
    let label = format!(
        "{}x{} ({} segments, {} regions) seed {}",
        spec.accounts, spec.reps, spec.segments, spec.regions, spec.seed
    );
    if team.len() != spec.reps {
        return Err(format!("{label}: {} reps written", team.len()));
    }
    let territory = Territory::build(&rows, &team, &[], &Settings::default());
    let causes = infeasibility(&territory, &rows, &team);
    if !causes.is_empty() {
        return Err(format!("{label}: infeasible: {causes:?}"));
    }
    let options = SolveOptions {
        strategy: Strategy::Heuristic,
        time_limit: Duration::from_secs(30),
        seed: 0,
    };
    let solution = solve(&territory.problem, &options);
    if !matches!(solution.status, Status::Feasible | Status::Optimal) {
        return Err(format!("{label}: status {:?}", solution.status));
    }
    territory
        .problem
        .check(&solution.assignment)
        .map_err(|e| format!("{label}: check: {e:?}"))
}

/// Every size ratio, including many more reps than accounts, admits an
/// assignment the heuristic finds (the tester's failing sizes among them:
/// 2000x500, 1000x200, 100x40, 5x20, 200x50).
#[test]
fn defaults_are_feasible_at_every_size_ratio() {
    let mut failures = Vec::new();
    for accounts in [5, 100, 200, 1000, 2000] {
        for reps in [3, 20, 40, 50, 200, 500] {
            // Prune the slowest corner (large and balanced) to keep the test fast.
            if accounts * reps > 2000 * 200 && reps < 500 {
                continue;
            }
            for seed in 0..3 {
                if let Err(e) = solve_generated(&spec(accounts, reps, seed)) {
                    failures.push(e);
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Other segment and region counts, every account owned, locked or in a
/// family: capacities still cover what each rep must take.
#[test]
fn extreme_settings_stay_feasible() {
    let mut failures = Vec::new();
    for (segments, regions, owned, families, locked) in [
        (1, 1, 0.7, 0.05, 0.01),
        (5, 6, 0.7, 0.05, 0.01),
        (3, 4, 1.0, 0.0, 1.0),
        (3, 4, 1.0, 1.0, 0.0),
        (2, 2, 0.0, 0.5, 0.0),
    ] {
        for (accounts, reps) in [(7, 5), (60, 30), (400, 12), (500, 100)] {
            for seed in 0..2 {
                let s = GeneratorSpec {
                    segments,
                    regions,
                    owned_share: owned,
                    family_share: families,
                    lock_share: locked,
                    ..spec(accounts, reps, seed)
                };
                if let Err(e) = solve_generated(&s) {
                    failures.push(e);
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn nonsense_settings_are_rejected() {
    let option = |s: GeneratorSpec| s.validate().map_err(|e: SpecError| e.option);
    assert_eq!(option(spec(1000, 10, 0)), Ok(()));
    assert_eq!(option(spec(1, 3, 0)), Ok(()));
    assert_eq!(option(spec(1, 1, 0)), Err("--reps"));
    assert_eq!(option(spec(0, 10, 0)), Err("--accounts"));
    assert_eq!(option(spec(10, 0, 0)), Err("--reps"));
    let with = |f: fn(&mut GeneratorSpec)| {
        let mut s = spec(100, 10, 0);
        f(&mut s);
        option(s)
    };
    assert_eq!(with(|s| s.segments = 0), Err("--segments"));
    assert_eq!(with(|s| s.regions = 0), Err("--regions"));
    assert_eq!(with(|s| s.segments = 11), Err("--reps"));
    assert_eq!(with(|s| s.owned_share = 1.5), Err("--owned"));
    assert_eq!(with(|s| s.family_share = -0.1), Err("--families"));
    assert_eq!(with(|s| s.lock_share = f64::NAN), Err("--locked"));
    let reason = spec(3, 1, 0).validate().unwrap_err().reason;
    assert!(reason.contains("--reps 3"), "{reason}");
}

/// `tcplan generate` rejects a rep count below the segment count instead
/// of writing more reps than asked.
#[test]
fn cli_rejects_fewer_reps_than_segments() {
    let dir = std::env::temp_dir().join(format!("tcplan-gen-{}", std::process::id()));
    let run = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tcplan"))
            .arg("generate")
            .args(extra)
            .arg("--out-dir")
            .arg(&dir)
            .output()
            .expect("run tcplan")
    };
    for args in [
        &["--accounts", "1", "--reps", "1"][..],
        &["--accounts", "10", "--reps", "3", "--segments", "5"],
        &["--accounts", "0", "--reps", "3"],
        &["--accounts", "10", "--reps", "3", "--owned", "2"],
    ] {
        let out = run(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!dir.join("reps.csv").exists(), "{args:?} wrote files");
    }
    let out = run(&["--accounts", "1", "--reps", "3"]);
    assert_eq!(out.status.code(), Some(0));
    let reps = std::fs::read_to_string(dir.join("reps.csv")).expect("reps.csv");
    assert_eq!(reps.lines().count(), 4);
    let _ = std::fs::remove_dir_all(&dir);
}
