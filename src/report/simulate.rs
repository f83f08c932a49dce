//! Printers for `tcplan simulate`: a readable table, versioned JSON, and
//! CSV with one row per role and quarter.

use std::fmt::Write;

use crate::scenario::Demand;
use crate::simulate::{Outcome, Percentile, QuantitySummary, RoleSummary};

/// Column label of a percentile: 10 -> "P10", 2.5 -> "P2.5".
fn label(p: f64) -> String {
    format!("P{p}")
}

fn pct(share: f64) -> String {
    format!("{:.1} %", share * 100.0)
}

/// The report as a text table, role by quarter.
pub fn table(o: &Outcome) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} trials, seed {}, hiring plan at {} confidence",
        o.scenario,
        o.trials,
        o.seed,
        pct(o.confidence)
    );
    if let Some(p) = &o.precision {
        let verdict = if p.reached {
            "reached"
        } else {
            "not reached (trial cap)"
        };
        let _ = writeln!(
            out,
            "precision target {} people: {verdict}, largest standard error {:.3}",
            p.target, p.worst_se
        );
    }
    let _ = writeln!(out);
    volumes(&mut out, o);
    for role in &o.roles {
        let _ = writeln!(out);
        role_table(&mut out, o, role);
    }
    let worst = o
        .roles
        .iter()
        .flat_map(|r| {
            r.quarters
                .iter()
                .flat_map(|q| q.percentiles.iter().map(|p| p.se))
        })
        .fold(0.0, f64::max);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Largest Monte Carlo standard error of a headcount percentile: {worst:.3} people."
    );
    out
}

fn volumes(out: &mut String, o: &Outcome) {
    let _ = write!(out, "{:<9} {:>12}", "quarter", "sign-ups");
    for p in &o.percentiles {
        let _ = write!(out, " {:>9}", label(*p));
    }
    let _ = write!(out, " {:>12}", "conversions");
    for p in &o.percentiles {
        let _ = write!(out, " {:>8}", label(*p));
    }
    let _ = writeln!(out);
    for (s, c) in o.signups.iter().zip(&o.conversions) {
        let _ = write!(out, "{:<9} {:>12.1}", s.quarter, s.mean);
        for p in &s.percentiles {
            let _ = write!(out, " {:>9}", p.value);
        }
        let _ = write!(out, " {:>12.1}", c.mean);
        for p in &c.percentiles {
            let _ = write!(out, " {:>8}", p.value);
        }
        let _ = writeln!(out);
    }
}

fn role_table(out: &mut String, o: &Outcome, role: &RoleSummary) {
    let _ = writeln!(
        out,
        "{} (demand: {}, headcount {}, lead time {} quarter(s), attrition {} per quarter)",
        role.name,
        match role.demand {
            Demand::Conversions => "conversions",
            Demand::Accounts => "active accounts",
            Demand::Tickets => "tickets",
        },
        role.headcount,
        role.lead_time,
        pct(role.mean_attrition)
    );
    let _ = write!(out, "{:<9} {:>7}", "quarter", "mean");
    for p in &o.percentiles {
        let _ = write!(out, " {:>5}", label(*p));
    }
    let _ = writeln!(
        out,
        " {:>8} {:>8} {:>6} {:>7} {:>6} {:>9}",
        "planned", "coverage", "target", "starts", "open", "shortfall"
    );
    for q in &role.quarters {
        let _ = write!(out, "{:<9} {:>7.2}", q.quarter, q.mean);
        for p in &q.percentiles {
            let _ = write!(out, " {:>5}", p.value);
        }
        let _ = writeln!(
            out,
            " {:>8.1} {:>8} {:>6} {:>7} {:>6} {:>9.1}",
            q.planned_capacity,
            pct(q.coverage),
            q.target,
            q.hires_start,
            q.requisitions_open,
            q.shortfall
        );
    }
    for req in &role.requisitions {
        let _ = writeln!(
            out,
            "  open {} requisition(s) in {}: start {}, needed for {}",
            req.hires, req.open, req.start, req.needed_for
        );
    }
    if role.requisitions.is_empty() {
        let _ = writeln!(out, "  no hires needed at this confidence");
    }
}

/// The report as pretty JSON (shape documented in docs/simulate.md).
pub fn json(o: &Outcome) -> String {
    let mut text = serde_json::to_string_pretty(o).expect("the outcome serialises");
    text.push('\n');
    text
}

fn percentile_fields(ps: &[Percentile], row: &mut Vec<String>) {
    for p in ps {
        row.push(p.value.to_string());
        row.push(format!("{}", p.se));
    }
}

/// The report as CSV: one row per role and quarter, then sign-ups and
/// conversions as the pseudo-roles `signups` and `conversions`.
pub fn csv(o: &Outcome) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = vec!["role".into(), "quarter".into(), "mean".into()];
    for p in &o.percentiles {
        let l = label(*p).to_lowercase();
        header.push(l.clone());
        header.push(format!("{l}_se"));
    }
    for h in [
        "planned_capacity",
        "coverage",
        "target",
        "plan_capacity",
        "plan_coverage",
        "hires_start",
        "requisitions_open",
        "shortfall",
    ] {
        header.push(h.into());
    }
    w.write_record(&header)?;

    for role in &o.roles {
        for q in &role.quarters {
            let mut row = vec![role.name.clone(), q.quarter.clone(), format!("{}", q.mean)];
            percentile_fields(&q.percentiles, &mut row);
            row.extend([
                format!("{}", q.planned_capacity),
                format!("{}", q.coverage),
                q.target.to_string(),
                format!("{}", q.plan_capacity),
                format!("{}", q.plan_coverage),
                q.hires_start.to_string(),
                q.requisitions_open.to_string(),
                format!("{}", q.shortfall),
            ]);
            w.write_record(&row)?;
        }
    }
    for (name, rows) in [("signups", &o.signups), ("conversions", &o.conversions)] {
        write_quantity(&mut w, name, rows, header.len())?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| anyhow::anyhow!("cannot write CSV: {e}"))?;
    Ok(String::from_utf8(bytes)?)
}

fn write_quantity(
    w: &mut csv::Writer<Vec<u8>>,
    name: &str,
    rows: &[QuantitySummary],
    width: usize,
) -> anyhow::Result<()> {
    for q in rows {
        let mut row = vec![name.to_string(), q.quarter.clone(), format!("{}", q.mean)];
        percentile_fields(&q.percentiles, &mut row);
        row.resize(width, String::new());
        w.write_record(&row)?;
    }
    Ok(())
}
