//! Seeded synthetic accounts and reps for demos, tests and benchmarks.
//!
//! Accounts fall into segments of geometrically decreasing size (with three
//! segments: 4/7, 2/7 and 1/7 of the accounts) whose typical potential grows
//! threefold per segment; within a segment potential is lognormal, so a few
//! accounts carry much of the value. Regions are uniform. Reps specialise in
//! one segment, in proportion to its potential; one in five also covers a
//! single region only, one in ten is ramping (`target_weight` 0.5).
//! Capacities and `max_accounts` leave slack over the rep's share of its
//! segment, so the defaults always admit an assignment. A share of accounts
//! has a current owner, drawn with a per-rep bias so that today's books are
//! unbalanced; families share their parent's segment, region and owner; a
//! few owned accounts are locked to their owner.

use std::collections::HashMap;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal};

use super::input::{Account, Accounts, Rep};

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratorSpec {
    /// Number of accounts.
    pub accounts: usize,
    /// Number of reps; every segment needs one, so [`generate`] uses at
    /// least `segments` (and [`GeneratorSpec::validate`] rejects fewer).
    pub reps: usize,
    /// Number of segments.
    pub segments: usize,
    /// Number of regions.
    pub regions: usize,
    /// Share of accounts with a current owner.
    pub owned_share: f64,
    /// Share of accounts that belong to a family.
    pub family_share: f64,
    /// Share of owned, family-free accounts locked to their owner.
    pub lock_share: f64,
    /// Capacity over the rep's share of its segment's workload.
    pub capacity_slack: f64,
    /// Seed.
    pub seed: u64,
}

impl Default for GeneratorSpec {
    fn default() -> Self {
        GeneratorSpec {
            accounts: 1000,
            reps: 10,
            segments: 3,
            regions: 4,
            owned_share: 0.7,
            family_share: 0.05,
            lock_share: 0.01,
            capacity_slack: 1.3,
            seed: 0,
        }
    }
}

/// A setting of a [`GeneratorSpec`] that makes no sense: the option (as
/// `tcplan generate` spells it) and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// The `tcplan generate` option at fault.
    pub option: &'static str,
    /// What is wrong and what to write instead.
    pub reason: String,
}

impl GeneratorSpec {
    /// Checks the settings: at least one account, segment and region, at
    /// least one rep per segment (reps specialise in one segment), shares
    /// from 0 to 1 and a capacity slack of at least 1.
    pub fn validate(&self) -> Result<(), SpecError> {
        let err = |option, reason: String| Err(SpecError { option, reason });
        for (option, n) in [
            ("--accounts", self.accounts),
            ("--segments", self.segments),
            ("--regions", self.regions),
            ("--reps", self.reps),
        ] {
            if n == 0 {
                return err(
                    option,
                    "`0` is not allowed; write a whole number of at least 1".into(),
                );
            }
        }
        if self.reps < self.segments {
            return err(
                "--reps",
                format!(
                    "{} reps for {} segments: every rep specialises in one segment and every \
                     segment needs a rep, so write --reps {} or more, or lower --segments to {}",
                    self.reps, self.segments, self.segments, self.reps
                ),
            );
        }
        for (option, share) in [
            ("--owned", self.owned_share),
            ("--families", self.family_share),
            ("--locked", self.lock_share),
        ] {
            if !(0.0..=1.0).contains(&share) {
                return err(option, format!("`{share}` is not a share; write 0 to 1"));
            }
        }
        if !(self.capacity_slack >= 1.0 && self.capacity_slack.is_finite()) {
            return err(
                "capacity_slack",
                format!("`{}` leaves no room; write 1 or more", self.capacity_slack),
            );
        }
        Ok(())
    }
}

const SEGMENT_NAMES: [&str; 3] = ["SMB", "MidMarket", "Enterprise"];
const REGION_NAMES: [&str; 4] = ["NA", "EMEA", "APAC", "LATAM"];

fn segment_name(s: usize) -> String {
    SEGMENT_NAMES
        .get(s)
        .map_or_else(|| format!("Segment{}", s + 1), |n| n.to_string())
}

