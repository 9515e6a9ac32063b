//! kittest tests of marking in the reader: selecting with the pointer and
//! the keyboard, highlighting in a colour, notes on a passage and on the
//! entry, deleting, and highlights whose passage is gone.

use super::app::HotlineApp;
use super::tests::{entry, harness_with, para, pointer};
use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hotline::db::{Anchor, Colour, Highlight};
use hotline::{Archive, Entry};
use std::sync::Arc;

const FIRST: &str = "The first paragraph of this essay talks about support.";
const SECOND: &str = "A second paragraph follows it with more thoughts.";

fn essay() -> Entry {
    entry(
        "essay",
        "Marked Essay",
        Some("Ann Lee"),
        Some("2007-05-01"),
        vec![para(FIRST), para(SECOND), para("A third one ends it.")],
    )
}

fn opened() -> Harness<'static, HotlineApp> {
    let mut h = harness_with(None, Arc::new(Archive::new(vec![essay()], vec![])));
    h.get_by_label("Marked Essay").click();
    h.run();
    h.state_mut().rt.memory.settle();
    h.run();
    h
}

fn marks(h: &Harness<'_, HotlineApp>) -> Vec<Highlight> {
    h.state().rt.memory.highlights_of("essay").to_vec()
}

/// The highlight of `quote` in the essay's text, as the reader makes one.
fn anchor(quote: &str) -> Anchor {
    let text = format!("{FIRST}\n\n{SECOND}\n\nA third one ends it.");
    let start = text.find(quote).unwrap_or(0);
    Anchor {
        quote: quote.into(),
        prefix: String::new(),
        suffix: String::new(),
        start: start as u64,
        end: (start + quote.len()) as u64,
        text_hash: hotline::id::content_hash(text.as_bytes()),
    }
}

#[test]
fn a_drag_over_two_paragraphs_and_a_colour_make_one_highlight_stored_with_its_quote() {
    let mut h = opened();
    let first = h.get_by_label(FIRST).rect();
    let second = h.get_by_label(SECOND).rect();
    // From inside the first paragraph to inside the second.
    let from = Pos2::new(first.left() + first.width() * 0.5, first.center().y);
    let to = Pos2::new(second.left() + 40.0, second.center().y);
    pointer(&h, from, Some(true));
    h.run();
    pointer(&h, from + egui::vec2(10.0, 0.0), None);
    h.run();
    pointer(&h, to, None);
    h.run();
    pointer(&h, to, Some(false));
    h.run();
    h.get_by_label("Green").click();
    h.run();
    h.state_mut().rt.memory.settle();
    h.run();
    let marks = marks(&h);
    assert_eq!(marks.len(), 1, "{marks:?}");
    let m = &marks[0];
    assert_eq!(m.colour, Colour::Green);
    assert!(m.id > 0, "stored in the database: {}", m.id);
    assert!(
        m.anchor.quote.contains("support.\n\nA sec"),
        "{:?}",
        m.anchor.quote
    );
    assert!(
        m.anchor.quote.len() < FIRST.len() + 20,
        "{:?}",
        m.anchor.quote
    );
    h.get_by_label_contains("1 highlight");
    // The card of the new highlight is open to take a note.
    h.get_by_label("Add note…");
}

#[test]
fn shift_arrows_select_words_and_h_highlights_them() {
    let mut h = opened();
    for _ in 0..3 {
        h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
        h.run();
    }
    h.key_press(Key::H);
    h.run();
    h.state_mut().rt.memory.settle();
    let marks = marks(&h);
    assert_eq!(marks.len(), 1);
    assert_eq!(marks[0].anchor.quote, "The first paragraph");
    assert_eq!(marks[0].colour, Colour::Yellow);
    assert_eq!(marks[0].anchor.start, 0);
}

#[test]
fn a_click_on_a_highlight_opens_its_card_to_note_recolour_and_delete_it() {
    let mut h = opened();
    let id =
        h.state_mut()
            .rt
            .memory
            .add_highlight("essay", anchor("second paragraph"), Colour::Blue);
    h.run();
    h.get_by_label_contains("1 highlight");
    // Click on the marked words.
    let second = h.get_by_label(SECOND).rect();
    let at = Pos2::new(second.left() + 30.0, second.center().y);
    pointer(&h, at, Some(true));
    pointer(&h, at, Some(false));
    h.run();
    h.get_by_label("Add note…").click();
    h.run();
    h.get_by_label("Your note").type_text("Worth quoting.");
    h.run();
    h.get_by_label("Save note").click();
    h.run();
    h.state_mut().rt.memory.settle();
    h.run();
    let saved = h.state().rt.memory.highlight(id).cloned();
    assert_eq!(saved.map(|m| m.note), Some("Worth quoting.".to_string()));
    h.get_by_label("Close").click();
    h.run();
    // The note shows after its paragraph, and a click on it opens the card.
    let note = h.get_by_label("Worth quoting.").rect();
    assert!(note.top() > h.get_by_label(SECOND).rect().bottom());
    assert!(note.bottom() < h.get_by_label("A third one ends it.").rect().top());
    h.get_by_label("Worth quoting.").click();
    h.run();
    h.get_by_label("Pink").click();
    h.run();
    assert_eq!(marks(&h)[0].colour, Colour::Pink);
    h.get_by_label("Delete highlight").click();
    h.run();
    assert!(marks(&h).is_empty());
    assert!(h.query_by_label("Worth quoting.").is_none());
}

#[test]
fn a_highlight_whose_passage_is_gone_is_listed_apart_and_not_drawn() {
    let mut h = opened();
    let mut gone = anchor("first paragraph");
    gone.quote = "a passage the text no longer has".into();
    h.state_mut()
        .rt
        .memory
        .add_highlight("essay", gone, Colour::Yellow);
    h.run();
    h.get_by_label_contains("1 highlight could not be placed");
    h.get_by_label("“a passage the text no longer has”");
    assert!(h.state().rt.reader.marking.drawn.len() >= 3);
}

#[test]
fn a_note_on_the_whole_entry_is_written_under_its_title_and_kept() {
    let mut h = opened();
    h.get_by_label("Add a note on this entry…").click();
    h.run();
    h.get_by_label("Your note").type_text("Read again in May.");
    h.run();
    h.get_by_label("Save note").click();
    h.run();
    h.state_mut().rt.memory.settle();
    h.run();
    assert_eq!(
        h.state().rt.memory.entry_note("essay"),
        Some("Read again in May.")
    );
    h.get_by_label("Read again in May.");
}
