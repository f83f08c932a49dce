//! One block of trials: draws, the per-trial model, and counting results.
//!
//! The inner loop allocates nothing: every per-trial quantity lives in a
//! [`Scratch`] reused across trials, and results go straight into integer
//! histograms in an [`Acc`].

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Binomial, Distribution};

use super::histogram::Histogram;
use super::model::{Model, Staffing};
use crate::capacity::erlang::agents_needed;
use crate::capacity::ramp_at;
use crate::scenario::Demand;

/// Trials per block. Each block has its own random stream, so results do
/// not depend on which thread runs which block.
pub const BLOCK: u64 = 4096;

/// Tolerance when rounding a required headcount up: a requirement of
/// 10.000000001 people is floating-point noise on 10, not 11 people.
const CEIL_TOLERANCE: f64 = 1e-9;

/// One unit of the fixed-point attrition sums: 2^40.
pub const FIXED_ONE: f64 = (1u64 << 40) as f64;

/// Largest required headcount counted; a draw this extreme (a productivity
/// that underflowed to almost 0) says nothing more as a bigger number.
const MAX_PEOPLE: f64 = 1e12;

/// Largest sign-up level and number of sign-ups in a quarter. Far above
/// any real funnel, and below 2^53 (about 9e15), so that counts stay exact
/// integers in an `f64` and fit a `u64`: a draw that compounds past it (a
/// growth of +1e300) is capped instead of overflowing to infinity.
pub const MAX_SIGNUPS: f64 = 1e15;

/// The random stream of block `block` under `seed`.
pub fn block_rng(seed: u64, block: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(block);
    rng
}

/// Per-trial working memory, allocated once per worker.
#[derive(Debug, Clone)]
pub struct Scratch {
    signups: Vec<f64>,
    /// Base level of sign-ups drawn for the trial (before seasonality).
    level: f64,
    /// Conversions landing per (segment, quarter), row-major by segment.
    landing: Vec<f64>,
    /// Active paid accounts per (segment, quarter).
    accounts: Vec<f64>,
}

impl Scratch {
    /// Buffers sized for `model`.
    pub fn new(model: &Model) -> Self {
        let cells = model.segments.len() * model.horizon();
        Scratch {
            signups: vec![0.0; model.horizon()],
            level: 0.0,
            landing: vec![0.0; cells],
            accounts: vec![0.0; cells],
        }
    }
}

/// Counts accumulated over trials. Everything is an integer, so merging is
/// addition and its result does not depend on the order of merges.
#[derive(Debug, Clone, Default)]
pub struct Acc {
    /// Sign-ups per quarter.
    pub signups: Vec<Histogram>,
    /// Conversions landing per quarter (all segments), rounded.
    pub conversions: Vec<Histogram>,
    /// Required headcount per (role, quarter), row-major by role.
    pub headcount: Vec<Histogram>,
    /// Trials where current plus planned staff covered demand, per cell.
    pub covered: Vec<u64>,
    /// Sum of attrition draws per role, in units of 2^-40 (fixed point, so
    /// that sums are exact and order-independent).
    pub attrition: Vec<u128>,
}

impl Acc {
    /// Empty counts for `model`.
    pub fn new(model: &Model) -> Self {
        let h = model.horizon();
        Acc {
            signups: vec![Histogram::new(); h],
            conversions: vec![Histogram::new(); h],
            headcount: vec![Histogram::new(); h * model.roles.len()],
            covered: vec![0; h * model.roles.len()],
            attrition: vec![0; model.roles.len()],
        }
    }

    /// Adds `other` into `self`.
    pub fn merge(&mut self, other: Acc) {
        let pairs = self
            .signups
            .iter_mut()
            .zip(&other.signups)
            .chain(self.conversions.iter_mut().zip(&other.conversions))
            .chain(self.headcount.iter_mut().zip(&other.headcount));
        for (mine, theirs) in pairs {
            mine.merge(theirs);
        }
        for (mine, theirs) in self.covered.iter_mut().zip(&other.covered) {
            *mine += theirs;
        }
        for (mine, theirs) in self.attrition.iter_mut().zip(&other.attrition) {
            *mine += theirs;
        }
    }

    /// Trials counted.
    pub fn trials(&self) -> u64 {
        self.signups.first().map_or(0, Histogram::total)
    }
}

/// Runs trials `0..count` of block `block`.
pub fn run_block(
    model: &Model,
    seed: u64,
    block: u64,
    count: u64,
    scratch: &mut Scratch,
    acc: &mut Acc,
) {
    let mut rng = block_rng(seed, block);
    for _ in 0..count {
        run_trial(model, &mut rng, scratch, acc);
    }
}

/// One trial: sign-ups, conversions, accounts, then each role in file order.
fn run_trial<R: Rng>(model: &Model, rng: &mut R, s: &mut Scratch, acc: &mut Acc) {
    let h = model.horizon();

    draw_signups(model, rng, s);
    for (q, v) in s.signups.iter().enumerate() {
        acc.signups[q].add(*v as u64);
    }

    draw_conversions(model, rng, s);
    for q in 0..h {
        let total: f64 = (0..model.segments.len())
            .map(|g| s.landing[g * h + q])
            .sum();
        acc.conversions[q].add(total.round() as u64);
    }

    if model.needs_accounts {
        roll_accounts(model, rng, s);
    }

    for r in 0..model.roles.len() {
        count_role(model, r, rng, s, acc);
    }
}

