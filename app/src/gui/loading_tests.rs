//! egui_kittest tests of loading in the window: the progress in the status
//! bar, the list while a load runs, the built-in entries standing in at
//! launch, and Cancel. A load the test drives itself
//! ([`super::loader::Loader::pretend`]) holds each stage as long as the
//! test needs; real loads check the wiring.

use super::app::HotlineApp;
use super::command::Command;
use super::load_status::Step;
use super::state::{STATE_KEY, UiState};
use super::tests::{MemStorage, harness, harness_with, shown, step_until};
use eframe::Storage as _;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use hotline::progress::Stage;
use hotline::{Archive, LoadOptions, Progress, Text};
use std::sync::Arc;

/// The status bar's progress bar: its percentage, `None` without one
/// (spinners say no share).
fn bar(h: &Harness<'_, HotlineApp>) -> Option<f64> {
    let mut shares = (h.query_all_by_role(Role::ProgressIndicator))
        .filter_map(|node| node.accesskit_node().numeric_value());
    let share = shares.next();
    assert!(shares.next().is_none(), "one bar");
    share
}

/// A folder of `n` small articles.
fn folder(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        let text = format!("Article {i}\n\nBy Jane Doe\n\nText of article {i}.\n");
        std::fs::write(dir.path().join(format!("{i:04}.txt")), text).unwrap();
    }
    dir
}

/// The built-in entries' titles.
fn builtin_titles() -> Vec<String> {
    let opts = LoadOptions::default();
    let builtin = hotline::load(&opts, &Progress::default()).unwrap();
    builtin.entries().iter().map(|e| e.title.clone()).collect()
}

#[test]
fn the_status_bar_says_the_stage_and_its_counts_with_a_bar_once_the_total_is_known() {
    let mut h = harness();
    let (progress, _done) = h.state_mut().rt.session.loader.pretend();
    progress.add_total(40_000);
    h.step();
    h.get_by_label("Finding files: 40,000 so far");
    assert_eq!(bar(&h), None, "no share of an unknown total");
    // A reopen knows from the parse cache about how many files there are.
    progress.expect(50_000);
    h.step();
    h.get_by_label("Finding files: 40,000 of about 50,000");
    assert_eq!(bar(&h), Some(80.0));
    progress.add_total(10);
    progress.enter(Stage::Reading);
    h.step();
    h.get_by_label("Reading files: 0 of 40,010");
    assert_eq!(bar(&h), Some(0.0));
    for _ in 0..10_005 {
        progress.advance();
    }
    h.step();
    h.get_by_label("Reading files: 10,005 of 40,010");
    assert_eq!(bar(&h), Some(25.0));
    h.get_by_label("Loading 10,005 of 40,010 files…");
    h.get_by_label("Cancel");
}

#[test]
fn the_list_keeps_what_is_shown_while_a_load_runs() {
    let mut h = harness();
    let dir = folder(3);
    // Started as the Open dialog starts it, then held at a stage.
    let (ctx, session) = (h.ctx.clone(), &mut h.state_mut().rt.session);
    session.start(&ctx, session.folder_load(dir.path().into()));
    let (progress, _done) = session.loader.pretend();
    progress.add_total(300);
    progress.enter(Stage::Reading);
    h.step();
    assert_eq!(shown(&h).len(), 5);
    h.get_by_label("Loading 0 of 300 files…");
    h.get_by_label("Showing 5 of 5 entries");
}

#[test]
fn no_filter_is_blamed_for_an_empty_list_while_the_first_archive_loads() {
    let mut h = harness_with(None, Arc::new(Archive::default()));
    let (progress, done) = h.state_mut().rt.session.loader.pretend();
    progress.add_total(300);
    progress.enter(Stage::Reading);
    h.step();
    h.get_by_label("Loading 0 of 300 files…");
    assert!(
        h.query_by_label("No entries match these filters.")
            .is_none()
    );
    // Cancelled with nothing loaded: the list says so, not the filters.
    done.send(Err(hotline::load::LoadError::Cancelled)).unwrap();
    h.step();
    h.get_by_label("No archive is loaded.");
    assert!(
        h.query_by_label("No entries match these filters.")
            .is_none()
    );
}

