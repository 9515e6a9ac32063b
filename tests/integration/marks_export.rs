//! The reader's highlights and notes in every export format (issue 17):
//! Markdown `==…==` with footnotes and a callout, JSON fields, EPUB
//! chapters that stay well-formed XHTML with EPUB 3 footnotes, the plain
//! text's Notes section, a collection's order and name, and the
//! highlights-only export.

use crate::export::{opts, read, run};
use hotline::Archive;
use hotline::db::{Colour, Highlight, Library};
use hotline::export::highlights::{
    HighlightsExport, HighlightsFormat, Order, Select, export_highlights, rows,
};
use hotline::export::{EntryMarks, ExportOptions, ExportProgress, Format, IfExists, Layout, Marks};
use hotline::marks::{EntryText, make};
use hotline::model::{Block, Entry};
use std::sync::Arc;

fn entry(id: &str, title: &str, date: (i32, u32, u32), paragraphs: &[&str]) -> Entry {
    Entry::with_blocks(paragraphs.iter().map(|p| Block::paragraph(*p)).collect())
        .with_id(id)
        .with_title(title)
        .with_author(Some("Jane Doe"))
        .with_date(Some(date))
        .with_source(&format!("gen/{id}.txt"))
}

fn archive() -> Archive {
    Archive::new(
        vec![
            entry(
                "first",
                "First",
                (2007, 3, 24),
                &[
                    "I have been working with companies for years.",
                    "Support is a profit centre, not a cost.",
                ],
            ),
            entry(
                "second",
                "Second",
                (2008, 5, 15),
                &["Churn = lost revenue."],
            ),
        ],
        vec![],
    )
}

/// A highlight of `quote` in `e`, anchored as the reader anchors one.
fn highlight(e: &Entry, id: i64, quote: &str, note: &str) -> Highlight {
    let text = EntryText::of(e);
    let at = text.as_str().find(quote).unwrap();
    Highlight {
        id,
        entry: e.id.clone(),
        anchor: make(&text, at..at + quote.len()),
        colour: Colour::Pink,
        note: note.into(),
        created: 1_700_000_000 + id,
        updated: 1_700_000_000 + id,
        orphan: false,
    }
}

/// Two highlights and an orphan on the first entry, with an entry note;
/// one highlight on the second.
fn marks(a: &Archive) -> Marks {
    let (first, second) = (a.by_id("first").unwrap(), a.by_id("second").unwrap());
    let mut lost = highlight(first, 3, "companies", "gone, \"quoted\"");
    lost.orphan = true;
    let mut m = Marks::default();
    m.insert(
        "first",
        EntryMarks {
            highlights: vec![
                highlight(first, 1, "working with companies", "who?"),
                highlight(first, 2, "profit centre", ""),
                lost,
            ],
            note: Some("Read again.\nTwice.".into()),
        },
    );
    m.insert(
        "second",
        EntryMarks {
            highlights: vec![highlight(second, 4, "lost revenue", "= money")],
            note: None,
        },
    );
    m
}

fn with_marks(format: Format, layout: Layout, a: &Archive) -> ExportOptions {
    ExportOptions {
        marks: Arc::new(marks(a)),
        ..opts(format, layout)
    }
}

#[test]
fn markdown_marks_passages_with_footnotes_and_the_entry_note_as_a_callout() {
    let a = archive();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all.md");
    run(&a, &out, &with_marks(Format::Md, Layout::Single, &a)).unwrap();
    let md = read(&out);
    assert!(md.starts_with("---\ntitle: "), "{md}");
    assert!(md.contains("\nmarks: obsidian\n"), "{md}");
    assert!(md.contains("> [!note]\n> Read again.\n> Twice.\n"), "{md}");
    assert!(md.contains("I have been ==working with companies==[^1] for years."));
    assert!(md.contains("Support is a ==profit centre==[^2], not a cost."));
    assert!(md.contains("[^1]: who? — [open in HotLine](hotline://entry/first#h=1)\n"));
    assert!(md.contains("[^2]: [open in HotLine](hotline://entry/first#h=2)\n"));
    // The orphan is listed, never marked; numbers run through the file.
    assert!(md.contains("> [!warning]\n> Highlights no longer found in the text:\n"));
    assert!(md.contains(
        "> - “companies” gone, \"quoted\" — [open in HotLine](hotline://entry/first#h=3)"
    ));
    assert!(md.contains("Churn \\= ==lost revenue==[^4]."), "{md}");
    assert!(md.contains("[^4]: = money — "), "{md}");

    let per = dir.path().join("per");
    run(&a, &per, &with_marks(Format::Md, Layout::PerEntry, &a)).unwrap();
    let second = read(&per.join("2008-05-15-jane-doe-second.md"));
    assert!(
        second.contains("==lost revenue==[^1]"),
        "numbered per file: {second}"
    );
}

