//! The Trends window: up to five terms (each a query in the search
//! syntax), a line each over the archive's time span, as counts of
//! matching entries or as their share of each period's entries, with a
//! legend naming each term and its total.
//!
//! The counts come from the index thread ([`SearchRuntime::ask_trends`]):
//! the terms are sent when they, the filter or the archive change, and the
//! newest answer stays on show until the next one arrives, so typing never
//! waits for the index. They follow the sidebar's filters (an author's
//! trends) except its dates: the axis always spans the filtered archive,
//! and a click on a point narrows the list to that period, which must not
//! narrow the chart as well.

use super::command::Command;
use super::search::SearchRuntime;
use super::theme;
use super::timeline_bars::{Measure, percent};
use super::trends_plot::{self, Chart};
use hotline::numbers::grouped;
use hotline::trends::{MAX_TERMS, TermError, Trends};
use hotline::{BinChoice, Filter};

/// What a set of counts was asked for.
#[derive(Debug, Clone, PartialEq)]
struct Key {
    /// The load generation of the archive counted.
    generation: u64,
    terms: Vec<String>,
    filter: Filter,
}

/// Trends state kept between frames.
#[derive(Debug)]
pub struct TrendsRuntime {
    pub open: bool,
    /// The term fields, one to [`MAX_TERMS`]; a blank one draws nothing.
    pub terms: Vec<String>,
    pub measure: Measure,
    /// What was last asked of the index thread, and the serial its answer
    /// carries.
    asked: Option<(Key, u64)>,
    /// The newest answer and what it was asked for.
    shown: Option<(Key, Trends)>,
}

impl Default for TrendsRuntime {
    fn default() -> TrendsRuntime {
        TrendsRuntime {
            open: false,
            terms: vec![String::new()],
            measure: Measure::Counts,
            asked: None,
            shown: None,
        }
    }
}

impl TrendsRuntime {
    /// Takes in the index thread's answer; while the window is open, asks
    /// again when the terms, the filter or the archive changed.
    pub fn poll(&mut self, search: &mut SearchRuntime, generation: u64, filter: &Filter) {
        if let Some((serial, found)) = search.take_trends()
            && let Some((key, asked)) = &self.asked
            && *asked == serial
        {
            self.shown = Some((key.clone(), found));
        }
        if !self.open {
            return;
        }
        let key = Key {
            generation,
            terms: self.terms.clone(),
            filter: filter.without_dates(),
        };
        if self.asked.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        if let Some(serial) = search.ask_trends(key.terms.clone(), key.filter.clone()) {
            self.asked = Some((key, serial));
        }
    }

    /// Whether the counts on show are those of the terms as they are now.
    /// The terms typed since the last ask count too: they are asked for
    /// only on the next frame.
    pub fn settled(&self) -> bool {
        match (&self.asked, &self.shown) {
            (Some((asked, _)), Some((shown, _))) => asked == shown && shown.terms == self.terms,
            _ => false,
        }
    }

    /// Opens the window on these terms (for screenshots).
    pub fn show_terms(&mut self, terms: &[&str]) {
        self.open = true;
        self.terms = terms
            .iter()
            .take(MAX_TERMS)
            .map(|t| t.to_string())
            .collect();
        if self.terms.is_empty() {
            self.terms.push(String::new());
        }
    }
}

/// The window: the term fields, the counts/share switch, the chart and
/// the legend.
pub fn trends_window_ui(
    ctx: &egui::Context,
    rt: &mut TrendsRuntime,
    bins: BinChoice,
    queue: &mut Vec<Command>,
) {
    let mut open = rt.open;
    let screen = ctx.content_rect();
    let room = screen.size() - egui::vec2(24.0, 60.0);
    let size = egui::vec2(720.0, 440.0).min(room);
    // Centred by its top-left corner: a window pivoted on its centre
    // would move its fields up as the legend grows under them.
    let corner = (screen.center() - size / 2.0).max(egui::pos2(12.0, 40.0));
    egui::Window::new("Trends")
        .open(&mut open)
        .collapsible(false)
        .default_pos(corner)
        .default_size(size)
        .max_size(room)
        .show(ctx, |ui| {
            // A height of its own: one taken from the window's room would
            // grow the window each frame up to its largest size.
            let chart = (room.y - 240.0).clamp(120.0, 280.0);
            body_ui(ui, rt, (bins, chart), queue);
        });
    rt.open &= open;
}

