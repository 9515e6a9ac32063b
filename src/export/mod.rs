//! Exporting entries to files: plain text, Markdown, JSON and EPUB, as one
//! combined file or one file per entry, safely and streamed.
//!
//! Main types: [`ExportOptions`] (format, layout, name template, and
//! [`IfExists`]: what to do about files already there),
//! [`ExportProgress`] (done/total counters and a cancel flag, shared with the
//! thread that draws or prints progress, or that turns a signal into a
//! cancel), [`ExportSummary`], [`ExportError`] and [`Rollback`]. The entry
//! point is [`export`]; [`plan_names`] gives the file names of the
//! per-entry layout (the dialog's live preview uses it too, after
//! [`check_template`]), and [`citation`] / [`citations`] format plain-text
//! citations. [`ExportOptions::marks`] carries the reader's highlights and
//! notes into every format ([`Marks`]; Markdown `==…==` with footnotes,
//! EPUB `<mark>` with EPUB 3 footnotes, JSON `highlights` and `note`,
//! plain text a Notes section), and [`highlights`] writes them alone.
//!
//! Safety rules, all enforced here rather than by callers:
//! - The template and every target are checked before anything is written:
//!   an unknown `{field}` is refused ([`ExportError::Template`]); an
//!   existing file is an error ([`ExportError::TargetExists`], listing every
//!   clash) unless [`ExportOptions::if_exists`] says to replace or skip it;
//!   and only regular files are ever replaced: a device, FIFO, socket,
//!   folder or symbolic link in the way is refused whatever `if_exists`
//!   says ([`ExportError::NotRegular`]).
//! - A template's `/` makes subfolders, always inside the export folder:
//!   [`plan_names`] sanitises every part of the path, and a file or a
//!   symbolic link where a subfolder goes is refused
//!   ([`ExportError::NotFolder`]).
//! - Files are written to hidden temporary files in the target folder and
//!   renamed into place, so a crash, a full disk, an error or a cancel never
//!   leaves a half-written file under a real name. Temporary files that a
//!   killed export left behind are removed by the next export into the same
//!   folder ([`ExportSummary::stale_removed`]).
//! - Per-entry exports write *all* temporary files first and only then rename
//!   them; on an error or a cancel while writing no real file has appeared
//!   yet and the temporary files are removed. On an error or a cancel during
//!   the renames, the renames not begun are dropped and the *new* files this
//!   export already renamed into place are removed again, so the folder
//!   holds what it held before. Files it had already *replaced* (with
//!   [`IfExists::Replace`]) cannot get their old content back; they hold the complete
//!   new content and the error names them ([`Rollback::kept`]).
//! - Folders the export had to create (subfolders too) are removed again on
//!   failure.
//!
//! "Never a half-written file" therefore means: every file under a real name
//! is either what was there before or a complete file of this export; a
//! failed or cancelled export leaves no new name and no temporary file, and
//! says which replaced files (if any) it could not undo.
//!
//! Output is streamed through `BufWriter`s entry by entry, never built in
//! memory (except EPUB, which the `epub-builder` crate assembles in memory).

mod citation;
mod epub;
#[cfg(test)]
mod fault_tests;
pub mod highlights;
mod json;
mod marks;
mod md;
mod names;
mod txt;
mod write;

pub use citation::{MAGAZINE, citation, citations};
pub use marks::{EntryMarks, Marks, Placed};
pub use names::{
    DEFAULT_TEMPLATE, MAX_NAME_BYTES, TEMPLATE_FIELDS, UnknownFields, check_template, plan_names,
    unknown_fields,
};

use crate::archive::Archive;
use crate::model::Entry;
use crate::numbers::grouped;
use crate::render;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// Plain text; per-entry files are valid archive files (they re-import).
    #[default]
    Txt,
    /// Markdown with YAML front matter.
    Md,
    /// JSON: every field of the model.
    Json,
    /// One EPUB book, one chapter per entry (always a single file).
    Epub,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Txt, Format::Md, Format::Json, Format::Epub];

    /// File extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Md => "md",
            Format::Json => "json",
            Format::Epub => "epub",
        }
    }

    /// Parses `txt`, `md`/`markdown`, `json`, `epub` (case-insensitive).
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Format::Txt),
            "md" | "markdown" => Some(Format::Md),
            "json" => Some(Format::Json),
            "epub" => Some(Format::Epub),
            _ => None,
        }
    }
}

