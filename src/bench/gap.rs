//! Reader for the OR-Library Generalized Assignment Problem format.
//!
//! Two layouts share one grammar of white-space separated numbers (line
//! breaks carry no meaning):
//!
//! - multi-problem files (`gap1.txt` … `gap12.txt`): the problem count `P`,
//!   then `P` problems;
//! - single-problem files (`chu1997/a05100`, `yagiura2004/…`): one problem.
//!
//! A problem is `m n`, then `m` rows of `n` costs `c[i][j]` (agent `i`, job
//! `j`), then `m` rows of `n` resource uses `a[i][j]`, then `m` capacities.
//! By default ([`Layout::Auto`]) the layout is recognised from the content:
//! a file whose number count is exactly `2 + 2·m·n + m` for its first two
//! numbers `m n` is a single problem; anything else is read as a
//! multi-problem file. A damaged single-problem file then reads as a
//! multi-problem one, so its errors say so and suggest naming the layout.
//!
//! References: J. E. Beasley, "OR-Library: distributing test problems by
//! electronic mail", Journal of the Operational Research Society 41 (1990)
//! 1069–1072 (the file format); P. C. Chu and J. E. Beasley, "A genetic
//! algorithm for the generalised assignment problem", Computers & Operations
//! Research 24 (1997) 17–23 (types A–D).

use std::path::{Path, PathBuf};

use crate::assign::{Agent, Item, Objective, Pair, Problem};

/// A malformed or unreadable instance file.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A token is not a number, or a number is out of range.
    #[error("{path}, line {line}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// The file ends before the problem is complete, or has numbers left over.
    #[error("{path}: {message}")]
    Shape { path: PathBuf, message: String },
}

/// How the problems of a file are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Layout {
    /// Recognise the layout from the number count.
    #[default]
    Auto,
    /// A problem count, then that many problems (`gap1.txt` … `gap12.txt`).
    Multi,
    /// One problem without a count (`chu1997/a05100`).
    Single,
}

/// Whether to minimise or maximise the total cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Sense {
    /// Minimise total cost (the values of the published reference tables).
    Min,
    /// Maximise total cost (OR-Library's original tables for gap1–gap12).
    Max,
}

/// One GAP problem as read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct GapInstance {
    /// Display name: `gap1-0` for problem 0 of `gap1.txt`, else the file name.
    pub name: String,
    /// Key to join with the reference file: `gap1-0`, or `folder/file` for a
    /// single-problem file (for example `chu1997/a05100`).
    pub key: String,
    /// Number of agents `m`.
    pub agents: usize,
    /// Number of jobs `n`.
    pub jobs: usize,
    /// Costs, agent-major: `cost[i][j]`.
    pub cost: Vec<Vec<f64>>,
    /// Resource uses, agent-major: `workload[i][j]`.
    pub workload: Vec<Vec<f64>>,
    /// Capacity of each agent.
    pub capacity: Vec<f64>,
}

impl GapInstance {
    /// The instance as an assignment [`Problem`]: every job may go to every
    /// agent, pure cost objective. With [`Sense::Max`] the costs are negated
    /// (minimising the negation maximises the total).
    pub fn to_problem(&self, sense: Sense) -> Problem {
        let sign = match sense {
            Sense::Min => 1.0,
            Sense::Max => -1.0,
        };
        let agents = self
            .capacity
            .iter()
            .map(|&capacity| Agent {
                capacity,
                max_accounts: None,
            })
            .collect();
        let items = vec![Item { accounts: 1 }; self.jobs];
        let pairs = (0..self.jobs)
            .map(|j| {
                (0..self.agents)
                    .map(|i| Pair {
                        agent: i as u32,
                        workload: self.workload[i][j],
                        cost: sign * self.cost[i][j],
                        disruption: 0.0,
                    })
                    .collect()
            })
            .collect();
        let objective = Objective {
            disruption_weight: 0.0,
            cost_weight: 1.0,
            max_deviation: None,
        };
        Problem::new(agents, items, pairs, Vec::new(), objective)
    }
}

/// A number with the line it came from.
struct Token {
    value: f64,
    line: usize,
}

