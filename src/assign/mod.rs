//! The assignment engine: formulation, strategies and diagnosis.

pub mod cost;
pub mod problem;

pub use problem::{
    Agent, BalanceMetric, Evaluation, Item, Objective, Pair, Problem, Solution, SolveOptions,
    Status, Strategy, Violation,
};
