//! The Highlights window: every highlight and note across the archive in
//! one list, searchable (the words of a quote or note), filtered by
//! colour, author, year and collection, newest first or in reading order;
//! a click opens the entry scrolled to the passage.
//!
//! What it lists is made in two steps, each kept until its inputs change:
//! the rows (one per highlight, with its entry's title, author, date and
//! the folded text searched), when the highlights or the archive change;
//! then the shown rows, when the search or a filter changes. A frame
//! draws only the rows in view.

use super::command::Command;
use super::highlight_bar::colour_name;
use super::memory::{Members, Memory};
use super::theme;
use hotline::db::{Colour, Highlight};
use hotline::numbers::grouped;
use hotline::{Archive, Entry};
use std::collections::HashSet;
use std::sync::Arc;

/// The order of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// The most recently made first.
    #[default]
    Newest,
    /// By the entries' order in the archive, then by place in the text.
    Reading,
}

/// What narrows the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Narrowing {
    pub query: String,
    /// The colours shown.
    pub colours: [bool; 4],
    pub author: Option<String>,
    pub year: Option<i32>,
    pub collection: Option<String>,
    pub order: Order,
}

impl Default for Narrowing {
    fn default() -> Self {
        Narrowing {
            query: String::new(),
            colours: [true; 4],
            author: None,
            year: None,
            collection: None,
            order: Order::Newest,
        }
    }
}

/// The rows and the choices their drop-downs offer.
pub struct Rows {
    pub rows: Vec<Row>,
    pub authors: Vec<String>,
    pub years: Vec<i32>,
}

/// One highlight as the list shows it.
pub struct Row {
    pub highlight: Highlight,
    /// Its entry's canonical index, when the archive on show holds it.
    pub entry: Option<u32>,
    pub title: String,
    pub author: Option<String>,
    pub year: Option<i32>,
    /// The quote and note folded to lower case, what the search looks in.
    folded: String,
}

/// What the rows were made from: the memory's revision and the archive.
type Made = (u64, usize);

/// The window's state.
#[derive(Default)]
pub struct HighlightsView {
    pub open: bool,
    pub narrowing: Narrowing,
    /// The rows, and the memory revision and archive they were made from.
    rows: Option<(Made, Arc<Rows>)>,
    /// The shown rows' indexes, and what they were chosen by.
    shown: Option<(Made, Narrowing, Vec<u32>)>,
    /// Put the keyboard in the search field on the next frame.
    pub focus: bool,
    /// How many highlights a query's words are in, and for what.
    matching: Option<(Made, String, usize)>,
    /// The rows made so far, while they are being made.
    building: Option<(Made, Vec<Row>)>,
}

/// How many rows one frame makes: the rows of 100,000 highlights take a
/// few hundred milliseconds, spread over frames rather than one.
const ROWS_PER_FRAME: usize = 10_000;

impl HighlightsView {
    /// Opens or closes the window.
    pub fn toggle(&mut self) {
        self.open = !self.open;
        self.focus = self.open;
    }

    /// Brings the rows and the shown rows up to date; while the rows are
    /// being made (a few frames for 100,000 highlights), the last ones
    /// stay and the window says so.
    pub fn refresh(&mut self, memory: &Memory, archive: &Archive) {
        if !self.advance(memory, archive) {
            return;
        }
        let key = made_from(memory, archive);
        let fresh = self
            .shown
            .as_ref()
            .is_some_and(|(k, n, _)| *k == key && *n == self.narrowing);
        if !fresh && let Some((_, rows)) = &self.rows {
            let shown = narrow(&rows.rows, &self.narrowing, &memory.collections);
            self.shown = Some((key, self.narrowing.clone(), shown));
        }
    }

    /// Opens the window searching for `query`.
    pub fn show_for(&mut self, query: &str) {
        self.narrowing.query = query.to_string();
        self.open = true;
        self.focus = true;
    }

