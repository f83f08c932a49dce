//! `tcplan bench gap` from the command line: output formats and bad input.

use assert_cmd::Command;
use predicates::prelude::*;

/// Two agents, three jobs. Agent 0 (costs 1 2 9, uses 2 each, capacity 4)
/// holds two jobs; agent 1 (costs 4 5 6, uses 1 each, capacity 3) holds all
/// three. Cheapest: jobs 0 and 1 on agent 0, job 2 on agent 1 = 1 + 2 + 6 = 9.
/// Dearest: job 2 on agent 0, jobs 0 and 1 on agent 1 = 9 + 4 + 5 = 18.
const SMALL: &str = "1\n2 3\n1 2 9\n4 5 6\n2 2 2\n1 1 1\n4 3\n";

fn tcplan() -> Command {
    Command::cargo_bin("tcplan").unwrap()
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn prints_one_row_per_problem_and_a_totals_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "gap0.txt", SMALL);
    let refs = write(
        &dir,
        "ref.csv",
        "Path,Format,Dataset,Item number,Agent number,Best known bound,Optimum,\
         Best known solution value\nset/gap0-0,orlibrary,set,3,2,9,9,9\n",
    );

    let output = tcplan()
        .args(["bench", "gap"])
        .arg(&file)
        .arg("--reference")
        .arg(&refs)
        .output()
        .unwrap();

    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let row = text
        .lines()
        .find(|l| l.starts_with("gap0-0"))
        .expect("a row");
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(
        cells[1..7].to_vec(),
        ["2", "3", "9", "9", "optimal", cells[6]]
    );
    assert_eq!(cells[7..].to_vec(), ["9", "0.00"]);
    assert!(text.contains("1 problems, 1 of 1 within 1 % of the reference, 1 proven optimal"));
}

#[test]
fn writes_a_versioned_json_document() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "gap0.txt", SMALL);

    let output = tcplan()
        .args(["bench", "gap", "--format", "json", "--sense", "max"])
        .arg(&file)
        .output()
        .unwrap();

    assert!(output.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["version"], 1);
    let row = &doc["report"]["rows"][0];
    assert_eq!(row["status"], "optimal");
    assert_eq!(row["value"], 18.0);
    assert_eq!(row["bound"], 18.0);
    assert_eq!(doc["report"]["sense"], "max");
}

#[test]
fn reports_a_malformed_file_with_its_line_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "bad.txt", "1\n2 3\n1 2 9\n4 five 6\n");

    tcplan()
        .args(["bench", "gap"])
        .arg(&file)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("bad.txt, line 4"))
        .stderr(predicate::str::contains("`five`"));
}

#[test]
fn rejects_a_reference_with_maximisation() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "gap0.txt", SMALL);
    let refs = write(
        &dir,
        "ref.csv",
        "Path,Format,Dataset,Item number,Agent number,Best known bound,Optimum,\
         Best known solution value\n",
    );

    tcplan()
        .args(["bench", "gap", "--sense", "max", "--reference"])
        .arg(&refs)
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("minimisation"));
}

#[test]
fn rejects_a_non_positive_time_limit() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "gap0.txt", SMALL);

    tcplan()
        .args(["bench", "gap", "--time-limit", "0"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--time-limit"));
}

#[test]
fn marks_an_infeasible_problem() {
    let dir = tempfile::tempdir().unwrap();
    // Both jobs need 5 units; each agent holds 4.
    let file = write(&dir, "tight", "2 2\n1 1\n1 1\n5 5\n5 5\n4 4\n");

    let output = tcplan().args(["bench", "gap"]).arg(&file).output().unwrap();

    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("infeasible"), "{text}");
}
