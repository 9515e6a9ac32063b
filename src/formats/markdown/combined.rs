//! Our own combined Markdown export (`export::md::write_combined`) read
//! back as the entries it holds.
//!
//! The file's front matter says `entries: N`; each entry starts at an
//! `<a id="ID"></a>` anchor (perhaps followed by a
//! `<!-- hotline {"kind": …, "tags": […], "url": …, "collection": …,
//! "teaser": …} -->` comment) followed by its `# Title`, then an optional
//! byline line `*By Author · Month D, YYYY*` (either part may be missing),
//! then its blocks. What comes before the first entry (the file's own
//! title and its contents list) is not an entry.

use super::body::Item;
use super::front_matter::json_fields;
use super::html::Marker;
use super::meta;
use crate::formats::{Meta, build_entry, parse_date};
use crate::model::{Block, BlockKind, Entry, Style};
use chrono::NaiveDate;

/// The entries of a combined export, or `None` when `items` hold no
/// anchor followed by a level-1 heading (then the file is one entry).
pub(super) fn split(
    source: &str,
    items: &[Item],
    declared: u32,
    file_hash: u64,
    warnings: &mut Vec<String>,
) -> Option<Vec<Entry>> {
    let starts: Vec<usize> = (0..items.len())
        .filter(|&i| matches!(items[i], Item::Marker(Marker::Anchor(_))) && heading_after(items, i))
        .collect();
    if starts.is_empty() {
        return None;
    }
    if usize::try_from(declared).ok() != Some(starts.len()) {
        warnings.push(format!(
            "the combined export says it holds {declared} entries, but {} were found",
            starts.len()
        ));
    }
    let ends = starts.iter().skip(1).copied().chain([items.len()]);
    let entries = starts
        .iter()
        .zip(ends)
        .zip(1u32..)
        .map(|((&start, end), part)| {
            read_entry(source, &items[start..end], part, file_hash, warnings)
        })
        .collect();
    Some(entries)
}

/// Whether the first block after `items[i]` is a level-1 heading, with
/// only markers between.
fn heading_after(items: &[Item], i: usize) -> bool {
    items[i + 1..]
        .iter()
        .find_map(|item| match item {
            Item::Block(b) => Some(b.kind == BlockKind::Heading { level: 1 }),
            Item::Marker(_) => None,
        })
        .unwrap_or(false)
}

/// One entry: from its anchor to the next entry's.
fn read_entry(
    source: &str,
    items: &[Item],
    part: u32,
    file_hash: u64,
    warnings: &mut Vec<String>,
) -> Entry {
    let mut hotline = Meta::default();
    let mut blocks = items.iter().filter_map(|item| match item {
        Item::Block(b) => Some(b),
        Item::Marker(_) => None,
    });
    for item in items {
        match item {
            Item::Marker(Marker::Hotline(json)) => match serde_json::from_str(json) {
                Ok(value) => hotline = meta::read(&json_fields(value), warnings).meta,
                Err(e) => warnings.push(format!(
                    "the hotline comment of entry {part} is not valid JSON: {e}"
                )),
            },
            Item::Block(_) => break,
            Item::Marker(Marker::Anchor(_)) => {}
        }
    }
    let title = blocks.next().map(|b| b.text.clone());
    let mut body: Vec<Block> = blocks.cloned().collect();
    let (author, date) = match body.first().and_then(byline) {
        Some(found) => {
            body.remove(0);
            found
        }
        None => (None, None),
    };
    let meta = Meta {
        title: hotline.title.or(title),
        author: hotline.author.or(author),
        date: hotline.date.or(date),
        ..hotline
    };
    build_entry(source, meta, body, file_hash, part)
}

/// An entry's byline line: a paragraph that is all emphasis, of parts
/// joined by ` · `: `By Author` and a date.
fn byline(b: &Block) -> Option<(Option<String>, Option<NaiveDate>)> {
    let whole = b.kind == BlockKind::Paragraph
        && matches!(b.spans.as_slice(), [s] if s.style == Style::Emphasis
            && s.start == 0 && s.end as usize == b.text.len());
    if !whole {
        return None;
    }
    let (mut author, mut date) = (None, None);
    for part in b.text.split(" · ") {
        if let Some(name) = part.strip_prefix("By ") {
            author = Some(name.to_string());
        } else {
            date = Some(parse_date(part)?);
        }
    }
    Some((author, date))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emphasized(text: &str) -> Block {
        Block::paragraph(text).with_spans(vec![crate::model::Span {
            start: 0,
            end: u32::try_from(text.len()).unwrap(),
            style: Style::Emphasis,
        }])
    }

    #[test]
    fn bylines_with_either_part() {
        let may = NaiveDate::from_ymd_opt(2008, 5, 15);
        assert_eq!(
            byline(&emphasized("By Jane Doe · May 15, 2008")),
            Some((Some("Jane Doe".into()), may))
        );
        assert_eq!(
            byline(&emphasized("By Jane Doe")),
            Some((Some("Jane Doe".into()), None))
        );
        assert_eq!(byline(&emphasized("May 15, 2008")), Some((None, may)));
        assert_eq!(byline(&emphasized("Not a byline")), None);
        assert_eq!(byline(&Block::paragraph("By Jane Doe")), None);
    }
}
