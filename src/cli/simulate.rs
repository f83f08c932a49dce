//! `tcplan simulate`.

use clap::Args;

use crate::Error;

/// Arguments of `tcplan simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {}

/// Runs `tcplan simulate`.
pub fn run(_args: SimulateArgs) -> Result<(), Error> {
    Err(anyhow::anyhow!("`tcplan simulate` is not available in this build").into())
}
