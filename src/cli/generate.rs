//! `tcplan generate`.

use clap::Args;

use crate::Error;

/// Arguments of `tcplan generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {}

/// Runs `tcplan generate`.
pub fn run(_args: GenerateArgs) -> Result<(), Error> {
    Err(anyhow::anyhow!("`tcplan generate` is not available in this build").into())
}
