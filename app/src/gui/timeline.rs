//! The timeline chart above the list: entries per year or month as egui_plot
//! bars, under the current filter without its dates (so with an author
//! chosen it is that author's timeline). Click a bar to show that period,
//! drag across bars for a range; the current range is named with a button
//! that clears it.

use super::command::Command;
use super::period::{month_label, with_range};
use super::theme;
use egui_plot::{Bar, BarChart, GridMark, Plot};
use hotline::{Filter, Granularity, Period};

/// Chart interaction state kept between frames.
#[derive(Debug, Default)]
pub struct ChartRuntime {
    /// The bar a drag started on.
    drag_from: Option<usize>,
    /// Screen centres of the bars drawn last frame (tests click them).
    pub bar_centers: Vec<egui::Pos2>,
}

/// What the chart draws.
pub struct Timeline<'a> {
    pub filter: &'a Filter,
    pub granularity: Granularity,
    /// Entries per period under the filter without its dates.
    pub periods: &'a [(Option<Period>, usize)],
}

/// The chart with its header (granularity switch, current range, clear).
pub fn timeline_ui(
    ui: &mut egui::Ui,
    state: &Timeline<'_>,
    chart: &mut ChartRuntime,
    queue: &mut Vec<Command>,
) {
    egui::Frame::new()
        .inner_margin(egui::Margin::symmetric(12, 8))
        .show(ui, |ui| {
            header_ui(ui, state, queue);
            chart_ui(ui, state, chart, queue);
        });
    ui.separator();
}

fn header_ui(ui: &mut egui::Ui, state: &Timeline<'_>, queue: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new("Timeline").strong());
        for g in [Granularity::Year, Granularity::Month] {
            let c = Command::SetGranularity(g);
            if ui
                .selectable_label(state.granularity == g, c.label())
                .clicked()
            {
                queue.push(c);
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if let Some(range) = range_label(state.filter) {
                if ui
                    .small_button("Clear dates")
                    .on_hover_text("Show every date again")
                    .clicked()
                {
                    queue.push(Command::SetFilter(state.filter.without_dates()));
                }
                ui.label(egui::RichText::new(range).color(theme::accent(ui)));
            }
        });
    });
}

fn chart_ui(
    ui: &mut egui::Ui,
    state: &Timeline<'_>,
    chart: &mut ChartRuntime,
    queue: &mut Vec<Command>,
) {
    let periods: Vec<(Period, usize)> = state
        .periods
        .iter()
        .filter_map(|(p, n)| p.map(|p| (p, *n)))
        .collect();
    if periods.is_empty() {
        ui.label(egui::RichText::new("No dated entries here.").color(theme::muted(ui)));
        chart.bar_centers.clear();
        return;
    }
    let (on, off) = (theme::accent(ui), theme::muted(ui).gamma_multiply(0.6));
    let has_range = state.filter.from.is_some() || state.filter.to.is_some();
    let bars: Vec<Bar> = periods
        .iter()
        .enumerate()
        .map(|(i, (p, n))| {
            let lit = !has_range || in_range(state.filter, *p);
            Bar::new(i as f64, *n as f64)
                .width(0.8)
                .name(period_label(*p))
                .fill(if lit { on } else { off })
        })
        .collect();
    let labels: Vec<String> = periods.iter().map(|(p, _)| short_label(*p)).collect();
    let step = periods.len().div_ceil(10).max(1);
    let count = periods.len();
    let response = Plot::new("timeline_chart")
        .height(92.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_grid(false)
        .show_axes([true, false])
        .show_background(false)
        .include_y(0.0)
        .include_x(-0.6)
        .include_x(count as f64 - 0.4)
        .x_grid_spacer(move |_| {
            (0..count)
                .step_by(step)
                .map(|i| GridMark {
                    value: i as f64,
                    step_size: step as f64,
                })
                .collect()
        })
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 0.01 || i < 0.0 {
                return String::new();
            }
            labels.get(i as usize).cloned().unwrap_or_default()
        })
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new("entries", bars)
                    .element_formatter(Box::new(|bar, _| format!("{}: {}", bar.name, bar.value))),
            );
        });
    chart.bar_centers = periods
        .iter()
        .enumerate()
        .map(|(i, (_, n))| {
            let point = egui_plot::PlotPoint::new(i as f64, *n as f64 / 2.0);
            response.transform.position_from_point(&point)
        })
        .collect();
    let bar_at = |pos: egui::Pos2| {
        let x = response.transform.value_from_position(pos).x.round();
        (x >= 0.0).then_some((x as usize).min(count - 1))
    };
    let r = &response.response;
    if r.drag_started() {
        let origin = ui.input(|i| i.pointer.press_origin());
        chart.drag_from = origin.or(r.interact_pointer_pos()).and_then(bar_at);
    }
    let clicked = r.clicked().then(|| r.interact_pointer_pos()).flatten();
    let dropped = r.drag_stopped().then(|| r.interact_pointer_pos()).flatten();
    let picked = match (clicked, dropped) {
        (Some(pos), _) => bar_at(pos).map(|b| (b, b)),
        (None, Some(pos)) => chart.drag_from.take().zip(bar_at(pos)),
        _ => None,
    };
    if let Some((a, b)) = picked {
        let (first, last) = (periods[a.min(b)].0, periods[a.max(b)].0);
        queue.push(Command::SetFilter(with_range(state.filter, first, last)));
    }
}

/// True when the whole period lies in the filter's date range.
fn in_range(filter: &Filter, p: Period) -> bool {
    let Some((a, b)) = p.bounds() else {
        return false;
    };
    filter.from.is_none_or(|f| f <= a) && filter.to.is_none_or(|t| b <= t)
}

/// "2007" or "March 2007".
fn period_label(p: Period) -> String {
    month_label(p)
}

/// Axis label: "2007" or "Mar 07".
fn short_label(p: Period) -> String {
    match p {
        Period::Year(y) => y.to_string(),
        Period::Month(y, m) => {
            let name = month_label(Period::Month(y, m));
            format!("{} {:02}", &name[..3.min(name.len())], y.rem_euclid(100))
        }
    }
}

/// The current date filter in words, if any.
pub fn range_label(f: &Filter) -> Option<String> {
    if f.undated {
        return Some("Undated".into());
    }
    let fmt = |d: chrono::NaiveDate| d.format("%-d %b %Y").to_string();
    match (f.from, f.to) {
        (None, None) => None,
        (Some(a), Some(b)) => {
            use chrono::Datelike;
            let whole_year = Period::Year(a.year()).bounds() == Some((a, b));
            let whole_month = Period::Month(a.year(), a.month()).bounds() == Some((a, b));
            Some(if whole_year {
                a.year().to_string()
            } else if whole_month {
                month_label(Period::Month(a.year(), a.month()))
            } else {
                format!("{} – {}", fmt(a), fmt(b))
            })
        }
        (Some(a), None) => Some(format!("From {}", fmt(a))),
        (None, Some(b)) => Some(format!("Until {}", fmt(b))),
    }
}
