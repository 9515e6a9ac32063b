//! The Help window: every keyboard shortcut (read from [`Command`], so the
//! list cannot go stale), mouse gestures, and a note on search.

use super::command::Command;

/// The "Keyboard shortcuts" window.
pub fn help_window_ui(ctx: &egui::Context, open: &mut bool) {
    egui::Window::new("Keyboard shortcuts")
        .open(open)
        .collapsible(false)
        .resizable(false)
        .default_width(420.0)
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts")
                .num_columns(2)
                .spacing([24.0, 6.0])
                .striped(true)
                .show(ui, |ui| {
                    for c in Command::keyed() {
                        ui.label(c.label());
                        ui.label(egui::RichText::new(c.all_shortcuts_text(ctx)).monospace());
                        ui.end_row();
                    }
                });
            ui.add_space(8.0);
            ui.label(egui::RichText::new("Mouse").strong());
            ui.label("Shift-click a checkbox to select a range of entries.");
            ui.label(
                "Click a bar of the timeline to show that period; drag across bars for a range.",
            );
            ui.label("Ctrl-click authors in the sidebar to combine several.");
            ui.add_space(8.0);
            ui.label(egui::RichText::new("Search").strong());
            ui.label(
                "Words match anywhere; \"a phrase\", -word to exclude, manag* for \
                 prefixes, author:, date:2007..2008 and kind:excerpt narrow the results.",
            );
        });
}
