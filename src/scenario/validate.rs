//! Semantic checks of a deserialised scenario. Each check names the key
//! path at fault; the caller turns the path into a line and column.

use std::collections::BTreeSet;

use super::error::{nearest, Issue};
use super::locate::KeyPath;
use super::{Demand, Dist, Role, Scenario, Segment, FORMAT_VERSION};
use crate::dist::Domain;

/// Tolerance on shares and lag profiles that must sum to 1.
const SUM_TOLERANCE: f64 = 1e-6;

/// Longest horizon accepted (100 years), to keep tables readable.
const MAX_QUARTERS: i64 = 400;

/// Splits "2027-Q1" into (2027, 1).
pub fn parse_quarter_label(label: &str) -> Option<(i32, u32)> {
    let (year, q) = label.split_once("-Q")?;
    let year: i32 = year.parse().ok()?;
    let q: u32 = q.parse().ok()?;
    ((1..=4).contains(&q) && (1..=9999).contains(&year)).then_some((year, q))
}

type Check = Result<(), Issue>;

fn root() -> KeyPath {
    KeyPath::root()
}

fn dist(path: KeyPath, d: &Dist, domain: Domain) -> Check {
    d.check(domain).map_err(|p| {
        let path = match p.key {
            Some(k) if !matches!(d, Dist::Const(_)) => path.key(k),
            _ => path,
        };
        Issue::new(path, p.found, p.allowed)
    })
}

fn probability(path: KeyPath, v: f64) -> Check {
    if (0.0..=1.0).contains(&v) {
        Ok(())
    } else {
        Err(Issue::new(path, v.to_string(), "a probability in [0, 1]"))
    }
}

fn count(path: KeyPath, v: i64) -> Check {
    if v >= 0 {
        Ok(())
    } else {
        Err(Issue::new(path, v.to_string(), "a count >= 0"))
    }
}

fn sums_to_one(path: KeyPath, what: &str, values: impl Iterator<Item = f64>) -> Check {
    let total: f64 = values.sum();
    if (total - 1.0).abs() <= SUM_TOLERANCE {
        Ok(())
    } else {
        // Nine decimals show any gap above the tolerance without the
        // binary noise of a float sum (0.8999999999999999).
        let shown = format!("{total:.9}");
        let shown = shown.trim_end_matches('0').trim_end_matches('.');
        Err(Issue::new(
            path,
            format!("{what} summing to {shown}"),
            format!("{what} summing to 1 (within {SUM_TOLERANCE})"),
        ))
    }
}

fn unique_names<'a>(path: KeyPath, names: impl Iterator<Item = &'a str>) -> Check {
    let mut seen = BTreeSet::new();
    for (i, name) in names.enumerate() {
        if name.trim().is_empty() {
            return Err(Issue::new(
                path.index(i),
                "an empty name",
                "a non-empty name",
            ));
        }
        if !seen.insert(name) {
            return Err(Issue::new(
                path.index(i),
                format!("name `{name}` used twice"),
                "unique names",
            ));
        }
    }
    Ok(())
}

fn reference(path: KeyPath, name: &str, what: &str, known: &[&str]) -> Check {
    if known.contains(&name) {
        return Ok(());
    }
    let list = known
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let issue = Issue::new(path, format!("{what} `{name}`, which does not exist"), list);
    Err(match nearest(name, known.iter().copied()) {
        Some(n) => issue.hint(format!("did you mean `{n}`?")),
        None => issue,
    })
}

/// Checks every value of a scenario.
pub fn validate(s: &Scenario) -> Check {
    if s.version != FORMAT_VERSION {
        return Err(Issue::new(
            root().key("version"),
            s.version.to_string(),
            "1",
        ));
    }
    if parse_quarter_label(&s.start).is_none() {
        return Err(Issue::new(
            root().key("start"),
            format!("\"{}\"", s.start),
            "a quarter label such as \"2027-Q1\"",
        ));
    }
    if !(1..=MAX_QUARTERS).contains(&s.quarters) {
        return Err(Issue::new(
            root().key("quarters"),
            s.quarters.to_string(),
            format!("a number of quarters from 1 to {MAX_QUARTERS}"),
        ));
    }
    if s.tiers.is_empty() {
        return Err(Issue::new(
            root().key("tiers"),
            "an empty list",
            "at least one tier",
        ));
    }
    unique_names(root().key("tiers"), s.tiers.iter().map(String::as_str))?;

    check_signups(s)?;
    check_segments(s)?;
    check_roles(s)?;
    check_simulation(s)
}

/// The quarter labels of the horizon.
pub fn quarter_labels(start: &str, quarters: usize) -> Vec<String> {
    let (year, q) = parse_quarter_label(start).unwrap_or((1, 1));
    (0..quarters)
        .map(|i| {
            let idx = (q as usize - 1) + i;
            format!("{}-Q{}", year as usize + idx / 4, idx % 4 + 1)
        })
        .collect()
}

