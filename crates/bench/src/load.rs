//! Driving a server: closed loops (each client sends its next request when the last answered)
//! and an open loop at a fixed rate, where latency counts from the intended send time so that
//! a stall shows up in every request it delays.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures_util::future::join_all;

/// The latencies of the requests that succeeded and how many failed.
pub struct Outcome {
    pub latencies: Vec<Duration>,
    pub errors: usize,
    pub elapsed: Duration,
}

/// `clients` loops, each calling `request(n)` with a fresh `n` until `duration` has passed or
/// `limit` requests were started. `request` answers whether it succeeded.
pub async fn closed_loop<F, Fut>(clients: usize, duration: Duration, limit: usize, request: F) -> Outcome
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = bool> + Send,
{
    let request = Arc::new(request);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers = (0..clients).map(|_| {
        let (request, next) = (Arc::clone(&request), Arc::clone(&next));
        tokio::spawn(async move {
            let (mut latencies, mut errors) = (Vec::new(), 0);
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= limit || started.elapsed() >= duration {
                    break;
                }
                let sent = Instant::now();
                if request(n).await { latencies.push(sent.elapsed()) } else { errors += 1 }
            }
            (latencies, errors)
        })
    });
    collect(join_all(workers).await, started)
}

/// Requests at `rate` per second for `duration`, spread over `clients` connections; each
/// latency runs from the moment the request was due.
pub async fn open_loop<F, Fut>(clients: usize, rate: f64, duration: Duration, request: F) -> Outcome
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = bool> + Send,
{
    let request = Arc::new(request);
    let total = (rate * duration.as_secs_f64()).max(1.0) as usize;
    let interval = Duration::from_secs_f64(1.0 / rate.max(1.0));
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers = (0..clients).map(|_| {
        let (request, next) = (Arc::clone(&request), Arc::clone(&next));
        tokio::spawn(async move {
            let (mut latencies, mut errors) = (Vec::new(), 0);
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= total {
                    break;
                }
                let due = started + interval * u32::try_from(n).unwrap_or(u32::MAX);
                tokio::time::sleep_until(due.into()).await;
                if request(n).await { latencies.push(due.elapsed()) } else { errors += 1 }
            }
            (latencies, errors)
        })
    });
    collect(join_all(workers).await, started)
}

fn collect(results: Vec<Result<(Vec<Duration>, usize), tokio::task::JoinError>>, started: Instant) -> Outcome {
    let mut outcome = Outcome { latencies: Vec::new(), errors: 0, elapsed: started.elapsed() };
    for result in results {
        match result {
            Ok((latencies, errors)) => {
                outcome.latencies.extend(latencies);
                outcome.errors += errors;
            }
            Err(_) => outcome.errors += 1,
        }
    }
    outcome
}
