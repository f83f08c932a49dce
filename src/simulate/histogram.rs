//! Integer histograms: the whole per-cell summary of a simulation.
//!
//! A histogram counts how many trials gave each non-negative integer value
//! (a headcount, a number of sign-ups). Counting is exact and merging two
//! histograms is integer addition, so the result does not depend on how
//! trials were split between threads. Memory is bounded by the range of
//! values, not the number of trials: when a histogram would need more than
//! [`MAX_BINS`] bins, bins widen to the next power of two (aligned on
//! multiples of the width), so its width is a function of the smallest and
//! largest value seen, whatever the merge order.

/// Largest number of bins a histogram keeps before widening them.
pub const MAX_BINS: u64 = 1 << 14;

/// Counts of trials per integer value (or per aligned bin of `2^shift` values).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Histogram {
    /// log2 of the bin width.
    shift: u32,
    /// Bin index of `counts[0]`.
    first: u64,
    /// Trials per bin.
    counts: Vec<u64>,
    /// Total trials.
    total: u64,
}

impl Histogram {
    /// An empty histogram.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of trials counted.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Width of a bin (1 unless the range is very wide).
    pub fn bin_width(&self) -> u64 {
        1 << self.shift
    }

    /// Counts one trial with value `v`.
    #[inline]
    pub fn add(&mut self, v: u64) {
        self.add_n(v, 1);
    }

    /// Counts `n` trials with value `v`.
    #[inline]
    pub fn add_n(&mut self, v: u64, n: u64) {
        let bin = v >> self.shift;
        let idx = bin.wrapping_sub(self.first);
        if !self.counts.is_empty() && idx < self.counts.len() as u64 {
            self.counts[idx as usize] += n;
            self.total += n;
            return;
        }
        self.add_slow(v, n);
    }

    #[cold]
    fn add_slow(&mut self, v: u64, n: u64) {
        let (lo, hi) = if self.counts.is_empty() {
            (v, v)
        } else {
            (self.min_value().min(v), self.max_value().max(v))
        };
        self.cover(lo, hi, self.shift);
        let idx = ((v >> self.shift) - self.first) as usize;
        self.counts[idx] += n;
        self.total += n;
    }

    /// Smallest value of the first bin.
    fn min_value(&self) -> u64 {
        self.first << self.shift
    }

    /// Largest value of the last bin.
    fn max_value(&self) -> u64 {
        ((self.first + self.counts.len() as u64) << self.shift) - 1
    }

    /// Re-bins so that `[lo, hi]` fits, with bins at least `2^min_shift`
    /// wide, widening until at most [`MAX_BINS`] bins are needed.
    fn cover(&mut self, lo: u64, hi: u64, min_shift: u32) {
        let mut shift = self.shift.max(min_shift);
        while (hi >> shift) - (lo >> shift) + 1 > MAX_BINS {
            shift += 1;
        }
        let first = lo >> shift;
        let len = ((hi >> shift) - first + 1) as usize;
        let mut counts = vec![0u64; len];
        for (i, c) in self.counts.iter().enumerate() {
            if *c > 0 {
                let value = (self.first + i as u64) << self.shift;
                counts[((value >> shift) - first) as usize] += c;
            }
        }
        self.shift = shift;
        self.first = first;
        self.counts = counts;
    }

    /// Adds all counts of `other`.
    pub fn merge(&mut self, other: &Histogram) {
        if other.total == 0 {
            return;
        }
        if self.total == 0 {
            *self = other.clone();
            return;
        }
        let lo = self.min_value().min(other.min_value());
        let hi = self.max_value().max(other.max_value());
        if other.shift > self.shift || lo < self.min_value() || hi > self.max_value() {
            self.cover(lo, hi, other.shift);
        }
        for (i, c) in other.counts.iter().enumerate() {
            if *c > 0 {
                let value = (other.first + i as u64) << other.shift;
                let idx = ((value >> self.shift) - self.first) as usize;
                self.counts[idx] += c;
            }
        }
        self.total += other.total;
    }

