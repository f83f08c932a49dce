//! The scenario compiled for fast sampling: samplers built once, shares
//! turned into cumulative bounds, role drivers into per-segment weights.

use crate::capacity::erlang::ServiceTarget;
use crate::dist::{Dist, Sampler};
use crate::scenario::{parse_quarter_label, quarter_labels, BeforeStart, Demand, Scenario};

/// A validated scenario, ready to simulate.
#[derive(Debug, Clone)]
pub struct Model {
    /// Display name.
    pub name: String,
    /// Quarter labels of the horizon.
    pub labels: Vec<String>,
    /// Sign-ups of the first quarter.
    pub base: Sampler,
    /// Quarter-over-quarter growth, drawn per quarter after the first.
    pub growth: Option<Sampler>,
    /// Seasonality multiplier of each quarter of the horizon.
    pub season: Vec<f64>,
    /// Campaign uplifts of each quarter of the horizon.
    pub campaigns: Vec<Vec<Sampler>>,
    /// Segments in file order.
    pub segments: Vec<SegmentModel>,
    /// Roles in file order.
    pub roles: Vec<RoleModel>,
    /// Earlier cohorts at the base level convert into the horizon.
    pub steady_before: bool,
    /// Binomial chance on conversions (false: expected value).
    pub conversion_chance: bool,
    /// True when some role needs active accounts (accounts or tickets).
    pub needs_accounts: bool,
}

/// One segment.
#[derive(Debug, Clone)]
pub struct SegmentModel {
    /// Name.
    pub name: String,
    /// Cumulative share of the segments before this one.
    pub share_from: f64,
    /// Cumulative share up to and including this one.
    pub share_to: f64,
    /// Eventual conversion rate.
    pub conversion: Sampler,
    /// Lag profile: fraction of a cohort converting 0, 1, ... quarters later.
    pub lag: Vec<f64>,
    /// Quarterly churn of paid accounts.
    pub churn: Option<Sampler>,
    /// Paid accounts active before the horizon.
    pub accounts: f64,
}

/// How a role turns demand into people.
#[derive(Debug, Clone)]
pub enum Staffing {
    /// Demand divided by a productivity per person per quarter.
    Productivity(Sampler),
    /// Erlang C on the ticket queue.
    Erlang(ErlangModel),
}

/// Erlang C parameters of a role.
#[derive(Debug, Clone)]
pub struct ErlangModel {
    /// Average handle time, minutes.
    pub handle_minutes: Sampler,
    /// Service target and occupancy cap.
    pub target: ServiceTarget,
    /// Share of paid time not on tickets.
    pub shrinkage: f64,
    /// Minutes per quarter over which tickets arrive.
    pub open_minutes: f64,
}

/// One role.
#[derive(Debug, Clone)]
pub struct RoleModel {
    /// Name.
    pub name: String,
    /// Demand driver.
    pub demand: Demand,
    /// Weight of each segment's conversions or accounts in the demand: the
    /// sum of the segment's shares of the role's tiers (0 if excluded).
    pub weights: Vec<f64>,
    /// Tickets per active account per quarter (ticket roles).
    pub tickets_per_account: Option<Sampler>,
    /// Staffing rule.
    pub staffing: Staffing,
    /// Ramp profile of new hires.
    pub ramp: Vec<f64>,
    /// Quarterly attrition.
    pub attrition: Option<Sampler>,
    /// Current headcount.
    pub headcount: u64,
    /// Quarters from requisition to start.
    pub lead_time: usize,
    /// Planned hires starting in each quarter (length = horizon).
    pub planned_hires: Vec<f64>,
}

fn sampler(d: &Option<Dist>) -> Option<Sampler> {
    d.as_ref()
        .map(Dist::sampler)
        .filter(|s| !matches!(s, Sampler::Fixed(v) if *v == 0.0))
}