/// One combined file, or one file per entry in a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Layout {
    /// One file at the output path (with a table of contents for txt/md).
    #[default]
    Single,
    /// One file per entry in the output folder, named by the template.
    PerEntry,
}

/// What to write and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    pub format: Format,
    /// Ignored for [`Format::Epub`], which is always one file.
    pub layout: Layout,
    /// File-name template for [`Layout::PerEntry`]; fields are listed in
    /// [`TEMPLATE_FIELDS`], and a `/` makes subfolders.
    pub template: String,
    /// What to do about files already where the export writes.
    pub if_exists: IfExists,
    /// Title of a combined file or book (e.g. the filter's description);
    /// `None` gives [`DEFAULT_TITLE`].
    pub title: Option<String>,
    /// The reader's highlights and notes to write with the entries (none
    /// by default); the caller loads them ([`Marks::load`]).
    pub marks: Arc<Marks>,
}

/// What an export does about files already where it would write one.
/// Whatever it says, only regular files are ever replaced or skipped: any
/// other node in the way fails the export before anything is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum IfExists {
    /// Fail with [`ExportError::TargetExists`], listing them all; nothing
    /// is written.
    #[default]
    Refuse,
    /// Replace them with the exported files.
    Replace,
    /// Leave them as they are and write only the files that do not exist
    /// yet ([`ExportSummary::skipped`] counts the others).
    Skip,
}

/// Title of a combined export when none is given.
pub const DEFAULT_TITLE: &str = "HotLine Reader export";

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            format: Format::Txt,
            layout: Layout::Single,
            template: DEFAULT_TEMPLATE.to_string(),
            if_exists: IfExists::Refuse,
            title: None,
            marks: Arc::default(),
        }
    }
}

impl ExportOptions {
    fn title(&self) -> &str {
        self.title.as_deref().unwrap_or(DEFAULT_TITLE)
    }

    /// The layout actually used (EPUB is always a single file).
    pub fn effective_layout(&self) -> Layout {
        match self.format {
            Format::Epub => Layout::Single,
            _ => self.layout,
        }
    }
}

/// Shared progress of a running export, readable from another thread.
pub type ExportProgress = crate::progress::Progress;

/// Stops the export with [`write::WriteError::Cancelled`] once cancel was asked.
fn check_cancel(progress: &ExportProgress) -> Result<(), write::WriteError> {
    if progress.is_cancelled() {
        Err(write::WriteError::Cancelled)
    } else {
        Ok(())
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExportSummary {
    /// The files written, in entry order.
    pub files: Vec<PathBuf>,
    /// Their total size.
    pub bytes: u64,
    /// Entries written.
    pub entries: usize,
    /// Files left as they were because they existed ([`IfExists::Skip`]).
    pub skipped: usize,
    /// Temporary files that earlier, killed exports had left in the target
    /// folder and this export removed.
    pub stale_removed: usize,
}

impl ExportSummary {
    /// "Wrote 1,037 files (1,037 entries), 412 KB, to OUT", then what was
    /// skipped and cleaned up, if anything.
    pub fn describe(&self, out: &Path) -> String {
        let wrote = match self.files.len() {
            0 => format!("Wrote no files to {}", out.display()),
            n => format!(
                "Wrote {} ({}), {}, to {}",
                counted(n, "file", "files"),
                counted(self.entries, "entry", "entries"),
                human_size(self.bytes),
                out.display()
            ),
        };
        let skipped = match self.skipped {
            0 => String::new(),
            1 => "; skipped 1 file that already existed".to_string(),
            n => format!("; skipped {} files that already existed", grouped(n)),
        };
        let stale = match self.stale_removed {
            0 => String::new(),
            1 => "; removed 1 temporary file left by an interrupted export".to_string(),
            n => format!(
                "; removed {} temporary files left by interrupted exports",
                grouped(n)
            ),
        };
        format!("{wrote}{skipped}{stale}")
    }
}

/// "1 file", "27,550 files".
fn counted(n: usize, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{} {many}", grouped(n)),
    }
}

/// `412 KB`, `3.4 MB`, `812 bytes`.
pub fn human_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = KB * 1024;
    match bytes {
        b if b < KB => format!("{b} bytes"),
        // Below a MB, so at most 1,024 KB: the cast cannot truncate.
        b if b < MB => format!("{} KB", grouped(b.div_ceil(KB) as usize)),
        b => format!("{:.1} MB", b as f64 / MB as f64),
    }
}

