//! egui_kittest tests: the real App driven by labels and roles, on small
//! archives built from `Entry` values (or a temporary folder for loading).

use super::app::HotlineApp;
use super::session::Phase;
use super::state::{STATE_KEY, ThemeChoice, UiState};
use egui::{Key, Modifiers, Pos2};
use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, HarnessBuilder};
use hotline::{Archive, Block, Entry, Kind, PageRef};
use std::collections::HashMap;
use std::sync::Arc;

/// eframe storage in memory.
#[derive(Default)]
pub(super) struct MemStorage(HashMap<String, String>);

impl eframe::Storage for MemStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_string(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

pub(super) fn entry(
    id: &str,
    title: &str,
    author: Option<&str>,
    date: Option<&str>,
    blocks: Vec<Block>,
) -> Entry {
    use chrono::Datelike;
    let date = date.map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
    Entry::with_blocks(blocks)
        .with_id(id)
        .with_author(author)
        .with_date(date.map(|d| (d.year(), d.month(), d.day())))
        .with_title(title)
        .with_source(&format!("test/{id}.txt"))
}

/// Moves the pointer to `pos`, then presses or releases the primary button.
pub(super) fn pointer(h: &Harness<'_, HotlineApp>, pos: Pos2, pressed: Option<bool>) {
    h.event(egui::Event::PointerMoved(pos));
    if let Some(pressed) = pressed {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
}

pub(super) fn para(t: &str) -> Block {
    Block::paragraph(t)
}

/// Five entries: list (date) order Alpha, Bravo, Charlie, Echo, Delta.
pub(super) fn sample() -> Arc<Archive> {
    let alpha = entry(
        "alpha",
        "Alpha Essay",
        Some("Jane Doe"),
        Some("2007-03-24"),
        vec![
            para("Support begins with listening."),
            Block::heading("Vision at all Levels"),
            para("Every level of the company needs it."),
            Block::caption("Hubble Telescope over Earth"),
            Block::heading("Second Thoughts"),
            para("And then some more."),
            Block::author_note("(Jane Doe writes about support.)"),
        ],
    );
    let mut delta = entry("delta", "Delta Teaser", None, None, vec![para("A teaser.")]);
    delta.kind = Kind::Excerpt;
    delta.page = Some(PageRef {
        source: "builtin/index.txt".into(),
        part: 2,
        of: 5,
    });
    let entries = vec![
        alpha,
        entry(
            "bravo",
            "Bravo Notes",
            Some("Bob Roe"),
            Some("2007-05-02"),
            vec![para("B.")],
        ),
        entry(
            "charlie",
            "Charlie Report",
            Some("Jane Doe"),
            Some("2008-01-10"),
            vec![para("C.")],
        ),
        delta,
        entry(
            "echo",
            "Echo Column",
            Some("Jane Doe"),
            Some("2008-02-14"),
            vec![para("E.")],
        ),
    ];
    Arc::new(Archive::new(entries, vec![]))
}

pub(super) fn harness_with(
    storage: Option<&MemStorage>,
    archive: Arc<Archive>,
) -> Harness<'_, HotlineApp> {
    let storage = storage.map(|s| s as &dyn eframe::Storage);
    let app_archive = archive.clone();
    settled(|b| b.build_eframe(move |cc| HotlineApp::new(&cc.egui_ctx, storage, app_archive)))
}

/// The window `build` makes at the tests' size, once its search index is
/// ready.
pub(super) fn settled<'a>(
    build: impl FnOnce(HarnessBuilder<HotlineApp>) -> Harness<'a, HotlineApp>,
) -> Harness<'a, HotlineApp> {
    let mut h = build(
        Harness::builder()
            .with_size(egui::vec2(1280.0, 820.0))
            // A search or load thread may answer in the middle of a `run`
            // on a busy machine; its repaint costs a few more frames.
            .with_max_steps(16),
    );
    // Let the index thread finish first: its repaint request would
    // otherwise land in the middle of a test's `run`.
    step_until(&mut h, |app| app.rt.search.ready);
    h.run();
    h
}

/// Steps frames until `done` holds, for at most a generous minute (CI
/// machines can be slow and busy); returns whether it held.
pub(super) fn step_until(
    h: &mut Harness<'_, HotlineApp>,
    mut done: impl FnMut(&HotlineApp) -> bool,
) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::time::Instant::now() < deadline {
        h.step();
        if done(h.state()) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    false
}

