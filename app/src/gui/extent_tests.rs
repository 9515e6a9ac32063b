//! egui_kittest tests of long entries in the reader: only what is in view
//! is laid out, find still scrolls to a hit at the far end, and a giant
//! paragraph is shown in plain pieces with a word on why.

use super::app::HotlineApp;
use super::extent::{GIANT, LONG};
use super::tests::{entry, harness_with, para};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hotline::Archive;
use std::sync::Arc;

/// A book of 3,000 paragraphs whose last one holds "zebra", and an entry
/// that is one paragraph longer than [`GIANT`].
fn books() -> Arc<Archive> {
    let mut blocks: Vec<_> = (0..3000)
        .map(|i| {
            para(&format!(
                "Paragraph {i} of the book, about customers and their questions."
            ))
        })
        .collect();
    blocks.push(para("The zebra closes the book."));
    let book = entry("book", "Long Book", None, Some("2008-01-02"), blocks);
    let giant = entry(
        "giant",
        "One Giant Paragraph",
        None,
        Some("2008-01-03"),
        vec![para(&"word ".repeat(GIANT / 5 + 100))],
    );
    Arc::new(Archive::new(vec![book, giant], vec![]))
}

fn open(h: &mut Harness<'static, HotlineApp>, title: &str) {
    h.get_by_label(title).click();
    h.run();
    h.run();
}

/// Finds `words` in the open entry (Ctrl+F), and lets the scroll to the
/// hit settle.
fn find(h: &mut Harness<'static, HotlineApp>, words: &str) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Find in article")
        .type_text(words);
    for _ in 0..6 {
        h.run();
    }
}

#[test]
fn a_long_entry_lays_out_only_what_is_in_view_and_find_reaches_its_end() {
    let archive = books();
    let length: usize = archive.entries()[0]
        .blocks
        .iter()
        .map(|b| b.text.len())
        .sum();
    assert!(length > LONG);
    let mut h = harness_with(None, archive);
    open(&mut h, "Long Book");
    h.get_by_label_contains("Paragraph 0 of the book");
    // The far end is not laid out until it is seen.
    assert!(h.query_by_label_contains("Paragraph 2000 of").is_none());
    assert!(h.query_by_label_contains("zebra").is_none());
    find(&mut h, "zebra");
    h.get_by_label("1 of 1");
    let hit = h.get_by_label_contains("zebra").rect();
    let reader = h.state().rt.panels[4].rect;
    assert!(reader.contains_rect(hit), "{hit:?} in view of {reader:?}");
    assert!(
        h.query_by_label_contains("Paragraph 0 of the book")
            .is_none()
    );
}

#[test]
fn a_giant_paragraph_is_shown_in_plain_pieces_and_says_so() {
    let mut h = harness_with(None, books());
    open(&mut h, "One Giant Paragraph");
    h.get_by_label_contains("shown as plain text, without highlights");
    let pieces = h.query_all_by_label_contains("word word").count();
    assert!(
        (1..=4).contains(&pieces),
        "{pieces} pieces laid out of {}",
        GIANT / 8_000
    );
}

/// Where the reader is in a long entry is kept as a block and how far into
/// it, and the entry opens there again.
#[test]
fn a_long_entry_opens_again_where_the_reader_left_it() {
    let mut h = harness_with(None, books());
    open(&mut h, "Long Book");
    find(&mut h, "1500");
    h.get_by_label("1 of 1");
    h.key_press(Key::Escape);
    h.run();
    let place = h.state().rt.memory.position("book");
    assert!((1480.0..1501.0).contains(&place), "kept at {place}");
    open(&mut h, "One Giant Paragraph");
    assert!(h.query_by_label_contains("Paragraph 1500 of").is_none());
    open(&mut h, "Long Book");
    for _ in 0..6 {
        h.run();
    }
    let reader = h.state().rt.panels[4].rect;
    let block = place.floor() as usize;
    let at = h
        .get_by_label_contains(&format!("Paragraph {block} of"))
        .rect();
    assert!(
        at.top() <= reader.top() + 100.0 && at.bottom() >= reader.top(),
        "block {block} at {at:?}, the reader's top at {}",
        reader.top()
    );
    assert!(h.query_by_label_contains("Paragraph 0 of").is_none());
    let again = h.state().rt.memory.position("book");
    assert!((again - place).abs() < 0.05, "{place} then {again}");
}

/// Scrolling up a long entry lays out blocks above the view whose heights
/// were estimates: what is in view moves by the scroll and no more.
#[test]
fn scrolling_up_a_long_entry_moves_the_text_by_the_scroll_alone() {
    let mut h = harness_with(None, books());
    open(&mut h, "Long Book");
    find(&mut h, "1500");
    let reader = h.state().rt.panels[4].rect;
    let before = h.get_by_label_contains("Paragraph 1500 of").rect().top();
    h.event(egui::Event::PointerMoved(reader.center()));
    for _ in 0..4 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, 100.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
        for _ in 0..20 {
            h.step();
        }
    }
    h.run();
    let after = h.get_by_label_contains("Paragraph 1500 of").rect().top();
    assert!(
        ((after - before) - 400.0).abs() < 2.0,
        "moved {} for a scroll of 400",
        after - before
    );
}
