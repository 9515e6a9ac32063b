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
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Find in article")
        .type_text("zebra");
    for _ in 0..4 {
        h.run();
    }
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
