//! Markdown export, combined file: front matter with the export's title, a
//! linked table of contents, then one `#` heading per entry (an anchor with
//! its id before it), a byline line, then the blocks as
//! [`crate::markup::md`] writes them. Per-entry files are
//! [`crate::render::write_md`] (YAML front matter with title, author, date,
//! kind, source, id, sections).
//!
//! With the reader's marks: the entry note is a `> [!note]` callout under
//! the byline, each highlighted passage is `==…==` followed by its
//! footnote `[^n]` (numbered through the file), and the footnotes after
//! the entry's text hold each highlight's note and its link back; a
//! highlight no longer found in the text is listed after them.

use super::ExportProgress;
use super::marks::{Laid, Marks, lay};
use super::txt::{count_entries, toc_byline};
use super::write::WriteError;
use crate::model::{Block, Entry};
use crate::render::long_date;
use std::io::{self, Write};

/// One entry in its own file with its marks: front matter, title, then
/// the body.
pub(crate) fn write_entry(e: &Entry, laid: &Laid<'_>, w: &mut dyn Write) -> io::Result<()> {
    crate::render::write_front_fields(e, &mut &mut *w)?;
    writeln!(w, "marks: obsidian\n---\n")?;
    writeln!(w, "# {}", crate::markup::md::heading_marked(&e.title))?;
    write_marked_blocks(e, laid, w)
}

/// The entry note, the blocks with their marks, and the footnotes.
fn write_marked_blocks(e: &Entry, laid: &Laid<'_>, w: &mut dyn Write) -> io::Result<()> {
    if let Some(note) = laid.note {
        writeln!(w, "\n> [!note]")?;
        for line in note.lines() {
            writeln!(
                w,
                "> {}",
                crate::markup::md::inline(&Block::paragraph(line))
            )?;
        }
    }
    crate::markup::md::write_blocks_marked(&e.blocks, &laid.blocks, w)?;
    write_notes(laid, w)
}

/// The footnotes of the placed highlights, then the orphans.
fn write_notes(laid: &Laid<'_>, w: &mut dyn Write) -> io::Result<()> {
    let (placed, orphans): (Vec<_>, Vec<_>) = laid.placed.iter().partition(|p| p.range.is_some());
    if !placed.is_empty() {
        writeln!(w)?;
    }
    for p in &placed {
        writeln!(w, "[^{}]: {}", p.number, note_line(p))?;
    }
    if !orphans.is_empty() {
        // A callout, which a reader of the file leaves out of the text.
        writeln!(
            w,
            "\n> [!warning]\n> Highlights no longer found in the text:"
        )?;
        for p in &orphans {
            let quote = crate::markup::md::inline(&Block::paragraph(&p.highlight.anchor.quote));
            writeln!(w, "> - \u{201c}{quote}\u{201d} {}", note_line(p))?;
        }
    }
    Ok(())
}

/// A highlight's note on one line, then its link back.
fn note_line(p: &super::Placed<'_>) -> String {
    let note = crate::markup::md::inline(&Block::paragraph(&p.highlight.note));
    let link = format!("[open in HotLine]({})", p.link());
    if note.trim().is_empty() {
        link
    } else {
        format!("{} — {link}", note.trim())
    }
}

/// The entry's title, byline and blocks; in a file with marks (`marked`)
/// every entry's text is written as marked text.
fn write_body(e: &Entry, laid: &Laid<'_>, marked: bool, w: &mut dyn Write) -> io::Result<()> {
    if marked {
        writeln!(w, "# {}", crate::markup::md::heading_marked(&e.title))?;
    } else {
        writeln!(w, "# {}", crate::markup::md::heading(&e.title))?;
    }
    let byline: Vec<String> = e
        .author
        .iter()
        .map(|a| format!("By {}", inline(a)))
        .chain(e.date.map(long_date))
        .collect();
    if !byline.is_empty() {
        writeln!(w, "\n*{}*", byline.join(" · "))?;
    }
    if marked {
        write_marked_blocks(e, laid, w)
    } else {
        crate::markup::md::write_blocks(&e.blocks, w)
    }
}

