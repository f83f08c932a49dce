//! Reference values of benchmark instances: the `reference.csv` reader and
//! the join of instances to its rows.
//!
//! Columns: `Path` (row key such as `cattrysse1994/gap1-0` or
//! `chu1997/a05100`), `Format`, `Dataset`, `Item number`, `Agent number`,
//! `Best known bound`, `Optimum` (empty when unproven), `Best known solution
//! value`. Values are for minimisation.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::gap::GapInstance;

/// A bad reference file, or an instance that disagrees with its row.
#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    /// The file could not be opened.
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A row could not be parsed.
    #[error("{path}, line {line}: {message}")]
    Row {
        path: PathBuf,
        line: u64,
        message: String,
    },
    /// An instance's size differs from its reference row.
    #[error(
        "{path}, line {line}: row `{key}` is for {ref_agents} agents and {ref_jobs} jobs, \
         but the instance has {agents} agents and {jobs} jobs; check the file or the row"
    )]
    SizeMismatch {
        path: PathBuf,
        line: u64,
        key: String,
        ref_agents: usize,
        ref_jobs: usize,
        agents: usize,
        jobs: usize,
    },
    /// Several rows match one instance.
    #[error("{path}: rows on lines {first} and {second} both match instance `{key}`")]
    Ambiguous {
        path: PathBuf,
        key: String,
        first: u64,
        second: u64,
    },
}

#[derive(Debug, Deserialize)]
struct RawRow {
    #[serde(rename = "Path")]
    path: String,
    #[serde(rename = "Item number")]
    items: usize,
    #[serde(rename = "Agent number")]
    agents: usize,
    #[serde(rename = "Best known bound")]
    bound: Option<f64>,
    #[serde(rename = "Optimum")]
    optimum: Option<f64>,
    #[serde(rename = "Best known solution value")]
    best_known: Option<f64>,
}

/// One row of the reference file.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceRow {
    /// Row key, e.g. `cattrysse1994/gap1-0`.
    pub key: String,
    /// Line of the row in its file (the header is line 1).
    pub line: u64,
    /// Number of jobs (items).
    pub jobs: usize,
    /// Number of agents.
    pub agents: usize,
    /// Best known lower bound.
    pub bound: Option<f64>,
    /// Proven optimum, when known.
    pub optimum: Option<f64>,
    /// Best known solution value.
    pub best_known: Option<f64>,
}

impl ReferenceRow {
    /// The value to compare against: the optimum, else the best known value.
    pub fn target(&self) -> Option<f64> {
        self.optimum.or(self.best_known)
    }
}

/// The rows of a reference file.
#[derive(Debug, Clone)]
pub struct Reference {
    /// The file the rows came from (named in errors).
    pub path: PathBuf,
    /// The rows in file order.
    pub rows: Vec<ReferenceRow>,
}

impl Reference {
    /// Reads a reference CSV file.
    pub fn read(path: &Path) -> Result<Self, ReferenceError> {
        let file = std::fs::File::open(path).map_err(|source| ReferenceError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_reader(file, path)
    }

    /// Reads reference rows from any reader; `path` names it in errors.
    pub fn from_reader(reader: impl std::io::Read, path: &Path) -> Result<Self, ReferenceError> {
        let mut csv = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(reader);
        let mut rows = Vec::new();
        for record in csv.deserialize::<RawRow>() {
            let raw = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                ReferenceError::Row {
                    path: path.to_path_buf(),
                    line,
                    message: csv_message(&e),
                }
            })?;
            let line = rows.len() as u64 + 2;
            rows.push(ReferenceRow {
                key: raw.path,
                line,
                jobs: raw.items,
                agents: raw.agents,
                bound: raw.bound,
                optimum: raw.optimum,
                best_known: raw.best_known,
            });
        }
        Ok(Reference {
            path: path.to_path_buf(),
            rows,
        })
    }

    /// The row of `instance`: the row whose key equals the instance key, or
    /// ends with `/` and the instance key (`gap1-0` matches
    /// `cattrysse1994/gap1-0`). Checks that the sizes agree.
    pub fn find(&self, instance: &GapInstance) -> Result<Option<&ReferenceRow>, ReferenceError> {
        let suffix = format!("/{}", instance.key);
        let exact: Vec<&ReferenceRow> =
            self.rows.iter().filter(|r| r.key == instance.key).collect();
        let matches = if exact.is_empty() {
            self.rows
                .iter()
                .filter(|r| r.key.ends_with(&suffix))
                .collect()
        } else {
            exact
        };
        let row = match matches.as_slice() {
            [] => return Ok(None),
            [row] => *row,
            [a, b, ..] => {
                return Err(ReferenceError::Ambiguous {
                    path: self.path.clone(),
                    key: instance.key.clone(),
                    first: a.line,
                    second: b.line,
                })
            }
        };
        if row.agents != instance.agents || row.jobs != instance.jobs {
            return Err(ReferenceError::SizeMismatch {
                path: self.path.clone(),
                line: row.line,
                key: row.key.clone(),
                ref_agents: row.agents,
                ref_jobs: row.jobs,
                agents: instance.agents,
                jobs: instance.jobs,
            });
        }
        Ok(Some(row))
    }
}

fn csv_message(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Deserialize { err, .. } => {
            let column = err
                .field()
                .map_or(String::new(), |f| format!("column {}: ", f + 1));
            format!("{column}{err}; expected numbers in the size and value columns")
        }
        _ => error.to_string(),
    }
}
