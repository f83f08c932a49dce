//! `tcplan bench territory` from the command line: rows, formats, the exact
//! strategy's size limit and bad `--sizes` values.

use assert_cmd::Command;
use predicates::prelude::*;

fn tcplan() -> Command {
    Command::cargo_bin("tcplan").unwrap()
}

const BACKEND: &str = if cfg!(feature = "highs") {
    "highs"
} else {
    "microlp"
};

#[test]
fn prints_one_feasible_row_per_size_and_strategy() {
    let output = tcplan()
        .args([
            "bench",
            "territory",
            "--sizes",
            "200x5,500x8",
            "--seed",
            "3",
        ])
        .output()
        .unwrap();

    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("size"), "{text}");
    let rows: Vec<Vec<&str>> = lines[1..lines.len() - 1]
        .iter()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 4, "{text}");
    let expected = [
        ("200x5", "auto"),
        ("200x5", "heuristic"),
        ("500x8", "auto"),
        ("500x8", "heuristic"),
    ];
    for (cells, (size, strategy)) in rows.iter().zip(expected) {
        assert_eq!((cells[0], cells[2]), (size, strategy), "{text}");
        assert!(
            ["heuristic", "exact"].contains(&cells[3]),
            "ran: {}",
            cells[3]
        );
        assert_eq!(cells[4], BACKEND);
        assert!(["feasible", "optimal"].contains(&cells[5]), "{text}");
        let deviation: f64 = cells[6].parse().unwrap();
        let bound: f64 = cells[7].parse().unwrap();
        assert!(deviation.is_finite() && deviation >= bound, "{text}");
        let moves: u64 = cells[8].parse().unwrap();
        assert!(moves <= 500);
        // No note on a run that happened.
        assert_eq!(cells.len(), 14, "{text}");
    }
    let totals = lines[lines.len() - 1];
    assert!(totals.starts_with("4 runs, "), "{totals}");
}

#[test]
fn writes_a_versioned_json_document() {
    let output = tcplan()
        .args([
            "bench",
            "territory",
            "--sizes",
            "200x5,500x8",
            "--strategies",
            "heuristic",
            "--format",
            "json",
        ])
        .output()
        .unwrap();

    assert!(output.status.success(), "{output:?}");
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["benchmark"], "territory");
    let report = &doc["report"];
    assert_eq!(report["backend"], BACKEND);
    assert_eq!(report["generator"]["segments"], 3);
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for (row, (accounts, reps)) in rows.iter().zip([(200, 5), (500, 8)]) {
        assert_eq!(row["accounts"], accounts);
        assert_eq!(row["reps"], reps);
        assert_eq!(row["requested"], "heuristic");
        assert!(["feasible", "optimal"].contains(&row["status"].as_str().unwrap()));
        assert!(row["note"].is_null());
        let deviation = row["max_deviation_percent"].as_f64().unwrap();
        let bound = row["deviation_bound_percent"].as_f64().unwrap();
        assert!(deviation.is_finite() && deviation >= bound, "{row}");
        let objective = row["objective"].as_f64().unwrap();
        let lower = row["lower_bound"].as_f64().unwrap();
        assert!(objective >= lower, "{row}");
        assert!(row["gap_percent"].as_f64().unwrap() >= 0.0);
        assert!(row["seconds"].as_f64().unwrap() >= 0.0);
        assert!(row["generate_seconds"].as_f64().unwrap() >= 0.0);
        assert!(row["moves"].as_u64().is_some());
    }
    assert_eq!(report["totals"]["runs"], 2);
    assert_eq!(report["totals"]["skipped"], 0);
}

#[test]
fn proves_small_instances_optimal_with_the_exact_strategy() {
    let output = tcplan()
        .args([
            "bench",
            "territory",
            "--sizes",
            "30x3,60x4",
            "--strategies",
            "exact",
            "--format",
            "json",
        ])
        .output()
        .unwrap();

    assert!(output.status.success(), "{output:?}");
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for row in doc["report"]["rows"].as_array().unwrap() {
        assert_eq!(row["status"], "optimal", "{row}");
        assert_eq!(row["strategy"], "exact", "{row}");
        // Optimal means proven to the backends' tolerance, about 1e-9 of an
        // objective below 1 (microlp and HiGHS work to that precision): the
        // absolute gap, not the relative one, is what the tolerance bounds.
        let gap = row["objective"].as_f64().unwrap() - row["lower_bound"].as_f64().unwrap();
        assert!((0.0..=1e-8).contains(&gap), "{row}");
    }
}

#[test]
fn skips_exact_on_an_instance_above_the_pair_limit() {
    let output = tcplan()
        .args([
            "bench",
            "territory",
            "--sizes",
            "200x5",
            "--strategies",
            "exact",
            "--exact-max-pairs",
            "10",
            "--format",
            "json",
        ])
        .output()
        .unwrap();

    assert!(output.status.success(), "{output:?}");
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let row = &doc["report"]["rows"][0];
    assert_eq!(row["status"], "skipped");
    assert!(row["strategy"].is_null());
    assert!(row["max_deviation_percent"].is_null());
    let note = row["note"].as_str().unwrap();
    assert!(note.contains("--exact-max-pairs 10"), "{note}");
    assert_eq!(doc["report"]["totals"]["skipped"], 1);
}

#[test]
fn names_a_malformed_size_and_exits_with_code_2() {
    for (sizes, entry, hint) in [
        ("200x5,200-5", "`200-5`", "ACCOUNTSxREPS"),
        ("200x5,abcx5", "`abcx5`", "whole number of accounts"),
        ("200x0", "`200x0`", "no reps"),
        ("200x5,", "``", "is empty"),
        ("200x2", "`200x2`", "fewer reps than segments"),
    ] {
        tcplan()
            .args(["bench", "territory", "--sizes", sizes])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains(format!("--sizes entry {entry}"))
                    .and(predicate::str::contains(hint)),
            );
    }
}

#[test]
fn rejects_a_share_outside_zero_to_one() {
    tcplan()
        .args(["bench", "territory", "--sizes", "200x5", "--owned", "1.5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--owned"));
}