fn check_signups(s: &Scenario) -> Check {
    let path = root().key("signups");
    dist(path.key("base"), &s.signups.base, Domain::NonNegative)?;
    if let Some(g) = &s.signups.growth {
        dist(path.key("growth"), g, Domain::Change)?;
    }
    if let Some(season) = &s.signups.seasonality {
        if season.len() != 4 {
            return Err(Issue::new(
                path.key("seasonality"),
                format!("{} values", season.len()),
                "4 multipliers, for calendar quarters Q1 to Q4",
            ));
        }
        for (i, m) in season.iter().enumerate() {
            if !(m.is_finite() && *m >= 0.0) {
                return Err(Issue::new(
                    path.key("seasonality").index(i),
                    m.to_string(),
                    "a multiplier >= 0",
                ));
            }
        }
    }
    let labels = quarter_labels(&s.start, s.quarters as usize);
    for (i, c) in s.signups.campaigns.iter().enumerate() {
        let cpath = path.key("campaigns").index(i);
        if !labels.contains(&c.quarter) {
            return Err(Issue::new(
                cpath.key("quarter"),
                format!("\"{}\"", c.quarter),
                format!(
                    "a quarter of the horizon, {} to {}",
                    labels[0],
                    labels[labels.len() - 1]
                ),
            ));
        }
        dist(cpath.key("uplift"), &c.uplift, Domain::Change)?;
    }
    Ok(())
}

fn check_segments(s: &Scenario) -> Check {
    let path = root().key("segments");
    if s.segments.is_empty() {
        return Err(Issue::new(
            path,
            "an empty list",
            "at least one [[segments]] table",
        ));
    }
    unique_names(path.clone(), s.segments.iter().map(|g| g.name.as_str()))?;
    let tiers: Vec<&str> = s.tiers.iter().map(String::as_str).collect();
    for (i, seg) in s.segments.iter().enumerate() {
        check_segment(path.index(i), seg, &tiers)?;
    }
    sums_to_one(
        path.index(0).key("share"),
        "segment shares",
        s.segments.iter().map(|g| g.share),
    )
}

fn check_segment(path: KeyPath, seg: &Segment, tiers: &[&str]) -> Check {
    probability(path.key("share"), seg.share)?;
    dist(path.key("conversion"), &seg.conversion, Domain::Probability)?;
    if let Some(lag) = &seg.lag {
        if lag.is_empty() {
            return Err(Issue::new(
                path.key("lag"),
                "an empty list",
                "fractions summing to 1",
            ));
        }
        for (i, f) in lag.iter().enumerate() {
            probability(path.key("lag").index(i), *f)?;
        }
        sums_to_one(path.key("lag"), "lag fractions", lag.iter().copied())?;
    }
    if seg.tiers.is_empty() {
        return Err(Issue::new(
            path.key("tiers"),
            "an empty table",
            "a share for at least one tier",
        ));
    }
    for (name, share) in &seg.tiers {
        reference(path.key("tiers").key(name), name, "tier", tiers)?;
        probability(path.key("tiers").key(name), *share)?;
    }
    sums_to_one(
        path.key("tiers"),
        "tier shares",
        seg.tiers.values().copied(),
    )?;
    if let Some(churn) = &seg.churn {
        dist(path.key("churn"), churn, Domain::Probability)?;
    }
    count(path.key("accounts"), seg.accounts)
}

fn check_roles(s: &Scenario) -> Check {
    let path = root().key("roles");
    if s.roles.is_empty() {
        return Err(Issue::new(
            path,
            "an empty list",
            "at least one [[roles]] table",
        ));
    }
    unique_names(path.clone(), s.roles.iter().map(|r| r.name.as_str()))?;
    for (i, role) in s.roles.iter().enumerate() {
        check_role(path.index(i), role, s)?;
    }
    Ok(())
}

