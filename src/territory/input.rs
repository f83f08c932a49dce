//! Accounts, reps and pair costs read from CSV files.
//!
//! Column names follow the documented contract; `--map` (or `[map]` in the
//! config file) renames them. Cross-file references (owners, locks, cost
//! rows) are checked here so that every bad id is reported with its line.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::table::{Field, InputError, Table};

/// One account row.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    /// Unique account id.
    pub id: String,
    /// Expected upgrade value (>= 0).
    pub potential: f64,
    /// Effort units per period (> 0, default 1).
    pub workload: f64,
    /// Segment, if any.
    pub segment: Option<String>,
    /// Region, if any.
    pub region: Option<String>,
    /// Rep that owns the account today.
    pub current_owner: Option<String>,
    /// Rep the account must stay with.
    pub locked_owner: Option<String>,
    /// Accounts sharing a parent go to the same rep.
    pub parent_id: Option<String>,
    /// Pass-through cells, in the order of [`Accounts::extra_headers`].
    pub extra: Vec<String>,
    /// Line in the input file (for messages).
    pub line: u64,
}

/// One rep row.
#[derive(Debug, Clone, PartialEq)]
pub struct Rep {
    /// Unique rep id.
    pub id: String,
    /// Workload units the rep can carry (> 0).
    pub capacity: f64,
    /// Most accounts the rep may own.
    pub max_accounts: Option<u32>,
    /// Segments the rep covers; empty means any.
    pub segments: Vec<String>,
    /// Regions the rep covers; empty means any.
    pub regions: Vec<String>,
    /// Share of the pool's potential this rep should carry, relative to others.
    pub target_weight: f64,
    /// Free-text role.
    pub role: Option<String>,
    /// Line in the input file.
    pub line: u64,
}

impl Rep {
    /// Whether the rep covers an account's segment and region.
    pub fn covers(&self, account: &Account) -> bool {
        covers(&self.segments, account.segment.as_deref())
            && covers(&self.regions, account.region.as_deref())
    }

    /// Why the rep does not cover `account`, in planner words, if it does not.
    pub fn gap_with(&self, account: &Account) -> Option<String> {
        if !covers(&self.segments, account.segment.as_deref()) {
            return Some(format!(
                "does not cover segment {}",
                account.segment.as_deref().unwrap_or("(none)")
            ));
        }
        if !covers(&self.regions, account.region.as_deref()) {
            return Some(format!(
                "does not cover region {}",
                account.region.as_deref().unwrap_or("(none)")
            ));
        }
        None
    }
}

fn covers(list: &[String], value: Option<&str>) -> bool {
    list.is_empty() || value.is_some_and(|v| list.iter().any(|x| x == v))
}

/// Accounts with the names of their pass-through columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Accounts {
    /// Rows in file order.
    pub rows: Vec<Account>,
    /// Headers of the pass-through columns.
    pub extra_headers: Vec<String>,
    /// Header name and 1-based position of each known field present.
    pub columns: HashMap<&'static str, (String, usize)>,
}

/// Known account fields.
pub const ACCOUNT_FIELDS: &[Field] = &[
    Field {
        name: "account_id",
        required: true,
    },
    Field {
        name: "potential",
        required: true,
    },
    Field {
        name: "workload",
        required: false,
    },
    Field {
        name: "segment",
        required: false,
    },
    Field {
        name: "region",
        required: false,
    },
    Field {
        name: "current_owner",
        required: false,
    },
    Field {
        name: "locked_owner",
        required: false,
    },
    Field {
        name: "parent_id",
        required: false,
    },
];

/// Known rep fields.
pub const REP_FIELDS: &[Field] = &[
    Field {
        name: "rep_id",
        required: true,
    },
    Field {
        name: "capacity",
        required: true,
    },
    Field {
        name: "max_accounts",
        required: false,
    },
    Field {
        name: "segments",
        required: false,
    },
    Field {
        name: "regions",
        required: false,
    },
    Field {
        name: "target_weight",
        required: false,
    },
    Field {
        name: "role",
        required: false,
    },
];

/// Known pair-cost fields.
pub const COST_FIELDS: &[Field] = &[
    Field {
        name: "account_id",
        required: true,
    },
    Field {
        name: "rep_id",
        required: true,
    },
    Field {
        name: "cost",
        required: true,
    },
];

