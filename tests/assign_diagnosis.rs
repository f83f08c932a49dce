//! Infeasible territories: every cause is named in planner terms, the exit
//! code is 3 (distinct from bad input), and no output file is written.

use std::path::Path;

use assert_cmd::Command;
use predicates::str::contains;
use tempfile::TempDir;

fn infeasible(accounts: &str, reps: &str, extra: &[&str], needles: &[&str]) {
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
    let mut assert = cmd
        .assert()
        .code(3)
        .stderr(contains("no assignment satisfies the constraints"));
    for needle in needles {
        assert = assert.stderr(contains(*needle));
    }
    assert!(!Path::new(&out).exists(), "no output when infeasible");
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
            "rep R1 must take locked or single-choice accounts needing 12 workload units",
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
