//! Loading the archive for a headless command, with a progress line on
//! stderr when stderr is a terminal and the load takes a while (a big
//! `--archive` folder). Scripts and pipes see no progress, only warnings.

use hotline::{Archive, LoadOptions, Progress, load::LoadError};
use std::io::{self, IsTerminal, Write};
use std::sync::mpsc;
use std::time::Duration;

/// How long a load runs before progress is shown, and how often it updates.
const TICK: Duration = Duration::from_millis(250);

/// Loads `opts`, drawing `loading N/M files` on a terminal's stderr.
pub fn load(opts: &LoadOptions) -> Result<Archive, LoadError> {
    let progress = Progress::default();
    if !io::stderr().is_terminal() {
        return hotline::load(opts, &progress);
    }
    let (done_tx, done_rx) = mpsc::channel::<()>();
    std::thread::scope(|s| {
        let progress = &progress;
        let loader = s.spawn(move || {
            let result = hotline::load(opts, progress);
            // The receiver only stops listening once it has seen this.
            done_tx.send(()).ok();
            result
        });
        let mut shown = false;
        while let Err(mpsc::RecvTimeoutError::Timeout) = done_rx.recv_timeout(TICK) {
            let (done, total) = progress.counts();
            shown = true;
            eprint_progress(&format!("loading {done}/{total} files"));
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

/// Rewrites the progress line in place; a failed write just means no
/// progress is shown.
fn eprint_progress(text: &str) {
    let mut err = io::stderr().lock();
    write!(err, "\r\x1b[2K{text}")
        .and_then(|()| err.flush())
        .ok();
}
