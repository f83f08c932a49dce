//! The `assign.toml` config file: column map, balance weights, moves, costs
//! and solve settings. Unknown keys are rejected so that a typo never goes
//! unnoticed; command-line flags override the file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::table::InputError;

/// The whole config file. Every section is optional.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Canonical field name -> column name in the CRM export.
    #[serde(default)]
    pub map: HashMap<String, String>,
    /// Balance metric weights.
    #[serde(default)]
    pub balance: BalanceConfig,
    /// Disruption settings.
    #[serde(default)]
    pub moves: MovesConfig,
    /// Per-pair costs.
    #[serde(default)]
    pub costs: CostsConfig,
    /// Solver settings.
    #[serde(default)]
    pub solve: SolveConfig,
}

/// `[balance]`: weights of each balance metric's largest deviation.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BalanceConfig {
    /// Weight of potential (default 1).
    pub potential: Option<f64>,
    /// Weight of account count (default 0).
    pub accounts: Option<f64>,
    /// Weight of workload (default 0).
    pub workload: Option<f64>,
    /// Weight of the count of high-potential accounts (default 0).
    pub high_potential: Option<f64>,
    /// Share of accounts, by potential, that count as high-potential
    /// (default 0.1: the top tenth).
    pub high_potential_share: Option<f64>,
}

/// `[moves]`: disruption.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MovesConfig {
    /// Objective weight of one moved account (or of one unit of moved
    /// potential share when `by_potential`).
    pub weight: Option<f64>,
    /// Weigh moves by the account's share of total potential.
    pub by_potential: Option<bool>,
    /// Balance band: keep every rep within this relative deviation and
    /// minimise moves inside it.
    pub max_deviation: Option<f64>,
}

/// `[costs]`: per-pair costs.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostsConfig {
    /// Costs CSV (account_id, rep_id, cost), relative to the config file.
    pub file: Option<PathBuf>,
    /// Objective weight of the total cost.
    pub weight: Option<f64>,
}

/// `[solve]`: strategy and limits.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SolveConfig {
    /// `auto`, `exact` or `heuristic`.
    pub strategy: Option<String>,
    /// Seconds.
    pub time_limit: Option<f64>,
    /// Seed of every randomised step.
    pub seed: Option<u64>,
}

impl Config {
    /// Reads and validates a config file; relative paths inside it are
    /// resolved against its folder.
    pub fn read(path: &Path) -> Result<Config, InputError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| InputError::file(&file, format!("cannot read the config file: {e}")))?;
        let mut config = Config::parse(&file, &text)?;
        if let (Some(costs), Some(dir)) = (&config.costs.file, path.parent()) {
            if costs.is_relative() {
                config.costs.file = Some(dir.join(costs));
            }
        }
        Ok(config)
    }

    /// Parses config text; `file` names it in messages.
    pub fn parse(file: &str, text: &str) -> Result<Config, InputError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|span| text[..span.start.min(text.len())].matches('\n').count() as u64 + 1);
            InputError {
                file: file.to_string(),
                line,
                column: None,
                message: e.message().trim().to_string(),
            }
        })?;
        config.validate(file)?;
        Ok(config)
    }

    fn validate(&self, file: &str) -> Result<(), InputError> {
        let weights = [
            ("balance.potential", self.balance.potential),
            ("balance.accounts", self.balance.accounts),
            ("balance.workload", self.balance.workload),
            ("balance.high_potential", self.balance.high_potential),
            ("moves.weight", self.moves.weight),
            ("costs.weight", self.costs.weight),
        ];
        for (key, value) in weights {
            if value.is_some_and(|v| !(v.is_finite() && v >= 0.0)) {
                return Err(InputError::file(
                    file,
                    format!("`{key}` must be a number >= 0"),
                ));
            }
        }
        if self
            .balance
            .high_potential_share
            .is_some_and(|v| !(v > 0.0 && v <= 1.0))
        {
            return Err(InputError::file(
                file,
                "`balance.high_potential_share` must be in (0, 1], e.g. 0.1 for the top tenth",
            ));
        }
        if self
            .moves
            .max_deviation
            .is_some_and(|v| !(v.is_finite() && v >= 0.0))
        {
            return Err(InputError::file(
                file,
                "`moves.max_deviation` must be a number >= 0",
            ));
        }
        if self
            .solve
            .time_limit
            .is_some_and(|v| !(v.is_finite() && v > 0.0))
        {
            return Err(InputError::file(
                file,
                "`solve.time_limit` must be a number of seconds > 0",
            ));
        }
        if let Some(s) = &self.solve.strategy {
            if !["auto", "exact", "heuristic"].contains(&s.as_str()) {
                return Err(InputError::file(
                    file,
                    format!("`solve.strategy` is `{s}`; use auto, exact or heuristic"),
                ));
            }
        }
        super::input::check_map(&self.map, file)
    }
}
