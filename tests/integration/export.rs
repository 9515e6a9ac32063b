//! Export, end to end: every format and layout on the built-in corpus and on
//! generated entries, the `.txt` re-import round trip, hostile names,
//! overwrite refusal, unwritable targets, and the `hotline export` command.

// Helpers outside `#[test]` functions panic on purpose: a failed setup is a
// failed test.

use chrono::NaiveDate;
use hotline::export::{
    ExportError, ExportOptions, ExportProgress, ExportSummary, Format, IfExists, Layout,
    MAX_NAME_BYTES, export, plan_names,
};
use hotline::{Archive, Block, Entry, Kind, LoadOptions, Progress, Text, load};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

fn builtin() -> Archive {
    load(&LoadOptions::default(), &Progress::default()).unwrap()
}

/// A hand-made archive with every kind of block, an excerpt and awkward
/// characters, so the format checks do not depend on the parser.
fn rich() -> Archive {
    let blocks = vec![
        Block::caption("Hubble Telescope over Earth"),
        Block::paragraph("For more than 30 years, I’ve been working <here> & there."),
        Block::heading("Vision at all Levels"),
        Block::paragraph("# Not a heading, 1. not a list."),
        Block::heading("Charting the Right Course"),
        Block::paragraph("The end."),
        Block::author_note("(Jane Doe is the Publisher of Newsroom Magazine.)"),
    ];
    let article = Entry::with_blocks(blocks)
        .with_id("vision-0000abcd")
        .with_title("Vision at “All” Levels & <More>")
        .with_author("Jane Doe")
        .with_date((2007, 3, 24))
        .with_source("rich/a.txt");
    let teaser = vec![Block::paragraph("Only the teaser is here.")];
    let excerpt = Entry {
        id: "teaser-0000ef01".into(),
        title: "Is Support Truly a Profession?".into(),
        author: None,
        date: None,
        kind: Kind::Excerpt,
        source: "rich/index.txt".into(),
        page: Some(hotline::PageRef {
            source: "rich/index.txt".into(),
            part: 1,
            of: 1,
        }),
        ..Entry::with_blocks(teaser)
    };
    Archive::new(vec![article, excerpt], vec![])
}

fn all(a: &Archive) -> Vec<u32> {
    (0..a.len() as u32).collect()
}

/// Generated entries that look like a user's articles: a title, an author
/// (not always), a date (not always), headings in some, several paragraphs.
pub(crate) fn generated(n: usize) -> Archive {
    let authors = ["Jane Doe", "John Roe", "Mary-Ann O’Neil"];
    let entries = (0..n)
        .map(|i| {
            let mut blocks = vec![Block::paragraph(format!(
                "This is the opening paragraph of article number {i}. It talks about customer support."
            ))];
            if i % 2 == 0 {
                blocks.push(Block::heading(format!("What We Learned in Round {i}")));
            }
            blocks.push(Block::paragraph(
                "Support teams measure what matters. They listen to customers, and they write it down."
            ));
            if i % 3 == 0 {
                blocks.push(Block::heading("Looking Ahead"));
                blocks.push(Block::paragraph("The future belongs to the prepared."));
            }
            Entry {
                id: format!("gen-{i}"),
                title: format!("Field Notes on Support Number {i}"),
                author: (i % 7 != 3).then(|| authors[i % authors.len()].to_string()),
                date: (i % 5 != 4).then(|| NaiveDate::from_ymd_opt(2009, 1 + (i % 12) as u32, 1 + (i % 28) as u32).unwrap()),
                kind: Kind::Article,
                source: format!("gen/{i}.txt"),
                page: None,
                ..Entry::with_blocks(blocks)
            }
        })
        .collect();
    Archive::new(entries, vec![])
}

pub(crate) fn opts(format: Format, layout: Layout) -> ExportOptions {
    ExportOptions {
        format,
        layout,
        ..ExportOptions::default()
    }
}

pub(crate) fn run(
    a: &Archive,
    out: &Path,
    o: &ExportOptions,
) -> Result<ExportSummary, ExportError> {
    export(a, &all(a), out, o, &ExportProgress::default())
}

pub(crate) fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

pub(crate) fn file_names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Exports `a` as per-entry txt, loads the folder back, and checks titles,
/// authors, dates and sections survive.
fn assert_round_trip(a: &Archive) {
    assert_round_trip_named(a, hotline::export::DEFAULT_TEMPLATE);
}

