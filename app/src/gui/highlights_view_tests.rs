//! kittest tests of the Highlights window: every highlight listed, the
//! search, colour and author narrowing, the order, a click that opens the
//! entry at its passage, and the main search's row in the sidebar.

use super::app::HotlineApp;
use super::search_tests::type_query;
use super::tests::{harness, step_until};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hotline::db::Colour;
use hotline::marks::{EntryText, anchor};

/// Highlights `quote` in entry `id` with `note`.
fn mark(h: &mut Harness<'static, HotlineApp>, id: &str, quote: &str, colour: Colour, note: &str) {
    let app = h.state_mut();
    let archive = app.rt.session.archive.clone();
    let e = archive.get(archive.index_of(id).unwrap()).unwrap();
    let text = EntryText::of(e);
    let at = text.as_str().find(quote).unwrap();
    let made = app
        .rt
        .memory
        .add_highlight(id, anchor::make(&text, at..at + quote.len()), colour);
    app.rt.memory.update_highlight(made, colour, note);
    app.rt.memory.settle();
}

fn marked() -> Harness<'static, HotlineApp> {
    let mut h = harness();
    mark(
        &mut h,
        "alpha",
        "Support begins with listening",
        Colour::Yellow,
        "the thesis",
    );
    mark(&mut h, "bravo", "B.", Colour::Green, "");
    mark(&mut h, "echo", "E.", Colour::Pink, "ask Ann about this");
    h.run();
    h
}

fn listed(h: &Harness<'_, HotlineApp>) -> usize {
    h.query_all_by_label_contains("“").count()
}

#[test]
fn every_highlight_is_listed_and_narrowed_by_search_colour_and_author() {
    let mut h = marked();
    h.key_press_modifiers(Modifiers::COMMAND, Key::H);
    h.run();
    h.get_by_label("3 highlights");
    assert_eq!(listed(&h), 3);
    h.get_by_label("Search highlights").type_text("ANN");
    h.run();
    h.get_by_label("1 of 3 highlights");
    h.get_by_label("“E.” — ask Ann about this");
    h.get_by_label("Search highlights").focus();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.run();
    h.get_by_label("Green").click();
    h.run();
    h.get_by_label("2 of 3 highlights");
    assert!(h.query_by_label("“B.”").is_none(), "green is hidden");
    h.get_by_label("Author: any").click();
    h.run();
    h.get_by_label("Jane Doe").click();
    h.run();
    h.get_by_label("2 of 3 highlights");
    h.get_by_label("Reading order").click();
    h.run();
    let first = h
        .get_by_label("“Support begins with listening” — the thesis")
        .rect();
    let second = h.get_by_label("“E.” — ask Ann about this").rect();
    assert!(
        first.top() < second.top(),
        "alpha comes before echo in the archive"
    );
}

#[test]
fn a_click_on_a_highlight_opens_its_entry_with_its_card() {
    let mut h = marked();
    h.key_press_modifiers(Modifiers::COMMAND, Key::H);
    h.run();
    h.get_by_label("“E.” — ask Ann about this").click();
    h.run();
    let app = h.state();
    assert_eq!(app.rt.open, app.rt.session.archive.index_of("echo"));
    assert!(app.rt.reader.marking.active.is_some());
    h.get_by_label("Delete highlight");
}

#[test]
fn the_main_search_counts_the_highlights_holding_its_words() {
    let mut h = marked();
    type_query(&mut h, "thesis");
    step_until(&mut h, |app| app.rt.search.settled());
    h.run();
    h.get_by_label("Highlights with “thesis” (1)").click();
    h.run();
    h.get_by_label("1 of 3 highlights");
}
