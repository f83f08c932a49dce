//! Printers: turn engine results into tables, JSON and CSV. Nothing here
//! computes a figure; nothing in an engine prints.

pub mod assign;
pub mod bench;
pub mod simulate;
