//! The CSV input contract of `tcplan assign`: accepted edge cases, and bad
//! input rejected with file, line and column, exit code 2 and no output.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::str::contains;
use tempfile::TempDir;

const REPS: &str = "rep_id,capacity,segments\nR1,10,\nR2,10,\n";

fn write(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write test input");
    path
}

fn assign(dir: &Path, accounts: &[u8], reps: &[u8], extra: &[&str]) -> (Command, PathBuf) {
    let a = write(dir, "accounts.csv", accounts);
    let r = write(dir, "reps.csv", reps);
    let out = dir.join("assignment.csv");
    let mut cmd = Command::cargo_bin("tcplan").expect("binary");
    cmd.arg("assign")
        .arg("--accounts")
        .arg(&a)
        .arg("--reps")
        .arg(&r)
        .arg("--output")
        .arg(&out)
        .arg("--summary")
        .arg(dir.join("reps_summary.csv"))
        .args(extra);
    (cmd, out)
}

fn rejects(accounts: &str, reps: &str, extra: &[&str], needles: &[&str]) {
    let dir = TempDir::new().expect("temp dir");
    let (mut cmd, out) = assign(dir.path(), accounts.as_bytes(), reps.as_bytes(), extra);
    let mut assert = cmd.assert().code(2);
    for needle in needles {
        assert = assert.stderr(contains(*needle));
    }
    assert!(!out.exists(), "no output file on bad input");
    assert!(!dir.path().join("reps_summary.csv").exists());
}

fn output(dir: &Path) -> Vec<csv::StringRecord> {
    let mut reader = csv::Reader::from_path(dir.join("assignment.csv")).expect("output exists");
    reader.records().map(|r| r.expect("valid row")).collect()
}

#[test]
fn accepts_bom_quoted_commas_crlf_and_blank_trailing_lines() {
    let dir = TempDir::new().expect("temp dir");
    let accounts = concat!(
        "\u{feff}note,account_id,potential\r\n",
        "\"Big, Inc.\",A1,10\r\n",
        "\"Small \"\"Co\"\"\",A2,5\r\n",
        "\r\n,,\r\n\r\n"
    );
    let (mut cmd, _) = assign(dir.path(), accounts.as_bytes(), REPS.as_bytes(), &[]);
    cmd.assert().success();
    let rows = output(dir.path());
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], "A1");
    // The pass-through column keeps its commas and quotes.
    assert_eq!(&rows[0][5], "Big, Inc.");
    assert_eq!(&rows[1][5], "Small \"Co\"");
}

#[test]
fn maps_crm_column_names_from_flag_and_config() {
    let dir = TempDir::new().expect("temp dir");
    let accounts = "Id,Upgrade_Potential__c,Owner\nA1,10,R1\nA2,7,R2\n";
    let (mut cmd, _) = assign(
        dir.path(),
        accounts.as_bytes(),
        REPS.as_bytes(),
        &["--map", "account_id=Id,potential=Upgrade_Potential__c"],
    );
    cmd.assert().success();
    assert_eq!(output(dir.path()).len(), 2);

    let toml = concat!(
        "[map]\naccount_id = \"Id\"\n",
        "potential = \"Upgrade_Potential__c\"\ncurrent_owner = \"Owner\"\n"
    );
    let config = write(dir.path(), "assign.toml", toml.as_bytes());
    let (mut cmd, _) = assign(
        dir.path(),
        accounts.as_bytes(),
        REPS.as_bytes(),
        &["--config", config.to_str().expect("utf-8 path")],
    );
    cmd.assert().success();
    let rows = output(dir.path());
    assert_eq!(
        &rows[0][2], "R1",
        "previous owner read through the mapped column"
    );
}

#[test]
fn rejects_duplicate_account_ids_with_line_and_column() {
    rejects(
        "account_id,potential\nA1,1\nA1,2\n",
        REPS,
        &[],
        &[
            "accounts.csv, line 3, column 1 `account_id`",
            "appears twice",
        ],
    );
}

#[test]
fn rejects_duplicate_rep_ids() {
    rejects(
        "account_id,potential\nA1,1\n",
        "rep_id,capacity\nR1,1\nR1,2\n",
        &[],
        &["reps.csv, line 3", "R1"],
    );
}

#[test]
fn rejects_owner_or_lock_naming_an_unknown_rep() {
    rejects(
        "account_id,potential,current_owner\nA1,1,R9\n",
        REPS,
        &[],
        &["line 2", "current_owner", "R9", "not in the reps file"],
    );
    rejects(
        "account_id,potential,locked_owner\nA1,1,R7\n",
        REPS,
        &[],
        &["line 2", "locked_owner", "R7"],
    );
}

