//! Why a territory has no assignment, in planner words: each proven cause
//! from [`crate::assign::diagnose`] named by accounts, families, reps and
//! segments, with singular and plural agreeing with the numbers.

use std::collections::{BTreeSet, HashMap};

use crate::assign::bound::{MetricBound, Witness};
use crate::assign::diagnose::{causes, Cause};

use super::explain::number;
use super::input::{Accounts, Rep};
use super::model::Territory;

/// The word agreeing with `n`: `one` when it prints as 1, else `many`.
fn agree<'w>(n: f64, one: &'w str, many: &'w str) -> &'w str {
    // Compare as printed, so that 1.001 (printed "1") reads as one.
    if number(n) == "1" {
        one
    } else {
        many
    }
}

/// `n` printed with its noun in the agreeing form: "1 account", "2 accounts".
fn count(n: f64, one: &str, many: &str) -> String {
    format!("{} {}", number(n), agree(n, one, many))
}

/// What kind of accounts a rep is forced to take, for messages.
#[derive(Debug, Clone, Copy, Default)]
struct Forced {
    /// Some are locked to the rep.
    locked: bool,
    /// Some are not locked but no other rep is eligible.
    only_choice: bool,
}

/// Names accounts, families, reps and groups for messages.
struct Namer<'a> {
    territory: &'a Territory,
    accounts: &'a Accounts,
    reps: &'a [Rep],
    /// Per rep, the kind of its single-choice items.
    forced: Vec<Forced>,
}

