//! The warnings panel: per-file problems met while loading (skipped binary
//! or empty files, unreadable files, symlink loops, dropped dates).

use hotline::Archive;

/// The "Load warnings" window, listing `archive.warnings()`.
pub fn warnings_window_ui(ctx: &egui::Context, archive: &Archive, open: &mut bool) {
    egui::Window::new("Load warnings")
        .open(open)
        .default_width(560.0)
        .default_height(320.0)
        .show(ctx, |ui| {
            let warnings = archive.warnings();
            if warnings.is_empty() {
                ui.label("No problems were found while loading.");
                return;
            }
            ui.label(format!(
                "{} file problem{} while loading; everything else loaded.",
                warnings.len(),
                if warnings.len() == 1 { "" } else { "s" }
            ));
            ui.separator();
            let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.4;
            egui::ScrollArea::vertical().auto_shrink(false).show_rows(
                ui,
                row_height,
                warnings.len(),
                |ui, range| {
                    for w in &warnings[range] {
                        ui.label(egui::RichText::new(&w.path).strong());
                        ui.label(egui::RichText::new(&w.message).weak());
                    }
                },
            );
        });
}
