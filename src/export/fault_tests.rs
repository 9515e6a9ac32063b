//! Property test of [`super::export_with`] under injected faults: a write
//! that fails at a random byte, a temporary file that cannot be opened, a
//! rename that fails, or a cancel at a random byte or rename, over random
//! small archives, both layouts, every format, flat or in subfolders, with
//! or without files already in the way (refused, replaced or skipped).
//!
//! Invariants: no panic; a failure is the error its fault calls for and
//! names the path; a failed or cancelled export leaves the folder with the
//! names it had before (no new file, no temporary file; a replaced file
//! holds the complete new content and is named in the error, any other one
//! its old content; no folder the export made remains); a completed one
//! leaves exactly the planned files (with the content of a fault-free
//! export) beside what was there, and with [`IfExists::Skip`] every file
//! that was there untouched.

use super::write::Steps;
use super::*;
use crate::model::{Block, Kind};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

/// Cases the property runs (each runs two exports).
const CASES: u32 = 128;

#[derive(Debug, Clone, Copy)]
enum Fault {
    /// Every write past this byte (counted over all files) fails.
    FailAtByte(f64),
    /// Opening the writer of the k-th temporary file fails.
    FailOpen(usize),
    /// The k-th rename fails.
    FailRename(usize),
    /// The export is cancelled when this byte is written.
    CancelAtByte(f64),
    /// The export is cancelled just before the k-th rename.
    CancelAtRename(usize),
}

impl Fault {
    fn cancels(self) -> bool {
        matches!(self, Fault::CancelAtByte(_) | Fault::CancelAtRename(_))
    }
}

/// [`Steps`] that inject one [`Fault`].
struct Faults<'a> {
    fault: Fault,
    /// The fault's byte, from the fraction and a fault-free export's size.
    at_byte: u64,
    bytes: AtomicU64,
    opened: AtomicUsize,
    renames: AtomicUsize,
    progress: &'a ExportProgress,
    /// Set when the fault fires.
    fired: AtomicBool,
}

impl Faults<'_> {
    fn fire(&self) {
        self.fired.store(true, Ordering::SeqCst);
        if self.fault.cancels() {
            self.progress.cancel();
        }
    }
}

fn injected() -> io::Error {
    io::Error::other("injected failure")
}

