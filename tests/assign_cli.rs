//! `tcplan generate` and `tcplan assign` end to end: files, JSON shape,
//! reasons, summary, the balance band, the frontier and reproducibility.

use std::collections::HashMap;
use std::path::Path;

use assert_cmd::Command;
use tempfile::TempDir;

fn tcplan() -> Command {
    Command::cargo_bin("tcplan").expect("binary")
}

fn generate(dir: &Path, accounts: usize, reps: usize, seed: u64) {
    tcplan()
        .args([
            "generate",
            "--accounts",
            &accounts.to_string(),
            "--reps",
            &reps.to_string(),
        ])
        .args(["--seed", &seed.to_string(), "--out-dir"])
        .arg(dir)
        .assert()
        .success();
}

fn assign_json(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let out = tcplan()
        .args(["assign", "--format", "json", "--accounts"])
        .arg(dir.join("accounts.csv"))
        .arg("--reps")
        .arg(dir.join("reps.csv"))
        .args(extra)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn read(path: &Path) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).expect("CSV");
    let headers = reader.headers().expect("header").clone();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .zip(r.expect("row").iter())
                .map(|(h, v)| (h.into(), v.into()))
                .collect()
        })
        .collect()
}

#[test]
fn generated_instance_is_assigned_within_every_constraint() {
    let dir = TempDir::new().expect("temp dir");
    generate(dir.path(), 800, 12, 3);
    let output = dir.path().join("assignment.csv");
    let summary_path = dir.path().join("reps_summary.csv");
    let summary = assign_json(
        dir.path(),
        &[
            "--output",
            output.to_str().expect("utf-8"),
            "--summary",
            summary_path.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(summary["format_version"], 1);
    for key in [
        "status",
        "strategy",
        "max_deviation",
        "moves",
        "objective",
        "lower_bound",
        "gap",
        "seconds",
    ] {
        assert!(summary.get(key).is_some(), "JSON has `{key}`");
    }
    // Generated instances are easy to balance: 1 % is far above what the
    // heuristic reaches, and well below an unbalanced plan.
    assert!(summary["max_deviation"].as_f64().expect("number") < 0.01);

    let accounts = read(&dir.path().join("accounts.csv"));
    let reps = read(&dir.path().join("reps.csv"));
    let rows = read(&output);
    assert_eq!(rows.len(), accounts.len());
    let rep: HashMap<&str, &HashMap<String, String>> =
        reps.iter().map(|r| (r["rep_id"].as_str(), r)).collect();
    let assigned: HashMap<&str, &HashMap<String, String>> =
        rows.iter().map(|r| (r["account_id"].as_str(), r)).collect();
    let mut load: HashMap<&str, f64> = HashMap::new();
    for a in &accounts {
        let row = assigned[a["account_id"].as_str()];
        let r = rep[row["rep_id"].as_str()];
        assert!(r["segments"].is_empty() || r["segments"].split(';').any(|s| s == a["segment"]));
        assert!(r["regions"].is_empty() || r["regions"].split(';').any(|s| s == a["region"]));
        if !a["locked_owner"].is_empty() {
            assert_eq!(row["rep_id"], a["locked_owner"]);
            assert_eq!(row["reason"], "locked");
        }
        if !a["parent_id"].is_empty() {
            assert_eq!(row["rep_id"], assigned[a["parent_id"].as_str()]["rep_id"]);
        }
        let moved = !a["current_owner"].is_empty() && a["current_owner"] != row["rep_id"];
        assert_eq!(row["moved"], moved.to_string());
        *load
            .entry(rep[row["rep_id"].as_str()]["rep_id"].as_str())
            .or_default() += a["workload"].parse::<f64>().expect("number");
    }
    for (id, l) in load {
        // Loads are sums of two-decimal inputs; 1e-6 absorbs their rounding.
        assert!(l <= rep[id]["capacity"].parse::<f64>().expect("number") + 1e-6);
    }
    let summary_rows = read(&summary_path);
    assert_eq!(summary_rows.len(), reps.len());
    assert!(summary_rows[0].contains_key("deviation_pct"));
    assert!(rows[0].contains_key("name"), "pass-through column kept");
}

#[test]
fn balance_band_trades_deviation_for_fewer_moves() {
    let dir = TempDir::new().expect("temp dir");
    generate(dir.path(), 600, 8, 9);
    let tight = assign_json(dir.path(), &[]);
    let band = assign_json(dir.path(), &["--max-deviation", "0.05"]);
    assert!(band["max_deviation"].as_f64().expect("number") <= 0.05 + 1e-9);
    assert!(
        band["moves"].as_u64() <= tight["moves"].as_u64(),
        "{} vs {}",
        band["moves"],
        tight["moves"]
    );
}

#[test]
fn pareto_lists_non_dominated_points() {
    let dir = TempDir::new().expect("temp dir");
    generate(dir.path(), 300, 6, 4);
    let summary = assign_json(dir.path(), &["--pareto", "--time-limit", "12"]);
    let points = summary["pareto"].as_array().expect("frontier");
    assert!(!points.is_empty());
    for pair in points.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(a["max_deviation"].as_f64() <= b["max_deviation"].as_f64());
        assert!(a["disruption"].as_f64() > b["disruption"].as_f64());
    }
}

#[test]
fn same_seed_gives_identical_files() {
    let first = TempDir::new().expect("temp dir");
    let second = TempDir::new().expect("temp dir");
    generate(first.path(), 400, 6, 11);
    generate(second.path(), 400, 6, 11);
    let a = std::fs::read(first.path().join("accounts.csv")).expect("file");
    assert_eq!(
        a,
        std::fs::read(second.path().join("accounts.csv")).expect("file")
    );
    for dir in [&first, &second] {
        let out = dir.path().join("assignment.csv");
        assign_json(
            dir.path(),
            &["--seed", "5", "--output", out.to_str().expect("utf-8")],
        );
    }
    assert_eq!(
        std::fs::read(first.path().join("assignment.csv")).expect("file"),
        std::fs::read(second.path().join("assignment.csv")).expect("file")
    );
}

#[test]
fn costs_pull_accounts_toward_cheaper_reps() {
    let dir = TempDir::new().expect("temp dir");
    std::fs::write(
        dir.path().join("accounts.csv"),
        "account_id,potential\nA1,1\nA2,1\nA3,1\nA4,1\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("reps.csv"),
        "rep_id,capacity\nR1,10\nR2,10\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("costs.csv"),
        "account_id,rep_id,cost\nA1,R2,5\nA2,R2,5\nA3,R1,5\nA4,R1,5\n",
    )
    .expect("write");
    let out = dir.path().join("assignment.csv");
    let costs = dir.path().join("costs.csv");
    let summary = assign_json(
        dir.path(),
        &[
            "--costs",
            costs.to_str().expect("utf-8"),
            "--output",
            out.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(summary["cost"].as_f64(), Some(0.0));
    let rows = read(&out);
    assert_eq!(rows[0]["rep_id"], "R1");
    assert_eq!(rows[2]["rep_id"], "R2");
}
