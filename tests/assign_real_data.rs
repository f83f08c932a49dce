//! The published CRM export in `shared/datasets/crm_sales_opportunities`
//! turned into a territory run, as the documentation describes: current
//! owner = the agent with the most opportunities on the account, region =
//! that agent's regional office (a subsidiary takes its parent's region so
//! the family can stay together), family from `subsidiary_of`, potential =
//! revenue, workload = 1 + opportunities / 100, reps = sales agents covering their
//! regional office with capacity 2.5 times an even share of their region's
//! workload. Skipped with a message when the folder is absent.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// `shared/` sits beside the repository.
fn dataset() -> Option<PathBuf> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets/crm_sales_opportunities");
    dir.join("accounts.csv").exists().then_some(dir)
}

fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).expect("readable CSV");
    let headers = reader.headers().expect("header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("valid row");
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Writes accounts.csv and reps.csv derived from the export into `out`.
fn derive(data: &Path, out: &Path) {
    let accounts = rows(&data.join("accounts.csv"));
    let pipeline = rows(&data.join("sales_pipeline.csv"));
    let teams = rows(&data.join("sales_teams.csv"));
    let office: HashMap<&str, &str> = teams
        .iter()
        .map(|t| (t["sales_agent"].as_str(), t["regional_office"].as_str()))
        .collect();

    let mut deals: HashMap<&str, BTreeMap<&str, u32>> = HashMap::new();
    for p in &pipeline {
        if !p["account"].is_empty() {
            *deals
                .entry(p["account"].as_str())
                .or_default()
                .entry(p["sales_agent"].as_str())
                .or_default() += 1;
        }
    }
    let owner = |account: &str| -> Option<&str> {
        // Most opportunities; ties go to the first agent by name.
        deals
            .get(account)?
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(agent, _)| *agent)
    };
    let own_region = |account: &str| {
        owner(account)
            .and_then(|o| office.get(o).copied())
            .unwrap_or("")
    };
    let mut region_workload: HashMap<String, f64> = HashMap::new();

    let mut w = csv::Writer::from_path(out.join("accounts.csv")).expect("write accounts");
    w.write_record([
        "account_id",
        "potential",
        "workload",
        "segment",
        "region",
        "current_owner",
        "parent_id",
        "employees",
    ])
    .expect("write");
    for a in &accounts {
        let id = a["account"].as_str();
        let parent = a["subsidiary_of"].as_str();
        let region = if parent.is_empty() {
            own_region(id)
        } else {
            own_region(parent)
        };
        let opportunities: u32 = deals.get(id).map_or(0, |d| d.values().sum());
        let workload = 1.0 + f64::from(opportunities) / 100.0;
        *region_workload.entry(region.to_string()).or_default() += workload;
        w.write_record([
            id,
            &a["revenue"],
            &format!("{workload:.1}"),
            &a["sector"],
            region,
            owner(id).unwrap_or(""),
            parent,
            &a["employees"],
        ])
        .expect("write");
    }
    w.flush().expect("flush");

    let mut per_region: HashMap<&str, usize> = HashMap::new();
    for t in &teams {
        *per_region.entry(t["regional_office"].as_str()).or_default() += 1;
    }
    let mut w = csv::Writer::from_path(out.join("reps.csv")).expect("write reps");
    w.write_record(["rep_id", "capacity", "regions", "role", "manager"])
        .expect("write");
    for t in &teams {
        let region = t["regional_office"].as_str();
        let capacity =
            2.5 * region_workload.get(region).copied().unwrap_or(0.0) / per_region[region] as f64;
        w.write_record([
            &t["sales_agent"],
            &format!("{:.0}", capacity.ceil().max(1.0)),
            region,
            "AE",
            &t["manager"],
        ])
        .expect("write");
    }
    w.flush().expect("flush");
}

#[test]
fn assigns_the_published_crm_export() {
    let Some(data) = dataset() else {
        eprintln!("skipped: ../shared/datasets/crm_sales_opportunities is not present");
        return;
    };
    let dir = TempDir::new().expect("temp dir");
    derive(&data, dir.path());

    let output = dir.path().join("assignment.csv");
    let run = Command::cargo_bin("tcplan")
        .expect("binary")
        .args([
            "assign",
            "--format",
            "json",
            "--time-limit",
            "20",
            "--accounts",
        ])
        .arg(dir.path().join("accounts.csv"))
        .arg("--reps")
        .arg(dir.path().join("reps.csv"))
        .arg("--output")
        .arg(&output)
        .output()
        .expect("runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&run.stdout).expect("JSON summary");
    assert_eq!(summary["format_version"], 1);
    assert_eq!(summary["accounts"], 85);
    assert_eq!(summary["reps"], 35);
    assert!(matches!(
        summary["status"].as_str(),
        Some("optimal" | "feasible")
    ));

    // Every account sits with a rep of its region; families stay together.
    let accounts = rows(&dir.path().join("accounts.csv"));
    let reps = rows(&dir.path().join("reps.csv"));
    let assigned = rows(&output);
    assert_eq!(assigned.len(), accounts.len());
    let rep_region: HashMap<&str, &str> = reps
        .iter()
        .map(|r| (r["rep_id"].as_str(), r["regions"].as_str()))
        .collect();
    let rep_of: HashMap<&str, &str> = assigned
        .iter()
        .map(|r| (r["account_id"].as_str(), r["rep_id"].as_str()))
        .collect();
    for a in &accounts {
        let rep = rep_of[a["account_id"].as_str()];
        assert_eq!(
            rep_region[rep], a["region"],
            "account {} with rep {rep}",
            a["account_id"]
        );
        if !a["parent_id"].is_empty() {
            assert_eq!(
                rep,
                rep_of[a["parent_id"].as_str()],
                "family of {}",
                a["parent_id"]
            );
        }
    }
    // The pass-through column survives.
    assert!(assigned.iter().all(|r| r.contains_key("employees")));
}