/// Reads every problem of an OR-Library GAP file, in either layout.
pub fn read_gap_file(path: &Path) -> Result<Vec<GapInstance>, ReadError> {
    read_gap_file_as(path, Layout::Auto)
}

/// Reads every problem of an OR-Library GAP file in the given layout.
pub fn read_gap_file_as(path: &Path, layout: Layout) -> Result<Vec<GapInstance>, ReadError> {
    let text = std::fs::read_to_string(path).map_err(|source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_gap_as(&text, path, layout)
}

/// Parses the text of a GAP file; `path` names it in errors and instance keys.
pub fn parse_gap(text: &str, path: &Path) -> Result<Vec<GapInstance>, ReadError> {
    parse_gap_as(text, path, Layout::Auto)
}

/// Parses the text of a GAP file in the given layout.
pub fn parse_gap_as(
    text: &str,
    path: &Path,
    layout: Layout,
) -> Result<Vec<GapInstance>, ReadError> {
    let tokens = tokenize(text, path)?;

    let mut reader = Reader {
        tokens: &tokens,
        pos: 0,
        path,
    };
    if tokens.is_empty() {
        return Err(reader.shape("the file holds no numbers; expected an OR-Library GAP problem"));
    }
    let single = match layout {
        Layout::Auto => is_single_layout(&tokens),
        Layout::Multi => false,
        Layout::Single => true,
    };
    if single {
        return read_single(&mut reader, path);
    }
    let multi = read_multi(&mut reader, path);
    if layout == Layout::Auto {
        return multi.map_err(hint_layout);
    }
    multi
}

/// Reads one problem without a count; numbers left over are an error.
fn read_single(reader: &mut Reader<'_>, path: &Path) -> Result<Vec<GapInstance>, ReadError> {
    let stem = file_name(path);
    let key = match path.parent().and_then(|p| p.file_name()) {
        Some(folder) => format!("{}/{stem}", folder.to_string_lossy()),
        None => stem.clone(),
    };
    let instance = reader.problem(stem, key, "the problem")?;
    if reader.pos < reader.tokens.len() {
        let line = reader.tokens[reader.pos].line;
        let msg = format!(
            "{} numbers left over after the one problem of a single-problem file; \
             check the agent and job counts on line 1",
            reader.tokens.len() - reader.pos
        );
        return Err(reader.syntax(line, &msg));
    }
    Ok(vec![instance])
}

/// Adds to an error of a file read as multi-problem by guess that it may
/// be a damaged single-problem file.
fn hint_layout(error: ReadError) -> ReadError {
    let hint = "(read as a multi-problem file, since its number count does not fit one \
                problem; if it holds a single problem, pass --layout single)";
    match error {
        ReadError::Syntax {
            path,
            line,
            message,
        } => ReadError::Syntax {
            path,
            line,
            message: format!("{message} {hint}"),
        },
        ReadError::Shape { path, message } => ReadError::Shape {
            path,
            message: format!("{message} {hint}"),
        },
        other => other,
    }
}

/// Reads a problem count and that many problems; numbers left over are an
/// error.
fn read_multi(reader: &mut Reader<'_>, path: &Path) -> Result<Vec<GapInstance>, ReadError> {
    let tokens = reader.tokens;
    let count = reader.count("the problem count")?;
    if count == 0 {
        return Err(reader.syntax(0, "the problem count is 0; expected at least one problem"));
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut problems = Vec::with_capacity(count);
    for p in 0..count {
        let name = format!("{stem}-{p}");
        let what = format!("problem {p} of {count}");
        problems.push(reader.problem(name.clone(), name, &what)?);
    }
    if reader.pos < tokens.len() {
        let line = tokens[reader.pos].line;
        let msg = format!(
            "{} numbers left over after the {count} problems the file announces; \
             check the problem count on line 1",
            tokens.len() - reader.pos
        );
        return Err(reader.syntax(line, &msg));
    }
    Ok(problems)
}

/// True when the numbers form exactly one problem without a leading count.
fn is_single_layout(tokens: &[Token]) -> bool {
    let (Some(m), Some(n)) = (tokens.first(), tokens.get(1)) else {
        return false;
    };
    let (m, n) = (m.value, n.value);
    if m < 1.0 || n < 1.0 || m.fract() != 0.0 || n.fract() != 0.0 {
        return false;
    }
    let expected = 2.0 + 2.0 * m * n + m;
    expected == tokens.len() as f64
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn tokenize(text: &str, path: &Path) -> Result<Vec<Token>, ReadError> {
    let mut tokens = Vec::new();
    for (index, line) in text.lines().enumerate() {
        for word in line.split_whitespace() {
            let value: f64 = word.parse().map_err(|_| ReadError::Syntax {
                path: path.to_path_buf(),
                line: index + 1,
                message: format!("expected a number, found `{word}`"),
            })?;
            if !value.is_finite() {
                return Err(ReadError::Syntax {
                    path: path.to_path_buf(),
                    line: index + 1,
                    message: format!("`{word}` is not a finite number"),
                });
            }
            tokens.push(Token {
                value,
                line: index + 1,
            });
        }
    }
    Ok(tokens)
}

/// A cursor over the numbers of one file.
struct Reader<'a> {
    tokens: &'a [Token],
    pos: usize,
    path: &'a Path,
}

impl Reader<'_> {
    fn syntax(&self, line: usize, message: &str) -> ReadError {
        ReadError::Syntax {
            path: self.path.to_path_buf(),
            line: line.max(1),
            message: message.to_string(),
        }
    }

    fn shape(&self, message: &str) -> ReadError {
        ReadError::Shape {
            path: self.path.to_path_buf(),
            message: message.to_string(),
        }
    }

    fn next(&mut self, what: &str) -> Result<&Token, ReadError> {
        let Some(token) = self.tokens.get(self.pos) else {
            let last = self.tokens.last().map_or(0, |t| t.line);
            let msg = format!(
                "the file ends here while reading {what}; the file is truncated or an \
                 earlier count is too large"
            );
            return Err(self.syntax(last, &msg));
        };
        self.pos += 1;
        Ok(token)
    }

    /// A positive whole number (a count or a size).
    fn count(&mut self, what: &str) -> Result<usize, ReadError> {
        let token = self.next(what)?;
        let (value, line) = (token.value, token.line);
        if value < 0.0 || value.fract() != 0.0 || value > 1e7 {
            let msg = format!("{what} must be a whole number, found {value}");
            return Err(self.syntax(line, &msg));
        }
        Ok(value as usize)
    }

    /// `m` rows of `n` numbers; `non_negative` rejects negative entries.
    fn matrix(
        &mut self,
        m: usize,
        n: usize,
        what: &str,
        non_negative: bool,
    ) -> Result<Vec<Vec<f64>>, ReadError> {
        let mut rows = Vec::with_capacity(m);
        for i in 0..m {
            let mut row = Vec::with_capacity(n);
            for j in 0..n {
                let token = self.next(&format!("{what} of agent {i}, job {j}"))?;
                let (value, line) = (token.value, token.line);
                if non_negative && value < 0.0 {
                    let msg = format!("{what} of agent {i}, job {j} is negative ({value})");
                    return Err(self.syntax(line, &msg));
                }
                row.push(value);
            }
            rows.push(row);
        }
        Ok(rows)
    }

    fn problem(&mut self, name: String, key: String, what: &str) -> Result<GapInstance, ReadError> {
        let m = self.count(&format!("the agent count of {what}"))?;
        let n = self.count(&format!("the job count of {what}"))?;
        if m == 0 || n == 0 {
            let line = self.tokens[self.pos - 1].line;
            return Err(self.syntax(line, &format!("{what} has {m} agents and {n} jobs")));
        }

        let cost = self.matrix(m, n, &format!("the cost in {what}"), false)?;
        let workload = self.matrix(m, n, &format!("the resource use in {what}"), true)?;
        let mut capacity = Vec::with_capacity(m);
        for i in 0..m {
            let token = self.next(&format!("the capacity of agent {i} in {what}"))?;
            if token.value < 0.0 {
                let (line, value) = (token.line, token.value);
                let msg = format!("capacity of agent {i} in {what} is negative ({value})");
                return Err(self.syntax(line, &msg));
            }
            capacity.push(token.value);
        }

        Ok(GapInstance {
            name,
            key,
            agents: m,
            jobs: n,
            cost,
            workload,
            capacity,
        })
    }
}