fn region_name(r: usize) -> String {
    REGION_NAMES
        .get(r)
        .map_or_else(|| format!("Region{}", r + 1), |n| n.to_string())
}

/// Generates accounts and reps. Equal specs give equal output.
pub fn generate(spec: &GeneratorSpec) -> (Accounts, Vec<Rep>) {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let segments = spec.segments.max(1);
    let regions = spec.regions.max(1);

    let mut accounts = draw_accounts(spec, segments, regions, &mut rng);
    form_families(spec, &mut accounts, &mut rng);
    let (mut reps, seats) = draw_reps(spec, &accounts, segments, regions, &mut rng);
    assign_owners(spec, &mut accounts, &reps, &mut rng);
    share_family_owner(&mut accounts);
    lock_some(spec, &mut accounts, &mut rng);
    size_reps(spec, &accounts, segments, &mut reps, &seats);

    let accounts = Accounts {
        rows: accounts,
        extra_headers: vec!["name".to_string()],
        columns: HashMap::new(),
    };
    (accounts, reps)
}

fn draw_accounts(
    spec: &GeneratorSpec,
    segments: usize,
    regions: usize,
    rng: &mut ChaCha8Rng,
) -> Vec<Account> {
    let size_weight: Vec<f64> = (0..segments).map(|s| 0.5f64.powi(s as i32)).collect();
    let total: f64 = size_weight.iter().sum();
    let base = LogNormal::new(5000f64.ln(), 1.0).expect("valid lognormal");
    (0..spec.accounts)
        .map(|i| {
            let mut u = rng.random::<f64>() * total;
            let mut segment = segments - 1;
            for (s, w) in size_weight.iter().enumerate() {
                if u < *w {
                    segment = s;
                    break;
                }
                u -= w;
            }
            let potential = (base.sample(rng) * 3f64.powi(segment as i32)).round();
            let effort = 1.0 + 0.5 * segment as f64 + (potential / 20_000.0).ln_1p() / 2.0;
            Account {
                id: format!("A{:06}", i + 1),
                potential,
                workload: (effort * 100.0).round() / 100.0,
                segment: Some(segment_name(segment)),
                region: Some(region_name(rng.random_range(0..regions))),
                current_owner: None,
                locked_owner: None,
                parent_id: None,
                extra: vec![format!("Account {}", i + 1)],
                line: i as u64 + 2,
            }
        })
        .collect()
}

/// Which segment a rep serves and its share of the segment's team (by
/// `target_weight`); capacities follow from it once locks are known.
struct Seat {
    segment: usize,
    share: f64,
}

fn segment_index(a: &Account, segments: usize) -> usize {
    (0..segments)
        .find(|&s| a.segment.as_deref() == Some(&segment_name(s)))
        .unwrap_or(0)
}

fn draw_reps(
    spec: &GeneratorSpec,
    accounts: &[Account],
    segments: usize,
    regions: usize,
    rng: &mut ChaCha8Rng,
) -> (Vec<Rep>, Vec<Seat>) {
    let mut potential = vec![0.0; segments];
    for a in accounts {
        potential[segment_index(a, segments)] += a.potential;
    }

    // Reps per segment in proportion to potential, at least one each.
    let total: f64 = potential.iter().sum::<f64>().max(1.0);
    let n = spec.reps.max(segments);
    let mut per_segment: Vec<usize> = potential
        .iter()
        .map(|p| ((p / total) * n as f64).floor().max(1.0) as usize)
        .collect();
    while per_segment.iter().sum::<usize>() < n {
        let s = (0..segments)
            .max_by(|&x, &y| {
                (potential[x] / per_segment[x] as f64)
                    .total_cmp(&(potential[y] / per_segment[y] as f64))
            })
            .unwrap_or(0);
        per_segment[s] += 1;
    }
    while per_segment.iter().sum::<usize>() > n {
        let s = (0..segments).max_by_key(|&s| per_segment[s]).unwrap_or(0);
        per_segment[s] -= 1;
    }

    let mut reps = Vec::with_capacity(n);
    let mut seats = Vec::with_capacity(n);
    for (s, &team) in per_segment.iter().enumerate() {
        let weights: Vec<f64> = (0..team)
            .map(|_| if rng.random::<f64>() < 0.1 { 0.5 } else { 1.0 })
            .collect();
        let weight_sum: f64 = weights.iter().sum();
        for (k, &w) in weights.iter().enumerate() {
            // Regional reps only when the segment has enough reps to cover every region.
            let regional = team >= 2 * regions && k % 5 == 4;
            let regions_list = if regional {
                vec![region_name(rng.random_range(0..regions))]
            } else {
                Vec::new()
            };
            seats.push(Seat {
                segment: s,
                share: w / weight_sum,
            });
            reps.push(Rep {
                id: format!("R{:04}", reps.len() + 1),
                capacity: 1.0,
                max_accounts: None,
                segments: vec![segment_name(s)],
                regions: regions_list,
                target_weight: w,
                role: Some(if w < 1.0 { "ramping" } else { "AE" }.to_string()),
                line: reps.len() as u64 + 2,
            });
        }
    }
    (reps, seats)
}

