//! kittests of the ways on from the reader: related entries, the author
//! page, a teaser's "Read the whole article", steps in time and "this
//! day in the archive".

use super::app::HotlineApp;
use super::state::JoinedTeasers;
use super::tests::{entry, harness_with, id_of, para, sample, shown, step_until};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hotline::{Archive, Kind, PageRef};
use std::sync::Arc;

const OPENING: &str = "Submarine crews trained their sonar operators for months before the \
    long patrol under the polar ice, where every sound of the torpedo room mattered.";

/// Articles on two topics, a teaser that is a near copy of one opening,
/// and fillers, so that common words weigh little.
fn topics() -> Arc<Archive> {
    let mut teaser = entry(
        "teaser",
        "Submarine crews teaser",
        None,
        None,
        vec![para(
            "SUBMARINE crews trained their “sonar” operators -- for months before the long patrol under the po…",
        )],
    );
    teaser.kind = Kind::Excerpt;
    teaser.page = Some(PageRef {
        source: "test/index.txt".into(),
        part: 1,
        of: 3,
    });
    let mut entries = vec![
        entry(
            "sub-a",
            "Under the Ice",
            Some("Ann Lee"),
            Some("2007-03-24"),
            vec![para(OPENING)],
        ),
        entry(
            "sub-b",
            "Sonar School",
            Some("Ann Lee"),
            Some("2008-05-02"),
            vec![para(
                "A sonar operator on a submarine hears the patrol and the torpedo room.",
            )],
        ),
        entry(
            "garden",
            "Roses in Spring",
            Some("Bob Roe"),
            Some("2008-06-01"),
            vec![para(
                "Gardening: roses, tulips and a wheelbarrow of compost.",
            )],
        ),
        teaser,
    ];
    for i in 0..6 {
        entries.push(entry(
            &format!("filler-{i}"),
            &format!("Filler {i}"),
            Some("Cy Doe"),
            Some("2009-01-01"),
            vec![para(
                "The weather was fine and the team met to talk about the plan.",
            )],
        ));
    }
    Arc::new(Archive::new(entries, vec![]))
}

/// The window on [`topics`], once its teasers are joined to their articles.
fn joined() -> Harness<'static, HotlineApp> {
    let mut h = harness_with(None, topics());
    let ready = |app: &HotlineApp| app.rt.search.explored.joins.is_some();
    assert!(step_until(&mut h, ready));
    h
}

fn open(h: &mut Harness<'_, HotlineApp>, id: &str) {
    let ix = id_of(h, id).unwrap();
    h.state_mut()
        .rt
        .queue
        .push(super::command::Command::Open(ix));
    // The command is applied at the end of a frame; the next draws it.
    h.run();
    h.run();
}

#[test]
fn related_lists_the_most_alike_entries_and_a_click_opens_one() {
    let mut h = harness_with(None, topics());
    open(&mut h, "sub-a");
    let ix = id_of(&h, "sub-a").unwrap();
    assert!(step_until(&mut h, |app| app
        .rt
        .search
        .explored
        .related(ix)
        .is_some()));
    h.run();
    h.get_by_label("Related");
    // Its own teaser is not listed; the other submarine piece is, first.
    let found = h.state().rt.search.explored.related(ix).unwrap().to_vec();
    assert_eq!(found.first().map(|r| r.ix), id_of(&h, "sub-b"));
    assert!(
        h.query_by_label("Related: Submarine crews teaser")
            .is_none()
    );
    assert!(h.query_by_label("Related: Roses in Spring").is_none());
    h.get_by_label("Related: Sonar School").click();
    h.run();
    assert_eq!(h.state().rt.open, id_of(&h, "sub-b"));
}

#[test]
fn read_the_whole_article_opens_the_article_and_the_article_names_its_teaser() {
    let mut h = joined();
    open(&mut h, "teaser");
    h.get_by_label("Read the whole article").click();
    h.run();
    assert_eq!(h.state().rt.open, id_of(&h, "sub-a"));
    h.get_by_label("Teased on index page test/index.txt (part 1 of 3)")
        .click();
    h.run();
    assert_eq!(h.state().rt.open, id_of(&h, "teaser"));
}