#[test]
fn the_search_field_says_nothing_is_indexing_before_the_first_archive_arrives() {
    let dir = folder(3);
    let load = LoadOptions {
        builtin: false,
        folders: vec![dir.path().into()],
        cache: None,
        ..LoadOptions::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_eframe(|cc| {
            let app = HotlineApp::loading(&cc.egui_ctx, None, load);
            assert_eq!(app.rt.search.hint(), "Search (once loaded)");
            app
        });
    assert!(step_until(&mut h, |app| app.rt.search.ready));
    assert_eq!(h.state().rt.search.hint(), "Search");
}

#[test]
fn the_built_in_entries_stand_in_while_the_launch_loads_a_folder() {
    let dir = folder(300);
    let cache = tempfile::tempdir().unwrap();
    let load = LoadOptions {
        folders: vec![dir.path().into()],
        text: Text::Full,
        cache: Some(cache.path().into()),
        ..LoadOptions::default()
    };
    // Saved last time: an article of the folder selected and open.
    let alone = LoadOptions {
        builtin: false,
        cache: None,
        ..load.clone()
    };
    let article = hotline::load(&alone, &Progress::default())
        .unwrap()
        .entries()[7]
        .id
        .clone();
    let mut storage = MemStorage::default();
    let saved = UiState {
        selection: vec![article.clone()],
        open: Some(article.clone()),
        ..UiState::default()
    };
    storage.set_string(STATE_KEY, serde_json::to_string(&saved).unwrap());
    let builtin = builtin_titles();
    let mut again = MemStorage::default();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_eframe(|cc| {
            let mut app = HotlineApp::loading(&cc.egui_ctx, Some(&storage), load);
            // Before the first frame, whatever the load has done.
            let first = &app.rt.session.archive;
            assert!(first.entries().iter().map(|e| &e.title).eq(&builtin));
            // Saved while they stand in (eframe saves every 30 s): the
            // folder's ids are kept for it.
            eframe::App::save(&mut app, &mut again);
            app
        });
    let kept: UiState = serde_json::from_str(&again.get_string(STATE_KEY).unwrap()).unwrap();
    let article = Some(article);
    assert_eq!(
        (kept.selection.first(), &kept.open),
        (article.as_ref(), &article)
    );
    let mut frames = 0;
    let loaded = step_until(&mut h, |app| {
        frames += 1;
        let titles: Vec<&str> = (app.rt.view.rows.iter())
            .map(|&ix| app.rt.session.archive.get(ix).unwrap().title.as_str())
            .collect();
        assert!(
            builtin.iter().all(|t| titles.contains(&t.as_str())),
            "frame {frames}: {titles:?}"
        );
        // Read files are counted against all the files, known at once.
        if let Some(Step::Reading { total, .. }) = app.rt.session.status.map(|s| s.step) {
            assert_eq!(total, hotline::load::BUILTIN.files().count() + 300);
        }
        !app.rt.session.loader.is_loading()
    });
    assert!(loaded);
    assert_eq!(shown(&h).len(), builtin.len() + 300);
    let app = h.state();
    let ix = article.and_then(|id| app.rt.session.archive.index_of(&id));
    assert!(ix.is_some_and(|ix| app.rt.selection.contains(ix)));
    assert_eq!(app.rt.open, ix);
}

#[test]
fn cancel_keeps_what_was_shown_and_says_so() {
    let dir = folder(300);
    let mut h = harness();
    // Asked for and cancelled in the same frame: the load stops before it
    // can finish, however fast the machine.
    let rt = &mut h.state_mut().rt;
    rt.queue.push(Command::LoadFolder(dir.path().into()));
    rt.queue.push(Command::CancelLoad);
    h.step();
    assert!(step_until(&mut h, |app| !app
        .rt
        .session
        .loader
        .is_loading()));
    h.step();
    assert_eq!(shown(&h).len(), 5);
    h.get_by_label("Loading was cancelled: the 5 entries shown before are kept.");
    // The Cancel button stops a load the same way.
    let (progress, done) = h.state_mut().rt.session.loader.pretend();
    progress.enter(Stage::Reading);
    h.step();
    h.get_by_label("Cancel").click();
    h.step();
    assert!(progress.is_cancelled());
    done.send(Err(hotline::load::LoadError::Cancelled)).unwrap();
    h.step();
    assert_eq!(shown(&h).len(), 5);
    assert!(h.query_by_label("Cancel").is_none());
}

/// A thread's name and nice value, from its `stat` in Linux's `/proc`.
#[cfg(target_os = "linux")]
fn name_and_nice(task: &std::path::Path) -> Option<(String, i64)> {
    let stat = std::fs::read_to_string(task.join("stat")).ok()?;
    let (name, rest) = stat.split_once(" (")?.1.rsplit_once(") ")?;
    // The nice value is the 19th field; `rest` starts at the 3rd.
    let nice = rest.split_whitespace().nth(16)?.parse().ok()?;
    Some((name.to_string(), nice))
}

#[cfg(target_os = "linux")]
#[test]
fn the_index_thread_yields_to_the_window_and_the_scans_it_waits_for_do_not() {
    let h = harness();
    let (_, window) = name_and_nice(std::path::Path::new("/proc/thread-self")).unwrap();
    let tasks = std::fs::read_dir("/proc/self/task").unwrap();
    let threads: Vec<(String, i64)> = (tasks.filter_map(Result::ok))
        .filter_map(|task| name_and_nice(&task.path()))
        .collect();
    let nice_of = |prefix: &str| -> Vec<i64> {
        (threads.iter())
            .filter(|(name, _)| name.starts_with(prefix))
            .map(|(_, nice)| *nice)
            .collect()
    };
    let background = i64::from(hotline::threads::BACKGROUND_NICE).max(window);
    let index = nice_of("hotline-index");
    assert!(!index.is_empty() && index.iter().all(|&n| n == background));
    // The list's scans, which a frame waits for, run at the window's.
    let scans = nice_of("hotline-view-");
    assert!(
        !scans.is_empty() && scans.iter().all(|&n| n == window),
        "{threads:?}"
    );
    drop(h);
}
