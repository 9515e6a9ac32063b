//! Plain-text export: a combined file with a table of contents, each entry
//! in the per-entry format of [`crate::render::write_txt`] (the archive's
//! own file format, a contract with the parser, so an exported folder
//! re-imports with `--archive`). With the reader's marks, a "Notes"
//! section follows each entry's text: its entry note, then each
//! highlight's quote, colour, note and link back, in text order (those
//! no longer found in the text say so).

use super::ExportProgress;
use super::marks::{Laid, Marks, lay};
use super::write::WriteError;
use crate::model::Entry;
use crate::render::{long_date, write_txt};
use std::fmt::Write as _;
use std::io::Write;

/// The text on one line (for the contents list).
fn one_line(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Separator line between entries of a combined file.
const RULE: &str = "========================================================================";

/// Writes all entries into one text file: a title, a numbered table of
/// contents, then each entry after a numbered separator.
pub(crate) fn write_combined(
    entries: &[&Entry],
    title: &str,
    marks: &Marks,
    progress: &ExportProgress,
    w: &mut dyn Write,
) -> Result<(), WriteError> {
    writeln!(w, "{}", one_line(title))?;
    writeln!(w, "{}\n", count_entries(entries.len()))?;
    writeln!(w, "Contents\n")?;
    let width = entries.len().to_string().len();
    for (i, e) in entries.iter().enumerate() {
        writeln!(w, "{:>width$}. {}", i + 1, toc_line(e))?;
    }
    for (i, e) in entries.iter().enumerate() {
        super::check_cancel(progress)?;
        write!(
            w,
            "\n{RULE}\n{:>width$}/{}\n{RULE}\n\n",
            i + 1,
            entries.len()
        )?;
        write_txt(e, &mut &mut *w)?;
        write_notes(&lay(e, marks.get(&e.id), 1), w)?;
        progress.advance();
    }
    Ok(())
}

/// The Notes section of one entry (nothing when it has no marks), made
/// in memory and written at once.
pub(crate) fn write_notes(laid: &Laid<'_>, w: &mut dyn Write) -> std::io::Result<()> {
    if laid.is_empty() {
        return Ok(());
    }
    let mut out = String::with_capacity(256);
    out.push_str("\nNotes\n-----\n");
    let indented = |out: &mut String, text: &str| {
        for line in text.lines() {
            out.push_str("    ");
            out.push_str(line);
            out.push('\n');
        }
    };
    if let Some(note) = laid.note {
        out.push_str("\nOn this entry:\n");
        indented(&mut out, note);
    }
    for p in &laid.placed {
        let h = p.highlight;
        // Writing to a string cannot fail.
        let _ = write!(out, "\n[{}] \u{201c}", p.number);
        for (k, word) in h.anchor.quote.split_whitespace().enumerate() {
            if k > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
        out.push_str("\u{201d} (");
        out.push_str(h.colour.as_str());
        if p.range.is_none() {
            out.push_str("; no longer found in the text");
        }
        out.push_str(")\n");
        indented(&mut out, &h.note);
        let _ = writeln!(out, "    {}", p.link());
    }
    w.write_all(out.as_bytes())
}

/// `Title — Author, March 24, 2007` (the parts that exist).
fn toc_line(e: &Entry) -> String {
    let title = one_line(&e.title);
    match toc_byline(e) {
        Some(by) => format!("{title} — {by}"),
        None => title,
    }
}

/// `Author, March 24, 2007`, the parts that exist, or `None`.
pub(crate) fn toc_byline(e: &Entry) -> Option<String> {
    let by: Vec<String> = e
        .author
        .iter()
        .map(|a| one_line(a))
        .chain(e.date.map(long_date))
        .collect();
    (!by.is_empty()).then(|| by.join(", "))
}

pub(crate) fn count_entries(n: usize) -> String {
    if n == 1 {
        "1 entry".to_string()
    } else {
        format!("{n} entries")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Kind};
    use chrono::NaiveDate;

    fn sample() -> Entry {
        let blocks = vec![
            Block::caption("Hubble Telescope over Earth"),
            Block::paragraph("For more than 30 years, I’ve been working."),
            Block::heading("Vision at all Levels"),
            Block::paragraph("Second\nline joined."),
            Block::author_note("Jane is a writer."),
        ];
        Entry {
            id: "for-more-than-30-years-12345678".into(),
            title: "For more than 30 years".into(),
            author: Some("Mikael Blaisdell".into()),
            date: NaiveDate::from_ymd_opt(2007, 3, 24),
            kind: Kind::Article,
            source: "builtin/000.txt".into(),
            page: None,
            ..Entry::with_blocks(blocks)
        }
    }

    #[test]
    fn combined_file_has_contents_then_entries() {
        let a = sample();
        let mut b = sample();
        b.title = "Second".into();
        b.author = None;
        let mut out = Vec::new();
        let progress = ExportProgress::default();
        write_combined(
            &[&a, &b],
            "My export",
            &Marks::default(),
            &progress,
            &mut out,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("My export\n2 entries\n\nContents\n\n"));
        assert!(text.contains("1. For more than 30 years — Mikael Blaisdell, March 24, 2007\n"));
        assert!(text.contains("2. Second — March 24, 2007\n"));
        assert_eq!(text.matches(RULE).count(), 4);
        assert!(text.find("\nSecond\nMarch").unwrap() > text.find("2/2").unwrap());
        assert_eq!(progress.counts().0, 2);
    }
}
