//! The parse cache and the search index cache after damage between runs:
//! leftovers of a killed process, a full disk, paths of the wrong kind and
//! random damage. After each, a run gives the same entries, warnings (but
//! the cache's own) and hits as a run without a cache, and leaves no stale
//! temporary behind.

use hotline::search::{
    BuildOptions, BuildProgress, CacheOptions, Fallback, Query, SearchIndex, cache,
};
use hotline::{Filter, LoadOptions, Progress, Text, load, parse_cache};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Words the generated files are made of; the queries search for them.
const WORDS: &[&str] = &[
    "apple", "banana", "cherry", "delta", "echo", "foxtrot", "garden", "harbor", "island",
    "jungle", "kettle", "lemon", "meadow", "nectar", "orbit", "pepper",
];
const QUERIES: &[&str] = &[
    "apple",
    "cherry delta",
    "\"garden harbor\"",
    "ke*",
    "lemon -orbit",
];

/// A folder of small generated articles.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    for i in 0..14usize {
        let word = |k: usize| WORDS[(i * 7 + k * 3 + k * k) % WORDS.len()];
        let body: Vec<&str> = (0..40).map(word).collect();
        let text = format!(
            "Title {i} {}\nBy Author {}\n\n{}\n\n## Part {}\n\n{}\n",
            word(1),
            i % 3,
            body[..20].join(" "),
            word(2),
            body[20..].join(" ")
        );
        let name = if i % 4 == 0 {
            format!("sub/f{i}.txt")
        } else {
            format!("f{i}.txt")
        };
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    // A file that warns on every load.
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    dir
}

/// An entry's id, title, author, word count and section headings.
type Outline = (String, String, Option<String>, u32, Vec<String>);

/// What a run shows: each entry's outline, the load's warnings (the
/// cache's own apart) and, per query, every hit with its score, best first
/// (ties by id: which of equal scores comes first is not the cache's
/// business).
#[derive(Debug, PartialEq)]
struct Shown {
    entries: Vec<Outline>,
    warnings: Vec<String>,
    hits: Vec<Vec<(String, u32)>>,
}

/// A run as the CLI's `search` makes it: when both caches exist, the
/// outline first and the cached index if it is current; else the text and
/// the index opened, updated or built. `cache_dir: None` is the run
/// without a cache. Returns what it showed and the cache's warnings.
fn run(docs: &Path, cache_dir: Option<&Path>) -> (Shown, Vec<String>) {
    let load_opts = LoadOptions {
        builtin: false,
        folders: vec![docs.to_path_buf()],
        text: Text::Full,
        cache: cache_dir.map(Path::to_path_buf),
        ..LoadOptions::default()
    };
    let cache_opts = CacheOptions {
        cache_dir: cache_dir.map(Path::to_path_buf),
        roots: if cache_dir.is_some() {
            vec![docs.to_path_buf()]
        } else {
            Vec::new()
        },
        build: BuildOptions {
            threads: 1,
            ..Default::default()
        },
    };
    let mut index = None;
    if cache::load_order(&load_opts, &cache_opts) == cache::LoadOrder::OutlineFirst {
        let outline = LoadOptions {
            text: Text::Outline,
            ..load_opts.clone()
        };
        let archive = Arc::new(load(&outline, &Progress::default()).unwrap());
        index = SearchIndex::open_unchanged(archive, &cache_opts, None);
    }
    let mut cache_warnings = Vec::new();
    let index = index.unwrap_or_else(|| {
        let archive = Arc::new(load(&load_opts, &Progress::default()).unwrap());
        let (ix, err) =
            SearchIndex::prepare(archive, &cache_opts, &BuildProgress::default()).unwrap();
        cache_warnings.extend(err.map(|e| e.to_string()));
        ix
    });
    let archive = index.archive();
    let (cached, warnings): (Vec<_>, Vec<_>) = archive
        .warnings()
        .iter()
        .partition(|w| w.path == parse_cache::WARNING_PATH);
    cache_warnings.extend(cached.iter().map(|w| w.to_string()));
    let hits = QUERIES
        .iter()
        .map(|q| {
            let results = index.search(
                &Query::parse(q).unwrap(),
                &Filter::default(),
                1000,
                Fallback::Never,
            );
            let mut hits: Vec<(String, u32)> = results
                .hits
                .iter()
                .map(|h| (archive.get(h.ix).unwrap().id.clone(), h.score.to_bits()))
                .collect();
            hits.sort_by(|a, b| {
                f32::from_bits(b.1)
                    .total_cmp(&f32::from_bits(a.1))
                    .then(a.0.cmp(&b.0))
            });
            hits
        })
        .collect();
    let shown = Shown {
        entries: archive
            .entries()
            .iter()
            .map(|e| {
                let sections = e.sections().map(str::to_string).collect();
                (
                    e.id.clone(),
                    e.title.clone(),
                    e.author.clone(),
                    e.words,
                    sections,
                )
            })
            .collect(),
        warnings: warnings.iter().map(|w| w.to_string()).collect(),
        hits,
    };
    (shown, cache_warnings)
}

