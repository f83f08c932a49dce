//! Reading one CSV input file into named columns.
//!
//! The contract shared by every input file: UTF-8 with or without a
//! byte-order mark, comma separated, quoted fields, CRLF or LF line ends, a
//! header row, columns in any order. A column map renames CRM column names to
//! the field names tcplan knows; columns that are neither known nor mapped are
//! kept as pass-through columns. Every error names the file, the line and the
//! column.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::quote::{fault_error, quote_fault};

/// An input error, located in a file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.render())]
pub struct InputError {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line, when the error is on one line.
    pub line: Option<u64>,
    /// The column (as named in the file) and its 1-based position, when known.
    pub column: Option<(String, usize)>,
    /// What is wrong and what to change.
    pub message: String,
}

impl InputError {
    /// An error about a whole file.
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        InputError {
            file: file.to_string(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    fn render(&self) -> String {
        let mut out = self.file.clone();
        if let Some(line) = self.line {
            out.push_str(&format!(", line {line}"));
        }
        match &self.column {
            // A column with an empty header has no name to quote.
            Some((name, position)) if name.is_empty() => {
                out.push_str(&format!(", column {position} (no header)"));
            }
            Some((name, position)) => out.push_str(&format!(", column {position} `{name}`")),
            None => {}
        }
        out.push_str(": ");
        out.push_str(&self.message);
        out
    }
}

/// A field a file may hold: its canonical name and whether it is required.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Canonical name, as written in the documentation and `--map`.
    pub name: &'static str,
    /// A required field must have a column.
    pub required: bool,
}

/// A parsed CSV file: known fields located by column, and pass-through columns.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file as the user named it (used in messages).
    pub file: String,
    /// Header names as written in the file.
    pub headers: Vec<String>,
    /// Column index of each known field present in the file.
    fields: HashMap<&'static str, usize>,
    /// Column indices that are neither known nor mapped, in file order.
    pub extra: Vec<usize>,
    /// Data rows with their 1-based line numbers; blank rows are skipped.
    pub rows: Vec<(u64, Vec<String>)>,
}

impl Table {
    /// Reads `path`, resolving `fields` through `map` (canonical name ->
    /// header in the file).
    pub fn read(
        path: &Path,
        fields: &[Field],
        map: &HashMap<String, String>,
    ) -> Result<Table, InputError> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path)
            .map_err(|e| InputError::file(&file, format!("cannot read the file: {e}")))?;
        Table::parse(&file, &bytes, fields, map)
    }

    /// Parses CSV `bytes` read from `file`.
    pub fn parse(
        file: &str,
        bytes: &[u8],
        fields: &[Field],
        map: &HashMap<String, String>,
    ) -> Result<Table, InputError> {
        let fault = quote_fault(bytes);
        if let Some(open) = fault.filter(|o| o.in_header) {
            return Err(fault_error(file, open, None));
        }

        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(bytes);

        let headers = read_headers(file, &mut reader)?;
        check_separator(file, &headers)?;
        if let Some(open) = fault {
            let column = headers.get(open.field).map(|h| (h.clone(), open.field + 1));
            return Err(fault_error(file, open, column));
        }
        let (known, extra) = locate_fields(file, &headers, fields, map)?;
        let rows = read_rows(file, &mut reader, headers.len())?;
        check_unnamed_columns(file, &headers, &rows)?;

        if rows.is_empty() {
            return Err(InputError {
                file: file.to_string(),
                line: Some(2),
                column: None,
                message: "the file has a header but no data rows; add at least one row".into(),
            });
        }
        Ok(Table {
            file: file.to_string(),
            headers,
            fields: known,
            extra,
            rows,
        })
    }

    /// Whether the file has a column for `field`.
    pub fn has(&self, field: &str) -> bool {
        self.fields.contains_key(field)
    }

    /// Header name and 1-based position of `field`, if present.
    pub fn column(&self, field: &str) -> Option<(String, usize)> {
        self.fields
            .get(field)
            .map(|&c| (self.headers[c].clone(), c + 1))
    }

    /// The raw, trimmed value of `field` in `row`, or `None` when the column
    /// is absent or the cell is empty.
    pub fn get<'a>(&self, row: &'a [String], field: &str) -> Option<&'a str> {
        let column = *self.fields.get(field)?;
        let value = row[column].trim();
        (!value.is_empty()).then_some(value)
    }

    /// An error located at `line` in the column of `field`.
    pub fn error(&self, line: u64, field: &str, message: impl Into<String>) -> InputError {
        let column = self.column(field);
        InputError {
            file: self.file.clone(),
            line: Some(line),
            column,
            message: message.into(),
        }
    }

    /// A required text value.
    pub fn text(&self, line: u64, row: &[String], field: &str) -> Result<String, InputError> {
        self.get(row, field)
            .map(str::to_string)
            .ok_or_else(|| self.error(line, field, format!("`{field}` is empty; fill it in")))
    }

    /// An optional number; `check` says whether a value is allowed and, if
    /// not, what is expected ("a number >= 0").
    pub fn number(
        &self,
        line: u64,
        row: &[String],
        field: &str,
        expected: &str,
        allowed: impl Fn(f64) -> bool,
    ) -> Result<Option<f64>, InputError> {
        let Some(raw) = self.get(row, field) else {
            return Ok(None);
        };
        match raw.parse::<f64>() {
            Ok(v) if v.is_finite() && allowed(v) => Ok(Some(v)),
            Ok(_) => Err(self.error(
                line,
                field,
                format!("`{raw}` is out of range; write {expected}"),
            )),
            Err(_) => Err(self.error(
                line,
                field,
                format!("`{raw}` is not a number; write {expected}"),
            )),
        }
    }
}

