//! Distribution specs for uncertain scenario inputs.
//!
//! Any uncertain number in a scenario file is a [`Dist`]: either a plain
//! number (a constant) or an inline table naming a distribution, such as
//! `{ dist = "normal", mean = 50, sd = 5, min = 0 }`. A spec is checked with
//! [`DistSpec::check`], its support is compared with what the quantity
//! allows ([`Domain`]), and it is turned into a [`Sampler`] that draws with
//! `rand_distr`.
//!
//! References: the PERT distribution is the scaled Beta of Malcolm et al.,
//! "Application of a technique for research and development program
//! evaluation", Operations Research 7(5), 1959; the lognormal and Beta
//! parameterisations are the standard ones (Johnson, Kotz and Balakrishnan,
//! "Continuous Univariate Distributions", 2nd ed., 1994/1995).

use std::borrow::Cow;
use std::fmt;

use rand::distr::Uniform;
use rand_distr::{Beta, Gamma, LogNormal, Normal, Pert, Triangular};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// z-score of the 90th percentile of the standard normal, used to turn a
/// lognormal's P10 and P90 into its log-scale parameters.
const Z90: f64 = 1.281_551_565_544_600_5;

/// An uncertain number: a constant or a distribution.
#[derive(Debug, Clone, PartialEq)]
pub enum Dist {
    /// A plain number in the file.
    Const(f64),
    /// An inline table with a `dist` key.
    Spec(DistSpec),
}

/// A named distribution with its parameters, tagged by `dist`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "dist", rename_all = "lowercase", deny_unknown_fields)]
pub enum DistSpec {
    /// Always `value`.
    Fixed {
        /// The constant.
        value: f64,
    },
    /// Uniform on `[min, max]`.
    Uniform {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
    /// Triangular with the given bounds and mode.
    Triangular {
        /// Lower bound.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Upper bound.
        max: f64,
    },
    /// Normal, optionally truncated to `[min, max]` (by rejection).
    Normal {
        /// Mean before truncation.
        mean: f64,
        /// Standard deviation before truncation.
        sd: f64,
        /// Optional lower truncation bound.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        /// Optional upper truncation bound.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
    /// Lognormal, given either by `mean` and `sd` or by `p10` and `p90`.
    Lognormal {
        /// Mean of the variable (not of its log).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mean: Option<f64>,
        /// Standard deviation of the variable (not of its log).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sd: Option<f64>,
        /// 10th percentile.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        p10: Option<f64>,
        /// 90th percentile.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        p90: Option<f64>,
    },
    /// Beta, given either by `alpha` and `beta`, or by an observed `rate` in
    /// a `sample` of past trials (uniform prior: alpha = k + 1,
    /// beta = n - k + 1 with k = rate * n).
    Beta {
        /// First shape parameter.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        alpha: Option<f64>,
        /// Second shape parameter.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        beta: Option<f64>,
        /// Observed rate, in [0, 1].
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rate: Option<f64>,
        /// Number of past trials the rate was observed on.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sample: Option<f64>,
    },
    /// Gamma with `shape` k and `scale` theta (mean k * theta).
    Gamma {
        /// Shape parameter k.
        shape: f64,
        /// Scale parameter theta.
        scale: f64,
    },
    /// PERT: a Beta scaled to `[min, max]` with the given mode.
    Pert {
        /// Lower bound.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Upper bound.
        max: f64,
    },
}

/// The set of values a quantity may take; a distribution's support must lie
/// inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {
    /// A probability or share: `[0, 1]`.
    Probability,
    /// A count or rate that cannot be negative: `[0, inf)`.
    NonNegative,
    /// A strictly positive quantity, such as a productivity: `(0, inf)`.
    Positive,
    /// A relative change, which cannot lose more than everything: `[-1, inf)`.
    Change,
}

impl Domain {
    /// Human description used in error messages.
    pub fn describe(self) -> &'static str {
        match self {
            Domain::Probability => "values in [0, 1]",
            Domain::NonNegative => "values >= 0",
            Domain::Positive => "values > 0",
            Domain::Change => "values >= -1 (a relative change)",
        }
    }

    fn lower(self) -> (f64, bool) {
        match self {
            Domain::Probability | Domain::NonNegative => (0.0, true),
            Domain::Positive => (0.0, false),
            Domain::Change => (-1.0, true),
        }
    }

    fn upper(self) -> f64 {
        match self {
            Domain::Probability => 1.0,
            _ => f64::INFINITY,
        }
    }
}

