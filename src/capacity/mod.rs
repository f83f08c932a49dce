//! Roles, ramp, attrition and staffing formulas.
//!
//! - [`ramp_at`]: productivity of a hire some quarters after the start.
//! - [`Staffing`]: the capacity, in fully ramped people, that current staff
//!   and a list of hires give each quarter after attrition.
//! - [`plan_hires`]: the hires, and when their requisitions must open, so
//!   that capacity reaches a target headcount every quarter.
//! - [`erlang`]: Erlang C agents for a ticket queue.
//!
//! References: the ramp-and-attrition capacity model is the usual
//! sales-capacity arithmetic (e.g. Zoltners, Sinha and Lorimer, "Sales Force
//! Design for Strategic Advantage", 2004, ch. 4); Erlang C is cited in
//! [`erlang`].

pub mod erlang;

/// Productivity fraction of a hire `k` quarters after their start: the ramp
/// value while it lasts, 1 afterwards.
#[inline]
pub fn ramp_at(ramp: &[f64], k: usize) -> f64 {
    ramp.get(k).copied().unwrap_or(1.0)
}

/// Current staff and hires of one role, with a constant quarterly attrition.
#[derive(Debug, Clone, PartialEq)]
pub struct Staffing<'a> {
    /// People at the start of quarter 0.
    pub headcount: f64,
    /// Hires starting in each quarter (index = start quarter).
    pub hires: &'a [f64],
    /// Ramp profile of new hires.
    pub ramp: &'a [f64],
    /// Quarterly attrition rate applied to everyone.
    pub attrition: f64,
}

impl Staffing<'_> {
    /// Capacity in quarter `q`, in fully ramped people: survivors of the
    /// current staff, `headcount * (1 - a)^q`, plus each hire started in
    /// `s <= q` times its survival `(1 - a)^(q - s)` and ramp `ramp_at(q - s)`.
    pub fn capacity(&self, q: usize) -> f64 {
        let keep = 1.0 - self.attrition;
        let mut total = self.headcount * keep.powi(q as i32);
        for (s, &h) in self.hires.iter().enumerate().take(q + 1) {
            if h > 0.0 {
                total += h * keep.powi((q - s) as i32) * ramp_at(self.ramp, q - s);
            }
        }
        total
    }
}

/// A requisition: people to hire, when to open and when they start.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Requisition {
    /// Quarter index in which the requisition must open.
    pub open: usize,
    /// Quarter index in which the hires start.
    pub start: usize,
    /// Number of people.
    pub hires: u64,
    /// The quarter whose target made these hires necessary.
    pub needed_for: usize,
}

/// A hiring plan for one role.
#[derive(Debug, Clone, PartialEq)]
pub struct HiringPlan {
    /// Hires starting per quarter.
    pub starts: Vec<u64>,
    /// Requisitions to open per quarter.
    pub opens: Vec<u64>,
    /// Capacity per quarter with the plan, in fully ramped people.
    pub capacity: Vec<f64>,
    /// People missing per quarter that no hire can cover in time.
    pub shortfall: Vec<f64>,
    /// The requisitions, in the order they were created.
    pub requisitions: Vec<Requisition>,
}

/// Inputs of [`plan_hires`].
#[derive(Debug, Clone, PartialEq)]
pub struct PlanInput<'a> {
    /// Target headcount per quarter (fully ramped people).
    pub targets: &'a [f64],
    /// People at the start of quarter 0.
    pub headcount: f64,
    /// Hires already planned per start quarter (may be empty); the plan
    /// adds to them.
    pub planned: &'a [f64],
    /// Ramp profile of new hires.
    pub ramp: &'a [f64],
    /// Quarterly attrition rate.
    pub attrition: f64,
    /// Quarters from opening a requisition to the start date.
    pub lead_time: usize,
}

