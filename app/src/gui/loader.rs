//! Opening an archive folder: the "Open archive folder" window (a path
//! field, a Browse… button for the native picker, the built-in toggle) and
//! the background load, with its progress ([`Loader::loading`]) and Cancel.
//!
//! Both the native picker (rfd) and `hotline::load` run on named threads so
//! the window never waits. rfd may return nothing at once when no system
//! dialog is available, which is why the path field is always there.

use super::command::Command;
use super::picker::Picker;
use super::view::Prepared;
use hotline::load::LoadError;
use hotline::progress::Snapshot;
use hotline::search::cache::LoadOrder;
use hotline::sort::Sort;
use hotline::{Archive, Filter, LoadOptions, Progress, Text};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// What a load sends back: with [`LoadOrder::OutlineFirst`],
/// first the entries' outlines (enough to list, chart and, with a current
/// cached index, search them), then the same entries with their text;
/// each with its list view, prepared as the window lists.
pub enum Loaded {
    Outline(Archive, Prepared),
    Text(Archive, Prepared),
}

/// What the window lists: the filter and sort a loaded archive's view is
/// prepared for.
type Listing = Arc<Mutex<(Filter, Sort)>>;

/// What became of a load, as [`Loader::poll`] sees it.
// One a load, moved once: boxing the archive would save nothing.
#[allow(clippy::large_enum_variant)]
pub enum Outcome {
    Loaded(Loaded),
    /// Cancelled: nothing of it is shown.
    Cancelled,
    /// It could not load (the dialog says why).
    Failed,
}

/// Where a running load stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loading {
    /// The archive (or its outline), nothing of it shown yet.
    Archive(Snapshot),
    /// The outline is shown; its text waits for its search index to open.
    Waiting,
    /// The text behind the outline on show.
    Text(Snapshot),
}

/// How the text of a shown outline came to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handoff {
    /// The window let it go ([`Loader::release_text`]): the outline's
    /// index is open.
    Released,
    /// Nobody released it within [`TEXT_WAIT`]: the safety net, which costs
    /// the user up to two seconds of a searchable archive without text.
    TimedOut,
}

/// A load running on its thread.
struct Job {
    /// How the text was let go, once it was (outline-first loads only).
    handoff: Arc<std::sync::OnceLock<Handoff>>,
    /// The progress of the archive (or of its outline, with
    /// [`LoadOrder::OutlineFirst`]), which Cancel stops.
    progress: Arc<Progress>,
    /// The progress of the text behind a shown outline.
    text: Arc<Progress>,
    outline_shown: bool,
    done: Receiver<Result<Loaded, LoadError>>,
    /// Lets the text load begin once the outline is shown (see
    /// [`Loader::release_text`]).
    go: Option<Sender<()>>,
}

/// The `hotline-load` thread: what it loads and how it reports.
struct LoadThread {
    load: LoadOptions,
    order: LoadOrder,
    progress: Arc<Progress>,
    text: Arc<Progress>,
    listing: Listing,
    handoff: Arc<std::sync::OnceLock<Handoff>>,
    /// Lets the text of a shown outline load (see [`Loader::release_text`]).
    wait: Receiver<()>,
    tx: Sender<Result<Loaded, LoadError>>,
    ctx: egui::Context,
}

impl LoadThread {
    fn run(self) {
        // The window's thread draws ahead of this one and of the pool it
        // starts.
        hotline::threads::background();
        // The load's own threads: in the shared pool, the text's work would
        // queue ahead of the search thread's (opening the index, reading
        // snippets), and the outline would not be searchable until the text
        // is in. Without a pool, the load runs on this thread.
        let threads = hotline::threads::available(usize::MAX);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("hotline-load-{i}"))
            .build()
            .ok();
        let listing = &self.listing;
        let load = |opts: &LoadOptions, progress: &Progress| {
            let work = || ready(hotline::load(opts, progress), listing);
            match &pool {
                Some(pool) => pool.install(work),
                None => work(),
            }
        };
        if self.order == LoadOrder::OutlineFirst {
            let outline = LoadOptions {
                text: Text::Outline,
                ..self.load.clone()
            };
            let loaded = load(&outline, &self.progress);
            let failed = loaded.is_err();
            let outline = loaded.map(|(archive, view)| Loaded::Outline(archive, view));
            if !self.send(outline) || failed || self.progress.is_cancelled() {
                return;
            }
            // Until the window has what it needs from the outline.
            let how = match self.wait.recv_timeout(TEXT_WAIT) {
                Err(RecvTimeoutError::Timeout) => Handoff::TimedOut,
                // Released, or the load stopped (then nobody asks).
                Ok(()) | Err(RecvTimeoutError::Disconnected) => Handoff::Released,
            };
            self.handoff.set(how).ok();
            if self.text.is_cancelled() {
                return;
            }
            let text = load(&self.load, &self.text);
            self.send(text.map(|(archive, view)| Loaded::Text(archive, view)));
            return;
        }
        let full = load(&self.load, &self.progress);
        self.send(full.map(|(archive, view)| Loaded::Text(archive, view)));
    }

    /// Sends what the load gave; `false` once the window is gone (nobody
    /// waits then).
    fn send(&self, loaded: Result<Loaded, LoadError>) -> bool {
        let sent = self.tx.send(loaded).is_ok();
        self.ctx.request_repaint();
        sent
    }
}

