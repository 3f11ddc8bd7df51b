//! Latency percentiles and throughput of one measured run.

use std::time::Duration;

use serde::Serialize;

/// What one scenario measured.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    pub scenario: String,
    pub requests: usize,
    pub errors: usize,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Peak private resident memory (RssAnon) of the server process during the scenario, in MiB.
    pub server_peak_mib: Option<f64>,
    /// Processor time the server spent per request (per page when polling), in milliseconds:
    /// steadier than the rate on a machine whose speed varies, since it counts work, not waiting.
    pub server_cpu_ms: Option<f64>,
    /// Processor time the PostgreSQL server spent per request, all its processes together.
    pub database_cpu_ms: Option<f64>,
    /// This scenario's rate divided by the baseline's, when a baseline applies.
    pub ratio_to_baseline: Option<f64>,
}

impl Figures {
    pub fn new(scenario: &str, mut latencies: Vec<Duration>, errors: usize, elapsed: Duration) -> Self {
        latencies.sort();
        let at = |fraction: f64| -> f64 {
            if latencies.is_empty() {
                return 0.0;
            }
            let index = ((latencies.len() - 1) as f64 * fraction).round() as usize;
            latencies[index].as_secs_f64() * 1000.0
        };
        Self {
            scenario: scenario.to_owned(),
            requests: latencies.len(),
            errors,
            per_second: latencies.len() as f64 / elapsed.as_secs_f64().max(f64::EPSILON),
            p50_ms: at(0.50),
            p99_ms: at(0.99),
            max_ms: at(1.0),
            server_peak_mib: None,
            server_cpu_ms: None,
            database_cpu_ms: None,
            ratio_to_baseline: None,
        }
    }

    pub fn row(&self) -> String {
        let optional = |value: Option<f64>, digits: usize| value.map_or("-".to_owned(), |v| format!("{v:.digits$}"));
        format!(
            "{:<58} {:>8} {:>6} {:>10.0} {:>8.2} {:>8.2} {:>8.2} {:>9} {:>7} {:>7} {:>7}",
            self.scenario,
            self.requests,
            self.errors,
            self.per_second,
            self.p50_ms,
            self.p99_ms,
            self.max_ms,
            optional(self.server_peak_mib, 1),
            optional(self.server_cpu_ms, 3),
            optional(self.database_cpu_ms, 3),
            optional(self.ratio_to_baseline, 2),
        )
    }

    pub fn header() -> String {
        format!(
            "{:<58} {:>8} {:>6} {:>10} {:>8} {:>8} {:>8} {:>9} {:>7} {:>7} {:>7}",
            "scenario",
            "requests",
            "errors",
            "per s",
            "p50 ms",
            "p99 ms",
            "max ms",
            "peak MiB",
            "cpu ms",
            "db cpu",
            "ratio"
        )
    }
}

/// The middle of `values` (the upper of the two middles of an even count); 0 when empty.
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_the_middle_value_in_order() {
        assert!((median(vec![3.0, 1.0, 2.0]) - 2.0).abs() < f64::EPSILON);
        assert!((median(vec![4.0, 1.0, 3.0, 2.0]) - 3.0).abs() < f64::EPSILON);
        assert!(median(Vec::new()).abs() < f64::EPSILON);
    }
}
