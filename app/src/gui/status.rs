//! The status bar's own parts: how many entries are shown and selected,
//! the Export button, a passing confirmation, the warnings button, and the
//! load's progress with Cancel. The export's progress sits beside them,
//! drawn by its own widget (the app lays the bar out).

use super::command::Command;
use super::export::Scope;
use super::load_status::LoadStatus;
use hotline::numbers::grouped;
use std::time::Duration;

/// The progress bar's width: room for its percentage, and the words
/// beside it get the rest.
const BAR_WIDTH: f32 = 110.0;

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

/// The load's (or the index's) progress, drawn right to left: Cancel
/// while it may stop, a bar with the share done once the total is known
/// (a spinner until then), and what is under way with its counts and time
/// left, elided to the room left (the whole text on hover).
pub fn progress_ui(ui: &mut egui::Ui, status: Option<&LoadStatus>, queue: &mut Vec<Command>) {
    let Some(status) = status else { return };
    if status.step.cancellable()
        && ui
            .button("Cancel")
            .on_hover_text(format!(
                "{}: what is shown now stays",
                Command::CancelLoad.label()
            ))
            .clicked()
    {
        queue.push(Command::CancelLoad);
    }
    match status.step.fraction() {
        Some(fraction) => {
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(BAR_WIDTH)
                    .show_percentage(),
            );
        }
        None => {
            ui.spinner();
        }
    }
    ui.add(egui::Label::new(status.text()).truncate());
    ui.ctx().request_repaint_after(Duration::from_millis(100));
}
