//! Sample moments of every distribution spec against their closed forms.
//!
//! Each test draws `N` values with a fixed seed. Means must lie within five
//! standard errors (sd / sqrt(N)) of the exact mean, a chance failure rate
//! below one in a million; standard deviations within 2 % of the exact one,
//! about five standard errors of a sample sd for the kurtoses used here.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::*;

const N: usize = 200_000;

fn moments(dist: &Dist) -> (f64, f64, Vec<f64>) {
    let sampler = dist.sampler();
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let xs: Vec<f64> = (0..N).map(|_| sampler.sample(&mut rng)).collect();
    let mean = xs.iter().sum::<f64>() / N as f64;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (N as f64 - 1.0);
    (mean, var.sqrt(), xs)
}

fn assert_moments(dist: Dist, mean: f64, sd: f64) {
    if let Dist::Spec(spec) = &dist {
        spec.check().expect("valid parameters");
    }
    let (m, s, _) = moments(&dist);
    let se = (sd / (N as f64).sqrt()).max(1e-12);
    assert!((m - mean).abs() <= 5.0 * se, "{dist:?}: mean {m} vs {mean}");
    assert!(
        (s - sd).abs() <= 0.02 * sd + 1e-12,
        "{dist:?}: sd {s} vs {sd}"
    );
}

fn spec(s: &str) -> Dist {
    #[derive(serde::Deserialize)]
    struct Holder {
        x: Dist,
    }
    toml::from_str::<Holder>(&format!("x = {s}"))
        .expect("parses")
        .x
}

#[test]
fn constant_number_always_draws_itself() {
    let (m, s, _) = moments(&spec("42"));
    assert_eq!(m, 42.0);
    assert_eq!(s, 0.0);
}

#[test]
fn fixed_spec_always_draws_its_value() {
    let (m, s, _) = moments(&spec("{ dist = \"fixed\", value = 3.5 }"));
    assert_eq!(m, 3.5);
    assert_eq!(s, 0.0);
}

#[test]
fn uniform_matches_its_moments() {
    let (a, b) = (2.0_f64, 10.0_f64);
    assert_moments(
        spec("{ dist = \"uniform\", min = 2, max = 10 }"),
        6.0,
        (b - a) / 12f64.sqrt(),
    );
}

