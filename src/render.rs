//! Rendering one [`Entry`] as text: plain `txt`, Markdown with YAML front
//! matter, or JSON, written to any [`std::io::Write`].
//!
//! `show` prints these and export reuses them, so a file written here is what
//! a user reads and re-imports. The plain-text layout is a contract with the
//! parser: an exported `.txt` loaded back with `--archive` gives the same
//! title, author, date and sections.
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
//! {heading}
//!
//! ({author note})
//! ```
//!
//! [`Summary`] is the shape of one `list --json` element; [`Full`] is every
//! field of the model plus the derived ones, for `show --format json`.

use crate::model::{Entry, Kind, PageRef};
use chrono::NaiveDate;
use serde::Serialize;
use std::io::{self, Write};

/// The day as people write it: `March 24, 2007`.
pub fn long_date(date: NaiveDate) -> String {
    date.format("%B %-d, %Y").to_string()
}

/// Writes the plain-text form (see the module docs for the layout).
pub fn write_txt<W: Write>(entry: &Entry, w: &mut W) -> io::Result<()> {
    writeln!(w, "{}", entry.title)?;
    if let Some(author) = &entry.author {
        writeln!(w, "By {author}")?;
    }
    if let Some(date) = entry.date {
        writeln!(w, "{}", long_date(date))?;
    }
    writeln!(w, "Source: {}", entry.source)?;
    if let Some(url) = &entry.url {
        writeln!(w, "URL: {url}")?;
    }
    if !entry.tags.is_empty() {
        writeln!(w, "Tags: {}", entry.tags.join(", "))?;
    }
    crate::markup::plain::write_blocks(&entry.blocks, w)
}

/// Writes Markdown: YAML front matter (title, author, date, kind, source, id,
/// sections), the title as `#`, headings as `##`, captions in italics and
/// author notes as quotes.
pub fn write_md<W: Write>(entry: &Entry, w: &mut W) -> io::Result<()> {
    write_front_matter(entry, w)?;
    writeln!(w)?;
    writeln!(w, "# {}", crate::markup::md::heading(&entry.title))?;
    crate::markup::md::write_blocks(&entry.blocks, w)
}

fn write_front_matter<W: Write>(entry: &Entry, w: &mut W) -> io::Result<()> {
    write_front_fields(entry, w)?;
    writeln!(w, "---")
}

/// The front matter's opening line and fields, without its closing line
/// (an export adds its own fields after them).
pub(crate) fn write_front_fields<W: Write>(entry: &Entry, w: &mut W) -> io::Result<()> {
    writeln!(w, "---")?;
    writeln!(w, "title: {}", yaml_str(&entry.title))?;
    match &entry.author {
        Some(a) => writeln!(w, "author: {}", yaml_str(a))?,
        None => writeln!(w, "author: null")?,
    }
    match entry.date {
        Some(d) => writeln!(w, "date: {}", d.format("%Y-%m-%d"))?,
        None => writeln!(w, "date: null")?,
    }
    writeln!(w, "kind: {}", entry.kind)?;
    let tags: Vec<String> = entry.tags.iter().map(|t| yaml_str(t)).collect();
    writeln!(w, "tags: [{}]", tags.join(", "))?;
    if let Some(url) = &entry.url {
        writeln!(w, "url: {}", yaml_str(url))?;
    }
    if let Some(c) = &entry.collection {
        writeln!(w, "collection: {}", yaml_str(c))?;
    }
    if let Some(n) = entry.teaser {
        writeln!(w, "teaser: {n}")?;
    }
    writeln!(w, "source: {}", yaml_str(&entry.source))?;
    writeln!(w, "id: {}", entry.id)?;
    let mut sections = entry.sections().peekable();
    if sections.peek().is_none() {
        writeln!(w, "sections: []")?;
    } else {
        writeln!(w, "sections:")?;
        for s in sections {
            writeln!(w, "  - {}", yaml_str(s))?;
        }
    }
    Ok(())
}

/// A YAML double-quoted scalar. JSON string syntax is valid YAML, and
/// serde_json escapes everything YAML needs escaped.
fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// One `list --json` element.
#[derive(Debug, Clone, Serialize)]
pub struct Summary<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub author: Option<&'a str>,
    /// `YYYY-MM-DD` or null.
    pub date: Option<NaiveDate>,
    pub kind: Kind,
    pub source: &'a str,
    pub words: u32,
    pub reading_minutes: u32,
    pub sections: Vec<&'a str>,
    pub captions: Vec<&'a str>,
    /// Tags and categories (an empty list when there are none).
    pub tags: &'a [String],
    /// Where the text was published, if known.
    pub url: Option<&'a str>,
    /// For excerpts: the page they came from (absent for articles).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<&'a PageRef>,
}

impl<'a> Summary<'a> {
    pub fn new(entry: &'a Entry) -> Summary<'a> {
        Summary {
            id: &entry.id,
            title: &entry.title,
            author: entry.author.as_deref(),
            date: entry.date,
            kind: entry.kind,
            source: &entry.source,
            words: entry.words,
            reading_minutes: entry.reading_minutes(),
            sections: entry.sections().collect(),
            captions: entry.captions().collect(),
            tags: &entry.tags,
            url: entry.url.as_deref(),
            page: entry.page.as_ref(),
        }
    }
}

/// Every field of the model plus the derived ones (`reading_minutes`,
/// `sections`, `captions`). Deserializes back into an [`Entry`].
#[derive(Debug, Clone, Serialize)]
pub struct Full<'a> {
    #[serde(flatten)]
    pub entry: &'a Entry,
    pub reading_minutes: u32,
    pub sections: Vec<&'a str>,
    pub captions: Vec<&'a str>,
}

