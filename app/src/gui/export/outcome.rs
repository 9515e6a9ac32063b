//! How the last export ended, under the choices: its summary or its error
//! above the row that starts an export (again), or the question what to do
//! about files already there.

use super::{ExportDialog, Request, Sources, path_ui};
use hotline::export::{self, IfExists, Layout};
use hotline::numbers::grouped;
use std::path::PathBuf;

/// Files the question names; it counts the rest.
const NAMED: usize = 5;

/// How the last export ended.
#[derive(Debug)]
pub enum Outcome {
    /// "Wrote N files …" and the folder the files are in.
    Done {
        summary: String,
        folder: Option<PathBuf>,
    },
    /// Files are in the way of `request`: the window asks whether to
    /// replace them, skip them or cancel.
    Exists {
        paths: Vec<PathBuf>,
        request: Request,
    },
    Failed(String),
}

/// What a click under the choices asks for.
enum Action {
    Start(IfExists),
    Reset,
    Close,
    OpenFolder(PathBuf),
}

impl ExportDialog {
    pub(super) fn outcome_ui(&mut self, ui: &mut egui::Ui, src: &Sources) {
        let action = match &self.outcome {
            Some(Outcome::Exists { paths, request }) => question_ui(ui, paths, request),
            _ => self.run_ui(ui, src),
        };
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

    /// The last summary or error, then Export, Open folder and Close.
    fn run_ui(&self, ui: &mut egui::Ui, src: &Sources) -> Option<Action> {
        match &self.outcome {
            Some(Outcome::Done { summary, .. }) => {
                ui.label(egui::RichText::new(summary.as_str()).strong());
            }
            Some(Outcome::Failed(text)) => {
                ui.label(egui::RichText::new(text).color(ui.visuals().error_fg_color));
            }
            Some(Outcome::Exists { .. }) | None => {}
        }
        let count = src.count(self.scope);
        let unknown =
            self.layout() == Layout::PerEntry && export::check_template(&self.template).is_err();
        let ready = count > 0 && !self.target().as_os_str().is_empty() && !unknown;
        let mut action = None;
        ui.horizontal(|ui| {
            let text = match count {
                1 => "Export 1 entry".to_string(),
                n => format!("Export {} entries", grouped(n)),
            };
            if ui.add_enabled(ready, egui::Button::new(text)).clicked() {
                action = Some(Action::Start(IfExists::Refuse));
            }
            if let Some(Outcome::Done {
                folder: Some(folder),
                ..
            }) = &self.outcome
                && ui.button("Open folder").clicked()
            {
                action = Some(Action::OpenFolder(folder.clone()));
            }
            if ui.button("Close").clicked() {
                action = Some(Action::Close);
            }
        });
        action
    }
}

/// "3 files already exist in FOLDER:", the first few by name, what each
/// answer does, and the answers. A single file can only be replaced or
/// kept, so it has no "Skip existing" (which would write nothing).
fn question_ui(ui: &mut egui::Ui, paths: &[PathBuf], request: &Request) -> Option<Action> {
    let per_entry = request.layout == Layout::PerEntry;
    let heading = match (per_entry, paths.len()) {
        (false, _) => format!("{} already exists.", request.target.display()),
        (true, 1) => format!("1 file already exists in {}:", request.target.display()),
        (true, n) => format!(
            "{} files already exist in {}:",
            grouped(n),
            request.target.display()
        ),
    };
    ui.label(egui::RichText::new(heading).color(ui.visuals().warn_fg_color));
    if per_entry {
        ui.indent("existing", |ui| {
            for path in paths.iter().take(NAMED) {
                let name = path.strip_prefix(&request.target).unwrap_or(path);
                path_ui(ui, &name.display().to_string());
            }
            if paths.len() > NAMED {
                let more = format!("and {} more", grouped(paths.len() - NAMED));
                ui.label(egui::RichText::new(more).small().weak());
            }
        });
    }
    ui.add_space(4.0);
    ui.label(egui::RichText::new(answers_text(paths.len(), request)).small());
    ui.add_space(4.0);
    let mut action = None;
    ui.horizontal(|ui| {
        if ui.button("Replace").clicked() {
            action = Some(Action::Start(IfExists::Replace));
        }
        if per_entry && ui.button("Skip existing").clicked() {
            action = Some(Action::Start(IfExists::Skip));
        }
        if ui.button("Cancel").clicked() {
            action = Some(Action::Reset);
        }
    });
    action
}

/// What Replace, Skip existing and Cancel do, with the numbers of files.
fn answers_text(existing: usize, request: &Request) -> String {
    if request.layout == Layout::Single {
        return "Replace overwrites it; Cancel writes nothing.".to_string();
    }
    let them = if existing == 1 { "it" } else { "them" };
    let skip = match request.entries.saturating_sub(existing) {
        0 => format!("Skip existing keeps {them} and writes nothing new"),
        1 => format!("Skip existing keeps {them} and writes only the 1 new file"),
        n => format!(
            "Skip existing keeps {them} and writes only the {} new files",
            grouped(n)
        ),
    };
    format!("Replace overwrites {them}; {skip}; Cancel writes nothing.")
}
