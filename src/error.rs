//! The error every command returns, and the exit code each kind maps to.
//!
//! Engines keep their own typed errors (each names the file, line, column,
//! key or id at fault); at the command boundary they become one of the kinds
//! below, which decides the process exit code in a single place.

use std::error::Error as StdError;

/// Process exit codes, documented in `--help` and the README.
pub mod exit {
    /// The command did what was asked.
    pub const SUCCESS: i32 = 0;
    /// A bug or an environment failure (I/O on an output, solver crash).
    pub const INTERNAL: i32 = 1;
    /// The input files or arguments are wrong; the message says what to change.
    pub const BAD_INPUT: i32 = 2;
    /// The input is well formed but no assignment satisfies its constraints.
    pub const INFEASIBLE: i32 = 3;
    /// Every check passed but the search found no assignment within the time
    /// limit; whether one exists is not known.
    pub const NO_SOLUTION: i32 = 4;
}

type Cause = Box<dyn StdError + Send + Sync + 'static>;

/// What went wrong, sorted by whose fault it is.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: a file, a key or an argument the user must change.
    #[error(transparent)]
    Input(Cause),
    /// Well-formed input that admits no solution; the message explains why.
    #[error(transparent)]
    Infeasible(Cause),
    /// No answer found in time, and no proof that none exists.
    #[error(transparent)]
    NoSolution(Cause),
    /// Anything else.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl Error {
    /// Wraps an error the user can fix by changing their input.
    pub fn input(cause: impl Into<Cause>) -> Self {
        Error::Input(cause.into())
    }

    /// Wraps an explanation of why the input admits no solution.
    pub fn infeasible(cause: impl Into<Cause>) -> Self {
        Error::Infeasible(cause.into())
    }

    /// Wraps the report of a search that ended without an answer.
    pub fn no_solution(cause: impl Into<Cause>) -> Self {
        Error::NoSolution(cause.into())
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) => exit::BAD_INPUT,
            Error::Infeasible(_) => exit::INFEASIBLE,
            Error::NoSolution(_) => exit::NO_SOLUTION,
            Error::Internal(_) => exit::INTERNAL,
        }
    }
}

/// Result with the command-level [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
