//! The reader's highlights and notes on their own: listed ([`rows`]) for
//! `hotline highlights` and the window's Highlights view, and exported
//! ([`export_highlights`]) as Markdown, JSON or CSV in Readwise's import
//! format, one file or one per entry, with the same safety as every
//! export (temporary files renamed into place, nothing half-written).
//!
//! Each row is a highlight or an entry note of an entry the archive
//! holds; highlights of entries not loaded are counted, not listed (they
//! have no title to show).

use super::names::{DEFAULT_TEMPLATE, plan_entries};
use super::write::{self, PerEntryPlan, WriteError};
use super::{ExportError, ExportProgress, ExportSummary, IfExists, Layout};
use crate::archive::Archive;
use crate::db::{Colour, DbError, Highlight, Library};
use crate::link::Link;
use crate::model::{Block, Entry};
use serde::Serialize;
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

/// What a row holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    Highlight(Highlight),
    /// The note about a whole entry, and when it was last changed.
    EntryNote {
        note: String,
        updated: i64,
    },
}

/// One highlight or entry note, with its entry's canonical index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub ix: u32,
    pub mark: Mark,
}

impl Row {
    /// The link back: to the highlight, or to the entry for a note.
    pub fn link(&self, entry: &Entry) -> Link {
        match &self.mark {
            Mark::Highlight(h) => Link::highlight(&entry.id, h.id),
            Mark::EntryNote { .. } => Link::entry(&entry.id),
        }
    }

    /// When it was made (a note: last changed).
    pub fn created(&self) -> i64 {
        match &self.mark {
            Mark::Highlight(h) => h.created,
            Mark::EntryNote { updated, .. } => *updated,
        }
    }
}

/// The order of the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// The most recently made first.
    #[default]
    Newest,
    /// By entry (in the order given, else canonical), then by place in
    /// the text, each entry's note first.
    Reading,
}

/// Which rows, in which order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Select {
    /// Only these entries (canonical indexes, e.g. a collection's in its
    /// order), or every entry.
    pub within: Option<Vec<u32>>,
    /// Only highlights of this colour (entry notes have none, so none).
    pub colour: Option<Colour>,
    pub order: Order,
}

/// The rows selected, and how many highlights and notes were left out
/// because their entry is not in the archive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    pub rows: Vec<Row>,
    pub unloaded: usize,
}

/// Reads the highlights and entry notes `select` asks for.
pub fn rows(db: &mut Library, archive: &Archive, select: &Select) -> Result<Listing, DbError> {
    let rank: Option<HashMap<u32, usize>> = select
        .within
        .as_ref()
        .map(|w| w.iter().enumerate().map(|(k, &ix)| (ix, k)).collect());
    let mut listing = Listing::default();
    let keep = |ix: Option<u32>, mark: Mark, listing: &mut Listing| match ix {
        None => listing.unloaded += 1,
        Some(ix) if rank.as_ref().is_none_or(|r| r.contains_key(&ix)) => {
            listing.rows.push(Row { ix, mark });
        }
        Some(_) => {}
    };
    if select.colour.is_none() {
        for (entry, note, updated) in db.entry_notes()? {
            keep(
                archive.index_of(&entry),
                Mark::EntryNote { note, updated },
                &mut listing,
            );
        }
    }
    for h in db.all_highlights()? {
        if select.colour.is_some_and(|c| c != h.colour) {
            continue;
        }
        keep(archive.index_of(&h.entry), Mark::Highlight(h), &mut listing);
    }
    let place = |r: &Row| match &r.mark {
        Mark::EntryNote { .. } => (0, 0, 0),
        Mark::Highlight(h) => (1, h.anchor.start, h.id),
    };
    match select.order {
        // Made in the same second: the later row (a note, then the
        // higher id) first.
        Order::Newest => listing.rows.sort_by_key(|r| {
            let made = match &r.mark {
                Mark::EntryNote { .. } => (1, 0),
                Mark::Highlight(h) => (0, h.id),
            };
            std::cmp::Reverse((r.created(), made))
        }),
        Order::Reading => {
            let entry_rank = |ix: u32| rank.as_ref().and_then(|r| r.get(&ix).copied());
            listing.rows.sort_by(|a, b| {
                (entry_rank(a.ix), a.ix, place(a)).cmp(&(entry_rank(b.ix), b.ix, place(b)))
            });
        }
    }
    Ok(listing)
}

