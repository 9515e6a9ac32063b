//! egui_kittest tests of the Trends window on the built-in archive, where
//! "support" matches 11 of the 12 entries (3 of 2007's 3, 7 undated) and
//! "saas" 6 (2 of 2007's, 4 undated).

use super::app::HotlineApp;
use super::tests::{harness_with, shown, step_until};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hotline::{BinChoice, Granularity};
use hotline::{LoadOptions, Progress};
use std::sync::Arc;

fn builtin(size: egui::Vec2) -> Harness<'static, HotlineApp> {
    let archive = hotline::load(&LoadOptions::default(), &Progress::default()).unwrap();
    let mut h = harness_with(None, Arc::new(archive));
    h.set_size(size);
    // The chart bins like the timeline: by year, as the reader chose.
    h.state_mut().state.bins = BinChoice::Fixed(Granularity::Year);
    h.run();
    h
}

/// Opens the window with its shortcut and types one term per field,
/// waiting for each term's counts (the legend they bring moves nothing
/// above it, but a click is best aimed at a settled window).
fn compare(h: &mut Harness<'_, HotlineApp>, terms: &[&str]) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::T);
    h.run();
    for (i, term) in terms.iter().enumerate() {
        let field = format!("Term {}", i + 1);
        if h.query_by_label(&field).is_none() {
            h.get_by_label("Add term").click();
            h.run();
        }
        h.get_by_role_and_label(Role::TextInput, &field).focus();
        h.run();
        h.get_by_role_and_label(Role::TextInput, &field)
            .type_text(term);
        assert!(
            step_until(h, |app| app.rt.trends.settled()),
            "no trends arrived"
        );
        h.run();
    }
}

#[test]
fn two_terms_show_a_legend_entry_each_with_its_total() {
    let mut h = builtin(egui::vec2(1280.0, 820.0));
    compare(&mut h, &["support", "saas"]);
    h.get_by_label("support: 11 entries (92% of 12 entries), 7 undated");
    h.get_by_label("saas: 6 entries (50% of 12 entries), 4 undated");
    h.get_by_label("Trends chart");
}

#[test]
fn share_turns_the_points_into_shares_of_the_periods_entries() {
    let mut h = builtin(egui::vec2(1280.0, 820.0));
    compare(&mut h, &["support", "saas"]);
    h.get_by_label("saas, 2007: 2 entries");
    h.get_by_label("Share").click();
    h.run();
    assert!(h.query_by_label("saas, 2007: 2 entries").is_none());
    h.get_by_label("saas, 2007: 67% of 3 entries");
    h.get_by_label("support, 2007: 100% of 3 entries");
}

#[test]
fn clicking_a_point_lists_that_terms_entries_in_that_period() {
    let mut h = builtin(egui::vec2(1280.0, 820.0));
    compare(&mut h, &["support", "saas"]);
    let before = shown(&h).len();
    h.get_by_label("saas, 2007: 2 entries").click();
    h.run();
    assert!(
        step_until(&mut h, |app| app.rt.search.settled()),
        "the search did not answer"
    );
    h.run();
    let app = h.state();
    assert_eq!(app.rt.search.text, "saas");
    let year = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    assert_eq!(app.state.filter.from, year("2007-01-01"));
    assert_eq!(app.state.filter.to, year("2007-12-31"));
    assert_eq!(shown(&h).len(), 2, "was {before}");
}

#[test]
fn the_window_fits_an_800_by_560_screen_with_its_controls_apart() {
    let mut h = builtin(egui::vec2(800.0, 560.0));
    compare(&mut h, &["support", "saas", "customer"]);
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(800.0, 560.0));
    let labels = [
        "Term 1",
        "Term 2",
        "Term 3",
        "Remove term 1",
        "Remove term 3",
        "Add term",
        "Counts",
        "Share",
        "Trends chart",
    ];
    let rects: Vec<(&str, egui::Rect)> = labels
        .iter()
        .map(|l| (*l, h.get_by_label(l).rect()))
        .collect();
    for (label, r) in &rects {
        assert!(screen.contains_rect(*r), "{label} at {r:?} is off screen");
    }
    for (i, (a, ra)) in rects.iter().enumerate() {
        for (b, rb) in &rects[i + 1..] {
            let both = ra.intersect(*rb);
            assert!(
                both.width() <= 1.0 || both.height() <= 1.0,
                "{a} {ra:?} overlaps {b} {rb:?}"
            );
        }
    }
    let chart = h.get_by_label("Trends chart").rect();
    assert!(chart.height() >= 100.0, "the chart is squeezed: {chart:?}");
}
