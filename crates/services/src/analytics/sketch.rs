//! A mergeable sketch of durations (seconds) answering percentiles within a stated relative error: log-spaced
//! buckets (DDSketch's scheme), so hourly sketches add up to a day's or a quarter's exactly as if built at once.
//! Pure: no IO.

/// Bucket growth: each bucket's upper bound is 2% above the last, which makes any percentile correct to within
/// `RELATIVE_ERROR` of a value the data holds.
const GAMMA: f64 = 1.02;
/// `(GAMMA - 1) / (GAMMA + 1)`: a reported percentile is within 0.99% of a true value at that rank.
pub const RELATIVE_ERROR: f64 = (GAMMA - 1.0) / (GAMMA + 1.0);

/// Counts are kept dense from the lowest bucket in use (a week of seconds spans under 700 buckets), so merging the
/// hundreds of rows a report adds up is a run of additions rather than map inserts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sketch {
    /// How many values.
    pub n: u64,
    /// Their sum, in seconds (for means).
    pub sum: f64,
    /// Values under one second (answered as 0).
    pub zero: u64,
    /// The bucket index of `counts[0]`; bucket `i` holds values in `(GAMMA^(i-1), GAMMA^i]`.
    offset: i32,
    counts: Vec<u64>,
}

impl Sketch {
    pub fn add(&mut self, seconds: f64) {
        let v = seconds.max(0.0);
        self.n += 1;
        self.sum += v;
        if v < 1.0 {
            self.zero += 1;
        } else {
            let i = (v.ln() / GAMMA.ln()).ceil() as i32;
            self.cover(i, i);
            self.counts[(i - self.offset) as usize] += 1;
        }
    }

    /// Widens `counts` to hold buckets `lo..=hi`.
    fn cover(&mut self, lo: i32, hi: i32) {
        if self.counts.is_empty() {
            self.offset = lo;
            self.counts = vec![0; (hi - lo + 1) as usize];
            return;
        }
        if lo < self.offset {
            let grow = (self.offset - lo) as usize;
            self.counts.splice(0..0, std::iter::repeat_n(0, grow));
            self.offset = lo;
        }
        let top = self.offset + self.counts.len() as i32 - 1;
        if hi > top {
            self.counts.resize(self.counts.len() + (hi - top) as usize, 0);
        }
    }

    pub fn merge(&mut self, other: &Sketch) {
        self.n += other.n;
        self.sum += other.sum;
        self.zero += other.zero;
        if other.counts.is_empty() {
            return;
        }
        self.cover(other.offset, other.offset + other.counts.len() as i32 - 1);
        let at = (other.offset - self.offset) as usize;
        for (mine, theirs) in self.counts[at..].iter_mut().zip(&other.counts) {
            *mine += theirs;
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
        let mid = |i: i32| 2.0 * GAMMA.powi(i) / (GAMMA + 1.0);
        let mut seen = self.zero;
        let mut last = None;
        for (k, c) in self.counts.iter().enumerate().filter(|(_, c)| **c > 0) {
            seen += c;
            let i = self.offset + k as i32;
            if seen >= rank {
                // The bucket's midpoint in relative terms: at most RELATIVE_ERROR from any value in it.
                return Some(mid(i));
            }
            last = Some(i);
        }
        last.map(mid)
    }

    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / self.n as f64)
    }

    /// As stored (`bytea`, big-endian): count (8 bytes), sum in milliseconds (8), values under a second (8), then
    /// for each bucket in use its index (2) and count (4); `None` when empty. A 90-day report reads hundreds of these,
    /// and decoding a byte string costs next to nothing where JSON or an `int8[]` cost most of the report's time.
    pub fn to_stored(&self) -> Option<Vec<u8>> {
        if self.n == 0 {
            return None;
        }
        let used = self.counts.iter().filter(|c| **c > 0).count();
        let mut out = Vec::with_capacity(24 + 6 * used);
        out.extend(self.n.to_be_bytes());
        out.extend(((self.sum * 1000.0).round() as i64).to_be_bytes());
        out.extend(self.zero.to_be_bytes());
        for (k, c) in self.counts.iter().enumerate().filter(|(_, c)| **c > 0) {
            // Bucket 32,767 is e^650 seconds: no duration comes near either end of an i16.
            let i = (self.offset + k as i32).clamp(i16::MIN.into(), i16::MAX.into()) as i16;
            out.extend(i.to_be_bytes());
            out.extend(u32::try_from(*c).unwrap_or(u32::MAX).to_be_bytes());
        }
        Some(out)
    }

    /// Reads what `to_stored` wrote (anything shorter than its header is empty).
    pub fn from_stored(v: &[u8]) -> Self {
        let word = |at: usize| v.get(at..at + 8).and_then(|b| b.try_into().ok()).map(u64::from_be_bytes);
        let (Some(n), Some(sum_ms), Some(zero)) = (word(0), word(8), word(16)) else {
            return Self::default();
        };
        let mut s = Sketch { n, sum: sum_ms as i64 as f64 / 1000.0, zero, ..Self::default() };
        let buckets = v[24..].chunks_exact(6).map(|b| {
            (i32::from(i16::from_be_bytes([b[0], b[1]])), u64::from(u32::from_be_bytes([b[2], b[3], b[4], b[5]])))
        });
        if let (Some(lo), Some(hi)) = (buckets.clone().map(|b| b.0).min(), buckets.clone().map(|b| b.0).max()) {
            s.cover(lo, hi);
            for (i, c) in buckets {
                s.counts[(i - s.offset) as usize] += c;
            }
        }
        s
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
        assert_eq!((a.n, &a.counts, a.offset, a.zero), (all.n, &all.counts, all.offset, all.zero));
        assert_eq!(a.quantile(0.9), all.quantile(0.9));
        let back = Sketch::from_stored(&a.to_stored().expect("not empty"));
        assert_eq!((back.n, back.zero, &back.counts, back.offset), (a.n, a.zero, &a.counts, a.offset), "read back");
        assert!((back.sum - a.sum).abs() < 0.001, "the sum to the millisecond");
        assert_eq!(Sketch::default().quantile(0.5), None);
    }
}
