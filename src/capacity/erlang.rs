//! Erlang C staffing of a ticket queue.
//!
//! Tickets arrive as a Poisson stream at rate `lambda` per minute and take
//! an exponential handle time of mean `h` minutes, so the offered traffic is
//! `A = lambda * h` Erlangs. With `N > A` agents (M/M/N queue), the
//! probability that a ticket waits is Erlang's C formula
//!
//! ```text
//! C(N, A) = (A^N / N!) * N / (N - A)  /  ( sum_{k<N} A^k / k!  +  (A^N / N!) * N / (N - A) )
//! ```
//!
//! computed here through the Erlang B recursion `B(0) = 1`,
//! `B(n) = A B(n-1) / (n + A B(n-1))` and `C = N B / (N - A (1 - B))`,
//! which never forms large powers or factorials. The share of tickets
//! answered within `t` minutes is `SL = 1 - C(N, A) exp(-(N - A) t / h)`.
//! The agents needed are the smallest `N` with `SL >= target` and
//! occupancy `A / N <= occupancy_max`.
//!
//! References: A. K. Erlang, "Solution of some problems in the theory of
//! probabilities of significance in automatic telephone exchanges", Post
//! Office Electrical Engineers' Journal 10, 1918 (from the Danish of 1917);
//! R. B. Cooper, "Introduction to Queueing Theory", 2nd ed., 1981, §3.4;
//! N. Gans, G. Koole and A. Mandelbaum, "Telephone call centers: tutorial,
//! review, and research prospects", M&SOM 5(2), 2003, §4.1.

/// Erlang C: probability that an arrival waits, with `n` agents and `a`
/// Erlangs of traffic. 1 when the queue is unstable (`n <= a`).
pub fn erlang_c(n: u64, a: f64) -> f64 {
    if a <= 0.0 {
        return 0.0;
    }
    if (n as f64) <= a {
        return 1.0;
    }
    let b = erlang_b(n, a);
    let nf = n as f64;
    nf * b / (nf - a * (1.0 - b))
}

/// Erlang B: blocking probability with `n` servers and `a` Erlangs.
pub fn erlang_b(n: u64, a: f64) -> f64 {
    let mut b = 1.0;
    for k in 1..=n {
        b = a * b / (k as f64 + a * b);
    }
    b
}

/// Share of tickets answered within `t` minutes, with `n` agents, `a`
/// Erlangs and a mean handle time of `h` minutes.
pub fn service_level(n: u64, a: f64, h: f64, t: f64) -> f64 {
    if a <= 0.0 {
        return 1.0;
    }
    if (n as f64) <= a {
        return 0.0;
    }
    1.0 - erlang_c(n, a) * (-(n as f64 - a) * t / h).exp()
}

/// Traffic (Erlangs) above which [`agents_needed`] skips the search.
const HUGE_TRAFFIC: f64 = 1e7;

/// Targets of an Erlang C staffing rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServiceTarget {
    /// Share of tickets to answer within `within` minutes.
    pub level: f64,
    /// The answer time of the target, minutes.
    pub within: f64,
    /// Highest allowed occupancy `A / N`.
    pub occupancy_max: f64,
}

/// Smallest number of agents on duty meeting the target for `a` Erlangs of
/// traffic with handle time `h` minutes (0 when there is no traffic).
///
/// The search carries `1 / B(n)`, whose recursion
/// `1/B(n) = 1 + (n / A) / B(n-1)` needs no division per step.
pub fn agents_needed(a: f64, h: f64, target: ServiceTarget) -> u64 {
    if a <= 0.0 {
        return 0;
    }

    // Beyond this traffic, skip the O(N) search (only an absurd draw gets
    // here) and use square-root staffing N = A + 4 sqrt(A), whose wait
    // probability is below 1e-4 (Halfin and Whitt, "Heavy-traffic limits
    // for queues with many exponential servers", Oper. Res. 29(3), 1981).
    if a > HUGE_TRAFFIC {
        let by_occupancy = (a / target.occupancy_max).ceil();
        return by_occupancy.max((a + 4.0 * a.sqrt()).ceil()) as u64;
    }

    // Start at the first stable, occupancy-compliant size.
    let stable = a.floor() as u64 + 1;
    let by_occupancy = (a / target.occupancy_max).ceil() as u64;
    let first = stable.max(by_occupancy).max(1);
    let inv_a = 1.0 / a;
    let (from, mut inv_b) = recursion_start(a);
    for k in from + 1..=first {
        inv_b = 1.0 + k as f64 * inv_a * inv_b;
    }

    let mut n = first;
    loop {
        let nf = n as f64;
        let b = 1.0 / inv_b;
        let c = nf * b / (nf - a * (1.0 - b));
        let sl = 1.0 - c * (-(nf - a) * target.within / h).exp();
        if sl >= target.level {
            return n;
        }
        n += 1;
        inv_b = 1.0 + n as f64 * inv_a * inv_b;
    }
}

/// Standard deviations of traffic below `A` at which the recursion for
/// `1 / B` starts on large traffic; see [`recursion_start`].
const START_SDS: f64 = 12.0;