/// Greedy plan that meets each quarter's target in order, on top of the
/// current staff and the hires already planned.
///
/// For quarter `q`, the gap is the target minus the *steady* capacity: every
/// hire counted as fully ramped, after attrition. Hires to close it start in
/// `s = max(lead_time, q - ramp.len())`: late enough to be fully ramped by
/// `q` when possible, never before a requisition opened now could start.
/// Their count is the gap divided by a hire's survival to `q`,
/// `(1 - a)^(q - s)`, rounded up; the requisition opens in `s - lead_time`.
///
/// Sizing on steady capacity is deliberate: when hires cannot be ramped in
/// time (the first `lead_time + ramp.len()` quarters), filling the gap with
/// partly productive starters would hire several people per missing person
/// and over-staff every later quarter. The plan hires the lasting need
/// instead, and reports what is still missing each quarter (inside the lead
/// time, or while the plan's earliest hires ramp up) as the shortfall.
pub fn plan_hires(input: &PlanInput<'_>) -> HiringPlan {
    let h = input.targets.len();
    let mut hires = vec![0.0; h];
    for (slot, p) in hires.iter_mut().zip(input.planned) {
        *slot = *p;
    }
    let mut plan = HiringPlan {
        starts: vec![0; h],
        opens: vec![0; h],
        capacity: vec![0.0; h],
        shortfall: vec![0.0; h],
        requisitions: Vec::new(),
    };

    for q in 0..h {
        let steady = Staffing {
            headcount: input.headcount,
            hires: &hires,
            ramp: &[],
            attrition: input.attrition,
        };
        let gap = input.targets[q] - steady.capacity(q);
        let start = q.saturating_sub(input.ramp.len()).max(input.lead_time);
        if gap > 1e-9 && start <= q {
            let survival = (1.0 - input.attrition).powi((q - start) as i32);
            if survival > 1e-12 {
                let n = (gap / survival - 1e-9).ceil().max(1.0) as u64;
                hires[start] += n as f64;
                plan.starts[start] += n;
                plan.opens[start - input.lead_time] += n;
                plan.requisitions.push(Requisition {
                    open: start - input.lead_time,
                    start,
                    hires: n,
                    needed_for: q,
                });
            }
        }
    }

    // Capacity and shortfall once every hire is placed: hires sized for a
    // later quarter may start in or before an earlier one (to be ramped in
    // time), and they work in every quarter from their start.
    let ramped = Staffing {
        headcount: input.headcount,
        hires: &hires,
        ramp: input.ramp,
        attrition: input.attrition,
    };
    for q in 0..h {
        plan.capacity[q] = ramped.capacity(q);
        plan.shortfall[q] = (input.targets[q] - plan.capacity[q]).max(0.0);
        if plan.shortfall[q] < 1e-9 {
            plan.shortfall[q] = 0.0;
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_decays_with_attrition_and_adds_ramped_hires() {
        let ramp = [0.5];
        let hires = [0.0, 2.0, 0.0];
        let s = Staffing {
            headcount: 10.0,
            hires: &hires,
            ramp: &ramp,
            attrition: 0.1,
        };
        // Exact arithmetic; tolerance covers rounding.
        assert!((s.capacity(0) - 10.0).abs() < 1e-12);
        assert!((s.capacity(1) - (9.0 + 1.0)).abs() < 1e-12);
        assert!((s.capacity(2) - (8.1 + 2.0 * 0.9)).abs() < 1e-12);
    }

    #[test]
    fn plan_hires_fully_ramped_hires_ahead_of_the_need() {
        let plan = plan_hires(&PlanInput {
            targets: &[10.0, 10.0, 10.0, 14.0],
            headcount: 10.0,
            planned: &[],
            ramp: &[0.25, 0.5],
            attrition: 0.0,
            lead_time: 1,
        });
        // Needed in Q3 (index 3), ramp of 2 quarters: start at 1, open at 0.
        assert_eq!(plan.starts, vec![0, 4, 0, 0]);
        assert_eq!(plan.opens, vec![4, 0, 0, 0]);
        assert!(plan.capacity[3] >= 14.0);
        assert!(plan.shortfall.iter().all(|s| *s == 0.0));
    }

    #[test]
    fn plan_reports_a_shortfall_inside_the_lead_time() {
        let plan = plan_hires(&PlanInput {
            targets: &[12.0, 12.0],
            headcount: 10.0,
            planned: &[],
            ramp: &[],
            attrition: 0.0,
            lead_time: 1,
        });
        assert_eq!(plan.shortfall[0], 2.0);
        assert_eq!(plan.starts, vec![0, 2]);
        assert_eq!(plan.opens, vec![2, 0]);
    }

    #[test]
    fn plan_counts_hires_already_planned() {
        let plan = plan_hires(&PlanInput {
            targets: &[10.0, 13.0],
            headcount: 10.0,
            planned: &[0.0, 2.0],
            ramp: &[],
            attrition: 0.0,
            lead_time: 0,
        });
        assert_eq!(plan.starts, vec![0, 1]);
        assert!((plan.capacity[1] - 13.0).abs() < 1e-12, "exact small sums");
    }

    #[test]
    fn plan_replaces_attrition() {
        let plan = plan_hires(&PlanInput {
            targets: &[10.0, 10.0, 10.0],
            headcount: 10.0,
            planned: &[],
            ramp: &[],
            attrition: 0.1,
            lead_time: 0,
        });
        assert!(plan.capacity.iter().all(|c| *c >= 10.0 - 1e-9));
        assert_eq!(plan.starts[0], 0);
        assert!(plan.starts[1] >= 1);
    }

    #[test]
    fn plan_hires_the_lasting_need_and_reports_the_ramp_dip() {
        let plan = plan_hires(&PlanInput {
            targets: &[10.0, 10.0, 10.0],
            headcount: 8.0,
            planned: &[],
            ramp: &[0.5],
            attrition: 0.0,
            lead_time: 0,
        });
        // Two people are missing for good: hire two, not four half-productive
        // starters; the first quarter is one person short while they ramp.
        assert_eq!(plan.starts, vec![2, 0, 0]);
        assert_eq!(plan.shortfall, vec![1.0, 0.0, 0.0]);
        assert_eq!(plan.capacity, vec![9.0, 10.0, 10.0]);
    }

    #[test]
    fn plan_capacity_counts_hires_placed_for_later_quarters() {
        let plan = plan_hires(&PlanInput {
            targets: &[10.0, 14.0, 18.0],
            headcount: 10.0,
            planned: &[],
            ramp: &[0.5],
            attrition: 0.0,
            lead_time: 1,
        });
        // Quarter 1 needs 4 more and quarter 2 another 4; both groups start
        // in quarter 1 (the lead time), so quarter 1 has 8 half-productive
        // starters: 10 + 8 * 0.5 = 14 people, no shortfall. Exact sums.
        assert_eq!(plan.starts, vec![0, 8, 0]);
        assert_eq!(plan.opens, vec![8, 0, 0]);
        assert_eq!(plan.capacity, vec![10.0, 14.0, 18.0]);
        assert_eq!(plan.shortfall, vec![0.0, 0.0, 0.0]);
    }

    #[test]
    fn ramp_dip_of_hires_that_start_at_the_lead_time() {
        let plan = plan_hires(&PlanInput {
            targets: &[10.0, 14.0, 14.0, 14.0],
            headcount: 10.0,
            planned: &[],
            ramp: &[0.25, 0.5],
            attrition: 0.0,
            lead_time: 1,
        });
        // Quarter 1 needs 4 more; the earliest start is quarter 1, so the four
        // hires give 1 then 2 people before they are fully productive.
        assert_eq!(plan.starts, vec![0, 4, 0, 0]);
        assert_eq!(plan.opens, vec![4, 0, 0, 0]);
        assert_eq!(plan.shortfall, vec![0.0, 3.0, 2.0, 0.0]);
    }
}
