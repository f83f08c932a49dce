//! Turning counts into the reported summary: percentiles with their Monte
//! Carlo standard errors, coverage, and the hiring plan at a confidence.

use serde::Serialize;

use super::histogram::Histogram;
use super::model::Model;
use super::trial::{Acc, FIXED_ONE};
use super::Options;
use crate::capacity::{plan_hires, PlanInput, Staffing};
use crate::scenario::Demand;

/// Version of the JSON output format.
pub const FORMAT_VERSION: u32 = 1;

/// Everything a run reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// Output format version.
    pub format_version: u32,
    /// Scenario name.
    pub scenario: String,
    /// Trials run.
    pub trials: u64,
    /// Random seed.
    pub seed: u64,
    /// Confidence of the hiring plan.
    pub confidence: f64,
    /// Reported percentiles.
    pub percentiles: Vec<f64>,
    /// Precision target and whether it was met, when one was asked for.
    pub precision: Option<PrecisionReport>,
    /// Quarter labels.
    pub quarters: Vec<String>,
    /// Sign-ups per quarter.
    pub signups: Vec<QuantitySummary>,
    /// Conversions landing per quarter.
    pub conversions: Vec<QuantitySummary>,
    /// Per role.
    pub roles: Vec<RoleSummary>,
}

/// Outcome of a `--precision` run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrecisionReport {
    /// Target standard error, people.
    pub target: f64,
    /// Largest standard error of a reported headcount percentile.
    pub worst_se: f64,
    /// True when `worst_se < target`.
    pub reached: bool,
}

/// One percentile of a quantity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Percentile {
    /// The percentile, in (0, 100).
    pub p: f64,
    /// Its value.
    pub value: u64,
    /// Monte Carlo standard error of the value.
    pub se: f64,
}

/// Distribution of a quantity in one quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuantitySummary {
    /// Quarter label.
    pub quarter: String,
    /// Mean over trials.
    pub mean: f64,
    /// Requested percentiles.
    pub percentiles: Vec<Percentile>,
}

/// Results of one role.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleSummary {
    /// Role name.
    pub name: String,
    /// Demand driver.
    pub demand: Demand,
    /// Current headcount.
    pub headcount: u64,
    /// Requisition lead time, quarters.
    pub lead_time: usize,
    /// Mean quarterly attrition over trials (used by the plan).
    pub mean_attrition: f64,
    /// Per quarter.
    pub quarters: Vec<RoleQuarter>,
    /// Requisitions of the hiring plan.
    pub requisitions: Vec<RequisitionOut>,
}

/// A role in one quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleQuarter {
    /// Quarter label.
    pub quarter: String,
    /// Mean required headcount.
    pub mean: f64,
    /// Percentiles of required headcount.
    pub percentiles: Vec<Percentile>,
    /// Capacity of current staff plus planned hires at mean attrition.
    pub planned_capacity: f64,
    /// Probability that current staff plus planned hires cover demand.
    pub coverage: f64,
    /// Headcount to staff to: the confidence quantile of required headcount.
    pub target: u64,
    /// Capacity with planned and recommended hires.
    pub plan_capacity: f64,
    /// Probability that the recommended plan covers demand.
    pub plan_coverage: f64,
    /// Recommended hires (beyond those planned) starting this quarter.
    pub hires_start: u64,
    /// Requisitions to open this quarter.
    pub requisitions_open: u64,
    /// People missing that no hire can provide in time.
    pub shortfall: f64,
}

/// A requisition with quarter labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequisitionOut {
    /// Quarter to open it.
    pub open: String,
    /// Quarter the hires start.
    pub start: String,
    /// People.
    pub hires: u64,
    /// Quarter whose target needs them.
    pub needed_for: String,
}

fn percentiles(h: &Histogram, ps: &[f64]) -> Vec<Percentile> {
    ps.iter()
        .map(|p| Percentile {
            p: *p,
            value: h.quantile(p / 100.0),
            se: h.quantile_se(p / 100.0),
        })
        .collect()
}