impl Model {
    /// Compiles a scenario that passed [`crate::scenario::validate`].
    pub fn new(s: &Scenario) -> Model {
        let horizon = s.quarters as usize;
        let labels = quarter_labels(&s.start, horizon);
        let first_q = parse_quarter_label(&s.start).map_or(1, |(_, q)| q as usize);

        let season = (0..horizon)
            .map(|i| {
                s.signups
                    .seasonality
                    .as_ref()
                    .map_or(1.0, |m| m[(first_q - 1 + i) % 4])
            })
            .collect();
        let mut campaigns = vec![Vec::new(); horizon];
        for c in &s.signups.campaigns {
            if let Some(q) = labels.iter().position(|l| *l == c.quarter) {
                campaigns[q].push(c.uplift.sampler());
            }
        }

        let mut cumulative = 0.0;
        let segments = s
            .segments
            .iter()
            .map(|g| {
                let from = cumulative;
                cumulative += g.share;
                SegmentModel {
                    name: g.name.clone(),
                    share_from: from,
                    share_to: cumulative,
                    conversion: g.conversion.sampler(),
                    lag: g.lag.clone().unwrap_or_else(|| vec![1.0]),
                    churn: sampler(&g.churn),
                    accounts: g.accounts as f64,
                }
            })
            .collect::<Vec<_>>();
        // The last bound is exactly 1 so that rounding never loses a sign-up.
        let mut segments = segments;
        if let Some(last) = segments.last_mut() {
            last.share_to = 1.0;
        }

        let roles: Vec<RoleModel> = s
            .roles
            .iter()
            .map(|r| {
                let weights = s
                    .segments
                    .iter()
                    .map(|g| {
                        let included = r.segments.as_ref().is_none_or(|l| l.contains(&g.name));
                        let tier_share: f64 = g
                            .tiers
                            .iter()
                            .filter(|(t, _)| r.tiers.as_ref().is_none_or(|l| l.contains(t)))
                            .map(|(_, share)| share)
                            .sum();
                        if included {
                            tier_share
                        } else {
                            0.0
                        }
                    })
                    .collect();
                let staffing = match (&r.productivity, &r.erlang) {
                    (_, Some(e)) => Staffing::Erlang(ErlangModel {
                        handle_minutes: e.handle_minutes.sampler(),
                        target: ServiceTarget {
                            level: e.service_level,
                            within: e.answer_within_minutes,
                            occupancy_max: e.occupancy_max,
                        },
                        shrinkage: e.shrinkage,
                        open_minutes: e.open_hours_per_quarter * 60.0,
                    }),
                    (Some(p), None) => Staffing::Productivity(p.sampler()),
                    (None, None) => Staffing::Productivity(Sampler::Fixed(f64::INFINITY)),
                };
                let mut planned_hires = vec![0.0; horizon];
                for (q, h) in r.planned_hires.iter().enumerate() {
                    planned_hires[q] = *h as f64;
                }
                RoleModel {
                    name: r.name.clone(),
                    demand: r.demand,
                    weights,
                    tickets_per_account: r.tickets_per_account.as_ref().map(Dist::sampler),
                    staffing,
                    ramp: r.ramp.clone(),
                    attrition: sampler(&r.attrition),
                    headcount: r.headcount as u64,
                    lead_time: r.lead_time as usize,
                    planned_hires,
                }
            })
            .collect();

        Model {
            name: s.name.clone().unwrap_or_else(|| "scenario".to_string()),
            conversion_chance: s.conversion_chance,
            steady_before: s.signups.before_start == BeforeStart::Steady,
            needs_accounts: roles.iter().any(|r| r.demand != Demand::Conversions),
            labels,
            base: s.signups.base.sampler(),
            growth: sampler(&s.signups.growth),
            season,
            campaigns,
            segments,
            roles,
        }
    }

    /// Number of quarters.
    pub fn horizon(&self) -> usize {
        self.labels.len()
    }
}