/// Output names of pass-through columns written after the columns `fixed`,
/// so that no header appears twice in the output.
///
/// A pass-through column keeps its name unless one of `fixed` has it; then it
/// is written as `input_<name>` (a `rep_id` column of the accounts file
/// becomes `input_rep_id`), and if that name is taken too, by a fixed column,
/// another pass-through column or an earlier rename, as `input_<name>_2`,
/// `input_<name>_3` and so on. Only the header changes; the cells are written
/// unchanged.
pub fn pass_through_headers(fixed: &[&str], extra: &[String]) -> Vec<String> {
    let kept: HashSet<&str> = extra
        .iter()
        .map(String::as_str)
        .filter(|h| !fixed.contains(h))
        .collect();
    let mut used: HashSet<String> = fixed.iter().map(|h| h.to_string()).collect();
    let mut out = Vec::with_capacity(extra.len());
    for header in extra {
        let mut name = header.clone();
        if used.contains(&name) {
            let base = format!("input_{header}");
            name = base.clone();
            let mut n = 2;
            while used.contains(&name) || kept.contains(name.as_str()) {
                name = format!("{base}_{n}");
                n += 1;
            }
        }
        used.insert(name.clone());
        out.push(name);
    }
    out
}

/// A header read as one column holding `;` or tabs: the file uses another
/// separator, as spreadsheets in many locales save CSV.
fn check_separator(file: &str, headers: &[String]) -> Result<(), InputError> {
    let [only] = headers else {
        return Ok(());
    };
    let Some(sep) = [';', '\t'].into_iter().find(|&c| only.contains(c)) else {
        return Ok(());
    };
    let name = if sep == ';' { "semicolons" } else { "tabs" };
    Err(InputError {
        file: file.to_string(),
        line: Some(1),
        column: None,
        message: format!(
            "the header is one column, `{}`, split by {name}: tcplan reads comma-separated \
             CSV; save the file with commas as separators (and `.` as the decimal mark)",
            only.escape_default()
        ),
    })
}

fn read_headers(file: &str, reader: &mut csv::Reader<&[u8]>) -> Result<Vec<String>, InputError> {
    let record = reader.headers().map_err(|e| csv_error(file, &e))?.clone();
    let headers: Vec<String> = record
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err(InputError::file(
            file,
            "the file is empty; it needs a header row and at least one data row",
        ));
    }
    Ok(headers)
}

