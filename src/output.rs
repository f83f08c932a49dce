//! Writing results: to stdout, or to a file that appears only when complete.
//!
//! A file output is written to a temporary file in the destination folder and
//! renamed over the destination at the end, so a failed run never leaves a
//! partial or stale-looking result behind.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Where a command's main result goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Standard output.
    Stdout,
    /// A file, replaced atomically.
    File(PathBuf),
}

impl Destination {
    /// `None` or `-` means standard output.
    pub fn from_arg(path: Option<&Path>) -> Self {
        match path {
            Some(p) if p.as_os_str() != "-" => Destination::File(p.to_path_buf()),
            _ => Destination::Stdout,
        }
    }

    /// Writes `bytes` in full to the destination.
    pub fn write(&self, bytes: &[u8]) -> anyhow::Result<()> {
        match self {
            Destination::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes)
                    .and_then(|()| out.flush())
                    .context("cannot write to stdout")
            }
            Destination::File(path) => write_atomic(path, bytes),
        }
    }
}

/// Writes `bytes` to `path` through a temporary file renamed into place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot create a file in {}", dir.display()))?;
    tmp.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Writes several files so that either all appear or none does: every file
/// is fully written to a temporary first, and only then are they renamed.
pub fn write_all_atomic(files: &[(&Path, Vec<u8>)]) -> anyhow::Result<()> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut tmp = tempfile::NamedTempFile::new_in(dir)
            .with_context(|| format!("cannot create a file in {}", dir.display()))?;
        tmp.write_all(bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
        staged.push((tmp, *path));
    }
    for (tmp, path) in staged {
        tmp.persist(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}