#[test]
fn rejects_negative_and_non_numeric_numbers() {
    rejects(
        "account_id,potential\nA1,-3\n",
        REPS,
        &[],
        &["line 2, column 2 `potential`", "-3"],
    );
    rejects(
        "account_id,potential\nA1,lots\n",
        REPS,
        &[],
        &["line 2", "`lots` is not a number"],
    );
    rejects(
        "account_id,potential\nA1,1\n",
        "rep_id,capacity\nR1,0\n",
        &[],
        &["reps.csv, line 2", "capacity"],
    );
    rejects(
        "account_id,potential,workload\nA1,1,abc\n",
        REPS,
        &[],
        &["column 3 `workload`", "not a number"],
    );
}

#[test]
fn rejects_empty_files() {
    rejects("", REPS, &[], &["accounts.csv", "empty"]);
    rejects(
        "account_id,potential\n",
        REPS,
        &[],
        &["accounts.csv", "no data rows"],
    );
}

#[test]
fn rejects_missing_required_columns() {
    rejects(
        "account_id,value\nA1,1\n",
        REPS,
        &[],
        &["accounts.csv, line 1", "required column `potential`"],
    );
    rejects(
        "account_id,potential\nA1,1\n",
        "rep_id\nR1\n",
        &[],
        &["reps.csv", "`capacity`"],
    );
}

#[test]
fn rejects_a_map_naming_a_missing_column() {
    rejects(
        "account_id,potential\nA1,1\n",
        REPS,
        &["--map", "potential=Upgrade_Potential__c"],
        &["accounts.csv, line 1", "Upgrade_Potential__c"],
    );
    rejects(
        "account_id,potential\nA1,1\n",
        REPS,
        &["--map", "potental=X"],
        &["potental", "did you mean `potential`"],
    );
}

#[test]
fn rejects_unknown_config_keys() {
    let dir = TempDir::new().expect("temp dir");
    let config = write(dir.path(), "assign.toml", b"[balance]\npotentail = 1.0\n");
    let (mut cmd, out) = assign(
        dir.path(),
        b"account_id,potential\nA1,1\n",
        REPS.as_bytes(),
        &["--config", config.to_str().expect("utf-8 path")],
    );
    cmd.assert()
        .code(2)
        .stderr(contains("assign.toml"))
        .stderr(contains("potentail"));
    assert!(!out.exists());
}

#[test]
fn rejects_a_cost_row_naming_an_unknown_account() {
    let dir = TempDir::new().expect("temp dir");
    let costs = write(
        dir.path(),
        "costs.csv",
        b"account_id,rep_id,cost\nA1,R1,3\nZZ,R2,1\n",
    );
    let (mut cmd, out) = assign(
        dir.path(),
        b"account_id,potential\nA1,1\n",
        REPS.as_bytes(),
        &["--costs", costs.to_str().expect("utf-8 path")],
    );
    cmd.assert()
        .code(2)
        .stderr(contains("costs.csv, line 3"))
        .stderr(contains("ZZ"));
    assert!(!out.exists());
}

#[test]
fn rejects_an_unclosed_quote_mid_file_naming_the_line_it_starts_on() {
    // Without the check, lines 3 and 4 would be read into the `name` cell of
    // line 2 and the run would plan one account.
    rejects(
        "account_id,potential,name\nA1,10,\"Acme\nA2,5,Beta\nA3,7,Gamma\n",
        REPS,
        &[],
        &[
            "accounts.csv, line 2, column 3 `name`",
            "closing quote",
            "close the quote or remove it",
        ],
    );
}

#[test]
fn rejects_an_unclosed_quote_in_the_last_line() {
    rejects(
        "account_id,potential,name\nA1,10,Acme\nA2,5,\"Beta\n",
        REPS,
        &[],
        &["accounts.csv, line 3, column 3 `name`", "close the quote"],
    );
    // No line end after it, CRLF line ends, and a field before the last one.
    rejects(
        "account_id,name,potential\r\nA1,Acme,10\r\nA2,\"Beta,5",
        REPS,
        &[],
        &["accounts.csv, line 3, column 2 `name`", "close the quote"],
    );
    rejects(
        "account_id,potential\nA1,1\n",
        "rep_id,capacity,role\nR1,1,\"AE\n",
        &[],
        &["reps.csv, line 2, column 3 `role`", "close the quote"],
    );
}

