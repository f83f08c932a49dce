//! A seed fixes the result, whatever the number of threads.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tcplan::scenario;
use tcplan::simulate::{simulate, Model, Options};

fn scenario_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

#[test]
fn thread_count_does_not_change_the_outcome() {
    let s = scenario::load(&scenario_path("plg-4q.toml")).expect("valid");
    let model = Model::new(&s);
    // Not a multiple of the block size, so the last block is partial.
    let base = Options {
        trials: 3 * 4096 + 123,
        seed: 42,
        ..Options::default()
    };
    let one = simulate(
        &model,
        &Options {
            threads: 1,
            ..base.clone()
        },
        &|_| {},
    )
    .expect("runs");
    let four = simulate(
        &model,
        &Options {
            threads: 4,
            ..base.clone()
        },
        &|_| {},
    )
    .expect("runs");
    assert_eq!(one, four);
    assert_eq!(one.trials, base.trials);
}

#[test]
fn different_seeds_give_different_outcomes() {
    let s = scenario::load(&scenario_path("plg-4q.toml")).expect("valid");
    let model = Model::new(&s);
    let a = Options {
        trials: 5000,
        seed: 1,
        ..Options::default()
    };
    let b = Options {
        seed: 2,
        ..a.clone()
    };
    let (a, b) = (
        simulate(&model, &a, &|_| {}).expect("runs"),
        simulate(&model, &b, &|_| {}).expect("runs"),
    );
    assert_ne!(a.signups, b.signups);
}

#[test]
fn binary_json_is_byte_identical_across_thread_counts() {
    let run = |threads: Option<&str>| {
        let mut cmd = Command::cargo_bin("tcplan").expect("binary");
        cmd.arg("simulate")
            .arg(scenario_path("expansion-12q.toml"))
            .args(["--trials", "20000", "--seed", "7", "--format", "json"]);
        if let Some(t) = threads {
            cmd.args(["--threads", t]);
        }
        let out = cmd.output().expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let single = run(Some("1"));
    assert_eq!(single, run(None));
    assert_eq!(single, run(Some("3")));
}

#[test]
fn precision_run_reaches_its_target_or_the_cap() {
    let s = scenario::load(&scenario_path("plg-4q.toml")).expect("valid");
    let model = Model::new(&s);
    let opts = Options {
        trials: 4096,
        precision: Some(0.6),
        max_trials: 200_000,
        ..Options::default()
    };
    let out = simulate(&model, &opts, &|_| {}).expect("runs");
    let report = out.precision.expect("precision report");
    assert!(report.reached || out.trials >= 200_000, "{report:?}");
    let worst = out
        .roles
        .iter()
        .flat_map(|r| {
            r.quarters
                .iter()
                .flat_map(|q| q.percentiles.iter().map(|p| p.se))
        })
        .fold(0.0, f64::max);
    assert_eq!(worst, report.worst_se);
    assert_eq!(out.trials % 4096, 0, "precision runs use whole blocks");
}
