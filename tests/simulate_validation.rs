//! One test per class of bad scenario input: each must be rejected with a
//! message naming the file, the line of the offending key, the key path,
//! what was found and what is allowed.

use tcplan::scenario::{parse, ScenarioError};

const GOOD: &str = r#"version = 1
name = "validation base"
start = "2027-Q1"
quarters = 4
tiers = ["pooled", "dedicated"]

[signups]
base = 10000
growth = { dist = "uniform", min = 0.0, max = 0.1 }

[[segments]]
name = "smb"
share = 0.7
conversion = { dist = "beta", alpha = 5, beta = 95 }
tiers = { pooled = 1.0 }

[[segments]]
name = "enterprise"
share = 0.3
conversion = 0.05
tiers = { pooled = 0.5, dedicated = 0.5 }

[[roles]]
name = "AE"
demand = "conversions"
tiers = ["pooled"]
productivity = 50
headcount = 10
attrition = 0.05

[simulation]
percentiles = [10, 50, 90]
"#;

/// Parses `GOOD` with `from` replaced by `to`; expects a failure.
fn reject(from: &str, to: &str) -> (ScenarioError, String) {
    assert!(
        GOOD.contains(from),
        "test setup: `{from}` not in the base scenario"
    );
    let text = GOOD.replacen(from, to, 1);
    let err = *parse(&text, "plan.toml").expect_err("the edited scenario must be rejected");
    (err, text)
}

/// 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).expect("needle present");
    text[..at].matches('\n').count() + 1
}

fn assert_names(err: &ScenarioError, path: &str, line: usize) {
    let msg = err.to_string();
    assert!(msg.starts_with(&format!("plan.toml:{line}:")), "{msg}");
    assert_eq!(err.line, line, "{msg}");
    assert!(
        err.path.contains(path),
        "path `{}` should name `{path}`: {msg}",
        err.path
    );
    assert!(msg.contains("found") && msg.contains("allowed"), "{msg}");
}

#[test]
fn accepts_the_base_scenario() {
    parse(GOOD, "plan.toml").expect("base scenario is valid");
}

#[test]
fn rejects_unknown_key_and_suggests_the_nearest() {
    let (err, text) = reject("attrition = 0.05", "atrition = 0.05");
    assert_names(&err, "roles[0].atrition", line_of(&text, "atrition"));
    assert_eq!(err.hint.as_deref(), Some("did you mean `attrition`?"));
}

#[test]
fn rejects_unknown_key_inside_a_distribution() {
    let (err, text) = reject("alpha = 5, beta = 95", "alpah = 5, beta = 95");
    assert_names(&err, "segments[0].conversion", line_of(&text, "alpah"));
    assert_eq!(err.hint.as_deref(), Some("did you mean `alpha`?"));
}

#[test]
fn rejects_wrong_type() {
    let (err, text) = reject("headcount = 10", "headcount = \"ten\"");
    assert_names(&err, "roles[0].headcount", line_of(&text, "headcount"));
    assert!(err.found.contains("string"), "{err}");
}

#[test]
fn rejects_negative_count() {
    let (err, text) = reject("headcount = 10", "headcount = -3");
    assert_names(&err, "roles[0].headcount", line_of(&text, "headcount"));
    assert!(err.found.contains("-3"), "{err}");
}

#[test]
fn rejects_negative_rate() {
    let (err, text) = reject("conversion = 0.05", "conversion = -0.05");
    assert_names(
        &err,
        "segments[1].conversion",
        line_of(&text, "conversion = -0.05"),
    );
}

#[test]
fn rejects_probability_above_one() {
    let (err, text) = reject("attrition = 0.05", "attrition = 1.5");
    assert_names(&err, "roles[0].attrition", line_of(&text, "attrition"));
    assert!(err.allowed.contains("[0, 1]"), "{err}");
}

#[test]
fn rejects_beta_with_zero_alpha() {
    let (err, text) = reject("alpha = 5", "alpha = 0");
    assert_names(
        &err,
        "segments[0].conversion.alpha",
        line_of(&text, "alpha = 0"),
    );
}

#[test]
fn rejects_percentile_outside_zero_to_hundred() {
    let (err, text) = reject("percentiles = [10, 50, 90]", "percentiles = [10, 50, 100]");
    assert_names(
        &err,
        "simulation.percentiles[2]",
        line_of(&text, "percentiles"),
    );
}

#[test]
fn rejects_empty_segment_list() {
    let head = GOOD.split("[[segments]]").next().expect("head");
    let text = head.replace("quarters = 4", "quarters = 4\nsegments = []")
        + "[[roles]]\nname = \"AE\"\ndemand = \"conversions\"\nproductivity = 50\nheadcount = 1\n";
    let err = *parse(&text, "plan.toml").expect_err("rejected");
    assert_names(&err, "segments", line_of(&text, "segments = []"));
    assert!(err.found.contains("empty"), "{err}");
}

#[test]
fn rejects_empty_role_list() {
    let head = GOOD.split("[[roles]]").next().expect("head");
    let text = head.replace("quarters = 4", "quarters = 4\nroles = []");
    let err = *parse(&text, "plan.toml").expect_err("rejected");
    assert_names(&err, "roles", line_of(&text, "roles = []"));
}

#[test]
fn rejects_shares_not_summing_to_one() {
    let (err, text) = reject("share = 0.3", "share = 0.4");
    assert_names(&err, "segments[0].share", line_of(&text, "share = 0.7"));
    assert!(err.found.contains("1.1"), "{err}");
}

