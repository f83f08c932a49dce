//! `tcplan generate`: write seeded synthetic accounts and reps CSV files.

use std::path::PathBuf;

use clap::Args;

use crate::territory::generate::{accounts_csv, generate, reps_csv, GeneratorSpec};
use crate::territory::InputError;
use crate::Error;

/// Arguments of `tcplan generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of accounts.
    #[arg(long)]
    pub accounts: usize,
    /// Number of reps.
    #[arg(long)]
    pub reps: usize,
    /// Number of segments (reps specialise in one).
    #[arg(long, default_value_t = 3)]
    pub segments: usize,
    /// Number of regions.
    #[arg(long, default_value_t = 4)]
    pub regions: usize,
    /// Share of accounts with a current owner.
    #[arg(long, default_value_t = 0.7)]
    pub owned: f64,
    /// Share of accounts in families.
    #[arg(long, default_value_t = 0.05)]
    pub families: f64,
    /// Share of owned, family-free accounts locked to their owner.
    #[arg(long, default_value_t = 0.01)]
    pub locked: f64,
    /// Seed.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Folder for accounts.csv and reps.csv.
    #[arg(long, required_unless_present_all = ["accounts_out", "reps_out"])]
    pub out_dir: Option<PathBuf>,
    /// Explicit path of the accounts file (overrides --out-dir).
    #[arg(long)]
    pub accounts_out: Option<PathBuf>,
    /// Explicit path of the reps file (overrides --out-dir).
    #[arg(long)]
    pub reps_out: Option<PathBuf>,
}

/// Runs `tcplan generate`.
pub fn run(args: GenerateArgs) -> Result<(), Error> {
    let spec = GeneratorSpec {
        accounts: args.accounts,
        reps: args.reps,
        segments: args.segments,
        regions: args.regions,
        owned_share: args.owned,
        family_share: args.families,
        lock_share: args.locked,
        seed: args.seed,
        ..GeneratorSpec::default()
    };
    spec.validate()
        .map_err(|e| Error::input(InputError::file(e.option, e.reason)))?;
    let dir = args.out_dir.clone().unwrap_or_else(|| PathBuf::from("."));
    if let Some(d) = &args.out_dir {
        std::fs::create_dir_all(d)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", d.display()))?;
    }
    let accounts_path = args
        .accounts_out
        .clone()
        .unwrap_or_else(|| dir.join("accounts.csv"));
    let reps_path = args
        .reps_out
        .clone()
        .unwrap_or_else(|| dir.join("reps.csv"));

    let (accounts, reps) = generate(&spec);
    crate::output::write_all_atomic(&[
        (accounts_path.as_path(), accounts_csv(&accounts)),
        (reps_path.as_path(), reps_csv(&reps)),
    ])?;
    eprintln!(
        "wrote {} accounts to {} and {} reps to {}",
        accounts.rows.len(),
        accounts_path.display(),
        reps.len(),
        reps_path.display()
    );
    Ok(())
}