/// Why an export failed. In every case no half-written file remains.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The file-name template uses an unknown field; nothing written.
    #[error(transparent)]
    Template(#[from] UnknownFields),
    /// Target files exist and overwriting was not allowed; nothing written.
    #[error("{} already exist{}: {}", count_files(.0.len()), if .0.len() == 1 { "s" } else { "" }, list_paths(.0))]
    TargetExists(Vec<PathBuf>),
    /// A target exists and is not a regular file (a device, FIFO, socket,
    /// folder or symbolic link): never replaced or skipped, whatever
    /// [`IfExists`] says; nothing written.
    #[error("{} is {kind}; export only creates or replaces regular files", .path.display())]
    NotRegular { path: PathBuf, kind: &'static str },
    /// Something other than a folder (a file, or a symbolic link, which
    /// could lead out of the export folder) is where the template puts a
    /// subfolder; nothing written.
    #[error(
        "{} is {kind}, not a folder; export makes subfolders only as real folders inside the chosen one",
        .path.display()
    )]
    NotFolder { path: PathBuf, kind: &'static str },
    /// The target cannot be written at all; nothing written.
    #[error("cannot write to {}: {error}", .path.display())]
    Unwritable {
        path: PathBuf,
        /// The OS's reason (part of the message, so not also a `source`).
        error: std::io::Error,
    },
    /// The export was cancelled; what it had written is removed, except
    /// files it had already replaced (see [`Rollback`]).
    #[error("export cancelled: {0}")]
    Cancelled(Rollback),
    /// Writing or renaming failed part-way; what it had written is removed,
    /// except files it had already replaced (see [`Rollback`]).
    #[error("cannot write {}: {error}{}", .path.display(), rollback.as_suffix())]
    Io {
        path: PathBuf,
        error: std::io::Error,
        rollback: Rollback,
    },
}

impl ExportError {
    /// The same error, carrying what the rename phase undid and kept.
    fn with_rollback(self, rollback: Rollback) -> ExportError {
        match self {
            ExportError::Cancelled(_) => ExportError::Cancelled(rollback),
            ExportError::Io { path, error, .. } => ExportError::Io {
                path,
                error,
                rollback,
            },
            other => other,
        }
    }
}

/// What a failed or cancelled per-entry export did with the files it had
/// already renamed into place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rollback {
    /// New files removed again.
    pub removed: usize,
    /// Files that stay, each complete: existing files already replaced
    /// (with [`IfExists::Replace`]; their old content is gone), and any new file that
    /// could not be removed again.
    pub kept: Vec<PathBuf>,
}

impl Rollback {
    /// `"; …"` when some renamed file was undone or kept, else nothing.
    fn as_suffix(&self) -> String {
        if *self == Rollback::default() {
            String::new()
        } else {
            format!("; {self}")
        }
    }
}