impl<'a> Full<'a> {
    pub fn new(entry: &'a Entry) -> Full<'a> {
        Full {
            entry,
            reading_minutes: entry.reading_minutes(),
            sections: entry.sections().collect(),
            captions: entry.captions().collect(),
        }
    }
}

/// Writes [`Full`] as pretty JSON followed by a newline.
pub fn write_json<W: Write>(entry: &Entry, w: &mut W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, &Full::new(entry))?;
    writeln!(w)
}

/// The [`Summary`] of an entry as a JSON value.
pub fn summary_json(entry: &Entry) -> serde_json::Value {
    serde_json::to_value(Summary::new(entry)).unwrap_or(serde_json::Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;

    fn sample() -> Entry {
        let blocks = vec![
            Block::caption("Hubble Telescope over Earth"),
            Block::paragraph("For more than 30 years, I’ve been working."),
            Block::heading("Vision at all Levels"),
            Block::paragraph("# not a heading"),
            Block::author_note("(Jane Doe writes “things”.)"),
        ];
        Entry {
            id: "for-more-than-30-years-0a1b2c3d".into(),
            title: "For more than 30 years".into(),
            author: Some("Jane Doe".into()),
            date: NaiveDate::from_ymd_opt(2007, 3, 24),
            kind: Kind::Article,
            source: "builtin/000.txt".into(),
            page: None,
            ..Entry::with_blocks(blocks)
        }
    }

    fn render(f: fn(&Entry, &mut Vec<u8>) -> io::Result<()>, e: &Entry) -> String {
        let mut out = Vec::new();
        f(e, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn txt_follows_the_contract() {
        let txt = render(write_txt, &sample());
        assert_eq!(
            txt,
            "For more than 30 years\nBy Jane Doe\nMarch 24, 2007\nSource: builtin/000.txt\n\n\
             [Caption: Hubble Telescope over Earth]\n\n\
             For more than 30 years, I’ve been working.\n\n\
             Vision at all Levels\n\n# not a heading\n\n\
             (Jane Doe writes “things”.)\n"
        );
    }

    #[test]
    fn txt_omits_missing_author_and_date_and_wraps_bare_notes() {
        let mut e = sample();
        e.author = None;
        e.date = None;
        e.blocks = vec![Block::author_note("Jane is a writer.")];
        let txt = render(write_txt, &e);
        assert_eq!(
            txt,
            "For more than 30 years\nSource: builtin/000.txt\n\n(Jane is a writer.)\n"
        );
    }

    #[test]
    fn md_has_front_matter_and_marked_blocks() {
        let md = render(write_md, &sample());
        let expected_head = "---\ntitle: \"For more than 30 years\"\nauthor: \"Jane Doe\"\n\
             date: 2007-03-24\nkind: article\ntags: []\nsource: \"builtin/000.txt\"\n\
             id: for-more-than-30-years-0a1b2c3d\nsections:\n  - \"Vision at all Levels\"\n---\n\n\
             # For more than 30 years\n\n<figcaption>Hubble Telescope over Earth</figcaption>\n\n";
        assert!(md.starts_with(expected_head), "{md}");
        assert!(md.contains("\n## Vision at all Levels\n"));
        assert!(md.contains("\n\\# not a heading\n"));
        assert!(md.ends_with("\n<aside>(Jane Doe writes “things”.)</aside>\n"));
    }

    #[test]
    fn md_front_matter_quotes_hostile_titles() {
        let mut e = sample();
        e.title = "a: \"b\" # c".into();
        e.author = None;
        e.date = None;
        e.blocks.clear();
        let md = render(write_md, &e);
        assert!(md.contains("title: \"a: \\\"b\\\" # c\"\n"), "{md}");
        assert!(md.contains("author: null\ndate: null\n"));
        assert!(md.contains("sections: []\n"));
    }

    #[test]
    fn json_round_trips_to_the_entry() {
        let e = sample();
        let json = render(write_json, &e);
        let back: Entry = serde_json::from_str(&json).unwrap();
        assert_eq!(back, e);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["date"], "2007-03-24");
        assert_eq!(v["sections"], serde_json::json!(["Vision at all Levels"]));
        assert_eq!(v["reading_minutes"], 1);
    }

    #[test]
    fn summary_has_the_list_fields() {
        let mut e = sample();
        let v = summary_json(&e);
        let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "author",
                "captions",
                "date",
                "id",
                "kind",
                "reading_minutes",
                "sections",
                "source",
                "tags",
                "title",
                "url",
                "words"
            ]
        );
        assert_eq!(v["tags"], serde_json::json!([]));
        assert_eq!(v["url"], serde_json::Value::Null);
        assert_eq!(v["kind"], "article");
        assert_eq!(
            v["captions"],
            serde_json::json!(["Hubble Telescope over Earth"])
        );
        e.kind = Kind::Excerpt;
        e.date = None;
        e.page = Some(PageRef {
            source: "builtin/002.txt".into(),
            part: 2,
            of: 8,
        });
        let v = summary_json(&e);
        assert_eq!(v["date"], serde_json::Value::Null);
        assert_eq!(
            v["page"],
            serde_json::json!({"source": "builtin/002.txt", "part": 2, "of": 8})
        );
    }
}