/// The archive and what the frame that shows it would otherwise work out:
/// its id map (the saved selection and open entry are looked up by id)
/// and its list view as the window lists now.
fn ready(
    loaded: Result<Archive, LoadError>,
    listing: &Listing,
) -> Result<(Archive, Prepared), LoadError> {
    let archive = loaded?;
    archive.index_of("");
    let (filter, sort) = listing
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    let view = Prepared::new(&archive, filter, sort);
    Ok((archive, view))
}

/// How long the text waits for [`Loader::release_text`] at most.
const TEXT_WAIT: Duration = Duration::from_secs(2);

/// Folder loading: dialog state and the running job.
pub struct Loader {
    job: Option<Job>,
    picker: Picker,
    pub dialog_open: bool,
    pub path: String,
    pub include_builtin: bool,
    /// The last load's failure or the picker's outcome, shown in the dialog.
    pub message: Option<String>,
    /// How the last outline-first load's text was let go.
    pub handoff: Option<Handoff>,
    listing: Listing,
}

impl Default for Loader {
    fn default() -> Self {
        Loader {
            job: None,
            picker: Picker::default(),
            dialog_open: false,
            path: String::new(),
            include_builtin: true,
            message: None,
            handoff: None,
            listing: Listing::default(),
        }
    }
}

impl Loader {
    /// Starts loading on a background thread (replacing a running load).
    /// With [`LoadOrder::OutlineFirst`], the entries' outlines are loaded and sent
    /// first, then their text (worth it when the folders' caches make the
    /// outline quick to read).
    pub fn start(&mut self, ctx: &egui::Context, load: LoadOptions, order: LoadOrder) {
        self.stop();
        let progress = Arc::new(Progress::default());
        let text = Arc::new(Progress::default());
        let (tx, done) = channel();
        let (go, wait) = channel::<()>();
        let handoff = Arc::new(std::sync::OnceLock::new());
        let thread = LoadThread {
            load,
            order,
            progress: progress.clone(),
            text: text.clone(),
            listing: self.listing.clone(),
            handoff: handoff.clone(),
            wait,
            tx,
            ctx: ctx.clone(),
        };
        let spawned = std::thread::Builder::new()
            .name("hotline-load".into())
            .spawn(move || thread.run());
        match spawned {
            Ok(_) => self.track(Job {
                handoff,
                progress,
                text,
                outline_shown: false,
                done,
                go: Some(go),
            }),
            Err(e) => self.message = Some(format!("cannot start loading: {e}")),
        }
    }

    fn track(&mut self, job: Job) {
        self.job = Some(job);
        self.message = None;
    }

    /// A load with no thread behind it, for tests to drive: its progress
    /// and where to send what it loaded.
    #[cfg(test)]
    pub fn pretend(&mut self) -> (Arc<Progress>, Sender<Result<Loaded, LoadError>>) {
        self.stop();
        let progress = Arc::new(Progress::default());
        let (tx, done) = channel();
        self.track(Job {
            handoff: Arc::default(),
            progress: progress.clone(),
            text: Arc::default(),
            outline_shown: false,
            done,
            go: None,
        });
        (progress, tx)
    }

    pub fn is_loading(&self) -> bool {
        self.job.is_some()
    }

    /// Lists as the window does: a loaded archive's view is prepared for
    /// `filter` and `sort` (the latest when the load ends).
    pub fn list_as(&self, filter: &Filter, sort: Sort) {
        let mut listing = self.listing.lock().unwrap_or_else(PoisonError::into_inner);
        if listing.0 != *filter || listing.1 != sort {
            *listing = (filter.clone(), sort);
        }
    }