/// Sets each rep's capacity and `max_accounts` from its share of its
/// segment, with enough slack that an assignment always exists and the
/// greedy placement finds one.
///
/// Capacity is the largest of: `capacity_slack` times the rep's share of
/// the segment's workload (what sets it at typical sizes); the share plus
/// `capacity_slack` times the segment's largest family (or lone account)
/// workload, so that a rep still below its share can take any item of the
/// segment even when reps outnumber accounts; and the workload locked to the
/// rep plus that largest item. `max_accounts` is 1.6 times the share of
/// accounts plus 5, and at least the share (or the locked accounts) plus
/// the largest family.
fn size_reps(
    spec: &GeneratorSpec,
    accounts: &[Account],
    segments: usize,
    reps: &mut [Rep],
    seats: &[Seat],
) {
    let mut workload = vec![0.0; segments];
    let mut count = vec![0usize; segments];
    // Families by their root (the parent's id), in first-seen order.
    let mut family: HashMap<&str, (usize, f64, usize)> = HashMap::new();
    for a in accounts {
        let s = segment_index(a, segments);
        workload[s] += a.workload;
        count[s] += 1;
        let root = a.parent_id.as_deref().unwrap_or(&a.id);
        let entry = family.entry(root).or_insert((s, 0.0, 0));
        entry.1 += a.workload;
        entry.2 += 1;
    }
    let mut largest_workload = vec![0.0f64; segments];
    let mut largest_family = vec![1usize; segments];
    for &(s, w, n) in family.values() {
        largest_workload[s] = largest_workload[s].max(w);
        largest_family[s] = largest_family[s].max(n);
    }
    let mut locked: HashMap<&str, (f64, usize)> = HashMap::new();
    for a in accounts {
        if let Some(owner) = &a.locked_owner {
            let entry = locked.entry(owner.as_str()).or_insert((0.0, 0));
            entry.0 += a.workload;
            entry.1 += 1;
        }
    }

    let slack = spec.capacity_slack.max(1.0);
    for (rep, seat) in reps.iter_mut().zip(seats) {
        let s = seat.segment;
        let (locked_workload, locked_count) =
            locked.get(rep.id.as_str()).copied().unwrap_or_default();
        let share_workload = workload[s] * seat.share;
        let largest = largest_workload[s];
        let capacity = (share_workload * slack)
            .max(share_workload + slack * largest)
            .max(locked_workload + slack * largest);
        rep.capacity = capacity.ceil().max(1.0);
        let share_count = count[s] as f64 * seat.share;
        let max_accounts = ((share_count * 1.6).ceil() as usize + 5)
            .max(share_count.ceil() as usize + largest_family[s])
            .max(locked_count + largest_family[s]);
        rep.max_accounts = Some(u32::try_from(max_accounts).unwrap_or(u32::MAX));
    }
}

