//! The sidebar: Library (everything), Authors with counts ("Unknown author"
//! last), the reader's Collections, Tags with counts (when the archive has
//! any) and the Timeline of years → months with counts ("Undated" last).
//!
//! Counts follow the other filters: author counts are taken under the filter
//! without its author part, tag counts without its tags, timeline counts
//! without its dates (all computed in `answer.rs`). Clicking narrows the
//! list; clicking the current choice again widens it; Ctrl+click adds
//! another author or tag. An author's double click or context menu opens
//! their page.

use super::answer::Counts;
use super::command::Command;
use super::period::{is_period, period_label, toggle_period, toggle_undated};
use super::theme;
use hotline::numbers::grouped;
use hotline::{AuthorSel, Filter, Period};
use std::collections::BTreeSet;

/// What the sidebar draws.
pub struct Facets<'a> {
    pub filter: &'a Filter,
    /// What "All entries" counts: the search's matches, or the archive.
    pub total: usize,
    pub counts: &'a Counts,
    /// Each collection and its entries under the other filters.
    pub collections: &'a [(String, usize)],
    /// The highlights row: what it says, how many it counts (all of
    /// them, or those holding the search's words) and what a click does.
    pub highlights: Option<(String, usize, Command)>,
}

/// The whole sidebar; `expanded` holds the years whose months show.
pub fn sidebar_ui(
    ui: &mut egui::Ui,
    facets: &Facets<'_>,
    expanded: &mut BTreeSet<i32>,
    queue: &mut Vec<Command>,
) {
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.add_space(6.0);
            section_title_ui(ui, "Library");
            let all = facet_row_ui(ui, "All entries", facets.total, facets.filter.is_empty());
            if all.clicked() {
                queue.push(Command::ClearFilter);
            }
            if let Some((label, n, command)) = &facets.highlights {
                let row = facet_row_ui(ui, label, *n, false)
                    .on_hover_text(Command::ToggleHighlights.hover_text(ui.ctx()));
                if row.clicked() {
                    queue.push(command.clone());
                }
            }
            // A heading with nothing under it is left out.
            if !facets.counts.authors.is_empty() {
                ui.add_space(10.0);
                section_title_ui(ui, "Authors");
                authors_ui(ui, facets, queue);
            }
            ui.add_space(10.0);
            section_title_ui(ui, "Collections");
            let counts = facets.collections;
            super::collections::sidebar_ui(ui, facets.filter, counts, queue);
            if !facets.counts.tags.is_empty() {
                ui.add_space(10.0);
                section_title_ui(ui, "Tags");
                tags_ui(ui, facets, queue);
            }
            if !facets.counts.years.is_empty() {
                ui.add_space(10.0);
                section_title_ui(ui, "Timeline");
                timeline_tree_ui(ui, facets, expanded, queue);
            }
            ui.add_space(10.0);
        });
}

fn section_title_ui(ui: &mut egui::Ui, title: &str) {
    ui.label(
        egui::RichText::new(title.to_uppercase())
            .small()
            .strong()
            .color(theme::muted(ui)),
    );
}

fn authors_ui(ui: &mut egui::Ui, facets: &Facets<'_>, queue: &mut Vec<Command>) {
    let filter = facets.filter;
    let ctrl = ui.input(|i| i.modifiers.command);
    for (name, n) in &facets.counts.authors {
        let sel = match name {
            Some(name) => AuthorSel::Named(name.clone()),
            None => AuthorSel::Unknown,
        };
        let label = name.as_deref().unwrap_or("Unknown author");
        let on = filter.authors.contains(&sel);
        let row = facet_row_ui(ui, label, *n, on);
        // The author's page: a double click, or the row's context menu.
        if let Some(name) = name {
            let page = Command::OpenAuthor(name.clone());
            if row.double_clicked() {
                queue.push(page.clone());
            }
            row.context_menu(|ui| crate::gui::command::menu_item_ui(ui, page, queue));
        }
        if row.clicked() {
            let mut f = filter.clone();
            if on {
                f.authors.retain(|a| *a != sel);
            } else if ctrl {
                f.authors.push(sel);
            } else {
                f.authors = vec![sel];
            }
            queue.push(Command::SetFilter(f));
        }
    }
}

/// The most tags listed before "Show all": an archive of blog exports
/// may carry thousands.
const TAGS_SHOWN: usize = 30;

fn tags_ui(ui: &mut egui::Ui, facets: &Facets<'_>, queue: &mut Vec<Command>) {
    let filter = facets.filter;
    let ctrl = ui.input(|i| i.modifiers.command);
    let id = egui::Id::unique("hotline-sidebar-all-tags");
    let all = ui.data(|d| d.get_temp::<bool>(id)).unwrap_or(false);
    let same = |a: &String, b: &str| a.to_lowercase() == b.to_lowercase();
    let counts = &facets.counts.tags;
    // Chosen tags stay in view even when they rank below the cut.
    let shown = counts.iter().enumerate().filter(|(i, (name, _))| {
        all || *i < TAGS_SHOWN || filter.tags.iter().any(|t| same(t, name))
    });
    for (_, (name, n)) in shown {
        let on = filter.tags.iter().any(|t| same(t, name));
        if facet_row_ui(ui, name, *n, on).clicked() {
            let mut f = filter.clone();
            if on {
                f.tags.retain(|t| !same(t, name));
            } else if ctrl {
                f.tags.push(name.clone());
            } else {
                f.tags = vec![name.clone()];
            }
            queue.push(Command::SetFilter(f));
        }
    }
    if counts.len() > TAGS_SHOWN {
        let label = if all {
            "Show fewer tags".to_string()
        } else {
            format!("Show all {} tags", grouped(counts.len()))
        };
        if ui.link(label).clicked() {
            ui.data_mut(|d| d.insert_temp(id, !all));
        }
    }
}