    /// Value of the trial of 1-based rank `k` in increasing order (the
    /// lower edge of its bin when bins are wider than 1).
    pub fn value_at_rank(&self, k: u64) -> u64 {
        if self.total == 0 {
            return 0;
        }
        let k = k.clamp(1, self.total.max(1));
        let mut seen = 0;
        for (i, c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= k {
                return (self.first + i as u64) << self.shift;
            }
        }
        self.max_value()
    }

    /// The `p`-quantile (0 < p < 1): smallest value whose empirical CDF is
    /// at least `p` (the inverse of the empirical distribution function).
    pub fn quantile(&self, p: f64) -> u64 {
        self.value_at_rank((p * self.total as f64).ceil() as u64)
    }

    /// Approximate standard error of the `p`-quantile: half the distance
    /// between the order statistics of ranks `n p -/+ sqrt(n p (1 - p))`,
    /// which bracket the quantile with about 68 % confidence.
    pub fn quantile_se(&self, p: f64) -> f64 {
        let n = self.total as f64;
        let d = (n * p * (1.0 - p)).sqrt();
        let lo = (n * p - d).floor().max(1.0) as u64;
        let hi = (n * p + d).ceil().min(n) as u64;
        (self.value_at_rank(hi) as f64 - self.value_at_rank(lo) as f64) / 2.0
    }

    /// Mean value (bins at their midpoint when wider than 1).
    pub fn mean(&self) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        let half = (self.bin_width() - 1) as f64 / 2.0;
        let sum: f64 = self
            .counts
            .iter()
            .enumerate()
            .map(|(i, c)| *c as f64 * (((self.first + i as u64) << self.shift) as f64 + half))
            .sum();
        sum / self.total as f64
    }

    /// Share of trials with a value at most `v`.
    pub fn share_at_most(&self, v: u64) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        let below: u64 = self
            .counts
            .iter()
            .enumerate()
            .filter(|(i, _)| ((self.first + *i as u64) << self.shift) <= v)
            .map(|(_, c)| c)
            .sum();
        below as f64 / self.total as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_of_small_integers_are_exact() {
        let mut h = Histogram::new();
        for v in 1..=100 {
            h.add(v);
        }
        assert_eq!(h.quantile(0.1), 10);
        assert_eq!(h.quantile(0.5), 50);
        assert_eq!(h.quantile(0.9), 90);
        assert_eq!(h.total(), 100);
        // Exact arithmetic on small integers.
        assert!((h.mean() - 50.5).abs() < 1e-12);
    }

    #[test]
    fn merge_order_does_not_change_the_result() {
        let values: Vec<u64> = (0..5000u64).map(|i| (i * 7919) % 300_000).collect();
        let mut whole = Histogram::new();
        values.iter().for_each(|v| whole.add(*v));
        let (mut a, mut b) = (Histogram::new(), Histogram::new());
        values[..100].iter().for_each(|v| a.add(*v));
        values[100..].iter().for_each(|v| b.add(*v));
        let mut ab = a.clone();
        ab.merge(&b);
        let mut ba = b.clone();
        ba.merge(&a);
        assert_eq!(ab, whole);
        assert_eq!(ba, whole);
        assert!(
            whole.bin_width() > 1,
            "a 300,000-wide range needs wider bins than 2^14"
        );
    }

    proptest::proptest! {
        #[test]
        fn any_split_merges_to_the_histogram_of_the_whole(
            values in proptest::collection::vec(0u64..3_000_000, 1..300),
            cut in 0usize..300,
        ) {
            let cut = cut.min(values.len());
            let mut whole = Histogram::new();
            values.iter().for_each(|v| whole.add(*v));
            let (mut a, mut b) = (Histogram::new(), Histogram::new());
            values[..cut].iter().for_each(|v| a.add(*v));
            values[cut..].iter().for_each(|v| b.add(*v));
            b.merge(&a);
            proptest::prop_assert_eq!(b, whole);
        }
    }

    #[test]
    fn standard_error_is_zero_when_all_trials_agree() {
        let mut h = Histogram::new();
        h.add_n(10, 1000);
        assert_eq!(h.quantile_se(0.5), 0.0);
        assert_eq!(h.quantile(0.9), 10);
    }
}