/// Where the recursion `1/B(n) = 1 + (n / A) / B(n-1)` starts, and its
/// value there.
///
/// From `n = 0` the recursion costs `A` steps, too slow for tens of
/// thousands of Erlangs in every trial and quarter. But an error `e` in
/// `1/B(k0)` reaches `1/B(n)` multiplied by `prod_{k0<k<=n} k / A`,
/// while `1/B(n) = sum_{k<=n} prod_{k<i<=n} i / A` holds the term
/// `prod_{A<=i<=n} i / A`; the relative error is therefore at most `e`
/// times `prod_{k0<k<A} k / A`, about `exp(-72)` for `k0 = A - 12 sqrt(A)`,
/// whatever `n` the occupancy cap or the target asks for. So the start
/// may use the fluid approximation `1/B(k0) ~ A / (A - k0)` (blocking
/// `1 - k0 / A` when servers are scarce), at a cost of `O(sqrt(A))` steps
/// with the result unchanged to double precision.
fn recursion_start(a: f64) -> (u64, f64) {
    let k0 = (a - START_SDS * a.sqrt()).floor();
    if k0 < 1.0 {
        return (0, 1.0);
    }
    (k0 as u64, a / (a - k0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Erlang C from its defining sum, term by term in log space with
    /// log-gamma factorials: independent of the recursion above.
    fn erlang_c_direct(n: u64, a: f64) -> f64 {
        let log_term = |k: u64| k as f64 * a.ln() - libm::lgamma(k as f64 + 1.0);
        let top = (log_term(n) + (n as f64 / (n as f64 - a)).ln()).exp();
        let sum: f64 = (0..n).map(|k| log_term(k).exp()).sum();
        top / (sum + top)
    }

    #[test]
    fn erlang_c_matches_the_defining_sum() {
        // Relative 1e-9: both are double-precision evaluations of the same
        // closed form by different routes; rounding stays far below that.
        for &(n, a) in &[
            (1, 0.5),
            (3, 2.0),
            (10, 8.0),
            (25, 20.0),
            (60, 55.5),
            (120, 100.0),
        ] {
            let direct = erlang_c_direct(n, a);
            let fast = erlang_c(n, a);
            assert!(
                (fast - direct).abs() <= 1e-9 * direct,
                "n={n} a={a}: {fast} vs {direct}"
            );
        }
    }

    #[test]
    fn erlang_c_matches_a_hand_computed_value() {
        // A = 2, N = 3: sum_{k<3} 2^k/k! = 5, top = (8/6) * 3 / (3 - 2) = 4,
        // so C = 4 / 9. Tolerance: rounding only.
        assert!((erlang_c(3, 2.0) - 4.0 / 9.0).abs() < 1e-12);
    }

    #[test]
    fn single_agent_wait_probability_is_the_utilisation() {
        // M/M/1: P(wait) = rho. Tolerance: rounding only.
        for rho in [0.1, 0.5, 0.9] {
            assert!((erlang_c(1, rho) - rho).abs() < 1e-12);
        }
    }

    #[test]
    fn agents_needed_is_the_smallest_meeting_the_target() {
        let target = ServiceTarget {
            level: 0.8,
            within: 0.333,
            occupancy_max: 1.0,
        };
        let (a, h) = (10.0, 3.0);
        let n = agents_needed(a, h, target);

        // Independent check with the direct formula at n and n - 1.
        let sl = |n: u64| 1.0 - erlang_c_direct(n, a) * (-(n as f64 - a) * target.within / h).exp();
        assert!(sl(n) >= 0.8);
        assert!(n as f64 - 1.0 <= a || sl(n - 1) < 0.8);
    }

    #[test]
    fn occupancy_cap_adds_agents_when_binding() {
        let loose = ServiceTarget {
            level: 0.01,
            within: 1000.0,
            occupancy_max: 1.0,
        };
        let capped = ServiceTarget {
            occupancy_max: 0.5,
            ..loose
        };
        assert_eq!(agents_needed(20.0, 5.0, capped), 40);
        assert!(agents_needed(20.0, 5.0, loose) < 40);
    }

    /// The search with the recursion run from `n = 0`, for comparison.
    fn agents_needed_from_zero(a: f64, h: f64, target: ServiceTarget) -> u64 {
        let mut inv_b = 1.0;
        let mut n = 0u64;
        loop {
            n += 1;
            inv_b = 1.0 + n as f64 / a * inv_b;
            let nf = n as f64;
            if nf <= a || nf < a / target.occupancy_max {
                continue;
            }
            let b = 1.0 / inv_b;
            let c = nf * b / (nf - a * (1.0 - b));
            if 1.0 - c * (-(nf - a) * target.within / h).exp() >= target.level {
                return n;
            }
        }
    }

    #[test]
    fn a_late_start_of_the_recursion_gives_the_same_staffing() {
        for (level, occupancy_max) in [(0.5, 1.0), (0.8, 1.0), (0.95, 0.85), (0.999, 0.7)] {
            let target = ServiceTarget {
                level,
                within: 0.5,
                occupancy_max,
            };
            for a in [0.3, 7.0, 150.0, 151.7, 1_000.0, 12_345.6, 200_000.0] {
                assert_eq!(
                    agents_needed(a, 4.0, target),
                    agents_needed_from_zero(a, 4.0, target),
                    "A = {a}, level {level}"
                );
            }
        }
    }

    #[test]
    fn no_traffic_needs_no_agents() {
        let target = ServiceTarget {
            level: 0.9,
            within: 1.0,
            occupancy_max: 0.85,
        };
        assert_eq!(agents_needed(0.0, 5.0, target), 0);
    }
}