#[test]
fn triangular_matches_its_moments() {
    let (a, c, b) = (1.0_f64, 2.0_f64, 6.0_f64);
    let var = (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0;
    assert_moments(
        spec("{ dist = \"triangular\", min = 1, mode = 2, max = 6 }"),
        (a + b + c) / 3.0,
        var.sqrt(),
    );
}

#[test]
fn normal_matches_its_moments() {
    assert_moments(spec("{ dist = \"normal\", mean = 50, sd = 5 }"), 50.0, 5.0);
}

#[test]
fn truncated_normal_matches_truncated_moments() {
    // Truncation to [mu - sigma, mu + 2 sigma]: closed-form moments of the
    // truncated normal (Johnson, Kotz and Balakrishnan, vol. 1, 13.10).
    let (mu, sigma) = (10.0_f64, 4.0_f64);
    let (alpha, beta) = (-1.0_f64, 2.0_f64);
    let pdf = |z: f64| (-z * z / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let cdf = |z: f64| 0.5 * (1.0 + libm::erf(z / 2f64.sqrt()));
    let z = cdf(beta) - cdf(alpha);
    let mean = mu + sigma * (pdf(alpha) - pdf(beta)) / z;
    let var = sigma.powi(2)
        * (1.0 + (alpha * pdf(alpha) - beta * pdf(beta)) / z
            - ((pdf(alpha) - pdf(beta)) / z).powi(2));
    let d = spec("{ dist = \"normal\", mean = 10, sd = 4, min = 6, max = 18 }");
    assert_moments(d.clone(), mean, var.sqrt());
    let (_, _, xs) = moments(&d);
    assert!(xs.iter().all(|x| (6.0..=18.0).contains(x)));
}

#[test]
fn lognormal_by_mean_and_sd_matches_them() {
    assert_moments(
        spec("{ dist = \"lognormal\", mean = 100, sd = 30 }"),
        100.0,
        30.0,
    );
}

#[test]
fn lognormal_by_p10_and_p90_puts_them_at_those_quantiles() {
    let (_, _, mut xs) = moments(&spec("{ dist = \"lognormal\", p10 = 80, p90 = 150 }"));
    xs.sort_by(f64::total_cmp);
    // The empirical CDF at the true quantile has sd sqrt(0.09 / N) = 0.00067;
    // 0.004 is six of those.
    let below = |v: f64| xs.partition_point(|x| *x < v) as f64 / N as f64;
    assert!((below(80.0) - 0.1).abs() < 0.004);
    assert!((below(150.0) - 0.9).abs() < 0.004);
}

#[test]
fn beta_by_shapes_matches_its_moments() {
    let (a, b) = (20.0_f64, 380.0_f64);
    let var = a * b / ((a + b).powi(2) * (a + b + 1.0));
    assert_moments(
        spec("{ dist = \"beta\", alpha = 20, beta = 380 }"),
        a / (a + b),
        var.sqrt(),
    );
}

#[test]
fn beta_by_rate_and_sample_is_the_uniform_prior_posterior() {
    // 5 % of 2,000: k = 100 successes, posterior Beta(101, 1901).
    let (a, b) = (101.0_f64, 1901.0_f64);
    let var = a * b / ((a + b).powi(2) * (a + b + 1.0));
    assert_moments(
        spec("{ dist = \"beta\", rate = 0.05, sample = 2000 }"),
        a / (a + b),
        var.sqrt(),
    );
}

#[test]
fn gamma_matches_its_moments() {
    assert_moments(
        spec("{ dist = \"gamma\", shape = 4, scale = 2.5 }"),
        10.0,
        2.0 * 2.5,
    );
}

#[test]
fn pert_matches_its_moments() {
    let (a, m, b) = (10.0_f64, 20.0_f64, 40.0_f64);
    let mean = (a + 4.0 * m + b) / 6.0;
    let var = (mean - a) * (b - mean) / 7.0;
    assert_moments(
        spec("{ dist = \"pert\", min = 10, mode = 20, max = 40 }"),
        mean,
        var.sqrt(),
    );
}

#[test]
fn rejects_beta_with_zero_alpha() {
    let err = spec("{ dist = \"beta\", alpha = 0, beta = 3 }").check(Domain::Probability);
    assert_eq!(err.expect_err("alpha 0 is invalid").key, Some("alpha"));
}

#[test]
fn rejects_min_above_max() {
    let err = spec("{ dist = \"uniform\", min = 5, max = 1 }").check(Domain::NonNegative);
    assert_eq!(err.expect_err("min > max is invalid").key, Some("min"));
}

#[test]
fn rejects_untruncated_normal_for_a_probability() {
    let err = spec("{ dist = \"normal\", mean = 0.1, sd = 0.01 }").check(Domain::Probability);
    assert!(err.expect_err("unbounded").allowed.contains("[0, 1]"));
}

#[test]
fn rejects_both_lognormal_parameterisations() {
    let d = spec("{ dist = \"lognormal\", mean = 1, sd = 1, p10 = 1, p90 = 2 }");
    assert!(d.check(Domain::Positive).is_err());
}

#[test]
fn rejects_lognormal_whose_sd_overflows_the_log_scale() {
    for text in [
        "{ dist = \"lognormal\", mean = 1, sd = 1e200 }",
        "{ dist = \"lognormal\", mean = 1e-300, sd = 1 }",
    ] {
        let err = spec(text).check(Domain::Positive).expect_err(text);
        assert_eq!(err.key, Some("sd"), "{text}: {err:?}");
    }
}

#[test]
fn rejects_uniform_wider_than_double_precision() {
    let d = spec("{ dist = \"uniform\", min = -1e308, max = 1.7e308 }");
    let err = d.check(Domain::Change).expect_err("width overflows");
    assert_eq!(err.key, Some("max"), "{err:?}");
    // A finite width that `rand`'s uniform sampler still refuses is an
    // input error too, not a panic when the sampler is built.
    let d = spec("{ dist = \"uniform\", min = 0, max = 1.7976931348623157e308 }");
    assert!(d.check(Domain::NonNegative).is_err());
    let d = spec("{ dist = \"uniform\", min = 0, max = 1e300 }");
    d.check(Domain::NonNegative)
        .expect("a wide but sampleable range");
    d.sampler();
}

#[test]
fn rejects_a_single_non_finite_normal_bound() {
    for (text, key) in [
        ("{ dist = \"normal\", mean = 50, sd = 5, min = inf }", "min"),
        ("{ dist = \"normal\", mean = 50, sd = 5, min = nan }", "min"),
        ("{ dist = \"normal\", mean = 0, sd = 5, max = nan }", "max"),
    ] {
        let err = spec(text).check(Domain::Change).expect_err(text);
        assert_eq!(err.key, Some(key), "{text}: {err:?}");
        assert!(err.allowed.contains("finite"), "{text}: {err:?}");
    }
}
