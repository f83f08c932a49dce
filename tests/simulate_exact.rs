//! The two exact checks of the model.
//!
//! 1. Every input fixed: the spreadsheet's 10 reps in every trial.
//! 2. Fixed sign-ups N, a Beta(a, b) rate, no lag and a fixed productivity
//!    k: conversions are Beta-Binomial(N, a, b) and reps ceil(X / k), so
//!    the simulated percentiles must match the exact Beta-Binomial
//!    quantiles, computed here from the pmf with log-gamma.

use std::path::Path;

use tcplan::scenario;
use tcplan::simulate::{simulate, Model, Options};

fn run(text: &str, opts: &Options) -> tcplan::simulate::Outcome {
    let s = scenario::parse(text, "test.toml").expect("valid scenario");
    simulate(&Model::new(&s), opts, &|_| {}).expect("simulation runs")
}

#[test]
fn spreadsheet_scenario_needs_exactly_ten_reps_in_every_trial() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/spreadsheet.toml");
    let text = std::fs::read_to_string(path).expect("shipped scenario");
    // Percentiles this extreme are the smallest and largest trial.
    let opts = Options {
        trials: 20_000,
        percentiles: vec![0.001, 50.0, 99.999],
        ..Options::default()
    };
    let out = run(&text, &opts);

    let ae = &out.roles[0].quarters[0];
    assert!(ae.percentiles.iter().all(|p| p.value == 10), "{ae:?}");
    // Exact: every trial counted the integer 10.
    assert_eq!(ae.mean, 10.0);
    assert_eq!(ae.coverage, 1.0);
    assert!(out.conversions[0]
        .percentiles
        .iter()
        .all(|p| p.value == 500));
    assert!(out.signups[0].percentiles.iter().all(|p| p.value == 10_000));
}

/// Beta-Binomial(n, a, b) pmf from log-gamma:
/// C(n, k) B(k + a, n - k + b) / B(a, b).
fn beta_binomial_pmf(n: u64, a: f64, b: f64) -> Vec<f64> {
    let lg = libm::lgamma;
    let ln_beta = |x: f64, y: f64| lg(x) + lg(y) - lg(x + y);
    let nf = n as f64;
    (0..=n)
        .map(|k| {
            let kf = k as f64;
            let ln_choose = lg(nf + 1.0) - lg(kf + 1.0) - lg(nf - kf + 1.0);
            (ln_choose + ln_beta(kf + a, nf - kf + b) - ln_beta(a, b)).exp()
        })
        .collect()
}

#[test]
fn beta_rate_gives_beta_binomial_conversions_and_reps() {
    let (n, a, b, k) = (2000u64, 30.0, 570.0, 8.0);
    let text = format!(
        r#"version = 1
start = "2027-Q1"
quarters = 1
tiers = ["assisted"]
[signups]
base = {n}
[[segments]]
name = "all"
share = 1.0
conversion = {{ dist = "beta", alpha = {a}, beta = {b} }}
tiers = {{ assisted = 1.0 }}
[[roles]]
name = "AE"
demand = "conversions"
productivity = {k}
headcount = 0
"#
    );
    let trials = 400_000u64;
    let opts = Options {
        trials,
        seed: 11,
        ..Options::default()
    };
    let out = run(&text, &opts);

    let pmf = beta_binomial_pmf(n, a, b);
    let mut cdf = Vec::with_capacity(pmf.len());
    let mut acc = 0.0;
    for p in &pmf {
        acc += p;
        cdf.push(acc);
    }
    let reps_cdf = |r: u64| {
        // P(ceil(X / k) <= r) = P(X <= r k).
        let x = ((r as f64) * k) as usize;
        cdf[x.min(cdf.len() - 1)]
    };

    for (i, p) in [0.1, 0.5, 0.9].into_iter().enumerate() {
        let exact_x = cdf.iter().position(|c| *c >= p).expect("quantile") as u64;
        let exact_reps = (exact_x as f64 / k).ceil() as u64;
        let sim_x = out.conversions[0].percentiles[i].value;
        let sim_reps = out.roles[0].quarters[0].percentiles[i].value;

        // The empirical CDF at any point has standard deviation at most
        // sqrt(p (1 - p) / trials) ~ 0.0008 near these quantiles; four of
        // those bound how far the simulated quantile may sit from the exact
        // one in probability, a chance failure rate below 1e-4.
        let tol = 4.0 * (p * (1.0 - p) / trials as f64).sqrt();
        let x_cdf = |x: u64| cdf[x as usize];
        assert!(
            x_cdf(sim_x) >= p - tol && (sim_x == 0 || x_cdf(sim_x - 1) < p + tol),
            "P{}: conversions {sim_x} vs exact {exact_x}",
            p * 100.0
        );
        if sim_reps != exact_reps {
            // Only acceptable when the exact quantile sits on a rep boundary.
            assert!(
                (reps_cdf(sim_reps.min(exact_reps)) - p).abs() < tol,
                "P{}: reps {sim_reps} vs exact {exact_reps}",
                p * 100.0
            );
        }
    }
}
