//! Printers for `tcplan assign`: the assignment CSV, the rep summary CSV, a
//! readable table and the versioned JSON summary.

use serde::Serialize;

use crate::assign::pareto::ParetoPoint;
use crate::assign::{Solution, Status, Strategy};
use crate::territory::explain::{number, Plan, RepRow};

/// Version of the JSON layout; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// Most rep rows the table prints before pointing to `--summary`.
const TABLE_REPS: usize = 25;

/// One balance metric's figures.
#[derive(Debug, Clone, Serialize)]
pub struct MetricLine {
    /// Metric name.
    pub name: String,
    /// Objective weight.
    pub weight: f64,
    /// Largest relative deviation achieved.
    pub max_deviation: f64,
    /// Proven lower bound on it.
    pub lower_bound: f64,
}

/// Everything the table and JSON summaries show.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Layout version.
    pub format_version: u32,
    /// How the solve ended.
    pub status: Status,
    /// Strategy that produced the assignment.
    pub strategy: Strategy,
    /// Number of accounts.
    pub accounts: usize,
    /// Number of families of two or more accounts.
    pub families: usize,
    /// Number of reps.
    pub reps: usize,
    /// Largest relative deviation of potential from target.
    pub max_deviation: f64,
    /// Balance band, when one was set.
    pub band: Option<f64>,
    /// Accounts that change owner.
    pub moves: u64,
    /// Potential of the accounts that change owner.
    pub moved_potential: f64,
    /// Total pair cost.
    pub cost: f64,
    /// Objective value.
    pub objective: f64,
    /// Best proven lower bound on the objective.
    pub lower_bound: Option<f64>,
    /// Relative gap between objective and lower bound.
    pub gap: Option<f64>,
    /// Objective minus lower bound. When the bound is 0 (balance's LP
    /// relaxation usually is) the relative gap is 100 % however good the
    /// answer; this says how far from the best possible it can be.
    pub absolute_gap: Option<f64>,
    /// Per-metric figures.
    pub metrics: Vec<MetricLine>,
    /// Wall-clock seconds of the solve.
    pub seconds: f64,
    /// Balance/moves frontier, with `--pareto`.
    pub pareto: Option<Vec<ParetoPoint>>,
    /// Per-rep rows.
    pub rep_rows: Vec<RepRow>,
}

impl Summary {
    /// Gathers the figures of a solved plan.
    pub fn new(
        solution: &Solution,
        plan: &Plan,
        counts: (usize, usize, usize),
        band: Option<f64>,
        metrics: Vec<MetricLine>,
        pareto: Option<Vec<ParetoPoint>>,
    ) -> Self {
        let evaluation = solution.evaluation.as_ref();
        Summary {
            format_version: FORMAT_VERSION,
            status: solution.status,
            strategy: solution.strategy,
            accounts: counts.0,
            families: counts.1,
            reps: counts.2,
            max_deviation: plan.max_deviation,
            band,
            moves: plan.moves,
            moved_potential: plan.moved_potential,
            cost: evaluation.map_or(0.0, |e| e.cost),
            objective: evaluation.map_or(0.0, |e| e.objective),
            lower_bound: solution.lower_bound,
            gap: solution.gap(),
            absolute_gap: evaluation
                .zip(solution.lower_bound)
                .map(|(e, lb)| (e.objective - lb).max(0.0)),
            metrics,
            seconds: solution.seconds,
            pareto,
            rep_rows: plan.reps.clone(),
        }
    }
}

/// The versioned JSON summary.
pub fn json(summary: &Summary) -> String {
    let mut text = serde_json::to_string_pretty(summary).expect("summary serialises");
    text.push('\n');
    text
}

fn pct(x: f64) -> String {
    format!("{:.3} %", 100.0 * x)
}

/// A frontier deviation: four decimals, since neighbouring points of a
/// well-balanced frontier differ by ten-thousandths of a percent.
fn frontier_pct(x: f64) -> String {
    format!("{:.4} %", 100.0 * x)
}

