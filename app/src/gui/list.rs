//! The entry list: an egui_extras table whose body lays out only the
//! visible rows (`body.rows`), so 100,000 entries scroll smoothly.
//!
//! Each row has a selection checkbox (Shift-click selects a range) and the
//! entry: title with an "excerpt" badge, then author, date, words and
//! reading time. The header sorts by date, title, author or length.
//! While the list shows one collection in its own order, a row dragged
//! onto another takes its place in the collection.

use super::command::Command;
use super::selection::Selection;
use super::state::{CollectionOrder, HitsOrder};
use super::{search, theme};
use egui_extras::{Column, TableBuilder};
use hotline::numbers::grouped;
use hotline::search::Snippet;
use hotline::sort::{Sort, SortKey};
use hotline::{Archive, Entry, Kind};
use std::collections::HashMap;

/// The list's order as the toolbar shows it.
#[derive(Clone, Copy)]
pub struct Order {
    pub sort: Sort,
    /// How a search's hits are ordered (`None`: no search).
    pub hits: Option<HitsOrder>,
    /// How the one collection listed is ordered (`None`: not one
    /// collection, or a search).
    pub collection: Option<CollectionOrder>,
}

/// What the list draws.
pub struct ListView<'a> {
    pub order: Order,
    pub archive: &'a Archive,
    /// Canonical indexes of the shown entries, in list order.
    pub rows: &'a [u32],
    pub selection: &'a Selection,
    /// The keyboard cursor and the entry in the reader.
    pub cursor: Option<u32>,
    pub open: Option<u32>,
    pub search: ListSearch<'a>,
    /// Scroll the cursor's row into view this frame.
    pub reveal_cursor: bool,
    /// While the archive to show loads: how far it is ("Loading 61,000 of
    /// 100,000 files…"), said above the rows (or in their place).
    pub loading: Option<&'a str>,
}

/// Whether dragging a row reorders what the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reorder {
    /// The rows are in an order the list makes (a sort or a search).
    Fixed,
    /// The rows are one collection in its own order, which drags change.
    Collection,
}

/// The entry (a canonical index) a drag in the list carries.
struct Dragged(u32);

/// The search the rows answer, if any.
pub enum ListSearch<'a> {
    None,
    /// A query is typed and its answer is on its way.
    Waiting,
    /// The rows are hits; their snippets so far, by canonical index.
    Answered(&'a HashMap<u32, Snippet>),
}

const ROW_HEIGHT: f32 = 50.0;
/// Rows of search hits have room for the snippet.
const HIT_ROW_HEIGHT: f32 = 70.0;

/// Toolbar (sorting, select all / clear) and the table. Returns the hits
/// shown without a snippet yet (beyond the answer's first page), for the
/// caller to ask the index for.
pub fn list_ui(ui: &mut egui::Ui, list: &ListView<'_>, queue: &mut Vec<Command>) -> Vec<u32> {
    egui::Frame::new()
        .inner_margin(egui::Margin::symmetric(12, 4))
        .show(ui, |ui| {
            toolbar_ui(ui, list.order, queue);
            if let Some(line) = list.loading {
                loading_line_ui(ui, line);
            }
        });
    if list.rows.is_empty() {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| empty_ui(ui, list, queue));
        return Vec::new();
    }
    table_ui(ui, list, queue)
}

/// A spinner and how far the load is.
fn loading_line_ui(ui: &mut egui::Ui, line: &str) {
    ui.horizontal(|ui| {
        ui.spinner();
        ui.add(egui::Label::new(egui::RichText::new(line).color(theme::muted(ui))).truncate());
    });
}

/// Why no row is shown. That the filters exclude everything is said only
/// of a loaded archive: while the first one loads, the loading line above
/// says all there is to say.
fn empty_ui(ui: &mut egui::Ui, list: &ListView<'_>, queue: &mut Vec<Command>) {
    let searching = match list.search {
        ListSearch::None => None,
        ListSearch::Waiting => Some("Searching…"),
        ListSearch::Answered(_) => Some("No entries match this search."),
    };
    if let Some(text) = searching {
        ui.label(egui::RichText::new(text).color(theme::muted(ui)));
        return;
    }
    if list.archive.is_empty() {
        if list.loading.is_none() {
            ui.label(egui::RichText::new("No archive is loaded.").color(theme::muted(ui)));
            let open = Command::OpenFolderDialog;
            if ui.button(open.label()).clicked() {
                queue.push(open);
            }
        }
        return;
    }
    ui.label(egui::RichText::new("No entries match these filters.").color(theme::muted(ui)));
    if ui.button("Clear all filters").clicked() {
        queue.push(Command::ClearFilter);
    }
}

