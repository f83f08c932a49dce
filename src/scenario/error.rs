//! Scenario errors: where (file, line, column, key path), what was found,
//! what is allowed, and for a misspelt key the nearest valid one.

use std::fmt;

use super::locate::{KeyPath, Locator};

/// A scenario problem with its location in the file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct ScenarioError {
    /// The file as named on the command line.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The key path at fault, such as `roles[1].attrition`.
    pub path: String,
    /// What the file says.
    pub found: String,
    /// What would be accepted.
    pub allowed: String,
    /// A suggestion, such as the nearest valid key.
    pub hint: Option<String>,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: found {}; allowed: {}",
            self.file, self.line, self.column, self.path, self.found, self.allowed
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

/// A problem found by validation, before it is located in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// The key path at fault.
    pub path: KeyPath,
    /// What the file says.
    pub found: String,
    /// What would be accepted.
    pub allowed: String,
    /// Optional suggestion.
    pub hint: Option<String>,
}

impl Issue {
    /// A new issue at `path`.
    pub fn new(path: KeyPath, found: impl Into<String>, allowed: impl Into<String>) -> Self {
        Issue {
            path,
            found: found.into(),
            allowed: allowed.into(),
            hint: None,
        }
    }

    /// Adds a suggestion.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attaches the file position of the path.
    pub fn locate(self, file: &str, locator: &Locator<'_>) -> ScenarioError {
        let (line, column) = locator.position(&self.path);
        ScenarioError {
            file: file.to_string(),
            line,
            column,
            path: self.path.to_string(),
            found: self.found,
            allowed: self.allowed,
            hint: self.hint,
        }
    }
}

/// The candidate closest to `word`, if it is close enough to be a typo.
pub fn nearest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Names between backticks in a serde message, after `marker`.
fn backticked(message: &str, marker: &str) -> Vec<String> {
    let Some(start) = message.find(marker) else {
        return Vec::new();
    };
    message[start + marker.len()..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Turns a TOML or serde error into a located scenario error.
pub fn from_toml(err: &toml::de::Error, file: &str, locator: &Locator<'_>) -> ScenarioError {
    let message = err.message().trim().to_string();
    let span = err.span();
    let (line, column) = span.as_ref().map_or((1, 1), |s| locator.line_col(s.start));
    let mut path = span
        .as_ref()
        .map_or_else(KeyPath::root, |s| locator.path_at(s.start));
    if let (true, Some(s)) = (path.0.is_empty(), span.as_ref()) {
        path = locator.path_from_text(s.start);
    }
    // A missing key is reported at the table that lacks it; name the key
    // inside that table rather than whichever key the table starts with.
    if let Some(key) = missing_key(&message) {
        path = span
            .as_ref()
            .map_or_else(KeyPath::root, |s| locator.table_at(s.clone()))
            .key(key);
    }
    let (found, allowed, hint) = explain(&message);
    ScenarioError {
        file: file.to_string(),
        line,
        column,
        path: path.to_string(),
        found,
        allowed,
        hint,
    }
}

/// The key of a serde "missing field `key`" message.
fn missing_key(message: &str) -> Option<&str> {
    message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
}

/// Splits a serde message into found / allowed / hint.
fn explain(message: &str) -> (String, String, Option<String>) {
    for (prefix, noun) in [("unknown field `", "key"), ("unknown variant `", "value")] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let word = rest.split('`').next().unwrap_or_default();
            let allowed = backticked(message, "expected");
            let hint = nearest(word, allowed.iter().map(String::as_str))
                .map(|n| format!("did you mean `{n}`?"));
            let list = if allowed.is_empty() {
                "no keys here".to_string()
            } else {
                allowed
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            return (format!("unknown {noun} `{word}`"), list, hint);
        }
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return (found.to_string(), plain_type(expected), None);
        }
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return (found.to_string(), plain_type(expected), None);
        }
    }
    if let Some(key) = missing_key(message) {
        return (
            format!("no key `{key}`"),
            format!("a value for `{key}`"),
            None,
        );
    }
    (
        format!("invalid TOML ({message})"),
        "TOML syntax, see https://toml.io".to_string(),
        None,
    )
}

/// Rust type names in serde messages, in words.
fn plain_type(expected: &str) -> String {
    match expected {
        "i64" | "i32" => "an integer".to_string(),
        "u64" | "u32" | "usize" => "an integer >= 0".to_string(),
        "f64" | "f32" => "a number".to_string(),
        "a boolean" | "bool" => "true or false".to_string(),
        other => other.to_string(),
    }
}
