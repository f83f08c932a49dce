//! Printers for `tcplan assign`.
