//! egui_kittest tests of the window at the sizes people use, from a small
//! laptop window to a full-HD screen: no two controls overlap, none is cut
//! off by the window or its panel, and the reader keeps its room.

use super::app::HotlineApp;
use super::layout::{Drawn, Overflow, READER_MIN};
use super::tests::{sample, settled, step_until};
use egui::accesskit::Role;
use egui::{Key, Modifiers, Rect};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::sync::Arc;

const SIZES: [(f32, f32); 4] = [
    (800.0, 560.0),
    (1024.0, 640.0),
    (1280.0, 800.0),
    (1920.0, 1080.0),
];

/// Roles a user clicks, types into or ticks.
const CONTROLS: &[Role] = &[
    Role::Button,
    Role::CheckBox,
    Role::TextInput,
    Role::RadioButton,
    Role::Link,
    Role::ComboBox,
    Role::Slider,
];

fn window(size: (f32, f32)) -> Harness<'static, HotlineApp> {
    let archive = sample();
    settled(|b| {
        b.with_size(egui::vec2(size.0, size.1))
            .build_eframe(move |cc| HotlineApp::new(&cc.egui_ctx, None, Arc::clone(&archive)))
    })
}

/// Every control on screen, with its label and its rectangle cut to the
/// panel it is in (the part a user sees).
fn controls(h: &Harness<'_, HotlineApp>, size: (f32, f32)) -> Vec<(String, Rect, Rect)> {
    let panels: &[Drawn] = &h.state().rt.panels;
    let screen = Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(size.0, size.1));
    let mut out = Vec::new();
    for node in h.root().children_recursive() {
        let ak = node.accesskit_node();
        if !CONTROLS.contains(&ak.role()) || ak.is_hidden() {
            continue;
        }
        let rect = node.rect();
        let label = ak.label().unwrap_or_default();
        // A control belongs to the panel its top-left corner is in: a row
        // cut off at the bottom of a list may reach into the status bar.
        let corner = rect.left_top() + egui::vec2(0.5, 0.5);
        let Some(panel) = panels.iter().find(|p| p.rect.contains(corner)) else {
            // Below the fold of a scrolling panel (laid out, not shown).
            assert!(
                !screen.intersects(rect) || rect.center().y > screen.bottom(),
                "{size:?}: \"{label}\" at {rect:?} is in no panel"
            );
            continue;
        };
        // Sideways nothing scrolls; down, only a scrolling panel may cut.
        let cut_off = rect.left() < panel.rect.left() - 0.5
            || rect.right() > panel.rect.right() + 0.5
            || (panel.overflow == Overflow::Fits
                && (rect.top() < panel.rect.top() - 0.5
                    || rect.bottom() > panel.rect.bottom() + 0.5));
        assert!(
            !cut_off,
            "{size:?}: \"{label}\" at {rect:?} runs out of its panel {:?}",
            panel.rect
        );
        out.push((label, rect, rect.intersect(panel.rect)));
    }
    out
}

/// Asserts that no two controls' visible parts overlap (a control inside
/// another, like a row's checkbox in the row, is not an overlap).
fn assert_apart(controls: &[(String, Rect, Rect)], size: (f32, f32), when: &str) {
    for (i, (a, ra, va)) in controls.iter().enumerate() {
        for (b, rb, vb) in &controls[i + 1..] {
            if ra.contains_rect(*rb) || rb.contains_rect(*ra) {
                continue;
            }
            let both = va.intersect(*vb);
            let overlap = both.width() > 1.0 && both.height() > 1.0;
            assert!(
                !overlap,
                "{size:?}, {when}: \"{a}\" {ra:?} overlaps \"{b}\" {rb:?}"
            );
        }
    }
}

#[test]
fn no_control_overlaps_or_is_cut_off_at_any_size() {
    for size in SIZES {
        let mut h = window(size);
        let shown = controls(&h, size);
        assert!(shown.len() > 10, "{size:?}: only {} controls", shown.len());
        assert_apart(&shown, size, "at start");
        // An open entry: the reader's toolbar and contents.
        h.get_by_label("Alpha Essay").click();
        h.run();
        let reading = controls(&h, size);
        assert_apart(&reading, size, "reading");
        for label in ["Cite", "Export entry…", "A-", "A+", "Wider"] {
            assert!(
                reading.iter().any(|(l, ..)| l == label),
                "{size:?}: \"{label}\" is missing"
            );
        }
        let reader = h.state().rt.panels.last().map(|p| p.rect.width());
        assert!(
            reader.is_some_and(|w| w >= READER_MIN - 1.0),
            "{size:?}: the reader is {reader:?} wide"
        );
        // A search answered, with its note above the list.
        h.get_by_role_and_label(Role::TextInput, "Search").focus();
        h.run();
        h.get_by_role_and_label(Role::TextInput, "Search")
            .type_text("support");
        step_until(&mut h, |app| app.rt.search.settled());
        h.run();
        assert_apart(&controls(&h, size), size, "searching");
    }
}

#[test]
fn the_sidebar_folds_in_a_narrow_window_and_comes_back() {
    let mut h = window((800.0, 560.0));
    assert!(h.query_by_label_contains("All entries").is_none(), "folded");
    h.get_by_label("Show / hide the sidebar").click();
    h.run();
    h.get_by_label_contains("All entries");
    h.key_press_modifiers(Modifiers::COMMAND, Key::B);
    h.run();
    assert!(h.query_by_label_contains("All entries").is_none());
    let wide = window((1280.0, 800.0));
    wide.get_by_label_contains("All entries");
}

/// The widths a user drags the panels to come back in a new window.
#[test]
fn panel_widths_are_kept_in_the_saved_state() {
    let mut h = window((1280.0, 800.0));
    let before = h.state().state.panels;
    let list = h.state().rt.panels[3].rect;
    // Drag the list's right edge 80 points to the right.
    let from = egui::pos2(list.right(), list.center().y);
    let to = from + egui::vec2(80.0, 0.0);
    h.event(egui::Event::PointerMoved(from));
    h.run();
    h.event(egui::Event::PointerButton {
        pos: from,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.event(egui::Event::PointerMoved(to));
    h.event(egui::Event::PointerButton {
        pos: to,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
    let after = h.state().state.panels;
    assert!(
        (after.list_width - before.list_width - 80.0).abs() < 2.0,
        "{before:?} -> {after:?}"
    );
    let mut storage = super::tests::MemStorage::default();
    h.state().state.save(&mut storage);
    let again = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(|cc| HotlineApp::new(&cc.egui_ctx, Some(&storage), sample()));
    let list = again.state().rt.panels[3].rect.width();
    assert!((list - after.list_width).abs() < 2.0, "{list} vs {after:?}");
}
