//! Scenario files: format, parsing and validation.
//!
//! A scenario is a TOML file with `version = 1` describing a planning
//! horizon, sign-ups, segments, engagement tiers and roles. [`load`] reads
//! and deserialises it, then [`validate`] checks every value; any failure
//! is a [`ScenarioError`] naming the file, line, column and key path, what
//! was found and what is allowed. [`schema_json`] produces the JSON Schema
//! shipped as `scenarios/scenario.schema.json`.

use std::collections::BTreeMap;
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::dist::Dist;

mod error;
mod locate;
mod validate;

pub use error::Issue;
pub use error::ScenarioError;
pub use locate::{KeyPath, Locator, Seg};
pub use validate::{check_percentiles, parse_quarter_label, quarter_labels, validate};

/// The only format version this build reads.
pub const FORMAT_VERSION: i64 = 1;

/// A whole scenario file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "tcplan scenario",
    description = "A capacity-planning scenario for tcplan."
)]
pub struct Scenario {
    /// Format version; must be 1.
    pub version: i64,
    /// Display name of the scenario.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Free text shown nowhere but kept with the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Label of the first quarter, such as "2027-Q1".
    pub start: String,
    /// Number of quarters in the horizon (at least 1).
    pub quarters: i64,
    /// Draw conversions Binomial(sign-ups, rate) (true, the default), or take
    /// their expected value sign-ups * rate (false: no sampling noise, as in
    /// a spreadsheet).
    #[serde(default = "default_true")]
    pub conversion_chance: bool,
    /// Engagement tiers, such as ["nurture", "pooled", "dedicated"].
    pub tiers: Vec<String>,
    /// Free sign-ups per quarter.
    pub signups: Signups,
    /// Customer segments with their mix shares.
    pub segments: Vec<Segment>,
    /// Roles to staff.
    pub roles: Vec<Role>,
    /// Defaults for the simulation; command-line options override them.
    #[serde(default)]
    pub simulation: SimulationDefaults,
}

/// Sign-up volume over the horizon.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signups {
    /// Sign-ups in the first quarter before seasonality and campaigns,
    /// drawn once per trial.
    pub base: Dist,
    /// Quarter-over-quarter growth of the underlying level (0.05 = +5 %),
    /// drawn independently for each quarter after the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub growth: Option<Dist>,
    /// Four multipliers for calendar quarters Q1..Q4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seasonality: Option<Vec<f64>>,
    /// Campaign spikes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub campaigns: Vec<Campaign>,
    /// Sign-ups before the first quarter, whose late conversions (by the
    /// lag profile) land in the horizon: "steady" (default) assumes each
    /// earlier quarter had the first quarter's base level; "none" assumes
    /// there were none.
    #[serde(default)]
    pub before_start: BeforeStart,
}

/// Sign-ups before the horizon.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum BeforeStart {
    /// Earlier quarters had the base level of sign-ups.
    #[default]
    Steady,
    /// No earlier sign-ups.
    None,
}

/// A campaign: extra sign-ups in one quarter.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Quarter label, such as "2027-Q3"; must lie in the horizon.
    pub quarter: String,
    /// Relative uplift of that quarter's sign-ups (0.3 = +30 %), drawn per trial.
    pub uplift: Dist,
}

/// A customer segment.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    /// Segment name, unique.
    pub name: String,
    /// Share of sign-ups in this segment; shares sum to 1.
    pub share: f64,
    /// Eventual upgrade rate of a sign-up, drawn once per trial.
    pub conversion: Dist,
    /// Fraction of a cohort's conversions that happen 0, 1, 2... quarters
    /// after sign-up; sums to 1. Default [1.0] (same quarter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lag: Option<Vec<f64>>,
    /// Share of this segment's conversions and accounts per tier; sums to 1.
    pub tiers: BTreeMap<String, f64>,
    /// Quarterly churn of paid accounts, drawn once per trial. Default 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub churn: Option<Dist>,
    /// Paid accounts active before the first quarter. Default 0.
    #[serde(default)]
    pub accounts: i64,
}

