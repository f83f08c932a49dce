//! Planner-facing results: one row per account with a reason, one row per
//! rep, and (from [`super::causes`]) infeasibility causes in planner words.

use serde::Serialize;

use super::input::{Accounts, Rep};
use super::model::Territory;

// The infeasibility wording lives in its own module; this path is public.
pub use super::causes::infeasibility;

/// Why an account sits where it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The account is locked to this rep.
    Locked,
    /// The account stays with the rep that owns it today.
    KeptWithCurrentOwner,
    /// The account moved to even out potential.
    MovedToBalance,
    /// The account moved because its owner's book exceeds capacity or
    /// `max_accounts`.
    MovedForCapacity,
    /// The account moved because its owner does not cover its segment or
    /// region (or not every member of its family).
    MovedOwnerNotEligible,
    /// The account stays with the rest of its family, at its own owner or
    /// as a new account.
    KeptWithFamily,
    /// The account leaves its owner to follow the rest of its family.
    MovedWithFamily,
    /// No other rep may take the account.
    OnlyEligibleRep,
    /// A new account (no owner) placed to even out potential.
    AssignedToBalance,
}

impl Reason {
    /// The words written to `assignment.csv`.
    pub fn words(self) -> &'static str {
        match self {
            Reason::Locked => "locked",
            Reason::KeptWithCurrentOwner => "kept with current owner",
            Reason::MovedToBalance => "moved to balance",
            Reason::MovedForCapacity => "moved for capacity",
            Reason::MovedOwnerNotEligible => "moved: owner does not cover it",
            Reason::KeptWithFamily => "kept with its family",
            Reason::MovedWithFamily => "moved with its family",
            Reason::OnlyEligibleRep => "only eligible rep",
            Reason::AssignedToBalance => "assigned to balance",
        }
    }
}

/// One line of `assignment.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountRow {
    /// Account id.
    pub account_id: String,
    /// Assigned rep id.
    pub rep_id: String,
    /// Current owner before the plan, if any.
    pub previous_owner: Option<String>,
    /// Whether the account changes owner.
    pub moved: bool,
    /// Why it sits there.
    pub reason: Reason,
    /// Pass-through cells.
    #[serde(skip)]
    pub extra: Vec<String>,
}

/// One line of the rep summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepRow {
    /// Rep id.
    pub rep_id: String,
    /// Accounts owned after the plan.
    pub accounts: u64,
    /// Potential owned.
    pub potential: f64,
    /// Target potential.
    pub target: f64,
    /// Signed relative deviation from target (0.02 = 2 % above).
    pub deviation: f64,
    /// Workload carried.
    pub workload: f64,
    /// Capacity.
    pub capacity: f64,
    /// Workload over capacity.
    pub capacity_use: f64,
    /// Accounts moved to this rep from another owner.
    pub moved_in: u64,
    /// Accounts this rep owned that go to another rep.
    pub moved_out: u64,
}

/// The plan in planner terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// One row per account, in input order.
    pub accounts: Vec<AccountRow>,
    /// One row per rep, in input order.
    pub reps: Vec<RepRow>,
    /// Accounts that change owner.
    pub moves: u64,
    /// Potential of the accounts that change owner.
    pub moved_potential: f64,
    /// Largest absolute relative deviation of potential from target.
    pub max_deviation: f64,
}