pub(super) fn harness() -> Harness<'static, HotlineApp> {
    harness_with(None, sample())
}

/// Titles shown in the list, in order.
pub(super) fn shown(h: &Harness<'_, HotlineApp>) -> Vec<String> {
    let app = h.state();
    app.rt
        .view
        .rows
        .iter()
        .map(|&ix| app.rt.session.archive.get(ix).unwrap().title.clone())
        .collect()
}

pub(super) fn id_of(h: &Harness<'_, HotlineApp>, id: &str) -> Option<u32> {
    h.state().rt.session.archive.index_of(id)
}

#[test]
fn filter_by_author_narrows_the_list_and_counts_follow() {
    let mut h = harness();
    h.get_by_label("Showing 5 of 5 entries");
    h.get_by_label("Bob Roe (1)").click();
    h.run();
    assert_eq!(shown(&h), ["Bravo Notes"]);
    h.get_by_label("Showing 1 of 5 entries");
    assert!(h.query_by_label("Alpha Essay").is_none());
    // The timeline counts follow the author filter.
    h.get_by_label("2007 (1)");
    assert!(h.query_by_label("2008 (2)").is_none());
    // Clicking the author again widens the list.
    h.get_by_label("Bob Roe (1)").click();
    h.run();
    assert_eq!(shown(&h).len(), 5);
}

#[test]
fn timeline_period_in_the_sidebar_filters_the_list() {
    let mut h = harness();
    h.get_by_label("2007 (2)").click();
    h.run();
    assert_eq!(shown(&h), ["Alpha Essay", "Bravo Notes"]);
    // Author counts follow the date filter.
    h.get_by_label("Jane Doe (1)");
    h.get_by_label("Clear dates").click();
    h.run();
    assert_eq!(shown(&h).len(), 5);
}

#[test]
fn opening_an_article_shows_its_sections_caption_and_contents() {
    let mut h = harness();
    h.get_by_label("Alpha Essay").click();
    h.run();
    assert_eq!(h.state().rt.open, id_of(&h, "alpha"));
    h.get_by_label("Vision at all Levels");
    h.get_by_label("Second Thoughts");
    h.get_by_label("Hubble Telescope over Earth");
    h.get_by_label("By Jane Doe");
    h.get_by_label("2. Second Thoughts").click();
    h.run();
    // An excerpt says where it came from.
    h.get_by_label("Delta Teaser").click();
    h.run();
    h.get_by_label_contains("part 2 of 5 of the index page builtin/index.txt");
}

#[test]
fn jumping_to_a_section_scrolls_the_reader_to_its_heading() {
    let mut blocks = vec![Block::heading("Near Section")];
    blocks.extend((0..80).map(|i| para(&format!("Paragraph {i} of a long opening section."))));
    blocks.push(Block::heading("Far Section"));
    blocks.extend((0..80).map(|i| para(&format!("Closing paragraph {i}."))));
    let long = entry("long", "Long Essay", None, Some("2008-01-01"), blocks);
    let mut h = harness_with(None, Arc::new(Archive::new(vec![long], vec![])));
    h.get_by_label("Long Essay").click();
    h.run();
    assert_eq!(h.state().rt.memory.position("long"), 0.0);
    h.get_by_label("2. Far Section").click();
    h.run();
    // The heading stands at the top of the reader: scrolled past the 80
    // opening paragraphs, not to the end of the page.
    let offset = h.state().rt.memory.position("long");
    assert!(offset > 1000.0, "scrolled to {offset}");
    let heading = h.get_by_label("Far Section").rect();
    let first_after = h.get_by_label("Closing paragraph 0.").rect();
    assert!(heading.top() < first_after.top());
    assert!(heading.top() >= 0.0 && heading.top() < 400.0, "{heading:?}");
}

#[test]
fn toggling_and_range_selecting_updates_the_count_and_survives_filters() {
    let mut h = harness();
    h.get_by_label("Select Alpha Essay").click();
    h.run();
    h.get_by_label("1 selected");
    h.get_by_label("Select Echo Column")
        .click_modifiers(Modifiers::SHIFT);
    h.run();
    h.get_by_label("4 selected");
    assert!(!h.state().rt.selection.contains(id_of(&h, "delta").unwrap()));
    // A filter hides some, the selection stays.
    h.get_by_label("Bob Roe (1)").click();
    h.run();
    h.get_by_label("4 selected");
    h.get_by_label("Clear selection").click();
    h.run();
    h.get_by_label("0 selected");
    h.get_by_label("Select all shown").click();
    h.run();
    h.get_by_label("1 selected");
}