/// [`assert_round_trip`] with files named by `template`.
pub(crate) fn assert_round_trip_named(a: &Archive, template: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export");
    let o = ExportOptions {
        template: template.into(),
        ..opts(Format::Txt, Layout::PerEntry)
    };
    run(a, &out, &o).unwrap();
    let back = load(
        &LoadOptions {
            builtin: false,
            folders: vec![out],
            text: Text::Full,
            cache: None,
            ..LoadOptions::default()
        },
        &Progress::default(),
    )
    .unwrap();
    assert!(back.warnings().is_empty(), "{:?}", back.warnings());
    assert_eq!(back.len(), a.len());
    let by_title: HashMap<&str, &Entry> = back
        .entries()
        .iter()
        .map(|e| (e.title.as_str(), e))
        .collect();
    for e in a.entries() {
        let Some(r) = by_title.get(e.title.as_str()) else {
            panic!(
                "title {:?} not found after re-import; got {:?}",
                e.title,
                by_title.keys()
            );
        };
        assert_eq!(r.author, e.author, "author of {:?}", e.title);
        assert_eq!(r.date, e.date, "date of {:?}", e.title);
        let (got, want): (Vec<_>, Vec<_>) = (r.sections().collect(), e.sections().collect());
        assert_eq!(got, want, "sections of {:?}", e.title);
    }
}

#[test]
fn txt_round_trip_on_the_builtin_corpus() {
    assert_round_trip(&builtin());
}

#[test]
fn txt_round_trip_on_generated_entries() {
    assert_round_trip(&generated(40));
}

#[test]
fn single_txt_has_contents_and_every_entry() {
    for a in [rich(), builtin()] {
        check_single_txt(&a);
    }
}

fn check_single_txt(a: &Archive) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all.txt");
    let s = run(a, &out, &opts(Format::Txt, Layout::Single)).unwrap();
    assert_eq!((s.files.clone(), s.entries), (vec![out.clone()], a.len()));
    let text = read(&out);
    assert_eq!(s.bytes, text.len() as u64);
    let (toc, body) = text.split_once("\n=====").unwrap();
    let head = format!("HotLine Reader export\n{} entries\n\nContents\n", a.len());
    assert!(toc.starts_with(&head), "{toc}");
    for (i, e) in a.entries().iter().enumerate() {
        let width = a.len().to_string().len();
        let line = format!("{:>width$}. {}", i + 1, e.title);
        assert!(toc.contains(&line), "{line} not in {toc}");
        assert!(body.contains(&format!("\n{}\n", e.title)), "{}", e.title);
        assert!(body.contains(&format!("Source: {}\n", e.source)));
    }
}

#[test]
fn markdown_per_entry_and_single() {
    for a in [rich(), builtin()] {
        check_markdown(&a);
    }
}

fn check_markdown(a: &Archive) {
    let dir = tempfile::tempdir().unwrap();
    let per = run(
        a,
        &dir.path().join("md"),
        &opts(Format::Md, Layout::PerEntry),
    )
    .unwrap();
    assert_eq!(per.files.len(), a.len());
    for (f, e) in per.files.iter().zip(a.entries()) {
        assert_eq!(f.extension().unwrap(), "md");
        let text = read(f);
        let front = text
            .strip_prefix("---\n")
            .unwrap()
            .split_once("\n---\n")
            .unwrap()
            .0;
        let field = |k: &str| {
            front
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{k}: ")))
                .unwrap_or_else(|| panic!("no {k} in {front}"))
                .to_string()
        };
        let title: String = serde_json::from_str(&field("title")).unwrap();
        assert_eq!(title, e.title);
        let author: Option<String> = serde_json::from_str(&field("author")).unwrap();
        assert_eq!(author, e.author);
        let date = field("date");
        assert_eq!(date, e.date.map_or("null".into(), |d| d.to_string()));
        assert_eq!(field("kind"), e.kind.as_str());
        assert_eq!(field("id").trim_matches('"'), e.id);
        assert_eq!(
            front_matter_list(front, "sections"),
            e.sections().collect::<Vec<_>>()
        );
        for s in e.sections() {
            assert!(text.contains(&format!("\n## {s}\n")), "{s}");
        }
        for c in e.captions() {
            let c = hotline::markup::html::escape(c);
            assert!(
                text.contains(&format!("\n<figcaption>{c}</figcaption>\n")),
                "{c}"
            );
        }
    }
    let single = dir.path().join("all.md");
    run(a, &single, &opts(Format::Md, Layout::Single)).unwrap();
    let text = read(&single);
    for e in a.entries() {
        assert!(
            text.contains(&format!("(#{})", e.id)),
            "toc link to {}",
            e.id
        );
        let title = hotline::markup::md::heading(&e.title);
        let anchor = format!(
            "<a id=\"{}\"></a>\n<!-- hotline {{\"id\":\"{}\",",
            e.id, e.id
        );
        assert!(text.contains(&anchor), "{anchor} not in {text}");
        assert!(text.contains(&format!(" -->\n\n# {title}\n")));
    }
    let notes = a
        .entries()
        .iter()
        .flat_map(|e| &e.blocks)
        .filter(|b| b.kind == hotline::BlockKind::AuthorNote);
    for n in notes {
        let n = hotline::markup::html::escape(n.text());
        assert!(text.contains(&format!("\n<aside>{n}</aside>\n")), "{n}");
    }
}

