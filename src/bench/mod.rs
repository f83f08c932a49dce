//! Benchmark instance readers and runners.
