//! The timeline's plot: one bar per period on a time axis, so bars stand
//! at their dates and an empty period is a gap. With a search the
//! archive's entries per period stand faintly behind the matches, and the
//! bars show either the matching entries or their share of the period's.
//!
//! Labelled ticks fall on round dates (`hotline::bins::ticks`); the scale's
//! top value is named above the bars. Hovering a period names it with its
//! count; a click chooses it, a drag chooses the periods it crosses, and
//! with the keyboard on the plot ←/→ move the choice, Shift+←/→ stretch it,
//! Home/End jump to the ends, + zooms into it and − back out. The tick
//! labels and the bars are accessible nodes (a bar is named like its
//! tooltip), so a screen reader, and the tests, can find them.

use super::period::{Year, tick_label};
use super::theme;
use super::timeline_bars::{Column, Measure, columns, describe};
use super::timeline_keys::{Keyboard, keys_ui};
use egui::{Pos2, Rect, Sense, pos2, vec2};
use hotline::{Bins, Period, Span};

/// Height of the bars' area.
const BARS_HEIGHT: f32 = 84.0;
/// Room above the bars for the scale's label.
const SCALE_HEIGHT: f32 = 16.0;
/// Height of the tick labels' row.
const TICKS_HEIGHT: f32 = 16.0;
/// Width a tick label needs, with its spacing ("Sep 2007").
const TICK_WIDTH: f32 = 72.0;

/// What the plot draws.
pub struct Plot<'a> {
    /// Entries per period: the search's matches when one is on show.
    pub bins: &'a Bins,
    /// The archive's entries per period (same periods), with a search.
    pub totals: Option<&'a Bins>,
    pub measure: Measure,
    /// The filter's date range, lit on the axis.
    pub chosen: Option<Span>,
}

/// What the reader asked of the plot this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// Choose the days from the first period's start to the last's end.
    Range(Period, Period),
    /// Narrow the axis to the chosen range.
    ZoomIn,
    /// Widen the axis to the whole span.
    ZoomOut,
}

/// Plot state kept between frames.
#[derive(Debug, Default)]
pub struct PlotRuntime {
    /// The period a drag started on.
    drag_from: Option<Period>,
    keyboard: Keyboard,
}

/// Days to points along the axis (the Trends chart's too).
pub(super) struct Axis {
    left: f32,
    width: f32,
    first: i32,
    days: f32,
}

impl Axis {
    pub(super) fn new(rect: Rect, span: Span) -> Axis {
        use chrono::Datelike;
        Axis {
            left: rect.left(),
            width: rect.width(),
            first: span.first.num_days_from_ce(),
            days: span.days() as f32,
        }
    }

    /// Where a day starts.
    pub(super) fn x(&self, day: chrono::NaiveDate) -> f32 {
        use chrono::Datelike;
        self.left + (day.num_days_from_ce() - self.first) as f32 / self.days * self.width
    }

    /// The day under `x`.
    pub(super) fn day_at(&self, x: f32) -> Option<chrono::NaiveDate> {
        let offset = ((x - self.left) / self.width * self.days).floor() as i32;
        chrono::NaiveDate::from_num_days_from_ce_opt(
            self.first + offset.clamp(0, self.days as i32 - 1),
        )
    }

    /// From a period's first day to the start of the day after its last.
    pub(super) fn columns(&self, p: Period) -> Option<(f32, f32)> {
        let (first, last) = p.bounds()?;
        Some((self.x(first), self.x(last.succ_opt()?)))
    }
}

/// The plot: the scale's label, the bars and the tick labels. Returns what
/// the reader asked of it.
pub fn plot_ui(ui: &mut egui::Ui, plot: &Plot<'_>, rt: &mut PlotRuntime) -> Option<Pick> {
    let size = vec2(ui.available_width(), SCALE_HEIGHT + BARS_HEIGHT);
    let (rect, response) = ui.allocate_exact_size(size, Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Figure, true, "Timeline chart"));
    let span = plot.bins.span()?;
    let bars = Rect::from_min_max(pos2(rect.left(), rect.top() + SCALE_HEIGHT), rect.max);
    let axis = Axis::new(bars, span);
    let (columns, scale) = columns(plot.bins, plot.totals, plot.measure);
    scale_ui(ui, rect, &scale, plot.totals.is_some());
    draw_ui(ui, plot, (&axis, bars), &columns, rt, &response);
    ticks_ui(ui, &axis, bars, span);
    let bin_at = |pos: Pos2| axis.day_at(pos.x).and_then(|d| plot.bins.index_of(d));
    if let Some(i) = response.hover_pos().and_then(bin_at)
        && let Some((period, count)) = describe(plot.bins, plot.totals, i)
    {
        tooltip_ui(ui, &response, format!("{period}\n{count}"));
    }
    bar_nodes_ui(ui, plot, (&axis, bars), &columns, response.id);
    let period = |pos: Option<Pos2>| pos.and_then(bin_at).and_then(|i| plot.bins.period(i));
    if response.clicked() || response.drag_started() {
        response.request_focus();
    }
    if response.drag_started() {
        rt.drag_from = period(ui.input(|i| i.pointer.press_origin()));
    }
    if response.clicked()
        && let Some(p) = period(response.interact_pointer_pos())
    {
        return Some(Pick::Range(p, p));
    }
    if response.drag_stopped()
        && let (Some(a), Some(b)) = (rt.drag_from.take(), period(response.interact_pointer_pos()))
    {
        return Some(Pick::Range(a.min(b), a.max(b)));
    }
    if response.has_focus() {
        return keys_ui(ui, (plot.bins, plot.chosen), &mut rt.keyboard, response.id);
    }
    None
}

