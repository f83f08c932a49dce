//! Infeasible territories: every cause is named in planner terms, the exit
//! code is 3 (distinct from bad input), and no output file is written.

use std::path::Path;

use assert_cmd::Command;
use predicates::str::contains;
use tempfile::TempDir;

fn infeasible(accounts: &str, reps: &str, extra: &[&str], needles: &[&str]) {
    let stderr = infeasible_stderr(accounts, reps, extra);
    for needle in needles {
        assert!(
            stderr.contains(needle),
            "`{needle}` missing from:\n{stderr}"
        );
    }
}

/// Runs an infeasible case and returns its stderr, after checking the exit
/// code and that no output file was written.
fn infeasible_stderr(accounts: &str, reps: &str, extra: &[&str]) -> String {
    let dir = TempDir::new().expect("temp dir");
    let a = dir.path().join("accounts.csv");
    let r = dir.path().join("reps.csv");
    std::fs::write(&a, accounts).expect("write accounts");
    std::fs::write(&r, reps).expect("write reps");
    let out = dir.path().join("assignment.csv");
    let mut cmd = Command::cargo_bin("tcplan").expect("binary");
    cmd.args(["assign", "--accounts"])
        .arg(&a)
        .arg("--reps")
        .arg(&r)
        .arg("--output")
        .arg(&out);
    cmd.args(extra);
    let assert = cmd
        .assert()
        .code(3)
        .stderr(contains("no assignment satisfies the constraints"));
    assert!(!Path::new(&out).exists(), "no output when infeasible");
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// The listed causes (the `  - ` lines) of an infeasible run's stderr.
fn cause_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("  - "))
        .collect()
}

#[test]
fn names_an_account_with_no_eligible_rep() {
    infeasible(
        "account_id,potential,segment,region\nA1,5,SMB,EMEA\nA5,3,Public,EMEA\n",
        "rep_id,capacity,segments\nR1,10,SMB\nR2,10,SMB\n",
        &[],
        &["account A5 has no eligible rep", "segment Public"],
    );
}

#[test]
fn names_a_lock_to_a_rep_outside_the_region() {
    infeasible(
        "account_id,potential,region,locked_owner\nA17,5,EMEA,R9\nA2,1,NA,\n",
        "rep_id,capacity,regions\nR1,10,\nR9,10,NA\n",
        &[],
        &["account A17 is locked to R9, which does not cover region EMEA"],
    );
}

#[test]
fn names_a_family_too_large_for_every_eligible_rep() {
    infeasible(
        "account_id,potential,workload,parent_id\nF3,5,30,\nA1,5,30,F3\nA2,5,20,F3\nB,1,1,\n",
        "rep_id,capacity\nR1,60\nR2,70\n",
        &[],
        &[
            "family F3 (3 accounts",
            "workload 80",
            "fits no eligible rep's capacity",
            "70",
        ],
    );
}

#[test]
fn names_a_segment_whose_demand_exceeds_its_reps_capacity() {
    let mut accounts = String::from("account_id,potential,workload,segment\n");
    for i in 0..31 {
        accounts.push_str(&format!("E{i},10,40,Enterprise\n"));
    }
    accounts.push_str("S1,1,1,SMB\n");
    infeasible(
        &accounts,
        concat!(
            "rep_id,capacity,segments\nR1,250,Enterprise\nR2,250,Enterprise\n",
            "R3,250,Enterprise\nR4,250,Enterprise\nR5,900,SMB\n"
        ),
        &[],
        &[
            "segment Enterprise (31 accounts) needs 1,240 workload units but its 4 eligible reps",
            "have 1,000",
        ],
    );
}

#[test]
fn names_max_accounts_shortfalls() {
    infeasible(
        "account_id,potential\nA1,1\nA2,1\nA3,1\nA4,1\nA5,1\n",
        "rep_id,capacity,max_accounts\nR1,10,2\nR2,10,2\n",
        &[],
        &["5 accounts", "may own 4 in total (max_accounts)"],
    );
}

#[test]
fn names_locked_accounts_beyond_a_reps_capacity() {
    infeasible(
        "account_id,potential,workload,locked_owner\nA1,1,6,R1\nA2,1,6,R1\nA3,1,1,\n",
        "rep_id,capacity\nR1,10\nR2,10\n",
        &[],
        &[
            "rep R1 must take locked accounts needing 12 workload units",
            "capacity is 10",
        ],
    );
}