impl Steps for Faults<'_> {
    fn writer<'a>(&'a self, _target: &Path, file: &'a mut File) -> io::Result<Box<dyn Write + 'a>> {
        let k = self.opened.fetch_add(1, Ordering::SeqCst);
        if matches!(self.fault, Fault::FailOpen(at) if at == k) {
            self.fire();
            return Err(injected());
        }
        Ok(Box::new(FaultyWriter { file, faults: self }))
    }

    fn before_rename(&self, _target: &Path) -> io::Result<()> {
        let k = self.renames.fetch_add(1, Ordering::SeqCst);
        match self.fault {
            Fault::FailRename(at) if at == k => {
                self.fire();
                Err(injected())
            }
            Fault::CancelAtRename(at) if at == k => {
                self.fire();
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

struct FaultyWriter<'a, 'f> {
    file: &'a mut File,
    faults: &'f Faults<'f>,
}

impl Write for FaultyWriter<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let f = self.faults;
        let before = f.bytes.fetch_add(buf.len() as u64, Ordering::SeqCst);
        let crosses = before + buf.len() as u64 > f.at_byte;
        match f.fault {
            Fault::FailAtByte(_) if crosses => {
                // The bytes before the limit land, as on a disk that fills up.
                let room = usize::try_from(f.at_byte.saturating_sub(before)).unwrap_or(0);
                self.file.write_all(&buf[..room.min(buf.len())])?;
                f.fire();
                return Err(injected());
            }
            Fault::CancelAtByte(_) if crosses => f.fire(),
            _ => {}
        }
        self.file.write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// One case: what to export, how, into what, and which fault.
#[derive(Debug, Clone)]
struct Case {
    entries: Vec<(usize, Option<usize>, Option<u32>, usize)>,
    format: Format,
    layout: Layout,
    /// Whether the target folder exists beforehand.
    folder_exists: bool,
    /// Planned files already there (by position), and what to do then.
    in_the_way: Vec<usize>,
    if_exists: IfExists,
    /// The per-entry file names, flat or in subfolders.
    template: &'static str,
    fault: Fault,
}

const TITLES: [&str; 5] = ["Support", "support", "The Café Crème Essay", "CON", "a/b:c"];
const AUTHORS: [&str; 2] = ["Jane Doe", "Mikael Blaisdell"];

fn case() -> impl Strategy<Value = Case> {
    let entry = (
        0..TITLES.len(),
        proptest::option::of(0..AUTHORS.len()),
        proptest::option::of(0u32..3000),
        0usize..2500,
    );
    let fault = prop_oneof![
        (0.0..1.1f64).prop_map(Fault::FailAtByte),
        (0usize..6).prop_map(Fault::FailOpen),
        (0usize..4).prop_map(Fault::FailRename),
        (0.0..1.1f64).prop_map(Fault::CancelAtByte),
        (0usize..4).prop_map(Fault::CancelAtRename),
    ];
    (
        proptest::collection::vec(entry, 1..9),
        proptest::sample::select(Format::ALL.to_vec()),
        prop_oneof![Just(Layout::Single), Just(Layout::PerEntry)],
        any::<bool>(),
        proptest::collection::vec(0usize..7, 0..3),
        // Mostly replacing or skipping: files in the way are then written
        // around.
        prop_oneof![
            5 => Just(IfExists::Replace),
            3 => Just(IfExists::Skip),
            2 => Just(IfExists::Refuse),
        ],
        prop_oneof![Just(DEFAULT_TEMPLATE), Just("{author}/{date}/{title}")],
        fault,
    )
        .prop_map(
            |(entries, format, layout, folder_exists, in_the_way, if_exists, template, fault)| {
                Case {
                    entries,
                    format,
                    layout,
                    folder_exists,
                    in_the_way,
                    if_exists,
                    template,
                    fault,
                }
            },
        )
}

fn archive(case: &Case) -> Archive {
    let entries = case
        .entries
        .iter()
        .enumerate()
        .map(|(i, &(title, author, day, body))| {
            let blocks = vec![
                Block::heading("A heading"),
                Block::paragraph("Words and more words. ".repeat(body / 22 + 1)),
            ];
            Entry {
                id: format!("entry-{i}"),
                title: TITLES[title].into(),
                author: author.map(|a| AUTHORS[a].to_string()),
                date: day.and_then(|d| {
                    chrono::NaiveDate::from_ymd_opt(2005, 1, 1)
                        .and_then(|s| s.checked_add_days(chrono::Days::new(d.into())))
                }),
                kind: Kind::Article,
                source: format!("x/{i}.txt"),
                page: None,
                ..Entry::with_blocks(blocks)
            }
        })
        .collect();
    Archive::new(entries, Vec::new())
}

/// Paths (relative, joined by `/`) and fingerprints of what lies below
/// `dir` (nothing if it does not exist), sorted; a folder is listed as
/// `path/`.
fn contents(dir: &Path) -> Vec<(String, String)> {
    let mut v = Vec::new();
    list(dir, "", &mut v);
    v.sort();
    v
}

fn list(dir: &Path, prefix: &str, out: &mut Vec<(String, String)>) {
    for e in std::fs::read_dir(dir).into_iter().flatten() {
        let e = e.unwrap();
        let name = format!("{prefix}{}", e.file_name().into_string().unwrap());
        if e.file_type().unwrap().is_dir() {
            list(&e.path(), &format!("{name}/"), out);
            out.push((format!("{name}/"), "folder".into()));
        } else {
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            out.push((name, fingerprint(&bytes)));
        }
    }
}

/// A file's content in short: its length and hash, except for an EPUB,
/// whose book id and dates differ on every run: whether its zip is complete
/// (ends with the end-of-central-directory record).
fn fingerprint(bytes: &[u8]) -> String {
    let tail = &bytes[bytes.len().saturating_sub(22)..];
    if bytes.starts_with(b"PK") {
        return format!("complete zip: {}", tail.starts_with(b"PK\x05\x06"));
    }
    format!(
        "{} bytes, {:016x}",
        bytes.len(),
        xxhash_rust::xxh3::xxh3_64(bytes)
    )
}

fn check(case: &Case) {
    let a = archive(case);
    let ixs: Vec<u32> = (0..a.len() as u32).collect();
    let opts = ExportOptions {
        format: case.format,
        layout: case.layout,
        if_exists: case.if_exists,
        template: case.template.into(),
        ..ExportOptions::default()
    };
    let planned: Vec<String> = match opts.effective_layout() {
        Layout::Single => vec![format!("all.{}", case.format.extension())],
        Layout::PerEntry => plan_names(&a, &ixs, &opts.template, case.format.extension()),
    };
    let target = |root: &Path| match opts.effective_layout() {
        Layout::Single => root.join("out").join(&planned[0]),
        Layout::PerEntry => root.join("out"),
    };

    // What a fault-free export writes.
    let reference = tempfile::tempdir().unwrap();
    let progress = ExportProgress::default();
    let clean = export(&a, &ixs, &target(reference.path()), &opts, &progress).unwrap();
    let want = contents(&reference.path().join("out"));
    let total: u64 = clean.bytes;

    // The folder before.
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("out");
    if case.folder_exists || !case.in_the_way.is_empty() {
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("keep.me"), "someone else's").unwrap();
        for &k in &case.in_the_way {
            if let Some(name) = planned.get(k) {
                let path = folder.join(name);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, "old").unwrap();
            }
        }
    }
    let before = contents(&folder);
    let existed = folder.exists();

    let progress = ExportProgress::default();
    let at_byte = match case.fault {
        Fault::FailAtByte(f) | Fault::CancelAtByte(f) => (total as f64 * f) as u64,
        _ => u64::MAX,
    };
    let faults = Faults {
        fault: case.fault,
        at_byte,
        bytes: AtomicU64::new(0),
        opened: AtomicUsize::new(0),
        renames: AtomicUsize::new(0),
        progress: &progress,
        fired: AtomicBool::new(false),
    };
    let out = target(root.path());
    let result = export_with(&a, &ixs, &out, &opts, &progress, &faults);
    let after = contents(&folder);
    assert!(
        !after.iter().any(|(n, _)| n.starts_with(".hotline-export-")),
        "a temporary file remains: {after:?}"
    );
    // A fault that fired fails the export: a write or rename error, and a
    // cancel while writing (the export checks before every rename). A
    // cancel at a rename may come after the last check, and the export
    // then completes, as it may with a real signal.
    let fired = faults.fired.load(Ordering::SeqCst);
    let expected = match (&result, fired) {
        (Ok(_), false) | (Err(ExportError::TargetExists(_)), false) => true,
        (Ok(_), true) => matches!(case.fault, Fault::CancelAtRename(_)),
        (Err(ExportError::Cancelled(_)), true) => case.fault.cancels(),
        (Err(ExportError::Io { .. }), true) => !case.fault.cancels(),
        _ => false,
    };
    assert!(
        expected,
        "{case:?}: fired {fired}, {:?}",
        result.as_ref().err()
    );
    match result {
        Ok(summary) => {
            let skip = case.if_exists == IfExists::Skip;
            let there = |name: &str| before.iter().any(|(n, _)| n == name);
            let reference_out = reference.path().join("out");
            let written: Vec<PathBuf> = clean
                .files
                .iter()
                .map(|f| f.strip_prefix(&reference_out).unwrap())
                .filter(|rel| !(skip && there(rel.to_str().unwrap())))
                .map(|rel| folder.join(rel))
                .collect();
            assert_eq!(summary.files, written);
            assert_eq!(summary.skipped, clean.files.len() - written.len());
            // Exactly the planned files, complete, beside the others; with
            // skip, the ones already there untouched.
            let mut expected: BTreeMap<String, String> = before.iter().cloned().collect();
            for (name, content) in want {
                if !(skip && there(&name)) {
                    expected.insert(name, content);
                }
            }
            assert_eq!(after, expected.into_iter().collect::<Vec<_>>());
        }
        Err(e) => {
            let message = e.to_string();
            let kept = match &e {
                ExportError::TargetExists(paths) => {
                    assert!(
                        case.if_exists == IfExists::Refuse && !paths.is_empty(),
                        "{message}"
                    );
                    Vec::new()
                }
                ExportError::Cancelled(rollback) => {
                    assert!(case.fault.cancels(), "{message}");
                    rollback.kept.clone()
                }
                ExportError::Io {
                    path,
                    error,
                    rollback,
                } => {
                    assert!(!case.fault.cancels(), "{message}");
                    assert_eq!(error.to_string(), "injected failure");
                    assert!(message.contains(&path.display().to_string()));
                    assert!(path.starts_with(&folder), "{message}");
                    rollback.kept.clone()
                }
                other => panic!("unexpected error: {other}"),
            };
            if case.if_exists != IfExists::Replace {
                assert!(kept.is_empty(), "{message}");
            }
            assert_eq!(folder.exists(), existed, "{message}");
            // The names of before; old content, or complete new content
            // named in the error.
            let names =
                |v: &[(String, String)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
            assert_eq!(names(&after), names(&before), "{message}");
            for ((name, now), (_, old)) in after.iter().zip(&before) {
                if now == old {
                    continue;
                }
                let new = want.iter().find(|(n, _)| n == name).map(|(_, c)| c);
                assert_eq!(Some(now), new, "{name} is neither old nor new: {message}");
                assert!(
                    kept.contains(&folder.join(name)),
                    "{name} not named: {message}"
                );
            }
            // What the error names as kept is complete new content.
            for path in &kept {
                let name = path.strip_prefix(&folder).unwrap().to_str().unwrap();
                let now = after.iter().find(|(n, _)| n == name).map(|(_, c)| c);
                let new = want.iter().find(|(n, _)| n == name).map(|(_, c)| c);
                assert!(now.is_some() && now == new, "{name}: {message}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn exports_under_injected_faults_leave_all_or_nothing(case in case()) {
        check(&case);
    }
}