#[test]
fn rejects_an_unclosed_quote_in_the_header() {
    rejects(
        "account_id,potential,\"name\nA1,10,Acme\n",
        REPS,
        &[],
        &["accounts.csv, line 1", "close the quote or remove it"],
    );
}

#[test]
fn accepts_closed_multi_line_quoted_fields_and_stray_quotes() {
    let dir = TempDir::new().expect("temp dir");
    let accounts = concat!(
        "account_id,potential,note\r\n",
        "A1,10,\"first line\r\nsecond, \"\"quoted\"\" line\"\r\n",
        "A2,5,\"one\nmore\"\n",
        "A3,3,3.5\" disk\n",
    );
    let (mut cmd, _) = assign(dir.path(), accounts.as_bytes(), REPS.as_bytes(), &[]);
    cmd.assert().success().stdout(contains("3 accounts"));
    let rows = output(dir.path());
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][5], "first line\r\nsecond, \"quoted\" line");
    assert_eq!(&rows[1][5], "one\nmore");
    assert_eq!(&rows[2][5], "3.5\" disk");
}

#[test]
fn renames_pass_through_columns_that_collide_with_output_columns() {
    let dir = TempDir::new().expect("temp dir");
    let accounts = concat!(
        "account_id,potential,rep_id,previous_owner,moved,reason,input_rep_id,note\n",
        "A1,10,x1,p1,m1,r1,i1,n1\n",
    );
    let (mut cmd, _) = assign(dir.path(), accounts.as_bytes(), REPS.as_bytes(), &[]);
    cmd.assert().success();
    let mut reader =
        csv::Reader::from_path(dir.path().join("assignment.csv")).expect("output exists");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "account_id",
            "rep_id",
            "previous_owner",
            "moved",
            "reason",
            "input_rep_id_2",
            "input_previous_owner",
            "input_moved",
            "input_reason",
            "input_rep_id",
            "note",
        ]
    );
    let rows = output(dir.path());
    // The cells are passed through unchanged, in file order.
    let extra: Vec<&str> = rows[0].iter().skip(5).collect();
    assert_eq!(extra, ["x1", "p1", "m1", "r1", "i1", "n1"]);
    assert!(
        ["R1", "R2"].contains(&&rows[0][1]),
        "rep_id is the new owner"
    );
}

#[test]
fn ignores_unnamed_columns_whose_cells_are_all_empty() {
    let dir = TempDir::new().expect("temp dir");
    // Spreadsheet exports: several empty cells at the end of every line,
    // and an empty column in the middle.
    let accounts = "account_id,,potential,note,,\nA1,,10,n1,,\nA2,, 5,n2,,\n";
    let reps = "rep_id,capacity,segments,,,\r\nR1,10,,,,\r\nR2,10,,,,\r\n";
    let (mut cmd, _) = assign(dir.path(), accounts.as_bytes(), reps.as_bytes(), &[]);
    cmd.assert().success();
    let mut reader =
        csv::Reader::from_path(dir.path().join("assignment.csv")).expect("output exists");
    let header: Vec<&str> = reader.headers().expect("header").iter().collect::<Vec<_>>();
    // Only the named pass-through column is written back.
    assert_eq!(
        header,
        [
            "account_id",
            "rep_id",
            "previous_owner",
            "moved",
            "reason",
            "note"
        ]
    );
    let rows = output(dir.path());
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[1][5], "n2");
}

#[test]
fn rejects_an_unnamed_column_holding_data_with_line_and_column() {
    rejects(
        "account_id,potential,,\nA1,10,,\nA2,5,,x\n",
        REPS,
        &[],
        &[
            "accounts.csv, line 3, column 4 (no header)",
            "`x`",
            "give the column a name in the header row, or delete the column",
        ],
    );
    rejects(
        "account_id,potential\nA1,10\n",
        "rep_id,,capacity\nR1,Alice,10\n",
        &[],
        &["reps.csv, line 2, column 2 (no header)", "`Alice`"],
    );
}

#[test]
fn rejects_text_after_a_closing_quote_instead_of_joining_it() {
    // The CSV reader alone would read `"10"0` as a potential of 100.
    rejects(
        "account_id,potential\nA1,\"10\"0\nA2,5\n",
        REPS,
        &[],
        &[
            "accounts.csv, line 2, column 2 `potential`",
            "text follows the closing quote",
        ],
    );
}

#[test]
fn rejects_a_semicolon_separated_file_saying_so() {
    rejects(
        "account_id;potential\nA1;10\n",
        REPS,
        &[],
        &[
            "accounts.csv, line 1",
            "split by semicolons",
            "comma-separated",
        ],
    );
}