    /// How many highlights and notes hold every word of `query` (the
    /// main search's, for the sidebar), kept until any input changes.
    /// `None` while the rows are being made.
    pub fn matching(&mut self, memory: &Memory, archive: &Archive, query: &str) -> Option<usize> {
        let key = made_from(memory, archive);
        if let Some((k, q, n)) = &self.matching
            && *k == key
            && q == query
        {
            return Some(*n);
        }
        if !self.advance(memory, archive) {
            return None;
        }
        let narrowing = Narrowing {
            query: query.to_string(),
            ..Narrowing::default()
        };
        let n = self
            .rows
            .as_ref()
            .map_or(0, |(_, rows)| narrow(&rows.rows, &narrowing, &[]).len());
        self.matching = Some((key, query.to_string(), n));
        Some(n)
    }

    /// Makes the next rows for the memory and archive as they are; true
    /// once all are made.
    fn advance(&mut self, memory: &Memory, archive: &Archive) -> bool {
        use rayon::prelude::*;
        let key = made_from(memory, archive);
        if self.rows.as_ref().is_some_and(|(k, _)| *k == key) {
            return true;
        }
        let mut made = match self.building.take() {
            Some((k, made)) if k == key => made,
            _ => Vec::new(),
        };
        let next: Vec<&Highlight> = memory
            .all_highlights()
            .skip(made.len())
            .take(ROWS_PER_FRAME)
            .collect();
        let more = next.len();
        made.par_extend(next.par_iter().map(|&h| row(h, archive)));
        if more == ROWS_PER_FRAME {
            self.building = Some((key, made));
            return false;
        }
        let rows = Rows {
            authors: distinct(made.iter().filter_map(|r| r.author.clone())),
            years: distinct(made.iter().filter_map(|r| r.year)),
            rows: made,
        };
        self.rows = Some((key, Arc::new(rows)));
        true
    }

    /// How many rows are made of how many, while they are being made.
    pub fn progress(&self, memory: &Memory) -> Option<(usize, usize)> {
        let (_, made) = self.building.as_ref()?;
        Some((made.len(), memory.highlight_count()))
    }
}

/// What the rows are made from: the memory's revision and the archive.
fn made_from(memory: &Memory, archive: &Archive) -> Made {
    (memory.revision(), std::ptr::from_ref(archive) as usize)
}

/// The row of one highlight.
fn row(h: &Highlight, archive: &Archive) -> Row {
    let entry = archive.index_of(&h.entry);
    let e: Option<&Entry> = entry.and_then(|ix| archive.get(ix));
    let folded = format!("{}\n{}", h.anchor.quote, h.note).to_lowercase();
    Row {
        highlight: h.clone(),
        entry,
        title: e.map_or_else(|| h.entry.clone(), |e| e.title.clone()),
        author: e.and_then(|e| e.author.clone()),
        year: e.and_then(|e| e.date).map(|d| chrono::Datelike::year(&d)),
        folded,
    }
}

/// The indexes of the rows `n` keeps, in its order.
fn narrow(rows: &[Row], n: &Narrowing, collections: &[Members]) -> Vec<u32> {
    let words: Vec<String> = n
        .query
        .to_lowercase()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let members: Option<HashSet<&str>> = n.collection.as_ref().map(|name| {
        collections
            .iter()
            .filter(|c| super::collections::same(&c.name, name))
            .flat_map(|c| c.ids.iter().map(String::as_str))
            .collect()
    });
    let mut kept: Vec<u32> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            let h = &r.highlight;
            let colour = Colour::ALL.iter().position(|c| *c == h.colour).unwrap_or(0);
            n.colours[colour]
                && words.iter().all(|w| r.folded.contains(w.as_str()))
                && n.author
                    .as_ref()
                    .is_none_or(|a| r.author.as_ref() == Some(a))
                && n.year.is_none_or(|y| r.year == Some(y))
                && members
                    .as_ref()
                    .is_none_or(|m| m.contains(h.entry.as_str()))
        })
        .map(|(i, _)| i as u32)
        .collect();
    let row = |i: &u32| &rows[*i as usize];
    match n.order {
        Order::Newest => kept.sort_by_key(|i| {
            let h = &row(i).highlight;
            (std::cmp::Reverse(h.created), std::cmp::Reverse(h.id))
        }),
        Order::Reading => kept.sort_by_key(|i| {
            let r = row(i);
            (r.entry.unwrap_or(u32::MAX), r.highlight.anchor.start)
        }),
    }
    kept
}