#[test]
fn json_gives_each_entry_its_highlights_and_note() {
    let a = archive();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all.json");
    run(&a, &out, &with_marks(Format::Json, Layout::Single, &a)).unwrap();
    let v: serde_json::Value = serde_json::from_str(&read(&out)).unwrap();
    let first = &v[0];
    assert_eq!(first["id"], "first");
    assert_eq!(first["note"], "Read again.\nTwice.");
    let hs = first["highlights"].as_array().unwrap();
    assert_eq!(hs.len(), 3);
    let h = &hs[0];
    assert_eq!(h["id"], 1);
    assert_eq!(h["quote"], "working with companies");
    assert_eq!(h["note"], "who?");
    assert_eq!(h["colour"], "pink");
    assert_eq!(h["created"], "2023-11-14T22:13:21Z");
    assert_eq!(h["updated"], "2023-11-14T22:13:21Z");
    assert_eq!(h["link"], "hotline://entry/first#h=1");
    assert_eq!(h["orphan"], false);
    let text = EntryText::of(a.by_id("first").unwrap());
    let (s, e) = (
        h["anchor"]["start"].as_u64().unwrap() as usize,
        h["anchor"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text.as_str()[s..e], "working with companies");
    assert!(
        h["anchor"]["prefix"]
            .as_str()
            .unwrap()
            .ends_with("I have been ")
    );
    assert_eq!(hs[2]["orphan"], true);
    assert_eq!(v[1]["note"], serde_json::Value::Null);
    // The entry itself still reads back from the object.
    let back: Entry = serde_json::from_value(first.clone()).unwrap();
    assert_eq!(back.blocks, a.by_id("first").unwrap().blocks);
}

#[test]
fn epub_chapters_with_marks_are_well_formed_xhtml_with_footnotes() {
    use std::io::Read;
    let a = archive();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("book.epub");
    run(&a, &out, &with_marks(Format::Epub, Layout::Single, &a)).unwrap();
    let mut z = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut chapter = String::new();
    z.by_name("OEBPS/entry-000001.xhtml")
        .unwrap()
        .read_to_string(&mut chapter)
        .unwrap();
    assert!(chapter.contains(
        "<mark>working with companies</mark><a epub:type=\"noteref\" href=\"#note-1\" id=\"ref-1\"><sup>1</sup></a>"
    ));
    assert!(chapter.contains("<aside epub:type=\"footnote\" class=\"footnote\" id=\"note-1\">"));
    assert!(chapter.contains("who? — <a href=\"hotline://entry/first#h=1\">open in HotLine</a>"));
    assert!(chapter.contains("<aside class=\"entry-note\" epub:type=\"annotation\"><p>Read again.</p><p>Twice.</p></aside>"));
    assert!(chapter.contains("<section class=\"orphans\">"));
    assert!(chapter.contains("gone, &quot;quoted&quot;"));
    // Well-formed XML from start to end.
    let mut reader = quick_xml::Reader::from_str(&chapter);
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed: {e}\n{chapter}"),
        }
    }
    assert_eq!(depth, 0, "every element closed");
}

#[test]
fn plain_text_lists_each_quote_and_note_after_the_text() {
    let a = archive();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all.txt");
    run(&a, &out, &with_marks(Format::Txt, Layout::Single, &a)).unwrap();
    let text = read(&out);
    let notes = text.find("\nNotes\n-----\n").unwrap();
    assert!(notes > text.find("not a cost.").unwrap(), "after the text");
    assert!(text.contains("\nOn this entry:\n    Read again.\n    Twice.\n"));
    assert!(text.contains(
        "\n[1] “working with companies” (pink)\n    who?\n    hotline://entry/first#h=1\n"
    ));
    assert!(text.contains("\n[3] “companies” (pink; no longer found in the text)\n"));
    assert!(
        text.contains("\n[1] “lost revenue” (pink)\n    = money\n"),
        "{text}"
    );
}