#[test]
fn the_list_can_hide_teasers_that_have_their_article() {
    let mut h = joined();
    h.run();
    assert!(shown(&h).contains(&"Submarine crews teaser".to_string()));
    h.state_mut().state.joined_teasers = JoinedTeasers::Hide;
    h.run();
    assert!(!shown(&h).contains(&"Submarine crews teaser".to_string()));
    assert_eq!(shown(&h).len(), 9);
    h.state_mut().state.joined_teasers = JoinedTeasers::Show;
    h.run();
    assert_eq!(shown(&h).len(), 10);
}

/// Opens the entry `id`, clicks its `byline` and waits for the page.
fn open_author(h: &mut Harness<'_, HotlineApp>, id: &str, byline: &str) {
    open(h, id);
    h.get_by_label(byline).click();
    h.run();
    assert!(step_until(h, |app| app
        .rt
        .search
        .explored
        .author()
        .is_some()));
    h.run();
}

#[test]
fn the_byline_opens_the_author_page_with_first_and_last_dates_on_the_built_in_archive() {
    let archive = hotline::load(
        &hotline::LoadOptions::default(),
        &hotline::Progress::default(),
    )
    .unwrap();
    let mut h = harness_with(None, Arc::new(archive));
    let first = h.state().rt.session.archive.entries()[0].id.clone();
    open_author(&mut h, &first, "By Mikael Blaisdell");
    h.get_by_label("First: 24 March 2007");
    h.get_by_label("Last: 15 May 2008");
    h.get_by_label("3 entries  ·  1,670 words");
    h.get_by_label("Export this author…").click();
    h.run();
    assert!(h.state().rt.export.open);
    assert_eq!(shown(&h).len(), 3);
}

#[test]
fn the_author_page_counts_a_highlight_made_while_it_is_open() {
    let mut h = harness_with(None, sample());
    open_author(&mut h, "alpha", "By Jane Doe");
    h.get_by_label("Highlights: 0");
    let ix = id_of(&h, "alpha").unwrap();
    let e = h.state().rt.session.archive.entries()[ix as usize].clone();
    let text = hotline::marks::EntryText::of(&e);
    let anchor = hotline::marks::make(&text, 0..5);
    h.state_mut()
        .rt
        .memory
        .add_highlight(&e.id, anchor, hotline::db::Colour::Yellow);
    h.run();
    h.get_by_label("Highlights: 1");
}

#[test]
fn next_and_previous_in_time_open_the_next_dated_entry() {
    let mut h = harness_with(None, sample());
    open(&mut h, "alpha");
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowRight);
    h.run();
    assert_eq!(h.state().rt.open, id_of(&h, "bravo"));
    h.get_by_label("Go").click();
    h.run();
    h.get_by_label_contains("Next in time").click();
    h.run();
    assert_eq!(h.state().rt.open, id_of(&h, "charlie"));
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().rt.open, id_of(&h, "bravo"));
}

#[test]
fn random_entry_opens_another_entry() {
    let mut h = harness_with(None, sample());
    open(&mut h, "alpha");
    let before = h.state().rt.open;
    h.key_press_modifiers(Modifiers::ALT, Key::R);
    h.run();
    assert!(h.state().rt.open.is_some());
    assert_ne!(h.state().rt.open, before);
}

#[test]
fn the_start_page_shows_this_day_in_other_years_and_opens_one() {
    let mut h = harness_with(None, sample());
    h.state_mut().rt.today = chrono::NaiveDate::from_ymd_opt(2026, 3, 24);
    h.run();
    h.get_by_label("This day in the archive: 24 March");
    h.get_by_label("2007  Alpha Essay").click();
    h.run();
    assert_eq!(h.state().rt.open, id_of(&h, "alpha"));
}

#[test]
fn the_export_window_can_leave_out_the_teasers_that_have_their_article() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("all");
    let mut h = joined();
    h.state_mut()
        .rt
        .queue
        .push(super::command::Command::Export(super::export::Scope::Shown));
    h.run();
    h.run();
    h.get_by_label("One file per entry, in a folder").click();
    h.run();
    super::export_tests::set_field(&mut h, "Folder", &out.display().to_string());
    h.get_by_label("Leave out teasers that have their article (1)")
        .click();
    h.run();
    super::export_tests::run_export(&mut h, "Export 10 entries");
    let files = std::fs::read_dir(&out).unwrap().count();
    assert_eq!(files, 9);
}
