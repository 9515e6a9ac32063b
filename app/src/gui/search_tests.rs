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
        step_until(h, |app| app.rt.search.settled()),
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
    let (_, found) = h.state().rt.search.asked().current().unwrap();
    let snippet = &found.snippets[&alpha];
    let hit = snippet.highlights.first().cloned().unwrap();
    assert_eq!(&snippet.text[hit], "listening");
    // Facet counts follow the results.
    h.get_by_label("All entries (1)");
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
    let (_, found) = h.state().rt.search.asked().current().unwrap();
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

/// The keys typed in the frame of `/` (or Ctrl+F) reach the field: the
/// shortcut gives the field the keyboard before it is drawn, and the "/"
/// the key itself types is not one of them.
#[test]
fn keys_typed_with_the_shortcut_reach_the_field() {
    let mut h = harness();
    // A real "/" key sends its key event and its text; fast typing puts
    // the next letters in the same frame.
    in_one_frame(&mut h, Key::Slash, Modifiers::NONE, &["/", "slavery"]);
    assert_eq!(h.state().rt.search.text, "slavery");
    h.key_press(Key::Escape);
    h.run();
    h.get_by_label("Alpha Essay").click();
    h.run();
    in_one_frame(&mut h, Key::F, Modifiers::COMMAND, &["levels"]);
    assert_eq!(h.state().rt.find.text, "levels");
}

/// Presses `key` with `modifiers` and types `texts`, all in one frame
/// (kittest's own helpers give each event a frame of its own).
fn in_one_frame(h: &mut Harness<'_, HotlineApp>, key: Key, modifiers: Modifiers, texts: &[&str]) {
    let press = |pressed| egui::Event::Key {
        key,
        physical_key: None,
        pressed,
        repeat: false,
        modifiers,
    };
    let events = &mut h.input_mut().events;
    events.push(egui::Event::ModifiersChanged(modifiers));
    events.push(press(true));
    events.push(press(false));
    events.push(egui::Event::ModifiersChanged(Modifiers::NONE));
    events.extend(texts.iter().map(|t| egui::Event::Text(t.to_string())));
    h.step();
    h.run();
}

/// F3 and Shift+F3 step through the reader's hits while the Search field
/// has the keyboard; keys that type or move in the field stay with it.
#[test]
fn function_keys_work_in_the_search_field() {
    let mut h = harness();
    type_query(&mut h, "levels");
    h.get_by_label("Alpha Essay").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Search").focus();
    h.run();
    let at = |h: &Harness<'_, HotlineApp>| h.state().rt.find.current;
    let first = at(&h);
    h.key_press(Key::F3);
    h.run();
    assert_ne!(at(&h), first, "F3 moved to the next hit");
    h.key_press_modifiers(Modifiers::SHIFT, Key::F3);
    h.run();
    assert_eq!(at(&h), first, "Shift+F3 moved back");
    // "j" is typed, not taken as "move down".
    let cursor = h.state().rt.cursor;
    h.event(egui::Event::Text("j".into()));
    h.key_press(Key::J);
    wait_for_search(&mut h);
    assert_eq!(h.state().rt.search.text, "levelsj");
    assert_eq!(h.state().rt.cursor, cursor);
}

/// A window on `count` entries "Orchard n", each `count` words long with
/// "apples" n times (so a search for it ranks them n descending), by
/// `author(n)`.
fn orchards(
    count: usize,
    author: fn(usize) -> Option<&'static str>,
) -> Harness<'static, HotlineApp> {
    use super::tests::{entry, harness_with, para};
    let entries = (1..=count)
        .map(|n| {
            let words: Vec<&str> = (0..count)
                .map(|i| if i < n { "apples" } else { "pears" })
                .collect();
            entry(
                &format!("e{n:03}"),
                &format!("Orchard {n}"),
                author(n),
                Some("2007-01-01"),
                vec![para(&words.join(" "))],
            )
        })
        .collect();
    harness_with(
        None,
        std::sync::Arc::new(hotline::Archive::new(entries, vec![])),
    )
}