/// Writes all entries into one Markdown file with a linked contents list.
pub(crate) fn write_combined(
    entries: &[&Entry],
    title: &str,
    marks: &Marks,
    progress: &ExportProgress,
    w: &mut dyn Write,
) -> Result<(), WriteError> {
    let syntax = if marks.is_empty() {
        ""
    } else {
        "marks: obsidian\n"
    };
    writeln!(
        w,
        "---\ntitle: {}\nentries: {}\n{syntax}---\n",
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
    let mut next_note = 1;
    for e in entries {
        super::check_cancel(progress)?;
        writeln!(w, "\n---\n\n<a id=\"{}\"></a>\n{}\n", e.id, meta_comment(e))?;
        let laid = lay(e, marks.get(&e.id), next_note);
        next_note += laid.placed.len();
        write_body(e, &laid, !marks.is_empty(), w)?;
        progress.advance();
    }
    Ok(())
}

/// What the byline line does not say, for a reader that loads the file
/// back: `<!-- hotline {"id": …, "kind": …, "tags": […], "url": …} -->`
/// (an HTML comment, which Markdown viewers do not show).
fn meta_comment(e: &Entry) -> String {
    let mut m = serde_json::Map::new();
    m.insert("id".into(), e.id.clone().into());
    m.insert("kind".into(), e.kind.as_str().into());
    if !e.tags.is_empty() {
        m.insert("tags".into(), e.tags.clone().into());
    }
    if let Some(url) = &e.url {
        m.insert("url".into(), url.clone().into());
    }
    if let Some(c) = &e.collection {
        m.insert("collection".into(), c.clone().into());
    }
    if let Some(n) = e.teaser {
        m.insert("teaser".into(), n.into());
    }
    // `-->` can only be inside a string, where `\u003e` reads as `>`.
    let json = serde_json::Value::Object(m)
        .to_string()
        .replace("-->", "--\\u003e");
    format!("<!-- hotline {json} -->")
}

fn quoted(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// Text on one line, for headings and list items.
fn inline(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;
    use crate::model::Kind;
    use chrono::NaiveDate;

    fn sample() -> Entry {
        let blocks = vec![
            Block::caption("Through the Lens"),
            Block::paragraph("# not a heading"),
            Block::heading("Vision at all Levels"),
            Block::paragraph("1. not a list"),
            Block::author_note("(Jane is a writer.)"),
        ];
        Entry {
            id: "a-title-0000abcd".into(),
            title: "A \"quoted\": title".into(),
            author: Some("Jane Doe".into()),
            date: NaiveDate::from_ymd_opt(2008, 5, 15),
            kind: Kind::Article,
            source: "x/a.txt".into(),
            page: None,
            ..Entry::with_blocks(blocks)
        }
    }

    #[test]
    fn body_marks_headings_captions_and_notes() {
        let mut out = Vec::new();
        write_body(&sample(), &Laid::default(), false, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("# A \"quoted\": title\n\n*By Jane Doe · May 15, 2008*\n"));
        assert!(text.contains("\n<figcaption>Through the Lens</figcaption>\n"));
        assert!(text.contains("\n## Vision at all Levels\n"));
        assert!(text.contains("\n\\# not a heading\n"));
        assert!(text.contains("\n1\\. not a list\n"));
        assert!(text.contains("\n<aside>(Jane is a writer.)</aside>\n"));
    }

    #[test]
    fn combined_markdown_links_every_entry() {
        let a = sample();
        let mut b = sample();
        b.id = "second-0000ffff".into();
        b.title = "Second".into();
        let mut out = Vec::new();
        let progress = ExportProgress::default();
        write_combined(&[&a, &b], "Export", &Marks::default(), &progress, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(
            "## Contents\n\n1. [A \"quoted\": title](#a-title-0000abcd) — Jane Doe, May 15, 2008\n"
        ));
        assert!(text.contains("2. [Second](#second-0000ffff)"));
        assert!(text.contains(
            "<a id=\"second-0000ffff\"></a>\n<!-- hotline {\"id\":\"second-0000ffff\",\"kind\":\"article\"} -->\n\n# Second\n"
        ));
    }
}