#[test]
fn keyboard_moves_opens_selects_and_clears() {
    let mut h = harness();
    h.key_press(Key::J);
    h.key_press(Key::ArrowDown);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().rt.open, id_of(&h, "bravo"));
    h.key_press(Key::Space);
    h.run();
    h.get_by_label("1 selected");
    h.key_press(Key::CloseBracket);
    h.run();
    assert_eq!(h.state().rt.open, id_of(&h, "charlie"));
    h.key_press(Key::K);
    h.key_press(Key::K);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().rt.open, id_of(&h, "alpha"));
    h.key_press(Key::OpenBracket);
    h.run();
    assert_eq!(
        h.state().rt.open,
        id_of(&h, "alpha"),
        "no entry before the first"
    );
    let size = h.state().state.font_size;
    h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    h.run();
    assert_eq!(h.state().state.font_size, size + 1.0);
    h.get_by_label("Bob Roe (1)").click();
    h.run();
    assert_eq!(shown(&h).len(), 1);
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(shown(&h).len(), 5);
}

#[test]
fn theme_switch_from_the_view_menu() {
    let mut h = harness();
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Dark").click();
    h.run();
    assert_eq!(h.state().state.theme, ThemeChoice::Dark);
    assert_eq!(h.ctx.theme(), egui::Theme::Dark);
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Light").click();
    h.run();
    assert_eq!(h.ctx.theme(), egui::Theme::Light);
}

#[test]
fn saved_state_is_restored_and_unknown_ids_dropped() {
    let mut storage = MemStorage::default();
    {
        let mut h = harness();
        h.get_by_label("Charlie Report").click();
        h.run();
        h.get_by_label("Select Bravo Notes").click();
        h.run();
        h.get_by_label("Jane Doe (3)").click();
        h.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
        h.run();
        eframe::App::save(h.state_mut(), &mut storage);
    }
    let mut saved: UiState = serde_json::from_str(&storage.0[STATE_KEY]).unwrap();
    saved.selection.push("no-longer-here".into());
    storage
        .0
        .insert(STATE_KEY.into(), serde_json::to_string(&saved).unwrap());

    let h = harness_with(Some(&storage), sample());
    assert_eq!(h.state().rt.open, id_of(&h, "charlie"));
    h.get_by_label("1 selected");
    assert_eq!(shown(&h), ["Alpha Essay", "Charlie Report", "Echo Column"]);
    assert_eq!(h.state().state.font_size, super::state::FONT_SIZES.2 - 1.0);
    assert!(h.state().rt.note.is_none());
}

#[test]
fn corrupt_saved_state_falls_back_to_defaults_with_a_note() {
    let mut storage = MemStorage::default();
    storage.set(STATE_KEY, "{ this is not json");
    let h = harness_with(Some(&storage), sample());
    h.get_by_label_contains("could not be read; defaults are in use");
    assert_eq!(h.state().state, UiState::default());
    assert_eq!(shown(&h).len(), 5);

    let mut old = MemStorage::default();
    old.set(STATE_KEY, r#"{"version": 99, "font_size": 30}"#);
    let h = harness_with(Some(&old), sample());
    h.get_by_label_contains("another version");
    assert_eq!(h.state().state.font_size, super::state::FONT_SIZES.2);
}

/// The state file: a change made in the window is on disk within a
/// second, with nothing but frames running (no quit, no eframe save), and
/// a new window starts from it; state from eframe's storage (earlier
/// releases) moves into the file.
#[test]
fn a_change_is_in_the_state_file_within_a_second_and_restored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ui-state.json");
    let mut old = MemStorage::default();
    let earlier = UiState {
        line_chars: 60.0,
        ..UiState::default()
    };
    old.set(STATE_KEY, &serde_json::to_string(&earlier).unwrap());
    let with_file = |storage: Option<&MemStorage>| {
        let p = path.clone();
        let storage = storage.map(|s| s as &dyn eframe::Storage);
        settled(|b| {
            b.build_eframe(move |cc| {
                HotlineApp::new(&cc.egui_ctx, storage, sample()).with_state_file(&cc.egui_ctx, p)
            })
        })
    };
    let on_disk =
        || -> Option<UiState> { UiState::from_json(&std::fs::read_to_string(&path).ok()?).ok() };
    {
        let mut h = with_file(Some(&old));
        h.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
        h.run();
        let changed = std::time::Instant::now();
        let saved = |h: &mut Harness<'_, HotlineApp>| {
            h.step();
            on_disk().is_some_and(|s| s.font_size == super::state::FONT_SIZES.2 - 1.0)
        };
        while !saved(&mut h) && changed.elapsed() < std::time::Duration::from_secs(3) {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(
            changed.elapsed() < std::time::Duration::from_secs(1),
            "saved after {:?}",
            changed.elapsed()
        );
    }
    let saved = on_disk().unwrap();
    assert_eq!(saved.line_chars, 60.0, "eframe's storage moved in");
    let h = with_file(None);
    assert_eq!(h.state().state.font_size, super::state::FONT_SIZES.2 - 1.0);
    assert_eq!(h.state().state.line_chars, 60.0);
}

