//! The native file / folder picker (rfd) on its own thread, shared by the
//! "Open archive folder" and Export windows.
//!
//! rfd blocks until the user answers and may return nothing at once when no
//! system dialog is available, so the windows always keep a path field too;
//! [`Picker::poll`] turns "nothing" into a note that says so.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// What the user is told when the picker returned nothing.
const NOTHING_CHOSEN: &str =
    "Nothing was chosen (or no system file dialog is available): type the path instead.";

/// One picker dialog at a time, answered on a channel.
#[derive(Default)]
pub struct Picker {
    answer: Option<Receiver<Option<PathBuf>>>,
}

impl Picker {
    /// Runs `dialog` (which shows an rfd dialog and returns its answer) on
    /// a named thread; the window repaints when it answers.
    pub fn open(
        &mut self,
        ctx: &egui::Context,
        dialog: impl FnOnce() -> Option<PathBuf> + Send + 'static,
    ) -> Result<(), String> {
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name("hotline-picker".into())
            .spawn(move || {
                tx.send(dialog()).ok();
                ctx.request_repaint();
            })
            .map_err(|e| format!("cannot open the file picker: {e}"))?;
        self.answer = Some(rx);
        Ok(())
    }

    /// The answer once it came: the path, or the note to show.
    pub fn poll(&mut self) -> Option<Result<PathBuf, String>> {
        let rx = self.answer.as_ref()?;
        let answer = match rx.try_recv() {
            Err(TryRecvError::Empty) => return None,
            Ok(Some(path)) => Ok(path),
            Ok(None) | Err(TryRecvError::Disconnected) => Err(NOTHING_CHOSEN.to_string()),
        };
        self.answer = None;
        Some(answer)
    }

    /// The "Browse…" button, disabled while a dialog is open; true when
    /// clicked.
    pub fn button_ui(&self, ui: &mut egui::Ui) -> bool {
        ui.add_enabled(self.answer.is_none(), egui::Button::new("Browse…"))
            .clicked()
    }
}
