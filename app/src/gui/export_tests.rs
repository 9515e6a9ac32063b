//! egui_kittest tests of the Export window and citations.

use super::app::HotlineApp;
use super::export::Outcome;
use super::tests::{entry, harness, harness_with, para, step_until};
use egui::accesskit::{Role, Toggled};
use egui::{Key, Modifiers, OutputCommand};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::Path;
use std::sync::Arc;

/// Replaces the text of the field labelled `label`.
pub(super) fn set_field(h: &mut Harness<'_, HotlineApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
}

/// Clicks the export button and waits for the export thread.
pub(super) fn run_export(h: &mut Harness<'_, HotlineApp>, button: &str) {
    h.get_by_label(button).click();
    assert!(step_until(h, |app| !app.rt.export.is_running()
        && app.rt.export.outcome.is_some()));
    h.run();
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn selecting_two_entries_and_exporting_them_writes_two_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("essays");
    let mut h = harness();
    h.get_by_label("Select Alpha Essay").click();
    h.get_by_label("Select Charlie Report").click();
    h.run();
    h.get_by_label("2 selected");
    h.get_by_label("Export…").click();
    h.run();
    h.get_by_label("Selected entries (2)");
    h.get_by_label("Plain text").click();
    h.get_by_label("One file per entry, in a folder").click();
    h.run();
    set_field(&mut h, "Folder", &out.display().to_string());
    // The live preview shows the names the files will get.
    h.get_by_label("2007-03-24-jane-doe-alpha-essay.txt");
    h.get_by_label("2008-01-10-jane-doe-charlie-report.txt");
    run_export(&mut h, "Export 2 entries");

    assert_eq!(
        files_in(&out),
        [
            "2007-03-24-jane-doe-alpha-essay.txt",
            "2008-01-10-jane-doe-charlie-report.txt"
        ]
    );
    let alpha = std::fs::read_to_string(out.join("2007-03-24-jane-doe-alpha-essay.txt")).unwrap();
    assert!(alpha.contains("Alpha Essay") && alpha.contains("Support begins with listening."));
    assert!(alpha.contains("Vision at all Levels"));
    h.get_by_label_contains("Wrote 2 files (2 entries)");
    h.get_by_label("Open folder");

    // Exporting again does not overwrite without asking; "Cancel" leaves
    // the files as they were.
    std::fs::write(out.join("2007-03-24-jane-doe-alpha-essay.txt"), "mine").unwrap();
    h.get_by_label("Close").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    run_export(&mut h, "Export 2 entries");
    assert!(matches!(
        h.state().rt.export.outcome,
        Some(Outcome::Exists { ref paths, .. }) if paths.len() == 2
    ));
    h.get_by_label_contains("2 files already exist");
    h.get_by_label("Cancel").click();
    h.run();
    let kept = std::fs::read_to_string(out.join("2007-03-24-jane-doe-alpha-essay.txt")).unwrap();
    assert_eq!(kept, "mine");
    // Replacing does, once confirmed.
    run_export(&mut h, "Export 2 entries");
    run_export(&mut h, "Replace");
    let replaced =
        std::fs::read_to_string(out.join("2007-03-24-jane-doe-alpha-essay.txt")).unwrap();
    assert!(replaced.contains("Support begins with listening."));
    assert_eq!(files_in(&out).len(), 2, "no temporary files left behind");
}

#[test]
fn the_open_entry_exports_as_one_markdown_file_and_an_unwritable_target_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = harness();
    h.get_by_label("Alpha Essay").click();
    h.run();
    h.get_by_label("Export entry…").click();
    h.run();
    h.get_by_label("Open entry: Alpha Essay");
    h.get_by_label("Markdown").click();
    h.get_by_label("One combined file with a table of contents")
        .click();
    h.run();
    // A file where a folder should be: nothing can be written there.
    let blocker = tmp.path().join("blocker");
    std::fs::write(&blocker, "x").unwrap();
    let bad = blocker.join("alpha.md");
    set_field(&mut h, "Save as", &bad.display().to_string());
    run_export(&mut h, "Export 1 entry");
    h.get_by_label_contains("Export failed, nothing was written");
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "x");

    let good = tmp.path().join("alpha.md");
    set_field(&mut h, "Save as", &good.display().to_string());
    run_export(&mut h, "Export 1 entry");
    let md = std::fs::read_to_string(&good).unwrap();
    assert!(md.starts_with("---\n"), "{md}");
    assert!(md.contains("Alpha Essay") && md.contains("## Vision at all Levels"));
    h.get_by_label_contains("Wrote 1 file (1 entry)");
}

