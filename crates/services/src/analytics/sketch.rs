//! A mergeable sketch of durations (seconds) answering percentiles within a stated relative error: log-spaced
//! buckets (DDSketch's scheme), so hourly sketches add up to a day's or a quarter's exactly as if built at once.
//! Pure: no IO.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Bucket growth: each bucket's upper bound is 2% above the last, which makes any percentile correct to within
/// `RELATIVE_ERROR` of a value the data holds.
const GAMMA: f64 = 1.02;
/// `(GAMMA - 1) / (GAMMA + 1)`: a reported percentile is within 0.99% of a true value at that rank.
pub const RELATIVE_ERROR: f64 = (GAMMA - 1.0) / (GAMMA + 1.0);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Sketch {
    /// How many values.
    pub n: u64,
    /// Their sum, in seconds (for means).
    pub sum: f64,
    /// Values under one second (answered as 0).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub zero: u64,
    /// Count per bucket index; bucket `i` holds values in `(GAMMA^(i-1), GAMMA^i]`.
    #[serde(default)]
    pub b: BTreeMap<i32, u64>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Sketch {
    pub fn add(&mut self, seconds: f64) {
        let v = seconds.max(0.0);
        self.n += 1;
        self.sum += v;
        if v < 1.0 {
            self.zero += 1;
        } else {
            *self.b.entry((v.ln() / GAMMA.ln()).ceil() as i32).or_default() += 1;
        }
    }

    pub fn merge(&mut self, other: &Sketch) {
        self.n += other.n;
        self.sum += other.sum;
        self.zero += other.zero;
        for (i, c) in &other.b {
            *self.b.entry(*i).or_default() += c;
        }
    }

    /// The `q` quantile (0 to 1) by nearest rank, within `RELATIVE_ERROR`; `None` when empty.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        if self.n == 0 {
            return None;
        }
        let rank = ((q.clamp(0.0, 1.0) * self.n as f64).ceil() as u64).max(1);
        if rank <= self.zero {
            return Some(0.0);
        }
        let mut seen = self.zero;
        for (i, c) in &self.b {
            seen += c;
            if seen >= rank {
                // The bucket's midpoint in relative terms: at most RELATIVE_ERROR from any value in it.
                return Some(2.0 * GAMMA.powi(*i) / (GAMMA + 1.0));
            }
        }
        self.b.keys().next_back().map(|i| 2.0 * GAMMA.powi(*i) / (GAMMA + 1.0))
    }

    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / self.n as f64)
    }

    pub fn from_json(v: &serde_json::Value) -> Self {
        serde_json::from_value(v.clone()).unwrap_or_default()
    }

    pub fn to_json(&self) -> Option<serde_json::Value> {
        (self.n > 0).then(|| serde_json::to_value(self).unwrap_or_default())
    }
}

/// The exact nearest-rank quantile of `values` (sorted here): what a sketch approximates.
pub fn exact_quantile(values: &mut [f64], q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let rank = ((q.clamp(0.0, 1.0) * values.len() as f64).ceil() as usize).max(1);
    Some(values[rank - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn within(estimate: f64, exact: f64) -> bool {
        exact < 1.0 && estimate == 0.0 || (estimate - exact).abs() <= exact * RELATIVE_ERROR + 1e-9
    }

    #[test]
    fn percentiles_stay_within_the_stated_error() {
        // A spread like response times: seconds to days, deterministic.
        let mut values: Vec<f64> =
            (0..5000).map(|i| ((i * 7919) % 5000) as f64 * 1.7 + (i % 13) as f64 * 911.0).collect();
        let mut s = Sketch::default();
        for v in &values {
            s.add(*v);
        }
        for q in [0.5, 0.9, 0.99, 0.0, 1.0] {
            let exact = exact_quantile(&mut values, q).expect("values");
            let est = s.quantile(q).expect("values");
            assert!(within(est, exact), "q{q}: {est} vs {exact}");
        }
    }

    #[test]
    fn merged_sketches_equal_one_built_at_once() {
        let (mut a, mut b, mut all) = (Sketch::default(), Sketch::default(), Sketch::default());
        for i in 0..1000 {
            let v = (i * i % 977) as f64;
            if i % 3 == 0 {
                a.add(v)
            } else {
                b.add(v)
            }
            all.add(v);
        }
        a.merge(&b);
        assert_eq!((a.n, &a.b, a.zero), (all.n, &all.b, all.zero));
        assert_eq!(a.quantile(0.9), all.quantile(0.9));
        let back = Sketch::from_json(&a.to_json().expect("not empty"));
        assert_eq!(back, a, "stored and read back");
        assert_eq!(Sketch::default().quantile(0.5), None);
    }
}