/// What is wrong with a distribution spec: the sub-key at fault, what was
/// found and what is allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct DistProblem {
    /// The key inside the spec (`alpha`, `min`...), or `None` for the whole.
    pub key: Option<&'static str>,
    /// What the file says.
    pub found: String,
    /// What would be accepted.
    pub allowed: String,
}

fn problem(key: &'static str, found: String, allowed: &str) -> DistProblem {
    DistProblem {
        key: Some(key),
        found,
        allowed: allowed.to_string(),
    }
}

fn need_positive(key: &'static str, v: f64) -> Result<(), DistProblem> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(problem(key, format!("{key} = {v}"), "a finite number > 0"))
    }
}

fn need_finite(key: &'static str, v: f64) -> Result<(), DistProblem> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(problem(key, format!("{key} = {v}"), "a finite number"))
    }
}

fn need_range(min: f64, max: f64) -> Result<(), DistProblem> {
    need_finite("min", min)?;
    need_finite("max", max)?;
    if min > max {
        return Err(problem(
            "min",
            format!("min = {min} > max = {max}"),
            "min <= max",
        ));
    }
    Ok(())
}

fn need_mode(min: f64, mode: f64, max: f64) -> Result<(), DistProblem> {
    need_range(min, max)?;
    if !(min..=max).contains(&mode) {
        return Err(problem(
            "mode",
            format!("mode = {mode}"),
            &format!("a mode between min = {min} and max = {max}"),
        ));
    }
    Ok(())
}

/// Log-scale `(mu, sigma)` of a lognormal with this mean and sd:
/// `sigma^2 = ln(1 + sd^2 / mean^2)`, `mu = ln(mean) - sigma^2 / 2`.
fn lognormal_by_moments(mean: f64, sd: f64) -> (f64, f64) {
    let s2 = (1.0 + (sd / mean).powi(2)).ln();
    (mean.ln() - s2 / 2.0, s2.sqrt())
}

/// Which of two alternative parameter pairs was given, if exactly one.
fn pick_pair(
    first: (&'static str, Option<f64>, &'static str, Option<f64>),
    second: (&'static str, Option<f64>, &'static str, Option<f64>),
) -> Result<bool, DistProblem> {
    let (a, av, b, bv) = first;
    let (c, cv, d, dv) = second;
    let allowed = format!("either `{a}` and `{b}`, or `{c}` and `{d}`");
    let first_any = av.is_some() || bv.is_some();
    let second_any = cv.is_some() || dv.is_some();
    match (first_any, second_any) {
        (true, true) => Err(problem(
            c,
            format!("both `{a}`/`{b}` and `{c}`/`{d}`"),
            &allowed,
        )),
        (false, false) => Err(DistProblem {
            key: None,
            found: "no parameters".into(),
            allowed,
        }),
        (true, false) if av.is_none() || bv.is_none() => {
            let missing = if av.is_none() { a } else { b };
            Err(problem(missing, format!("`{missing}` missing"), &allowed))
        }
        (false, true) if cv.is_none() || dv.is_none() => {
            let missing = if cv.is_none() { c } else { d };
            Err(problem(missing, format!("`{missing}` missing"), &allowed))
        }
        (first, _) => Ok(first),
    }
}