fn toolbar_ui(ui: &mut egui::Ui, order: Order, queue: &mut Vec<Command>) {
    let Order {
        sort,
        hits,
        collection,
    } = order;
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new("Sort").color(theme::muted(ui)));
        if let Some(hits) = hits {
            let best = Command::SortByRelevance;
            if ui
                .selectable_label(hits == HitsOrder::Relevance, "Relevance")
                .on_hover_text(best.label())
                .clicked()
            {
                queue.push(best);
            }
        }
        if let Some(collection) = collection {
            let own = Command::SortByCollection;
            if ui
                .selectable_label(collection == CollectionOrder::Own, "Own order")
                .on_hover_text(format!("{} (drag a row to move it)", own.label()))
                .clicked()
            {
                queue.push(own);
            }
        }
        let by_key = hits.is_none_or(|h| h == HitsOrder::Sorted)
            && collection.is_none_or(|c| c == CollectionOrder::Sorted);
        for key in SortKey::ALL {
            let current = by_key && sort.key == key;
            // The arrow says which way the current key runs.
            let arrow = match (current, sort.descending) {
                (false, _) => "",
                (true, false) => " ↑",
                (true, true) => " ↓",
            };
            let label = format!("{}{arrow}", capitalized(key.as_str()));
            let hover = Command::SortBy(key).label();
            if ui
                .selectable_label(current, label)
                .on_hover_text(format!("{hover} (again to reverse)"))
                .clicked()
            {
                queue.push(Command::SortBy(key));
            }
        }
    });
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new("Selection").color(theme::muted(ui)));
        {
            for c in [Command::SelectAllShown, Command::ClearSelection] {
                if ui.small_button(c.label()).clicked() {
                    queue.push(c);
                }
            }
        }
    });
}

fn table_ui(ui: &mut egui::Ui, list: &ListView<'_>, queue: &mut Vec<Command>) -> Vec<u32> {
    let shift = ui.input(|i| i.modifiers.shift);
    let reorder = match list.order.collection {
        Some(CollectionOrder::Own) => Reorder::Collection,
        Some(CollectionOrder::Sorted) | None => Reorder::Fixed,
    };
    let mut table = TableBuilder::new(ui)
        .id_salt("entries")
        .striped(false)
        .auto_shrink(false)
        .column(Column::exact(28.0))
        .column(Column::remainder().clip(true));
    if list.reveal_cursor
        && let Some(pos) = list
            .cursor
            .and_then(|ix| list.rows.iter().position(|&r| r == ix))
    {
        table = table.scroll_to_row(pos, None);
    }
    let ListView {
        archive,
        rows,
        selection,
        cursor,
        open,
        ..
    } = list;
    let snippets = match list.search {
        ListSearch::Answered(s) => Some(s),
        ListSearch::None | ListSearch::Waiting => None,
    };
    let height = if snippets.is_some() {
        HIT_ROW_HEIGHT
    } else {
        ROW_HEIGHT
    };
    // Hits shown without a snippet yet (beyond the first page).
    let mut missing = Vec::new();
    table.body(|body| {
        body.rows(height, rows.len(), |mut row| {
            let ix = rows[row.index()];
            let Some(entry) = archive.get(ix) else { return };
            if snippets.is_some_and(|s| !s.contains_key(&ix)) {
                missing.push(ix);
            }
            row.set_selected(*open == Some(ix));
            row.col(|ui| {
                let mut checked = selection.contains(ix);
                let r = ui.checkbox(&mut checked, "");
                let name = format!("Select {}", entry.title);
                r.widget_info(|| {
                    egui::WidgetInfo::selected(egui::Role::CheckBox, true, checked, &name)
                });
                if r.clicked() {
                    queue.push(if shift {
                        Command::SelectRangeTo(ix)
                    } else {
                        Command::ToggleSelection(ix)
                    });
                }
            });
            let at = row.index();
            row.col(|ui| {
                let snippet = snippets.and_then(|s| s.get(&ix));
                let cell = entry_cell_ui(ui, entry, snippet, *cursor == Some(ix), reorder);
                if cell.clicked() {
                    queue.push(Command::Open(ix));
                }
                if reorder == Reorder::Collection {
                    drag_ui(
                        ui,
                        &cell,
                        (ix, &entry.title),
                        rows.get(at + 1).copied(),
                        queue,
                    );
                }
            });
        });
    });
    missing
}