#[test]
fn rejects_role_driven_by_a_missing_tier() {
    let (err, text) = reject("tiers = [\"pooled\"]", "tiers = [\"poled\"]");
    assert_names(&err, "roles[0].tiers[0]", line_of(&text, "\"poled\""));
    assert_eq!(err.hint.as_deref(), Some("did you mean `pooled`?"));
}

#[test]
fn rejects_role_driven_by_a_missing_segment() {
    let (err, text) = reject("tiers = [\"pooled\"]", "segments = [\"enterprize\"]");
    assert_names(&err, "roles[0].segments[0]", line_of(&text, "enterprize"));
    assert_eq!(err.hint.as_deref(), Some("did you mean `enterprise`?"));
}

#[test]
fn rejects_a_horizon_of_zero_quarters() {
    let (err, text) = reject("quarters = 4", "quarters = 0");
    assert_names(&err, "quarters", line_of(&text, "quarters"));
}

#[test]
fn rejects_min_above_max() {
    let (err, text) = reject("min = 0.0, max = 0.1", "min = 0.2, max = 0.1");
    assert_names(&err, "signups.growth.min", line_of(&text, "growth"));
    assert!(err.allowed.contains("min <= max"), "{err}");
}

#[test]
fn rejects_an_unsupported_version() {
    let (err, text) = reject("version = 1", "version = 2");
    assert_names(&err, "version", line_of(&text, "version"));
}

#[test]
fn rejects_segment_share_for_a_missing_tier() {
    let (err, text) = reject(
        "tiers = { pooled = 1.0 }",
        "tiers = { pooled = 0.5, dedicatd = 0.5 }",
    );
    assert_names(
        &err,
        "segments[0].tiers.dedicatd",
        line_of(&text, "dedicatd"),
    );
    assert_eq!(err.hint.as_deref(), Some("did you mean `dedicated`?"));
}

#[test]
fn rejects_untruncated_normal_for_a_rate() {
    let (err, text) = reject(
        "conversion = 0.05",
        "conversion = { dist = \"normal\", mean = 0.05, sd = 0.01 }",
    );
    assert_names(
        &err,
        "segments[1].conversion",
        line_of(&text, "dist = \"normal\""),
    );
    assert!(
        err.allowed.contains("min"),
        "the message says how to fix it: {err}"
    );
}

#[test]
fn rejects_invalid_toml_and_names_the_key() {
    let (err, text) = reject("quarters = 4", "quarters = 4 x");
    assert_names(&err, "quarters", line_of(&text, "quarters"));
    assert!(err.found.contains("invalid TOML"), "{err}");
}

#[test]
fn rejects_a_repeated_percentile() {
    let (err, text) = reject("percentiles = [10, 50, 90]", "percentiles = [10, 50, 50]");
    assert_names(
        &err,
        "simulation.percentiles[2]",
        line_of(&text, "percentiles"),
    );
    assert!(err.found.contains("twice"), "{err}");
}

#[test]
fn missing_top_level_key_is_named_by_its_own_path() {
    // Without `roles`, the error used to be filed under `version`, the
    // first key of the file.
    let head = GOOD.split("[[roles]]").next().expect("head");
    let err = *parse(head, "plan.toml").expect_err("rejected");
    assert_eq!(err.path, "roles", "{err}");
    assert!(err.found.contains("no key `roles`"), "{err}");

    // A file opening with a table header: not filed under that table.
    let err = *parse("[signups]\nbase = 1\n", "plan.toml").expect_err("rejected");
    assert_eq!(err.path, "version", "{err}");
}

#[test]
fn missing_key_of_a_table_is_named_inside_that_table() {
    let (err, text) = reject("headcount = 10\n", "");
    assert_eq!(err.path, "roles[0].headcount", "{err}");
    assert_eq!(err.line, line_of(&text, "[[roles]]"), "{err}");
    let (err, _) = reject("{ dist = \"uniform\", min", "{ min");
    assert_eq!(err.path, "signups.growth.dist", "{err}");
}

#[test]
fn rejects_a_lognormal_that_overflows_instead_of_panicking() {
    let (err, text) = reject(
        "base = 10000",
        "base = { dist = \"lognormal\", mean = 1, sd = 1e200 }",
    );
    assert_names(&err, "signups.base.sd", line_of(&text, "base ="));
}

#[test]
fn rejects_an_infinite_normal_bound() {
    let (err, text) = reject(
        "productivity = 50",
        "productivity = { dist = \"normal\", mean = 50, sd = 5, min = inf }",
    );
    assert_names(
        &err,
        "roles[0].productivity.min",
        line_of(&text, "productivity"),
    );
}

#[test]
fn rejects_a_negative_seed_saying_it_must_be_at_least_zero() {
    let (err, text) = reject("[simulation]\n", "[simulation]\nseed = -1\n");
    assert_names(&err, "simulation.seed", line_of(&text, "seed"));
    assert!(err.allowed.contains(">= 0"), "{err}");
}

#[test]
fn syntax_error_inside_a_table_names_the_key() {
    // The recovered parse drops the broken line; the key path is read from
    // the table header above it and the key at the start of the line.
    let (err, text) = reject("productivity = 50", "productivity = = 50");
    assert_names(
        &err,
        "roles[0].productivity",
        line_of(&text, "productivity"),
    );
    assert!(err.found.contains("invalid TOML"), "{err}");

    let (err, text) = reject("headcount = 10\n", "headcount = 10\nheadcount = 11\n");
    assert_names(&err, "roles[0].headcount", line_of(&text, "headcount = 11"));
}
