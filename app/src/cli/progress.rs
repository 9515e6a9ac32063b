//! Loading the archive for a headless command, with a progress line on
//! stderr when stderr is a terminal and the load takes a while (a big
//! `--archive` folder). Scripts and pipes see no progress, only warnings.
//! The load is cancellable: SIGINT or SIGTERM stops it quietly
//! ([`super::interrupt`]). Progress writes that fail (a full or closed
//! stderr) are skipped.

use super::interrupt::{self, Interrupted};
use hotline::numbers::grouped;
use hotline::progress::{Snapshot, Stage};
use hotline::{Archive, LoadOptions, Progress, load::LoadError};
use std::io::{self, IsTerminal, Write};
use std::sync::mpsc;
use std::time::Duration;

/// How long a load runs before progress is shown, and how often it updates.
const TICK: Duration = Duration::from_millis(250);

/// Loads `opts`, drawing its stage and counts on a terminal's stderr; a
/// signal meanwhile ends it with a quiet [`Interrupted`].
pub fn load(opts: &LoadOptions) -> anyhow::Result<Archive> {
    let result = interrupt::cancellable(|progress| load_showing(opts, progress));
    match result {
        Err(LoadError::Cancelled) => Err(Interrupted::new(String::new()).into()),
        // A signal that came as the load finished still stops the command.
        Ok(_) if interrupt::received().is_some() => Err(Interrupted::new(String::new()).into()),
        other => Ok(other?),
    }
}

fn load_showing(opts: &LoadOptions, progress: &Progress) -> Result<Archive, LoadError> {
    if !io::stderr().is_terminal() {
        return hotline::load(opts, progress);
    }
    let (done_tx, done_rx) = mpsc::channel::<()>();
    std::thread::scope(|s| {
        let loader = s.spawn(move || {
            let result = hotline::load(opts, progress);
            // The receiver only stops listening once it has seen this.
            done_tx.send(()).ok();
            result
        });
        let mut shown = false;
        while let Err(mpsc::RecvTimeoutError::Timeout) = done_rx.recv_timeout(TICK) {
            shown = true;
            eprint_progress(&line(progress.snapshot()));
        }
        if shown {
            eprint_progress("");
        }
        // A panic in the loader is a bug: pass it on unchanged.
        loader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// What the load is doing, with its counts: "finding files: 41,000 of
/// about 100,000", "reading files: 61,000 of 100,000".
fn line(s: Snapshot) -> String {
    match s.stage {
        Stage::Finding if s.expected > 0 => format!(
            "finding files: {} of about {}",
            grouped(s.total),
            grouped(s.expected)
        ),
        Stage::Finding => format!("finding files: {} found", grouped(s.total)),
        Stage::Reading => format!("reading files: {} of {}", grouped(s.done), grouped(s.total)),
    }
}

/// Rewrites the progress line in place; a failed write just means no
/// progress is shown.
fn eprint_progress(text: &str) {
    let mut err = io::stderr().lock();
    write!(err, "\r\x1b[2K{text}")
        .and_then(|()| err.flush())
        .ok();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_says_the_stage_and_its_counts() {
        let at = |stage, done, total, expected| Snapshot {
            stage,
            done,
            total,
            expected,
        };
        assert_eq!(
            line(at(Stage::Finding, 0, 41_000, 100_000)),
            "finding files: 41,000 of about 100,000"
        );
        assert_eq!(
            line(at(Stage::Finding, 0, 1_234, 0)),
            "finding files: 1,234 found"
        );
        assert_eq!(
            line(at(Stage::Reading, 61_000, 100_000, 0)),
            "reading files: 61,000 of 100,000"
        );
    }
}