#[test]
fn names_a_family_locked_to_two_reps() {
    infeasible(
        "account_id,potential,parent_id,locked_owner\nP,1,,R1\nC,1,P,R2\n",
        "rep_id,capacity\nR1,10\nR2,10\n",
        &[],
        &["family P (2 accounts: P, C) has accounts locked to different reps (R1, R2)"],
    );
}

#[test]
fn names_a_balance_band_no_assignment_can_meet() {
    infeasible(
        "account_id,potential\nWhale,1000\nA1,10\nA2,10\n",
        "rep_id,capacity\nR1,10\nR2,10\n",
        &["--max-deviation", "0.02"],
        &[
            "no assignment keeps every rep within 2.00 % of its target potential",
            "account Whale",
        ],
    );
}

#[test]
fn lists_every_cause_found() {
    infeasible(
        "account_id,potential,segment,region,locked_owner\nA1,1,Gov,NA,\nA2,1,SMB,EMEA,R2\n",
        "rep_id,capacity,segments,regions\nR1,10,SMB,\nR2,10,SMB,NA\n",
        &[],
        &[
            "account A1 has no eligible rep",
            "account A2 is locked to R2, which does not cover region EMEA",
        ],
    );
}

#[test]
fn names_accounts_locked_to_one_rep_as_that_rep_not_as_their_segment() {
    // R2 also covers SMB EU: the group that overloads R1 is its locked
    // accounts, and it is listed once, as the rep's cause.
    let stderr = infeasible_stderr(
        concat!(
            "account_id,potential,workload,segment,region,current_owner,locked_owner,parent_id\n",
            "A1,1,6,SMB,EU,,R1,\nA2,1,6,SMB,EU,,R1,\nA3,1,1,SMB,EU,,,\n"
        ),
        "rep_id,capacity,segments\nR1,10,SMB\nR2,10,SMB\n",
        &[],
    );
    assert_eq!(
        cause_lines(&stderr),
        ["rep R1 must take locked accounts needing 12 workload units but its capacity is 10"]
    );
}

#[test]
fn names_single_choice_accounts_beyond_a_reps_capacity_once() {
    let stderr = infeasible_stderr(
        "account_id,potential,workload,segment\nA1,1,6,X\nA2,1,6,X\nA3,1,1,Y\n",
        "rep_id,capacity,segments\nR1,10,X\nR2,10,Y\n",
        &[],
    );
    assert_eq!(
        cause_lines(&stderr),
        [concat!(
            "rep R1 must take single-choice accounts (no other rep is eligible) ",
            "needing 12 workload units but its capacity is 10"
        )]
    );
}

#[test]
fn lists_an_account_too_large_for_its_only_rep_once() {
    let stderr = infeasible_stderr(
        "account_id,potential,workload,segment\nA6,1,11,Enterprise\nA7,1,20,SMB\n",
        "rep_id,capacity,segments\nR1,10,Enterprise\nR2,30,SMB\n",
        &[],
    );
    assert_eq!(
        cause_lines(&stderr),
        ["account A6 (workload 11) fits no eligible rep's capacity (the largest is 10)"]
    );
}

#[test]
fn says_max_accounts_zero_plainly_in_the_singular() {
    let stderr = infeasible_stderr(
        "account_id,potential,segment\nA6,1,Enterprise\nA7,1,SMB\n",
        "rep_id,capacity,max_accounts,segments\nR1,10,0,Enterprise\nR2,30,5,SMB\n",
        &[],
    );
    assert_eq!(
        cause_lines(&stderr),
        ["account A6 has 1 account but every eligible rep has max_accounts 0"]
    );
}

#[test]
fn agrees_singular_and_plural_in_group_causes() {
    let stderr = infeasible_stderr(
        "account_id,potential,workload,segment\nE1,1,12,Enterprise\nS1,1,1,SMB\n",
        "rep_id,capacity,max_accounts,segments\nR1,6,0,Enterprise\nR2,5,0,Enterprise\nR3,9,5,SMB\n",
        &[],
    );
    let causes = cause_lines(&stderr);
    for cause in [
        concat!(
            "segment Enterprise (1 account) needs 12 workload units ",
            "but its 2 eligible reps (R1, R2) have 11"
        ),
        concat!(
            "segment Enterprise (1 account) has 1 account ",
            "but its 2 eligible reps (R1, R2) all have max_accounts 0"
        ),
    ] {
        assert!(causes.contains(&cause), "`{cause}` missing from {causes:?}");
    }
    for wrong in ["1 accounts", "1 eligible reps", "at most 0"] {
        assert!(!stderr.contains(wrong), "`{wrong}` in:\n{stderr}");
    }
}
