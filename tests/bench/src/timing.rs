//! Timing a case several times and reporting its median.

use std::time::{Duration, Instant};

/// Runs `case` `runs` times; returns the sorted durations and the last result.
pub async fn time<T, F, Fut>(runs: usize, mut case: F) -> anyhow::Result<(Vec<Duration>, T)>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<T>>,
{
    let mut durations = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let result = case().await?;
        durations.push(start.elapsed());
        last = Some(result);
    }
    durations.sort();
    let last = last.ok_or_else(|| anyhow::anyhow!("no run"))?;
    Ok((durations, last))
}

/// `median 1.23 ms, p90 1.50 ms, max 2.00 ms`.
pub fn summary(durations: &[Duration]) -> String {
    let at = |q: f64| {
        let index = ((durations.len() as f64 - 1.0) * q).round() as usize;
        durations.get(index).copied().unwrap_or_default()
    };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "median {:8.2} ms   p90 {:8.2} ms   max {:8.2} ms",
        ms(at(0.5)),
        ms(at(0.9)),
        ms(at(1.0))
    )
}