/// The readable summary printed by default.
pub fn table(s: &Summary) -> String {
    let mut out = String::new();
    let line =
        |out: &mut String, key: &str, value: String| out.push_str(&format!("{key:<15}{value}\n"));
    line(
        &mut out,
        "territories",
        format!(
            "{} accounts ({} families) -> {} reps",
            number(s.accounts as f64),
            s.families,
            s.reps
        ),
    );
    line(&mut out, "status", s.status.sentence().to_string());
    line(
        &mut out,
        "strategy",
        format!("{:?}", s.strategy).to_lowercase(),
    );
    let bound = s
        .metrics
        .first()
        .filter(|m| m.name == "potential")
        .map(|m| m.lower_bound);
    let mut dev = pct(s.max_deviation);
    if let (Some(b), Some(_)) = (bound, s.band) {
        dev.push_str(&format!(
            " of target potential (proven lower bound {})",
            pct(b)
        ));
    } else if let Some(b) = bound {
        dev.push_str(&format!(
            " of target potential (proven lower bound {}: within {:.3} points of the best)",
            pct(b),
            100.0 * (s.max_deviation - b).max(0.0)
        ));
    }
    if let Some(band) = s.band {
        dev.push_str(&format!(", band {}", pct(band)));
    }
    line(&mut out, "max deviation", dev);
    for m in s.metrics.iter().filter(|m| m.name != "potential") {
        line(
            &mut out,
            "",
            format!(
                "{}: {} (weight {}, lower bound {})",
                m.name,
                pct(m.max_deviation),
                m.weight,
                pct(m.lower_bound)
            ),
        );
    }
    line(
        &mut out,
        "moves",
        format!(
            "{} accounts, potential {}",
            number(s.moves as f64),
            number(s.moved_potential)
        ),
    );
    if s.cost != 0.0 {
        line(&mut out, "cost", number(s.cost));
    }
    let mut objective = format!("{:.6}", s.objective);
    if let Some(lb) = s.lower_bound {
        objective.push_str(&format!(" (lower bound {lb:.6}"));
        if let (Some(gap), Some(absolute)) = (s.gap, s.absolute_gap) {
            objective.push_str(&format!(", gap {absolute:.6}, {} relative", pct(gap)));
        }
        objective.push(')');
    }
    line(&mut out, "objective", objective);
    line(&mut out, "time", format!("{:.2} s", s.seconds));

    if let Some(points) = &s.pareto {
        out.push_str("\nbalance / moves frontier\n");
        out.push_str(&format!("{:>14} {:>10}\n", "max deviation", "moves"));
        for p in points {
            out.push_str(&format!(
                "{:>14} {:>10}\n",
                frontier_pct(p.max_deviation),
                number(p.disruption)
            ));
        }
    }

    out.push('\n');
    let mut rows: Vec<&RepRow> = s.rep_rows.iter().collect();
    if rows.len() > TABLE_REPS {
        rows.sort_by(|a, b| b.deviation.abs().total_cmp(&a.deviation.abs()));
        rows.truncate(TABLE_REPS);
    }
    let w = rows
        .iter()
        .map(|r| r.rep_id.chars().count())
        .max()
        .unwrap_or(3)
        .max(3);
    out.push_str(&format!(
        "{:<w$} {:>8} {:>14} {:>14} {:>9} {:>10} {:>8} {:>6} {:>6}\n",
        "rep", "accounts", "potential", "target", "dev", "workload", "cap use", "in", "out"
    ));
    for r in &rows {
        out.push_str(&format!(
            "{:<w$} {:>8} {:>14} {:>14} {:>9} {:>10} {:>8} {:>6} {:>6}\n",
            r.rep_id,
            r.accounts,
            number(r.potential),
            number(r.target),
            format!("{:+.3}%", 100.0 * r.deviation),
            number(r.workload),
            format!("{:.0}%", 100.0 * r.capacity_use),
            r.moved_in,
            r.moved_out
        ));
    }
    if s.rep_rows.len() > rows.len() {
        out.push_str(&format!(
            "({} largest deviations of {} reps shown; write all with --summary reps.csv)\n",
            rows.len(),
            s.rep_rows.len()
        ));
    }
    out
}

/// `assignment.csv`: account_id, rep_id, previous_owner, moved, reason, then
/// the pass-through columns. A pass-through column named like one of the
/// first five is renamed `input_<name>` (see
/// [`pass_through_headers`](crate::territory::table::pass_through_headers)).
pub fn assignment_csv(plan: &Plan, extra_headers: &[String]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fixed = ["account_id", "rep_id", "previous_owner", "moved", "reason"];
    let mut header: Vec<String> = fixed.iter().map(|h| h.to_string()).collect();
    header.extend(crate::territory::table::pass_through_headers(
        &fixed,
        extra_headers,
    ));
    w.write_record(&header).expect("writing to memory");
    for row in &plan.accounts {
        let mut record = vec![
            row.account_id.clone(),
            row.rep_id.clone(),
            row.previous_owner.clone().unwrap_or_default(),
            row.moved.to_string(),
            row.reason.words().to_string(),
        ];
        record.extend(row.extra.iter().cloned());
        w.write_record(&record).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// The rep summary CSV.
pub fn summary_csv(plan: &Plan) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "rep_id",
        "accounts",
        "potential",
        "target",
        "deviation_pct",
        "workload",
        "capacity_use_pct",
        "moved_in",
        "moved_out",
    ])
    .expect("writing to memory");
    for r in &plan.reps {
        w.write_record([
            r.rep_id.clone(),
            r.accounts.to_string(),
            format!("{:.2}", r.potential),
            format!("{:.2}", r.target),
            format!("{:.3}", 100.0 * r.deviation),
            format!("{:.2}", r.workload),
            format!("{:.1}", 100.0 * r.capacity_use),
            r.moved_in.to_string(),
            r.moved_out.to_string(),
        ])
        .expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}
