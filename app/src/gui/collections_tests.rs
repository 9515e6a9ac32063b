//! kittest tests of collections in the window: made from the selection,
//! a filter with counts that follow the other filters, the reader's
//! Collect menu, the reader's order (Alt+↑/↓), rename and delete.

use super::app::HotlineApp;
use super::tests::{harness, shown};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// Lets the memory's thread finish what was asked, then a frame pass.
fn settle(h: &mut Harness<'_, HotlineApp>) {
    h.state_mut().rt.memory.settle();
    h.run();
}

/// Makes the collection `name` from the entries ticked by these labels.
fn collect(h: &mut Harness<'static, HotlineApp>, name: &str, ticks: &[&str]) {
    for t in ticks {
        h.get_by_label(t).click();
        h.run();
    }
    h.get_by_label("New collection…").click();
    h.run();
    h.get_by_label("Collection name").type_text(name);
    h.run();
    h.get_by_label("Create").click();
    h.run();
    settle(h);
}

/// Opens the reader's Collect menu.
fn open_collect_menu(h: &mut Harness<'static, HotlineApp>) {
    h.get_by_label("Collect").click();
    // Frame by frame: `run` lets the menu close again in this window
    // (a real click keeps it open).
    for _ in 0..4 {
        h.step();
    }
    h.get_by_label("New collection with this entry…");
}

#[test]
fn a_collection_made_from_the_selection_lists_its_entries_and_counts_under_other_filters() {
    let mut h = harness();
    collect(
        &mut h,
        "Keep",
        &[
            "Select Alpha Essay",
            "Select Bravo Notes",
            "Select Echo Column",
        ],
    );
    // A new collection is listed at once, in the order it was given.
    assert_eq!(shown(&h), ["Alpha Essay", "Bravo Notes", "Echo Column"]);
    h.get_by_label("Keep (3)");
    // Another filter narrows its count; the collection filter stays.
    h.get_by_label("Jane Doe (2)").click();
    h.run();
    assert_eq!(shown(&h), ["Alpha Essay", "Echo Column"]);
    h.get_by_label("Keep (2)");
    // A click on the chosen collection lets go of it.
    h.get_by_label("Keep (2)").click();
    h.run();
    assert_eq!(shown(&h).len(), 3, "Jane Doe's three entries");
}

#[test]
fn the_collect_menu_puts_the_open_entry_in_a_collection_and_takes_it_out() {
    let mut h = harness();
    collect(&mut h, "Later", &["Select Bravo Notes"]);
    h.get_by_label("All entries (5)").click();
    h.run();
    h.get_by_label("Charlie Report").click();
    h.run();
    open_collect_menu(&mut h);
    h.get_by_role_and_label(Role::CheckBox, "Later (1)").click();
    h.run();
    settle(&mut h);
    let ids = |h: &Harness<'_, HotlineApp>| {
        h.state()
            .rt
            .memory
            .collection("later")
            .map(|c| c.ids.clone())
    };
    assert_eq!(
        ids(&h),
        Some(vec!["bravo".to_string(), "charlie".to_string()])
    );
    open_collect_menu(&mut h);
    h.get_by_role_and_label(Role::CheckBox, "Later (2)").click();
    h.run();
    settle(&mut h);
    assert_eq!(ids(&h), Some(vec!["bravo".to_string()]));
}

#[test]
fn alt_arrows_move_an_entry_in_the_collections_order() {
    let mut h = harness();
    collect(
        &mut h,
        "Order",
        &[
            "Select Alpha Essay",
            "Select Bravo Notes",
            "Select Charlie Report",
        ],
    );
    assert_eq!(shown(&h), ["Alpha Essay", "Bravo Notes", "Charlie Report"]);
    h.get_by_label("Charlie Report").click();
    h.run();
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowUp);
    h.run();
    settle(&mut h);
    assert_eq!(shown(&h), ["Alpha Essay", "Charlie Report", "Bravo Notes"]);
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowUp);
    h.run();
    settle(&mut h);
    assert_eq!(shown(&h), ["Charlie Report", "Alpha Essay", "Bravo Notes"]);
}

#[test]
fn a_collection_is_renamed_and_deleted_from_its_menu_and_the_filter_follows() {
    let mut h = harness();
    collect(&mut h, "Old name", &["Select Alpha Essay"]);
    h.get_by_label("Old name (1)").click_secondary();
    h.run();
    h.get_by_label("Rename…").click();
    h.run();
    h.get_by_label("Collection name").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_label("Collection name").type_text("New name");
    h.run();
    h.get_by_label("Rename").click();
    h.run();
    settle(&mut h);
    h.get_by_label("New name (1)");
    assert_eq!(h.state().state.filter.collections, ["New name"]);
    assert_eq!(shown(&h), ["Alpha Essay"]);
    h.get_by_label("New name (1)").click_secondary();
    h.run();
    h.get_by_label("Delete collection…").click();
    h.run();
    h.get_by_label("Delete").click();
    h.run();
    settle(&mut h);
    assert!(h.query_by_label("New name (1)").is_none());
    assert!(h.state().state.filter.collections.is_empty());
    assert_eq!(shown(&h).len(), 5, "the entries stay in the archive");
}