impl MemStorage {
    fn set(&mut self, key: &str, value: &str) {
        self.0.insert(key.into(), value.into());
    }
}

/// Opens `dir` alone through the Open dialog and waits until it is loaded
/// and indexed.
pub(super) fn open_folder(h: &mut Harness<'_, HotlineApp>, dir: &std::path::Path) {
    ask_to_open(h, dir);
    // Loaded, and the new archive indexed (see `harness_with`).
    assert!(step_until(h, |app| !app.rt.session.loader.is_loading()
        && app.rt.search.ready));
    h.run();
}

/// Asks for `dir` alone through the Open dialog.
fn ask_to_open(h: &mut Harness<'_, HotlineApp>, dir: &std::path::Path) {
    h.state_mut().rt.session.loader.path.clear();
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    h.get_by_label("Folder path").focus();
    h.run();
    h.get_by_label("Folder path")
        .type_text(&dir.display().to_string());
    h.run();
    if h.state().rt.session.loader.include_builtin {
        h.get_by_label("Include the built-in HotLine archive")
            .click();
        h.run();
    }
    h.get_by_label("Open").click();
}

#[test]
fn reopening_a_folder_shows_its_outline_then_its_text_under_the_same_index() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "a.txt",
        "Winter Orchards\n\nBy Jane Doe\n\nThe orchard keeps its apples all winter long.\n",
    );
    write(
        "b.txt",
        "Summer Fruit\n\nBy John Roe\n\nBananas ripen slowly in the summer sun.\n",
    );
    let cache = tempfile::tempdir().unwrap();
    let mut h = harness();
    h.state_mut().rt.session.cache_dir = Some(cache.path().into());
    open_folder(&mut h, dir.path());
    assert!(h.state().rt.search.report.unwrap().rebuilt);
    h.get_by_label("Winter Orchards").click();
    h.run();
    let paragraph = "The orchard keeps its apples all winter long.";
    h.get_by_label(paragraph);
    // Again: both caches exist, so the outline comes first (one frame at
    // least), with the open entry's text on its way.
    ask_to_open(&mut h, dir.path());
    let phase = |app: &HotlineApp| app.rt.session.phase(&app.rt.search);
    assert!(step_until(&mut h, |app| {
        !app.rt.session.archive.has_text() && app.rt.session.archive.len() == 2
    }));
    h.get_by_label("Loading the text…");
    assert!(h.query_by_label(paragraph).is_none());
    // The session moves through its phases in order: the outline, then
    // searchable, then the text under the same index.
    let mut phases = vec![phase(h.state())];
    assert!(step_until(&mut h, |app| {
        let now = phase(app);
        if phases.last() != Some(&now) {
            phases.push(now);
        }
        now == Phase::FullText && !app.rt.session.loader.is_loading()
    }));
    let seen = phases;
    assert!(
        matches!(seen.first(), Some(Phase::Outline | Phase::Searchable)),
        "{seen:?}"
    );
    assert!(
        seen.contains(&Phase::Searchable),
        "never searchable before the text: {seen:?}"
    );
    assert_eq!(seen.last(), Some(&Phase::FullText), "{seen:?}");
    assert!(
        !seen.contains(&Phase::Indexing),
        "the index waited for the text: {seen:?}"
    );
    h.run();
    h.get_by_label(paragraph);
    // The window let the text go once the outline's index was open, not
    // the two-second safety net.
    assert_eq!(
        h.state().rt.session.loader.handoff,
        Some(super::loader::Handoff::Released)
    );
    let report = h.state().rt.search.report.unwrap();
    assert_eq!(
        (report.rebuilt, report.indexed),
        (false, 0),
        "the index is reused"
    );
    super::search_tests::type_query(&mut h, "apples");
    assert_eq!(shown(&h), ["Winter Orchards"]);
    let (_, found) = h.state().rt.search.asked().current().unwrap();
    let snippet = found.snippets.values().next().unwrap();
    let hit = snippet.highlights.first().cloned().unwrap();
    assert_eq!(&snippet.text[hit], "apples");
}

