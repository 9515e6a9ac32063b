//! The Export window.
//!
//! The window asks what to export (the selection, everything shown under the
//! current filters and query, or the open entry; [`sources`]), the format,
//! the layout (one combined file or one file per entry, named by a template
//! with a live preview of the first names, where a `/` makes subfolders) and
//! where to (a path field, with Browse… for the native picker); [`form`]
//! draws these choices. The export runs on its own thread through
//! `hotline::export`, which owns every safety rule (no overwrite without
//! consent, subfolders only inside the chosen folder, temporary files
//! renamed into place, nothing half-written); the window shows progress
//! with Cancel. [`outcome`] draws how it ended: a summary with a button that
//! opens the folder, or, in place of the choices, the question what to do
//! about files already there (Replace, Skip existing, Cancel). The choices
//! stay editable after an export, so it can run again with other settings.

mod form;
mod outcome;
mod sources;

pub use outcome::Outcome;
pub use sources::{Scope, Sources};

use super::picker::Picker;
use super::state::ExportPrefs;
use hotline::export::{
    self, ExportError, ExportOptions, ExportProgress, ExportSummary, Format, IfExists, Layout,
};
use hotline::numbers::grouped;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Duration;

/// An export running on its thread.
struct Job {
    progress: Arc<ExportProgress>,
    done: Receiver<Result<ExportSummary, ExportError>>,
    request: Request,
}

/// What an export was asked to do. The question about files already there
/// answers for one request: once the window asks for something else, it
/// goes away.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    scope: Scope,
    format: Format,
    layout: Layout,
    template: String,
    target: PathBuf,
    /// How many entries the scope holds.
    entries: usize,
}

/// The Export window's state.
pub struct ExportDialog {
    pub open: bool,
    pub scope: Scope,
    pub format: Format,
    pub layout: Layout,
    pub template: String,
    /// Target of a combined export (a file).
    pub file: String,
    /// Target of a per-entry export (a folder).
    pub folder: String,
    picker: Picker,
    job: Option<Job>,
    pub outcome: Option<Outcome>,
    /// A note about the picker or opening the folder.
    pub message: Option<String>,
    /// Whether teasers whose article is in the archive are left out.
    pub teasers: JoinedTeasers,
    /// The archive's teasers joined to their articles, once known.
    pub joins: Option<std::sync::Arc<hotline::explore::TeaserJoins>>,
}

/// Whether an export keeps the teasers whose whole article is in the
/// archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinedTeasers {
    Keep,
    LeaveOut,
}

impl Default for ExportDialog {
    fn default() -> Self {
        ExportDialog::from_prefs(&ExportPrefs::default())
    }
}

impl ExportDialog {
    /// A closed dialog set up with the saved choices.
    pub fn from_prefs(prefs: &ExportPrefs) -> ExportDialog {
        let format = Format::parse(&prefs.format).unwrap_or_default();
        let base = prefs.folder.clone().unwrap_or_else(default_folder);
        let file = base.join(format!("hotline-export.{}", format.extension()));
        ExportDialog {
            open: false,
            scope: Scope::Selection,
            format,
            layout: if prefs.per_entry && format != Format::Epub {
                Layout::PerEntry
            } else {
                Layout::Single
            },
            template: prefs.template.clone(),
            file: file.display().to_string(),
            folder: base.join("hotline-export").display().to_string(),
            picker: Picker::default(),
            job: None,
            outcome: None,
            message: None,
            teasers: JoinedTeasers::Keep,
            joins: None,
        }
    }

    /// The choices worth keeping for next time.
    pub fn prefs(&self) -> ExportPrefs {
        let target = match self.layout() {
            Layout::Single => Path::new(self.file.trim()).parent(),
            Layout::PerEntry => Path::new(self.folder.trim()).parent(),
        };
        ExportPrefs {
            format: self.format.extension().to_string(),
            per_entry: self.layout == Layout::PerEntry,
            template: self.template.clone(),
            folder: target
                .filter(|p| !p.as_os_str().is_empty())
                .map(Path::to_path_buf),
        }
    }

    /// Opens the window on `scope`, clearing the last outcome.
    pub fn show(&mut self, scope: Scope) {
        self.open = true;
        self.scope = scope;
        if self.job.is_none() {
            self.outcome = None;
            self.message = None;
        }
    }

