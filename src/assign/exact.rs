//! The assignment problem as a mixed-integer programme, solved with good_lp.
//!
//! One binary variable per eligible pair, one equality per item (exactly one
//! agent), one capacity row and one account-count row per agent. A balance
//! metric's largest relative deviation is linearised with one auxiliary
//! variable `z_k` and two rows per agent: `v_a - T_a <= T_a z_k` and
//! `T_a - v_a <= T_a z_k` (the standard min-max reformulation). A balance
//! band fixes `z_0 <= band`. The default build solves it with microlp (pure
//! Rust); with the `highs` feature, HiGHS. Both start from the heuristic's
//! assignment when one is given.
//!
//! The same model with continuous variables is the LP relaxation, whose
//! optimum is a valid lower bound on the MIP optimum.
//!
//! References: H. P. Williams, *Model Building in Mathematical Programming*,
//! 5th ed., Wiley, 2013, section 3.2 (minimax objectives); G. Nemhauser and
//! L. Wolsey, *Integer and Combinatorial Optimization*, Wiley, 1988 (LP
//! relaxation bounds).

use std::time::Duration;

use good_lp::{
    variable, Expression, ProblemVariables, Solution as _, SolverModel, Variable,
    WithInitialSolution, WithTimeLimit,
};

use super::problem::Problem;

/// What a MIP or LP run ended with.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome {
    /// Proven optimal: the assignment (agents per item; empty for an LP) and
    /// the objective value.
    Optimal {
        assignment: Vec<u32>,
        objective: f64,
    },
    /// A solution found before the time limit, not proven optimal.
    Feasible { assignment: Vec<u32> },
    /// The solver proved that no solution exists.
    Infeasible,
    /// Nothing usable (time limit before any solution, or a solver error).
    Failed,
}

struct Model {
    vars: ProblemVariables,
    x: Vec<Vec<Variable>>,
    /// The largest-deviation variable of each modelled balance metric, with
    /// the metric's index.
    z: Vec<(usize, Variable)>,
    objective: Expression,
    rows: Vec<good_lp::Constraint>,
}

fn build(problem: &Problem, integer: bool) -> Model {
    let mut vars = ProblemVariables::new();
    let x: Vec<Vec<Variable>> = (0..problem.items.len())
        .map(|item| {
            problem
                .pairs(item)
                .iter()
                .map(|_| {
                    let v = variable().min(0.0).max(1.0);
                    vars.add(if integer { v.binary() } else { v })
                })
                .collect()
        })
        .collect();

    let n = problem.agents.len();
    let mut rows = Vec::new();
    let mut load: Vec<Expression> = vec![Expression::default(); n];
    let mut count: Vec<Expression> = vec![Expression::default(); n];
    let mut value: Vec<Vec<Expression>> =
        vec![vec![Expression::default(); n]; problem.balance.len()];
    let mut objective = Expression::default();
    let o = &problem.objective;
    for (item, xs) in x.iter().enumerate() {
        let mut one = Expression::default();
        for (pair, &var) in problem.pairs(item).iter().zip(xs) {
            let a = pair.agent as usize;
            one += var;
            load[a] += pair.workload * var;
            count[a] += f64::from(problem.items[item].accounts) * var;
            for (k, metric) in problem.balance.iter().enumerate() {
                value[k][a] += metric.value[item] * var;
            }
            objective += (o.disruption_weight * pair.disruption + o.cost_weight * pair.cost) * var;
        }
        rows.push(one.eq(1.0));
    }
    for (a, agent) in problem.agents.iter().enumerate() {
        rows.push(load[a].clone().leq(agent.capacity));
        if let Some(max) = agent.max_accounts {
            rows.push(count[a].clone().leq(f64::from(max)));
        }
    }
    let band = o.max_deviation;
    let mut z_vars = Vec::new();
    for (k, metric) in problem.balance.iter().enumerate() {
        let band_metric = k == 0 && band.is_some();
        if metric.weight <= 0.0 && !band_metric {
            continue;
        }
        let z = vars.add(variable().min(0.0));
        z_vars.push((k, z));
        if band_metric {
            rows.push(Expression::from(z).leq(band.unwrap_or(0.0)));
        } else {
            objective += metric.weight * z;
        }
        for (a, &t) in metric.target.iter().enumerate() {
            if t > 0.0 {
                rows.push((value[k][a].clone() - t).leq(t * z));
                rows.push((t - value[k][a].clone()).leq(t * z));
            }
        }
    }
    Model {
        vars,
        x,
        z: z_vars,
        objective,
        rows,
    }
}

