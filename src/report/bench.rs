//! Printers for `tcplan bench`: a fixed-width table and a versioned JSON
//! document.

use std::fmt::Write;

use crate::assign::Status;
use crate::bench::GapReport;

/// Version of the JSON layout; bumped when a field changes meaning.
pub const JSON_VERSION: u32 = 1;

/// The `bench gap` table: one row per problem, then the totals line.
pub fn gap_table(report: &GapReport) -> String {
    let header = [
        "problem",
        "agents",
        "jobs",
        "value",
        "bound",
        "status",
        "seconds",
        "reference",
        "gap %",
    ];
    let mut lines: Vec<[String; 9]> = Vec::with_capacity(report.rows.len());
    for row in &report.rows {
        lines.push([
            row.name.clone(),
            row.agents.to_string(),
            row.jobs.to_string(),
            number(row.value),
            number(row.bound),
            status_word(row.status).to_string(),
            format!("{:.3}", row.seconds),
            number(row.reference),
            row.gap_percent
                .map_or("-".to_string(), |g| format!("{g:.2}")),
        ]);
    }

    let mut widths = header.map(str::len);
    for line in &lines {
        for (w, cell) in widths.iter_mut().zip(line) {
            *w = (*w).max(cell.len());
        }
    }

    let mut out = String::new();
    let cells = header.map(String::from);
    push_line(&mut out, &cells, &widths);
    for line in &lines {
        push_line(&mut out, line, &widths);
    }

    let t = &report.totals;
    let _ = write!(out, "{} problems", t.problems);
    if t.with_reference > 0 {
        let _ = write!(
            out,
            ", {} of {} within 1 % of the reference",
            t.within_one_percent, t.with_reference
        );
    }
    let _ = writeln!(
        out,
        ", {} proven optimal, {:.2} s in total",
        t.optimal, t.seconds
    );
    out
}

/// The `bench gap` JSON document, fields in a fixed order.
pub fn gap_json(report: &GapReport) -> String {
    #[derive(serde::Serialize)]
    struct Document<'a> {
        version: u32,
        benchmark: &'static str,
        report: &'a GapReport,
    }

    let doc = Document {
        version: JSON_VERSION,
        benchmark: "gap",
        report,
    };
    let mut text = serde_json::to_string_pretty(&doc).expect("report serialises");
    text.push('\n');
    text
}

fn push_line(out: &mut String, cells: &[String; 9], widths: &[usize; 9]) {
    let mut line = String::new();
    for (k, (cell, width)) in cells.iter().zip(widths).enumerate() {
        if k > 0 {
            line.push_str("  ");
        }
        // Names and statuses read left-aligned; figures right-aligned.
        if k == 0 || k == 5 {
            let _ = write!(line, "{cell:<width$}");
        } else {
            let _ = write!(line, "{cell:>width$}");
        }
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

fn number(value: Option<f64>) -> String {
    match value {
        Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => format!("{v:.0}"),
        Some(v) => format!("{v:.3}"),
        None => "-".to_string(),
    }
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::Optimal => "optimal",
        Status::Feasible => "feasible",
        Status::Infeasible => "infeasible",
        Status::NoSolution => "no solution",
    }
}
