//! tcplan: territory and capacity planning for product-led B2B SaaS.
//!
//! The library holds every engine; the `tcplan` binary only parses arguments,
//! calls into [`cli`] and maps the one error it gets back to an exit code.
//!
//! - [`scenario`] and [`dist`]: the scenario file format and its distributions.
//! - [`simulate`] and [`capacity`]: the Monte Carlo engine and staffing maths.
//! - [`territory`] and [`assign`]: accounts, reps and the assignment engine.
//! - [`bench`](crate::bench): benchmark instance readers and runners.
//! - [`report`]: printers that turn engine results into tables, JSON and CSV.

pub mod assign;
pub mod bench;
pub mod capacity;
pub mod cli;
pub mod dist;
pub mod error;
pub mod output;
pub mod report;
pub mod scenario;
pub mod simulate;
pub mod territory;

pub use error::{Error, Result};