/// A tooltip at the pointer over a chart naming what is under it.
pub(super) fn tooltip_ui(ui: &egui::Ui, chart: &egui::Response, text: String) {
    egui::Tooltip::always_open(
        ui.ctx().clone(),
        chart.layer_id,
        chart.id,
        egui::PopupAnchor::Pointer,
    )
    .gap(12.0)
    .show(|ui| {
        // The tooltip keeps the size it had for the last period: a
        // longer count would wrap in it.
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
        ui.label(text)
    });
}

/// The scale's top value, above the bars on the left; with a search, a
/// key to the two kinds of bar on the right.
fn scale_ui(ui: &mut egui::Ui, rect: Rect, text: &str, search: bool) {
    let row = Rect::from_min_size(rect.min, vec2(rect.width(), SCALE_HEIGHT));
    let muted = theme::muted(ui);
    let small = |text: &str| egui::Label::new(egui::RichText::new(text).small().color(muted));
    // A child that does not move the parent's cursor: the bars lie under it.
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(row)
            .layout(egui::Layout::left_to_right(egui::Align::Center)),
    );
    child.add(small(text).selectable(false));
    if !search {
        return;
    }
    child.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        for (name, color) in [
            ("all entries", muted.gamma_multiply(0.3)),
            ("matching", theme::accent(ui)),
        ] {
            ui.add(small(name).selectable(false));
            let (swatch, _) = ui.allocate_exact_size(vec2(8.0, 8.0), Sense::hover());
            ui.painter().rect_filled(swatch, 1.0, color);
        }
    });
}