    #[cfg(test)]
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// The layout used (EPUB is always one file).
    fn layout(&self) -> Layout {
        ExportOptions {
            format: self.format,
            layout: self.layout,
            ..ExportOptions::default()
        }
        .effective_layout()
    }

    fn target(&self) -> PathBuf {
        match self.layout() {
            Layout::Single => PathBuf::from(self.file.trim()),
            Layout::PerEntry => PathBuf::from(self.folder.trim()),
        }
    }

    /// What the window asks for now.
    fn request(&self, src: &Sources) -> Request {
        Request {
            scope: self.scope,
            format: self.format,
            layout: self.layout(),
            template: self.template.clone(),
            target: self.target(),
            entries: src.count(self.scope),
        }
    }

    /// Changes the format, keeping the file name's extension in step. An
    /// EPUB is one book, so it unticks "one file per entry".
    fn set_format(&mut self, format: Format) {
        let old = self.format.extension();
        self.format = format;
        if format == Format::Epub {
            self.layout = Layout::Single;
        }
        let path = PathBuf::from(self.file.trim());
        let same = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(old));
        if same || path.extension().is_none() {
            self.file = path
                .with_extension(format.extension())
                .display()
                .to_string();
        }
    }

    /// Starts the export on a background thread.
    fn start(&mut self, ctx: &egui::Context, src: &Sources, if_exists: IfExists) {
        let mut ixs = src.indexes(self.scope);
        if let (JoinedTeasers::LeaveOut, Some(joins)) = (self.teasers, &self.joins) {
            ixs.retain(|&ix| !joins.is_joined_teaser(ix));
        }
        let request = self.request(src);
        let opts = ExportOptions {
            format: self.format,
            layout: self.layout,
            template: self.template.clone(),
            if_exists,
            title: Some(self.title(src)),
            marks: Arc::new(src.memory.export_marks()),
        };
        let progress = Arc::new(ExportProgress::default());
        let (tx, done) = channel();
        let (p, ctx, archive, out) = (
            progress.clone(),
            ctx.clone(),
            src.archive.clone(),
            request.target.clone(),
        );
        let spawned = std::thread::Builder::new()
            .name("hotline-export".into())
            .spawn(move || {
                tx.send(export::export(&archive, &ixs, &out, &opts, &p))
                    .ok();
                ctx.request_repaint();
            });
        self.outcome = None;
        self.message = None;
        match spawned {
            Ok(_) => {
                self.job = Some(Job {
                    progress,
                    done,
                    request,
                })
            }
            Err(e) => self.outcome = Some(Outcome::Failed(format!("cannot start exporting: {e}"))),
        }
    }

    /// Title of a combined file or book.
    fn title(&self, src: &Sources) -> String {
        match self.scope {
            Scope::Open => src
                .open
                .and_then(|ix| src.archive.get(ix))
                .map_or_else(|| export::DEFAULT_TITLE.to_string(), |e| e.title.clone()),
            Scope::Selection => format!(
                "HotLine — {} selected entries",
                grouped(src.count(self.scope))
            ),
            Scope::Shown => match src.collection {
                Some(name) => name.to_string(),
                None => format!(
                    "HotLine — {}",
                    hotline::numbers::counted(src.count(self.scope), ("entry", "entries"))
                ),
            },
        }
    }

    /// Takes in a finished export and the picker's answer.
    pub fn poll(&mut self) {
        match self.picker.poll() {
            None => {}
            Some(Ok(path)) => {
                let text = path.display().to_string();
                match self.layout() {
                    Layout::Single => self.file = text,
                    Layout::PerEntry => self.folder = text,
                }
            }
            Some(Err(note)) => self.message = Some(note),
        }
        let Some(job) = &self.job else { return };
        let result = match job.done.try_recv() {
            Err(TryRecvError::Empty) => return,
            Ok(r) => r,
            Err(TryRecvError::Disconnected) => Err(ExportError::Cancelled(Default::default())),
        };
        let Some(Job { request, .. }) = self.job.take() else {
            return;
        };
        self.open = true;
        self.outcome = Some(match result {
            Ok(summary) => Outcome::Done {
                summary: summary.describe(&request.target),
                folder: match request.layout {
                    Layout::PerEntry => Some(request.target),
                    Layout::Single => request.target.parent().map(Path::to_path_buf),
                },
            },
            Err(ExportError::TargetExists(paths)) => Outcome::Exists { paths, request },
            Err(ExportError::Cancelled(undone)) => {
                Outcome::Failed(format!("Export cancelled: {undone}."))
            }
            Err(e) => Outcome::Failed(format!("Export failed, nothing was written: {e}")),
        });
    }

    fn browse(&mut self, ctx: &egui::Context) {
        let layout = self.layout();
        let format = self.format;
        let current = self.target();
        let opened = self.picker.open(ctx, move || {
            let mut dialog = rfd::FileDialog::new().set_title("Export to");
            if let Some(dir) = current.parent().filter(|d| d.is_dir()) {
                dialog = dialog.set_directory(dir);
            }
            match layout {
                Layout::Single => {
                    let name = current
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    dialog
                        .set_file_name(name)
                        .add_filter(format_name(format), &[format.extension()])
                        .save_file()
                }
                Layout::PerEntry => dialog.pick_folder(),
            }
        });
        if let Err(e) = opened {
            self.message = Some(e);
        }
    }

    /// Progress and Cancel in the status bar while the window is closed.
    pub fn status_ui(&mut self, ui: &mut egui::Ui) {
        let Some(job) = &self.job else { return };
        if self.open {
            return;
        }
        if ui.button("Cancel export").clicked() {
            job.progress.cancel();
        }
        ui.add(progress_bar(&job.progress).desired_width(180.0));
        ui.ctx().request_repaint_after(Duration::from_millis(100));
    }

    /// The Export window.
    pub fn window_ui(&mut self, ctx: &egui::Context, src: &Sources) {
        if !self.open {
            return;
        }
        let mut open = true;
        egui::Window::new("Export")
            .open(&mut open)
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 80.0))
            .collapsible(false)
            .resizable(false)
            .default_width(520.0)
            .show(ctx, |ui| self.body_ui(ui, src));
        self.open &= open;
    }

    fn body_ui(&mut self, ui: &mut egui::Ui, src: &Sources) {
        if let Some(Outcome::Exists { request, .. }) = &self.outcome {
            // The question stands alone, so the window stays short enough
            // for small screens; it answers for what was asked, and goes
            // once the window would ask for something else (the selection
            // changed behind it).
            if *request == self.request(src) {
                self.outcome_ui(ui, src);
                return;
            }
            self.outcome = None;
        }
        let running = self.job.is_some();
        ui.add_enabled_ui(!running, |ui| {
            self.choices_ui(ui, src);
        });
        ui.add_space(6.0);
        if let Some(m) = &self.message {
            ui.label(egui::RichText::new(m).color(ui.visuals().warn_fg_color));
        }
        if let Some(job) = &self.job {
            ui.horizontal(|ui| {
                ui.add(progress_bar(&job.progress).desired_width(360.0));
                if ui.button("Cancel").clicked() {
                    job.progress.cancel();
                }
            });
            ui.ctx().request_repaint_after(Duration::from_millis(100));
            return;
        }
        self.outcome_ui(ui, src);
    }
}

