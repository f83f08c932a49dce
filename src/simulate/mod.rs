//! The Monte Carlo engine and its summaries.
