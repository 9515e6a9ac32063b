//! The status bar: how many entries are shown and selected, loading
//! progress with Cancel, and the warnings button.

use super::app::Runtime;
use super::command::Command;
use super::export::Scope;
use hotline::numbers::grouped;

/// Counts on the left, loading and warnings on the right.
pub fn status_ui(ui: &mut egui::Ui, rt: &mut Runtime) {
    ui.horizontal(|ui| {
        let shown = rt.view.rows.len();
        let total = rt.archive.len();
        ui.label(format!(
            "Showing {} of {} entries",
            grouped(shown),
            grouped(total)
        ));
        ui.label(egui::RichText::new("·").weak());
        ui.label(format!("{} selected", grouped(rt.selection.len())));
        if ui
            .add_enabled(rt.selection.len() > 0, egui::Button::new("Export…"))
            .on_hover_text(Command::Export(Scope::Selection).hover_text(ui.ctx()))
            .clicked()
        {
            rt.queue.push(Command::Export(Scope::Selection));
        }
        if let Some((text, until)) = &rt.flash {
            let now = ui.input(|i| i.time);
            if now < *until {
                ui.label(egui::RichText::new(text.as_str()).weak());
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_secs_f64(until - now));
            } else {
                rt.flash = None;
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            rt.export.status_ui(ui);
            let n = rt.archive.warnings().len();
            if n > 0 {
                let text = format!("{n} warning{}", if n == 1 { "" } else { "s" });
                if ui
                    .button(egui::RichText::new(text).color(ui.visuals().warn_fg_color))
                    .on_hover_text(Command::ToggleWarnings.hover_text(ui.ctx()))
                    .clicked()
                {
                    rt.queue.push(Command::ToggleWarnings);
                }
            }
            rt.loader.progress_ui(ui, &mut rt.queue);
        });
    });
}
