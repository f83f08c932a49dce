//! The Monte Carlo engine and its summaries.
//!
//! [`simulate`] runs trials of a [`Model`] in fixed blocks of
//! [`trial::BLOCK`] trials. Block `b` draws from its own ChaCha8 stream
//! `(seed, b)`, and everything a block produces is an integer count
//! (histograms, coverage, fixed-point sums) merged by addition, so the
//! result is the same whatever the number of threads. Memory is the
//! per-cell histograms of each worker, independent of the number of trials.
//!
//! With a precision target, trials are added in rounds (doubling the total
//! each time, in whole blocks) until the standard error of every reported
//! headcount percentile is below the target or the trial cap is reached.
//!
//! References: order-statistic confidence intervals for quantiles follow
//! W. J. Conover, "Practical Nonparametric Statistics", 3rd ed., 1999, §3.2;
//! counter-based parallel streams follow J. K. Salmon et al., "Parallel
//! random numbers: as easy as 1, 2, 3", SC 2011.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use anyhow::Context;

pub mod histogram;
pub mod model;
mod summary;
pub mod trial;

pub use model::Model;
pub use summary::{
    Outcome, Percentile, PrecisionReport, QuantitySummary, RequisitionOut, RoleQuarter,
    RoleSummary, FORMAT_VERSION,
};
use trial::{run_block, Acc, Scratch, BLOCK};

/// Settings of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Trials to run (the first round when `precision` is set).
    pub trials: u64,
    /// Random seed.
    pub seed: u64,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Reported percentiles, each in (0, 100).
    pub percentiles: Vec<f64>,
    /// Confidence of the hiring plan, in (0, 1).
    pub confidence: f64,
    /// Target standard error of headcount percentiles, in people.
    pub precision: Option<f64>,
    /// Cap on trials when `precision` is set.
    pub max_trials: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            trials: 100_000,
            seed: 1,
            threads: 0,
            percentiles: vec![10.0, 50.0, 90.0],
            confidence: 0.8,
            precision: None,
            max_trials: 10_000_000,
        }
    }
}

/// Runs the simulation; `progress` is called with the number of trials
/// each finished block added.
pub fn simulate(
    model: &Model,
    opts: &Options,
    progress: &(dyn Fn(u64) + Sync),
) -> anyhow::Result<Outcome> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
        .context("cannot start worker threads")?;

    let mut acc = Acc::new(model);
    let mut done = 0u64;
    let mut target = match opts.precision {
        Some(_) => opts.trials.div_ceil(BLOCK) * BLOCK,
        None => opts.trials,
    };
    loop {
        run_round(model, opts.seed, done, target, &pool, &mut acc, progress);
        done = target;

        let Some(limit) = opts.precision else { break };
        let worst = summary::worst_se(model, &acc, &opts.percentiles);
        if worst < limit || done >= opts.max_trials {
            break;
        }
        target = (done * 2).min(opts.max_trials.div_ceil(BLOCK) * BLOCK);
    }

    Ok(summary::summarise(model, opts, acc))
}

/// Upper bound on the number of trials a run with `opts` may do.
pub fn planned_trials(opts: &Options) -> u64 {
    match opts.precision {
        Some(_) => opts.max_trials.max(opts.trials).div_ceil(BLOCK) * BLOCK,
        None => opts.trials,
    }
}

/// Runs trials `[from, to)`; `from` is a multiple of the block size.
fn run_round(
    model: &Model,
    seed: u64,
    from: u64,
    to: u64,
    pool: &rayon::ThreadPool,
    acc: &mut Acc,
    progress: &(dyn Fn(u64) + Sync),
) {
    let first = from / BLOCK;
    let end = to.div_ceil(BLOCK);
    let next = AtomicU64::new(first);
    let results = Mutex::new(Vec::new());

    pool.scope(|scope| {
        for _ in 0..pool.current_num_threads() {
            scope.spawn(|_| {
                let mut scratch = Scratch::new(model);
                let mut local = Acc::new(model);
                loop {
                    let block = next.fetch_add(1, Ordering::Relaxed);
                    if block >= end {
                        break;
                    }
                    let start = block * BLOCK;
                    let count = (start + BLOCK).min(to) - start;
                    run_block(model, seed, block, count, &mut scratch, &mut local);
                    progress(count);
                }
                results.lock().expect("no worker panicked").push(local);
            });
        }
    });

    for local in results.into_inner().expect("no worker panicked") {
        acc.merge(local);
    }
}
