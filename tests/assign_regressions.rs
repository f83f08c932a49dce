//! Regression tests for `tcplan assign`, each named after the behaviour a
//! bug broke.

use std::path::Path;

use assert_cmd::Command;
use tempfile::TempDir;

fn tcplan() -> Command {
    Command::cargo_bin("tcplan").expect("binary")
}

/// 19 accounts whose workloads fill 8 reps of capacity 10 exactly (they
/// were cut from a perfect packing): 152 eligible pairs, above `auto`'s
/// exact threshold, and a bin-packing problem the local search alone does
/// not solve.
const TIGHT_ACCOUNTS: &str = "account_id,potential,workload,current_owner
A0,989,5,
A1,723,9,
A2,445,1,R3
A3,498,5,R2
A4,774,3,
A5,517,2,R1
A6,992,3,
A7,104,9,
A8,42,3,
A9,932,2,R4
A10,484,6,
A11,777,7,
A12,941,7,
A13,289,3,
A14,318,1,
A15,748,2,
A16,921,2,
A17,367,8,
A18,634,2,R6
";

fn tight_reps() -> String {
    let mut reps = String::from("rep_id,capacity\n");
    for r in 0..8 {
        reps.push_str(&format!("R{r},10\n"));
    }
    reps
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write input");
    path
}

/// Runs `tcplan assign` on the files with the extra arguments.
fn run(accounts: &Path, reps: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    tcplan()
        .arg("assign")
        .args(extra)
        .arg("--accounts")
        .arg(accounts)
        .arg("--reps")
        .arg(reps)
        .arg("--output")
        .arg(out)
        .output()
        .expect("runs")
}

fn run_json(accounts: &Path, reps: &Path, out: &Path, extra: &[&str]) -> serde_json::Value {
    let extra = [&["--format", "json"], extra].concat();
    let output = run(accounts, reps, out, &extra);
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON summary")
}

#[test]
fn auto_finds_an_assignment_when_capacities_are_packed_to_the_last_unit() {
    let dir = TempDir::new().expect("temp dir");
    let accounts = write(dir.path(), "accounts.csv", TIGHT_ACCOUNTS);
    let reps = write(dir.path(), "reps.csv", &tight_reps());
    let out = dir.path().join("assignment.csv");
    let summary = run_json(&accounts, &reps, &out, &["--time-limit", "20"]);
    assert!(
        ["optimal", "feasible"].contains(&summary["status"].as_str().unwrap_or("")),
        "{summary}"
    );

    // Every rep is exactly full: the only way to place all 80 units.
    let mut load = [0.0; 8];
    let workload: std::collections::HashMap<String, f64> = TIGHT_ACCOUNTS
        .lines()
        .skip(1)
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            (cells[0].to_string(), cells[2].parse().expect("workload"))
        })
        .collect();
    let mut reader = csv::Reader::from_path(&out).expect("assignment written");
    let mut rows = 0;
    for record in reader.records() {
        let record = record.expect("row");
        let rep: usize = record[1][1..].parse().expect("rep index");
        load[rep] += workload[&record[0]];
        rows += 1;
    }
    assert_eq!(rows, 19);
    assert_eq!(load, [10.0; 8]);
}

#[test]
fn an_unfound_assignment_exits_4_and_says_none_is_proven_impossible() {
    // The heuristic alone, with a time limit too short to pack: no answer,
    // and no claim that none exists.
    let dir = TempDir::new().expect("temp dir");
    let accounts = write(dir.path(), "accounts.csv", TIGHT_ACCOUNTS);
    let reps = write(dir.path(), "reps.csv", &tight_reps());
    let out = dir.path().join("assignment.csv");
    let extra = ["--strategy", "heuristic", "--time-limit", "0.05"];
    let output = run(&accounts, &reps, &out, &extra);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.success() {
        // A fast machine may pack it in time; then the answer must be whole.
        assert!(out.exists());
        return;
    }
    assert_eq!(output.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("none is proven impossible"), "{stderr}");
    assert!(!out.exists(), "no output without an answer");
}

#[test]
fn a_proven_optimum_bounds_the_deviation_it_reports() {
    // Six accounts over three reps: the exact strategy proves the optimum,
    // so the deviation's own bound must be the deviation (up to the
    // tie-breaking weight of moves, 1e-6 per move here, and the solver's
    // 1e-9), not the structural bound of 0.
    let dir = TempDir::new().expect("temp dir");
    let accounts = write(
        dir.path(),
        "accounts.csv",
        concat!(
            "account_id,potential,current_owner\n",
            "A1,100,R1\nA2,90,R1\nA3,70,R2\nA4,60,R3\nA5,40,\nA6,15,\n",
        ),
    );
    let reps = write(
        dir.path(),
        "reps.csv",
        "rep_id,capacity,target_weight\nR1,100,1\nR2,100,1\nR3,100,0.5\n",
    );
    let out = dir.path().join("assignment.csv");
    let summary = run_json(&accounts, &reps, &out, &["--strategy", "exact"]);
    assert_eq!(summary["status"], "optimal", "{summary}");
    let metric = &summary["metrics"][0];
    let value = metric["max_deviation"].as_f64().expect("deviation");
    let bound = metric["lower_bound"].as_f64().expect("bound");
    assert!(bound <= value, "{metric}");
    assert!(value - bound <= 1e-5, "{metric}");
}

#[test]
fn rejects_a_band_written_as_a_percentage() {
    let dir = TempDir::new().expect("temp dir");
    let accounts = write(dir.path(), "accounts.csv", TIGHT_ACCOUNTS);
    let reps = write(dir.path(), "reps.csv", &tight_reps());
    let out = dir.path().join("assignment.csv");
    let output = run(&accounts, &reps, &out, &["--max-deviation", "5"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--max-deviation"), "{stderr}");
    assert!(stderr.contains("write 0.05"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn a_moved_account_that_follows_its_family_reads_as_moved() {
    // A2 belongs to A1's family but is owned by R2: the family stays
    // together, so one of them leaves its owner to follow the other.
    let dir = TempDir::new().expect("temp dir");
    let accounts = write(
        dir.path(),
        "accounts.csv",
        "account_id,potential,current_owner,parent_id\nA1,10,R1,\nA2,10,R2,A1\nA3,20,,\n",
    );
    let reps = write(dir.path(), "reps.csv", "rep_id,capacity\nR1,10\nR2,10\n");
    let out = dir.path().join("assignment.csv");
    run_json(&accounts, &reps, &out, &[]);
    let mut reader = csv::Reader::from_path(&out).expect("assignment written");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let family: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[0] != "A3").collect();
    assert_eq!(family[0][1], family[1][1], "the family shares one rep");
    for row in family {
        let expected = if &row[3] == "true" {
            "moved with its family"
        } else {
            "kept with current owner"
        };
        assert_eq!(&row[4], expected, "{row:?}");
    }
}