#[test]
fn every_hit_is_listed_best_first_and_later_rows_get_their_snippets_when_shown() {
    // 150 hits, more than come with snippets.
    let mut h = orchards(150, |_| None);
    type_query(&mut h, "apples");
    let rows = shown(&h);
    assert_eq!(rows.len(), 150, "every hit is listed");
    assert_eq!(rows[0], "Orchard 150");
    assert_eq!(rows[149], "Orchard 1");
    h.get_by_label("Showing 150 of 150 entries");
    let snippets = |h: &Harness<'_, HotlineApp>| {
        h.state()
            .rt
            .search
            .asked()
            .current()
            .unwrap()
            .1
            .snippets
            .len()
    };
    assert!(snippets(&h) < 150, "not all snippets come with the answer");
    // Scrolled to the last row, it gets its snippet.
    let last = h.state().rt.view.rows[149];
    h.state_mut().rt.cursor = Some(last);
    h.state_mut().rt.reveal_cursor = true;
    assert!(step_until(&mut h, |app| {
        app.rt
            .search
            .asked()
            .current()
            .is_some_and(|(_, o)| o.snippets.contains_key(&last))
    }));
    let (_, o) = h.state().rt.search.asked().current().unwrap();
    let s = &o.snippets[&last];
    assert_eq!(&s.text[s.highlights[0].clone()], "apples");
}

#[test]
fn a_query_under_a_filter_lists_only_its_hits_and_follows_filter_changes() {
    let mut h = orchards(6, |n| Some(if n % 2 == 0 { "Jane Doe" } else { "Bob Roe" }));
    h.get_by_label("Jane Doe (3)").click();
    h.run();
    assert_eq!(shown(&h).len(), 3);
    type_query(&mut h, "apples");
    // The answer came with its rows under this filter, scanned on the index
    // thread, and the list shows those: Jane's hits, best first.
    let (_, o) = h.state().rt.search.asked().current().unwrap();
    assert_eq!(
        o.scanned.as_ref().map(|s| &s.filter),
        Some(&h.state().state.filter)
    );
    assert_eq!(shown(&h), ["Orchard 6", "Orchard 4", "Orchard 2"]);
    h.get_by_label("All entries (6)");
    // Without the filter, the same answer's rows are scanned again here.
    h.get_by_label("All entries (6)").click();
    h.run();
    h.run();
    assert_eq!(
        shown(&h),
        [
            "Orchard 6",
            "Orchard 5",
            "Orchard 4",
            "Orchard 3",
            "Orchard 2",
            "Orchard 1"
        ]
    );
    h.get_by_label("Bob Roe (3)");
}

/// With a query the list is best first and says so ("Relevance"); a sort
/// key orders the hits by it (its arrow shows the direction), and
/// "Relevance" brings the ranking back.
#[test]
fn hits_are_best_first_until_sorted_and_the_toolbar_says_which() {
    let mut h = orchards(5, |_| None);
    h.get_by_label("Date ↑");
    assert!(
        h.query_by_label("Relevance").is_none(),
        "no search, no ranking"
    );
    type_query(&mut h, "apples");
    assert_eq!(
        shown(&h),
        [
            "Orchard 5",
            "Orchard 4",
            "Orchard 3",
            "Orchard 2",
            "Orchard 1"
        ]
    );
    h.get_by_label("Relevance");
    h.get_by_label("Date");
    h.get_by_label("Title").click();
    h.run();
    assert_eq!(
        shown(&h),
        [
            "Orchard 1",
            "Orchard 2",
            "Orchard 3",
            "Orchard 4",
            "Orchard 5"
        ]
    );
    h.get_by_label("Title ↑").click();
    h.run();
    h.get_by_label("Title ↓");
    assert_eq!(shown(&h)[0], "Orchard 5");
    h.get_by_label("Relevance").click();
    h.run();
    assert_eq!(shown(&h)[..2], ["Orchard 5", "Orchard 4"]);
    h.get_by_label("Title");
}