impl Namer<'_> {
    fn item(&self, item: usize) -> String {
        let members = &self.territory.item_accounts[item];
        let rows = &self.accounts.rows;
        if members.len() == 1 {
            return format!("account {}", rows[members[0]].id);
        }
        let parent = members
            .iter()
            .find_map(|&m| rows[m].parent_id.clone())
            .unwrap_or_else(|| rows[members[0]].id.clone());
        let ids: Vec<&str> = members
            .iter()
            .take(5)
            .map(|&m| rows[m].id.as_str())
            .collect();
        let more = if members.len() > 5 { ", ..." } else { "" };
        format!(
            "family {parent} ({}: {}{more})",
            count(members.len() as f64, "account", "accounts"),
            ids.join(", ")
        )
    }

    fn rep(&self, rep: usize) -> String {
        format!("rep {}", self.reps[rep].id)
    }

    fn reps(&self, list: &[usize]) -> String {
        let ids: Vec<&str> = list
            .iter()
            .take(6)
            .map(|&r| self.reps[r].id.as_str())
            .collect();
        let more = if list.len() > 6 { ", ..." } else { "" };
        format!("{}{more}", ids.join(", "))
    }

    /// "rep R1" or "reps R1, R2".
    fn reps_named(&self, list: &[usize]) -> String {
        let noun = agree(list.len() as f64, "rep", "reps");
        format!("{noun} {}", self.reps(list))
    }

    /// "its eligible rep (R1)" or "its 2 eligible reps (R1, R2)".
    fn eligible_reps(&self, list: &[usize]) -> String {
        let reps = match list.len() {
            1 => "eligible rep".to_string(),
            n => count(n as f64, "eligible rep", "eligible reps"),
        };
        format!("its {reps} ({})", self.reps(list))
    }

    /// The accounts `rep` must take, as a noun phrase for `n` of them:
    /// "locked accounts", "3 locked or single-choice accounts".
    fn forced_accounts(&self, rep: usize, n: Option<u64>) -> String {
        let (kind, note) = match (self.forced[rep].locked, self.forced[rep].only_choice) {
            (true, false) => ("locked", ""),
            (false, true) => ("single-choice", " (no other rep is eligible)"),
            _ => ("locked or single-choice", ""),
        };
        match n.map(|n| n as f64) {
            Some(n) => format!(
                "{} {kind} {}{note}",
                number(n),
                agree(n, "account", "accounts")
            ),
            None => format!("{kind} accounts{note}"),
        }
    }

    /// "segment Enterprise, region EMEA" or "accounts in segments A, B".
    fn group(&self, items: &[usize]) -> String {
        let mut segments = BTreeSet::new();
        let mut regions = BTreeSet::new();
        let mut accounts = 0;
        for &i in items {
            for &m in &self.territory.item_accounts[i] {
                let a = &self.accounts.rows[m];
                segments.insert(a.segment.clone().unwrap_or_else(|| "(none)".into()));
                regions.insert(a.region.clone().unwrap_or_else(|| "(none)".into()));
                accounts += 1;
            }
        }
        let join = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(", ");
        let mut out = match segments.len() {
            1 => format!("segment {}", join(&segments)),
            _ => format!("accounts in segments {}", join(&segments)),
        };
        if regions.len() == 1 && !regions.contains("(none)") {
            out.push_str(&format!(", region {}", join(&regions)));
        }
        format!("{out} ({})", count(accounts as f64, "account", "accounts"))
    }

    fn no_eligible(&self, item: usize) -> String {
        let t = self.territory;
        let members = &t.item_accounts[item];
        let rows = &self.accounts.rows;
        if let Some((_, locks)) = t.lock_conflicts.iter().find(|(i, _)| *i == item) {
            let names: Vec<String> = locks
                .iter()
                .map(|&r| self.reps[r as usize].id.clone())
                .collect();
            return format!(
                "{} has accounts locked to different reps ({})",
                self.item(item),
                names.join(", ")
            );
        }
        if let Some(lock) = t.item_lock[item] {
            let rep = &self.reps[lock as usize];
            let gap = members
                .iter()
                .find_map(|&m| rep.gap_with(&rows[m]))
                .unwrap_or_default();
            return format!("{} is locked to {}, which {gap}", self.item(item), rep.id);
        }
        let segments: BTreeSet<String> = members
            .iter()
            .map(|&m| rows[m].segment.clone().unwrap_or_else(|| "(none)".into()))
            .collect();
        let regions: BTreeSet<String> = members
            .iter()
            .map(|&m| rows[m].region.clone().unwrap_or_else(|| "(none)".into()))
            .collect();
        let list = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(", ");
        if members.len() > 1 {
            format!(
                "{} has no eligible rep: no rep covers all its members (segments {}; regions {})",
                self.item(item),
                list(&segments),
                list(&regions)
            )
        } else {
            let region = match list(&regions).as_str() {
                "(none)" => String::new(),
                r => format!(" in region {r}"),
            };
            format!(
                "{} has no eligible rep: no rep covers segment {}{region}",
                self.item(item),
                list(&segments)
            )
        }
    }

    fn band(&self, bound: &MetricBound, band: f64) -> String {
        let pct = |x: f64| format!("{:.2} %", 100.0 * x);
        let why = match &bound.witness {
            Witness::None => String::new(),
            Witness::Forced { agent } => {
                format!(
                    "{}'s locked and single-choice accounts alone put it {} above target",
                    self.rep(*agent),
                    pct(bound.value)
                )
            }
            Witness::Item { item } => format!(
                "{} alone puts any eligible rep at least {} above target",
                self.item(*item),
                pct(bound.value)
            ),
            Witness::Reach { agent } => format!(
                "{} stays at least {} below target even with every account it may take",
                self.rep(*agent),
                pct(bound.value)
            ),
            Witness::SetOver { agents, items } => {
                let n = agents.len() as f64;
                format!(
                    "{} can only go to {}, which then {} at least {} above target{}",
                    self.group(items),
                    self.reps_named(agents),
                    agree(n, "sits", "sit"),
                    pct(bound.value),
                    agree(n, "", " on average")
                )
            }
            Witness::SetUnder { agents } => {
                let n = agents.len() as f64;
                format!(
                    "{} {} at least {} below target{} with every account {} may take",
                    self.reps_named(agents),
                    agree(n, "stays", "stay"),
                    pct(bound.value),
                    agree(n, "", " on average"),
                    agree(n, "it", "they")
                )
            }
        };
        format!(
            "no assignment keeps every rep within {} of its target potential: {why}",
            pct(band)
        )
    }

    fn cause(&self, cause: &Cause) -> String {
        match cause {
            Cause::NoEligible { item } => self.no_eligible(*item),
            Cause::ItemTooLarge {
                item,
                workload,
                largest,
            } => format!(
                "{} (workload {}) fits no eligible rep's capacity (the largest is {})",
                self.item(*item),
                number(*workload),
                number(*largest)
            ),
            Cause::ItemTooMany {
                item,
                accounts,
                largest,
            } => {
                let has = count(f64::from(*accounts), "account", "accounts");
                // "may own at most 0 each" hides the real problem: a limit of 0.
                let limit = match largest {
                    0 => "every eligible rep has max_accounts 0".to_string(),
                    _ => format!("its eligible reps may own at most {largest} each"),
                };
                format!("{} has {has} but {limit}", self.item(*item))
            }
            Cause::ForcedCapacity {
                agent,
                workload,
                capacity,
            } => format!(
                "{} must take {} needing {} but its capacity is {}",
                self.rep(*agent),
                self.forced_accounts(*agent, None),
                count(*workload, "workload unit", "workload units"),
                number(*capacity)
            ),
            Cause::ForcedCount {
                agent,
                accounts,
                max,
            } => format!(
                "{} must take {} but its max_accounts is {max}",
                self.rep(*agent),
                self.forced_accounts(*agent, Some(*accounts))
            ),
            Cause::SetCapacity {
                agents,
                items,
                workload,
                capacity,
            } => format!(
                "{} needs {} but {} {} {}",
                self.group(items),
                count(*workload, "workload unit", "workload units"),
                self.eligible_reps(agents),
                agree(agents.len() as f64, "has", "have"),
                number(*capacity)
            ),
            Cause::SetCount {
                agents,
                items,
                accounts,
                max,
            } => {
                let has = count(*accounts as f64, "account", "accounts");
                let reps = self.eligible_reps(agents);
                let limit = match max {
                    0 => format!(
                        "{reps} {} max_accounts 0",
                        agree(agents.len() as f64, "has", "all have")
                    ),
                    _ => format!(
                        "{reps} may own {} in total (max_accounts)",
                        number(*max as f64)
                    ),
                };
                format!("{} has {has} but {limit}", self.group(items))
            }
            Cause::Band { bound, band } => self.band(bound, *band),
        }
    }
}

/// Every proven reason why the territory has no assignment, in planner words.
pub fn infeasibility(territory: &Territory, accounts: &Accounts, reps: &[Rep]) -> Vec<String> {
    let namer = Namer {
        territory,
        accounts,
        reps,
        forced: forced_kinds(territory, reps.len()),
    };
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for cause in causes(&territory.problem) {
        let text = namer.cause(&cause);
        if seen.insert(text.clone(), ()).is_none() {
            out.push(text);
        }
    }
    out
}

/// Per rep, whether its single-choice items are locked, only eligible for
/// it, or both, so that messages say which ("locked accounts") instead of
/// leaving the planner to guess.
fn forced_kinds(territory: &Territory, reps: usize) -> Vec<Forced> {
    let mut out = vec![Forced::default(); reps];
    for item in 0..territory.item_accounts.len() {
        if let [only] = territory.problem.pairs(item) {
            let kind = &mut out[only.agent as usize];
            if territory.item_lock[item] == Some(only.agent) {
                kind.locked = true;
            } else {
                kind.only_choice = true;
            }
        }
    }
    out
}