/// The window, when open.
pub fn window_ui(
    ctx: &egui::Context,
    view: &mut HighlightsView,
    (collections, progress): (&[Members], Option<(usize, usize)>),
    queue: &mut Vec<Command>,
) {
    if !view.open {
        return;
    }
    let mut open = view.open;
    egui::Window::new("Highlights")
        .open(&mut open)
        .default_size(egui::vec2(560.0, 620.0))
        .min_width(360.0)
        .show(ctx, |ui| {
            if let Some((made, total)) = progress {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(format!(
                        "Reading the highlights: {} of {}…",
                        grouped(made),
                        grouped(total)
                    ));
                });
                ui.ctx().request_repaint();
            }
            body_ui(ui, view, collections, queue);
        });
    view.open = open && view.open;
}

fn body_ui(
    ui: &mut egui::Ui,
    view: &mut HighlightsView,
    collections: &[Members],
    queue: &mut Vec<Command>,
) {
    let Some((_, rows)) = view.rows.clone() else {
        return;
    };
    let n = &mut view.narrowing;
    ui.horizontal(|ui| {
        let field = egui::TextEdit::singleline(&mut n.query)
            .hint_text("Search highlights and notes")
            .desired_width(ui.available_width().min(320.0));
        let r = ui.add(field);
        r.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Search highlights")
        });
        if std::mem::take(&mut view.focus) {
            r.request_focus();
        }
    });
    ui.horizontal_wrapped(|ui| {
        for (i, c) in Colour::ALL.iter().enumerate() {
            let text = egui::RichText::new(colour_name(*c)).color(theme::ink(ui));
            let chip = egui::Button::selectable(n.colours[i], text)
                .fill(theme::highlight(ui, *c))
                .corner_radius(8.0);
            if ui.add(chip).clicked() {
                n.colours[i] = !n.colours[i];
            }
        }
        ui.separator();
        ui.selectable_value(&mut n.order, Order::Newest, "Newest first");
        ui.selectable_value(&mut n.order, Order::Reading, "Reading order");
    });
    ui.horizontal_wrapped(|ui| {
        choice_ui(ui, "Author", &mut n.author, &rows.authors, |a| a.clone());
        choice_ui(ui, "Year", &mut n.year, &rows.years, |y| y.to_string());
        let names: Vec<String> = collections.iter().map(|c| c.name.clone()).collect();
        choice_ui(ui, "Collection", &mut n.collection, &names, String::clone);
    });
    let shown: &[u32] = view.shown.as_ref().map_or(&[], |s| s.2.as_slice());
    let total = rows.rows.len();
    let count = match (shown.len(), total) {
        (_, 0) => "No highlights yet: select text in the reader and choose a colour.".to_string(),
        (s, t) if s == t => hotline::numbers::counted(t, ("highlight", "highlights")),
        (s, t) => format!("{} of {} highlights", grouped(s), grouped(t)),
    };
    ui.label(egui::RichText::new(count).small().color(theme::muted(ui)));
    ui.separator();
    let row_height = 64.0;
    egui::ScrollArea::vertical().auto_shrink(false).show_rows(
        ui,
        row_height,
        shown.len(),
        |ui, range| {
            for &i in &shown[range] {
                if let Some(row) = rows.rows.get(i as usize) {
                    row_ui(ui, row, row_height, queue);
                }
            }
        },
    );
}

/// The distinct values, sorted.
fn distinct<T: Ord>(values: impl Iterator<Item = T>) -> Vec<T> {
    let mut v: Vec<T> = values.collect();
    v.sort();
    v.dedup();
    v
}

