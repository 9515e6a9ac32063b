//! egui_kittest tests of the Export window and citations.

use super::app::HotlineApp;
use super::export::Outcome;
use super::tests::{harness, step_until};
use egui::accesskit::Role;
use egui::{Key, Modifiers, OutputCommand};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;

/// Replaces the text of the field labelled `label`.
fn set_field(h: &mut Harness<'_, HotlineApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
}

/// Clicks the export button and waits for the export thread.
fn run_export(h: &mut Harness<'_, HotlineApp>, button: &str) {
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

    // Exporting again does not overwrite without asking; "Keep them" leaves
    // the files as they were.
    std::fs::write(out.join("2007-03-24-jane-doe-alpha-essay.txt"), "mine").unwrap();
    h.get_by_label("Close").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    run_export(&mut h, "Export 2 entries");
    assert!(matches!(
        h.state().rt.export.outcome,
        Some(Outcome::Exists(ref p)) if p.len() == 2
    ));
    h.get_by_label_contains("2 files already exist");
    h.get_by_label("Keep them").click();
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
