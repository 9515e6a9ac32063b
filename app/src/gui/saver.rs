//! Keeping what the window remembers on disk as it changes: the state file
//! (`ui-state.json` in the per-user data folder) is written within a
//! second of a change, whole or not at all (a synced temporary renamed
//! over it), on a writer thread, and once more when the process is told
//! to end (SIGTERM, SIGINT) or the window closes. A file that cannot be
//! read is set aside (`ui-state.json.damaged`), never overwritten.

use super::state::UiState;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How often the window compares its state with what was saved: a change
/// is on disk well within a second.
const CHECK_EVERY: Duration = Duration::from_millis(250);

/// The state file of this user, if there is a data folder.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "hotline").map(|p| p.data_dir().join("ui-state.json"))
}

/// What reading the state file found.
#[derive(Debug)]
pub enum Restored {
    /// A state, saved by this version.
    Saved(Box<UiState>),
    /// No file yet.
    Missing,
    /// A file that could not be used, and what the user is told.
    Unusable(String),
}

/// Reads the state file at `path`. An unreadable or damaged file is
/// renamed aside so that the next save does not destroy it.
pub fn restore(path: &Path) -> Restored {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Restored::Missing,
        Err(e) => return set_aside(path, &format!("could not be read ({e})")),
    };
    match UiState::from_json(&text) {
        Ok(s) => Restored::Saved(Box::new(s)),
        Err(why) => set_aside(path, why),
    }
}

fn set_aside(path: &Path, why: &str) -> Restored {
    let mut aside = path.as_os_str().to_owned();
    aside.push(".damaged");
    let kept = match std::fs::rename(path, &aside) {
        Ok(()) => format!(" (kept as {})", Path::new(&aside).display()),
        Err(_) => String::new(),
    };
    Restored::Unusable(format!("Saved settings {why}{kept}; defaults are in use."))
}

/// The newest state handed over for saving, shared with the signal
/// handler, and the writes' outcome.
#[derive(Default)]
struct Latest {
    state: Option<UiState>,
    /// Why the last write failed, if it did.
    failed: Option<String>,
}

/// Saves the window's state as it changes (see the module doc).
pub struct Saver {
    path: PathBuf,
    /// The state last handed to the writer (or read at start).
    saved: UiState,
    checked: Instant,
    latest: Arc<Mutex<Latest>>,
    writer: Option<Sender<UiState>>,
}

impl Saver {
    /// A saver for the state file at `path`, which holds `saved` now.
    pub fn new(path: PathBuf, saved: UiState) -> Saver {
        let latest = Arc::new(Mutex::new(Latest::default()));
        let (tx, rx) = channel::<UiState>();
        let (p, l) = (path.clone(), latest.clone());
        let writer = std::thread::Builder::new()
            .name("hotline-state".into())
            .spawn(move || {
                while let Ok(mut state) = rx.recv() {
                    // Only the newest of a queue of states matters.
                    while let Ok(newer) = rx.try_recv() {
                        state = newer;
                    }
                    let outcome = write(&p, &state).err();
                    lock(&l).failed = outcome;
                }
            })
            .ok()
            .map(|_| tx);
        Saver {
            path,
            saved,
            checked: Instant::now(),
            latest,
            writer,
        }
    }

    /// Called every frame: whether it is time to compare the state with
    /// what was saved (every [`CHECK_EVERY`] after activity). Asks for the
    /// frame that makes the next check.
    pub fn due(&mut self, ctx: &egui::Context) -> bool {
        let waited = self.checked.elapsed();
        if waited < CHECK_EVERY {
            ctx.request_repaint_after(CHECK_EVERY - waited);
            return false;
        }
        self.checked = Instant::now();
        true
    }

    /// Hands `state` to the writer if it differs from the last one (it is
    /// copied only then).
    pub fn save_soon(&mut self, state: &UiState) {
        if *state == self.saved {
            return;
        }
        lock(&self.latest).state = Some(state.clone());
        if let Some(tx) = &self.writer {
            tx.send(state.clone()).ok();
        }
        self.saved = state.clone();
    }

