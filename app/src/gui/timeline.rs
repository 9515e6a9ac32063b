//! The timeline above the list: entries over time under the current filter
//! without its dates (with an author chosen, that author's timeline; with
//! a search on show, its matches against the archive's entries, which
//! answers "when did the archive talk about this").
//!
//! The header picks the bar size (chosen from the span and the width
//! unless the reader fixes one that fits), counts or shares with a search,
//! and zooms back out to the whole span. The plot (`timeline_plot`) draws
//! the bars on a time axis and takes clicks, drags and keys. The row under
//! it names the chosen dates, zooms into them and clears them.

use super::command::Command;
use super::period::{range_label, with_range};
use super::theme;
use super::timeline_bars::Measure;
use super::timeline_keys::{arrows, keys_hint};
use super::timeline_plot::{self, Pick, Plot, PlotRuntime};
use hotline::bins::{Room, choose};
use hotline::{BinChoice, DayCounts, Filter, Granularity, Span};

/// The thinnest bar, in points, that can still be told from its
/// neighbours: a size the reader chose is kept down to it.
const THINNEST_BAR: f32 = 3.0;
/// The bar width an automatic choice keeps to at the least.
const COMFORTABLE_BAR: f32 = 8.0;

/// Chart state kept between frames.
#[derive(Debug, Default)]
pub struct ChartRuntime {
    /// The days the axis is narrowed to; `None` for the whole span.
    pub zoom: Option<Span>,
    /// What the bars measure when a search is on show.
    pub measure: Measure,
    pub plot: PlotRuntime,
}

/// What the chart draws.
pub struct Timeline<'a> {
    pub filter: &'a Filter,
    /// The reader's bar size.
    pub bins: BinChoice,
    /// Entries by day under the filter without its dates: the search's
    /// matches when one is on show.
    pub shown: &'a DayCounts,
    /// With a search on show: the archive's entries by day under the same
    /// filter, matching or not, drawn behind the matches.
    pub totals: Option<&'a DayCounts>,
}

/// The size chosen for the view and what it was chosen from.
struct Sizing {
    view: Span,
    room: Room,
    by: Granularity,
}

/// The chart with its header (bar size, counts or share, whole span) and
/// its range row (the chosen dates, zoom in, clear).
pub fn timeline_ui(
    ui: &mut egui::Ui,
    state: &Timeline<'_>,
    chart: &mut ChartRuntime,
    queue: &mut Vec<Command>,
) {
    egui::Frame::new()
        .inner_margin(egui::Margin::symmetric(12, 8))
        .show(ui, |ui| {
            let Some(whole) = state.totals.unwrap_or(state.shown).span() else {
                ui.label(egui::RichText::new("Timeline").strong());
                ui.label(egui::RichText::new("No dated entries here.").color(theme::muted(ui)));
                return;
            };
            let view = chart.zoom.unwrap_or(whole);
            let room = room_for(ui.available_width());
            let by = choose(view, room, state.bins);
            let sizing = Sizing { view, room, by };
            header_ui(ui, state, &sizing, chart, queue);
            let bins = state.shown.bins(by, view);
            let totals = state.totals.map(|t| t.bins(by, view));
            let chosen = chosen_span(state.filter, whole);
            let plot = Plot {
                bins: &bins,
                totals: totals.as_ref(),
                measure: chart.measure,
                chosen,
            };
            let picked = timeline_plot::plot_ui(ui, &plot, &mut chart.plot);
            let asked = range_ui(ui, state.filter, chosen, chart, queue);
            match picked.or(asked) {
                Some(Pick::Range(first, last)) => {
                    queue.push(Command::SetFilter(with_range(state.filter, first, last)));
                }
                Some(Pick::ZoomIn) => chart.zoom = chosen.or(chart.zoom),
                Some(Pick::ZoomOut) => chart.zoom = None,
                None => {}
            }
        });
    ui.separator();
}

/// How many bars fit in `width` points.
pub(super) fn room_for(width: f32) -> Room {
    Room {
        most: (width / THINNEST_BAR).max(1.0) as usize,
        comfortable: (width / COMFORTABLE_BAR).max(1.0) as usize,
    }
}

/// The filter's date range on the axis (an open end reaches the end of the
/// whole span); `None` when it has none or keeps only undated entries.
fn chosen_span(filter: &Filter, whole: Span) -> Option<Span> {
    if filter.undated || (filter.from.is_none() && filter.to.is_none()) {
        return None;
    }
    let first = filter.from.unwrap_or(whole.first);
    let last = filter.to.unwrap_or(whole.last);
    Some(Span::new(first, last))
}