impl DistSpec {
    /// Checks the parameters on their own (positivity, ordered bounds,
    /// exactly one parameterisation).
    pub fn check(&self) -> Result<(), DistProblem> {
        match *self {
            DistSpec::Fixed { value } => need_finite("value", value),
            DistSpec::Uniform { min, max } => {
                need_range(min, max)?;
                if !(max - min).is_finite() {
                    return Err(problem(
                        "max",
                        format!("max - min = {}", max - min),
                        "a width max - min that is a finite number",
                    ));
                }
                Ok(())
            }
            DistSpec::Triangular { min, mode, max } | DistSpec::Pert { min, mode, max } => {
                need_mode(min, mode, max)?;
                if matches!(self, DistSpec::Pert { .. }) && min == max {
                    return Err(problem("max", format!("min = max = {min}"), "min < max"));
                }
                Ok(())
            }
            DistSpec::Normal { mean, sd, min, max } => {
                need_finite("mean", mean)?;
                need_positive("sd", sd)?;
                if let Some(lo) = min {
                    need_finite("min", lo)?;
                }
                if let Some(hi) = max {
                    need_finite("max", hi)?;
                }
                if let (Some(lo), Some(hi)) = (min, max) {
                    need_range(lo, hi)?;
                    if lo == hi {
                        return Err(problem("max", format!("min = max = {lo}"), "min < max"));
                    }
                }
                Ok(())
            }
            DistSpec::Lognormal { mean, sd, p10, p90 } => {
                if pick_pair(("mean", mean, "sd", sd), ("p10", p10, "p90", p90))? {
                    let (m, s) = (mean.unwrap_or(f64::NAN), sd.unwrap_or(f64::NAN));
                    need_positive("mean", m)?;
                    need_positive("sd", s)?;
                    let (mu, sigma) = lognormal_by_moments(m, s);
                    if !(mu.is_finite() && sigma.is_finite()) {
                        return Err(problem(
                            "sd",
                            format!("sd / mean = {:e}", s / m),
                            "sd / mean below 1e150 (finite log-scale parameters)",
                        ));
                    }
                    Ok(())
                } else {
                    let (lo, hi) = (p10.unwrap_or(f64::NAN), p90.unwrap_or(f64::NAN));
                    need_positive("p10", lo)?;
                    need_positive("p90", hi)?;
                    if lo >= hi {
                        return Err(problem(
                            "p10",
                            format!("p10 = {lo} >= p90 = {hi}"),
                            "p10 < p90",
                        ));
                    }
                    Ok(())
                }
            }
            DistSpec::Beta {
                alpha,
                beta,
                rate,
                sample,
            } => {
                if pick_pair(
                    ("alpha", alpha, "beta", beta),
                    ("rate", rate, "sample", sample),
                )? {
                    need_positive("alpha", alpha.unwrap_or(f64::NAN))?;
                    need_positive("beta", beta.unwrap_or(f64::NAN))
                } else {
                    let (r, n) = (rate.unwrap_or(f64::NAN), sample.unwrap_or(f64::NAN));
                    if !(0.0..=1.0).contains(&r) {
                        return Err(problem("rate", format!("rate = {r}"), "a rate in [0, 1]"));
                    }
                    need_positive("sample", n)
                }
            }
            DistSpec::Gamma { shape, scale } => {
                need_positive("shape", shape)?;
                need_positive("scale", scale)
            }
        }
    }

    /// The Beta shape parameters this spec stands for (only for `beta`).
    pub fn beta_shapes(&self) -> Option<(f64, f64)> {
        match *self {
            DistSpec::Beta {
                alpha: Some(a),
                beta: Some(b),
                ..
            } => Some((a, b)),
            DistSpec::Beta {
                rate: Some(r),
                sample: Some(n),
                ..
            } => Some((r * n + 1.0, n - r * n + 1.0)),
            _ => None,
        }
    }

    /// The smallest and largest values a draw can take.
    pub fn support(&self) -> (f64, f64) {
        match *self {
            DistSpec::Fixed { value } => (value, value),
            DistSpec::Uniform { min, max }
            | DistSpec::Triangular { min, max, .. }
            | DistSpec::Pert { min, max, .. } => (min, max),
            DistSpec::Normal { min, max, .. } => (
                min.unwrap_or(f64::NEG_INFINITY),
                max.unwrap_or(f64::INFINITY),
            ),
            DistSpec::Lognormal { .. } | DistSpec::Gamma { .. } => (0.0, f64::INFINITY),
            DistSpec::Beta { .. } => (0.0, 1.0),
        }
    }

    /// Short name for messages.
    pub fn name(&self) -> &'static str {
        match self {
            DistSpec::Fixed { .. } => "fixed",
            DistSpec::Uniform { .. } => "uniform",
            DistSpec::Triangular { .. } => "triangular",
            DistSpec::Normal { .. } => "normal",
            DistSpec::Lognormal { .. } => "lognormal",
            DistSpec::Beta { .. } => "beta",
            DistSpec::Gamma { .. } => "gamma",
            DistSpec::Pert { .. } => "pert",
        }
    }
}

impl Dist {
    /// Checks the parameters, then that every draw lies in `domain`.
    pub fn check(&self, domain: Domain) -> Result<(), DistProblem> {
        let (lo, hi, what) = match self {
            Dist::Const(v) => {
                need_finite("value", *v).map_err(|p| DistProblem { key: None, ..p })?;
                (*v, *v, format!("{v}"))
            }
            Dist::Spec(spec) => {
                spec.check()?;
                let (lo, hi) = spec.support();
                (
                    lo,
                    hi,
                    format!("{} distribution with values in [{lo}, {hi}]", spec.name()),
                )
            }
        };
        let (min, closed) = domain.lower();
        let low_ok = if closed {
            lo >= min
        } else {
            lo > min || self.is_continuous_at_zero()
        };
        if !low_ok || hi > domain.upper() {
            let mut allowed = domain.describe().to_string();
            if let Dist::Spec(DistSpec::Normal { .. }) = self {
                allowed.push_str(" (truncate the normal with `min`/`max`)");
            }
            return Err(DistProblem {
                key: None,
                found: what,
                allowed,
            });
        }
        // Parameters that pass the checks above but overflow inside
        // `rand_distr` are an input error, never a panic later.
        if self.try_sampler().is_none() {
            return Err(DistProblem {
                key: None,
                found: format!("{what}, whose parameters overflow double precision"),
                allowed: "parameters of a moderate size (below about 1e150)".to_string(),
            });
        }
        Ok(())
    }

