//! The server's clock, behind a trait so tests can move time: what time it is, and waiting
//! for a time (the scheduler's only way to wait).

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use tokio::sync::watch;

/// A wait that ends at an instant of the clock.
pub type Sleep<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;

    /// Ends once the clock reads `at` or later.
    fn sleep_until(&self, at: DateTime<Utc>) -> Sleep<'_>;
}

pub struct SystemClock;

/// The longest the system clock sleeps before looking again, so that a changed wall clock
/// (or a machine that slept) delays a job by at most this much.
const WAKE_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn sleep_until(&self, at: DateTime<Utc>) -> Sleep<'_> {
        Box::pin(async move {
            loop {
                let left = at - Utc::now();
                let Ok(left) = left.to_std() else { return };
                if left.is_zero() {
                    return;
                }
                tokio::time::sleep(left.min(WAKE_EVERY)).await;
            }
        })
    }
}

/// A clock that stands still until a test moves it; sleepers wake when it passes their time.
pub struct ManualClock {
    now: Mutex<DateTime<Utc>>,
    moved: watch::Sender<DateTime<Utc>>,
}

impl ManualClock {
    pub fn new(at: DateTime<Utc>) -> ManualClock {
        ManualClock {
            now: Mutex::new(at),
            moved: watch::Sender::new(at),
        }
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self
            .now
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = at;
        self.moved.send_replace(at);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self
            .now
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn sleep_until(&self, at: DateTime<Utc>) -> Sleep<'_> {
        let mut moved = self.moved.subscribe();
        Box::pin(async move {
            // The sender lives as long as the clock, which outlives every sleeper.
            let _ = moved.wait_for(|now| *now >= at).await;
        })
    }
}
