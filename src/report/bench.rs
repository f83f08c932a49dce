//! Printers for `tcplan bench`.
