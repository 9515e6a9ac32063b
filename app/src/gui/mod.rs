//! The reader window (eframe/egui): entry points and the headless modes.
//!
//! [`run`] opens the window; with [`GuiOptions::screenshot`] it renders a
//! few frames, saves a PNG and exits. [`bench`] runs the real App headless
//! on a plain `egui::Context` and prints frame times. The App and its panels
//! live in the submodules, one panel or concept per file: `app` (layout and
//! commands), `command`, `state` (persisted), `view` (memoized rows and
//! counts), `selection`, `search`, `find` (hits in the reader), `sidebar`, `timeline` (with `timeline_plot`, `timeline_bars`, `timeline_keys`), `trends` (the Trends window, with `trends_plot`), `list`, `reader`, `loader`, `load_status`,
//! `warnings`, `status`, `menu`, `help`, `theme`.

mod answer;
mod app;
mod author_page;
mod collections;
mod command;
mod explore;
mod export;
mod extent;
mod find;
mod help;
mod highlight_bar;
mod highlights_view;
mod layout;
mod list;
mod load_status;
mod loader;
mod marking;
mod marks_commands;
mod memory;
mod menu;
mod period;
mod picker;
mod reader;
mod rich;
mod saver;
mod search;
mod selection;
mod session;
mod sidebar;
mod state;
mod status;
mod theme;
mod timeline;
mod timeline_bars;
mod timeline_keys;
mod timeline_plot;
mod trends;
mod trends_plot;
mod view;
mod warnings;

pub mod bench;
#[cfg(test)]
mod collections_tests;
#[cfg(test)]
mod explore_tests;
#[cfg(test)]
mod export_tests;
#[cfg(test)]
mod extent_tests;
#[cfg(test)]
mod find_tests;
#[cfg(test)]
mod formats_tests;
#[cfg(test)]
mod highlights_view_tests;
#[cfg(test)]
mod layout_tests;
#[cfg(test)]
mod loading_tests;
#[cfg(test)]
mod marking_tests;
#[cfg(test)]
mod search_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod timeline_tests;
#[cfg(test)]
mod trends_tests;

#[allow(unused_imports)] // main.rs wires `--bench-frames` to it
pub use bench::bench;

use anyhow::anyhow;
use app::HotlineApp;
use hotline::LoadOptions;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

/// The app icon (drawn by `assets/make-icon.sh`).
const ICON: &[u8] = include_bytes!("../../../assets/icon.png");

/// How to open the window.
#[derive(Debug, Clone, Default)]
pub struct GuiOptions {
    /// What to load (on a background thread, with progress).
    pub load: LoadOptions,
    /// Render a few frames, save a PNG of the window there, and exit.
    pub screenshot: Option<PathBuf>,
}

/// Opens the window and runs until it is closed.
pub fn run(opts: GuiOptions) -> anyhow::Result<()> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("HotLine Reader")
        .with_app_id("hotline")
        .with_inner_size([1280.0, 820.0])
        .with_min_inner_size([800.0, 560.0]);
    if opts.screenshot.is_some()
        && let Some(size) = std::env::var(SHOT_SIZE_ENV)
            .ok()
            .as_deref()
            .and_then(parse_size)
    {
        viewport = viewport.with_inner_size(size).with_min_inner_size(size);
    }
    if let Ok(icon) = eframe::icon_data::from_png_bytes(ICON) {
        viewport = viewport.with_icon(Arc::new(icon));
    }
    let native = eframe::NativeOptions {
        viewport,
        // A screenshot shows the defaults, not whatever was saved last.
        persist_window: opts.screenshot.is_none(),
        ..Default::default()
    };
    eframe::run_native(
        "hotline",
        native,
        Box::new(move |cc| {
            let storage = if opts.screenshot.is_some() {
                None
            } else {
                cc.storage
            };
            let mut app = HotlineApp::loading(&cc.egui_ctx, storage, opts.load);
            // A screenshot shows the defaults and changes no saved state.
            if opts.screenshot.is_none()
                && let Some(path) = saver::default_path()
            {
                app = app.with_state_file(&cc.egui_ctx, path);
            }
            Ok(Box::new(Window {
                app,
                shot: opts.screenshot.map(Shot::new),
            }))
        }),
    )
    .map_err(|e| anyhow!("cannot open the window: {e}"))
}

/// The eframe host: the App plus the screenshot mode.
struct Window {
    app: HotlineApp,
    shot: Option<Shot>,
}

