//! `tcplan assign`.

use clap::Args;

use crate::Error;

/// Arguments of `tcplan assign`.
#[derive(Debug, Args)]
pub struct AssignArgs {}

/// Runs `tcplan assign`.
pub fn run(_args: AssignArgs) -> Result<(), Error> {
    Err(anyhow::anyhow!("`tcplan assign` is not available in this build").into())
}