#[test]
fn copy_citation_puts_author_title_magazine_and_date_on_the_clipboard() {
    let mut h = harness();
    h.get_by_label("Alpha Essay").click();
    h.run();
    // One key event, so the next step is the frame that handles it (and its
    // output is the one inspected).
    h.event(egui::Event::Key {
        key: Key::C,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::COMMAND.plus(Modifiers::SHIFT),
    });
    h.step();
    let copied: Vec<&String> = h
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            OutputCommand::CopyText(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(copied.len(), 1, "{copied:?}");
    // The sample's files sit in a folder "test", which stands for the
    // magazine of a user's own files.
    assert_eq!(copied[0], "Jane Doe, “Alpha Essay,” test, March 24, 2007.");
    h.run();
    h.get_by_label("Copied the citation of “Alpha Essay”.");
}

#[test]
fn citations_of_the_selection_list_one_entry_per_line() {
    let mut h = harness();
    h.get_by_label("Select Alpha Essay").click();
    h.get_by_label("Select Bravo Notes").click();
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Copy citations of the selection").click();
    h.run();
    h.get_by_label("Copied the citation of 2 entries.");
}

/// Selects the entries titled `titles`, opens the Export window and sets it
/// to plain text, one file per entry, into `out`.
fn per_entry_into(h: &mut Harness<'_, HotlineApp>, titles: &[&str], out: &Path) {
    for title in titles {
        h.get_by_label(&format!("Select {title}")).click();
    }
    h.run();
    h.get_by_label("Export…").click();
    h.run();
    h.get_by_label("Plain text").click();
    h.get_by_label("One file per entry, in a folder").click();
    h.run();
    set_field(h, "Folder", &out.display().to_string());
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn the_overwrite_question_counts_and_names_the_files_and_each_answer_does_what_it_says() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("notes");
    let mut h = harness();
    per_entry_into(
        &mut h,
        &["Alpha Essay", "Bravo Notes", "Charlie Report"],
        &out,
    );
    run_export(&mut h, "Export 3 entries");
    let names = files_in(&out);
    assert_eq!(names.len(), 3);
    let (alpha, bravo) = (out.join(&names[0]), out.join(&names[1]));
    assert!(names[0].contains("alpha") && names[1].contains("bravo"));
    std::fs::write(&alpha, "mine").unwrap();
    std::fs::remove_file(&bravo).unwrap();

    run_export(&mut h, "Export 3 entries");
    h.get_by_label(&format!("2 files already exist in {}:", out.display()));
    // The question stands in place of the choices and names the two files.
    h.get_by_label(&names[0]);
    h.get_by_label(&names[2]);
    assert!(h.query_by_label(&names[1]).is_none());
    assert!(h.query_by_label("Plain text").is_none());
    h.get_by_label(
        "Replace overwrites them; Skip existing keeps them and writes only the 1 new file; \
         Cancel writes nothing.",
    );
    // Cancel writes nothing and goes back to the choices.
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().rt.export.outcome.is_none());
    assert!(h.query_by_label("Replace").is_none());
    assert_eq!(read(&alpha), "mine");
    assert!(!bravo.exists());

    // Skip existing writes only the missing file and says what it skipped.
    run_export(&mut h, "Export 3 entries");
    run_export(&mut h, "Skip existing");
    h.get_by_label_contains("Wrote 1 file (1 entry), ");
    h.get_by_label_contains("; skipped 2 files that already existed");
    assert_eq!(read(&alpha), "mine");
    assert!(read(&bravo).contains("Bravo Notes"));

    // Replace replaces them all.
    run_export(&mut h, "Export 3 entries");
    h.get_by_label(&format!("3 files already exist in {}:", out.display()));
    h.get_by_label_contains("Skip existing keeps them and writes nothing new");
    run_export(&mut h, "Replace");
    h.get_by_label_contains("Wrote 3 files (3 entries), ");
    assert!(read(&alpha).contains("Support begins with listening."));
    assert_eq!(files_in(&out), names, "no temporary files left behind");
}

#[test]
fn after_an_export_the_window_runs_again_with_changed_settings() {
    let tmp = tempfile::tempdir().unwrap();
    let (first, second) = (tmp.path().join("first"), tmp.path().join("second"));
    let mut h = harness();
    per_entry_into(&mut h, &["Alpha Essay", "Charlie Report"], &first);
    run_export(&mut h, "Export 2 entries");
    h.get_by_label_contains("Wrote 2 files (2 entries)");
    // The window stays open with its choices and its Export button.
    h.get_by_label("Markdown").click();
    h.run();
    set_field(&mut h, "Folder", &second.display().to_string());
    run_export(&mut h, "Export 2 entries");
    assert_eq!(
        files_in(&second),
        [
            "2007-03-24-jane-doe-alpha-essay.md",
            "2008-01-10-jane-doe-charlie-report.md"
        ]
    );
    h.get_by_label_contains("Wrote 2 files (2 entries), ");
    let Some(Outcome::Done { summary, .. }) = &h.state().rt.export.outcome else {
        panic!("not done");
    };
    assert!(
        summary.ends_with(&format!("to {}", second.display())),
        "{summary}"
    );

    // A question about one request goes away once the window would ask
    // for something else: here a third entry is selected behind it.
    run_export(&mut h, "Export 2 entries");
    h.get_by_label("Replace");
    h.get_by_label("Select Bravo Notes").click();
    h.run();
    assert!(h.query_by_label("Replace").is_none());
    assert!(h.state().rt.export.outcome.is_none());
    h.get_by_label("Export 3 entries");
}