/// What drives a role's workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Demand {
    /// New conversions landing in the quarter (assisted sales).
    Conversions,
    /// Active paid accounts at the end of the quarter, net of churn.
    Accounts,
    /// Support tickets: active accounts times tickets per account.
    Tickets,
}

/// A role to staff.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Role name, unique (AE, CSM, support...).
    pub name: String,
    /// The demand driver.
    pub demand: Demand,
    /// Tiers whose conversions or accounts count; default all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Vec<String>>,
    /// Segments whose conversions or accounts count; default all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segments: Option<Vec<String>>,
    /// Units of demand one fully ramped person handles per quarter, drawn
    /// once per trial. Required unless `erlang` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub productivity: Option<Dist>,
    /// Support tickets per active account per quarter, drawn once per
    /// trial; required when `demand = "tickets"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tickets_per_account: Option<Dist>,
    /// Staff a ticket queue by Erlang C instead of by productivity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erlang: Option<ErlangSpec>,
    /// Productivity fraction of a new hire in quarters 0, 1, ... after the
    /// start; 1.0 afterwards. Default: productive at once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ramp: Vec<f64>,
    /// Quarterly attrition of staff, drawn once per trial. Default 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attrition: Option<Dist>,
    /// People in the role at the start of the first quarter.
    pub headcount: i64,
    /// Quarters between opening a requisition and the hire's first day.
    #[serde(default)]
    pub lead_time: i64,
    /// Hires already planned, starting in each quarter of the horizon.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub planned_hires: Vec<i64>,
}

/// Erlang C staffing of a ticket queue.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErlangSpec {
    /// Average handle time of a ticket in minutes, drawn once per trial.
    pub handle_minutes: Dist,
    /// Service-level target: share of tickets answered within the time.
    pub service_level: f64,
    /// The time of the service-level target, in minutes.
    pub answer_within_minutes: f64,
    /// Highest allowed occupancy (traffic / agents). Default 0.85.
    #[serde(default = "default_occupancy")]
    pub occupancy_max: f64,
    /// Share of paid time not spent on tickets. Default 0.3.
    #[serde(default = "default_shrinkage")]
    pub shrinkage: f64,
    /// Staffed hours per quarter over which tickets arrive. Default 520
    /// (13 weeks of 40 hours).
    #[serde(default = "default_open_hours")]
    pub open_hours_per_quarter: f64,
}

fn default_true() -> bool {
    true
}

fn default_occupancy() -> f64 {
    0.85
}

fn default_shrinkage() -> f64 {
    0.3
}

fn default_open_hours() -> f64 {
    520.0
}

/// Simulation defaults stored with the scenario.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SimulationDefaults {
    /// Number of trials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trials: Option<i64>,
    /// Random seed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Reported percentiles, each in (0, 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percentiles: Option<Vec<f64>>,
    /// Confidence of the hiring plan, in (0, 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

/// Parses and validates scenario text; `file` names it in messages.
pub fn parse(text: &str, file: &str) -> Result<Scenario, Box<ScenarioError>> {
    let locator = Locator::new(text);
    let scenario: Scenario =
        toml::from_str(text).map_err(|e| Box::new(error::from_toml(&e, file, &locator)))?;
    validate(&scenario).map_err(|issue| Box::new(issue.locate(file, &locator)))?;
    Ok(scenario)
}

/// Reads, parses and validates a scenario file.
pub fn load(path: &Path) -> Result<Scenario, crate::Error> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        crate::Error::input(format!("cannot read scenario {}: {e}", path.display()))
    })?;
    parse(&text, &path.display().to_string()).map_err(|e| crate::Error::input(*e))
}

/// The JSON Schema of the scenario format, pretty-printed with a final newline.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Scenario);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    text.push('\n');
    text
}
