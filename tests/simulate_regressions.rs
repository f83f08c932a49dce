//! Regressions found by checking `simulate` as a planner would: the plan's
//! capacity counts every hire it starts, absurd sign-up draws are capped
//! rather than wrapped, and bad options or parameters exit 2 with nothing
//! written instead of panicking.

use std::path::Path;

use assert_cmd::Command;
use tcplan::capacity::ramp_at;
use tcplan::scenario;
use tcplan::simulate::{simulate, Model, Options};

fn shipped(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name);
    std::fs::read_to_string(path).expect("shipped scenario")
}

fn tcplan() -> Command {
    Command::cargo_bin("tcplan").expect("binary built")
}

#[test]
fn plan_capacity_counts_every_plan_hire_started_by_the_quarter() {
    let text = shipped("plg-4q.toml");
    let s = scenario::parse(&text, "plg-4q.toml").expect("valid");
    let opts = Options {
        trials: 20_000,
        ..Options::default()
    };
    let out = simulate(&Model::new(&s), &opts, &|_| {}).expect("runs");
    for (role, spec) in out.roles.iter().zip(&s.roles) {
        let keep = 1.0 - role.mean_attrition;
        let h = role.quarters.len();
        let mut hires = vec![0.0; h];
        for (q, rq) in role.quarters.iter().enumerate() {
            hires[q] =
                rq.hires_start as f64 + spec.planned_hires.get(q).copied().unwrap_or(0) as f64;
        }
        for (q, rq) in role.quarters.iter().enumerate() {
            let expected = spec.headcount as f64 * keep.powi(q as i32)
                + (0..=q)
                    .map(|s| hires[s] * keep.powi((q - s) as i32) * ramp_at(&spec.ramp, q - s))
                    .sum::<f64>();
            // Same formula, summed in another order: rounding only.
            assert!(
                (rq.plan_capacity - expected).abs() < 1e-9,
                "{} {}: plan capacity {} but its hires give {expected}",
                role.name,
                rq.quarter,
                rq.plan_capacity
            );
            let shortfall = (rq.target as f64 - expected).max(0.0);
            assert!((rq.shortfall - shortfall).abs() < 1e-9, "{rq:?}");
        }
    }
}

#[test]
fn sign_ups_beyond_the_cap_are_capped_not_saturated() {
    let text = shipped("spreadsheet.toml").replace("base = 10000", "base = 1e300");
    let s = scenario::parse(&text, "big.toml").expect("valid");
    let opts = Options {
        trials: 100,
        ..Options::default()
    };
    let out = simulate(&Model::new(&s), &opts, &|_| {}).expect("runs");
    // Every trial is exactly the cap: 1e15 sign-ups, 5 % of them converting,
    // 50 per rep. Integers below 2^53, so exact.
    assert_eq!(out.signups[0].percentiles[1].value, 1_000_000_000_000_000);
    assert_eq!(out.conversions[0].percentiles[1].value, 50_000_000_000_000);
    assert_eq!(
        out.roles[0].quarters[0].percentiles[1].value,
        1_000_000_000_000
    );
}

#[test]
fn repeated_percentile_flag_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("out.csv");
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/spreadsheet.toml");
    let out = tcplan()
        .arg("simulate")
        .arg(file)
        .args(["--percentiles", "10,50,50", "--format", "csv", "--output"])
        .arg(&target)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--percentiles") && err.contains("twice"),
        "{err}"
    );
    assert!(!target.exists());
}

#[test]
fn overflowing_distribution_exits_2_instead_of_panicking() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.toml");
    let text = shipped("spreadsheet.toml").replace(
        "productivity = 50",
        "productivity = { dist = \"uniform\", min = 1, max = 1.7976931348623157e308 }",
    );
    std::fs::write(&bad, text).expect("write");
    let target = dir.path().join("out.json");
    let out = tcplan()
        .arg("simulate")
        .arg(&bad)
        .arg("--output")
        .arg(&target)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml:") && err.contains("roles[0].productivity"),
        "{err}"
    );
    assert!(!target.exists());
}
