//! The Trends chart: a line per term over the time axis the timeline uses
//! (its `Axis`, its labelled ticks and its bin size from the span, the
//! width and the reader's `BinChoice`), a point per period at the period's
//! middle, as counts or as shares of the period's entries on one scale.
//!
//! Hovering names the period with each term's count and share; a click
//! picks the period under the pointer and the line nearest to it. Each
//! point with matches is an accessible node named like "support, 2007: 3
//! entries", which a click on it picks too.

use super::period::period_label;
use super::theme;
use super::timeline::room_for;
use super::timeline_bars::{Measure, percent, unit};
use super::timeline_plot::{Axis, ticks_ui, tooltip_ui};
use egui::{Color32, Pos2, Rect, Sense, pos2, vec2};
use hotline::bins::choose;
use hotline::numbers::grouped;
use hotline::trends::{Trends, share};
use hotline::{BinChoice, Bins, Period};

/// Room above the lines for the scale's label.
const SCALE_HEIGHT: f32 = 16.0;
/// The narrowest step between points that still gets a dot on each.
const DOT_PITCH: f32 = 6.0;

/// What the chart draws.
pub struct Chart<'a> {
    pub trends: &'a Trends,
    /// A colour per term, by its place.
    pub colours: &'a [Color32],
    pub measure: Measure,
    pub bins: BinChoice,
    /// Height of the lines' area.
    pub height: f32,
}

/// One term's line: its place among the terms and its counts per period.
struct Line<'a> {
    index: usize,
    term: &'a str,
    counts: Bins,
}

