//! Writing results: to stdout, or to a file that appears only when complete.
//!
//! A file output is written to a temporary file in the destination folder and
//! renamed over the destination at the end, so a failed run never leaves a
//! partial or stale-looking result behind. The file gets the permissions of
//! any newly created file (on unix 0o666 less the process umask, usually
//! 0o644), not the owner-only mode of a temporary file.

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
    let mut tmp =
        temporary_in(dir).with_context(|| format!("cannot create a file in {}", dir.display()))?;
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
        let mut tmp = temporary_in(dir)
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

/// A temporary file in `dir` with the permissions of a newly created file.
///
/// tempfile creates files readable by the owner only (0o600), and the mode
/// survives the rename. On unix the file is created with mode 0o666 instead,
/// which the operating system masks with the umask, exactly as for
/// `File::create`.
fn temporary_in(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path)
            .expect("file exists")
            .permissions()
            .mode()
            & 0o777
    }

    #[test]
    fn written_files_get_the_mode_of_a_newly_created_file() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        // What the umask gives any new file, for comparison.
        let plain = dir.path().join("plain.csv");
        std::fs::write(&plain, b"x").expect("write");
        let expected = mode(&plain);
        assert_eq!(expected & 0o600, 0o600, "owner can read and write");

        let one = dir.path().join("one.csv");
        write_atomic(&one, b"a,b\n").expect("write_atomic");
        assert_eq!(mode(&one), expected);

        let two = dir.path().join("two.csv");
        let three = dir.path().join("three.csv");
        write_all_atomic(&[
            (two.as_path(), b"1".to_vec()),
            (three.as_path(), b"2".to_vec()),
        ])
        .expect("write_all_atomic");
        assert_eq!(mode(&two), expected);
        assert_eq!(mode(&three), expected);
        assert_eq!(std::fs::read(&three).expect("read"), b"2");
    }

    #[test]
    fn replacing_a_file_gets_the_mode_of_a_newly_created_file() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let plain = dir.path().join("plain.csv");
        std::fs::write(&plain, b"x").expect("write");
        let path = dir.path().join("out.csv");
        write_atomic(&path, b"old").expect("first write");
        write_atomic(&path, b"new").expect("second write");
        assert_eq!(mode(&path), mode(&plain));
        assert_eq!(std::fs::read(&path).expect("read"), b"new");
    }
}