type Located = (HashMap<&'static str, usize>, Vec<usize>);

fn locate_fields(
    file: &str,
    headers: &[String],
    fields: &[Field],
    map: &HashMap<String, String>,
) -> Result<Located, InputError> {
    let mut position: HashMap<&str, usize> = HashMap::new();
    // Columns with an empty header are not fields: spreadsheets export
    // trailing empty cells on every line. `check_unnamed_columns` rejects
    // them once the rows show they hold data.
    for (i, h) in headers.iter().enumerate().filter(|(_, h)| !h.is_empty()) {
        if let Some(first) = position.insert(h.as_str(), i) {
            return Err(InputError {
                file: file.to_string(),
                line: Some(1),
                column: Some((h.clone(), i + 1)),
                message: format!(
                    "column `{h}` appears twice (also column {}); rename one",
                    first + 1
                ),
            });
        }
    }

    let mut known = HashMap::new();
    for field in fields {
        let (header, mapped) = match map.get(field.name) {
            Some(h) => (h.as_str(), true),
            None => (field.name, false),
        };
        match position.get(header) {
            Some(&c) => {
                known.insert(field.name, c);
            }
            None if mapped => {
                return Err(InputError {
                    file: file.to_string(),
                    line: Some(1),
                    column: None,
                    message: format!(
                        "the column map names `{header}` for `{}`, but the header has no such \
                         column (it has: {}); fix the map",
                        field.name,
                        named(headers)
                    ),
                });
            }
            None if field.required => {
                return Err(InputError {
                    file: file.to_string(),
                    line: Some(1),
                    column: None,
                    message: format!(
                        "required column `{}` is missing (the header has: {}); add it or map it \
                         with --map {}=<your column>",
                        field.name,
                        named(headers),
                        field.name
                    ),
                });
            }
            None => {}
        }
    }

    let used: Vec<usize> = known.values().copied().collect();
    let extra = (0..headers.len())
        .filter(|&c| !used.contains(&c) && !headers[c].is_empty())
        .collect();
    Ok((known, extra))
}

/// The non-empty header names, comma separated, for messages.
fn named(headers: &[String]) -> String {
    let names: Vec<&str> = headers
        .iter()
        .map(String::as_str)
        .filter(|h| !h.is_empty())
        .collect();
    names.join(", ")
}

/// Rejects a column with an empty header that holds data in some row.
///
/// An unnamed column whose cells are all empty is ignored (left by
/// spreadsheet exports); one with data is most likely a header cell the
/// user forgot to fill in, and silently dropping that data would hide it.
fn check_unnamed_columns(
    file: &str,
    headers: &[String],
    rows: &[(u64, Vec<String>)],
) -> Result<(), InputError> {
    for (c, _) in headers.iter().enumerate().filter(|(_, h)| h.is_empty()) {
        if let Some((line, row)) = rows.iter().find(|(_, row)| !row[c].trim().is_empty()) {
            return Err(InputError {
                file: file.to_string(),
                line: Some(*line),
                column: Some((String::new(), c + 1)),
                message: format!(
                    "the column has no header but this row holds `{}` in it; give the \
                     column a name in the header row, or delete the column",
                    row[c].trim()
                ),
            });
        }
    }
    Ok(())
}

fn read_rows(
    file: &str,
    reader: &mut csv::Reader<&[u8]>,
    width: usize,
) -> Result<Vec<(u64, Vec<String>)>, InputError> {
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(file, &e)),
        }
        let line = record.position().map_or(0, csv::Position::line);

        // A row of empty cells is a blank line left by a spreadsheet.
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != width {
            return Err(InputError {
                file: file.to_string(),
                line: Some(line),
                column: None,
                message: format!(
                    "the row has {} fields but the header has {width}; check quoting and commas",
                    record.len()
                ),
            });
        }
        rows.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(rows)
}

fn csv_error(file: &str, err: &csv::Error) -> InputError {
    let line = err.position().map(csv::Position::line);
    let message = match err.kind() {
        csv::ErrorKind::Utf8 { .. } => "the file is not valid UTF-8; save it as UTF-8".to_string(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "the row has {len} fields but the header has {expected_len}; check quoting and commas"
        ),
        _ => format!("cannot read the CSV: {err}"),
    };
    InputError {
        file: file.to_string(),
        line,
        column: None,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_pass_through_headers_that_collide() {
        let fixed = ["account_id", "rep_id"];
        let extra: Vec<String> = ["note", "rep_id", "input_rep_id", "input_rep_id_2"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            pass_through_headers(&fixed, &extra),
            ["note", "input_rep_id_3", "input_rep_id", "input_rep_id_2"]
        );
        assert_eq!(
            pass_through_headers(&fixed, &["note".to_string()]),
            ["note"]
        );
    }
}