/// A complete starting point for the MIP from a feasible assignment (agents
/// per item): every `x` at 0 or 1 and every `z` at the assignment's largest
/// relative deviation, so that the start satisfies every row. Backends that
/// fill missing values with 0 would otherwise receive an infeasible start.
fn warm_values(
    problem: &Problem,
    x: &[Vec<Variable>],
    z: &[(usize, Variable)],
    start: &[u32],
) -> Vec<(Variable, f64)> {
    let mut values = Vec::with_capacity(x.iter().map(Vec::len).sum::<usize>() + z.len());
    for (item, xs) in x.iter().enumerate() {
        for (pair, &var) in problem.pairs(item).iter().zip(xs) {
            values.push((var, f64::from(u8::from(pair.agent == start[item]))));
        }
    }
    for &(k, var) in z {
        let metric = &problem.balance[k];
        let mut value = vec![0.0; problem.agents.len()];
        for (item, &agent) in start.iter().enumerate() {
            value[agent as usize] += metric.value[item];
        }
        let worst = metric
            .target
            .iter()
            .zip(&value)
            .filter(|(t, _)| **t > 0.0)
            .map(|(t, v)| (v - t).abs() / t)
            .fold(0.0, f64::max);
        values.push((var, worst));
    }
    values
}

/// Adds the rows, the time limit and the starting point, then solves.
fn solve_model<M>(
    model: M,
    seconds: f64,
    warm: Vec<(Variable, f64)>,
    rows: Vec<good_lp::Constraint>,
) -> Result<M::Solution, M::Error>
where
    M: SolverModel + WithInitialSolution + WithTimeLimit,
{
    let mut model = model.with_time_limit(seconds);
    if !warm.is_empty() {
        model = model.with_initial_solution(warm);
    }
    for row in rows {
        model.add_constraint(row);
    }
    model.solve()
}

/// Solves the MIP (`integer`) or its LP relaxation within `limit`.
/// `start` is an optional feasible assignment to warm-start from.
pub(crate) fn run(
    problem: &Problem,
    integer: bool,
    limit: Duration,
    start: Option<&[u32]>,
) -> Outcome {
    let Model {
        vars,
        x,
        z,
        objective,
        rows,
    } = build(problem, integer);
    let seconds = limit.as_secs_f64().max(0.01);

    let warm: Vec<(Variable, f64)> = match (integer, start) {
        (true, Some(start)) => warm_values(problem, &x, &z, start),
        _ => Vec::new(),
    };

    #[cfg(feature = "highs")]
    let model = {
        let mut model = vars.minimise(objective.clone()).using(good_lp::highs);
        model.set_verbose(false);
        model
    };
    #[cfg(not(feature = "highs"))]
    let model = vars.minimise(objective.clone()).using(good_lp::microlp);
    let result = solve_model(model, seconds, warm, rows);

    match result {
        Ok(solution) => {
            let optimal = matches!(solution.status(), good_lp::SolutionStatus::Optimal);
            let value = solution.eval(&objective);
            if !integer {
                return if optimal {
                    Outcome::Optimal {
                        assignment: Vec::new(),
                        objective: value,
                    }
                } else {
                    Outcome::Failed
                };
            }
            let assignment: Vec<u32> = x
                .iter()
                .enumerate()
                .map(|(item, xs)| {
                    let pairs = problem.pairs(item);
                    let k = (0..xs.len())
                        .max_by(|&a, &b| solution.value(xs[a]).total_cmp(&solution.value(xs[b])))
                        .unwrap_or(0);
                    pairs.get(k).map_or(0, |p| p.agent)
                })
                .collect();
            if optimal {
                Outcome::Optimal {
                    assignment,
                    objective: value,
                }
            } else {
                Outcome::Feasible { assignment }
            }
        }
        Err(good_lp::ResolutionError::Infeasible) => Outcome::Infeasible,
        Err(_) => Outcome::Failed,
    }
}