/// Checks that every key of a column map names a known field.
pub fn check_map(map: &HashMap<String, String>, origin: &str) -> Result<(), InputError> {
    let known: Vec<&str> = ACCOUNT_FIELDS
        .iter()
        .chain(REP_FIELDS)
        .chain(COST_FIELDS)
        .map(|f| f.name)
        .collect();
    for key in map.keys() {
        if !known.contains(&key.as_str()) {
            let hint = known
                .iter()
                .max_by(|a, b| {
                    strsim::jaro_winkler(a, key).total_cmp(&strsim::jaro_winkler(b, key))
                })
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(InputError::file(
                origin,
                format!(
                    "`{key}` is not a field tcplan reads{hint}; map one of: {}",
                    known.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// Reads the accounts file.
pub fn read_accounts(path: &Path, map: &HashMap<String, String>) -> Result<Accounts, InputError> {
    let table = Table::read(path, ACCOUNT_FIELDS, map)?;
    parse_accounts(&table)
}

/// Turns a parsed table into accounts.
pub fn parse_accounts(table: &Table) -> Result<Accounts, InputError> {
    let mut rows = Vec::with_capacity(table.rows.len());
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (line, row) in &table.rows {
        let line = *line;
        let id = table.text(line, row, "account_id")?;
        if let Some(first) = seen.insert(id.clone(), line) {
            return Err(table.error(
                line,
                "account_id",
                format!("account `{id}` appears twice (first on line {first}); keep one row"),
            ));
        }
        let potential = table
            .number(line, row, "potential", "a number >= 0", |v| v >= 0.0)?
            .ok_or_else(|| {
                table.error(
                    line,
                    "potential",
                    "`potential` is empty; write a number >= 0",
                )
            })?;
        let workload = table
            .number(line, row, "workload", "a number > 0", |v| v > 0.0)?
            .unwrap_or(1.0);
        let text = |f: &str| table.get(row, f).map(str::to_string);
        rows.push(Account {
            id,
            potential,
            workload,
            segment: text("segment"),
            region: text("region"),
            current_owner: text("current_owner"),
            locked_owner: text("locked_owner"),
            parent_id: text("parent_id"),
            extra: table.extra.iter().map(|&c| row[c].clone()).collect(),
            line,
        });
    }
    Ok(Accounts {
        rows,
        extra_headers: table
            .extra
            .iter()
            .map(|&c| table.headers[c].clone())
            .collect(),
        columns: ACCOUNT_FIELDS
            .iter()
            .filter_map(|f| table.column(f.name).map(|c| (f.name, c)))
            .collect(),
    })
}

/// Reads the reps file.
pub fn read_reps(path: &Path, map: &HashMap<String, String>) -> Result<Vec<Rep>, InputError> {
    let table = Table::read(path, REP_FIELDS, map)?;
    parse_reps(&table)
}

/// Turns a parsed table into reps.
pub fn parse_reps(table: &Table) -> Result<Vec<Rep>, InputError> {
    let mut reps = Vec::with_capacity(table.rows.len());
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (line, row) in &table.rows {
        let line = *line;
        let id = table.text(line, row, "rep_id")?;
        if let Some(first) = seen.insert(id.clone(), line) {
            return Err(table.error(
                line,
                "rep_id",
                format!("rep `{id}` appears twice (first on line {first}); keep one row"),
            ));
        }
        let capacity = table
            .number(line, row, "capacity", "a number > 0", |v| v > 0.0)?
            .ok_or_else(|| {
                table.error(line, "capacity", "`capacity` is empty; write a number > 0")
            })?;
        let max_accounts = table
            .number(line, row, "max_accounts", "a whole number >= 0", |v| {
                v >= 0.0 && v.fract() == 0.0 && v <= f64::from(u32::MAX)
            })?
            .map(|v| v as u32);
        let target_weight = table
            .number(line, row, "target_weight", "a number > 0", |v| v > 0.0)?
            .unwrap_or(1.0);
        let list = |f: &str| -> Vec<String> {
            table
                .get(row, f)
                .map(|s| {
                    s.split(';')
                        .map(str::trim)
                        .filter(|x| !x.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        };
        reps.push(Rep {
            id,
            capacity,
            max_accounts,
            segments: list("segments"),
            regions: list("regions"),
            target_weight,
            role: table.get(row, "role").map(str::to_string),
            line,
        });
    }
    Ok(reps)
}

/// Checks that owners and locks name known reps.
pub fn check_references(
    accounts_file: &str,
    accounts: &Accounts,
    reps: &[Rep],
) -> Result<(), InputError> {
    let ids: HashSet<&str> = reps.iter().map(|r| r.id.as_str()).collect();
    for a in &accounts.rows {
        for (field, value) in [
            ("current_owner", &a.current_owner),
            ("locked_owner", &a.locked_owner),
        ] {
            if let Some(rep) = value {
                if !ids.contains(rep.as_str()) {
                    return Err(InputError {
                        file: accounts_file.to_string(),
                        line: Some(a.line),
                        column: accounts.columns.get(field).cloned(),
                        message: format!(
                            "account `{}` names rep `{rep}`, which is not in the reps file; \
                             add the rep or fix the id",
                            a.id
                        ),
                    });
                }
            }
        }
    }
    Ok(())
}

/// A cost for putting one account with one rep.
#[derive(Debug, Clone, PartialEq)]
pub struct PairCost {
    /// Account id.
    pub account: String,
    /// Rep id.
    pub rep: String,
    /// Cost (any finite number).
    pub cost: f64,
}

/// Reads a pair-cost file and checks its ids against the accounts and reps.
pub fn read_costs(
    path: &Path,
    accounts: &Accounts,
    reps: &[Rep],
) -> Result<Vec<PairCost>, InputError> {
    let table = Table::read(path, COST_FIELDS, &HashMap::new())?;
    let account_ids: HashSet<&str> = accounts.rows.iter().map(|a| a.id.as_str()).collect();
    let rep_ids: HashSet<&str> = reps.iter().map(|r| r.id.as_str()).collect();
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    let mut out = Vec::with_capacity(table.rows.len());
    for (line, row) in &table.rows {
        let line = *line;
        let account = table.text(line, row, "account_id")?;
        let rep = table.text(line, row, "rep_id")?;
        if !account_ids.contains(account.as_str()) {
            return Err(table.error(
                line,
                "account_id",
                format!("account `{account}` is not in the accounts file; fix the id"),
            ));
        }
        if !rep_ids.contains(rep.as_str()) {
            return Err(table.error(
                line,
                "rep_id",
                format!("rep `{rep}` is not in the reps file; fix the id"),
            ));
        }
        let cost = table
            .number(line, row, "cost", "a number", |_| true)?
            .ok_or_else(|| table.error(line, "cost", "`cost` is empty; write a number"))?;
        if let Some(first) = seen.insert((account.clone(), rep.clone()), line) {
            return Err(table.error(
                line,
                "account_id",
                format!("the pair ({account}, {rep}) appears twice (first on line {first})"),
            ));
        }
        out.push(PairCost { account, rep, cost });
    }
    Ok(out)
}
