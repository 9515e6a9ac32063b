//! How many threads a pool of the library or the binary gets, and how
//! a thread doing background work yields to the one a person waits on.

/// The cores this process may use, at most `at_most` (1 where the count
/// cannot be had): each pool's cap says how far its work scales.
pub fn available(at_most: usize) -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(at_most))
}

/// The nice value of background threads: they still get every core no
/// one else wants, but a thread at the default priority that wakes up
/// (the window's, to draw a frame) runs ahead of them.
pub const BACKGROUND_NICE: i32 = 10;

/// Lowers the calling thread's priority to [`BACKGROUND_NICE`]; the
/// threads it starts afterwards (its pools, tantivy's indexing threads)
/// inherit it. For work a window runs while it draws: loading, indexing.
/// Linux only (elsewhere, and where the system refuses, nothing changes:
/// the work is as fast, the window only less sure of its turn).
pub fn background() {
    #[cfg(target_os = "linux")]
    {
        // `None`: on Linux, the calling thread (the nice value is per
        // thread there).
        let now = rustix::process::getpriority_process(None).unwrap_or(0);
        if now < BACKGROUND_NICE {
            rustix::process::setpriority_process(None, BACKGROUND_NICE).ok();
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn at_least_one_and_at_most_the_cap() {
        assert_eq!(super::available(1), 1);
        let all = super::available(usize::MAX);
        assert!(all >= 1 && super::available(2) == all.min(2));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_background_thread_and_its_own_threads_run_at_a_lower_priority() {
        let nice = || rustix::process::getpriority_process(None).unwrap();
        let main = nice();
        let (own, started) = std::thread::spawn(move || {
            super::background();
            (nice(), std::thread::spawn(nice).join().unwrap())
        })
        .join()
        .unwrap();
        assert_eq!(own, super::BACKGROUND_NICE.max(main));
        assert_eq!(started, own);
        assert_eq!(nice(), main, "the caller's own thread only");
    }
}
