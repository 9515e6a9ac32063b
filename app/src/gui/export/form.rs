//! The Export window's choices: what to export, the format, the layout,
//! the file-name template with its live preview, and where to.

use super::{ExportDialog, Scope, Sources, format_name, path_ui};
use hotline::export::{self, Format, Layout, TEMPLATE_FIELDS};
use hotline::numbers::grouped;

impl ExportDialog {
    pub(super) fn choices_ui(&mut self, ui: &mut egui::Ui, src: &Sources) {
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
                    if let Some(joins) = self.joins.as_ref().filter(|j| !j.is_empty()) {
                        let mut leave_out = self.teasers == super::JoinedTeasers::LeaveOut;
                        let text = format!(
                            "Leave out teasers that have their article ({})",
                            grouped(joins.len())
                        );
                        if ui.checkbox(&mut leave_out, text).changed() {
                            self.teasers = match leave_out {
                                true => super::JoinedTeasers::LeaveOut,
                                false => super::JoinedTeasers::Keep,
                            };
                        }
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
                    ui.radio_value(
                        &mut self.layout,
                        Layout::Single,
                        "One combined file with a table of contents",
                    );
                    // An EPUB is one book: set_format unticks this choice,
                    // and it stays off while EPUB is chosen.
                    let per_entry = egui::RadioButton::new(
                        self.layout == Layout::PerEntry,
                        "One file per entry, in a folder",
                    );
                    if ui
                        .add_enabled(!epub, per_entry)
                        .on_disabled_hover_text("An EPUB is always one book")
                        .clicked()
                    {
                        self.layout = Layout::PerEntry;
                    }
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
            egui::RichText::new(format!(
                "Fields: {}; a / makes a subfolder",
                fields.join(" ")
            ))
            .small()
            .weak(),
        );
        if let Err(e) = export::check_template(&self.template) {
            ui.label(egui::RichText::new(e.to_string()).color(ui.visuals().warn_fg_color));
            return;
        }
        let ixs = src.first(self.scope, 3);
        let names = export::plan_names(src.archive, &ixs, &self.template, self.format.extension());
        // The planned names, not the template, tell: a `/` the library
        // drops (a leading one, `../`) makes no folder.
        let subfolders = names.iter().any(|n| n.contains('/'));
        for name in &names {
            path_ui(ui, name);
        }
        if src.count(self.scope) > 3 {
            ui.label(egui::RichText::new("…").small().weak());
        }
        if subfolders {
            let folder = match self.folder.trim() {
                "" => "the chosen folder".to_string(),
                f => f.to_string(),
            };
            ui.label(
                egui::RichText::new(format!(
                    "Subfolders are made inside {folder}, never outside it."
                ))
                .small()
                .weak(),
            );
        }
    }
}

/// "Open entry: Title", or why it is unavailable.
fn open_label(src: &Sources) -> String {
    match src.open.and_then(|ix| src.archive.get(ix)) {
        Some(e) => format!("Open entry: {}", e.title),
        None => "Open entry (none open)".into(),
    }
}
