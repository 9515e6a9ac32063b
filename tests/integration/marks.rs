//! Highlights, notes, collection places and reading positions follow
//! their entries through edits, renames and moves of the files: a folder
//! is loaded, marked, changed on disk, loaded again and reconciled.

use hotline::db::{Colour, Library};
use hotline::marks::{EntryText, anchor, reconcile};
use hotline::{Archive, Entry, LoadOptions, Progress, load};
use std::path::{Path, PathBuf};

const OPENING: &str = "The mill stood by the river for a hundred years before the flood.";
const MILL: &str = "When the water rose in March, the miller carried his sacks to the loft and waited for the rain to stop.";
const CLOSING: &str = "Nobody in the village remembers what became of the wheel.";

fn article(title: &str, paragraphs: &[&str]) -> String {
    format!("---\ntitle: {title}\n---\n\n{}\n", paragraphs.join("\n\n"))
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn load_folders(folders: &[&Path]) -> Archive {
    let opts = LoadOptions {
        builtin: false,
        folders: folders.iter().map(|f| f.to_path_buf()).collect(),
        ..LoadOptions::default()
    };
    load(&opts, &Progress::default()).unwrap()
}

fn entry_titled<'a>(archive: &'a Archive, title: &str) -> &'a Entry {
    archive
        .entries()
        .iter()
        .find(|e| e.title == title)
        .unwrap_or_else(|| panic!("no entry {title}"))
}

fn entry_of_file<'a>(archive: &'a Archive, path: &Path) -> &'a Entry {
    archive
        .entries()
        .iter()
        .find(|e| Path::new(&e.source) == path)
        .unwrap_or_else(|| panic!("no entry of {}", path.display()))
}

/// Highlights `quote` in the entry titled `title`; returns the entry's id.
fn highlight(db: &mut Library, archive: &Archive, title: &str, quote: &str) -> String {
    highlight_in(db, entry_titled(archive, title), quote)
}

fn highlight_in(db: &mut Library, entry: &Entry, quote: &str) -> String {
    let text = EntryText::of(entry);
    let at = text.as_str().find(quote).unwrap();
    let a = anchor::make(&text, at..at + quote.len());
    db.add_highlight(&entry.id, a, Colour::Yellow, "").unwrap();
    entry.id.clone()
}

/// What each highlight of the entry titled `title` marks now, and whether
/// it is an orphan.
fn marked(db: &mut Library, archive: &Archive, title: &str) -> Vec<(String, bool)> {
    marked_in(db, entry_titled(archive, title))
}

fn marked_in(db: &mut Library, entry: &Entry) -> Vec<(String, bool)> {
    let text = EntryText::of(entry);
    db.highlights_of(&entry.id)
        .unwrap()
        .into_iter()
        .map(|h| {
            let a = &h.anchor;
            let now = text
                .as_str()
                .get(a.start as usize..a.end as usize)
                .unwrap_or("");
            if !h.orphan {
                assert_eq!(
                    a.text_hash,
                    text.hash(),
                    "a placed anchor is of the new text"
                );
                assert_eq!(now, a.quote);
            }
            (
                if h.orphan {
                    a.quote.clone()
                } else {
                    now.to_string()
                },
                h.orphan,
            )
        })
        .collect()
}