fn body_ui(
    ui: &mut egui::Ui,
    rt: &mut TrendsRuntime,
    (bins, height): (BinChoice, f32),
    queue: &mut Vec<Command>,
) {
    terms_ui(ui, &mut rt.terms);
    ui.horizontal(|ui| {
        for (m, name) in [(Measure::Counts, "Counts"), (Measure::Share, "Share")] {
            let hint = match m {
                Measure::Counts => "Matching entries per period",
                Measure::Share => "Matching entries as a share of the period's entries",
            };
            ui.selectable_value(&mut rt.measure, m, name)
                .on_hover_text(hint);
        }
        if !rt.settled() && rt.terms.iter().any(|t| !t.trim().is_empty()) {
            ui.label(egui::RichText::new("Counting…").color(theme::muted(ui)));
        }
    });
    let Some((key, found)) = &rt.shown else {
        ui.label("Type a word, a \"phrase\" or any search to see how often it occurs over time.");
        return;
    };
    // The fields may have moved on; the answer names its own terms.
    let colours = colours(ui);
    let chart = Chart {
        trends: found,
        colours: &colours,
        measure: rt.measure,
        bins,
        height,
    };
    if let Some((term, period)) = trends_plot::chart_ui(ui, &chart) {
        queue.push(Command::ShowTrendPoint(term, period));
    }
    legend_ui(ui, found, &colours, key.filter.is_empty());
}

/// One field per term, with its colour and a button that removes it, and
/// a button that adds one (up to [`MAX_TERMS`]).
fn terms_ui(ui: &mut egui::Ui, terms: &mut Vec<String>) {
    let colours = colours(ui);
    let mut remove = None;
    // There is always one field: a lone one cannot be removed.
    let removable = terms.len() > 1;
    ui.horizontal_wrapped(|ui| {
        for (i, term) in terms.iter_mut().enumerate() {
            swatch_ui(ui, colours[i % colours.len()]);
            let name = format!("Term {}", i + 1);
            let width = (term.chars().count() as f32 * 7.5 + 16.0).clamp(110.0, 220.0);
            let edit = egui::TextEdit::singleline(term)
                .hint_text(name.as_str())
                .desired_width(width);
            let r = ui.add(edit);
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, &name));
            if removable {
                let label = format!("Remove term {}", i + 1);
                let b = ui.small_button("×").on_hover_text(label.as_str());
                b.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
                if b.clicked() {
                    remove = Some(i);
                }
            }
            ui.add_space(6.0);
        }
    });
    if let Some(i) = remove {
        terms.remove(i);
    }
    if terms.len() < MAX_TERMS && ui.button("Add term").clicked() {
        terms.push(String::new());
    }
}

/// A small square of a line's colour.
fn swatch_ui(ui: &mut egui::Ui, colour: egui::Color32) {
    let (r, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    ui.painter().rect_filled(r, 2.0, colour);
}

/// Per term: its colour, the term and how many entries match it in all
/// (its share of the entries counted, and the undated ones among them);
/// or why it could not be read.
fn legend_ui(ui: &mut egui::Ui, found: &Trends, colours: &[egui::Color32], unfiltered: bool) {
    let all = found.totals.dated() + found.totals.undated();
    for (i, t) in found.terms.iter().enumerate() {
        let text = match &t.matches {
            Err(TermError::Empty) => continue,
            Err(e) => {
                ui.horizontal(|ui| {
                    swatch_ui(ui, colours[i % colours.len()]);
                    let msg = format!("{}: {e}", t.term.trim());
                    ui.label(egui::RichText::new(msg).color(ui.visuals().error_fg_color));
                });
                continue;
            }
            Ok(m) => {
                let n = t.total();
                let of = if unfiltered {
                    "entries"
                } else {
                    "entries shown"
                };
                let mut text = format!(
                    "{}: {} {} ({} of {} {of})",
                    t.term.trim(),
                    grouped(n),
                    if n == 1 { "entry" } else { "entries" },
                    percent(hotline::trends::share(n, all) as f32),
                    grouped(all),
                );
                if m.undated() > 0 {
                    text.push_str(&format!(", {} undated", grouped(m.undated())));
                }
                text
            }
        };
        ui.horizontal(|ui| {
            swatch_ui(ui, colours[i % colours.len()]);
            ui.label(text);
        });
    }
}

/// A colour per term, told apart in either theme (after the Okabe–Ito
/// palette, lighter on a dark background).
pub fn colours(ui: &egui::Ui) -> [egui::Color32; MAX_TERMS] {
    use egui::Color32 as C;
    if ui.visuals().dark_mode {
        [
            C::from_rgb(86, 180, 233),
            C::from_rgb(240, 140, 60),
            C::from_rgb(60, 200, 150),
            C::from_rgb(225, 140, 195),
            C::from_rgb(235, 205, 70),
        ]
    } else {
        [
            C::from_rgb(0, 114, 178),
            C::from_rgb(213, 94, 0),
            C::from_rgb(0, 150, 110),
            C::from_rgb(190, 90, 150),
            C::from_rgb(180, 135, 0),
        ]
    }
}
