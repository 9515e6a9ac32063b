//! Progress and cancellation shared between a worker thread and whoever
//! watches it (the window's progress bars, the CLI's progress line).
//!
//! One type serves loading ([`crate::load`]), index builds
//! ([`crate::search`]) and exports ([`crate::export`]): counters of work done
//! and work known, and a cancel flag the worker polls.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Work done / work known, and a cancel request. Share it as `Arc<Progress>`.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
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

    /// Restarts the counters for `total` items.
    pub(crate) fn start(&self, total: usize) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    /// More items became known (e.g. files found while walking).
    pub(crate) fn add_total(&self, n: usize) {
        self.total.fetch_add(n, Ordering::Relaxed);
    }

    /// Marks every known item done.
    pub(crate) fn finish(&self) {
        self.done
            .store(self.total.load(Ordering::Relaxed), Ordering::Relaxed);
    }

    /// One more item is done.
    pub(crate) fn advance(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
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
}
