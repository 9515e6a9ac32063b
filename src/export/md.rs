//! Markdown export: YAML front matter (title, author, date, kind, source, id,
//! sections), then the text: `##` section headings, captions as `*…*` lines,
//! author notes as `> ` quotes. A combined file has a linked table of
//! contents and one `#` heading per entry.
//!
//! Front-matter strings are written as JSON strings, which YAML reads as
//! double-quoted scalars, so no title can break the header.

use super::ExportProgress;
use super::txt::{count_entries, long_date, toc_byline};
use super::write::WriteError;
use crate::model::{Block, Entry};
use std::io::{self, Write};

/// Writes one entry as a Markdown document with front matter.
pub(crate) fn write_md(entry: &Entry, w: &mut dyn Write) -> io::Result<()> {
    write_front_matter(entry, w)?;
    write_body(entry, w)
}

fn write_front_matter(e: &Entry, w: &mut dyn Write) -> io::Result<()> {
    let sections: Vec<&str> = e.sections().collect();
    writeln!(w, "---")?;
    writeln!(w, "title: {}", quoted(&e.title))?;
    match &e.author {
        Some(a) => writeln!(w, "author: {}", quoted(a))?,
        None => writeln!(w, "author: null")?,
    }
    match e.date {
        Some(d) => writeln!(w, "date: {}", d.format("%Y-%m-%d"))?,
        None => writeln!(w, "date: null")?,
    }
    writeln!(w, "kind: {}", e.kind)?;
    writeln!(w, "source: {}", quoted(&e.source))?;
    writeln!(w, "id: {}", quoted(&e.id))?;
    writeln!(w, "sections: {}", json_list(&sections))?;
    writeln!(w, "---\n")
}

/// The entry's title, byline and blocks.
fn write_body(e: &Entry, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "# {}", inline(&e.title))?;
    let byline: Vec<String> = e
        .author
        .iter()
        .map(|a| format!("By {}", inline(a)))
        .chain(e.date.map(long_date))
        .collect();
    if !byline.is_empty() {
        writeln!(w, "\n*{}*", byline.join(" · "))?;
    }
    for block in &e.blocks {
        w.write_all(b"\n")?;
        match block {
            Block::Paragraph(t) => writeln!(w, "{}", paragraph(t))?,
            Block::Heading(t) => writeln!(w, "## {}", inline(t))?,
            Block::Caption(t) => writeln!(w, "*{}*", inline(t).replace('*', "\\*"))?,
            Block::AuthorNote(t) => writeln!(w, "> {}", inline(t))?,
        }
    }
    Ok(())
}

/// Writes all entries into one Markdown file with a linked contents list.
pub(crate) fn write_combined(
    entries: &[&Entry],
    title: &str,
    progress: &ExportProgress,
    w: &mut dyn Write,
) -> Result<(), WriteError> {
    writeln!(
        w,
        "---\ntitle: {}\nentries: {}\n---\n",
        quoted(title),
        entries.len()
    )?;
    writeln!(
        w,
        "# {}\n\n{}\n\n## Contents\n",
        inline(title),
        count_entries(entries.len())
    )?;
    for (i, e) in entries.iter().enumerate() {
        let by = toc_byline(e).map(|b| format!(" — {b}")).unwrap_or_default();
        writeln!(w, "{}. [{}](#{}){by}", i + 1, inline(&e.title), e.id)?;
    }
    for e in entries {
        progress.check()?;
        writeln!(w, "\n---\n\n<a id=\"{}\"></a>\n", e.id)?;
        write_body(e, w)?;
        progress.step();
    }
    Ok(())
}

fn quoted(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

fn json_list(items: &[&str]) -> String {
    serde_json::Value::from(items.to_vec()).to_string()
}

/// Text on one line, for headings and list items.
fn inline(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A paragraph on one line, with a leading character that Markdown would
/// read as syntax (heading, quote, list, rule, code) escaped.
fn paragraph(t: &str) -> String {
    let mut s = inline(t);
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if s.starts_with(['#', '>', '-', '+', '*', '=', '|', '`', '~', '_', '[', '<']) {
        s.insert(0, '\\');
    } else if digits > 0 && s[digits..].starts_with(['.', ')']) {
        s.insert(digits, '\\');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use chrono::NaiveDate;

    fn sample() -> Entry {
        let blocks = vec![
            Block::Caption("Through the Lens".into()),
            Block::Paragraph("# not a heading".into()),
            Block::Heading("Vision at all Levels".into()),
            Block::Paragraph("1. not a list".into()),
            Block::AuthorNote("(Jane is a writer.)".into()),
        ];
        Entry {
            id: "a-title-0000abcd".into(),
            title: "A \"quoted\": title".into(),
            author: Some("Jane Doe".into()),
            date: NaiveDate::from_ymd_opt(2008, 5, 15),
            kind: Kind::Article,
            source: "x/a.txt".into(),
            page: None,
            words: Entry::count_words(&blocks),
            blocks,
        }
    }

    #[test]
    fn per_entry_markdown_has_front_matter_and_marked_blocks() {
        let mut out = Vec::new();
        write_md(&sample(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("---\ntitle: \"A \\\"quoted\\\": title\"\nauthor: \"Jane Doe\"\n")
        );
        assert!(text.contains("\ndate: 2008-05-15\nkind: article\nsource: \"x/a.txt\"\n"));
        assert!(
            text.contains(
                "\nid: \"a-title-0000abcd\"\nsections: [\"Vision at all Levels\"]\n---\n"
            )
        );
        assert!(text.contains("\n*By Jane Doe · May 15, 2008*\n"));
        assert!(text.contains("\n*Through the Lens*\n"));
        assert!(text.contains("\n## Vision at all Levels\n"));
        assert!(text.contains("\n\\# not a heading\n"));
        assert!(text.contains("\n1\\. not a list\n"));
        assert!(text.contains("\n> (Jane is a writer.)\n"));
    }

    #[test]
    fn undated_anonymous_entries_have_null_fields() {
        let mut e = sample();
        e.author = None;
        e.date = None;
        let mut out = Vec::new();
        write_md(&e, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\nauthor: null\ndate: null\n"));
        assert!(!text.contains("*By "));
    }

    #[test]
    fn combined_markdown_links_every_entry() {
        let a = sample();
        let mut b = sample();
        b.id = "second-0000ffff".into();
        b.title = "Second".into();
        let mut out = Vec::new();
        write_combined(&[&a, &b], "Export", &ExportProgress::default(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(
            "## Contents\n\n1. [A \"quoted\": title](#a-title-0000abcd) — Jane Doe, May 15, 2008\n"
        ));
        assert!(text.contains("2. [Second](#second-0000ffff)"));
        assert!(text.contains("<a id=\"second-0000ffff\"></a>\n\n# Second\n"));
    }
}
