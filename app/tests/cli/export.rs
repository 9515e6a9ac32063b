//! `hotline export` end to end: one file, one file per entry, ids,
//! filters, unwritable targets, an exported folder read back, subfolders
//! from the template, skipping existing files, and grouped counts.

use hotline::Entry;
use std::io::Read;
use std::path::Path;

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
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

fn hotline() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("hotline").unwrap();
    // Parse and search caches go under target/, not the user's cache.
    cmd.env(
        "HOTLINE_CACHE_DIR",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
    );
    cmd
}

/// A folder of three small user articles.
fn user_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "one.txt",
            "Talking to Customers\nBy Jane Doe\nApril 1, 2009\n\nCustomers like being heard.\n",
        ),
        (
            "two.txt",
            "Measuring Support\nBy John Roe\nMay 2, 2009\n\nWhat gets measured gets done.\n",
        ),
        (
            "three.txt",
            "An Undated Note\n\nSome thoughts without a date.\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn ids(archive: &Path) -> Vec<String> {
    let out = hotline()
        .args(["--no-builtin", "--archive"])
        .arg(archive)
        .args(["list", "--json"])
        .output()
        .unwrap();
    let v: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    v.iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn cli_exports_everything_to_one_file_and_says_so() {
    let src = user_folder();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all.txt");
    let assert = hotline()
        .args(["--no-builtin", "--archive"])
        .arg(src.path())
        .args(["export", "--out"])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(stdout.starts_with("Wrote 1 file (3 entries), "), "{stdout}");
    assert!(
        stdout
            .trim_end()
            .ends_with(&format!("to {}", out.display())),
        "{stdout}"
    );
    let text = read(&out);
    assert!(text.contains("Customers like being heard."));
    assert!(text.contains("What gets measured gets done."));
}

#[test]
fn cli_per_article_writes_one_file_each_and_refuses_to_overwrite() {
    let src = user_folder();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("folder");
    let export = |extra: &[&str]| {
        let mut c = hotline();
        c.args(["--no-builtin", "--archive"])
            .arg(src.path())
            .args([
                "export",
                "--layout",
                "per-article",
                "--format",
                "md",
                "--out",
            ])
            .arg(&out)
            .args(extra);
        c.assert()
    };
    let ok = export(&[]).success();
    assert!(
        String::from_utf8_lossy(&ok.get_output().stdout).starts_with("Wrote 3 files (3 entries), ")
    );
    let names = file_names(&out);
    assert_eq!(names.len(), 3);
    assert!(names.iter().all(|n| n.ends_with(".md")), "{names:?}");
    let fail = export(&[]).code(1);
    let stderr = String::from_utf8_lossy(&fail.get_output().stderr).into_owned();
    assert!(
        stderr.starts_with("error: 3 files already exist"),
        "{stderr}"
    );
    assert!(stderr.contains("--force"), "{stderr}");
    export(&["--force"]).success();
    assert_eq!(file_names(&out), names);
}

#[test]
fn cli_exports_the_ids_given_and_fails_on_unknown_ids() {
    let src = user_folder();
    let all_ids = ids(src.path());
    assert_eq!(all_ids.len(), 3);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("one.json");
    hotline()
        .args(["--no-builtin", "--archive"])
        .arg(src.path())
        .args(["export", "--format", "json", "--out"])
        .arg(&out)
        .arg(&all_ids[1])
        .assert()
        .success();
    let back: Vec<Entry> = serde_json::from_str(&read(&out)).unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].id, all_ids[1]);

    let missing = dir.path().join("missing.txt");
    let fail = hotline()
        .args(["--no-builtin", "--archive"])
        .arg(src.path())
        .args(["export", "--out"])
        .arg(&missing)
        .args([all_ids[0].as_str(), "no-such-id"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&fail.get_output().stderr).into_owned();
    assert!(
        stderr.starts_with("error: no entry with id 'no-such-id'"),
        "{stderr}"
    );
    assert!(!missing.exists());
}

#[test]
fn cli_filters_select_what_is_exported() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mb.json");
    hotline()
        .args([
            "export",
            "--format",
            "json",
            "--author",
            "mikael blaisdell",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let back: Vec<Entry> = serde_json::from_str(&read(&out)).unwrap();
    assert_eq!(back.len(), 3);
    assert!(
        back.iter()
            .all(|e| e.author.as_deref() == Some("Mikael Blaisdell"))
    );
    let undated = dir.path().join("undated.json");
    hotline()
        .args([
            "export",
            "--format",
            "json",
            "--undated",
            "--kind",
            "excerpt",
            "--out",
        ])
        .arg(&undated)
        .assert()
        .success();
    let back: Vec<Entry> = serde_json::from_str(&read(&undated)).unwrap();
    assert_eq!(back.len(), 8);
}

#[test]
fn cli_unwritable_target_and_bad_usage() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "x").unwrap();
    let fail = hotline()
        .args(["export", "--layout", "per-article", "--out"])
        .arg(blocker.join("sub"))
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&fail.get_output().stderr).into_owned();
    assert!(stderr.starts_with("error: cannot write to "), "{stderr}");
    let usage = hotline()
        .args(["export", "--format", "pdf", "--out"])
        .arg(dir.path().join("x.pdf"))
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&usage.get_output().stderr).starts_with("error:"));
    hotline().args(["export"]).assert().code(2);
    assert_eq!(file_names(dir.path()), ["a-file"]);
}