#[test]
fn json_parses_back_to_the_model() {
    for a in [rich(), builtin()] {
        check_json(&a);
    }
}

fn check_json(a: &Archive) {
    let dir = tempfile::tempdir().unwrap();
    let single = dir.path().join("all.json");
    run(a, &single, &opts(Format::Json, Layout::Single)).unwrap();
    let back: Vec<Entry> = serde_json::from_str(&read(&single)).unwrap();
    assert_eq!(back, a.entries());
    let raw: Vec<serde_json::Value> = serde_json::from_str(&read(&single)).unwrap();
    for (v, e) in raw.iter().zip(a.entries()) {
        assert_eq!(
            v["sections"],
            serde_json::json!(e.sections().collect::<Vec<_>>())
        );
    }
    let per = run(
        a,
        &dir.path().join("json"),
        &opts(Format::Json, Layout::PerEntry),
    )
    .unwrap();
    for (f, e) in per.files.iter().zip(a.entries()) {
        let one: Entry = serde_json::from_str(&read(f)).unwrap();
        assert_eq!(&one, e);
    }
}

/// A YAML list of double-quoted strings, in flow (`[..]`) or block form.
fn front_matter_list(front: &str, key: &str) -> Vec<String> {
    let mut lines = front
        .lines()
        .skip_while(|l| !l.starts_with(&format!("{key}:")));
    let first = lines
        .next()
        .unwrap()
        .trim_start_matches(&format!("{key}:"))
        .trim();
    if !first.is_empty() {
        return serde_json::from_str(first).unwrap();
    }
    lines
        .map_while(|l| l.strip_prefix("  - "))
        .map(|item| serde_json::from_str(item).unwrap())
        .collect()
}