/// The id of a process that ran and is gone.
fn dead_pid() -> u32 {
    static PID: OnceLock<u32> = OnceLock::new();
    *PID.get_or_init(|| {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    })
}

/// A temporary of a process that is gone, as the caches name theirs.
fn stale_name(tag: &str) -> String {
    format!(".hotline-tmp-{}-{tag}", dead_pid())
}

/// Every path below `root`.
fn all_paths(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let Ok(items) = std::fs::read_dir(&dir) else {
            continue;
        };
        for item in items.flatten() {
            let path = item.path();
            if item.file_type().unwrap().is_dir() {
                todo.push(path.clone());
            }
            out.push(path);
        }
    }
    out.sort();
    out
}

/// What is left over in the cache root after a run: temporaries of ours
/// (the run is over, so none is being written), tantivy's temporaries and
/// index files of segments no commit lists.
fn leftovers(root: &Path) -> Vec<PathBuf> {
    all_paths(root)
        .into_iter()
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            if name.starts_with(".hotline-tmp-") {
                return true;
            }
            let Some(tdir) = p.parent().filter(|d| d.ends_with("tantivy")) else {
                return false;
            };
            let Ok(meta) = std::fs::read_to_string(tdir.join("meta.json")) else {
                return false;
            };
            let meta: serde_json::Value = serde_json::from_str(&meta).unwrap();
            let segments: Vec<String> = meta["segments"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["segment_id"].as_str().unwrap().replace('-', ""))
                .collect();
            let kept = name == "meta.json"
                || name == ".managed.json"
                || name.starts_with(".tantivy-")
                || segments.iter().any(|s| name.starts_with(s.as_str()));
            !kept
        })
        .collect()
}

/// The one index folder in `root`.
fn index_folder(root: &Path) -> PathBuf {
    let mut dirs = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|i| i.path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("index-")
        });
    dirs.next().unwrap()
}

fn fresh(docs: &Path) -> Shown {
    let (shown, warned) = run(docs, None);
    assert!(warned.is_empty());
    assert!(
        !shown.hits.iter().all(Vec::is_empty),
        "the queries find something"
    );
    shown
}

/// A generated folder, its answer without a cache, and a cache root that
/// one run filled.
fn cached() -> (tempfile::TempDir, Shown, tempfile::TempDir) {
    let docs = folder();
    let want = fresh(docs.path());
    let root = tempfile::tempdir().unwrap();
    assert_clean(root.path(), run(docs.path(), Some(root.path())), &want);
    (docs, want, root)
}

#[test]
fn a_killed_first_build_leaves_nothing_after_the_next_open() {
    let docs = folder();
    let want = fresh(docs.path());
    let root = tempfile::tempdir().unwrap();
    // What a kill -9 during the first build leaves: the parse cache's
    // temporary file and the index's staging folder, half-written.
    std::fs::write(root.path().join(stale_name("parse")), vec![7u8; 4096]).unwrap();
    let staged = root.path().join(stale_name("index")).join("tantivy");
    std::fs::create_dir_all(&staged).unwrap();
    for f in [
        "meta.json",
        ".managed.json",
        "0123456789abcdef0123456789abcdef.idx",
    ] {
        std::fs::write(staged.join(f), b"").unwrap();
    }
    // A temporary of a process that still runs (this one) stays.
    let live = root
        .path()
        .join(format!(".hotline-tmp-{}-live", std::process::id()));
    std::fs::write(&live, b"").unwrap();
    let (shown, warned) = run(docs.path(), Some(root.path()));
    assert!(live.exists());
    std::fs::remove_file(&live).unwrap();
    assert_clean(root.path(), (shown, warned), &want);
}