/// "Timeline", the bar size, counts or share (with a search), and the way
/// back to the whole span when zoomed in. Wraps rather than overlaps on a
/// narrow list.
fn header_ui(
    ui: &mut egui::Ui,
    state: &Timeline<'_>,
    sizing: &Sizing,
    chart: &mut ChartRuntime,
    queue: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new("Timeline").strong());
        bins_ui(ui, state.bins, sizing, queue);
        if state.totals.is_some() {
            ui.separator();
            for (m, label, hover) in [
                (Measure::Counts, "Counts", "Bar height: matching entries"),
                (
                    Measure::Share,
                    "Share",
                    "Bar height: the matching share of each period's entries",
                ),
            ] {
                let button = ui.selectable_label(chart.measure == m, label);
                if button.on_hover_text(hover).clicked() {
                    chart.measure = m;
                }
            }
        }
        if chart.zoom.is_some() {
            ui.separator();
            let whole = ui
                .small_button("Whole span")
                .on_hover_text("Show every date on the axis again (- on the chart)");
            if whole.clicked() {
                chart.zoom = None;
            }
        }
    });
}

/// The bar size menu: the size in use, and every size whose bars fit the
/// width (the others are greyed, with why).
fn bins_ui(ui: &mut egui::Ui, choice: BinChoice, sizing: &Sizing, queue: &mut Vec<Command>) {
    let shown = match choice {
        BinChoice::Auto => format!("Auto: {}", by_label(sizing.by).to_lowercase()),
        BinChoice::Fixed(_) => by_label(sizing.by),
    };
    let combo = egui::ComboBox::from_id_salt("timeline_bins")
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for c in BinChoice::ALL {
                let fits = match c {
                    BinChoice::Auto => true,
                    BinChoice::Fixed(g) => choose(sizing.view, sizing.room, c) == g,
                };
                let button = egui::Button::selectable(choice == c, Command::SetBins(c).label());
                let response = ui
                    .add_enabled(fits, button)
                    .on_disabled_hover_text("Too many bars for this width: zoom in first");
                if response.clicked() {
                    queue.push(Command::SetBins(c));
                }
            }
        });
    let combo = combo.response.accessible_name("Bar size");
    if let BinChoice::Fixed(g) = choice
        && g != sizing.by
    {
        combo.on_hover_text(format!("{} do not fit this width", plural(g)));
    }
}

/// "By month".
fn by_label(by: Granularity) -> String {
    Command::SetBins(BinChoice::Fixed(by)).label()
}

/// "Months".
fn plural(by: Granularity) -> &'static str {
    match by {
        Granularity::Decade => "Decades",
        Granularity::Year => "Years",
        Granularity::Quarter => "Quarters",
        Granularity::Month => "Months",
        Granularity::Week => "Weeks",
        Granularity::Day => "Days",
    }
}

/// The chosen dates in words with Zoom in and Clear dates, or how to
/// choose some. The row's height depends only on the dates: a row that
/// came and went with the plot's focus would move the buttons under the
/// pointer. Returns a zoom asked for.
fn range_ui(
    ui: &mut egui::Ui,
    filter: &Filter,
    chosen: Option<Span>,
    chart: &ChartRuntime,
    queue: &mut Vec<Command>,
) -> Option<Pick> {
    let mut asked = None;
    ui.horizontal_wrapped(|ui| {
        let Some(range) = range_label(filter) else {
            let hint = format!(
                "Click or drag across the bars to choose dates ({} on the chart)",
                arrows(ui.ctx())
            );
            let hint = ui.label(egui::RichText::new(hint).small().color(theme::muted(ui)));
            hint.on_hover_text(keys_hint(ui.ctx()));
            return;
        };
        let dates = egui::RichText::new(format!("Dates: {range}")).color(theme::accent(ui));
        ui.label(dates).on_hover_text(keys_hint(ui.ctx()));
        if chosen.is_some() && chart.zoom != chosen {
            let zoom_in = ui
                .small_button("Zoom in")
                .on_hover_text("Narrow the axis to these dates (+ on the chart)");
            if zoom_in.clicked() {
                asked = Some(Pick::ZoomIn);
            }
        }
        let clear = ui
            .small_button("Clear dates")
            .on_hover_text("Show every date again");
        if clear.clicked() {
            queue.push(Command::SetFilter(filter.without_dates()));
        }
    });
    asked
}