    /// Lognormal and gamma draws are > 0 almost surely although their
    /// support's closure starts at 0.
    fn is_continuous_at_zero(&self) -> bool {
        matches!(
            self,
            Dist::Spec(DistSpec::Lognormal { .. } | DistSpec::Gamma { .. } | DistSpec::Beta { .. })
        )
    }

    /// The constant, when this is one.
    pub fn as_const(&self) -> Option<f64> {
        match self {
            Dist::Const(v) | Dist::Spec(DistSpec::Fixed { value: v }) => Some(*v),
            _ => None,
        }
    }

    /// Builds the sampler. The spec must have passed [`Dist::check`].
    pub fn sampler(&self) -> Sampler {
        self.try_sampler()
            .expect("distribution spec was checked before building its sampler")
    }

    /// The sampler, or `None` when `rand_distr` refuses the parameters.
    fn try_sampler(&self) -> Option<Sampler> {
        let spec = match self {
            Dist::Const(v) => return Some(Sampler::Fixed(*v)),
            Dist::Spec(spec) => spec,
        };
        match *spec {
            DistSpec::Fixed { value } => Some(Sampler::Fixed(value)),
            DistSpec::Uniform { min, max } if min == max => Some(Sampler::Fixed(min)),
            DistSpec::Uniform { min, max } => {
                Uniform::new_inclusive(min, max).ok().map(Sampler::Uniform)
            }
            DistSpec::Triangular { min, max, .. } if min == max => Some(Sampler::Fixed(min)),
            DistSpec::Triangular { min, mode, max } => Triangular::new(min, max, mode)
                .ok()
                .map(Sampler::Triangular),
            DistSpec::Normal { mean, sd, min, max } => {
                Normal::new(mean, sd).ok().map(|d| Sampler::Normal {
                    dist: d,
                    min: min.unwrap_or(f64::NEG_INFINITY),
                    max: max.unwrap_or(f64::INFINITY),
                })
            }
            DistSpec::Lognormal { mean, sd, p10, p90 } => {
                let (mu, sigma) = match (mean, sd, p10, p90) {
                    (Some(m), Some(s), _, _) => lognormal_by_moments(m, s),
                    (_, _, Some(lo), Some(hi)) => {
                        ((lo.ln() + hi.ln()) / 2.0, (hi.ln() - lo.ln()) / (2.0 * Z90))
                    }
                    _ => (f64::NAN, f64::NAN),
                };
                LogNormal::new(mu, sigma).ok().map(Sampler::LogNormal)
            }
            DistSpec::Beta { .. } => spec
                .beta_shapes()
                .and_then(|(a, b)| Beta::new(a, b).ok())
                .map(Sampler::Beta),
            DistSpec::Gamma { shape, scale } => Gamma::new(shape, scale).ok().map(Sampler::Gamma),
            DistSpec::Pert { min, mode, max } => {
                Pert::new(min, max).with_mode(mode).ok().map(Sampler::Pert)
            }
        }
    }
}

impl Serialize for Dist {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Dist::Const(v) => s.serialize_f64(*v),
            Dist::Spec(spec) => spec.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Dist {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DistVisitor;

        impl<'de> Visitor<'de> for DistVisitor {
            type Value = Dist;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a table such as { dist = \"normal\", mean = 1, sd = 0.1 }")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Dist, E> {
                Ok(Dist::Const(v as f64))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Dist, E> {
                Ok(Dist::Const(v as f64))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Dist, E> {
                Ok(Dist::Const(v))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Dist, A::Error> {
                DistSpec::deserialize(de::value::MapAccessDeserializer::new(map)).map(Dist::Spec)
            }
        }

        d.deserialize_any(DistVisitor)
    }
}

impl JsonSchema for Dist {
    fn schema_name() -> Cow<'static, str> {
        "Dist".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let spec = generator.subschema_for::<DistSpec>();
        json_schema!({
            "description": "A constant number, or a table naming a distribution with `dist`.",
            "anyOf": [{ "type": "number" }, spec]
        })
    }
}

mod sampler;

pub use sampler::Sampler;

#[cfg(test)]
mod tests;