struct Folder {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

fn folder() -> Folder {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("articles");
    std::fs::create_dir_all(&root).unwrap();
    Folder { _dir: dir, root }
}

#[test]
fn marks_follow_edited_renamed_and_moved_files() {
    let f = folder();
    let r = &f.root;
    let file = |name: &str| r.join(name);
    for (name, title) in [
        ("moves.md", "The Moving Mill"),
        ("changes.md", "The Changing Mill"),
        ("loses.md", "The Lost Mill"),
        ("renamed.md", "The Renamed Mill"),
        ("both.md", "The Wandering Mill"),
        ("still.md", "The Still Mill"),
    ] {
        write(&file(name), &article(title, &[OPENING, MILL, CLOSING]));
    }
    let before = load_folders(&[r]);
    let mut db = Library::in_memory().unwrap();
    let quote = "the miller carried his sacks to the loft and waited";
    let moves = highlight(&mut db, &before, "The Moving Mill", quote);
    highlight(&mut db, &before, "The Moving Mill", "wheel");
    let changes = highlight(&mut db, &before, "The Changing Mill", quote);
    let loses = highlight(&mut db, &before, "The Lost Mill", quote);
    highlight(&mut db, &before, "The Lost Mill", "flood");
    let renamed = highlight(&mut db, &before, "The Renamed Mill", quote);
    let both = highlight(&mut db, &before, "The Wandering Mill", quote);
    let still = highlight(&mut db, &before, "The Still Mill", quote);
    db.set_entry_note(&moves, "about the moving mill").unwrap();
    db.set_entry_note(&both, "about the wandering mill")
        .unwrap();
    db.create_collection("Mills").unwrap();
    db.add_to_collection("Mills", &[&still, &both, &moves, &loses])
        .unwrap();
    db.set_position(&moves, 120.0).unwrap();
    db.set_position(&both, 340.0).unwrap();
    let first = reconcile(&mut db, &before).unwrap();
    assert_eq!((first.recorded, first.followed), (6, 0), "{first:?}");

    // (a) a paragraph before the passage; (b) a word inside it; (c) the
    // passage deleted; (d) renamed and moved, unchanged; (e) renamed,
    // moved and edited.
    let new_opening = "A new first paragraph, written later.";
    write(
        &file("moves.md"),
        &article("The Moving Mill", &[new_opening, OPENING, MILL, CLOSING]),
    );
    let changed = MILL.replace("carried his sacks", "carried his bags");
    write(
        &file("changes.md"),
        &article("The Changing Mill", &[OPENING, &changed, CLOSING]),
    );
    write(
        &file("loses.md"),
        &article("The Lost Mill", &[OPENING, "The flood came.", CLOSING]),
    );
    std::fs::create_dir_all(file("sub")).unwrap();
    std::fs::rename(file("renamed.md"), file("sub/other-name.md")).unwrap();
    std::fs::remove_file(file("both.md")).unwrap();
    write(
        &file("sub/wandered.md"),
        &article("The Wandering Mill", &[OPENING, MILL, CLOSING, new_opening]),
    );

    let after = load_folders(&[r]);
    let report = reconcile(&mut db, &after).unwrap();
    assert_eq!(
        (report.followed, report.moved, report.orphaned),
        (4, 4, 2),
        "{report:?}"
    );
    assert_eq!(report.recorded, 1, "the renamed file's new path");
    assert_eq!(
        report.message().as_deref(),
        Some("2 highlights could not be placed after their files changed")
    );
    let placed = |q: &str| (q.to_string(), false);
    assert_eq!(
        marked(&mut db, &after, "The Moving Mill"),
        [placed(quote), placed("wheel")]
    );
    let edited = "the miller carried his bags to the loft and waited";
    assert_eq!(
        marked(&mut db, &after, "The Changing Mill"),
        [placed(edited)]
    );
    let mut lost = marked(&mut db, &after, "The Lost Mill");
    lost.sort();
    assert_eq!(
        lost,
        [("flood".to_string(), true), (quote.to_string(), true)],
        "a deleted passage is an orphan, and a word whose context is gone too"
    );
    assert_eq!(marked(&mut db, &after, "The Renamed Mill"), [placed(quote)]);
    assert_eq!(
        entry_titled(&after, "The Renamed Mill").id,
        renamed,
        "an unchanged file keeps its id"
    );
    assert_eq!(
        marked(&mut db, &after, "The Wandering Mill"),
        [placed(quote)]
    );
    assert_eq!(marked(&mut db, &after, "The Still Mill"), [placed(quote)]);
    assert_eq!(db.orphan_highlights().unwrap().len(), 2);

    // Notes, collection places and positions went with their entries.
    let id = |title| entry_titled(&after, title).id.clone();
    assert_ne!(id("The Moving Mill"), moves);
    assert_ne!(id("The Changing Mill"), changes);
    assert_eq!(
        db.entry_note(&id("The Moving Mill")).unwrap().as_deref(),
        Some("about the moving mill")
    );
    assert_eq!(
        db.entry_note(&id("The Wandering Mill")).unwrap().as_deref(),
        Some("about the wandering mill")
    );
    assert_eq!(
        db.collection_entries("Mills").unwrap(),
        [
            id("The Still Mill"),
            id("The Wandering Mill"),
            id("The Moving Mill"),
            id("The Lost Mill")
        ]
    );
    assert_eq!(db.position(&id("The Moving Mill")).unwrap(), Some(120.0));
    assert_eq!(db.position(&id("The Wandering Mill")).unwrap(), Some(340.0));
    for old in [&moves, &changes, &loses, &both] {
        assert!(
            db.highlights_of(old).unwrap().is_empty(),
            "{old} left behind"
        );
        assert_eq!(db.position(old).unwrap(), None);
    }

    // Reconciled, the same load has nothing more to do.
    let again = reconcile(&mut db, &after).unwrap();
    assert_eq!(again, hotline::marks::Report::default());
}

#[test]
fn marks_of_a_folder_not_loaded_stay_until_it_is() {
    // A copy of the article in the loaded folder, a little different,
    // must not take the marks of the one whose folder is not loaded.
    let f = folder();
    let other = f.root.parent().unwrap().join("other");
    let (copy, away) = (f.root.join("copy.md"), other.join("away.md"));
    write(
        &copy,
        &article("Away", &[OPENING, MILL, CLOSING, "A copy."]),
    );
    write(&away, &article("Away", &[OPENING, MILL, CLOSING]));
    let both = load_folders(&[&f.root, &other]);
    let mut db = Library::in_memory().unwrap();
    let quote = "the miller carried his sacks";
    let old = highlight_in(&mut db, entry_of_file(&both, &away), quote);
    reconcile(&mut db, &both).unwrap();

    write(
        &away,
        &article("Away", &["Edited.", OPENING, MILL, CLOSING]),
    );
    let alone = load_folders(&[&f.root]);
    let report = reconcile(&mut db, &alone).unwrap();
    assert_eq!(report.followed, 0, "{report:?}");
    assert_eq!(db.highlights_of(&old).unwrap().len(), 1, "left as it was");
    assert!(marked_in(&mut db, entry_of_file(&alone, &copy)).is_empty());

    let together = load_folders(&[&f.root, &other]);
    let report = reconcile(&mut db, &together).unwrap();
    assert_eq!((report.followed, report.moved), (1, 1), "{report:?}");
    assert_eq!(
        marked_in(&mut db, entry_of_file(&together, &away)),
        [(quote.to_string(), false)]
    );
}

#[test]
fn a_new_file_at_an_old_path_does_not_take_the_old_ones_marks() {
    let f = folder();
    let path = f.root.join("page.md");
    write(&path, &article("The Mill", &[OPENING, MILL, CLOSING]));
    let before = load_folders(&[&f.root]);
    let mut db = Library::in_memory().unwrap();
    let old = highlight(&mut db, &before, "The Mill", "the miller carried his sacks");
    reconcile(&mut db, &before).unwrap();

    let other = [
        "Prices rose again in the spring as the markets closed early.",
        "The ships had not come in from the east, and the harvest was late.",
    ];
    write(&path, &article("Market Report", &other));
    let after = load_folders(&[&f.root]);
    let report = reconcile(&mut db, &after).unwrap();
    assert_eq!(report.followed, 0, "{report:?}");
    assert_eq!(db.highlights_of(&old).unwrap().len(), 1, "kept, not moved");
}