/// Draws a role's parameters, then counts its required headcount and
/// whether current plus planned staff cover it, quarter by quarter.
fn count_role<R: Rng>(model: &Model, r: usize, rng: &mut R, s: &Scratch, acc: &mut Acc) {
    let h = model.horizon();
    let role = &model.roles[r];

    let tickets = role
        .tickets_per_account
        .as_ref()
        .map_or(1.0, |t| t.sample(rng));
    let attrition = role.attrition.as_ref().map_or(0.0, |a| a.sample(rng));
    acc.attrition[r] += (attrition * FIXED_ONE) as u128;
    let (productivity, handle) = match &role.staffing {
        Staffing::Productivity(p) => (p.sample(rng), 0.0),
        Staffing::Erlang(e) => (0.0, e.handle_minutes.sample(rng)),
    };

    let source = match role.demand {
        Demand::Conversions => &s.landing,
        Demand::Accounts | Demand::Tickets => &s.accounts,
    };
    let keep = 1.0 - attrition;
    let mut survivors = role.headcount as f64;
    for q in 0..h {
        let driver: f64 = role
            .weights
            .iter()
            .enumerate()
            .map(|(g, w)| w * source[g * h + q])
            .sum();
        let demand = driver * tickets;
        let required = match &role.staffing {
            Staffing::Productivity(_) => demand / productivity,
            Staffing::Erlang(e) => {
                let traffic = demand / e.open_minutes * handle;
                agents_needed(traffic, handle, e.target) as f64 / (1.0 - e.shrinkage)
            }
        };
        let people = (required - CEIL_TOLERANCE).ceil().clamp(0.0, MAX_PEOPLE);
        acc.headcount[r * h + q].add(people as u64);

        let mut capacity = survivors;
        for (start, n) in role.planned_hires.iter().enumerate().take(q + 1) {
            if *n > 0.0 {
                capacity += n * keep.powi((q - start) as i32) * ramp_at(&role.ramp, q - start);
            }
        }
        if capacity + CEIL_TOLERANCE >= required {
            acc.covered[r * h + q] += 1;
        }
        survivors *= keep;
    }
}

/// Sign-ups per quarter: a level drawn once, grown by a draw per quarter,
/// times seasonality and one plus the campaign uplifts, rounded to people.
fn draw_signups<R: Rng>(model: &Model, rng: &mut R, s: &mut Scratch) {
    let mut level = cap_signups(model.base.sample(rng));
    s.level = level;
    for q in 0..model.horizon() {
        if q > 0 {
            if let Some(g) = &model.growth {
                level = cap_signups(level * (1.0 + g.sample(rng)));
            }
        }
        let mut factor = 1.0;
        for c in &model.campaigns[q] {
            factor += c.sample(rng);
        }
        s.signups[q] = cap_signups((level * model.season[q] * factor.max(0.0)).round());
    }
}

/// A sign-up level or count kept in `[0, MAX_SIGNUPS]`; a NaN (0 x inf
/// from absurd multipliers) counts as 0.
#[inline]
fn cap_signups(x: f64) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        x.clamp(0.0, MAX_SIGNUPS)
    }
}

/// Conversions: per segment a rate drawn once, then for each quarter's
/// cohort Binomial(cohort, rate) conversions spread over the lag profile.
fn draw_conversions<R: Rng>(model: &Model, rng: &mut R, s: &mut Scratch) {
    let h = model.horizon();
    s.landing.fill(0.0);
    for (g, seg) in model.segments.iter().enumerate() {
        let rate = seg.conversion.sample(rng).clamp(0.0, 1.0);
        let convert = |rng: &mut R, total: f64| {
            let cohort =
                ((total * seg.share_to).round() - (total * seg.share_from).round()).max(0.0);
            if model.conversion_chance {
                binomial(rng, cohort as u64, rate)
            } else {
                cohort * rate
            }
        };

        // Cohorts of quarters -1, -2, ... whose lagged conversions reach quarter 0 on.
        if model.steady_before {
            for back in 1..seg.lag.len() {
                let converted = convert(rng, s.level.round());
                for (k, f) in seg.lag.iter().enumerate().skip(back) {
                    if k - back < h {
                        s.landing[g * h + k - back] += converted * f;
                    }
                }
            }
        }

        for q in 0..h {
            let converted = convert(rng, s.signups[q]);
            for (k, f) in seg.lag.iter().enumerate() {
                if q + k < h {
                    s.landing[g * h + q + k] += converted * f;
                }
            }
        }
    }
}

#[inline]
fn binomial<R: Rng>(rng: &mut R, n: u64, p: f64) -> f64 {
    if n == 0 || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return n as f64;
    }
    match Binomial::new(n, p) {
        Ok(b) => b.sample(rng) as f64,
        Err(_) => n as f64 * p,
    }
}

/// Active paid accounts at the end of each quarter: last quarter's
/// accounts that did not churn, plus the conversions landing now.
fn roll_accounts<R: Rng>(model: &Model, rng: &mut R, s: &mut Scratch) {
    let h = model.horizon();
    for (g, seg) in model.segments.iter().enumerate() {
        let churn = seg.churn.as_ref().map_or(0.0, |c| c.sample(rng));
        let mut active = seg.accounts;
        for q in 0..h {
            active = active * (1.0 - churn) + s.landing[g * h + q];
            s.accounts[g * h + q] = active;
        }
    }
}