/// A run showed what a run without a cache shows, said nothing about the
/// cache and left nothing over in `root`.
fn assert_clean(root: &Path, (shown, warned): (Shown, Vec<String>), want: &Shown) {
    assert_eq!(&shown, want);
    assert!(warned.is_empty(), "{warned:?}");
    assert_eq!(leftovers(root), Vec::<PathBuf>::new());
}

#[test]
fn an_index_file_cut_to_a_few_bytes_is_rebuilt_not_a_panic() {
    // tantivy's checksum pass reads an 8-byte footer from the end of each
    // file and underflows on files of 4 to 7 bytes.
    for len in 4..8 {
        let (docs, want, root) = cached();
        let tdir = index_folder(root.path()).join("tantivy");
        for item in std::fs::read_dir(&tdir).unwrap() {
            let path = item.unwrap().path();
            if path.extension().is_some_and(|e| e == "idx") {
                let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
                f.set_len(len).unwrap();
            }
        }
        assert_clean(root.path(), run(docs.path(), Some(root.path())), &want);
    }
}

#[test]
fn a_segment_file_deleted_with_tantivy_s_list_of_files_is_rebuilt() {
    // tantivy opens a segment without its positions file, and checks the
    // sums of only the files its `.managed.json` lists: every query then
    // found nothing.
    for ext in ["pos", "idx", "term", "fast", "fieldnorm", "store"] {
        let (docs, want, root) = cached();
        let tdir = index_folder(root.path()).join("tantivy");
        std::fs::remove_file(tdir.join(".managed.json")).unwrap();
        for item in std::fs::read_dir(&tdir).unwrap() {
            let path = item.unwrap().path();
            if path.extension().is_some_and(|e| e == ext) {
                std::fs::remove_file(&path).unwrap();
            }
        }
        assert_clean(root.path(), run(docs.path(), Some(root.path())), &want);
    }
}

#[test]
fn what_a_killed_update_leaves_is_removed_when_the_index_is_next_opened() {
    let (docs, want, root) = cached();
    let dir = index_folder(root.path());
    let tdir = dir.join("tantivy");
    // A writer killed mid-update: segment files no commit lists (tantivy
    // creates them empty and fills them when it flushes), tantivy's
    // temporary, and the manifest's temporary.
    let planted = [
        tdir.join("fedcba9876543210fedcba9876543210.idx"),
        tdir.join("fedcba9876543210fedcba9876543210.pos"),
        tdir.join(".tmpAbC123"),
        dir.join(stale_name("manifest")),
    ];
    for p in &planted {
        std::fs::write(p, b"x").unwrap();
    }
    // The next run reads the outline and opens the index, which it finds
    // current: it never writes, and still removes the leftovers.
    assert_clean(root.path(), run(docs.path(), Some(root.path())), &want);
    for p in &planted {
        assert!(!p.exists(), "{} is left", p.display());
    }
}

#[test]
fn a_folder_at_the_parse_cache_path_is_removed_if_ours_else_said_once() {
    let docs = folder();
    let want = fresh(docs.path());
    let root = tempfile::tempdir().unwrap();
    let file = parse_cache::cache_file(root.path(), docs.path());
    // Holding only files the caches write: replaced by the cache.
    std::fs::create_dir_all(file.join("inner")).unwrap();
    std::fs::write(file.join(stale_name("x")), b"").unwrap();
    let (shown, warned) = run(docs.path(), Some(root.path()));
    assert_eq!((shown, warned), (fresh(docs.path()), Vec::new()));
    assert!(file.is_file());
    // Holding a file of the user's: left alone, and said on each run.
    std::fs::remove_file(&file).unwrap();
    std::fs::create_dir(&file).unwrap();
    std::fs::write(file.join("notes.txt"), b"mine").unwrap();
    for _ in 0..2 {
        let (shown, warned) = run(docs.path(), Some(root.path()));
        assert_eq!(shown, want);
        let why = format!(
            "cache: {}: is a folder, not a cache file; working without a cache",
            file.display()
        );
        assert_eq!(warned, [why]);
        assert_eq!(std::fs::read(file.join("notes.txt")).unwrap(), b"mine");
    }
}

