//! Printers for `tcplan simulate`.
