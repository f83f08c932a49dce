//! Accounts, reps and their CSV contract; the territory model built from
//! them; the config file; and the synthetic instance generator.

pub mod causes;
pub mod config;
pub mod explain;
pub mod generate;
pub mod input;
pub mod model;
mod quote;
pub mod table;

pub use config::Config;
pub use input::{Account, Accounts, PairCost, Rep};
pub use model::{Settings, Territory};
pub use table::InputError;
