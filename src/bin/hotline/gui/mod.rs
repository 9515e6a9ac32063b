//! The reader window (minimal first version: a list of the entries).

use anyhow::anyhow;
use hotline::{Archive, LoadOptions, Progress};
use std::path::PathBuf;

/// How to open the window.
#[derive(Debug, Clone, Default)]
pub struct GuiOptions {
    /// What to load.
    pub load: LoadOptions,
    /// Render a few frames, save a PNG of the window there, and exit
    /// (implemented by the full reader).
    #[allow(dead_code)]
    pub screenshot: Option<PathBuf>,
}

/// Opens the window and runs until it is closed.
pub fn run(opts: GuiOptions) -> anyhow::Result<()> {
    let archive = hotline::load(&opts.load, &Progress::default())?;
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("HotLine Reader")
            .with_inner_size([1100.0, 750.0]),
        ..Default::default()
    };
    eframe::run_native(
        "hotline",
        native,
        Box::new(|_cc| Ok(Box::new(ListApp { archive }))),
    )
    .map_err(|e| anyhow!("cannot open the window: {e}"))
}

struct ListApp {
    archive: Archive,
}

impl eframe::App for ListApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading(format!("HotLine Reader — {} entries", self.archive.len()));
            egui::ScrollArea::vertical().show(ui, |ui| {
                for e in self.archive.entries() {
                    ui.label(&e.title);
                }
            });
        });
    }
}