/// A drop-down of `choices` with "Any" first.
fn choice_ui<T: Clone + PartialEq>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut Option<T>,
    choices: &[T],
    name: impl Fn(&T) -> String,
) {
    let shown = value.as_ref().map_or_else(
        || format!("{label}: any"),
        |v| format!("{label}: {}", name(v)),
    );
    let combo = egui::ComboBox::from_id_salt(("highlights", label))
        .selected_text(&shown)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, "Any");
            for c in choices {
                ui.selectable_value(value, Some(c.clone()), name(c));
            }
        });
    combo.response.accessible_name(shown);
}

fn row_ui(ui: &mut egui::Ui, row: &Row, height: f32, queue: &mut Vec<Command>) {
    let h = &row.highlight;
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::click());
    let quote = h
        .anchor
        .quote
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut label = format!("“{quote}”");
    if !h.note.trim().is_empty() {
        label.push_str(&format!(" — {}", h.note.trim()));
    }
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
    if !ui.is_rect_visible(rect) {
        return;
    }
    let visuals = ui.visuals();
    if response.hovered() {
        ui.painter()
            .rect_filled(rect, 4.0, visuals.widgets.hovered.weak_bg_fill);
    }
    let bar = egui::Rect::from_min_size(
        rect.min + egui::vec2(2.0, 6.0),
        egui::vec2(4.0, height - 12.0),
    );
    ui.painter()
        .rect_filled(bar, 2.0, theme::highlight(ui, h.colour));
    let inner = rect
        .shrink2(egui::vec2(14.0, 6.0))
        .translate(egui::vec2(4.0, 0.0));
    let mut job = egui::text::LayoutJob::default();
    let serif = egui::FontId::new(14.0, theme::serif());
    job.append(
        &format!("“{quote}”"),
        0.0,
        egui::TextFormat::simple(serif, theme::ink(ui)),
    );
    if !h.note.trim().is_empty() {
        let note = egui::FontId::new(13.0, theme::serif_italic());
        job.append(
            &format!("  {}", h.note.trim()),
            0.0,
            egui::TextFormat::simple(note, theme::muted(ui)),
        );
    }
    job.wrap.max_width = inner.width();
    job.wrap.max_rows = 2;
    let galley = ui.ctx().fonts_mut(|f| f.layout_job(job));
    ui.painter().galley(inner.min, galley, theme::ink(ui));
    let mut source = row.title.clone();
    if let Some(a) = &row.author {
        source.push_str(&format!(" · {a}"));
    }
    if let Some(y) = row.year {
        source.push_str(&format!(" · {y}"));
    }
    if row.entry.is_none() {
        source.push_str(" · not in the folders open now");
    }
    ui.painter().text(
        egui::pos2(inner.left(), inner.bottom()),
        egui::Align2::LEFT_BOTTOM,
        source,
        egui::FontId::proportional(11.5),
        theme::muted(ui),
    );
    if response.clicked()
        && let Some(ix) = row.entry
    {
        queue.push(Command::ShowHighlight(ix, h.id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hotline::db::Anchor;

    #[test]
    fn many_highlights_are_made_into_rows_a_share_per_frame() {
        let archive = Archive::new(Vec::new(), Vec::new());
        let mut memory = Memory::default();
        for i in 0..ROWS_PER_FRAME + 5 {
            let a = Anchor {
                quote: format!("passage {i}"),
                prefix: String::new(),
                suffix: String::new(),
                start: 0,
                end: 9,
                text_hash: 0,
            };
            memory.add_highlight(&format!("e{}", i % 7), a, Colour::Blue);
        }
        let mut view = HighlightsView::default();
        view.refresh(&memory, &archive);
        let total = ROWS_PER_FRAME + 5;
        assert_eq!(view.progress(&memory), Some((ROWS_PER_FRAME, total)));
        assert_eq!(view.shown.as_ref().map(|s| s.2.len()), None);
        view.refresh(&memory, &archive);
        assert_eq!(view.progress(&memory), None);
        assert_eq!(view.shown.as_ref().map(|s| s.2.len()), Some(total));
        view.narrowing.query = "passage 10004".into();
        view.refresh(&memory, &archive);
        assert_eq!(view.shown.as_ref().map(|s| s.2.len()), Some(1));
    }
}
