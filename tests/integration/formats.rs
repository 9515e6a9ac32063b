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