fn zip_text(archive: &mut zip::ZipArchive<std::fs::File>, name: &str) -> String {
    let mut s = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

fn xml(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[test]
fn epub_is_one_book_whose_contents_list_every_title() {
    for a in [rich(), builtin()] {
        check_epub(&a);
    }
}

fn check_epub(a: &Archive) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("book.epub");
    // EPUB ignores the per-entry layout: always one file.
    let o = ExportOptions {
        title: Some("Mikael Blaisdell, 2007".into()),
        ..opts(Format::Epub, Layout::PerEntry)
    };
    let s = run(a, &out, &o).unwrap();
    assert_eq!(s.files, vec![out.clone()]);
    let mut z = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    assert_eq!(z.by_index(0).unwrap().name(), "mimetype");
    assert_eq!(zip_text(&mut z, "mimetype"), "application/epub+zip");
    let ncx = zip_text(&mut z, "OEBPS/toc.ncx");
    let nav = zip_text(&mut z, "OEBPS/nav.xhtml");
    let opf = zip_text(&mut z, "OEBPS/content.opf");
    assert!(opf.contains("Mikael Blaisdell, 2007"), "{opf}");
    for e in a.entries() {
        let t = xml(&e.title);
        assert!(ncx.contains(&t), "ncx misses {t}");
        assert!(nav.contains(&t), "nav misses {t}");
        for sec in e.sections() {
            assert!(nav.contains(&xml(sec)), "nav misses section {sec}");
        }
    }
    let chapters = (0..z.len())
        .filter(|&i| z.by_index(i).unwrap().name().starts_with("OEBPS/entry-"))
        .count();
    assert_eq!(chapters, a.len());
    let first = zip_text(&mut z, "OEBPS/entry-000001.xhtml");
    assert!(first.contains(&format!("<h1>{}</h1>", xml(&a.entries()[0].title))));
}

fn hostile() -> Archive {
    let long_ascii = "A very long title ".repeat(17);
    let long_multi = "Ünïcödé ☃ 長いタイトル ".repeat(12);
    let titles = [
        "../../etc/passwd",
        "CON",
        "a:b*c?",
        long_ascii.trim(),
        long_multi.trim(),
        "Duplicate",
        "duplicate",
        "DUPLICATE",
        ".hidden",
        "nul",
    ];
    let entries = titles
        .iter()
        .enumerate()
        .map(|(i, t)| {
            Entry::with_blocks(vec![Block::paragraph("Body.")])
                .with_id(&format!("h-{i}"))
                .with_title(t)
                .with_source(&format!("h/{i}.txt"))
        })
        .collect();
    Archive::new(entries, vec![])
}

#[test]
fn hostile_titles_give_safe_unique_names_inside_the_folder() {
    let a = hostile();
    for t in a.entries().iter().map(|e| e.title.len()) {
        assert!(t > 0);
    }
    assert!(a.entries().iter().any(|e| e.title.len() >= 300));
    let names = plan_names(&a, &all(&a), "{title}", "txt");
    let lower: std::collections::HashSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
    assert_eq!(lower.len(), names.len(), "{names:?}");
    for n in &names {
        assert!(n.len() <= MAX_NAME_BYTES && n.ends_with(".txt"), "{n}");
        assert!(
            !n.contains(['/', '\\', ':', '*', '?', '"', '<', '>', '|']),
            "{n}"
        );
        assert!(!n.starts_with('.') && !n.contains(".."), "{n}");
        let stem = n.split('.').next().unwrap().to_ascii_uppercase();
        assert!(
            !["CON", "NUL", "PRN", "AUX"].contains(&stem.as_str()),
            "{n}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = ExportOptions {
        template: "{title}".into(),
        ..opts(Format::Txt, Layout::PerEntry)
    };
    let s = run(&a, &out, &o).unwrap();
    assert_eq!(file_names(&out).len(), a.len());
    assert_eq!(
        file_names(dir.path()),
        ["out"],
        "nothing written outside the folder"
    );
    assert!(s.files.iter().all(|f| f.parent() == Some(out.as_path())));
}

#[test]
fn existing_targets_are_refused_unless_replaced() {
    let a = generated(6);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("per");
    let o = opts(Format::Txt, Layout::PerEntry);
    let first = run(&a, &out, &o).unwrap();
    std::fs::write(&first.files[2], "my edits").unwrap();
    std::fs::remove_file(&first.files[4]).unwrap();
    let err = run(&a, &out, &o).unwrap_err();
    let ExportError::TargetExists(paths) = &err else {
        panic!("{err}");
    };
    assert_eq!(paths.len(), 5);
    assert!(err.to_string().contains("5 files already exist"), "{err}");
    assert_eq!(read(&first.files[2]), "my edits");
    assert!(!first.files[4].exists(), "nothing written when refused");
    let forced = ExportOptions {
        if_exists: IfExists::Replace,
        ..o
    };
    run(&a, &out, &forced).unwrap();
    assert!(read(&first.files[2]).starts_with("Field Notes"));

    let single = dir.path().join("all.json");
    std::fs::write(&single, "mine").unwrap();
    let err = run(&a, &single, &opts(Format::Json, Layout::Single)).unwrap_err();
    assert!(matches!(err, ExportError::TargetExists(_)), "{err}");
    assert_eq!(read(&single), "mine");
}

#[test]
fn an_unwritable_target_is_a_clear_error_and_writes_nothing() {
    let a = generated(3);
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "x").unwrap();
    for layout in [Layout::Single, Layout::PerEntry] {
        let out = blocker.join("sub").join("out.txt");
        let err = run(&a, &out, &opts(Format::Txt, layout)).unwrap_err();
        assert!(matches!(err, ExportError::Unwritable { .. }), "{err}");
        let msg = err.to_string();
        assert!(
            msg.starts_with("cannot write to ") && msg.contains("a-file"),
            "{msg}"
        );
    }
    assert_eq!(file_names(dir.path()), ["a-file"]);
}

#[test]
fn a_folder_in_the_way_is_refused_before_anything_is_written() {
    let a = generated(30);
    let dir = tempfile::tempdir().unwrap();
    let names = plan_names(&a, &all(&a), hotline::export::DEFAULT_TEMPLATE, "txt");
    // A folder with the name of the 20th file: overwriting never replaces it.
    std::fs::create_dir(dir.path().join(&names[19])).unwrap();
    let o = ExportOptions {
        if_exists: IfExists::Replace,
        ..opts(Format::Txt, Layout::PerEntry)
    };
    let err = run(&a, dir.path(), &o).unwrap_err();
    assert!(matches!(err, ExportError::NotRegular { .. }), "{err}");
    assert_eq!(file_names(dir.path()), [names[19].clone()]);
}

#[test]
fn an_unknown_template_field_is_refused_and_writes_nothing() {
    let a = generated(3);
    let dir = tempfile::tempdir().unwrap();
    let o = ExportOptions {
        template: "{date}-{nonexistent}".into(),
        ..opts(Format::Md, Layout::PerEntry)
    };
    let err = run(&a, &dir.path().join("out"), &o).unwrap_err();
    assert!(matches!(err, ExportError::Template(_)), "{err}");
    assert!(
        err.to_string()
            .contains("{nonexistent} in the file-name template; the fields are {date}"),
        "{err}"
    );
    assert!(file_names(dir.path()).is_empty());
    // The single layout does not use the template.
    run(
        &a,
        &dir.path().join("all.md"),
        &ExportOptions {
            layout: Layout::Single,
            ..o
        },
    )
    .unwrap();
}

#[test]
fn a_cancelled_export_writes_nothing() {
    let a = generated(10);
    let dir = tempfile::tempdir().unwrap();
    let progress = ExportProgress::default();
    progress.cancel();
    for layout in [Layout::Single, Layout::PerEntry] {
        let out = dir.path().join("x");
        let err = export(&a, &all(&a), &out, &opts(Format::Md, layout), &progress).unwrap_err();
        assert!(matches!(err, ExportError::Cancelled(_)), "{err}");
    }
    assert!(file_names(dir.path()).is_empty());
}

#[test]
fn progress_counts_every_entry() {
    let a = generated(25);
    let dir = tempfile::tempdir().unwrap();
    for (i, layout) in [Layout::Single, Layout::PerEntry].into_iter().enumerate() {
        let progress = ExportProgress::default();
        let out = dir.path().join(i.to_string());
        export(&a, &all(&a), &out, &opts(Format::Txt, layout), &progress).unwrap();
        assert_eq!(progress.counts(), (25, 25));
    }
}

#[test]
fn citations_of_builtin_entries() {
    let a = builtin();
    let ix = a
        .entries()
        .iter()
        .position(|e| e.date == NaiveDate::from_ymd_opt(2007, 3, 24))
        .unwrap() as u32;
    let e = a.get(ix).unwrap();
    assert_eq!(
        hotline::export::citation(e),
        format!(
            "Mikael Blaisdell, “{},” The HotLine Magazine, March 24, 2007.",
            e.title
        )
    );
    let text = hotline::export::citations(&a, &all(&a));
    assert_eq!(text.lines().count(), a.len());
    assert!(text.lines().all(|l| l.contains("The HotLine Magazine")));
}

#[test]
fn an_archive_of_outlines_exports_the_entries_text_read_from_their_files() {
    let outline = load(
        &LoadOptions {
            text: Text::Outline,
            ..LoadOptions::default()
        },
        &Progress::default(),
    )
    .unwrap();
    assert!(!outline.has_text());
    let full = builtin();
    let dir = tempfile::tempdir().unwrap();
    let o = opts(Format::Json, Layout::Single);
    let (a, b) = (
        dir.path().join("outline.json"),
        dir.path().join("full.json"),
    );
    run(&outline, &a, &o).unwrap();
    run(&full, &b, &o).unwrap();
    assert_eq!(read(&a), read(&b));
    assert!(read(&a).len() > full.text_bytes(), "the text is there");
}
