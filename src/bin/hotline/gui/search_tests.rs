//! egui_kittest tests of full-text search in the window: typing in the
//! Search field, hits and snippets, errors, the fuzzy note, shortcuts.

use super::app::HotlineApp;
use super::tests::{harness, id_of, shown, step_until};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// Types `text` into the Search field and waits for the answer.
pub(super) fn type_query(h: &mut Harness<'_, HotlineApp>, text: &str) {
    h.get_by_role_and_label(Role::TextInput, "Search").focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Search")
        .type_text(text);
    wait_for_search(h);
}

/// Steps frames (the index thread asks for repaints) until the search
/// thread has answered the current query.
fn wait_for_search(h: &mut Harness<'_, HotlineApp>) {
    assert!(
        step_until(h, |app| app.rt.search.answered()),
        "no search results arrived"
    );
    h.run();
}

#[test]
fn search_shows_only_the_hits_with_snippets_and_opens_one() {
    let mut h = harness();
    type_query(&mut h, "listening");
    assert_eq!(shown(&h), ["Alpha Essay"]);
    let alpha = id_of(&h, "alpha").unwrap();
    let (_, found) = h.state().rt.search.current().unwrap();
    let snippet = &found.snippets[&alpha];
    let hit = snippet.highlights.first().cloned().unwrap();
    assert_eq!(&snippet.text[hit], "listening");
    // Facet counts follow the results.
    h.get_by_label("Jane Doe (1)");
    assert!(h.query_by_label("Bob Roe (1)").is_none());
    h.get_by_label("Alpha Essay").click();
    h.run();
    assert_eq!(h.state().rt.open, Some(alpha));
    assert_eq!(
        h.get_all_by_label("Alpha Essay").count(),
        2,
        "list row and reader title"
    );
    // A malformed query says why; Esc in the field clears it.
    type_query(&mut h, " \"open");
    h.get_by_label_contains("unclosed quote");
    assert_eq!(shown(&h), ["Alpha Essay"], "the last results stay up");
    h.key_press(Key::Escape);
    h.run();
    h.run();
    assert!(h.state().rt.search.text.is_empty());
    assert_eq!(shown(&h).len(), 5);
}

#[test]
fn a_misspelt_query_falls_back_to_the_corrected_one() {
    let mut h = harness();
    type_query(&mut h, "lisening");
    assert_eq!(shown(&h), ["Alpha Essay"]);
    let (_, found) = h.state().rt.search.current().unwrap();
    let fixed = found.fuzzy.clone().unwrap();
    assert!(fixed.contains("listen"), "{fixed}");
    h.get_by_label(&format!("No exact matches — showing results for “{fixed}”"));
}

#[test]
fn slash_and_ctrl_f_focus_the_search_field() {
    let mut h = harness();
    h.key_press(Key::Slash);
    h.run();
    h.run();
    assert!(
        h.get_by_role_and_label(Role::TextInput, "Search")
            .is_focused()
    );
    h.key_press(Key::Escape);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.run();
    assert!(
        h.get_by_role_and_label(Role::TextInput, "Search")
            .is_focused()
    );
}
