//! Samplers: distribution specs turned into ready-to-draw `rand_distr`
//! distributions.

use rand::distr::{Distribution, Uniform};
use rand::Rng;
use rand_distr::{Beta, Gamma, LogNormal, Normal, Pert, Triangular};

/// How many rejected draws a truncated normal tolerates before it returns
/// its mean clamped to the bounds; only reached when the window lies far in
/// a tail.
const MAX_REJECTIONS: u32 = 10_000;

/// A ready-to-draw distribution.
#[derive(Debug, Clone)]
pub enum Sampler {
    /// A constant.
    Fixed(f64),
    /// Uniform.
    Uniform(Uniform<f64>),
    /// Triangular.
    Triangular(Triangular<f64>),
    /// Normal truncated to `[min, max]` by rejection.
    Normal {
        /// The untruncated normal.
        dist: Normal<f64>,
        /// Lower bound (may be -inf).
        min: f64,
        /// Upper bound (may be +inf).
        max: f64,
    },
    /// Lognormal.
    LogNormal(LogNormal<f64>),
    /// Beta.
    Beta(Beta<f64>),
    /// Gamma.
    Gamma(Gamma<f64>),
    /// PERT.
    Pert(Pert<f64>),
}

impl Sampler {
    /// Draws one value.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Sampler::Fixed(v) => *v,
            Sampler::Uniform(d) => d.sample(rng),
            Sampler::Triangular(d) => d.sample(rng),
            Sampler::Normal { dist, min, max } => {
                for _ in 0..MAX_REJECTIONS {
                    let x = dist.sample(rng);
                    if (*min..=*max).contains(&x) {
                        return x;
                    }
                }
                dist.mean().clamp(*min, *max)
            }
            Sampler::LogNormal(d) => d.sample(rng),
            Sampler::Beta(d) => d.sample(rng),
            Sampler::Gamma(d) => d.sample(rng),
            Sampler::Pert(d) => d.sample(rng),
        }
    }

    /// True when every draw is the same number.
    pub fn is_fixed(&self) -> bool {
        matches!(self, Sampler::Fixed(_))
    }
}
