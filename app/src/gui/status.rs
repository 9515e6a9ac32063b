//! The status bar's own parts: how many entries are shown and selected,
//! the Export button, a passing confirmation, and the warnings button. The
//! export's and the load's progress sit beside them, drawn by their own
//! widgets (the app lays the bar out).

use super::command::Command;
use super::export::Scope;
use hotline::numbers::grouped;

/// What the status bar shows.
pub struct Counts {
    pub shown: usize,
    pub total: usize,
    pub selected: usize,
    pub warnings: usize,
}

/// Counts, the Export button and the passing confirmation (`flash`: its
/// text and the time, in egui seconds, until which it shows; cleared once
/// past).
pub fn counts_ui(
    ui: &mut egui::Ui,
    counts: &Counts,
    flash: &mut Option<(String, f64)>,
    queue: &mut Vec<Command>,
) {
    ui.label(format!(
        "Showing {} of {} entries",
        grouped(counts.shown),
        grouped(counts.total)
    ));
    ui.label(egui::RichText::new("·").weak());
    ui.label(format!("{} selected", grouped(counts.selected)));
    let export = Command::Export(Scope::Selection);
    if ui
        .add_enabled(counts.selected > 0, egui::Button::new("Export…"))
        .on_hover_text(export.hover_text(ui.ctx()))
        .clicked()
    {
        queue.push(export);
    }
    if let Some((text, until)) = flash {
        let now = ui.input(|i| i.time);
        if now < *until {
            ui.label(egui::RichText::new(text.as_str()).weak());
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(*until - now));
        } else {
            *flash = None;
        }
    }
}

/// "3 warnings", which opens the Warnings window; nothing without any.
pub fn warnings_button_ui(ui: &mut egui::Ui, warnings: usize, queue: &mut Vec<Command>) {
    if warnings == 0 {
        return;
    }
    let text = format!(
        "{} warning{}",
        grouped(warnings),
        if warnings == 1 { "" } else { "s" }
    );
    if ui
        .button(egui::RichText::new(text).color(ui.visuals().warn_fg_color))
        .on_hover_text(Command::ToggleWarnings.hover_text(ui.ctx()))
        .clicked()
    {
        queue.push(Command::ToggleWarnings);
    }
}