/// A highlights-only export's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HighlightsFormat {
    /// Grouped by entry: each quote as `==…==` with its note and link.
    Md,
    /// One array of row objects (as `hotline highlights --json`).
    Json,
    /// Readwise's CSV import: `Highlight,Title,Author,URL,Note,Location,
    /// Location Type,Date` (entry notes are not highlights, so not in it).
    Csv,
}

impl HighlightsFormat {
    pub fn extension(self) -> &'static str {
        match self {
            HighlightsFormat::Md => "md",
            HighlightsFormat::Json => "json",
            HighlightsFormat::Csv => "csv",
        }
    }
}

/// One row as JSON.
#[derive(Debug, Serialize)]
pub struct JsonRow<'a> {
    /// `highlight` or `note`.
    pub kind: &'static str,
    /// The highlight's id (null for an entry note).
    pub id: Option<i64>,
    pub entry: &'a str,
    pub title: &'a str,
    pub author: Option<&'a str>,
    pub date: Option<String>,
    pub colour: Option<&'static str>,
    pub quote: Option<&'a str>,
    pub note: &'a str,
    /// RFC 3339, UTC (a note: when it was last changed).
    pub created: String,
    pub updated: String,
    pub link: String,
}

impl<'a> JsonRow<'a> {
    pub fn new(row: &'a Row, e: &'a Entry) -> JsonRow<'a> {
        let (kind, id, colour, quote, note, updated) = match &row.mark {
            Mark::Highlight(h) => (
                "highlight",
                Some(h.id),
                Some(h.colour.as_str()),
                Some(h.anchor.quote.as_str()),
                h.note.as_str(),
                h.updated,
            ),
            Mark::EntryNote { note, updated } => {
                ("note", None, None, None, note.as_str(), *updated)
            }
        };
        JsonRow {
            kind,
            id,
            entry: &e.id,
            title: &e.title,
            author: e.author.as_deref(),
            date: e.date.map(|d| d.to_string()),
            colour,
            quote,
            note,
            created: super::json::rfc3339(row.created()),
            updated: super::json::rfc3339(updated),
            link: row.link(e).to_string(),
        }
    }
}

/// What to write and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HighlightsExport {
    pub format: HighlightsFormat,
    /// One file, or one per entry (named by the default template).
    pub layout: Layout,
    pub if_exists: IfExists,
    /// The heading of a Markdown file (e.g. the collection's name).
    pub title: Option<String>,
}

/// Writes `rows` to `out` (a file, or a folder for one file per entry).
pub fn export_highlights(
    archive: &Archive,
    rows: &[Row],
    out: &Path,
    opts: &HighlightsExport,
    progress: &ExportProgress,
) -> Result<ExportSummary, ExportError> {
    let steps = write::RealSteps;
    // Rows grouped by entry, entries in the order they first come.
    let mut groups: Vec<(&Entry, Vec<&Row>)> = Vec::new();
    let mut at: HashMap<u32, usize> = HashMap::new();
    for r in rows {
        let Some(e) = archive.get(r.ix) else { continue };
        let k = *at.entry(r.ix).or_insert_with(|| {
            groups.push((e, Vec::new()));
            groups.len() - 1
        });
        groups[k].1.push(r);
    }
    progress.start(groups.len());
    let title = opts.title.as_deref().unwrap_or("Highlights");
    let written = match opts.layout {
        Layout::Single => write::single_file(out, opts.if_exists, progress, &steps, |w| {
            write_groups(&groups, opts.format, title, progress, w)
        })?,
        Layout::PerEntry => {
            let entries: Vec<&Entry> = groups.iter().map(|(e, _)| *e).collect();
            let names = plan_entries(&entries, DEFAULT_TEMPLATE, opts.format.extension());
            let plan = PerEntryPlan {
                dir: out,
                names: &names,
                if_exists: opts.if_exists,
            };
            write::per_entry_files(&plan, progress, &steps, |i, w| {
                let one = &groups[i..=i];
                write_groups(
                    one,
                    opts.format,
                    &groups[i].0.title,
                    &ExportProgress::default(),
                    w,
                )
                .map_err(|e| match e {
                    WriteError::Io(e) => e,
                    WriteError::Cancelled => io::Error::other("cancelled"),
                })
            })?
        }
    };
    Ok(super::summarize(written, opts.layout, groups.len()))
}

type Group<'a> = (&'a Entry, Vec<&'a Row>);