#[test]
fn loading_a_folder_with_a_bad_file_shows_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("good.txt"),
        "By Jane Doe\n\nSome text here.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("bad.dat"), [0u8, 159, 146, 150, 0, 0, 1]).unwrap();
    std::fs::write(dir.path().join("cover.png"), [0x89, b'P', b'N', b'G']).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let mut h = harness();
    h.state_mut().rt.session.cache_dir = Some(cache.path().into());
    open_folder(&mut h, dir.path());
    assert_eq!(h.state().rt.session.archive.len(), 1);
    h.get_by_label("Showing 1 of 1 entries");
    h.get_by_label("2 warnings").click();
    h.run();
    h.get_by_label_contains("bad.dat");
    h.get_by_label_contains("skipped 1 file that is not an article: .png 1");
    // A user folder's index and parse are kept in the cache.
    let report = h.state().rt.search.report.unwrap();
    assert!(report.rebuilt);
    let mut kept: Vec<String> = std::fs::read_dir(cache.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    kept.sort();
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(kept[0].starts_with("index-") && kept[1].starts_with("parsed-"));
}

#[test]
fn bench_mode_runs_headless() {
    let opts = super::GuiOptions::default();
    super::bench(opts, 3).unwrap();
}

/// The reader's small things: a title that is the text's opening is shown
/// once, the file's path waits behind "Show file", and an open entry the
/// filters leave out of the list says so.
#[test]
fn the_reader_shows_the_opening_once_and_says_when_the_entry_is_not_listed() {
    let opening = "Listening is where support begins and where it ends";
    let archive = Arc::new(Archive::new(
        vec![
            entry(
                "opening",
                &format!("{opening}…"),
                Some("Ann Poe"),
                Some("2007-01-02"),
                vec![para(&format!("{opening}, every day."))],
            ),
            entry(
                "other",
                "Other Note",
                Some("Bob Roe"),
                Some("2007-01-03"),
                vec![para("O.")],
            ),
        ],
        vec![],
    ));
    let mut h = harness_with(None, archive);
    let title = format!("{opening}…");
    h.get_by_label(&title).click();
    h.run();
    // The list's row only: no heading repeats the opening.
    assert_eq!(h.query_all_by_label(&title).count(), 1);
    h.get_by_label("Show file");
    assert!(h.query_by_label_contains("test/opening.txt").is_none());
    assert!(h.query_by_label_contains("Not in the list").is_none());
    h.get_by_label("Bob Roe (1)").click();
    h.run();
    h.get_by_label_contains("Not in the list");
}

/// Years open with an arrow, stay open in the saved state; "All entries"
/// and the status line count the same entries during a search; headings
/// with nothing under them are left out.
#[test]
fn sidebar_years_are_remembered_and_counts_agree() {
    let mut h = harness();
    h.get_by_label("Show the months of 2008").click();
    h.run();
    h.get_by_label("Hide the months of 2008");
    assert!(h.state().state.expanded_years.contains(&2008));
    super::search_tests::type_query(&mut h, "support");
    let total = h.state().rt.view.rows.len();
    h.get_by_label(&format!("All entries ({total})"));
    h.get_by_label(&format!("Showing {total} of {total} entries"));
    let empty = harness_with(None, Arc::new(Archive::new(vec![], vec![])));
    assert!(empty.query_by_label("AUTHORS").is_none());
    assert!(empty.query_by_label("TIMELINE").is_none());
    harness().get_by_label("AUTHORS");
}

/// The empty reader counts the archive in words that fit the numbers.
#[test]
fn the_empty_reader_counts_entries_and_known_authors() {
    let one = |author| {
        let e = entry("one", "One", author, None, vec![para("Text.")]);
        Arc::new(Archive::new(vec![e], vec![]))
    };
    let h = harness_with(None, one(Some("Ann Lee")));
    h.get_by_label("1 entry, by 1 author. Choose one from the list to start reading.");
    let h = harness_with(None, one(None));
    h.get_by_label("1 entry, none with a known author. Choose one from the list to start reading.");
}