/// "nothing was written", "the 3 files already renamed into place were
/// removed again; nothing was written", or which files were kept.
impl std::fmt::Display for Rollback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let removed = match self.removed {
            0 => None,
            1 => Some("the file already renamed into place was removed again".to_string()),
            n => Some(format!(
                "the {} files already renamed into place were removed again",
                grouped(n)
            )),
        };
        match (removed, self.kept.len()) {
            (None, 0) => f.write_str("nothing was written"),
            (Some(r), 0) => write!(f, "{r}; nothing was written"),
            (r, n) => {
                if let Some(r) = r {
                    write!(f, "{r}, but ")?;
                }
                let (files, were) = if n == 1 {
                    ("1 file", "was")
                } else {
                    (&*format!("{} files", grouped(n)), "were")
                };
                write!(
                    f,
                    "{files} {were} already in place and kept (complete, replacing existing ones): {}",
                    list_paths(&self.kept)
                )
            }
        }
    }
}

fn count_files(n: usize) -> String {
    if n == 1 {
        "a file".to_string()
    } else {
        format!("{} files", grouped(n))
    }
}

/// The first few paths, then "and N more".
fn list_paths(paths: &[PathBuf]) -> String {
    const SHOWN: usize = 5;
    let mut s: Vec<String> = paths
        .iter()
        .take(SHOWN)
        .map(|p| p.display().to_string())
        .collect();
    if paths.len() > SHOWN {
        s.push(format!("and {} more", grouped(paths.len() - SHOWN)));
    }
    s.join(", ")
}

/// Exports the entries at canonical indexes `ixs` (in that order; unknown
/// indexes are skipped) to `out`: a file for [`Layout::Single`] and EPUB, a
/// folder (created if missing) for [`Layout::PerEntry`].
pub fn export(
    archive: &Archive,
    ixs: &[u32],
    out: &Path,
    opts: &ExportOptions,
    progress: &ExportProgress,
) -> Result<ExportSummary, ExportError> {
    export_with(archive, ixs, out, opts, progress, &write::RealSteps)
}

/// [`export`] through the given file-system [`write::Steps`].
fn export_with(
    archive: &Archive,
    ixs: &[u32],
    out: &Path,
    opts: &ExportOptions,
    progress: &ExportProgress,
    steps: &dyn write::Steps,
) -> Result<ExportSummary, ExportError> {
    let layout = opts.effective_layout();
    if layout == Layout::PerEntry {
        check_template(&opts.template)?;
    }
    // An archive of outlines has its entries' text read from their files.
    let texts: Vec<_> = ixs
        .iter()
        .filter_map(|&ix| crate::load::with_text(archive, ix))
        .collect();
    let entries: Vec<&Entry> = texts.iter().map(AsRef::as_ref).collect();
    progress.start(entries.len());
    let written = match layout {
        Layout::Single => write::single_file(out, opts.if_exists, progress, steps, |w| {
            write_combined(&entries, opts, progress, w)
        })?,
        Layout::PerEntry => {
            let names = names::plan_entries(&entries, &opts.template, opts.format.extension());
            let plan = write::PerEntryPlan {
                dir: out,
                names: &names,
                if_exists: opts.if_exists,
            };
            write::per_entry_files(&plan, progress, steps, |i, w| {
                render_one(entries[i], opts.format, &opts.marks, w)
            })?
        }
    };
    Ok(summarize(written, layout, entries.len()))
}

/// What an export of `entries` entries in `layout` put in place.
fn summarize(written: write::Written, layout: Layout, entries: usize) -> ExportSummary {
    let bytes = written
        .files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let entries = match layout {
        // A skipped combined file holds no entry of this export.
        Layout::Single if written.files.is_empty() => 0,
        Layout::Single => entries,
        Layout::PerEntry => written.files.len(),
    };
    ExportSummary {
        files: written.files,
        bytes,
        entries,
        skipped: written.skipped,
        stale_removed: written.stale_removed,
    }
}

/// Writes one entry in a per-entry format, with its marks (footnotes
/// numbered from 1 in each file).
fn render_one(
    entry: &Entry,
    format: Format,
    marks: &Marks,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut w = w;
    let laid = marks::lay(entry, marks.get(&entry.id), 1);
    match format {
        Format::Txt => {
            render::write_txt(entry, &mut w)?;
            txt::write_notes(&laid, w)
        }
        Format::Md if laid.is_empty() => render::write_md(entry, &mut w),
        Format::Md => md::write_entry(entry, &laid, w),
        Format::Json if marks.is_empty() => render::write_json(entry, &mut w),
        Format::Json => json::write_entry(entry, &laid, w),
        // Never reached: EPUB is always a single file.
        Format::Epub => epub::write_epub(&[entry], DEFAULT_TITLE, marks, w),
    }
}

