//! Markdown export, combined file: front matter with the export's title, a
//! linked table of contents, then one `#` heading per entry (an anchor with
//! its id before it), a byline line, then the blocks as
//! [`crate::markup::md`] writes them. Per-entry files are
//! [`crate::render::write_md`] (YAML front matter with title, author, date,
//! kind, source, id, sections).

use super::ExportProgress;
use super::txt::{count_entries, toc_byline};
use super::write::WriteError;
use crate::model::Entry;
use crate::render::long_date;
use std::io::{self, Write};

/// The entry's title, byline and blocks.
fn write_body(e: &Entry, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "# {}", crate::markup::md::heading(&e.title))?;
    let byline: Vec<String> = e
        .author
        .iter()
        .map(|a| format!("By {}", inline(a)))
        .chain(e.date.map(long_date))
        .collect();
    if !byline.is_empty() {
        writeln!(w, "\n*{}*", byline.join(" · "))?;
    }
    crate::markup::md::write_blocks(&e.blocks, w)
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
        super::check_cancel(progress)?;
        writeln!(w, "\n---\n\n<a id=\"{}\"></a>\n{}\n", e.id, meta_comment(e))?;
        write_body(e, w)?;
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
        write_body(&sample(), &mut out).unwrap();
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
        write_combined(&[&a, &b], "Export", &ExportProgress::default(), &mut out).unwrap();
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