fn timeline_tree_ui(
    ui: &mut egui::Ui,
    facets: &Facets<'_>,
    expanded_years: &mut BTreeSet<i32>,
    queue: &mut Vec<Command>,
) {
    let filter = facets.filter;
    for (period, n) in &facets.counts.years {
        let Some(year) = period else {
            if facet_row_ui(ui, "Undated", *n, filter.undated).clicked() {
                queue.push(Command::SetFilter(toggle_undated(filter)));
            }
            continue;
        };
        let Period::Year(y) = *year else { continue };
        let expanded = expanded_years.contains(&y);
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 2.0;
            if expand_arrow_ui(ui, expanded, y).clicked() && !expanded_years.remove(&y) {
                expanded_years.insert(y);
            }
            if facet_row_ui(ui, &y.to_string(), *n, is_period(filter, *year)).clicked() {
                queue.push(Command::SetFilter(toggle_period(filter, *year)));
            }
        });
        if expanded {
            let months = facets
                .counts
                .months
                .iter()
                .filter_map(|(p, n)| p.map(|p| (p, *n)))
                .filter(|(p, _)| matches!(p, Period::Month(py, _) if *py == y));
            for (month, n) in months {
                ui.horizontal(|ui| {
                    ui.add_space(22.0);
                    let on = is_period(filter, month);
                    if facet_row_ui(ui, &period_label(month), n, on).clicked() {
                        queue.push(Command::SetFilter(toggle_period(filter, month)));
                    }
                });
            }
        }
    }
}

/// The arrow before a year: pointing right when its months are hidden,
/// down when they show (drawn: the bundled fonts have no triangles).
fn expand_arrow_ui(ui: &mut egui::Ui, expanded: bool, year: i32) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(egui::vec2(16.0, 20.0), egui::Sense::click());
    let what = match expanded {
        true => format!("Hide the months of {year}"),
        false => format!("Show the months of {year}"),
    };
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &what));
    let color = match response.hovered() {
        true => ui.visuals().strong_text_color(),
        false => theme::muted(ui),
    };
    let c = rect.center();
    let points = match expanded {
        true => vec![
            c + egui::vec2(-4.0, -2.0),
            c + egui::vec2(4.0, -2.0),
            c + egui::vec2(0.0, 3.0),
        ],
        false => vec![
            c + egui::vec2(-2.0, -4.0),
            c + egui::vec2(3.0, 0.0),
            c + egui::vec2(-2.0, 4.0),
        ],
    };
    ui.painter().add(egui::Shape::convex_polygon(
        points,
        color,
        egui::Stroke::NONE,
    ));
    response.on_hover_text(what)
}

/// A full-width row: a label on the left and a muted count on the right.
/// Its accessible name is "label (count)".
pub(super) fn facet_row_ui(
    ui: &mut egui::Ui,
    label: &str,
    count: usize,
    selected: bool,
) -> egui::Response {
    let height = ui.spacing().interact_size.y + 2.0;
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), height),
        egui::Sense::click(),
    );
    let name = format!("{label} ({count})");
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &name));
    if ui.is_rect_visible(rect) {
        let visuals = ui.visuals();
        let fill = if selected {
            Some(visuals.selection.bg_fill)
        } else if response.hovered() {
            Some(visuals.widgets.hovered.weak_bg_fill)
        } else {
            None
        };
        if let Some(fill) = fill {
            ui.painter().rect_filled(rect, 5.0, fill);
        }
        let text_color = if selected {
            visuals.strong_text_color()
        } else {
            visuals.text_color()
        };
        let font = egui::TextStyle::Body.resolve(ui.style());
        let count_text = grouped(count);
        let count_galley = ui.painter().layout_no_wrap(
            count_text,
            egui::FontId::proportional(12.0),
            theme::muted(ui),
        );
        let label_width = rect.width() - count_galley.size().x - 24.0;
        let mut job = egui::text::LayoutJob::simple_singleline(label.to_string(), font, text_color);
        job.wrap = egui::text::TextWrapping::truncate_at_width(label_width.max(10.0));
        let galley = ui.painter().layout_job(job);
        let y = rect.center().y;
        ui.painter().galley(
            egui::pos2(rect.left() + 8.0, y - galley.size().y / 2.0),
            galley,
            text_color,
        );
        let count_pos = egui::pos2(
            rect.right() - 8.0 - count_galley.size().x,
            y - count_galley.size().y / 2.0,
        );
        ui.painter().galley(count_pos, count_galley, text_color);
    }
    response
}