/// A row of a collection's own order as a drag source and a drop target:
/// the dragged entry's title follows the pointer, a line shows where it
/// would go (before this row, or before `next` in its lower half), and a
/// drop there places it.
fn drag_ui(
    ui: &egui::Ui,
    cell: &egui::Response,
    (ix, title): (u32, &str),
    next: Option<u32>,
    queue: &mut Vec<Command>,
) {
    cell.dnd_set_drag_payload(Dragged(ix));
    if cell.dragged() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Grabbing);
        if let Some(pointer) = ui.ctx().pointer_interact_pos() {
            egui::Area::new(egui::Id::unique("hotline-dragged-entry"))
                .order(egui::Order::Tooltip)
                .fixed_pos(pointer + egui::vec2(12.0, 4.0))
                .interactable(false)
                .show(ui.ctx(), |ui| {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.add(egui::Label::new(title).truncate());
                    });
                });
        }
    }
    let Some(pointer) = ui.ctx().pointer_interact_pos() else {
        return;
    };
    let rect = cell.rect;
    let upper = pointer.y < rect.center().y;
    if cell.dnd_hover_payload::<Dragged>().is_some() {
        let y = match upper {
            true => rect.top() + 1.0,
            false => rect.bottom() - 1.0,
        };
        ui.painter()
            .hline(rect.x_range(), y, (2.0, theme::accent(ui)));
    }
    if let Some(dragged) = cell.dnd_release_payload::<Dragged>() {
        let before = match upper {
            true => Some(ix),
            false => next,
        };
        if before != Some(dragged.0) {
            queue.push(Command::PlaceInCollection(dragged.0, before));
        }
    }
}

/// Title (with badge) over a muted line of author, date and length, and
/// for search hits the snippet with its highlights.
fn entry_cell_ui(
    ui: &mut egui::Ui,
    entry: &Entry,
    snippet: Option<&Snippet>,
    is_cursor: bool,
    reorder: Reorder,
) -> egui::Response {
    let rect = ui.max_rect();
    let sense = match reorder {
        Reorder::Fixed => egui::Sense::click(),
        Reorder::Collection => egui::Sense::click_and_drag(),
    };
    let response = ui.interact(rect, ui.scope_id().with("cell"), sense);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &entry.title));
    if !ui.is_rect_visible(rect) {
        return response;
    }
    let painter = ui.painter_at(rect);
    if is_cursor {
        // As plain as the open entry's highlight: a tint, an outline and
        // the accent bar.
        let accent = theme::accent(ui);
        let row = rect.shrink2(egui::vec2(1.0, 2.0));
        painter.rect_filled(row, 4.0, accent.gamma_multiply(0.12));
        painter.rect_stroke(row, 4.0, (1.5, accent), egui::StrokeKind::Inside);
        let bar = egui::Rect::from_min_size(rect.left_top(), egui::vec2(3.0, rect.height()));
        painter.rect_filled(bar.shrink2(egui::vec2(0.0, 6.0)), 1.5, accent);
    }
    let visuals = ui.visuals();
    let left = rect.left() + 8.0;
    let mut badge_width = 0.0;
    if entry.kind == Kind::Excerpt {
        let g = painter.layout_no_wrap(
            "excerpt".into(),
            egui::FontId::proportional(10.5),
            visuals.warn_fg_color,
        );
        let size = g.size() + egui::vec2(10.0, 2.0);
        let at = egui::pos2(rect.right() - size.x - 8.0, rect.top() + 8.0);
        let badge = egui::Rect::from_min_size(at, size);
        painter.rect_stroke(
            badge,
            7.0,
            (1.0, visuals.warn_fg_color),
            egui::StrokeKind::Inside,
        );
        painter.galley(at + egui::vec2(5.0, 1.0), g, visuals.warn_fg_color);
        badge_width = size.x + 12.0;
    }
    let title_width = (rect.width() - 16.0 - badge_width).max(20.0);
    let title_font = egui::FontId::proportional(14.5);
    let mut job = egui::text::LayoutJob::simple_singleline(
        entry.title.clone(),
        title_font,
        visuals.strong_text_color(),
    );
    job.wrap = egui::text::TextWrapping::truncate_at_width(title_width);
    painter.galley(
        egui::pos2(left, rect.top() + 6.0),
        painter.layout_job(job),
        visuals.text_color(),
    );
    let meta = meta_line(entry);
    let mut job = egui::text::LayoutJob::simple_singleline(
        meta,
        egui::FontId::proportional(12.0),
        theme::muted(ui),
    );
    job.wrap = egui::text::TextWrapping::truncate_at_width(rect.width() - 16.0);
    painter.galley(
        egui::pos2(left, rect.top() + 27.0),
        painter.layout_job(job),
        visuals.text_color(),
    );
    if let Some(snippet) = snippet {
        let job = search::snippet_job(ui, snippet, rect.width() - 16.0);
        painter.galley(
            egui::pos2(left, rect.top() + 46.0),
            painter.layout_job(job),
            visuals.text_color(),
        );
    }
    response
}

/// "Jane Doe · 24 Mar 2007 · 1,204 words · 6 min".
pub fn meta_line(e: &Entry) -> String {
    let author = e.author.as_deref().unwrap_or("Unknown author");
    let date = e.date.map_or_else(
        || "Undated".to_string(),
        |d| d.format("%-d %b %Y").to_string(),
    );
    format!(
        "{author}  ·  {date}  ·  {} words  ·  {} min",
        grouped(e.words as usize),
        e.reading_minutes()
    )
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