#[test]
fn cli_epub_and_re_import_of_an_exported_folder() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("hotline.epub");
    hotline()
        .args(["export", "--format", "epub", "--out"])
        .arg(&book)
        .assert()
        .success();
    let mut z = zip::ZipArchive::new(std::fs::File::open(&book).unwrap()).unwrap();
    let nav = zip_text(&mut z, "OEBPS/nav.xhtml");
    for n in 1..=12 {
        assert!(nav.contains(&format!("entry-{n:06}.xhtml\"")), "{nav}");
    }
    assert!(!nav.contains("entry-000013"), "{nav}");

    let folder = dir.path().join("txt");
    hotline()
        .args(["export", "--layout", "per-article", "--out"])
        .arg(&folder)
        .assert()
        .success();
    let list = |extra: &[&str]| -> Vec<serde_json::Value> {
        let out = hotline()
            .args(extra)
            .args(["list", "--json"])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let original = list(&[]);
    let folder_arg = folder.to_string_lossy().into_owned();
    let back = list(&["--no-builtin", "--archive", &folder_arg]);
    let key = |v: &serde_json::Value| {
        (
            v["title"].clone(),
            v["author"].clone(),
            v["date"].clone(),
            v["sections"].clone(),
        )
    };
    let mut want: Vec<_> = original.iter().map(key).collect();
    let mut got: Vec<_> = back.iter().map(key).collect();
    want.sort_by_key(|k| k.0.to_string());
    got.sort_by_key(|k| k.0.to_string());
    assert_eq!(got, want);
}

/// `hotline --no-builtin --archive SRC export --layout per-article --out OUT EXTRA…`
fn per_article(src: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    hotline()
        .args(["--no-builtin", "--archive"])
        .arg(src)
        .args(["export", "--layout", "per-article", "--out"])
        .arg(out)
        .args(extra)
        .assert()
}

/// Every file below `dir`, relative and joined by `/`, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if e.file_type().unwrap().is_dir() {
            files.extend(tree(&e.path()).into_iter().map(|f| format!("{name}/{f}")));
        } else {
            files.push(name);
        }
    }
    files.sort();
    files
}

#[test]
fn cli_a_slash_in_the_template_makes_subfolders_inside_out() {
    let src = user_folder();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("by-author");
    per_article(src.path(), &out, &["--template", "{author}/{date} {title}"]).success();
    assert_eq!(
        tree(&out),
        [
            "jane-doe/2009-04-01 talking-to-customers.txt",
            "john-roe/2009-05-02 measuring-support.txt",
            "unknown/undated an-undated-note.txt",
        ]
    );
    // Parent folders and absolute paths in the template stay inside OUT.
    let inside = dir.path().join("inside");
    per_article(
        src.path(),
        &inside,
        &["--template", "../../{author}/../{title}"],
    )
    .success();
    per_article(
        src.path(),
        &inside,
        &["--template", "/tmp/{title}", "--force"],
    )
    .success();
    assert_eq!(file_names(dir.path()), ["by-author", "inside"]);
    // A file where a subfolder goes is refused before anything is written.
    let blocked = dir.path().join("blocked");
    std::fs::create_dir(&blocked).unwrap();
    std::fs::write(blocked.join("john-roe"), "a file").unwrap();
    let fail = per_article(src.path(), &blocked, &["--template", "{author}/{title}"]).code(1);
    let stderr = String::from_utf8_lossy(&fail.get_output().stderr).into_owned();
    assert!(
        stderr.starts_with("error: ") && stderr.contains("john-roe is a file, not a folder;"),
        "{stderr}"
    );
    assert_eq!(file_names(&blocked), ["john-roe"]);
    std::fs::remove_dir_all(&blocked).unwrap();
    assert_eq!(
        tree(&inside),
        [
            "jane-doe/talking-to-customers.txt",
            "john-roe/measuring-support.txt",
            "tmp/an-undated-note.txt",
            "tmp/measuring-support.txt",
            "tmp/talking-to-customers.txt",
            "unknown/an-undated-note.txt",
        ]
    );
}

#[test]
fn cli_skip_existing_writes_only_the_missing_files_and_says_how_many_it_skipped() {
    let src = user_folder();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("folder");
    per_article(src.path(), &out, &[]).success();
    let names = file_names(&out);
    std::fs::write(out.join(&names[0]), "my edits").unwrap();
    std::fs::remove_file(out.join(&names[1])).unwrap();
    let ok = per_article(src.path(), &out, &["--skip-existing"]).success();
    let stdout = String::from_utf8_lossy(&ok.get_output().stdout).into_owned();
    assert!(stdout.starts_with("Wrote 1 file (1 entry), "), "{stdout}");
    assert!(
        stdout
            .trim_end()
            .ends_with("; skipped 2 files that already existed"),
        "{stdout}"
    );
    assert_eq!(file_names(&out), names);
    assert_eq!(read(&out.join(&names[0])), "my edits");
    // A refusal names both ways out; asking for both is a usage error.
    let fail = per_article(src.path(), &out, &[]).code(1);
    let stderr = String::from_utf8_lossy(&fail.get_output().stderr).into_owned();
    assert!(
        stderr.contains("use --force to overwrite, or --skip-existing to keep them"),
        "{stderr}"
    );
    per_article(src.path(), &out, &["--force", "--skip-existing"]).code(2);
    assert_eq!(read(&out.join(&names[0])), "my edits");
}

#[test]
fn cli_export_counts_have_thousands_separators() {
    let src = tempfile::tempdir().unwrap();
    for i in 0..1_000 {
        std::fs::write(
            src.path().join(format!("a{i:04}.txt")),
            format!("Note {i}\n\nA line.\n"),
        )
        .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let ok = hotline()
        .args(["--no-builtin", "--archive"])
        .arg(src.path())
        .args(["export", "--out"])
        .arg(dir.path().join("all.txt"))
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&ok.get_output().stdout).into_owned();
    assert!(
        stdout.starts_with("Wrote 1 file (1,000 entries), "),
        "{stdout}"
    );
}