#[test]
fn an_index_folder_that_is_a_file_is_said_and_searched_in_memory() {
    let (docs, want, root) = cached();
    let dir = index_folder(root.path());
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::write(&dir, b"not an index").unwrap();
    for _ in 0..2 {
        let (shown, warned) = run(docs.path(), Some(root.path()));
        assert_eq!(shown, want);
        assert_eq!(warned.len(), 1, "{warned:?}");
        assert!(
            warned[0].contains("is a file, not a cache folder"),
            "{warned:?}"
        );
        assert_eq!(std::fs::read(&dir).unwrap(), b"not an index");
    }
}

#[test]
fn a_cache_root_that_is_a_file_is_said_once_per_cache() {
    let docs = folder();
    let want = fresh(docs.path());
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("cache");
    std::fs::write(&root, b"").unwrap();
    let (shown, warned) = run(docs.path(), Some(&root));
    assert_eq!(shown, want);
    // The parse cache's warning and the search cache's error.
    assert_eq!(warned.len(), 2, "{warned:?}");
    assert!(
        warned
            .iter()
            .all(|w| w.contains("is a file, not a cache folder")),
        "{warned:?}"
    );
}

/// Mounts a tmpfs of `size` at a new folder, if this process may.
struct Tmpfs(tempfile::TempDir);

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Tmpfs(dir))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.0.path())
            .status();
    }
}

#[test]
fn a_full_disk_leaves_no_partial_files_and_the_next_run_with_room_is_fresh() {
    let docs = folder();
    // Big files of many words, so that room runs out in the caches.
    for i in 0..3usize {
        let words: Vec<String> = (0..20_000usize)
            .map(|k| format!("w{}", (k * 7919 + i * 104_729) % 60_000))
            .collect();
        let text = format!("Big {i}\n\n{}\n", words.join(" "));
        std::fs::write(docs.path().join(format!("big{i}.txt")), text).unwrap();
    }
    let want = fresh(docs.path());
    // Room for neither cache, then for the parse cache but not the index.
    for size in ["96k", "560k"] {
        let Some(disk) = Tmpfs::mount(size) else {
            eprintln!("skipped: cannot mount a tmpfs here");
            return;
        };
        fills_up(docs.path(), disk, &want);
    }
}

/// A run with its cache on the full `disk`, then with room.
fn fills_up(docs: &Path, disk: Tmpfs, want: &Shown) {
    let root = disk.0.path().join("cache");
    let (shown, warned) = run(docs, Some(&root));
    assert_eq!(&shown, want);
    assert_eq!(leftovers(&root), Vec::<PathBuf>::new());
    // Nothing half-written stays: only whole caches, if any fitted, and
    // each cache that did not fit says so.
    let names: Vec<String> = all_paths(&root)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    let said = |what: &str| warned.iter().any(|w| w.contains(what));
    let parse_fits = names.iter().any(|n| n.starts_with("parsed-"));
    assert!(
        parse_fits || said("cannot be written (No space"),
        "{warned:?}"
    );
    let index_fits = names.iter().any(|n| n.starts_with("index-"));
    assert!(index_fits || said("No space"), "{warned:?}");
    assert!(!(parse_fits && index_fits), "the disk is full");
    for p in all_paths(&root) {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("parsed-") {
            assert!(
                parse_cache::read(&p, Text::Full).is_some(),
                "{name} is whole"
            );
        }
        if name.starts_with("index-") {
            assert!(p.join("manifest.json").is_file(), "{name} is whole");
        }
    }
    // With room again (what the full disk held, moved to a roomy
    // folder), the answer is a fresh cache's.
    let roomy = tempfile::tempdir().unwrap();
    for p in all_paths(&root) {
        let to = roomy.path().join(p.strip_prefix(&root).unwrap());
        if p.is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(&p, &to).unwrap();
        }
    }
    drop(disk);
    for _ in 0..2 {
        assert_clean(roomy.path(), run(docs, Some(roomy.path())), want);
    }
}

