//! The assignment engine: the problem, its strategies, bounds and diagnosis.
//!
//! [`solve`] is the entry point: it takes any mix of balance, disruption and
//! cost terms (including a pure cost objective, the Generalized Assignment
//! Problem) and returns a checked assignment with its proven lower bound.

mod band;
pub mod bound;
mod construct;
pub mod cost;
pub mod diagnose;
mod exact;
mod heuristic;
pub mod pareto;
pub mod problem;
mod search;
mod solve;
mod state;

pub use problem::{
    Agent, BalanceMetric, Evaluation, Item, Objective, Pair, Problem, Solution, SolveOptions,
    Status, Strategy, Violation,
};
pub use solve::{solve, solve_from};
