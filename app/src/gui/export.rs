//! The Export window and citations.
//!
//! The window asks what to export (the selection, everything shown under the
//! current filters and query, or the open entry), the format, the layout
//! (one combined file or one file per entry, named by a template with a live
//! preview of the first names) and where to (a path field, with Browse… for
//! the native picker). The export runs on its own thread through
//! `hotline::export`, which owns every safety rule (no overwrite without
//! consent, temporary files renamed into place, nothing half-written); the
//! window shows progress with Cancel, asks before replacing existing files,
//! and ends with a summary and a button that opens the folder.

use super::picker::Picker;
use super::selection::Selection;
use super::state::ExportPrefs;
use hotline::Archive;
use hotline::export::{
    self, ExportError, ExportOptions, ExportProgress, ExportSummary, Format, IfExists, Layout,
    TEMPLATE_FIELDS,
};
use hotline::numbers::grouped;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Duration;

/// Which entries to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The selected entries (in list order, then any hidden by filters).
    Selection,
    /// Everything the list shows, in its order.
    Shown,
    /// The entry open in the reader.
    Open,
}

/// Where the entries come from, read each frame from the window's state.
pub struct Sources<'a> {
    pub archive: &'a Arc<Archive>,
    pub selection: &'a Selection,
    pub shown: &'a [u32],
    pub open: Option<u32>,
}

impl Sources<'_> {
    fn count(&self, scope: Scope) -> usize {
        match scope {
            Scope::Selection => self.selection.len(),
            Scope::Shown => self.shown.len(),
            Scope::Open => usize::from(self.open.is_some()),
        }
    }

    /// The canonical indexes to export, in export order.
    fn indexes(&self, scope: Scope) -> Vec<u32> {
        self.ordered(scope).collect()
    }

    /// The first few indexes only (for the name preview, every frame):
    /// the same as the head of [`Sources::indexes`] without building the
    /// set of shown rows.
    fn first(&self, scope: Scope, n: usize) -> Vec<u32> {
        if scope != Scope::Selection {
            return self.ordered(scope).take(n).collect();
        }
        let mut out: Vec<u32> = self
            .shown
            .iter()
            .copied()
            .filter(|&ix| self.selection.contains(ix))
            .take(n)
            .collect();
        if out.len() < n {
            // Every shown selected entry is in `out`: the rest are hidden.
            let hidden: Vec<u32> = self
                .selection
                .indexes()
                .filter(|ix| !out.contains(ix))
                .take(n - out.len())
                .collect();
            out.extend(hidden);
        }
        out
    }

    /// The entries of `scope` in export order, lazily: selected entries
    /// hidden by the filters are only looked for once the shown ones are
    /// used up.
    fn ordered(&self, scope: Scope) -> Box<dyn Iterator<Item = u32> + '_> {
        match scope {
            Scope::Shown => Box::new(self.shown.iter().copied()),
            Scope::Open => Box::new(self.open.into_iter()),
            Scope::Selection => {
                let listed = self
                    .shown
                    .iter()
                    .copied()
                    .filter(|&ix| self.selection.contains(ix));
                let hidden = std::iter::once(()).flat_map(move |()| {
                    let shown: std::collections::HashSet<u32> =
                        self.shown.iter().copied().collect();
                    self.selection
                        .indexes()
                        .filter(move |ix| !shown.contains(ix))
                });
                Box::new(listed.chain(hidden))
            }
        }
    }
}

/// An export running on its thread.
struct Job {
    progress: Arc<ExportProgress>,
    done: Receiver<Result<ExportSummary, ExportError>>,
    target: PathBuf,
}