/// Explains an assignment (rep index per item).
pub fn explain(
    territory: &Territory,
    accounts: &Accounts,
    reps: &[Rep],
    assignment: &[u32],
) -> Plan {
    let rows = &accounts.rows;
    let book = owner_books(territory, accounts, reps);
    let mut out = Vec::with_capacity(rows.len());
    let mut rep_rows: Vec<RepRow> = reps
        .iter()
        .enumerate()
        .map(|(r, rep)| RepRow {
            rep_id: rep.id.clone(),
            accounts: 0,
            potential: 0.0,
            target: territory.potential_target[r],
            deviation: 0.0,
            workload: 0.0,
            capacity: rep.capacity,
            capacity_use: 0.0,
            moved_in: 0,
            moved_out: 0,
        })
        .collect();
    let mut moves = 0;
    let mut moved_potential = 0.0;

    for (m, account) in rows.iter().enumerate() {
        let item = territory.account_item[m];
        let rep = assignment[item];
        let owner = territory.current_owner[m];
        let moved = owner.is_some_and(|o| o != rep);
        let reason = reason_for(territory, m, rep, &book);

        let row = &mut rep_rows[rep as usize];
        row.accounts += 1;
        row.potential += account.potential;
        row.workload += account.workload;
        if moved {
            moves += 1;
            moved_potential += account.potential;
            row.moved_in += 1;
            if let Some(o) = owner {
                rep_rows[o as usize].moved_out += 1;
            }
        }
        out.push(AccountRow {
            account_id: account.id.clone(),
            rep_id: reps[rep as usize].id.clone(),
            previous_owner: account.current_owner.clone(),
            moved,
            reason,
            extra: account.extra.clone(),
        });
    }

    let mut max_deviation: f64 = 0.0;
    for row in &mut rep_rows {
        row.capacity_use = row.workload / row.capacity;
        if row.target > 0.0 {
            row.deviation = (row.potential - row.target) / row.target;
            max_deviation = max_deviation.max(row.deviation.abs());
        }
    }
    Plan {
        accounts: out,
        reps: rep_rows,
        moves,
        moved_potential,
        max_deviation,
    }
}

/// Whether each rep's current book (the accounts it owns today) exceeds its
/// capacity or its `max_accounts`.
fn owner_books(territory: &Territory, accounts: &Accounts, reps: &[Rep]) -> Vec<bool> {
    let mut load = vec![0.0; reps.len()];
    let mut count = vec![0u64; reps.len()];
    for (m, a) in accounts.rows.iter().enumerate() {
        if let Some(o) = territory.current_owner[m] {
            load[o as usize] += a.workload;
            count[o as usize] += 1;
        }
    }
    reps.iter()
        .enumerate()
        .map(|(r, rep)| {
            load[r] > rep.capacity || rep.max_accounts.is_some_and(|m| count[r] > u64::from(m))
        })
        .collect()
}

fn reason_for(territory: &Territory, m: usize, rep: u32, over_book: &[bool]) -> Reason {
    let item = territory.account_item[m];
    let members = &territory.item_accounts[item];
    let owner = territory.current_owner[m];
    let family_owner_here = members.len() > 1
        && members
            .iter()
            .any(|&o| o != m && territory.current_owner[o] == Some(rep));
    // "Kept" when the account stays where it was (or had no owner), so that
    // a moved row never reads as kept.
    let with_family = match owner {
        Some(o) if o != rep => Reason::MovedWithFamily,
        _ => Reason::KeptWithFamily,
    };
    if territory.item_lock[item].is_some() {
        let own_lock = territory.item_lock[item] == Some(rep) && members.len() == 1;
        return if own_lock {
            Reason::Locked
        } else {
            with_family
        };
    }
    if territory.problem.pairs(item).len() == 1 {
        return Reason::OnlyEligibleRep;
    }
    match owner {
        Some(o) if o == rep => Reason::KeptWithCurrentOwner,
        Some(o) => {
            if territory.problem.pair(item, o).is_none() {
                Reason::MovedOwnerNotEligible
            } else if family_owner_here {
                with_family
            } else if over_book[o as usize] {
                Reason::MovedForCapacity
            } else {
                Reason::MovedToBalance
            }
        }
        None if family_owner_here => Reason::KeptWithFamily,
        None => Reason::AssignedToBalance,
    }
}

/// A number with thousands separators, and up to two decimals when not whole.
pub fn number(x: f64) -> String {
    let rounded = (x * 100.0).round() / 100.0;
    let whole = rounded.trunc().abs() as u64;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    let fraction = (rounded.abs().fract() * 100.0).round() as u64;
    if fraction == 0 {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{fraction:02}")
    }
}