fn check_role(path: KeyPath, role: &Role, s: &Scenario) -> Check {
    let tiers: Vec<&str> = s.tiers.iter().map(String::as_str).collect();
    let segments: Vec<&str> = s.segments.iter().map(|g| g.name.as_str()).collect();
    for (i, t) in role.tiers.iter().flatten().enumerate() {
        reference(path.key("tiers").index(i), t, "tier", &tiers)?;
    }
    for (i, g) in role.segments.iter().flatten().enumerate() {
        reference(path.key("segments").index(i), g, "segment", &segments)?;
    }
    if role.tiers.as_ref().is_some_and(Vec::is_empty) {
        return Err(Issue::new(
            path.key("tiers"),
            "an empty list",
            "at least one tier, or no key",
        ));
    }
    if role.segments.as_ref().is_some_and(Vec::is_empty) {
        return Err(Issue::new(
            path.key("segments"),
            "an empty list",
            "at least one segment, or no key",
        ));
    }

    match (&role.tickets_per_account, role.demand) {
        (None, Demand::Tickets) => {
            return Err(Issue::new(
                path.key("tickets_per_account"),
                "no key",
                "tickets per active account per quarter, required when demand = \"tickets\"",
            ))
        }
        (Some(_), Demand::Conversions | Demand::Accounts) => {
            return Err(Issue::new(
                path.key("tickets_per_account"),
                "tickets_per_account on a role whose demand is not tickets",
                "this key only with demand = \"tickets\"",
            ))
        }
        (Some(t), Demand::Tickets) => {
            dist(path.key("tickets_per_account"), t, Domain::NonNegative)?
        }
        (None, _) => {}
    }
    match (&role.productivity, &role.erlang) {
        (Some(p), None) => dist(path.key("productivity"), p, Domain::Positive)?,
        (None, Some(e)) => {
            if role.demand != Demand::Tickets {
                return Err(Issue::new(
                    path.key("erlang"),
                    "erlang staffing on a role whose demand is not tickets",
                    "erlang only with demand = \"tickets\"",
                ));
            }
            let ep = path.key("erlang");
            dist(
                ep.key("handle_minutes"),
                &e.handle_minutes,
                Domain::Positive,
            )?;
            let open = |v: f64| v > 0.0 && v < 1.0;
            if !open(e.service_level) {
                return Err(Issue::new(
                    ep.key("service_level"),
                    e.service_level.to_string(),
                    "a share in (0, 1)",
                ));
            }
            if !(e.answer_within_minutes.is_finite() && e.answer_within_minutes >= 0.0) {
                return Err(Issue::new(
                    ep.key("answer_within_minutes"),
                    e.answer_within_minutes.to_string(),
                    "minutes >= 0",
                ));
            }
            if !(e.occupancy_max > 0.0 && e.occupancy_max <= 1.0) {
                return Err(Issue::new(
                    ep.key("occupancy_max"),
                    e.occupancy_max.to_string(),
                    "a share in (0, 1]",
                ));
            }
            if !(0.0..1.0).contains(&e.shrinkage) {
                return Err(Issue::new(
                    ep.key("shrinkage"),
                    e.shrinkage.to_string(),
                    "a share in [0, 1)",
                ));
            }
            if !(e.open_hours_per_quarter.is_finite() && e.open_hours_per_quarter > 0.0) {
                return Err(Issue::new(
                    ep.key("open_hours_per_quarter"),
                    e.open_hours_per_quarter.to_string(),
                    "hours > 0",
                ));
            }
        }
        (None, None) => {
            return Err(Issue::new(
                path.key("productivity"),
                "no key",
                "a productivity (demand handled per person per quarter) or an [erlang] table",
            ))
        }
        (Some(_), Some(_)) => {
            return Err(Issue::new(
                path.key("erlang"),
                "both productivity and erlang",
                "one of productivity or erlang",
            ))
        }
    }
    for (i, f) in role.ramp.iter().enumerate() {
        probability(path.key("ramp").index(i), *f)?;
    }
    if let Some(a) = &role.attrition {
        dist(path.key("attrition"), a, Domain::Probability)?;
    }
    count(path.key("headcount"), role.headcount)?;
    count(path.key("lead_time"), role.lead_time)?;
    if role.planned_hires.len() > s.quarters as usize {
        return Err(Issue::new(
            path.key("planned_hires"),
            format!("{} values", role.planned_hires.len()),
            format!("at most one value per quarter ({})", s.quarters),
        ));
    }
    for (i, h) in role.planned_hires.iter().enumerate() {
        count(path.key("planned_hires").index(i), *h)?;
    }
    Ok(())
}

/// Checks a list of percentiles; shared with the command line.
pub fn check_percentiles(path: KeyPath, values: &[f64]) -> Check {
    if values.is_empty() {
        return Err(Issue::new(
            path,
            "an empty list",
            "at least one percentile in (0, 100)",
        ));
    }
    for (i, p) in values.iter().enumerate() {
        if !(*p > 0.0 && *p < 100.0) {
            return Err(Issue::new(
                path.index(i),
                p.to_string(),
                "a percentile in (0, 100)",
            ));
        }
        // A repeated percentile would repeat a CSV column name (`p50`).
        if values[..i].contains(p) {
            return Err(Issue::new(
                path.index(i),
                format!("{p} listed twice"),
                "each percentile once",
            ));
        }
    }
    Ok(())
}

fn check_simulation(s: &Scenario) -> Check {
    let path = root().key("simulation");
    if let Some(t) = s.simulation.trials {
        if t < 1 {
            return Err(Issue::new(
                path.key("trials"),
                t.to_string(),
                "a number of trials >= 1",
            ));
        }
    }
    if let Some(p) = &s.simulation.percentiles {
        check_percentiles(path.key("percentiles"), p)?;
    }
    if let Some(c) = s.simulation.confidence {
        if !(c > 0.0 && c < 1.0) {
            return Err(Issue::new(
                path.key("confidence"),
                c.to_string(),
                "a confidence in (0, 1)",
            ));
        }
    }
    Ok(())
}
