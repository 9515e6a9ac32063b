//! This app's own JSON export read back: one array of entries (a combined
//! export) or one entry (a per-entry file), each object in the shape of
//! [`crate::render::Full`]. Every field of the model comes back as written;
//! the derived ones (`reading_minutes`, `sections`, `captions`) are
//! ignored and the word count is counted again, and the entries' source
//! is the file they are read from now.

use crate::model::{Entry, PageRef};
use crate::parse::ParseOutput;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(untagged)]
enum Shape {
    Many(Vec<Entry>),
    One(Box<Entry>),
}

/// The entries of the JSON export `text`, from the file `source`.
pub fn parse(source: &str, text: &str) -> ParseOutput {
    let text = text.trim_start_matches('\u{feff}');
    let entries = match serde_json::from_str::<Shape>(text) {
        Ok(Shape::Many(v)) => v,
        Ok(Shape::One(e)) => vec![*e],
        Err(e) => {
            return ParseOutput {
                entries: Vec::new(),
                warnings: vec![format!(
                    "not a JSON export of this app: {e} (line {}, column {})",
                    e.line(),
                    e.column()
                )],
            };
        }
    };
    let count = entries.len();
    let entries: Vec<Entry> = entries
        .into_iter()
        .filter(|e| !e.title.trim().is_empty())
        .map(|e| adopt(source, e))
        .collect();
    let mut warnings = Vec::new();
    if entries.len() < count {
        warnings.push(format!(
            "{} of {count} entries have no title and were left out",
            count - entries.len()
        ));
    }
    if entries.is_empty() && count == 0 {
        warnings.push("no entries found".to_string());
    }
    ParseOutput { entries, warnings }
}

/// The entry as read from `source`, with the rules every importer keeps:
/// a title on one line and at most 80 characters, a word count that
/// matches the blocks, spans that fit their text, and an id.
fn adopt(source: &str, mut e: Entry) -> Entry {
    e.title = crate::parse::title::clamp(&e.title);
    e.source = source.to_string();
    e.page = e.page.map(|p| PageRef {
        source: source.to_string(),
        ..p
    });
    e.blocks = std::mem::take(&mut e.blocks)
        .into_iter()
        .map(|b| {
            let spans = b.spans.clone();
            b.with_spans(spans)
        })
        .collect();
    e.words = Entry::count_words(&e.blocks);
    e.tags = super::clean_tags(std::mem::take(&mut e.tags));
    let slug_ok = !e.id.is_empty()
        && e.id.len() <= 120
        && e.id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !slug_ok {
        let hash = crate::id::content_hash(e.title.as_bytes());
        e.id = crate::id::make_id(&e.title, hash, 0);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, BlockKind, Kind, Span, Style};

    fn sample() -> Entry {
        let mut e = Entry::with_blocks(vec![
            Block::new(BlockKind::Heading { level: 3 }, "Part"),
            Block::paragraph("Some strong text.").with_spans(vec![Span {
                start: 5,
                end: 11,
                style: Style::Strong,
            }]),
        ])
        .with_id("a-1")
        .with_title("A")
        .with_author("Jane Doe")
        .with_date((2008, 5, 15))
        .with_kind(Kind::Excerpt)
        .with_source("old/place.txt");
        e.tags = vec!["support".into()];
        e.url = Some("https://e.com/a".into());
        e
    }

    #[test]
    fn an_export_reads_back_to_the_same_entries() {
        let e = sample();
        let mut one = Vec::new();
        crate::render::write_json(&e, &mut one).unwrap();
        let out = parse("new/a.json", std::str::from_utf8(&one).unwrap());
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        let back = &out.entries[0];
        assert_eq!(back.source, "new/a.json");
        assert_eq!(
            Entry {
                source: e.source.clone(),
                ..back.clone()
            },
            e
        );
        let many = format!("[{}]", String::from_utf8(one).unwrap());
        assert_eq!(parse("b.json", &many).entries.len(), 1);
    }

    #[test]
    fn other_json_is_a_warning_not_a_panic() {
        let out = parse("x.json", "{\"title\": 3, \"blocks\": 1}");
        assert!(out.entries.is_empty());
        assert!(out.warnings[0].starts_with("not a JSON export of this app"));
        let out = parse("x.json", "[{\"title\": \"\", \"blocks\": []");
        assert!(out.entries.is_empty());
        assert_eq!(out.warnings.len(), 1);
    }

    #[test]
    fn a_missing_or_hostile_id_is_made_again() {
        let text = r#"{"id": "../../etc", "title": "Hello There", "author": null, "date": null,
            "kind": "article", "source": "s", "page": null, "blocks": [], "words": 99}"#;
        let out = parse("x.json", text);
        let e = &out.entries[0];
        assert!(e.id.starts_with("hello-there-"), "{}", e.id);
        assert_eq!(e.words, 0, "counted again");
    }
}
