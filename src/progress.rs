//! Progress and cancellation shared between a worker thread and whoever
//! watches it (the window's progress bars, the CLI's progress line).
//!
//! One type serves loading ([`crate::load`]), index builds
//! ([`crate::search`]) and exports ([`crate::export`]): counters of work done
//! and work known, the [`Stage`] of a load, and a cancel flag the worker
//! polls. [`Eta`] turns the counts a watcher sees over time into the time
//! left.

use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// What a load is doing, so a watcher knows what its counts mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stage {
    /// Walking the folders: `total` counts the files found so far, and
    /// nothing is done yet.
    #[default]
    Finding,
    /// Reading the files found (or taking them from the parse cache):
    /// `done` of a `total` that no longer changes.
    Reading,
}

/// A [`Progress`] as read at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
    /// While finding: how many files the walk should find, as a previous
    /// load counted them (0: no count).
    pub expected: usize,
}

/// Work done / work known, and a cancel request. Share it as `Arc<Progress>`.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
    /// Files a walk should find (see [`Snapshot::expected`]).
    expected: AtomicUsize,
    /// A [`Stage`] as its index (see [`Progress::stage`]).
    stage: AtomicU8,
    cancel: AtomicBool,
}

impl Progress {
    /// Asks the work to stop as soon as it can.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Items done and items known so far.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// What a load is doing (an index build or an export stays at the
    /// default, [`Stage::Finding`], and only counts).
    pub fn stage(&self) -> Stage {
        match self.stage.load(Ordering::Acquire) {
            0 => Stage::Finding,
            _ => Stage::Reading,
        }
    }

    /// The stage and the counts, read in that order: a watcher that
    /// sees [`Stage::Reading`] sees the whole total with it.
    pub fn snapshot(&self) -> Snapshot {
        let stage = self.stage();
        let (done, total) = self.counts();
        Snapshot {
            stage,
            done,
            total,
            expected: self.expected.load(Ordering::Relaxed),
        }
    }

    /// The work moves on to `stage`. The counts are published before it,
    /// so a watcher that sees [`Stage::Reading`] sees the whole total.
    pub fn enter(&self, stage: Stage) {
        self.stage.store(stage as u8, Ordering::Release);
    }

    /// Restarts the counters for `total` items.
    pub fn start(&self, total: usize) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    /// A walk about to start should find `n` more files (a previous
    /// load's count): a watcher can show how far the walk is.
    pub fn expect(&self, n: usize) {
        self.expected.fetch_add(n, Ordering::Relaxed);
    }

    /// More items became known (e.g. files found while walking).
    pub fn add_total(&self, n: usize) {
        self.total.fetch_add(n, Ordering::Relaxed);
    }

    /// Marks every known item done.
    pub fn finish(&self) {
        self.done
            .store(self.total.load(Ordering::Relaxed), Ordering::Relaxed);
    }

    /// One more item is done.
    pub fn advance(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
}

/// The time left of a count moving towards its total, from its rate so
/// far. Nothing is said until the count has moved for [`Eta::SETTLE`]: the
/// first moments of a load (threads starting, the disk's first reads) say
/// little about the rest. A new total or a count that goes back starts a
/// new estimate.
#[derive(Debug, Clone, Copy, Default)]
pub struct Eta {
    /// When the count was first seen, its value then, and its total.
    from: Option<(Instant, usize, usize)>,
}

impl Eta {
    /// How long a count must move before its rate is trusted.
    pub const SETTLE: Duration = Duration::from_secs(1);

    /// Takes in the count `done` of `total` seen at `now`; returns the
    /// time left once the rate has settled.
    pub fn observe(&mut self, now: Instant, done: usize, total: usize) -> Option<Duration> {
        let (since, first, _) = match self.from {
            Some((since, first, t)) if t == total && done >= first => (since, first, t),
            _ => {
                self.from = Some((now, done, total));
                return None;
            }
        };
        let elapsed = now.saturating_duration_since(since);
        let moved = done - first;
        if elapsed < Self::SETTLE || moved == 0 || done >= total {
            return None;
        }
        Some(elapsed.mul_f64((total - done) as f64 / moved as f64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_cancel() {
        let p = Progress::default();
        p.start(3);
        p.advance();
        p.add_total(2);
        assert_eq!(p.counts(), (1, 5));
        assert!(!p.is_cancelled());
        p.cancel();
        assert!(p.is_cancelled());
    }

    #[test]
    fn a_load_says_what_its_counts_mean() {
        let p = Progress::default();
        assert_eq!(p.stage(), Stage::Finding);
        p.add_total(7);
        p.enter(Stage::Reading);
        let seen = p.snapshot();
        assert_eq!((seen.stage, seen.done, seen.total), (Stage::Reading, 0, 7));
    }

    #[test]
    fn the_time_left_follows_the_rate_once_it_has_settled() {
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        let mut eta = Eta::default();
        assert_eq!(eta.observe(at(0), 0, 1000), None);
        // 100 items in half a second: too early to say.
        assert_eq!(eta.observe(at(500), 100, 1000), None);
        // 200 in 1 s: 800 left at 200 a second.
        assert_eq!(
            eta.observe(at(1000), 200, 1000),
            Some(Duration::from_secs(4))
        );
        // Slower since: the whole run's rate, 400 in 4 s, leaves 6 s.
        assert_eq!(
            eta.observe(at(4000), 400, 1000),
            Some(Duration::from_secs(6))
        );
        // A new total starts over.
        assert_eq!(eta.observe(at(5000), 10, 50), None);
        assert_eq!(eta.observe(at(6000), 20, 50), Some(Duration::from_secs(3)));
        // Nothing moved, or all done: nothing to say.
        let mut still = Eta::default();
        still.observe(at(0), 5, 50);
        assert_eq!(still.observe(at(3000), 5, 50), None);
        assert_eq!(eta.observe(at(7000), 50, 50), None);
    }
}