fn write_groups(
    groups: &[Group<'_>],
    format: HighlightsFormat,
    title: &str,
    progress: &ExportProgress,
    w: &mut dyn Write,
) -> Result<(), WriteError> {
    match format {
        HighlightsFormat::Md => {
            writeln!(w, "# {}", crate::markup::md::heading(title))?;
            for (e, rows) in groups {
                super::check_cancel(progress)?;
                write_md_group(e, rows, w)?;
                progress.advance();
            }
        }
        HighlightsFormat::Json => {
            let all = groups
                .iter()
                .flat_map(|(e, rows)| rows.iter().map(move |r| JsonRow::new(r, e)));
            w.write_all(b"[")?;
            for (i, row) in all.enumerate() {
                w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut *w, &row).map_err(io::Error::from)?;
            }
            w.write_all(b"\n]\n")?;
            progress.finish();
        }
        HighlightsFormat::Csv => {
            write_csv_row(w, &CSV_HEADER)?;
            for (e, rows) in groups {
                super::check_cancel(progress)?;
                write_csv_group(e, rows, w)?;
                progress.advance();
            }
        }
    }
    Ok(())
}

/// One entry's heading, note and highlights in Markdown.
fn write_md_group(e: &Entry, rows: &[&Row], w: &mut dyn Write) -> io::Result<()> {
    let md = |t: &str| crate::markup::md::inline(&Block::paragraph(t));
    writeln!(w, "\n## {}\n", crate::markup::md::heading(&e.title))?;
    let by: Vec<String> = e
        .author
        .iter()
        .map(|a| md(a))
        .chain(e.date.map(crate::render::long_date))
        .collect();
    let by = if by.is_empty() {
        String::new()
    } else {
        format!("{} · ", by.join(", "))
    };
    writeln!(w, "*{by}*[open in HotLine]({})", Link::entry(&e.id))?;
    for r in rows {
        match &r.mark {
            Mark::EntryNote { note, .. } => {
                writeln!(w, "\n> [!note]")?;
                for line in note.lines() {
                    writeln!(w, "> {}", md(line))?;
                }
            }
            Mark::Highlight(h) => {
                let quote = md(&h.anchor.quote);
                let note = md(&h.note);
                let note = if note.trim().is_empty() {
                    String::new()
                } else {
                    format!(" — {}", note.trim())
                };
                writeln!(
                    w,
                    "\n- =={}== ({}){note} [open in HotLine]({})",
                    quote.trim(),
                    h.colour.as_str(),
                    r.link(e)
                )?;
            }
        }
    }
    Ok(())
}

const CSV_HEADER: [&str; 8] = [
    "Highlight",
    "Title",
    "Author",
    "URL",
    "Note",
    "Location",
    "Location Type",
    "Date",
];

/// One entry's highlights as Readwise rows: the location is the
/// highlight's place among the entry's highlights in text order.
fn write_csv_group(e: &Entry, rows: &[&Row], w: &mut dyn Write) -> io::Result<()> {
    let hs: Vec<(&Row, &Highlight)> = rows
        .iter()
        .filter_map(|r| match &r.mark {
            Mark::Highlight(h) => Some((*r, h)),
            Mark::EntryNote { .. } => None,
        })
        .collect();
    let mut by_place: Vec<(u64, i64)> = hs.iter().map(|(_, h)| (h.anchor.start, h.id)).collect();
    by_place.sort_unstable();
    for (r, h) in &hs {
        let location = by_place.partition_point(|&p| p < (h.anchor.start, h.id)) + 1;
        let date = chrono::DateTime::from_timestamp(h.created, 0)
            .unwrap_or_default()
            .format("%Y-%m-%d %H:%M:%S")
            .to_string();
        write_csv_row(
            w,
            &[
                &h.anchor.quote,
                &e.title,
                e.author.as_deref().unwrap_or(""),
                &r.link(e).to_string(),
                &h.note,
                &location.to_string(),
                "order",
                &date,
            ],
        )?;
    }
    Ok(())
}

/// One CSV record by RFC 4180: a field holding a comma, a quote or a line
/// break is quoted, its quotes doubled; records end with CRLF.
pub fn write_csv_row(w: &mut dyn Write, fields: &[&str]) -> io::Result<()> {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        if f.contains([',', '"', '\r', '\n']) {
            write!(w, "\"{}\"", f.replace('"', "\"\""))?;
        } else {
            w.write_all(f.as_bytes())?;
        }
    }
    w.write_all(b"\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_by_rfc_4180() {
        let mut out = Vec::new();
        write_csv_row(
            &mut out,
            &["plain", "a, b", "say \"hi\"", "two\nlines", "", "cr\r"],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "plain,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\",,\"cr\r\"\r\n"
        );
    }
}
