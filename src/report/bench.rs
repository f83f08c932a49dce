//! Printers for `tcplan bench`: a fixed-width table and a versioned JSON
//! document.

use std::fmt::Write;

use crate::assign::{Status, Strategy};
use crate::bench::territory::RunStatus;
use crate::bench::{GapReport, TerritoryReport};

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

/// The `bench territory` table: one row per size and strategy, then the
/// totals line.
pub fn territory_table(report: &TerritoryReport) -> String {
    const HEADER: [&str; 15] = [
        "size",
        "pairs",
        "strategy",
        "ran",
        "backend",
        "status",
        "max dev %",
        "dev bound %",
        "moves",
        "objective",
        "bound",
        "gap %",
        "gen s",
        "solve s",
        "note",
    ];
    // Sizes and words read left-aligned; figures right-aligned.
    const LEFT: [bool; 15] = [
        true, false, true, true, true, true, false, false, false, false, false, false, false,
        false, true,
    ];
    let fixed = |value: Option<f64>, decimals: usize| {
        value.map_or("-".to_string(), |v| format!("{v:.decimals$}"))
    };
    let mut lines: Vec<Vec<String>> = vec![HEADER.map(String::from).to_vec()];
    for row in &report.rows {
        lines.push(vec![
            format!("{}x{}", row.accounts, row.reps),
            row.pairs.to_string(),
            strategy_name(row.requested).to_string(),
            row.strategy.map_or("-", strategy_name).to_string(),
            row.backend.to_string(),
            run_status_word(row.status).to_string(),
            fixed(row.max_deviation_percent, 4),
            fixed(row.deviation_bound_percent, 4),
            row.moves.map_or("-".to_string(), |m| m.to_string()),
            fixed(row.objective, 6),
            fixed(row.lower_bound, 6),
            fixed(row.gap_percent, 2),
            format!("{:.3}", row.generate_seconds),
            fixed(row.seconds, 3),
            row.note.clone().unwrap_or_default(),
        ]);
    }

    let mut widths = [0usize; 15];
    for line in &lines {
        for (w, cell) in widths.iter_mut().zip(line) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for line in &lines {
        let mut text = String::new();
        for (k, cell) in line.iter().enumerate() {
            if k > 0 {
                text.push_str("  ");
            }
            let width = widths[k];
            if LEFT[k] {
                let _ = write!(text, "{cell:<width$}");
            } else {
                let _ = write!(text, "{cell:>width$}");
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }

    let t = &report.totals;
    let _ = write!(out, "{} runs", t.runs);
    if t.skipped > 0 {
        let _ = write!(out, " and {} skipped", t.skipped);
    }
    let _ = writeln!(
        out,
        ", {} proven optimal, {:.2} s solving, {:.2} s generating; seed {}, time limit {} s, \
         LP backend {}",
        t.optimal, t.seconds, t.generate_seconds, report.seed, report.time_limit, report.backend
    );
    out
}

/// The `bench territory` JSON document, fields in a fixed order.
pub fn territory_json(report: &TerritoryReport) -> String {
    #[derive(serde::Serialize)]
    struct Document<'a> {
        version: u32,
        benchmark: &'static str,
        report: &'a TerritoryReport,
    }

    let doc = Document {
        version: JSON_VERSION,
        benchmark: "territory",
        report,
    };
    let mut text = serde_json::to_string_pretty(&doc).expect("report serialises");
    text.push('\n');
    text
}

/// The command-line name of a strategy.
pub fn strategy_name(strategy: Strategy) -> &'static str {
    match strategy {
        Strategy::Auto => "auto",
        Strategy::Exact => "exact",
        Strategy::Heuristic => "heuristic",
    }
}

fn run_status_word(status: RunStatus) -> &'static str {
    match status {
        RunStatus::Optimal => "optimal",
        RunStatus::Feasible => "feasible",
        RunStatus::Infeasible => "infeasible",
        RunStatus::NoSolution => "no solution",
        RunStatus::Skipped => "skipped",
    }
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
