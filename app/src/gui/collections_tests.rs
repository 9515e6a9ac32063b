//! kittest tests of collections in the window: made from the selection,
//! a filter with counts that follow the other filters, the reader's
//! Collect menu, the reader's order (Alt+↑/↓ and dragging in the list),
//! rename and delete.

use super::app::HotlineApp;
use super::tests::{harness, shown};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

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

/// A window listing the collection "Order" of Alpha, Bravo and Charlie,
/// in that order.
fn three_in_order() -> Harness<'static, HotlineApp> {
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
    h
}

#[test]
fn alt_arrows_move_an_entry_in_the_collections_order() {
    let mut h = three_in_order();
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

/// Drags with the primary button from one point to another, a frame
/// between each step (a drag starts only once the pointer moves).
fn drag(h: &mut Harness<'static, HotlineApp>, from: egui::Pos2, to: egui::Pos2) {
    let button = |pos, pressed| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    };
    h.event(egui::Event::PointerMoved(from));
    h.step();
    h.event(button(from, true));
    h.step();
    for t in [0.25, 0.5, 0.75, 1.0] {
        h.event(egui::Event::PointerMoved(from + (to - from) * t));
        h.step();
    }
    h.event(button(to, false));
    h.run();
}

#[test]
fn dragging_a_row_places_it_in_the_collections_order() {
    let mut h = three_in_order();
    let row = |h: &Harness<'static, HotlineApp>, title: &str| h.get_by_label(title).rect();
    // Charlie onto the upper half of Alpha: first.
    let (charlie, alpha) = (row(&h, "Charlie Report"), row(&h, "Alpha Essay"));
    drag(
        &mut h,
        charlie.center(),
        alpha.center() - egui::vec2(0.0, 10.0),
    );
    settle(&mut h);
    assert_eq!(shown(&h), ["Charlie Report", "Alpha Essay", "Bravo Notes"]);
    // Charlie onto the lower half of Bravo, the last row: last again.
    let (charlie, bravo) = (row(&h, "Charlie Report"), row(&h, "Bravo Notes"));
    drag(
        &mut h,
        charlie.center(),
        bravo.center() + egui::vec2(0.0, 10.0),
    );
    settle(&mut h);
    assert_eq!(shown(&h), ["Alpha Essay", "Bravo Notes", "Charlie Report"]);
    // Alpha onto the lower half of itself: nothing moves.
    let alpha = row(&h, "Alpha Essay");
    drag(
        &mut h,
        alpha.center(),
        alpha.center() + egui::vec2(0.0, 10.0),
    );
    settle(&mut h);
    assert_eq!(shown(&h), ["Alpha Essay", "Bravo Notes", "Charlie Report"]);
    // The toolbar says the list is in the collection's own order, not
    // by date.
    assert_eq!(own_order_chosen(&h), Some(true));
    assert!(h.query_by_label("Date ↑").is_none());
    // Sorted by title (descending), the list's order is not the
    // collection's: a drag moves nothing.
    h.get_by_label("Title").click();
    h.run();
    h.get_by_label("Title ↑").click();
    h.run();
    assert_eq!(shown(&h), ["Charlie Report", "Bravo Notes", "Alpha Essay"]);
    assert_eq!(own_order_chosen(&h), Some(false));
    let order = |h: &Harness<'static, HotlineApp>| {
        h.state().rt.memory.collection("Order").unwrap().ids.clone()
    };
    let before = order(&h);
    let (alpha, charlie) = (row(&h, "Alpha Essay"), row(&h, "Charlie Report"));
    drag(
        &mut h,
        alpha.center(),
        charlie.center() - egui::vec2(0.0, 10.0),
    );
    settle(&mut h);
    assert_eq!(order(&h), before);
    // Back in its own order.
    h.get_by_label("Own order").click();
    h.run();
    assert_eq!(shown(&h), ["Alpha Essay", "Bravo Notes", "Charlie Report"]);
}

/// Whether the toolbar's "Own order" is the list's order (`None`: not
/// offered).
fn own_order_chosen(h: &Harness<'static, HotlineApp>) -> Option<bool> {
    let node = h.query_by_label("Own order")?;
    Some(node.accesskit_node().toggled() == Some(egui::accesskit::Toggled::True))
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