#[test]
fn a_collection_export_keeps_its_order_and_numbers_its_files() {
    let a = archive();
    let dir = tempfile::tempdir().unwrap();
    let mut db = Library::in_memory().unwrap();
    db.create_collection("Best of").unwrap();
    db.add_to_collection("Best of", &["second", "first"])
        .unwrap();
    let resolved = hotline::collection::resolve(&mut db, &a, &["best OF".into()]).unwrap();
    let order = &resolved[0].order;
    let o = ExportOptions {
        template: "{n}-{title}".into(),
        title: Some(resolved[0].name.clone()),
        ..opts(Format::Md, Layout::PerEntry)
    };
    let out = dir.path().join("per");
    hotline::export::export(&a, order, &out, &o, &ExportProgress::default()).unwrap();
    assert_eq!(
        crate::export::file_names(&out),
        ["1-second.md", "2-first.md"]
    );
    let single = dir.path().join("best.md");
    let o = ExportOptions {
        layout: Layout::Single,
        ..o
    };
    hotline::export::export(&a, order, &single, &o, &ExportProgress::default()).unwrap();
    let md = read(&single);
    assert!(md.starts_with("---\ntitle: \"Best of\"\n"), "{md}");
    assert!(md.find("# Second").unwrap() < md.find("# First").unwrap());
}

#[test]
fn highlights_alone_export_as_readwise_csv_markdown_and_json() {
    let a = archive();
    let mut db = Library::in_memory().unwrap();
    for (id, h) in [
        (
            "first",
            highlight(a.by_id("first").unwrap(), 0, "profit centre", ""),
        ),
        (
            "first",
            highlight(
                a.by_id("first").unwrap(),
                0,
                "working with companies",
                "who, \"really\"?\nsee",
            ),
        ),
        (
            "second",
            highlight(a.by_id("second").unwrap(), 0, "lost revenue", ""),
        ),
    ] {
        db.add_highlight(id, h.anchor, Colour::Green, &h.note)
            .unwrap();
    }
    db.set_entry_note("first", "Read again.").unwrap();
    let select = Select {
        order: Order::Reading,
        ..Select::default()
    };
    let listing = rows(&mut db, &a, &select).unwrap();
    assert_eq!(listing.rows.len(), 4, "three highlights and a note");
    let dir = tempfile::tempdir().unwrap();
    let export = |format, out: &std::path::Path| {
        let o = HighlightsExport {
            format,
            layout: Layout::Single,
            if_exists: IfExists::Refuse,
            title: Some("Mine".into()),
        };
        export_highlights(&a, &listing.rows, out, &o, &ExportProgress::default()).unwrap();
        read(out)
    };
    let csv = export(HighlightsFormat::Csv, &dir.path().join("h.csv"));
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "Highlight,Title,Author,URL,Note,Location,Location Type,Date"
    );
    assert!(lines[1].starts_with("working with companies,First,Jane Doe,hotline://entry/first#h=2,\"who, \"\"really\"\"?\nsee\",1,order,"), "{csv}");
    assert!(
        lines[2].starts_with("profit centre,First,Jane Doe,hotline://entry/first#h=1,,2,order,")
    );
    assert_eq!(lines.len(), 5, "three rows and the end: {csv:?}");
    let md = export(HighlightsFormat::Md, &dir.path().join("h.md"));
    assert!(md.starts_with("# Mine\n\n## First\n"), "{md}");
    assert!(md.contains("> [!note]\n> Read again.\n"));
    assert!(md.contains("- ==working with companies== (green) — who, \"really\"? see [open in HotLine](hotline://entry/first#h=2)"), "{md}");
    let json: serde_json::Value =
        serde_json::from_str(&export(HighlightsFormat::Json, &dir.path().join("h.json"))).unwrap();
    assert_eq!(json[0]["kind"], "note");
    assert_eq!(json[1]["quote"], "working with companies");
    assert_eq!(json[3]["entry"], "second");
}
