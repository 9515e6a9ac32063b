//! Plain-text export: one entry in the archive's own file format (so an
//! exported folder re-imports with `--archive`), and a combined file with a
//! table of contents.
//!
//! The per-entry format (a contract with the parser):
//!
//! ```text
//! {title}
//! By {author}            (omitted when there is no author)
//! {Month D, YYYY}        (omitted when undated)
//! Source: {source}
//!
//! [Caption: {caption}]
//!
//! {paragraph}
//!
//! {Heading}
//!
//! ({author note})
//! ```
//!
//! Blocks are separated by one blank line; the file ends with a newline.

use super::ExportProgress;
use super::write::WriteError;
use crate::model::{Block, Entry};
use chrono::NaiveDate;
use std::io::{self, Write};

/// `March 24, 2007`.
pub fn long_date(date: NaiveDate) -> String {
    date.format("%B %-d, %Y").to_string()
}

/// Writes one entry in the per-entry text format.
pub fn write_txt(entry: &Entry, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "{}", one_line(&entry.title))?;
    if let Some(author) = &entry.author {
        writeln!(w, "By {}", one_line(author))?;
    }
    if let Some(date) = entry.date {
        writeln!(w, "{}", long_date(date))?;
    }
    writeln!(w, "Source: {}", one_line(&entry.source))?;
    for block in &entry.blocks {
        w.write_all(b"\n")?;
        write_block(block, w)?;
    }
    Ok(())
}

fn write_block(block: &Block, w: &mut dyn Write) -> io::Result<()> {
    match block {
        Block::Paragraph(t) | Block::Heading(t) => writeln!(w, "{}", one_line(t)),
        Block::Caption(t) => writeln!(w, "[Caption: {}]", one_line(t)),
        Block::AuthorNote(t) => {
            let t = one_line(t);
            if is_wrapped(&t) {
                writeln!(w, "{t}")
            } else {
                writeln!(w, "({t})")
            }
        }
    }
}

/// True if the note is already set apart by parentheses or brackets.
fn is_wrapped(t: &str) -> bool {
    (t.starts_with('(') && t.ends_with(')')) || (t.starts_with('[') && t.ends_with(']'))
}

/// The text on one line: inner line breaks would split a paragraph (or end
/// the header) when the file is read back.
fn one_line(t: &str) -> std::borrow::Cow<'_, str> {
    if t.contains(['\n', '\r']) {
        t.split(['\n', '\r'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
            .into()
    } else {
        t.into()
    }
}

/// Separator line between entries of a combined file.
const RULE: &str = "========================================================================";

/// Writes all entries into one text file: a title, a numbered table of
/// contents, then each entry after a numbered separator.
pub(crate) fn write_combined(
    entries: &[&Entry],
    title: &str,
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
        progress.check()?;
        write!(
            w,
            "\n{RULE}\n{:>width$}/{}\n{RULE}\n\n",
            i + 1,
            entries.len()
        )?;
        write_txt(e, w)?;
        progress.step();
    }
    Ok(())
}

/// `Title — Author, March 24, 2007` (the parts that exist).
fn toc_line(e: &Entry) -> String {
    let title = one_line(&e.title);
    match toc_byline(e) {
        Some(by) => format!("{title} — {by}"),
        None => title.into_owned(),
    }
}

/// `Author, March 24, 2007`, the parts that exist, or `None`.
pub(crate) fn toc_byline(e: &Entry) -> Option<String> {
    let by: Vec<String> = e
        .author
        .iter()
        .map(|a| one_line(a).into_owned())
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
    use crate::model::Kind;

    pub(crate) fn sample() -> Entry {
        let blocks = vec![
            Block::Caption("Hubble Telescope over Earth".into()),
            Block::Paragraph("For more than 30 years, I’ve been working.".into()),
            Block::Heading("Vision at all Levels".into()),
            Block::Paragraph("Second\nline joined.".into()),
            Block::AuthorNote("Jane is a writer.".into()),
        ];
        Entry {
            id: "for-more-than-30-years-12345678".into(),
            title: "For more than 30 years".into(),
            author: Some("Mikael Blaisdell".into()),
            date: NaiveDate::from_ymd_opt(2007, 3, 24),
            kind: Kind::Article,
            source: "builtin/000.txt".into(),
            page: None,
            words: Entry::count_words(&blocks),
            blocks,
        }
    }

    #[test]
    fn per_entry_text_follows_the_contract() {
        let mut out = Vec::new();
        write_txt(&sample(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "For more than 30 years\nBy Mikael Blaisdell\nMarch 24, 2007\n\
             Source: builtin/000.txt\n\n[Caption: Hubble Telescope over Earth]\n\n\
             For more than 30 years, I’ve been working.\n\nVision at all Levels\n\n\
             Second line joined.\n\n(Jane is a writer.)\n"
        );
    }

    #[test]
    fn missing_author_and_date_lines_are_omitted() {
        let mut e = sample();
        e.author = None;
        e.date = None;
        let mut out = Vec::new();
        write_txt(&e, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("For more than 30 years\nSource: builtin/000.txt\n\n"));
        assert!(!text.contains("By "));
    }

    #[test]
    fn combined_file_has_contents_then_entries() {
        let a = sample();
        let mut b = sample();
        b.title = "Second".into();
        b.author = None;
        let mut out = Vec::new();
        let progress = ExportProgress::default();
        write_combined(&[&a, &b], "My export", &progress, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("My export\n2 entries\n\nContents\n\n"));
        assert!(text.contains("1. For more than 30 years — Mikael Blaisdell, March 24, 2007\n"));
        assert!(text.contains("2. Second — March 24, 2007\n"));
        assert_eq!(text.matches(RULE).count(), 4);
        assert!(text.find("\nSecond\nMarch").unwrap() > text.find("2/2").unwrap());
        assert_eq!(progress.counts().0, 2);
    }
}