    /// Writes `state` now, on this thread (the window is closing).
    pub fn save_now(&mut self, state: &UiState) -> Result<(), String> {
        lock(&self.latest).state = Some(state.clone());
        let written = write(&self.path, state);
        self.saved = state.clone();
        written
    }

    /// Why the last write failed, if it did.
    pub fn failure(&self) -> Option<String> {
        lock(&self.latest).failed.clone()
    }

    /// On SIGTERM or SIGINT: writes the newest state handed over (or
    /// `flush` asks the window for its state first, within a second),
    /// then ends the process with the signal's status.
    #[cfg(unix)]
    pub fn save_on_signals(&self, ctx: &egui::Context, flush: Arc<std::sync::atomic::AtomicBool>) {
        use signal_hook::consts::{SIGINT, SIGTERM};
        use std::sync::atomic::Ordering;
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGINT]) else {
            return;
        };
        let (path, latest, ctx) = (self.path.clone(), self.latest.clone(), ctx.clone());
        std::thread::Builder::new()
            .name("hotline-signals".into())
            .spawn(move || {
                let Some(signal) = signals.forever().next() else {
                    return;
                };
                // The window saves its current state at its next frame;
                // if no frame comes, the newest state handed over is saved.
                flush.store(true, Ordering::SeqCst);
                ctx.request_repaint();
                let deadline = Instant::now() + Duration::from_secs(1);
                while flush.load(Ordering::SeqCst) && Instant::now() < deadline {
                    std::thread::sleep(Duration::from_millis(10));
                }
                if flush.load(Ordering::SeqCst)
                    && let Some(state) = lock(&latest).state.clone()
                {
                    write(&path, &state).ok();
                }
                std::process::exit(128 + signal);
            })
            .ok();
    }
}

fn lock(latest: &Mutex<Latest>) -> std::sync::MutexGuard<'_, Latest> {
    latest.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Writes `state` to `path` whole or not at all (creating its folder).
fn write(path: &Path, state: &UiState) -> Result<(), String> {
    let failed = |e: std::io::Error| format!("{}: {e}", path.display());
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(failed)?;
    }
    let json = serde_json::to_vec_pretty(state).map_err(|e| e.to_string())?;
    hotline::cache::atomic::write_synced(path, &json).map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::state::ThemeChoice;

    #[test]
    fn a_change_is_on_disk_within_a_second_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deep").join("ui-state.json");
        let mut saver = Saver::new(path.clone(), UiState::default());
        let ctx = egui::Context::default();
        let dark = UiState {
            theme: ThemeChoice::Dark,
            font_size: 21.0,
            ..UiState::default()
        };
        let started = Instant::now();
        while !path.exists() && started.elapsed() < Duration::from_secs(2) {
            if saver.due(&ctx) {
                saver.save_soon(&dark);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(started.elapsed() < Duration::from_secs(1), "saved late");
        match restore(&path) {
            Restored::Saved(s) => assert_eq!(*s, dark),
            other => panic!("{other:?}"),
        }
        assert!(saver.failure().is_none());
    }

    #[test]
    fn an_unchanged_state_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ui-state.json");
        let mut saver = Saver::new(path.clone(), UiState::default());
        let ctx = egui::Context::default();
        for _ in 0..20 {
            if saver.due(&ctx) {
                saver.save_soon(&UiState::default());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(!path.exists());
    }

    #[test]
    fn a_damaged_file_is_set_aside_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ui-state.json");
        std::fs::write(&path, "{ not json").unwrap();
        let Restored::Unusable(note) = restore(&path) else {
            panic!("a damaged file was used");
        };
        assert!(note.contains("could not be read"), "{note}");
        assert!(note.contains("ui-state.json.damaged"), "{note}");
        assert!(!path.exists());
        let aside = dir.path().join("ui-state.json.damaged");
        assert_eq!(std::fs::read_to_string(aside).unwrap(), "{ not json");
        assert!(matches!(restore(&path), Restored::Missing));
    }

    #[test]
    fn an_unwritable_folder_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, "").unwrap();
        let mut saver = Saver::new(blocker.join("ui-state.json"), UiState::default());
        let failed = saver.save_now(&UiState {
            font_size: 20.0,
            ..UiState::default()
        });
        assert!(failed.is_err());
    }
}
