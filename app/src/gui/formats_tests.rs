//! Entries from the richer formats in the window: the Tags facet with
//! counts that follow the other filters, a tag clicked in the reader, the
//! original's link, and the structured blocks drawn.

use super::tests::{entry, harness_with, para, shown};
use egui_kittest::kittest::Queryable;
use hotline::model::{Span, Style};
use hotline::{Archive, Block, BlockKind};
use std::sync::Arc;

fn tagged(
    id: &str,
    title: &str,
    author: &str,
    tags: &[&str],
    blocks: Vec<Block>,
) -> hotline::Entry {
    let mut e = entry(id, title, Some(author), Some("2008-05-15"), blocks);
    e.tags = tags.iter().map(|t| t.to_string()).collect();
    e
}

fn archive() -> Arc<Archive> {
    let rich = vec![
        Block::new(BlockKind::Heading { level: 2 }, "Why It Matters"),
        Block::paragraph("Read the full guide today.").with_spans(vec![Span {
            start: 9,
            end: 19,
            style: Style::Link {
                url: "https://example.com/guide".into(),
            },
        }]),
        Block::new(
            BlockKind::ListItem {
                depth: 0,
                number: Some(1),
            },
            "Listen first",
        ),
        Block::new(
            BlockKind::ListItem {
                depth: 1,
                number: None,
            },
            "Then answer",
        ),
        Block::new(BlockKind::Quote, "Service is a promise kept."),
        Block::new(BlockKind::Preformatted, "ticket --close 42"),
    ];
    let mut first = tagged(
        "one",
        "Metrics Matter",
        "Jane Doe",
        &["Metrics", "SaaS"],
        rich,
    );
    first.url = Some("https://example.com/metrics".into());
    Arc::new(Archive::new(
        vec![
            first,
            tagged(
                "two",
                "SaaS Pricing",
                "Bob Roe",
                &["SaaS"],
                vec![para("Price it.")],
            ),
            tagged(
                "three",
                "Help Desks",
                "Jane Doe",
                &["Help Desk"],
                vec![para("Desks.")],
            ),
        ],
        vec![],
    ))
}

#[test]
fn the_tags_facet_filters_and_its_counts_follow_the_other_filters() {
    let mut h = harness_with(None, archive());
    h.get_by_label("SaaS (2)").click();
    h.run();
    let mut titles = shown(&h);
    titles.sort();
    assert_eq!(titles, ["Metrics Matter", "SaaS Pricing"]);
    // Author counts follow the tag; tag counts follow the author.
    h.get_by_label("Jane Doe (1)");
    h.get_by_label("Jane Doe (1)").click();
    h.run();
    assert_eq!(shown(&h), ["Metrics Matter"]);
    h.get_by_label("Help Desk (1)");
    h.get_by_label("Metrics (1)");
    // Clicking the tag again widens the list to Jane Doe's entries.
    h.get_by_label("SaaS (1)").click();
    h.run();
    assert_eq!(shown(&h).len(), 2);
}

#[test]
fn the_reader_shows_tags_the_original_and_the_structure() {
    let mut h = harness_with(None, archive());
    h.get_by_label("Metrics Matter").click();
    h.run();
    h.get_by_label("Open original");
    for text in [
        "Why It Matters",
        "Listen first",
        "Then answer",
        "Service is a promise kept.",
        "ticket --close 42",
        "1.",
    ] {
        assert!(h.query_by_label_contains(text).is_some(), "{text} is drawn");
    }
    // A tag in the reader lists the entries that carry it.
    h.get_by_label("Metrics").click();
    h.run();
    assert_eq!(shown(&h), ["Metrics Matter"]);
    assert_eq!(h.state().state.filter.tags, ["Metrics"]);
}

/// An entry with thousands of tags shows the first ones as chips and
/// counts the rest.
#[test]
fn the_reader_counts_tags_beyond_the_first_forty() {
    let names: Vec<String> = (0..1000).map(|i| format!("tag{i:04}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let e = tagged("many", "Many Tags", "Ann Lee", &refs, vec![para("Text.")]);
    let mut h = harness_with(None, Arc::new(Archive::new(vec![e], vec![])));
    h.get_by_label("Many Tags").click();
    h.run();
    h.get_by_label("tag0039");
    assert!(h.query_by_label("tag0040").is_none());
    h.get_by_label("and 960 more");
}
