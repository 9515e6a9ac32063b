//! The author page: a window with an author's entries per period (a bar
//! chart), first and last dates, total words, their most distinctive
//! words, the collections and highlights of their entries, and "Export
//! this author…". The page is made on the index thread
//! ([`super::explore::answer`]); this draws it, with the collections and
//! highlights counted from the window's memory ([`Shelf`]), so a
//! highlight made while the page is open shows on it at once.

use super::command::Command;
use super::memory::Memory;
use super::theme;
use egui::RichText;
use hotline::Archive;
use hotline::explore::{AuthorProfile, AuthorShelf, shelf_among};

/// The author's collections and highlights as the window's memory has
/// them, made again only when the page's entries or the memory change.
#[derive(Default)]
pub struct Shelf {
    /// What it was made for (the entries and the memory's revision).
    made_for: (Vec<u32>, u64),
    shelf: Option<AuthorShelf>,
}

impl Shelf {
    /// The shelf of `profile`'s author now.
    pub fn of(
        &mut self,
        profile: &AuthorProfile,
        archive: &Archive,
        memory: &Memory,
    ) -> &AuthorShelf {
        let (entries, revision) = &self.made_for;
        if *entries != profile.entries || *revision != memory.revision() {
            self.shelf = None;
        }
        self.shelf.get_or_insert_with(|| {
            self.made_for = (profile.entries.clone(), memory.revision());
            let collections =
                (memory.collections.iter()).map(|c| (c.name.as_str(), c.ids.as_slice()));
            let highlights = |id: &str| memory.highlights_of(id).len();
            shelf_among(archive, &profile.entries, collections, highlights)
        })
    }
}

/// Height of the chart's tallest bar.
const CHART_HEIGHT: f32 = 70.0;

/// What the window shows.
pub enum Shown<'a> {
    /// The page is being made.
    Making,
    /// No author goes by the name: why.
    Unknown(&'a str),
    Page {
        profile: &'a AuthorProfile,
        /// Their collections and highlights now.
        shelf: &'a AuthorShelf,
        /// Why the reader's library cannot be read or written, if so.
        problem: Option<&'a str>,
    },
}

/// The window, while `open` names an author.
pub fn author_window_ui(
    ctx: &egui::Context,
    open: &mut Option<String>,
    page: Shown<'_>,
    queue: &mut Vec<Command>,
) {
    let Some(name) = open.clone() else { return };
    let mut shown = true;
    egui::Window::new(format!("Author: {name}"))
        .id(egui::Id::unique("hotline-author-page"))
        .open(&mut shown)
        .default_width(420.0)
        .collapsible(false)
        .show(ctx, |ui| match page {
            Shown::Making => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Making the page…");
                });
            }
            Shown::Unknown(e) => {
                ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
            }
            Shown::Page {
                profile,
                shelf,
                problem,
            } => page_ui(ui, profile, (shelf, problem), queue),
        });
    if !shown {
        *open = None;
    }
}

fn page_ui(
    ui: &mut egui::Ui,
    p: &AuthorProfile,
    (shelf, problem): (&AuthorShelf, Option<&str>),
    queue: &mut Vec<Command>,
) {
    let date = |d: Option<chrono::NaiveDate>| {
        d.map_or("—".into(), |d| d.format("%-d %B %Y").to_string())
    };
    ui.label(
        RichText::new(&p.name)
            .family(theme::serif_bold())
            .size(20.0),
    );
    let n = p.entries.len();
    let entries = hotline::numbers::counted(n, ("entry", "entries"));
    ui.label(format!(
        "{entries}  ·  {} words",
        hotline::numbers::grouped(p.words as usize)
    ));
    ui.label(format!("First: {}", date(p.first)));
    ui.label(format!("Last: {}", date(p.last)));
    ui.add_space(6.0);
    chart_ui(ui, &p.per_period);
    ui.add_space(6.0);
    let words: Vec<&str> = p.distinctive.iter().map(|(w, _)| w.as_str()).collect();
    ui.label(RichText::new("Their words").strong());
    ui.label(if words.is_empty() {
        "—".to_string()
    } else {
        words.join(", ")
    });
    ui.add_space(6.0);
    ui.label(RichText::new("In your library").strong());
    if let Some(problem) = problem {
        ui.label(RichText::new(problem).color(ui.visuals().warn_fg_color));
    }
    let collections: Vec<String> = (shelf.collections.iter())
        .map(|(c, n)| format!("{c} ({n})"))
        .collect();
    ui.label(match collections.is_empty() {
        true => "In no collection".to_string(),
        false => format!("Collections: {}", collections.join(", ")),
    });
    ui.label(format!("Highlights: {}", shelf.highlights));
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button("List their entries").clicked() {
            queue.push(Command::ListAuthor(p.name.clone()));
        }
        if ui.button("Export this author…").clicked() {
            queue.push(Command::ExportAuthor(p.name.clone()));
        }
    });
}

/// Entries per period as bars, the period and count on hover; the
/// undated bucket is said in words.
fn chart_ui(ui: &mut egui::Ui, periods: &[(Option<hotline::Period>, usize)]) {
    let dated: Vec<(hotline::Period, usize)> = periods
        .iter()
        .filter_map(|(p, n)| Some(((*p)?, *n)))
        .collect();
    let most = dated.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    if !dated.is_empty() {
        let width = ui.available_width().min(400.0);
        let (rect, _) =
            ui.allocate_exact_size(egui::vec2(width, CHART_HEIGHT), egui::Sense::hover());
        let step = width / dated.len() as f32;
        let fill = ui.visuals().selection.bg_fill;
        for (i, (period, n)) in dated.iter().enumerate() {
            let h = CHART_HEIGHT * (*n as f32 / most as f32);
            let x = rect.left() + step * i as f32;
            let bar = egui::Rect::from_min_max(
                egui::pos2(x + step * 0.1, rect.bottom() - h.max(1.0)),
                egui::pos2(x + step * 0.9, rect.bottom()),
            );
            ui.painter().rect_filled(bar, 1.0, fill);
            let id = ui.scope_id().with(("author-bar", i));
            let hover = ui.interact(bar, id, egui::Sense::hover());
            let text = format!("{period}: {n}");
            hover.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &text));
            hover.on_hover_text(text.clone());
        }
        let (first, last) = (dated.first().map(|d| d.0), dated.last().map(|d| d.0));
        if let (Some(a), Some(b)) = (first, last) {
            ui.label(
                RichText::new(format!("{a} … {b}"))
                    .size(11.0)
                    .color(theme::muted(ui)),
            );
        }
    }
    if let Some((None, n)) = periods.last() {
        ui.label(
            RichText::new(format!("Undated: {n}"))
                .size(11.0)
                .color(theme::muted(ui)),
        );
    }
}