/// Bands for the chosen range, the drag and the hovered period; the bars;
/// grid lines at the ticks; the baseline; the focus ring.
fn draw_ui(
    ui: &egui::Ui,
    plot: &Plot<'_>,
    (axis, bars): (&Axis, Rect),
    columns: &[Column],
    rt: &PlotRuntime,
    response: &egui::Response,
) {
    let painter = ui.painter_at(bars.expand(1.0));
    let accent = theme::accent(ui);
    let band = |from: f32, to: f32, color: egui::Color32| {
        let r = Rect::from_x_y_ranges(from..=to, bars.y_range());
        painter.rect_filled(r, 0.0, color);
    };
    if let Some(chosen) = plot.chosen {
        let end = chosen.last.succ_opt().unwrap_or(chosen.last);
        band(
            axis.x(chosen.first),
            axis.x(end),
            accent.gamma_multiply(0.08),
        );
    }
    let hovered = response
        .hover_pos()
        .and_then(|p| axis.day_at(p.x))
        .and_then(|d| plot.bins.index_of(d))
        .and_then(|i| plot.bins.period(i));
    let dragged = rt.drag_from.filter(|_| response.dragged()).zip(hovered);
    if let Some((a, b)) = dragged {
        let (a, b) = (a.min(b), a.max(b));
        if let (Some((x0, _)), Some((_, x1))) = (axis.columns(a), axis.columns(b)) {
            band(x0, x1, accent.gamma_multiply(0.2));
        }
    } else if let Some((x0, x1)) = hovered.and_then(|p| axis.columns(p)) {
        band(x0, x1, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    let back = theme::muted(ui).gamma_multiply(0.3);
    for c in columns {
        let Some(r) = bar_rect(axis, bars, c.period, c.back) else {
            continue;
        };
        if plot.totals.is_some() {
            painter.rect_filled(r, 1.0, back);
        }
        let lit = plot.chosen.is_none_or(|s| overlaps(s, c.period));
        let fill = if lit {
            accent
        } else {
            accent.gamma_multiply(0.35)
        };
        if let Some(front) = bar_rect(axis, bars, c.period, c.front) {
            painter.rect_filled(front, 1.0, fill);
        }
    }
    let baseline = egui::Stroke::new(1.0, theme::muted(ui).gamma_multiply(0.6));
    painter.hline(bars.x_range(), bars.bottom(), baseline);
    // The scale's top, which the label above names.
    let top = egui::Stroke::new(1.0, theme::muted(ui).gamma_multiply(0.2));
    painter.hline(bars.x_range(), bars.top(), top);
    if response.has_focus() {
        let ring = ui.visuals().selection.stroke;
        painter.rect_stroke(bars, 2.0, ring, egui::StrokeKind::Inside);
    }
}

/// True when some of the period lies in the span: a range narrower than
/// a bar (chosen when zoomed in) still lights the bar that holds it.
fn overlaps(s: Span, p: Period) -> bool {
    p.bounds().is_some_and(|(a, b)| a <= s.last && s.first <= b)
}

/// A bar `height` (a fraction of the bars' area) tall in its period's
/// column, with a gap to its neighbours once there is room for one; a
/// count too small to see keeps two points. `None` for nothing to draw.
fn bar_rect(axis: &Axis, bars: Rect, p: Period, height: f32) -> Option<Rect> {
    if height <= 0.0 {
        return None;
    }
    let (x0, x1) = axis.columns(p)?;
    let pitch = x1 - x0;
    let gap = if pitch >= 4.0 {
        (pitch * 0.2).clamp(1.0, 6.0)
    } else {
        0.0
    };
    let h = (height * bars.height()).max(2.0);
    Some(Rect::from_min_max(
        pos2(x0 + gap / 2.0, bars.bottom() - h),
        pos2((x1 - gap / 2.0).max(x0 + 1.0), bars.bottom()),
    ))
}

/// Tick marks under the baseline with their labels; the first label of a
/// step finer than a year names its year.
pub(super) fn ticks_ui(ui: &mut egui::Ui, axis: &Axis, bars: Rect, span: Span) {
    let (row, _) = ui.allocate_exact_size(vec2(bars.width(), TICKS_HEIGHT), Sense::hover());
    let room = (bars.width() / TICK_WIDTH).max(1.0) as usize;
    let muted = theme::muted(ui);
    let grid = egui::Stroke::new(1.0, muted.gamma_multiply(0.25));
    let mark = egui::Stroke::new(1.0, muted);
    for (n, tick) in hotline::bins::ticks(span, room).into_iter().enumerate() {
        let Some((x, _)) = axis.columns(tick) else {
            continue;
        };
        ui.painter().vline(x, bars.y_range(), grid);
        ui.painter()
            .vline(x, bars.bottom()..=bars.bottom() + 4.0, mark);
        let year = if n == 0 { Year::Shown } else { Year::Left };
        let text = egui::RichText::new(tick_label(tick, year))
            .small()
            .color(muted);
        let galley = egui::WidgetText::from(text.clone()).into_galley(
            ui,
            Some(egui::TextWrapMode::Extend),
            f32::INFINITY,
            egui::TextStyle::Small,
        );
        let w = galley.size().x + 2.0;
        let left = (x - w / 2.0).clamp(row.left(), (row.right() - w).max(row.left()));
        let place = Rect::from_min_size(pos2(left, row.top() + 2.0), vec2(w, TICKS_HEIGHT - 2.0));
        ui.place(place, egui::Label::new(text).selectable(false));
    }
}

/// An accessible node per period with entries, named like its tooltip
/// ("March 2007: 12 entries") and standing where its bar is drawn: the
/// matching bar, or the faint total when nothing in it matches. It is
/// selected when it is lit as part of the chosen dates.
fn bar_nodes_ui(
    ui: &egui::Ui,
    plot: &Plot<'_>,
    (axis, bars): (&Axis, Rect),
    columns: &[Column],
    chart: egui::Id,
) {
    for c in columns {
        let drawn = bar_rect(axis, bars, c.period, c.front);
        let Some(rect) = drawn.or_else(|| bar_rect(axis, bars, c.period, c.back)) else {
            continue;
        };
        let Some((period, count)) = describe(plot.bins, plot.totals, c.index) else {
            continue;
        };
        let name = format!("{period}: {count}");
        let chosen = plot.chosen.is_some_and(|s| overlaps(s, c.period));
        let id = chart.with(("bar", c.index));
        ui.interact(rect, id, Sense::hover())
            .widget_info(|| egui::WidgetInfo::selected(egui::Role::Unknown, true, chosen, &name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_maps_days_to_points_and_back() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let span = Span::new(d("2007-01-01"), d("2007-01-10"));
        let rect = Rect::from_min_size(pos2(100.0, 0.0), vec2(100.0, 10.0));
        let axis = Axis::new(rect, span);
        assert_eq!(axis.x(d("2007-01-01")), 100.0);
        assert_eq!(axis.x(d("2007-01-06")), 150.0);
        assert_eq!(axis.day_at(155.0), Some(d("2007-01-06")));
        assert_eq!(axis.day_at(500.0), Some(d("2007-01-10")));
        assert_eq!(axis.day_at(0.0), Some(d("2007-01-01")));
    }
}