    /// Whether the shown archive is an outline whose text is loading.
    pub fn loading_text(&self) -> bool {
        self.job.as_ref().is_some_and(|j| j.outline_shown)
    }

    /// Where the running load stands, if one runs.
    pub fn loading(&self) -> Option<Loading> {
        let job = self.job.as_ref()?;
        Some(match (job.outline_shown, &job.go) {
            (false, _) => Loading::Archive(job.progress.snapshot()),
            (true, Some(_)) => Loading::Waiting,
            (true, None) => Loading::Text(job.text.snapshot()),
        })
    }

    /// Lets the text of a shown outline load now: the outline's search
    /// index is open (or needs the text). Until then, or for at most
    /// [`TEXT_WAIT`], the text waits.
    pub fn release_text(&mut self) {
        if let Some(go) = self
            .job
            .as_mut()
            .filter(|j| j.outline_shown)
            .and_then(|j| j.go.take())
        {
            // Gone only if the load stopped: nothing waits then.
            go.send(()).ok();
        }
    }

    /// Cancels the load, unless its outline is shown already (the text
    /// behind it is not optional).
    pub fn cancel(&self) {
        if let Some(job) = self.job.as_ref().filter(|j| !j.outline_shown) {
            job.progress.cancel();
        }
    }

    /// Stops the load whatever it is doing (a new one replaces it).
    fn stop(&self) {
        if let Some(job) = &self.job {
            job.progress.cancel();
            job.text.cancel();
        }
    }

    /// Collects what a load sent; failures become a message and reopen
    /// the dialog.
    pub fn poll(&mut self) -> Option<Outcome> {
        self.poll_picker();
        let job = self.job.as_mut()?;
        let result = match job.done.try_recv() {
            Err(TryRecvError::Empty) => return None,
            Ok(r) => r,
            Err(TryRecvError::Disconnected) => Err(LoadError::Cancelled),
        };
        if let Ok(Loaded::Outline(..)) = &result {
            job.outline_shown = true;
        } else {
            self.handoff = job.handoff.get().copied();
            self.job = None;
        }
        Some(match result {
            Ok(loaded) => {
                self.dialog_open = false;
                Outcome::Loaded(loaded)
            }
            Err(LoadError::Cancelled) => {
                self.message = Some("Loading was cancelled.".into());
                Outcome::Cancelled
            }
            Err(e) => {
                self.message = Some(format!("Could not load: {e}"));
                self.dialog_open = true;
                Outcome::Failed
            }
        })
    }

    fn poll_picker(&mut self) {
        match self.picker.poll() {
            None => {}
            Some(Ok(path)) => self.path = path.display().to_string(),
            Some(Err(note)) => self.message = Some(note),
        }
    }

    fn browse(&mut self, ctx: &egui::Context) {
        let opened = self.picker.open(ctx, || {
            rfd::FileDialog::new()
                .set_title("Open archive folder")
                .pick_folder()
        });
        if let Err(e) = opened {
            self.message = Some(e);
        }
    }

    /// The "Open archive folder" window.
    pub fn dialog_ui(&mut self, ctx: &egui::Context, queue: &mut Vec<Command>) {
        let mut open = self.dialog_open;
        egui::Window::new("Open archive folder")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .default_width(460.0)
            .show(ctx, |ui| self.dialog_body_ui(ui, queue));
        self.dialog_open &= open;
    }

    fn dialog_body_ui(&mut self, ui: &mut egui::Ui, queue: &mut Vec<Command>) {
        ui.label("Load a folder of text articles (read recursively).");
        ui.horizontal(|ui| {
            let label = ui.label("Folder path");
            ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(260.0))
                .labelled_by(label.id);
            if self.picker.button_ui(ui) {
                self.browse(ui.ctx());
            }
        });
        ui.checkbox(
            &mut self.include_builtin,
            "Include the built-in HotLine archive",
        );
        if let Some(m) = &self.message {
            ui.label(egui::RichText::new(m).color(ui.visuals().warn_fg_color));
        }
        ui.horizontal(|ui| {
            let path = self.path.trim();
            let ready = !path.is_empty() && !self.is_loading();
            if ui.add_enabled(ready, egui::Button::new("Open")).clicked() {
                queue.push(Command::LoadFolder(PathBuf::from(path)));
            }
            if self.is_loading() {
                ui.spinner();
                ui.label("Loading…");
            }
        });
    }
}