/// One kind of damage to the cache root between two runs.
#[derive(Debug, Clone)]
enum Damage {
    /// Cut the file at this share of its length.
    Truncate(usize, f64),
    /// Flip the bits of one byte at this share of its length.
    Flip(usize, f64, u8),
    Delete(usize),
    /// Replace a file by a folder (holding a file of the user's or not),
    /// or a folder by a file.
    SwapKind(usize, bool),
    /// A temporary of a process that is gone, in the folder of this path.
    PlantTemp(usize),
    /// A segment file no commit lists, in the tantivy folder.
    PlantSegment,
    /// Replace a file by a named pipe, which a read would wait on for ever.
    Pipe(usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    let at = 0usize..1000;
    prop_oneof![
        (at.clone(), 0.0..1.0f64).prop_map(|(i, f)| Damage::Truncate(i, f)),
        (at.clone(), 0.0..1.0f64, 1u8..=255).prop_map(|(i, f, x)| Damage::Flip(i, f, x)),
        at.clone().prop_map(Damage::Delete),
        (at.clone(), any::<bool>()).prop_map(|(i, b)| Damage::SwapKind(i, b)),
        at.prop_map(Damage::PlantTemp),
        Just(Damage::PlantSegment),
        (0usize..1000).prop_map(Damage::Pipe),
    ]
}

fn apply(root: &Path, d: &Damage, n: usize) {
    let paths = all_paths(root);
    let files: Vec<&PathBuf> = paths.iter().filter(|p| p.is_file()).collect();
    let pick = |i: usize| files.get(i % files.len().max(1)).copied();
    match *d {
        Damage::Truncate(i, share) => {
            if let Some(f) = pick(i) {
                let len = std::fs::metadata(f).unwrap().len();
                let file = std::fs::OpenOptions::new().write(true).open(f).unwrap();
                file.set_len((len as f64 * share) as u64).unwrap();
            }
        }
        Damage::Flip(i, share, x) => {
            if let Some(f) = pick(i) {
                let mut bytes = std::fs::read(f).unwrap();
                if !bytes.is_empty() {
                    let at = ((bytes.len() as f64 * share) as usize).min(bytes.len() - 1);
                    bytes[at] ^= x;
                    std::fs::write(f, bytes).unwrap();
                }
            }
        }
        Damage::Delete(i) => {
            if let Some(f) = pick(i) {
                std::fs::remove_file(f).unwrap();
            }
        }
        Damage::SwapKind(i, user_file) => {
            let Some(p) = paths.get(i % paths.len().max(1)) else {
                return;
            };
            if p.is_dir() {
                std::fs::remove_dir_all(p).unwrap();
                std::fs::write(p, b"a file").unwrap();
            } else {
                std::fs::remove_file(p).unwrap();
                std::fs::create_dir(p).unwrap();
                if user_file {
                    std::fs::write(p.join("notes.txt"), b"mine").unwrap();
                }
            }
        }
        Damage::PlantTemp(i) => {
            // Where the caches write: the root, an index folder, its
            // tantivy folder.
            let ours = |p: &&PathBuf| {
                let name = p.file_name().unwrap().to_string_lossy();
                p.is_dir() && (name.starts_with("index-") || name == "tantivy")
            };
            let dirs: Vec<PathBuf> = std::iter::once(root.to_path_buf())
                .chain(paths.iter().filter(ours).cloned())
                .collect();
            let dir = &dirs[i % dirs.len()];
            let p = dir.join(stale_name(&format!("p{n}")));
            if i % 2 == 0 {
                std::fs::write(p, vec![1u8; 100]).unwrap();
            } else {
                std::fs::create_dir_all(p.join("tantivy")).unwrap();
            }
        }
        Damage::Pipe(i) => {
            if let Some(f) = pick(i) {
                std::fs::remove_file(f).unwrap();
                let made = std::process::Command::new("mkfifo").arg(f).status();
                assert!(made.is_ok_and(|s| s.success()) || !f.exists());
            }
        }
        Damage::PlantSegment => {
            if let Some(t) = paths.iter().find(|p| p.ends_with("tantivy") && p.is_dir()) {
                std::fs::write(t.join(format!("{n:032x}.idx")), b"").unwrap();
            }
        }
    }
}

/// The answer without a cache, computed once for the folder of the
/// property test.
fn shared() -> &'static (tempfile::TempDir, Shown) {
    static SHARED: OnceLock<(tempfile::TempDir, Shown)> = OnceLock::new();
    SHARED.get_or_init(|| {
        let docs = folder();
        let want = fresh(docs.path());
        (docs, want)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Any damage to the cache root between runs: the next runs show what
    /// a run without a cache shows, and no stale temporary remains.
    #[test]
    fn after_any_damage_the_next_run_is_a_fresh_one(
        damages in proptest::collection::vec(damage(), 1..4),
    ) {
        let (docs, want) = shared();
        let root = tempfile::tempdir().unwrap();
        let (first, warned) = run(docs.path(), Some(root.path()));
        prop_assert_eq!(&first, want);
        prop_assert!(warned.is_empty());
        for (n, d) in damages.iter().enumerate() {
            apply(root.path(), d, n);
        }
        for _ in 0..2 {
            let (shown, _) = run(docs.path(), Some(root.path()));
            prop_assert_eq!(&shown, want);
            prop_assert_eq!(leftovers(root.path()), Vec::<PathBuf>::new());
        }
    }
}

#[test]
fn a_manifest_or_segment_list_changed_yet_readable_is_not_trusted() {
    let docs = folder();
    let root = tempfile::tempdir().unwrap();
    let open = || {
        let opts = LoadOptions {
            builtin: false,
            folders: vec![docs.path().to_path_buf()],
            text: Text::Full,
            cache: None,
            ..LoadOptions::default()
        };
        let archive = Arc::new(load(&opts, &Progress::default()).unwrap());
        let cache_opts = CacheOptions {
            cache_dir: Some(root.path().to_path_buf()),
            roots: vec![docs.path().to_path_buf()],
            ..Default::default()
        };
        let ix = SearchIndex::open_or_build(archive, &cache_opts, &BuildProgress::default());
        ix.unwrap().cache_report().rebuilt
    };
    assert!(open());
    assert!(!open(), "reused as written");
    let dir = index_folder(root.path());
    // Still JSON, and still a list of segments: one changed byte each.
    for (file, from, to) in [
        (
            dir.join("manifest.json"),
            "\"pair_words\":[",
            "\"pair_words\":[\"apple\",",
        ),
        (
            dir.join("tantivy/meta.json"),
            "\"max_doc\": ",
            "\"max_doc\": 1",
        ),
    ] {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(from), "{text}");
        std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
        assert!(open(), "{} changed: rebuilt", file.display());
        assert!(!open());
    }
}

#[test]
fn a_named_pipe_in_place_of_a_cache_file_is_not_waited_on() {
    let (docs, want, root) = cached();
    let dir = index_folder(root.path());
    for file in [
        parse_cache::cache_file(root.path(), docs.path()),
        dir.join("manifest.json"),
        dir.join("tantivy/meta.json"),
        dir.join("tantivy/.managed.json"),
    ] {
        // Run once with a cache, to have every file again.
        run(docs.path(), Some(root.path()));
        std::fs::remove_file(&file).unwrap();
        let made = std::process::Command::new("mkfifo").arg(&file).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipped: no mkfifo");
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let (d, r) = (docs.path().to_path_buf(), root.path().to_path_buf());
        std::thread::spawn(move || tx.send(run(&d, Some(&r)).0));
        let shown = rx.recv_timeout(std::time::Duration::from_secs(60));
        assert_eq!(shown.as_ref(), Ok(&want), "{}", file.display());
        let _ = std::fs::remove_file(&file);
    }
}