fn quantity(labels: &[String], hs: &[Histogram], ps: &[f64]) -> Vec<QuantitySummary> {
    labels
        .iter()
        .zip(hs)
        .map(|(l, h)| QuantitySummary {
            quarter: l.clone(),
            mean: h.mean(),
            percentiles: percentiles(h, ps),
        })
        .collect()
}

/// Largest standard error over every reported headcount percentile.
pub fn worst_se(_model: &Model, acc: &Acc, ps: &[f64]) -> f64 {
    acc.headcount
        .iter()
        .flat_map(|h| ps.iter().map(|p| h.quantile_se(p / 100.0)))
        .fold(0.0, f64::max)
}

/// Mean attrition per role, from the exact fixed-point sums.
fn mean_attrition(acc: &Acc) -> Vec<f64> {
    let n = acc.trials().max(1) as f64;
    acc.attrition
        .iter()
        .map(|t| *t as f64 / FIXED_ONE / n)
        .collect()
}

/// Builds the reported summary from the accumulated counts.
pub fn summarise(model: &Model, opts: &Options, acc: Acc) -> Outcome {
    let h = model.horizon();
    let trials = acc.trials();
    let attrition = mean_attrition(&acc);
    let labels = &model.labels;

    let roles = model
        .roles
        .iter()
        .enumerate()
        .map(|(r, role)| {
            let cells = &acc.headcount[r * h..(r + 1) * h];
            let targets: Vec<f64> = cells
                .iter()
                .map(|c| c.quantile(opts.confidence) as f64)
                .collect();
            let plan = plan_hires(&PlanInput {
                targets: &targets,
                headcount: role.headcount as f64,
                planned: &role.planned_hires,
                ramp: &role.ramp,
                attrition: attrition[r],
                lead_time: role.lead_time,
            });
            let planned = Staffing {
                headcount: role.headcount as f64,
                hires: &role.planned_hires,
                ramp: &role.ramp,
                attrition: attrition[r],
            };
            let quarters = (0..h)
                .map(|q| RoleQuarter {
                    quarter: labels[q].clone(),
                    mean: cells[q].mean(),
                    percentiles: percentiles(&cells[q], &opts.percentiles),
                    planned_capacity: planned.capacity(q),
                    coverage: acc.covered[r * h + q] as f64 / trials.max(1) as f64,
                    target: targets[q] as u64,
                    plan_capacity: plan.capacity[q],
                    plan_coverage: cells[q].share_at_most((plan.capacity[q] + 1e-9).floor() as u64),
                    hires_start: plan.starts[q],
                    requisitions_open: plan.opens[q],
                    shortfall: plan.shortfall[q],
                })
                .collect();
            let requisitions = plan
                .requisitions
                .iter()
                .map(|req| RequisitionOut {
                    open: labels[req.open].clone(),
                    start: labels[req.start].clone(),
                    hires: req.hires,
                    needed_for: labels[req.needed_for].clone(),
                })
                .collect();
            RoleSummary {
                name: role.name.clone(),
                demand: role.demand,
                headcount: role.headcount,
                lead_time: role.lead_time,
                mean_attrition: attrition[r],
                quarters,
                requisitions,
            }
        })
        .collect();

    Outcome {
        format_version: FORMAT_VERSION,
        scenario: model.name.clone(),
        trials,
        seed: opts.seed,
        confidence: opts.confidence,
        percentiles: opts.percentiles.clone(),
        precision: opts.precision.map(|target| {
            let worst = worst_se(model, &acc, &opts.percentiles);
            PrecisionReport {
                target,
                worst_se: worst,
                reached: worst < target,
            }
        }),
        quarters: labels.clone(),
        signups: quantity(labels, &acc.signups, &opts.percentiles),
        conversions: quantity(labels, &acc.conversions, &opts.percentiles),
        roles,
    }
}