/// Writes all entries as one file in the chosen format.
fn write_combined(
    entries: &[&Entry],
    opts: &ExportOptions,
    progress: &ExportProgress,
    w: &mut dyn std::io::Write,
) -> Result<(), write::WriteError> {
    let title = opts.title();
    match opts.format {
        Format::Txt => txt::write_combined(entries, title, &opts.marks, progress, w),
        Format::Md => md::write_combined(entries, title, &opts.marks, progress, w),
        Format::Json => json::write_combined(entries, &opts.marks, progress, w),
        Format::Epub => {
            check_cancel(progress)?;
            epub::write_epub(entries, title, &opts.marks, w)?;
            progress.finish();
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_read_naturally() {
        assert_eq!(human_size(812), "812 bytes");
        assert_eq!(human_size(412 * 1024 - 5), "412 KB");
        assert_eq!(human_size(3_565_158), "3.4 MB");
        let s = ExportSummary {
            files: vec![PathBuf::from("a.txt")],
            bytes: 2048,
            entries: 37,
            skipped: 0,
            stale_removed: 0,
        };
        assert_eq!(
            s.describe(Path::new("/x/a.txt")),
            "Wrote 1 file (37 entries), 2 KB, to /x/a.txt"
        );
        let s = ExportSummary {
            stale_removed: 2,
            ..s
        };
        assert!(
            s.describe(Path::new("a.txt"))
                .ends_with("; removed 2 temporary files left by interrupted exports")
        );
    }

    #[test]
    fn counts_have_thousands_separators() {
        let s = ExportSummary {
            files: vec![PathBuf::from("a.txt"); 27_550],
            bytes: 1024 * 1024 - 1,
            entries: 27_550,
            skipped: 1_200,
            stale_removed: 3_001,
        };
        assert_eq!(
            s.describe(Path::new("out")),
            "Wrote 27,550 files (27,550 entries), 1,024 KB, to out; skipped 1,200 files that \
             already existed; removed 3,001 temporary files left by interrupted exports"
        );
        let paths = vec![PathBuf::from("x.txt"); 1_005];
        assert_eq!(
            ExportError::TargetExists(paths.clone()).to_string(),
            "1,005 files already exist: x.txt, x.txt, x.txt, x.txt, x.txt, and 1,000 more"
        );
        let r = Rollback {
            removed: 2_000,
            kept: paths,
        };
        assert!(
            r.to_string().starts_with(
                "the 2,000 files already renamed into place were removed again, but 1,005 files \
                 were already in place"
            ),
            "{r}"
        );
    }

    #[test]
    fn rollbacks_say_what_was_undone_and_what_was_kept() {
        let r = |removed, kept: &[&str]| Rollback {
            removed,
            kept: kept.iter().map(PathBuf::from).collect(),
        };
        assert_eq!(r(0, &[]).to_string(), "nothing was written");
        assert_eq!(
            r(3, &[]).to_string(),
            "the 3 files already renamed into place were removed again; nothing was written"
        );
        assert_eq!(
            r(1, &["a.txt"]).to_string(),
            "the file already renamed into place was removed again, but 1 file was already in \
             place and kept (complete, replacing existing ones): a.txt"
        );
        let io = ExportError::Io {
            path: "x".into(),
            error: std::io::Error::other("disk full"),
            rollback: r(0, &[]),
        };
        assert_eq!(io.to_string(), "cannot write x: disk full");
        assert_eq!(
            ExportError::Cancelled(r(2, &[])).to_string(),
            "export cancelled: the 2 files already renamed into place were removed again; \
             nothing was written"
        );
    }
}
