//! Folders of mixed files: each format is read by its name (and, for
//! `.xml` and `.json`, its first bytes), files that are not articles are
//! counted in one line per folder, and this app's JSON export loads back.

use hotline::{Archive, LoadOptions, Progress, load};
use std::fs;
use std::path::Path;

fn load_folder(dir: &Path) -> Archive {
    let opts = LoadOptions {
        builtin: false,
        folders: vec![dir.to_path_buf()],
        ..LoadOptions::default()
    };
    load(&opts, &Progress::default()).unwrap()
}

#[test]
fn files_that_are_not_articles_are_counted_in_one_line_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("a.txt"),
        "A Title\n\nBy Jane Doe\n\nSome text here.\n",
    )
    .unwrap();
    fs::write(d.join("manifest.jsonl"), "{\"id\": 1, \"title\": \"x\"}\n").unwrap();
    fs::write(d.join("cover.png"), [0x89, b'P', b'N', b'G', 0, 0, 0, 13]).unwrap();
    fs::create_dir(d.join("img")).unwrap();
    fs::write(d.join("img/photo.PNG"), [0x89, b'P', b'N', b'G', 0]).unwrap();
    fs::write(d.join("data.json"), "{\"rows\": [1, 2]}").unwrap();
    fs::write(
        d.join("feed.xml"),
        "<rss><channel><title>x</title></channel></rss>",
    )
    .unwrap();
    let a = load_folder(d);
    let titles: Vec<&str> = a.entries().iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["A Title"]);
    let messages: Vec<&str> = a.warnings().iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        messages,
        ["skipped 5 files that are not articles: .json 1, .jsonl 1, .png 2, .xml 1"]
    );
    assert_eq!(a.warnings()[0].path, d.display().to_string());
}

#[test]
fn a_json_export_loads_back_as_the_same_entries() {
    use hotline::export::{ExportOptions, Format, Layout, export};
    let base = hotline::load(&LoadOptions::default(), &Progress::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for layout in [Layout::Single, Layout::PerEntry] {
        let out = dir.path().join(format!("{layout:?}"));
        let opts = ExportOptions {
            format: Format::Json,
            layout,
            ..ExportOptions::default()
        };
        let target = match layout {
            Layout::Single => {
                fs::create_dir_all(&out).unwrap();
                out.join("all.json")
            }
            Layout::PerEntry => out.clone(),
        };
        let all: Vec<u32> = (0..base.len() as u32).collect();
        export(&base, &all, &target, &opts, &Default::default()).unwrap();
        let back = load_folder(&out);
        assert!(back.warnings().is_empty(), "{:?}", back.warnings());
        assert_eq!(back.len(), base.len(), "{layout:?}");
        for e in base.entries() {
            let b = back
                .entries()
                .iter()
                .find(|b| {
                    b.title == e.title
                        && b.page.as_ref().map(|p| p.part) == e.page.as_ref().map(|p| p.part)
                })
                .unwrap_or_else(|| panic!("{} not loaded back", e.title));
            assert_eq!(
                (&b.author, b.date, b.kind, &b.tags, &b.url, &b.blocks),
                (&e.author, e.date, e.kind, &e.tags, &e.url, &e.blocks)
            );
        }
    }
}

#[test]
fn a_broken_file_of_each_format_warns_by_name_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("good.txt"),
        "Good Title\n\nBy Jane Doe\n\nSome text here.\n",
    )
    .unwrap();
    fs::write(
        d.join("page.html"),
        "<html><head><title>Broken Page</title></head><body><article><h1>Broken Page</h1>\
         <p>Unclosed <em>emphasis <div><p>and a stray </span> tag, still a page with text in it.",
    )
    .unwrap();
    // Broken markup with nothing to read in it: a browser would show a
    // blank page.
    fs::write(
        d.join("blank.html"),
        "<html><body><div><span></div><script>x()</script>",
    )
    .unwrap();
    fs::write(
        d.join("note.md"),
        "---\ntitle: [unclosed\ndate: 2008-05-15\n---\n\nBody of the note.\n",
    )
    .unwrap();
    fs::write(d.join("book.epub"), b"PK\x03\x04\x14\x00\x00\x00 truncated").unwrap();
    fs::write(
        d.join("export.xml"),
        "<?xml version=\"1.0\"?><rss xmlns:wp=\"http://wordpress.org/export/1.2/\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>\
         <item><title>Kept Post</title><content:encoded><![CDATA[<p>Post text.</p>]]></content:encoded>\
         <wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>\
         <item><title>Cut</wrong></item></channel></rss>",
    )
    .unwrap();
    let a = load_folder(d);
    let mut titles: Vec<&str> = a.entries().iter().map(|e| e.title.as_str()).collect();
    titles.sort_unstable();
    assert_eq!(
        titles,
        ["Body of the note", "Broken Page", "Good Title", "Kept Post"]
    );
    let warned = |file: &str, says: &str| {
        let path = d.join(file).display().to_string();
        assert!(
            a.warnings()
                .iter()
                .any(|w| w.path == path && w.message.contains(says)),
            "{file}: {says} not in {:?}",
            a.warnings()
        );
    };
    warned("blank.html", "no text found");
    warned("note.md", "front matter is not valid YAML");
    warned("book.epub", "not a readable EPUB");
    warned("export.xml", "invalid XML at byte");
    // Sloppy markup that still holds an article loads without a word,
    // as browsers show it.
    assert_eq!(a.warnings().len(), 4, "{:?}", a.warnings());
}

#[test]
fn each_format_gives_its_metadata_through_the_loader() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("saved.html"),
        include_str!("../../src/formats/html/testdata/saved-page.html"),
    )
    .unwrap();
    fs::write(
        d.join("2008-06-01-renewals.md"),
        "---\ntitle: Renewal Season\nauthors: [Ann Poe, Bo Lee]\ntags: [SaaS, renewals]\n---\n\n\
         Renewals need *trust*.\n\n## Next\n\n1. Call\n2. Listen\n",
    )
    .unwrap();
    let a = load_folder(d);
    assert!(a.warnings().is_empty(), "{:?}", a.warnings());
    let html = a
        .entries()
        .iter()
        .find(|e| e.title == "Calm Desks")
        .unwrap();
    assert_eq!(html.author.as_deref(), Some("Jane Doe"));
    assert_eq!(html.date, chrono::NaiveDate::from_ymd_opt(2008, 5, 15));
    assert_eq!(html.tags, ["Support"]);
    assert_eq!(
        html.url.as_deref(),
        Some("https://blog.example/calm-desks/")
    );
    let text: Vec<&str> = html.blocks.iter().map(|b| b.text.as_str()).collect();
    assert!(
        !text
            .iter()
            .any(|t| t.contains("Home") || t.contains("Copyright")),
        "{text:?}"
    );
    assert_eq!(&text[1..], ["Habits", "Listen first", "Then answer"]);
    let md = a
        .entries()
        .iter()
        .find(|e| e.title == "Renewal Season")
        .unwrap();
    assert_eq!(md.author.as_deref(), Some("Ann Poe and Bo Lee"));
    assert_eq!(
        md.date,
        chrono::NaiveDate::from_ymd_opt(2008, 6, 1),
        "from the file name"
    );
    assert_eq!(md.tags, ["SaaS", "renewals"]);
    assert_eq!(md.blocks.len(), 4);
    assert_eq!(md.blocks[0].spans.len(), 1, "*trust* is emphasis");
}