/// The chart; returns the term and period of a clicked point.
pub fn chart_ui(ui: &mut egui::Ui, chart: &Chart<'_>) -> Option<(String, Period)> {
    let Some(span) = chart.trends.span() else {
        ui.label("No dated entries to chart.");
        return None;
    };
    let width = ui.available_width();
    let by = choose(span, room_for(width), chart.bins);
    let totals = chart.trends.totals.bins(by, span);
    let lines: Vec<Line<'_>> = (chart.trends.terms.iter().enumerate())
        .filter_map(|(index, t)| {
            let m = t.matches.as_ref().ok()?;
            let term = t.term.trim();
            Some(Line {
                index,
                term,
                counts: m.bins(by, span),
            })
        })
        .collect();
    let value = |counts: &Bins, i: usize| -> f32 {
        let n = counts.counts()[i];
        match chart.measure {
            Measure::Counts => n as f32,
            Measure::Share => share(n, totals.counts()[i]) as f32,
        }
    };
    let top = lines
        .iter()
        .flat_map(|l| (0..totals.len()).map(|i| value(&l.counts, i)))
        .fold(0.0, f32::max);
    let size = vec2(width, SCALE_HEIGHT + chart.height);
    let (rect, response) = ui.allocate_exact_size(size, Sense::click());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Figure, true, "Trends chart"));
    let whole = totals.span()?;
    let area = Rect::from_min_max(pos2(rect.left(), rect.top() + SCALE_HEIGHT), rect.max);
    let axis = Axis::new(area, whole);
    let scale = match chart.measure {
        Measure::Counts => format!("{} a {}", grouped(top as usize), unit(by)),
        Measure::Share => format!("{} of a {}'s entries", percent(top), unit(by)),
    };
    let muted = theme::muted(ui);
    ui.painter().text(
        rect.left_top(),
        egui::Align2::LEFT_TOP,
        scale,
        egui::TextStyle::Small.resolve(ui.style()),
        muted,
    );
    let point = |counts: &Bins, i: usize| -> Option<Pos2> {
        let (x0, x1) = axis.columns(totals.period(i)?)?;
        let h = if top > 0.0 {
            value(counts, i) / top
        } else {
            0.0
        };
        Some(pos2((x0 + x1) / 2.0, area.bottom() - h * area.height()))
    };
    let hovered = response
        .hover_pos()
        .and_then(|p| axis.day_at(p.x))
        .and_then(|d| totals.index_of(d));
    let painter = ui.painter_at(area.expand(4.0));
    if let Some((x0, x1)) = hovered
        .and_then(|i| totals.period(i))
        .and_then(|p| axis.columns(p))
    {
        let band = Rect::from_x_y_ranges(x0..=x1, area.y_range());
        painter.rect_filled(band, 0.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    painter.hline(area.x_range(), area.top(), (1.0, muted.gamma_multiply(0.2)));
    painter.hline(
        area.x_range(),
        area.bottom(),
        (1.0, muted.gamma_multiply(0.6)),
    );
    let pitch = area.width() / totals.len().max(1) as f32;
    for line in &lines {
        let colour = chart.colours[line.index % chart.colours.len()];
        let points: Vec<Pos2> = (0..totals.len())
            .filter_map(|i| point(&line.counts, i))
            .collect();
        painter.add(egui::Shape::line(points.clone(), (2.0, colour)));
        for (i, p) in points.iter().enumerate() {
            if pitch >= DOT_PITCH || hovered == Some(i) {
                painter.circle_filled(*p, 3.0, colour);
            }
        }
    }
    ticks_ui(ui, &axis, area, whole);
    if let Some(i) = hovered
        && let Some(period) = totals.period(i)
    {
        tooltip_ui(ui, &response, tooltip(&lines, &totals, i, period));
    }
    let mut picked = None;
    for line in &lines {
        for i in 0..totals.len() {
            let (Some(p), Some(period)) = (point(&line.counts, i), totals.period(i)) else {
                continue;
            };
            let n = line.counts.counts()[i];
            if n == 0 {
                continue;
            }
            let name = format!(
                "{}, {}: {}",
                line.term,
                period_label(period),
                measured(chart.measure, n, totals.counts()[i])
            );
            let id = response.id.with(("point", line.index, i));
            let node = ui.interact(
                Rect::from_center_size(p, vec2(8.0, 8.0)),
                id,
                Sense::click(),
            );
            node.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
            if node.clicked() {
                picked = Some((line.term.to_string(), period));
            }
        }
    }
    if response.clicked()
        && let Some(pos) = response.interact_pointer_pos()
        && let Some(i) = axis.day_at(pos.x).and_then(|d| totals.index_of(d))
    {
        let nearest = lines
            .iter()
            .filter_map(|l| Some((l, (point(&l.counts, i)?.y - pos.y).abs())))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let (Some((line, _)), Some(period)) = (nearest, totals.period(i)) {
            picked = Some((line.term.to_string(), period));
        }
    }
    picked
}

/// "3 entries" or, as a share, "75% of 4 entries".
fn measured(measure: Measure, n: usize, total: usize) -> String {
    match measure {
        Measure::Counts => entries(n),
        Measure::Share => format!("{} of {}", percent(share(n, total) as f32), entries(total)),
    }
}

fn entries(n: usize) -> String {
    match n {
        0 => "no entries".into(),
        1 => "1 entry".into(),
        n => format!("{} entries", grouped(n)),
    }
}

/// The period, its entries, and each term's count and share in it.
fn tooltip(lines: &[Line<'_>], totals: &Bins, i: usize, period: Period) -> String {
    let total = totals.counts()[i];
    let mut text = format!("{}: {}", period_label(period), entries(total));
    for l in lines {
        let n = l.counts.counts()[i];
        text.push_str(&format!(
            "\n{}: {} ({})",
            l.term,
            grouped(n),
            percent(share(n, total) as f32)
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_named_by_count_or_by_share() {
        assert_eq!(measured(Measure::Counts, 3, 4), "3 entries");
        assert_eq!(measured(Measure::Counts, 1, 4), "1 entry");
        assert_eq!(measured(Measure::Share, 3, 4), "75% of 4 entries");
    }
}