/// Whether the radio button labelled `label` is ticked and enabled.
fn radio(h: &Harness<'_, HotlineApp>, label: &str) -> (bool, bool) {
    let node = h.get_by_label(label);
    let node = node.accesskit_node();
    (node.toggled() == Some(Toggled::True), !node.is_disabled())
}

#[test]
fn epub_unticks_and_disables_one_file_per_entry() {
    const PER_ENTRY: &str = "One file per entry, in a folder";
    const COMBINED: &str = "One combined file with a table of contents";
    let mut h = harness();
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    h.get_by_label(PER_ENTRY).click();
    h.run();
    assert_eq!(radio(&h, PER_ENTRY), (true, true));
    h.get_by_role_and_label(Role::TextInput, "Folder");

    h.get_by_label("EPUB").click();
    h.run();
    assert_eq!(radio(&h, PER_ENTRY), (false, false));
    assert_eq!(radio(&h, COMBINED), (true, true));
    assert!(h.query_by_label("Folder").is_none());
    let file = &h.state().rt.export.file;
    assert!(file.ends_with(".epub"), "{file}");
    // Clicking the disabled choice changes nothing.
    h.get_by_label(PER_ENTRY).click();
    h.run();
    assert_eq!(radio(&h, PER_ENTRY), (false, false));

    // Another format enables it again, still unticked.
    h.get_by_label("Markdown").click();
    h.run();
    assert_eq!(radio(&h, PER_ENTRY), (false, true));
    assert_eq!(radio(&h, COMBINED), (true, true));
}

#[test]
fn a_slash_in_the_template_makes_subfolders_and_the_preview_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("by-author");
    let mut h = harness();
    per_entry_into(&mut h, &["Alpha Essay", "Bravo Notes"], &out);
    let inside = format!(
        "Subfolders are made inside {}, never outside it.",
        out.display()
    );
    assert!(h.query_by_label(&inside).is_none());
    set_field(&mut h, "Template", "{author}/{date} {title}");
    h.get_by_label("jane-doe/2007-03-24 alpha-essay.txt");
    h.get_by_label("bob-roe/2007-05-02 bravo-notes.txt");
    h.get_by_label(&inside);
    // A `/` that makes no folder is not announced.
    set_field(&mut h, "Template", "../{title}");
    h.get_by_label("alpha-essay.txt");
    assert!(h.query_by_label(&inside).is_none());

    set_field(&mut h, "Template", "{author}/{title}");
    run_export(&mut h, "Export 2 entries");
    assert_eq!(files_in(&out), ["bob-roe", "jane-doe"]);
    assert_eq!(files_in(&out.join("jane-doe")), ["alpha-essay.txt"]);
    assert_eq!(files_in(&out.join("bob-roe")), ["bravo-notes.txt"]);
    assert_eq!(files_in(tmp.path()), ["by-author"]);
}

#[test]
fn counts_in_the_export_window_have_thousands_separators() {
    let entries = (0..1_200)
        .map(|i| {
            let id = format!("n{i:04}");
            entry(&id, &format!("Note {i}"), None, None, vec![para("A line.")])
        })
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("notes");
    let mut h = harness_with(None, Arc::new(hotline::Archive::new(entries, vec![])));
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    h.get_by_label("All shown entries (1,200)");
    h.get_by_label("One file per entry, in a folder").click();
    h.run();
    set_field(&mut h, "Folder", &out.display().to_string());
    run_export(&mut h, "Export 1,200 entries");
    h.get_by_label_contains("Wrote 1,200 files (1,200 entries), ");
    run_export(&mut h, "Export 1,200 entries");
    h.get_by_label(&format!("1,200 files already exist in {}:", out.display()));
    h.get_by_label("and 1,195 more");
}

#[test]
fn an_export_from_the_window_carries_the_highlights_and_notes() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = harness();
    h.get_by_label("Alpha Essay").click();
    h.run();
    {
        let app = h.state_mut();
        let archive = app.rt.session.archive.clone();
        let e = archive.get(archive.index_of("alpha").unwrap()).unwrap();
        let text = hotline::marks::EntryText::of(e);
        let quote = "begins with listening";
        let at = text.as_str().find(quote).unwrap();
        let a = hotline::marks::anchor::make(&text, at..at + quote.len());
        let id = app
            .rt
            .memory
            .add_highlight("alpha", a, hotline::db::Colour::Green);
        app.rt
            .memory
            .update_highlight(id, hotline::db::Colour::Green, "the key line");
        app.rt.memory.set_entry_note("alpha", "Read with Bravo.");
    }
    h.get_by_label("Export entry…").click();
    h.run();
    h.get_by_label("Markdown").click();
    h.get_by_label("One combined file with a table of contents")
        .click();
    h.run();
    let out = tmp.path().join("alpha.md");
    set_field(&mut h, "Save as", &out.display().to_string());
    run_export(&mut h, "Export 1 entry");
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("==begins with listening=="), "{md}");
    assert!(md.contains("the key line"), "{md}");
    assert!(md.contains("Read with Bravo."), "{md}");
}