/// How the last export ended.
#[derive(Debug)]
pub enum Outcome {
    /// "Wrote N files …" and the folder the files are in.
    Done {
        summary: String,
        folder: Option<PathBuf>,
    },
    /// Files are in the way; the user may replace them.
    Exists(Vec<PathBuf>),
    Failed(String),
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
            layout: if prefs.per_entry {
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

    /// Changes the format, keeping the file name's extension in step.
    fn set_format(&mut self, format: Format) {
        let old = self.format.extension();
        self.format = format;
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
        let ixs = src.indexes(self.scope);
        let target = self.target();
        let opts = ExportOptions {
            format: self.format,
            layout: self.layout,
            template: self.template.clone(),
            if_exists,
            title: Some(self.title(src)),
        };
        let progress = Arc::new(ExportProgress::default());
        let (tx, done) = channel();
        let (p, ctx, archive, out) = (
            progress.clone(),
            ctx.clone(),
            src.archive.clone(),
            target.clone(),
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
                    target,
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
            Scope::Shown => format!("HotLine — {} entries", grouped(src.count(self.scope))),
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
        let target = job.target.clone();
        self.job = None;
        self.open = true;
        self.outcome = Some(match result {
            Ok(summary) => Outcome::Done {
                summary: summary.describe(&target),
                folder: match self.layout() {
                    Layout::PerEntry => Some(target),
                    Layout::Single => target.parent().map(Path::to_path_buf),
                },
            },
            Err(ExportError::TargetExists(paths)) => Outcome::Exists(paths),
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

    fn choices_ui(&mut self, ui: &mut egui::Ui, src: &Sources) {
        egui::Grid::new("export_grid")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                ui.label("Export");
                ui.vertical(|ui| {
                    for (scope, text) in [
                        (
                            Scope::Selection,
                            format!("Selected entries ({})", grouped(src.selection.len())),
                        ),
                        (
                            Scope::Shown,
                            format!("All shown entries ({})", grouped(src.shown.len())),
                        ),
                        (Scope::Open, open_label(src)),
                    ] {
                        let enabled = src.count(scope) > 0;
                        ui.add_enabled_ui(enabled, |ui| {
                            ui.radio_value(&mut self.scope, scope, text);
                        });
                    }
                });
                ui.end_row();

                ui.label("Format");
                ui.horizontal(|ui| {
                    for f in Format::ALL {
                        if ui.radio(self.format == f, format_name(f)).clicked() {
                            self.set_format(f);
                        }
                    }
                });
                ui.end_row();

                ui.label("Layout");
                ui.vertical(|ui| {
                    let epub = self.format == Format::Epub;
                    ui.add_enabled_ui(!epub, |ui| {
                        ui.radio_value(
                            &mut self.layout,
                            Layout::Single,
                            "One combined file with a table of contents",
                        );
                        ui.radio_value(
                            &mut self.layout,
                            Layout::PerEntry,
                            "One file per entry, in a folder",
                        );
                    });
                    if epub {
                        ui.label(
                            egui::RichText::new("An EPUB is always one book.")
                                .small()
                                .weak(),
                        );
                    }
                });
                ui.end_row();

                if self.layout() == Layout::PerEntry {
                    ui.label("File names");
                    ui.vertical(|ui| self.template_ui(ui, src));
                    ui.end_row();
                }

                let (what, hint) = match self.layout() {
                    Layout::Single => ("Save as", "File"),
                    Layout::PerEntry => ("Folder", "Folder"),
                };
                let label = ui.label(what);
                ui.horizontal(|ui| {
                    let text = match self.layout() {
                        Layout::Single => &mut self.file,
                        Layout::PerEntry => &mut self.folder,
                    };
                    ui.add(
                        egui::TextEdit::singleline(text)
                            .hint_text(hint)
                            .desired_width(330.0),
                    )
                    .labelled_by(label.id);
                    if self.picker.button_ui(ui) {
                        self.browse(ui.ctx());
                    }
                });
                ui.end_row();
            });
    }

    fn template_ui(&mut self, ui: &mut egui::Ui, src: &Sources) {
        let label = ui.label(egui::RichText::new("Template").small().weak());
        ui.add(egui::TextEdit::singleline(&mut self.template).desired_width(330.0))
            .labelled_by(label.id);
        let fields: Vec<String> = TEMPLATE_FIELDS.iter().map(|f| format!("{{{f}}}")).collect();
        ui.label(
            egui::RichText::new(format!("Fields: {}", fields.join(" ")))
                .small()
                .weak(),
        );
        if let Err(e) = export::check_template(&self.template) {
            ui.label(egui::RichText::new(e.to_string()).color(ui.visuals().warn_fg_color));
            return;
        }
        let ixs = src.first(self.scope, 3);
        let names = export::plan_names(src.archive, &ixs, &self.template, self.format.extension());
        for name in names {
            ui.label(egui::RichText::new(name).monospace().small());
        }
        if src.count(self.scope) > 3 {
            ui.label(egui::RichText::new("…").small().weak());
        }
    }

    fn outcome_ui(&mut self, ui: &mut egui::Ui, src: &Sources) {
        let count = src.count(self.scope);
        let unknown =
            self.layout() == Layout::PerEntry && export::check_template(&self.template).is_err();
        let ready = count > 0 && !self.target().as_os_str().is_empty() && !unknown;
        let mut action = None;
        match &self.outcome {
            Some(Outcome::Done { summary, folder }) => {
                ui.label(egui::RichText::new(summary.as_str()).strong());
                ui.horizontal(|ui| {
                    if let Some(folder) = folder
                        && ui.button("Open folder").clicked()
                    {
                        action = Some(Action::OpenFolder(folder.clone()));
                    }
                    if ui.button("Close").clicked() {
                        action = Some(Action::Close);
                    }
                });
            }
            Some(Outcome::Exists(paths)) => {
                let text = ExportError::TargetExists(paths.clone()).to_string();
                ui.label(egui::RichText::new(text).color(ui.visuals().warn_fg_color));
                ui.horizontal(|ui| {
                    if ui.button("Replace").clicked() {
                        action = Some(Action::Start(IfExists::Replace));
                    }
                    if ui.button("Keep them").clicked() {
                        action = Some(Action::Reset);
                    }
                });
            }
            Some(Outcome::Failed(_)) | None => {
                if let Some(Outcome::Failed(text)) = &self.outcome {
                    ui.label(egui::RichText::new(text).color(ui.visuals().error_fg_color));
                }
                ui.horizontal(|ui| {
                    let text = match count {
                        1 => "Export 1 entry".to_string(),
                        n => format!("Export {} entries", grouped(n)),
                    };
                    if ui.add_enabled(ready, egui::Button::new(text)).clicked() {
                        action = Some(Action::Start(IfExists::Refuse));
                    }
                    if ui.button("Close").clicked() {
                        action = Some(Action::Close);
                    }
                });
            }
        }
        match action {
            None => {}
            Some(Action::Start(if_exists)) => self.start(ui.ctx(), src, if_exists),
            Some(Action::Reset) => self.outcome = None,
            Some(Action::Close) => self.open = false,
            Some(Action::OpenFolder(folder)) => {
                if let Err(e) = open::that_detached(&folder) {
                    self.message = Some(format!("cannot open {}: {e}", folder.display()));
                }
            }
        }
    }
}

/// What a click in the outcome row asks for.
enum Action {
    Start(IfExists),
    Reset,
    Close,
    OpenFolder(PathBuf),
}

/// "Open entry: Title", or why it is unavailable.
fn open_label(src: &Sources) -> String {
    match src.open.and_then(|ix| src.archive.get(ix)) {
        Some(e) => format!("Open entry: {}", e.title),
        None => "Open entry (none open)".into(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_is_the_head_of_the_export_order() {
        let load = hotline::LoadOptions {
            builtin: true,
            folders: Vec::new(),
            text: hotline::Text::Full,
            cache: None,
            ..hotline::LoadOptions::default()
        };
        let archive = Arc::new(hotline::load(&load, &hotline::Progress::default()).unwrap());
        assert!(archive.len() >= 10);
        let ids: Vec<String> = [1, 4, 7, 9]
            .iter()
            .map(|&ix| archive.get(ix).unwrap().id.clone())
            .collect();
        let selection = Selection::from_ids(&archive, &ids);
        assert_eq!(selection.len(), 4);
        for shown in [
            vec![9u32, 8, 7, 6, 5, 4, 3, 2, 1, 0],
            vec![3, 4],
            vec![],
            vec![7, 1],
        ] {
            let src = Sources {
                archive: &archive,
                selection: &selection,
                shown: &shown,
                open: None,
            };
            let all = src.indexes(Scope::Selection);
            assert_eq!(all.len(), 4, "hidden selected entries are exported too");
            for n in 0..6 {
                let head: Vec<u32> = all.iter().copied().take(n).collect();
                assert_eq!(src.first(Scope::Selection, n), head, "{shown:?} {n}");
            }
        }
    }
}
