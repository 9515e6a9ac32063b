//! Signals for headless commands, so that an interrupted export cleans up
//! through the library's own cancel path instead of dying mid-write.
//!
//! - SIGINT and SIGTERM during a cancellable step ([`cancellable`]: the load
//!   and the export) set the shared [`Progress`]'s cancel flag; the library
//!   then removes its temporary files and rolls back what it had renamed
//!   (see `hotline::export`), and the command ends with [`Interrupted`]:
//!   status 130 (SIGINT) or 143 (SIGTERM). A second signal, or one outside
//!   a cancellable step, exits at once with that status (an export killed
//!   that way may leave temporary files; the next export into the folder
//!   removes them).
//! - SIGXFSZ is caught, so a write past `ulimit -f` fails with EFBIG and
//!   takes the normal error path instead of killing the process.
//!
//! A signal thread (signal-hook's iterator) does the work: nothing runs in
//! the signal handler itself but signal-hook's own async-signal-safe code.

use hotline::Progress;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

/// The progress shared by the load and the export, whose cancel flag the
/// signals set.
static PROGRESS: LazyLock<Progress> = LazyLock::new(Progress::default);
/// True while a cancellable step runs.
static ARMED: AtomicBool = AtomicBool::new(false);
/// The first signal received (0: none).
static RECEIVED: AtomicI32 = AtomicI32::new(0);

/// SIGINT's number, the status base when no signal is known.
const SIGINT: i32 = 2;

/// A command stopped by a signal: exits with 128 + the signal's number.
/// An empty message prints nothing (an interrupted load has nothing to
/// report).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Interrupted {
    signal: i32,
    pub message: String,
}

impl Interrupted {
    /// The interruption by the signal received (SIGINT if none was: a cancel
    /// with no signal behind it is treated like Ctrl+C).
    pub fn new(message: String) -> Interrupted {
        Interrupted {
            signal: received().unwrap_or(SIGINT),
            message,
        }
    }

    /// 130 for SIGINT, 143 for SIGTERM.
    pub fn status(&self) -> u8 {
        u8::try_from(128 + self.signal).unwrap_or(u8::MAX)
    }
}

/// Runs `work` with the shared progress; a signal meanwhile cancels it
/// instead of ending the process.
pub fn cancellable<T>(work: impl FnOnce(&Progress) -> T) -> T {
    ARMED.store(true, Ordering::SeqCst);
    let result = work(&PROGRESS);
    ARMED.store(false, Ordering::SeqCst);
    result
}

/// The first SIGINT or SIGTERM received, if any.
pub fn received() -> Option<i32> {
    match RECEIVED.load(Ordering::SeqCst) {
        0 => None,
        s => Some(s),
    }
}

/// What the signal thread does with a signal: cancel the running step, or
/// exit when there is none or this is the second signal.
fn on_signal(signal: i32) -> Option<i32> {
    let first = RECEIVED
        .compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst)
        .is_ok();
    if first && ARMED.load(Ordering::SeqCst) {
        PROGRESS.cancel();
        None
    } else {
        Some(128 + signal)
    }
}

/// Catches SIGXFSZ, in every mode: a file grown past `ulimit -f` is then a
/// write error (EFBIG) that the export reports and cleans up after.
pub fn catch_file_size_limit() {
    #[cfg(unix)]
    {
        let seen = std::sync::Arc::new(AtomicBool::new(false));
        // Without the handler the default action stays: the limit kills.
        signal_hook::flag::register(signal_hook::consts::SIGXFSZ, seen).ok();
    }
}

/// Turns SIGINT and SIGTERM into cancels (headless commands only: the
/// window has its own Cancel buttons). Without a signal thread the default
/// actions stay.
pub fn install() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
            return;
        };
        let spawned = std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    if let Some(status) = on_signal(signal) {
                        // `_exit`: no destructors racing the other threads.
                        signal_hook::low_level::exit(status);
                    }
                }
            });
        // No thread: its handlers went with it, and signal-hook's dispatcher
        // stays installed with nothing to do, so exit on the signal as the
        // default action would.
        if spawned.is_err() {
            signal_hook::flag::register_conditional_shutdown(
                SIGINT,
                128 + SIGINT,
                std::sync::Arc::new(AtomicBool::new(true)),
            )
            .ok();
            signal_hook::flag::register_conditional_shutdown(
                SIGTERM,
                128 + SIGTERM,
                std::sync::Arc::new(AtomicBool::new(true)),
            )
            .ok();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_follow_the_signal() {
        let int = Interrupted {
            signal: 2,
            message: String::new(),
        };
        assert_eq!(int.status(), 130);
        let term = Interrupted {
            signal: 15,
            message: String::new(),
        };
        assert_eq!(term.status(), 143);
    }
}
