//! egui_kittest tests of hits in the reader: a search result opens with
//! "hit 1 of N" and steps through its hits; find-in-article (Ctrl+F);
//! the window's index cache for user folders.

use super::app::HotlineApp;
use super::find::{Hit, Place};
use super::search_tests::type_query;
use super::tests::{harness, id_of, open_folder};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn hit(place: Place, range: std::ops::Range<usize>) -> Hit {
    Hit { place, range }
}

#[test]
fn a_search_result_opens_on_its_hits_and_steps_through_them() {
    let mut h = harness();
    type_query(&mut h, "support essay");
    h.get_by_label("Alpha Essay").click();
    h.run();
    assert_eq!(h.state().rt.open, id_of(&h, "alpha"));
    // The title counts first, then the blocks in order (block 6 is the
    // author note "(Jane Doe writes about support.)").
    let expected = [
        hit(Place::Title, 6..11),
        hit(Place::Block(0), 0..7),
        hit(Place::Block(6), 23..30),
    ];
    assert_eq!(h.state().rt.find.hits, expected);
    h.get_by_label("hit 1 of 3");
    h.get_by_label("Next hit").click();
    h.run();
    h.get_by_label("hit 2 of 3");
    h.key_press(Key::F3);
    h.run();
    h.get_by_label("hit 3 of 3");
    h.key_press(Key::F3);
    h.run();
    h.get_by_label("hit 1 of 3");
    h.key_press_modifiers(Modifiers::SHIFT, Key::F3);
    h.run();
    h.get_by_label("hit 3 of 3");
    // No search, no hits.
    h.get_by_role_and_label(Role::TextInput, "Search").focus();
    h.run();
    h.key_press(Key::Escape);
    h.run();
    h.run();
    assert!(h.state().rt.find.hits.is_empty());
    assert!(h.query_by_label_contains("hit 1 of").is_none());
}

#[test]
fn ctrl_f_finds_in_the_open_entry_and_esc_closes_the_bar() {
    let mut h = harness();
    h.get_by_label("Alpha Essay").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.run();
    let field = h.get_by_role_and_label(Role::TextInput, "Find in article");
    assert!(field.is_focused(), "the find field has the keyboard");
    // Case, stem and search's own matching: "levels" finds "Levels" and "level".
    field.type_text("levels");
    h.run();
    h.get_by_label("1 of 2");
    assert_eq!(
        h.state().rt.find.hits,
        [hit(Place::Block(1), 14..20), hit(Place::Block(2), 6..11)]
    );
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label("2 of 2");
    h.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    h.run();
    h.get_by_label("1 of 2");
    assert!(
        h.get_by_role_and_label(Role::TextInput, "Find in article")
            .is_focused(),
        "Enter keeps the keyboard in the field"
    );
    h.key_press(Key::Escape);
    h.run();
    h.run();
    assert!(!h.state().rt.find.open);
    assert!(
        h.query_by_role_and_label(Role::TextInput, "Find in article")
            .is_none()
    );
    assert!(h.state().rt.find.hits.is_empty());
    assert_eq!(
        h.state().rt.open,
        id_of(&h, "alpha"),
        "Esc closed only the bar"
    );
}

#[test]
fn a_user_folder_index_is_reused_from_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "By Jane Doe\n\nApples and pears.\n",
    )
    .unwrap();
    let cache = tempfile::tempdir().unwrap();
    let mut h = harness();
    h.state_mut().rt.session.cache_dir = Some(cache.path().into());
    open_folder(&mut h, dir.path());
    assert!(h.state().rt.search.report.unwrap().rebuilt);
    open_folder(&mut h, dir.path());
    let report = h.state().rt.search.report.unwrap();
    assert!(!report.rebuilt && report.indexed == 0, "{report:?}");
    assert!(h.state().rt.search.cache_error.is_none());
    type_query(&mut h, "pears");
    assert_eq!(h.state().rt.view.rows.len(), 1);
}

#[test]
fn help_lists_the_find_keys_and_the_search_syntax() {
    let mut h = harness();
    h.key_press(Key::F1);
    h.run();
    h.get_by_label("Find in the open entry (or Search)");
    h.get_by_label("Shift+F3");
    h.get_by_label("Search syntax");
    for example in [
        "\"support desk\"",
        "-outsourcing",
        "manag*",
        "author:blaisdell",
    ] {
        h.get_by_label(example);
    }
    h.get_by_label_contains("fuzzy fallback");
    // Keys as people write them, not egui's names for them.
    for keys in ["[", "]", "/", "Ctrl++  /  Ctrl+=", "↑  /  K"] {
        h.get_by_label(keys);
    }
    assert!(h.query_by_label_contains("OpenBracket").is_none());
}

/// Esc closes the window on top, one at a time, before it clears filters.
#[test]
fn esc_closes_help_export_and_warnings() {
    let mut h = harness();
    let shown = |h: &Harness<'_, HotlineApp>| {
        let rt = &h.state().rt;
        (rt.show_help, rt.export.open, rt.show_warnings)
    };
    h.key_press_modifiers(Modifiers::COMMAND, Key::W);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    h.key_press(Key::F1);
    h.run();
    assert_eq!(shown(&h), (true, true, true));
    for left in [
        (false, true, true),
        (false, false, true),
        (false, false, false),
    ] {
        h.key_press(Key::Escape);
        h.run();
        assert_eq!(shown(&h), left);
    }
}

#[test]
fn an_unusable_cache_falls_back_to_memory_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "By Jane Doe\n\nPlums.\n").unwrap();
    let not_a_dir = dir.path().join("a.txt");
    let mut h = harness();
    h.state_mut().rt.session.cache_dir = Some(not_a_dir);
    open_folder(&mut h, dir.path());
    assert!(h.state().rt.search.cache_error.is_some());
    h.get_by_label("Index not cached");
    type_query(&mut h, "plums");
    assert_eq!(h.state().rt.view.rows.len(), 1);
}
