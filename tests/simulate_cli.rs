//! End to end: the binary on every shipped scenario, in every format, and
//! its behaviour on bad input (exit 2, nothing written).

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn scenarios() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("scenarios folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn tcplan() -> Command {
    Command::cargo_bin("tcplan").expect("binary built")
}

#[test]
fn every_shipped_scenario_runs_in_every_format() {
    let files = scenarios();
    assert!(files.len() >= 3, "three scenarios are shipped");
    for file in files {
        for format in ["table", "json", "csv"] {
            let out = tcplan()
                .arg("simulate")
                .arg(&file)
                .args(["--trials", "2000", "--format", format])
                .output()
                .expect("runs");
            assert!(
                out.status.success(),
                "{} {format}: {}",
                file.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            // No progress bar or chatter when stderr is not a terminal.
            assert!(
                out.stderr.is_empty(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let text = String::from_utf8(out.stdout).expect("utf-8");
            match format {
                "json" => {
                    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
                    assert_eq!(v["format_version"], 1);
                    assert_eq!(v["trials"], 2000);
                }
                "csv" => assert!(text.starts_with("role,quarter,mean,p10,p10_se")),
                _ => assert!(text.contains("coverage")),
            }
        }
    }
}

#[test]
fn csv_has_one_row_per_role_and_quarter() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/plg-4q.toml");
    let out = tcplan()
        .arg("simulate")
        .arg(file)
        .args(["--trials", "1000", "--format", "csv"])
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let role_rows = text
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with("signups") && !l.starts_with("conversions"))
        .count();
    assert_eq!(role_rows, 3 * 4);
}

#[test]
fn bad_scenario_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.toml");
    let good = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/spreadsheet.toml"),
    )
    .expect("read");
    std::fs::write(&bad, good.replace("quarters = 1", "quarters = 0")).expect("write");
    let target = dir.path().join("out.json");

    let out = tcplan()
        .arg("simulate")
        .arg(&bad)
        .arg("--output")
        .arg(&target)
        .output()
        .expect("runs");

    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml:") && err.contains("quarters"),
        "{err}"
    );
    assert!(!target.exists());
}

#[test]
fn bad_flag_exits_2() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/spreadsheet.toml");
    let out = tcplan()
        .arg("simulate")
        .arg(file)
        .args(["--percentiles", "10,150"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--percentiles"));
}

#[test]
fn output_file_holds_the_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("plan.json");
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/spreadsheet.toml");
    tcplan()
        .arg("simulate")
        .arg(file)
        .args(["--trials", "100", "--format", "json", "--output"])
        .arg(&target)
        .assert()
        .success()
        .stdout("");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(target).expect("written")).expect("json");
    assert_eq!(v["roles"][0]["quarters"][0]["target"], 10);
}