/// One planned path, small: its folders in the strong text colour, so the
/// file name stands apart, and broken anywhere when long, so a wrapped
/// line never looks like a path of its own.
fn path_ui(ui: &mut egui::Ui, path: &str) {
    let font = egui::TextStyle::Small.resolve(ui.style());
    let split = path.rfind('/').map_or(0, |slash| slash + 1);
    let (folders, file) = path.split_at(split);
    let mut job = egui::text::LayoutJob::default();
    let visuals = ui.visuals();
    for (text, color) in [
        (folders, visuals.strong_text_color()),
        (file, visuals.text_color()),
    ] {
        job.append(text, 0.0, egui::TextFormat::simple(font.clone(), color));
    }
    job.wrap.break_anywhere = true;
    ui.label(job);
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Txt => "Plain text",
        Format::Md => "Markdown",
        Format::Json => "JSON",
        Format::Epub => "EPUB",
    }
}

fn progress_bar(p: &ExportProgress) -> egui::ProgressBar {
    let (done, total) = p.counts();
    let fraction = if total == 0 {
        0.0
    } else {
        done as f32 / total as f32
    };
    egui::ProgressBar::new(fraction).text(format!(
        "Exporting {} / {} entries",
        grouped(done),
        grouped(total)
    ))
}

/// Where exports go by default: Documents, else home, else here.
fn default_folder() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|d| {
            d.document_dir()
                .map(Path::to_path_buf)
                .or_else(|| Some(d.home_dir().to_path_buf()))
        })
        .unwrap_or_else(|| PathBuf::from("."))
}
