//! The shipped JSON Schema is the one generated from the scenario types.
//! Regenerate it with `TCPLAN_UPDATE_SCHEMA=1 cargo test --test simulate_schema`
//! (or `tcplan simulate --print-schema`).

use std::path::Path;

#[test]
fn shipped_schema_matches_the_generated_one() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/scenario.schema.json");
    let generated = tcplan::scenario::schema_json();
    if std::env::var_os("TCPLAN_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).expect("write schema");
    }
    let shipped = std::fs::read_to_string(&path).expect("shipped schema");
    assert_eq!(
        shipped, generated,
        "scenarios/scenario.schema.json is stale: \
         run TCPLAN_UPDATE_SCHEMA=1 cargo test --test simulate_schema"
    );
}

#[test]
fn schema_rejects_unknown_keys_and_lists_distributions() {
    let schema: serde_json::Value =
        serde_json::from_str(&tcplan::scenario::schema_json()).expect("json");
    assert_eq!(schema["additionalProperties"], false);
    let text = schema.to_string();
    for dist in [
        "fixed",
        "uniform",
        "triangular",
        "normal",
        "lognormal",
        "beta",
        "gamma",
        "pert",
    ] {
        assert!(text.contains(&format!("\"{dist}\"")), "schema lists {dist}");
    }
}
