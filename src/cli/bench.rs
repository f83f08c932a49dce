//! `tcplan bench`.

use clap::Args;

use crate::Error;

/// Arguments of `tcplan bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {}

/// Runs `tcplan bench`.
pub fn run(_args: BenchArgs) -> Result<(), Error> {
    Err(anyhow::anyhow!("`tcplan bench` is not available in this build").into())
}
