//! The 0-1 knapsack subproblem of the Lagrangian relaxation: one per agent.
//!
//! With integral weights and a capacity small enough for a table, the
//! knapsack is solved exactly by dynamic programming over capacities; the
//! table's last row, `best[w]` = best profit within capacity `w`, also gives
//! the bounds used to fix variables. Otherwise the Dantzig bound (the LP
//! relaxation of the knapsack, items by profit/weight ratio, the last one
//! split) is used: still a valid upper bound on the knapsack profit, so the
//! Lagrangian value stays a valid lower bound, only a weaker one.
//!
//! References: G. B. Dantzig, "Discrete-variable extremum problems",
//! Operations Research 5 (1957) 266–288; S. Martello and P. Toth, *Knapsack
//! Problems: Algorithms and Computer Implementations*, Wiley (1990), ch. 2.

/// One candidate item of a knapsack.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    /// Job index.
    pub job: usize,
    /// Profit of taking it (positive).
    pub profit: f64,
    /// Weight (workload).
    pub weight: f64,
}

/// The solution of one knapsack.
#[derive(Debug, Clone, Default)]
pub(crate) struct Packed {
    /// An upper bound on the best profit (exact for the DP).
    pub bound: f64,
    /// Jobs taken (whole items only).
    pub taken: Vec<usize>,
    /// `best[w]`: best profit within capacity `w`, when solved by DP.
    pub best: Option<Vec<f64>>,
}

/// Reusable buffers for the DP.
#[derive(Debug, Default)]
pub(crate) struct Workspace {
    keep: Vec<bool>,
}

/// Largest table (items × capacity cells) the DP may use per knapsack.
const MAX_CELLS: usize = 20_000_000;

/// Solves `max Σ profit·x` s.t. `Σ weight·x ≤ capacity`, x binary.
///
/// `integral` says that every weight is a whole number (then `capacity` may
/// be floored without losing solutions).
pub(crate) fn pack(
    items: &[Candidate],
    capacity: f64,
    integral: bool,
    ws: &mut Workspace,
) -> Packed {
    if capacity < 0.0 {
        // A node whose fixed jobs overfill the agent is infeasible; callers
        // catch that earlier. Taking nothing is the best the agent can do.
        return Packed::default();
    }

    let total_weight: f64 = items.iter().map(|c| c.weight).sum();
    if total_weight <= capacity {
        return Packed {
            bound: items.iter().map(|c| c.profit).sum(),
            taken: items.iter().map(|c| c.job).collect(),
            best: None,
        };
    }

    let cap = capacity.floor() as usize;
    if integral && (cap + 1).saturating_mul(items.len().max(1)) <= MAX_CELLS {
        return dynamic(items, cap, ws);
    }
    dantzig(items, capacity)
}

fn dynamic(items: &[Candidate], cap: usize, ws: &mut Workspace) -> Packed {
    let width = cap + 1;
    let mut best = vec![0.0f64; width];
    ws.keep.clear();
    ws.keep.resize(items.len() * width, false);

    for (k, item) in items.iter().enumerate() {
        let w = item.weight as usize;
        if w > cap {
            continue;
        }
        let row = &mut ws.keep[k * width..(k + 1) * width];
        for c in (w..width).rev() {
            let with = best[c - w] + item.profit;
            if with > best[c] {
                best[c] = with;
                row[c] = true;
            }
        }
    }

    let mut taken = Vec::new();
    let mut c = cap;
    for (k, item) in items.iter().enumerate().rev() {
        if ws.keep[k * width + c] {
            taken.push(item.job);
            c -= item.weight as usize;
        }
    }
    Packed {
        bound: best[cap],
        taken,
        best: Some(best),
    }
}

fn dantzig(items: &[Candidate], capacity: f64) -> Packed {
    let mut order: Vec<&Candidate> = items.iter().collect();
    // Zero-weight items first (infinite ratio), then by ratio.
    order.sort_by(|a, b| {
        let ra = a.profit / a.weight.max(1e-300);
        let rb = b.profit / b.weight.max(1e-300);
        rb.total_cmp(&ra)
    });

    let mut room = capacity;
    let mut bound = 0.0;
    let mut taken = Vec::new();
    for item in order {
        if item.weight <= room {
            room -= item.weight;
            bound += item.profit;
            taken.push(item.job);
        } else {
            bound += item.profit * room / item.weight;
            break;
        }
    }
    Packed {
        bound,
        taken,
        best: None,
    }
}