impl eframe::App for Window {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.app.ui_body(ui);
        if let Some(shot) = &mut self.shot {
            shot.step(ui.ctx(), &mut self.app);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.shot.is_none() {
            eframe::App::save(&mut self.app, storage);
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.app.save_before_exit();
    }
}

/// Env variable: in screenshot mode, the window's size (`1024x640`).
const SHOT_SIZE_ENV: &str = "HOTLINE_SCREENSHOT_SIZE";

/// `WIDTHxHEIGHT` in points.
fn parse_size(text: &str) -> Option<[f32; 2]> {
    let (w, h) = text.split_once('x')?;
    Some([w.trim().parse().ok()?, h.trim().parse().ok()?])
}

/// Env variable: in screenshot mode, search for this and open the best hit.
const SHOT_QUERY_ENV: &str = "HOTLINE_SCREENSHOT_QUERY";
/// Env variable: in screenshot mode, select the first three entries and
/// show the Export window (one file per entry, with its name preview).
const SHOT_EXPORT_ENV: &str = "HOTLINE_SCREENSHOT_EXPORT";
/// Env variable: in screenshot mode, open the Trends window on these terms,
/// separated by `|` (`saas|"customer support"`), and wait for its counts.
const SHOT_TRENDS_ENV: &str = "HOTLINE_SCREENSHOT_TRENDS";
/// Env variable: in screenshot mode, mark the open entry as a reader
/// would (a few highlights in each colour, a note on one and on the
/// entry) and open one highlight's card.
const SHOT_MARKS_ENV: &str = "HOTLINE_SCREENSHOT_MARKS";

/// Screenshot mode: wait for the load, open a representative entry (or
/// the best hit of `$HOTLINE_SCREENSHOT_QUERY`), let the layout settle,
/// capture, save, close.
struct Shot {
    path: PathBuf,
    frames: u32,
    image: Option<Receiver<Arc<egui::ColorImage>>>,
    query: Option<String>,
    export: bool,
    trends: Option<Vec<String>>,
    marks: bool,
}

impl Shot {
    fn new(path: PathBuf) -> Shot {
        Shot {
            path,
            frames: 0,
            image: None,
            query: std::env::var(SHOT_QUERY_ENV)
                .ok()
                .filter(|q| !q.trim().is_empty()),
            export: std::env::var_os(SHOT_EXPORT_ENV).is_some(),
            trends: std::env::var(SHOT_TRENDS_ENV)
                .ok()
                .map(|t| t.split('|').map(|s| s.trim().to_string()).collect()),
            marks: std::env::var_os(SHOT_MARKS_ENV).is_some(),
        }
    }

    /// Highlights a sentence of the open entry's paragraphs in each colour
    /// (the second with a note), notes the entry, and opens the card of
    /// the first highlight.
    fn mark(app: &mut HotlineApp) {
        use hotline::db::Colour;
        use hotline::marks::{EntryText, anchor};
        let Some(e) = app
            .rt
            .open
            .and_then(|ix| app.rt.session.archive.get(ix))
            .cloned()
        else {
            return;
        };
        let text = EntryText::of(&e);
        let paragraphs = (e.blocks.iter().enumerate())
            .filter(|(_, b)| b.kind == hotline::BlockKind::Paragraph && b.text.len() > 80);
        let mut first = None;
        for ((block, b), colour) in paragraphs.skip(1).step_by(2).zip(Colour::ALL) {
            // The block's first sentence.
            let end = b.text.find(". ").map_or(b.text.len(), |i| i + 1);
            let start = text.offset(block, 0);
            let a = anchor::make(&text, start..start + end);
            let id = app.rt.memory.add_highlight(&e.id, a, colour);
            if colour == Colour::Green {
                let note = "The point to bring to Monday's support meeting.";
                app.rt.memory.update_highlight(id, colour, note);
            }
            first.get_or_insert(id);
        }
        let note = "Worth rereading before the next product review.";
        app.rt.memory.set_entry_note(&e.id, note);
        app.rt.reader.marking.active = first;
    }

    /// Opens the Trends window on the terms and waits for their counts;
    /// true once they are in (or when no terms were asked for).
    fn trended(&self, app: &mut HotlineApp) -> bool {
        let Some(terms) = &self.trends else {
            return true;
        };
        if !app.rt.search.ready {
            return false;
        }
        if !app.rt.trends.open {
            let terms: Vec<&str> = terms.iter().map(String::as_str).collect();
            app.rt.trends.show_terms(&terms);
            return false;
        }
        app.rt.trends.settled()
    }

    /// Types the query and waits for its results; true once they are in.
    fn searched(&self, app: &mut HotlineApp) -> bool {
        let Some(q) = &self.query else { return true };
        let search = &mut app.rt.search;
        if !search.ready {
            return false;
        }
        if search.text != *q {
            search.text = q.clone();
            return false;
        }
        search.asked().current().is_some()
    }

    fn step(&mut self, ctx: &egui::Context, app: &mut HotlineApp) {
        ctx.request_repaint();
        if app.rt.session.loader.is_loading() || !self.searched(app) || !self.trended(app) {
            return;
        }
        self.frames += 1;
        if self.frames == 1 {
            let best = app
                .rt
                .search
                .asked()
                .current()
                .and_then(|(_, o)| o.ranked.first().copied());
            match best {
                Some(ix) => app.rt.queue.push(command::Command::Open(ix)),
                None => app.show_sample(),
            }
            if self.export {
                for &ix in app.rt.view.rows.iter().take(3) {
                    app.rt.queue.push(command::Command::ToggleSelection(ix));
                }
                app.rt.export.layout = hotline::export::Layout::PerEntry;
                app.rt
                    .queue
                    .push(command::Command::Export(export::Scope::Selection));
            }
        }
        if self.frames == 3 && self.marks {
            Self::mark(app);
        }
        if self.frames == 12 {
            let (tx, rx) = channel();
            ctx.request_screenshot(move |image| {
                tx.send(image).ok();
            });
            self.image = Some(rx);
        }
        let Some(image) = self.image.as_ref().and_then(|rx| rx.try_recv().ok()) else {
            return;
        };
        match save_png(&self.path, &image) {
            Ok(()) => crate::cli::eprint_line(format_args!("saved {}", self.path.display())),
            Err(e) => crate::cli::eprint_line(format_args!("error: {e:#}")),
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }
}

fn save_png(path: &std::path::Path, image: &egui::ColorImage) -> anyhow::Result<()> {
    let [w, h] = image.size;
    let bytes: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_array()).collect();
    image::save_buffer(
        path,
        &bytes,
        w as u32,
        h as u32,
        image::ExtendedColorType::Rgba8,
    )
    .map_err(|e| anyhow!("cannot write {}: {e}", path.display()))
}