fn assign_owners(
    spec: &GeneratorSpec,
    accounts: &mut [Account],
    reps: &[Rep],
    rng: &mut ChaCha8Rng,
) {
    // Each rep's book is biased, so today's territories are unbalanced.
    let bias = LogNormal::new(0.0, 0.5).expect("valid lognormal");
    let rep_bias: Vec<f64> = reps.iter().map(|_| bias.sample(rng)).collect();
    let mut eligible_cache: HashMap<(Option<String>, Option<String>), Vec<usize>> = HashMap::new();
    for a in accounts.iter_mut() {
        if rng.random::<f64>() >= spec.owned_share {
            continue;
        }
        let key = (a.segment.clone(), a.region.clone());
        let eligible = eligible_cache
            .entry(key)
            .or_insert_with(|| (0..reps.len()).filter(|&r| reps[r].covers(a)).collect());
        let total: f64 = eligible.iter().map(|&r| rep_bias[r]).sum();
        let mut u = rng.random::<f64>() * total;
        for &r in eligible.iter() {
            if u < rep_bias[r] {
                a.current_owner = Some(reps[r].id.clone());
                break;
            }
            u -= rep_bias[r];
        }
    }
}

fn form_families(spec: &GeneratorSpec, accounts: &mut [Account], rng: &mut ChaCha8Rng) {
    let target = (accounts.len() as f64 * spec.family_share).round() as usize;
    let mut order: Vec<usize> = (0..accounts.len()).collect();
    order.shuffle(rng);
    let mut used = 0;
    let mut next = 0;
    while used + 2 <= target && next + 2 <= order.len() {
        let size = rng
            .random_range(2..=4)
            .min(target - used)
            .min(order.len() - next);
        let parent = order[next];
        for &child in &order[next + 1..next + size] {
            let (seg, reg, id) = {
                let p = &accounts[parent];
                (p.segment.clone(), p.region.clone(), p.id.clone())
            };
            let c = &mut accounts[child];
            c.segment = seg;
            c.region = reg;
            c.parent_id = Some(id);
        }
        used += size;
        next += size;
    }
}

/// Children of a family have their parent's owner (or none, like it).
fn share_family_owner(accounts: &mut [Account]) {
    let owner: HashMap<String, Option<String>> = accounts
        .iter()
        .map(|a| (a.id.clone(), a.current_owner.clone()))
        .collect();
    for a in accounts.iter_mut() {
        if let Some(parent) = &a.parent_id {
            a.current_owner = owner.get(parent).cloned().flatten();
        }
    }
}

fn lock_some(spec: &GeneratorSpec, accounts: &mut [Account], rng: &mut ChaCha8Rng) {
    let parents: std::collections::HashSet<String> = accounts
        .iter()
        .filter_map(|a| a.parent_id.clone())
        .collect();
    for a in accounts.iter_mut() {
        let in_family = a.parent_id.is_some() || parents.contains(&a.id);
        if a.current_owner.is_some() && !in_family && rng.random::<f64>() < spec.lock_share {
            a.locked_owner = a.current_owner.clone();
        }
    }
}

/// The accounts as CSV in the documented layout.
pub fn accounts_csv(accounts: &Accounts) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<&str> = vec![
        "account_id",
        "potential",
        "workload",
        "segment",
        "region",
        "current_owner",
        "locked_owner",
        "parent_id",
    ];
    header.extend(accounts.extra_headers.iter().map(String::as_str));
    w.write_record(&header).expect("writing to memory");
    for a in &accounts.rows {
        let opt = |x: &Option<String>| x.clone().unwrap_or_default();
        let mut row = vec![
            a.id.clone(),
            a.potential.to_string(),
            a.workload.to_string(),
            opt(&a.segment),
            opt(&a.region),
            opt(&a.current_owner),
            opt(&a.locked_owner),
            opt(&a.parent_id),
        ];
        row.extend(a.extra.iter().cloned());
        w.write_record(&row).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// The reps as CSV in the documented layout.
pub fn reps_csv(reps: &[Rep]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "rep_id",
        "capacity",
        "max_accounts",
        "segments",
        "regions",
        "target_weight",
        "role",
    ])
    .expect("writing to memory");
    for r in reps {
        w.write_record([
            r.id.clone(),
            r.capacity.to_string(),
            r.max_accounts.map(|m| m.to_string()).unwrap_or_default(),
            r.segments.join(";"),
            r.regions.join(";"),
            r.target_weight.to_string(),
            r.role.clone().unwrap_or_default(),
        ])
        .expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}
