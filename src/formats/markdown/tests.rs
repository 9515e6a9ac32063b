//! The Markdown reader end to end: front matter flavours and fields, the
//! title and date rules, every block kind and span, our combined export,
//! and round trips through our own writer.

use super::*;
use crate::model::{Entry, Kind, Span, Style};

fn one(source: &str, md: &str) -> (Entry, Vec<String>) {
    let out = parse(source, md, 42);
    assert_eq!(out.entries.len(), 1, "{md:?}: {:?}", out.warnings);
    let mut entries = out.entries;
    (entries.remove(0), out.warnings)
}

fn entry(md: &str) -> Entry {
    let (e, w) = one("notes/post.md", md);
    assert!(w.is_empty(), "{w:?}");
    e
}

fn sp(start: u32, end: u32, style: Style) -> Span {
    Span { start, end, style }
}

fn link(url: &str) -> Style {
    Style::Link { url: url.into() }
}

fn item(depth: u8, number: Option<u32>, text: &str) -> Block {
    Block::new(BlockKind::ListItem { depth, number }, text)
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn yaml_front_matter_gives_every_field() {
    let e = entry(
        "---\ntitle: \"Support: a Profession\"\nauthors: [jane doe, John Roe]\ndate: 2008-05-15\n\
         kind: excerpt\ntags: [Support, SaaS]\ncategories: support, Careers\n\
         source_url: https://e.com/a\ncollection: Issue 4\nteaser: 1\n---\n\nOne.\n\nTwo.\n",
    );
    assert_eq!(e.title, "Support: a Profession");
    assert_eq!(e.author.as_deref(), Some("Jane Doe and John Roe"));
    assert_eq!(e.date, day(2008, 5, 15));
    assert_eq!(e.kind, Kind::Excerpt);
    assert_eq!(e.tags, ["Support", "SaaS", "Careers"]);
    assert_eq!(e.url.as_deref(), Some("https://e.com/a"));
    assert_eq!(e.collection.as_deref(), Some("Issue 4"));
    assert_eq!(e.teaser, Some(1));
    assert_eq!(
        e.blocks,
        [Block::paragraph("One."), Block::paragraph("Two.")]
    );
    assert_eq!(e.source, "notes/post.md");
    assert_eq!(e.id, crate::id::make_id("Support: a Profession", 42, 0));
}

#[test]
fn toml_front_matter() {
    let e = entry(
        "+++\ntitle = \"T\"\nauthor = \"A Writer\"\npublishDate = 2008-05-15T23:30:00-05:00\n\
         tags = [\"x\"]\ncategories = [\"y\"]\nlink = \"https://e.com/t\"\n+++\nBody.\n",
    );
    assert_eq!(
        (e.title.as_str(), e.author.as_deref(), e.date),
        ("T", Some("A Writer"), day(2008, 5, 15))
    );
    assert_eq!(e.tags, ["x", "y"]);
    assert_eq!(e.url.as_deref(), Some("https://e.com/t"));
    assert_eq!(e.blocks, [Block::paragraph("Body.")]);
}

#[test]
fn json_front_matter() {
    let e = entry(
        "{\n  \"title\": \"J\",\n  \"author\": {\"name\": \"Ann Lee\"},\n  \"pubdate\": \"May 15, 2008\",\n  \
         \"url\": \"/posts/j/\",\n  \"canonical_url\": \"https://e.com/j\",\n  \"kind\": \"article\"\n}\n\nBody.\n",
    );
    assert_eq!(
        (e.title.as_str(), e.author.as_deref(), e.date),
        ("J", Some("Ann Lee"), day(2008, 5, 15))
    );
    assert_eq!(
        e.url.as_deref(),
        Some("https://e.com/j"),
        "a site path is no url"
    );
    assert_eq!(e.kind, Kind::Article);
    assert_eq!(e.blocks, [Block::paragraph("Body.")]);
}

#[test]
fn the_first_date_field_in_hugos_order_wins() {
    let e =
        entry("---\npublished: 2001-01-01\npubdate: 2002-02-02\npublishdate: 2003-03-03\n---\nx\n");
    assert_eq!(e.date, day(2003, 3, 3));
    let e = entry("---\npublished: 2001-01-01\ndate: 2004-04-04\n---\nx\n");
    assert_eq!(e.date, day(2004, 4, 4));
}

#[test]
fn a_jekyll_file_name_dates_an_undated_post() {
    let (e, _) = one("_posts/2008-05-15-the-slug.md", "Text.\n");
    assert_eq!(e.date, day(2008, 5, 15));
    let (e, _) = one(
        "C:\\posts\\2008-05-15-slug.markdown",
        "---\ndate: 2009-01-02\n---\nText.\n",
    );
    assert_eq!(e.date, day(2009, 1, 2), "the front matter wins");
    for name in [
        "2008-13-45-slug.md",
        "2008-05-15.md",
        "x2008-05-15-slug.md",
        "2008-5-15-slug.md",
    ] {
        assert_eq!(one(name, "Text.\n").0.date, None, "{name}");
    }
}

#[test]
fn the_title_rule() {
    // The front matter's title; our export's repeated `# Title` goes.
    let e = entry("---\ntitle: The  Title\n---\n\n#   the title\n\nText.\n");
    assert_eq!(e.title, "The Title");
    assert_eq!(e.blocks, [Block::paragraph("Text.")]);
    // A different opening heading stays.
    let e = entry("---\ntitle: The Title\n---\n# Part One\n\nText.\n");
    assert_eq!(e.title, "The Title");
    assert_eq!(
        e.blocks[0],
        Block::new(BlockKind::Heading { level: 1 }, "Part One")
    );
    // Without one, an opening `# Heading` is the title.
    let e = entry("# A *Heading*\n\nText.\n\n# Later\n");
    assert_eq!(e.title, "A Heading");
    assert_eq!(
        e.blocks,
        [
            Block::paragraph("Text."),
            Block::new(BlockKind::Heading { level: 1 }, "Later")
        ]
    );
    // A heading after text is not; the first paragraph gives the title.
    let e = entry("Opening words here.\n\n# Later\n");
    assert_eq!(e.title, "Opening words here");
    assert_eq!(e.blocks.len(), 2);
    // Nor is a level-2 heading.
    let e = entry("## Section\n\nThe text.\n");
    assert_eq!(e.title, "The text");
    assert_eq!(
        e.blocks[0],
        Block::new(BlockKind::Heading { level: 2 }, "Section")
    );
}

#[test]
fn every_block_kind_and_span() {
    let md = "---\ntitle: Doc\n---\n\n\
Intro with *em*, __strong__, `co  de` and a [link](https://e.com/x \"T\").\n\
Soft break, hard  \nbreak; \\*escaped\\* 1\\. &amp; <jane@e.com>.\n\n\
## Second *level*\n\n\
> Quoted *text*\n> continues.\n>\n> Second quote paragraph.\n\n\
- one\n- two\n  1. inner a\n  2. inner b\n- three\n\n\
3. third\n4. fourth\n\n\
```rust\nfn main() {\n    x();\n}\n\n```\n\n    indented code\n      keeps spaces\n\n\
***\n\n\
<figcaption>A <em>caption</em> &amp; more</figcaption>\n\n\
<aside>(Jane writes <a href=\"https://j.com\">books</a>.)</aside>\n\n\
<div class=\"x\">Some <b>html</b> text</div>\n\n\
<!-- just a comment -->\n\n\
![alt text](pic.png)\n\n\
Text with <em>inline</em> html and an ![image](i.png) inside.\n\n\
Setext\n------\n";
    let e = entry(md);
    assert_eq!(e.title, "Doc");
    let intro = "Intro with em, strong, co de and a link. Soft break, hard break; *escaped* 1. & jane@e.com.";
    let expected = vec![
        Block::paragraph(intro).with_spans(vec![
            sp(11, 13, Style::Emphasis),
            sp(15, 21, Style::Strong),
            sp(23, 28, Style::Code),
            sp(35, 39, link("https://e.com/x")),
            sp(80, 90, link("mailto:jane@e.com")),
        ]),
        Block::new(BlockKind::Heading { level: 2 }, "Second level").with_spans(vec![sp(
            7,
            12,
            Style::Emphasis,
        )]),
        Block::new(BlockKind::Quote, "Quoted text continues.").with_spans(vec![sp(
            7,
            11,
            Style::Emphasis,
        )]),
        Block::new(BlockKind::Quote, "Second quote paragraph."),
        item(0, None, "one"),
        item(0, None, "two"),
        item(1, Some(1), "inner a"),
        item(1, Some(2), "inner b"),
        item(0, None, "three"),
        item(0, Some(3), "third"),
        item(0, Some(4), "fourth"),
        Block::new(BlockKind::Preformatted, "fn main() {\n    x();\n}"),
        Block::new(BlockKind::Preformatted, "indented code\n  keeps spaces"),
        Block::caption("A caption & more").with_spans(vec![sp(2, 9, Style::Emphasis)]),
        Block::author_note("(Jane writes books.)").with_spans(vec![sp(
            13,
            18,
            link("https://j.com"),
        )]),
        Block::paragraph("Some html text").with_spans(vec![sp(5, 9, Style::Strong)]),
        Block::paragraph("Text with inline html and an inside.").with_spans(vec![sp(
            10,
            16,
            Style::Emphasis,
        )]),
        Block::new(BlockKind::Heading { level: 2 }, "Setext"),
    ];
    assert_eq!(&intro[80..90], "jane@e.com");
    for (got, want) in e.blocks.iter().zip(&expected) {
        assert_eq!(got, want);
    }
    assert_eq!(e.blocks.len(), expected.len(), "{:#?}", e.blocks);
}

#[test]
fn lists_nest_number_and_join_an_items_paragraphs() {
    let e = entry(
        "Lists.\n\n7. seven\n\n   still seven\n8. eight\n   * deep\n     + deeper\n\n   after the deep list\n\n\
         > - quoted item\n",
    );
    assert_eq!(
        e.blocks[1..],
        [
            item(0, Some(7), "seven still seven"),
            item(0, Some(8), "eight"),
            item(1, None, "deep"),
            item(2, None, "deeper"),
            Block::paragraph("after the deep list"),
            item(0, None, "quoted item"),
        ]
    );
}

#[test]
fn tables_are_preformatted_text() {
    let e = entry("Data:\n\n| Name | Qty |\n|---|--:|\n| `apple` | 3 |\n| kiwi fruit |\n");
    assert_eq!(
        e.blocks[1],
        Block::new(
            BlockKind::Preformatted,
            "Name       | Qty\n-----------|----\napple      | 3\nkiwi fruit |"
        )
    );
}

#[test]
fn broken_front_matter_warns_and_the_body_still_loads() {
    let (e, w) = one(
        "x.md",
        "---\ntitle: [unclosed\ndate: 2008-05-15\n---\n\n# Heading Title\n\nBody text.\n",
    );
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].starts_with("front matter is not valid YAML: "),
        "{w:?}"
    );
    assert!(w[0].contains("(line "), "{w:?}");
    assert_eq!(e.title, "Heading Title");
    assert_eq!(e.date, None);
    assert_eq!(
        e.blocks,
        [Block::paragraph("Body text.")],
        "no front matter as text"
    );

    let (e, w) = one("x.md", "---\ndate: someday\n---\nBody.\n");
    assert_eq!(w, ["front matter date \"someday\" is not a date"]);
    assert_eq!(e.date, None);
}

/// Aliases to aliases (the "billion laughs") are refused before the YAML
/// loader would build billions of values; the body still loads.
#[test]
fn front_matter_whose_aliases_explode_warns_and_the_body_loads() {
    let yaml = super::yaml_size::laughs();
    let (e, w) = one(
        "x.md",
        &format!("---\ntitle: Laughs\n{yaml}---\n\nBody text.\n"),
    );
    assert_eq!(
        w,
        ["front matter is not valid YAML: its aliases expand to more than 100,000 values"]
    );
    assert_eq!(e.blocks, [Block::paragraph("Body text.")]);
}

#[test]
fn empty_files_and_front_matter_alone() {
    let out = parse("x.md", "", 1);
    assert!(out.entries.is_empty());
    assert_eq!(out.warnings, ["no text found"]);
    let out = parse(
        "x.md",
        "---\ntags: [a]\n---\n\n<!-- nothing -->\n\n---\n",
        1,
    );
    assert!(out.entries.is_empty());
    assert_eq!(out.warnings, ["no text found"]);
    let (e, w) = one("x.md", "---\ntitle: Only a Title\n---\n");
    assert!(w.is_empty());
    assert_eq!((e.title.as_str(), e.blocks.len()), ("Only a Title", 0));
}

#[test]
fn windows_line_endings_read_the_same() {
    let unix = "---\ntitle: T\n---\n\n- a\n- b\n\n```\ncode\n  line\n```\n";
    let dos = unix.replace('\n', "\r\n");
    assert_eq!(entry(&dos).blocks, entry(unix).blocks);
    assert_eq!(
        entry(&dos).blocks[2],
        Block::new(BlockKind::Preformatted, "code\n  line")
    );
}

/// A combined export as `export::md::write_combined` writes it, with the
/// `hotline` comment on the second entry.
const COMBINED: &str = "---\ntitle: \"Export\"\nentries: 3\n---\n\n# Export\n\n3 entries\n\n## Contents\n\n\
1. [First](#first-0000abcd) — Jane Doe, May 15, 2008\n2. [Second](#second-0000ffff)\n3. [Third](#third-00001111)\n\n\
---\n\n<a id=\"first-0000abcd\"></a>\n\n# First\n\n*By Jane Doe · May 15, 2008*\n\n\
<figcaption>Through the Lens</figcaption>\n\nOne.\n\n## Vision\n\n\
---\n\n<a id=\"second-0000ffff\"></a>\n<!-- hotline {\"id\":\"second-0000ffff\",\"kind\":\"excerpt\",\"tags\":[\"a\",\"b\"],\
\"url\":\"https://e.com/2\",\"collection\":\"Issue 9\",\"teaser\":1,\"future\":[1]} -->\n\n# Second\n\n\
*June 1, 2009*\n\nTwo.\n\nMore.\n\n\
---\n\n<a id=\"third-00001111\"></a>\n\n# Third\n\n*By Ann Lee*\n\n*Emphasized opening.*\n";

#[test]
fn a_combined_export_is_split_into_its_entries() {
    let out = parse("all.md", COMBINED, 9);
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let e = &out.entries;
    assert_eq!(e.len(), 3);
    assert_eq!(
        (e[0].title.as_str(), e[0].author.as_deref(), e[0].date),
        ("First", Some("Jane Doe"), day(2008, 5, 15))
    );
    assert_eq!(
        e[0].blocks,
        [
            Block::caption("Through the Lens"),
            Block::paragraph("One."),
            Block::heading("Vision")
        ]
    );
    assert_eq!(e[0].kind, Kind::Article);
    assert_eq!(
        (e[1].title.as_str(), e[1].author.as_deref(), e[1].date),
        ("Second", None, day(2009, 6, 1))
    );
    assert_eq!(e[1].kind, Kind::Excerpt);
    assert_eq!(e[1].tags, ["a", "b"]);
    assert_eq!(e[1].url.as_deref(), Some("https://e.com/2"));
    assert_eq!(e[1].collection.as_deref(), Some("Issue 9"));
    assert_eq!(e[1].teaser, Some(1));
    assert_eq!(
        e[1].blocks,
        [Block::paragraph("Two."), Block::paragraph("More.")]
    );
    assert_eq!((e[2].author.as_deref(), e[2].date), (Some("Ann Lee"), None));
    assert_eq!(
        e[2].blocks.len(),
        1,
        "an emphasized paragraph after the byline stays"
    );
    for (i, entry) in e.iter().enumerate() {
        let part = u32::try_from(i + 1).unwrap();
        assert_eq!(entry.id, crate::id::make_id(&entry.title, 9, part));
        assert_eq!(entry.source, "all.md");
    }
}

#[test]
fn a_combined_export_with_a_wrong_count_warns_and_without_anchors_is_one_entry() {
    let out = parse("all.md", &COMBINED.replace("entries: 3", "entries: 4"), 9);
    assert_eq!(out.entries.len(), 3);
    assert_eq!(
        out.warnings,
        ["the combined export says it holds 4 entries, but 3 were found"]
    );
    // Anchors mean nothing without `entries` in the front matter.
    let out = parse("all.md", &COMBINED.replace("entries: 3\n", ""), 9);
    assert_eq!(out.entries.len(), 1);
    assert_eq!(out.entries[0].title, "Export");
    // Nor does `entries` without anchors.
    let out = parse("all.md", "---\nentries: 2\n---\n# One File\n\nText.\n", 9);
    assert_eq!(out.entries.len(), 1);
    assert_eq!(out.entries[0].title, "One File");
}

/// Our per-entry export read back.
#[test]
fn our_markdown_export_reads_back_as_the_entry() {
    let mut e = Entry::with_blocks(vec![
        Block::caption("A <b> & c"),
        Block::paragraph("# not a heading, *not em* and 1. not a list")
            .with_spans(vec![sp(0, 15, Style::Strong), sp(17, 25, Style::Emphasis)]),
        Block::new(BlockKind::Heading { level: 3 }, "Deep"),
        item(0, Some(1), "One"),
        item(1, None, "Inner"),
        item(0, Some(2), "Two"),
        Block::new(BlockKind::Quote, "Said."),
        Block::new(BlockKind::Preformatted, "let x = `y`;\n  indented"),
        Block::author_note("(Jane writes.)").with_spans(vec![sp(
            1,
            5,
            link("https://j.com/?a=1&b=2"),
        )]),
    ])
    .with_id("x-1")
    .with_title("A \"quoted\": title")
    .with_author("Jane Doe")
    .with_date((2008, 5, 15))
    .with_kind(Kind::Excerpt)
    .with_source("old/x.txt");
    e.tags = vec!["Support".into(), "a, b".into()];
    e.url = Some("https://e.com/x".into());
    e.collection = Some("Issue 4".into());
    e.teaser = Some(2);
    let mut md = Vec::new();
    crate::render::write_md(&e, &mut md).unwrap();
    let md = String::from_utf8(md).unwrap();
    let back = entry(&md);
    assert_eq!(back.title, e.title);
    assert_eq!(back.author, e.author);
    assert_eq!(back.date, e.date);
    assert_eq!(back.kind, e.kind);
    assert_eq!(back.tags, e.tags);
    assert_eq!(back.url, e.url);
    assert_eq!(back.collection, e.collection);
    assert_eq!(back.teaser, e.teaser);
    assert_eq!(back.blocks, e.blocks, "{md}");
}

mod round_trip {
    //! Generated entries written by our writer and read back.

    use super::*;
    use proptest::prelude::*;

    /// A run of words and the style over it (if any).
    type Segment = (Vec<String>, Option<u8>);

    fn word() -> impl Strategy<Value = String> {
        "[A-Za-z][a-z0-9]{0,7}"
    }

    fn segments() -> impl Strategy<Value = Vec<Segment>> {
        prop::collection::vec(
            (
                prop::collection::vec(word(), 1..4),
                prop_oneof![3 => Just(None), 1 => (0u8..4).prop_map(Some)],
            ),
            1..5,
        )
    }

    /// The text of the segments, one space apart, and their spans.
    fn styled(segs: &[Segment], kind: BlockKind) -> Block {
        let mut text = String::new();
        let mut spans = Vec::new();
        for (words, style) in segs {
            if !text.is_empty() {
                text.push(' ');
            }
            let start = u32::try_from(text.len()).unwrap();
            text.push_str(&words.join(" "));
            let end = u32::try_from(text.len()).unwrap();
            let style = match style {
                None => continue,
                Some(0) => Style::Emphasis,
                Some(1) => Style::Strong,
                Some(2) => Style::Code,
                Some(_) => Style::Link {
                    url: format!("https://example.com/{}", words[0]),
                },
            };
            spans.push(Span { start, end, style });
        }
        Block::new(kind, text).with_spans(spans)
    }

    /// One generated piece of a body: a block, or a run of list items
    /// (each a depth step, whether a new list there is ordered, its
    /// start, and the text).
    #[derive(Debug, Clone)]
    enum Gen {
        Block(u8, Vec<Segment>),
        Pre(Vec<String>),
        List(Vec<(u8, bool, u32, Vec<Segment>)>),
    }

    fn piece() -> impl Strategy<Value = Gen> {
        prop_oneof![
            4 => (0u8..5, segments()).prop_map(|(k, s)| Gen::Block(k, s)),
            1 => prop::collection::vec("[ ]{0,4}[a-z]{1,6}( [a-z({})=;`*]{1,6}){0,3}", 1..4).prop_map(Gen::Pre),
            2 => prop::collection::vec((0u8..4, any::<bool>(), 0u32..30, segments()), 1..8).prop_map(Gen::List),
        ]
    }

    /// Blocks from the pieces: list runs next to each other are one list;
    /// an item goes at most one level deeper than the one before, a new
    /// list (at any depth) is ordered or not and starts at its number, and
    /// the items of one list count up from there.
    fn blocks(gens: Vec<Gen>) -> Vec<Block> {
        let mut out = Vec::new();
        // For each open list level: the next number (ordered lists).
        let mut levels: Vec<Option<u32>> = Vec::new();
        for g in gens {
            match g {
                Gen::List(items) => {
                    for (step, ordered, start, segs) in items {
                        // 0: shallower (by one), 1 and 2: same, 3: deeper.
                        let depth = match step {
                            0 => levels.len().saturating_sub(2),
                            3 => levels.len(),
                            _ => levels.len().saturating_sub(1),
                        };
                        if depth >= levels.len() {
                            levels.push(ordered.then_some(start));
                        }
                        levels.truncate(depth + 1);
                        let number = levels[depth];
                        levels[depth] = number.map(|n| n + 1);
                        let kind = BlockKind::ListItem {
                            depth: u8::try_from(depth).unwrap(),
                            number,
                        };
                        out.push(styled(&segs, kind));
                    }
                }
                Gen::Block(k, segs) => {
                    levels.clear();
                    let kind = match k {
                        0 => BlockKind::Paragraph,
                        1 => BlockKind::Heading {
                            level: 1 + u8::try_from(segs.len() % 6).unwrap(),
                        },
                        2 => BlockKind::Quote,
                        3 => BlockKind::Caption,
                        _ => BlockKind::AuthorNote,
                    };
                    out.push(styled(&segs, kind));
                }
                Gen::Pre(lines) => {
                    levels.clear();
                    out.push(Block::new(BlockKind::Preformatted, lines.join("\n")));
                }
            }
        }
        out
    }

    fn entry_strategy() -> impl Strategy<Value = Entry> {
        (
            prop::collection::vec(word(), 1..6),
            proptest::option::of("[A-Z][a-z]{2,6} [A-Z][a-z]{2,6}"),
            proptest::option::of((1990i32..2030, 1u32..13, 1u32..29)),
            any::<bool>(),
            prop::collection::vec("[a-z]{1,6}( [a-z]{1,6})?", 0..4),
            proptest::option::of(word()),
            proptest::option::of("[A-Z][a-z]{1,6}"),
            proptest::option::of(1u32..4),
            prop::collection::vec(piece(), 1..8),
        )
            .prop_map(
                |(title, author, date, excerpt, tags, url, collection, teaser, gens)| {
                    let mut e = Entry::with_blocks(blocks(gens))
                        .with_id("gen")
                        .with_title(&format!("Zq {}", title.join(" ")))
                        .with_author(author.as_deref())
                        .with_date(date)
                        .with_kind(if excerpt {
                            Kind::Excerpt
                        } else {
                            Kind::Article
                        })
                        .with_source("gen.txt");
                    e.tags = crate::formats::clean_tags(tags);
                    e.url = url.map(|u| format!("https://example.com/{u}"));
                    e.collection = collection;
                    e.teaser = teaser.filter(|&n| (n as usize) < e.blocks.len());
                    e
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn written_entries_read_back(e in entry_strategy()) {
            let mut md = Vec::new();
            crate::render::write_md(&e, &mut md).unwrap();
            let md = String::from_utf8(md).unwrap();
            let out = parse("gen.md", &md, 7);
            prop_assert!(out.warnings.is_empty(), "{:?}", out.warnings);
            prop_assert_eq!(out.entries.len(), 1);
            let back = &out.entries[0];
            prop_assert_eq!(&back.title, &e.title);
            prop_assert_eq!(&back.author, &e.author);
            prop_assert_eq!(back.date, e.date);
            prop_assert_eq!(back.kind, e.kind);
            prop_assert_eq!(&back.tags, &e.tags);
            prop_assert_eq!(&back.url, &e.url);
            prop_assert_eq!(&back.collection, &e.collection);
            prop_assert_eq!(back.teaser, e.teaser);
            prop_assert_eq!(&back.blocks, &e.blocks, "{}", md);
        }

        #[test]
        fn parse_never_panics(
            text in "(---|\\+\\+\\+|\\{)?(\n|[ -~]|[*_`#>|<&\\[\\]()!-]|é|\u{a0}|\u{2028}){0,400}"
        ) {
            let out = parse("2008-05-15-x.md", &text, 1);
            for e in &out.entries {
                for b in &e.blocks {
                    for s in &b.spans {
                        prop_assert!(s.start < s.end && (s.end as usize) <= b.text.len());
                        prop_assert!(b.text.is_char_boundary(s.start as usize));
                        prop_assert!(b.text.is_char_boundary(s.end as usize));
                    }
                    prop_assert!(!b.text.is_empty());
                }
            }
        }

        #[test]
        fn parse_never_panics_on_any_text(text in "\\PC{0,300}") {
            let _ = parse("x.md", &text, 1);
        }
    }
}

/// Text full of Markdown's syntax characters, as the title and as one
/// block of each kind with spans, through our writer and back.
mod hostile {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn syntax_characters_read_back(
            segs in prop::collection::vec(
                (
                    prop::collection::vec("[A-Za-z0-9#*_`<>&\\[\\]!.:()+=|~\\\\\"'$%^{}/?@é-]{1,5}", 1..3),
                    0u8..6,
                ),
                1..4,
            ),
            k in 0u8..7,
        ) {
            let mut text = String::new();
            let mut spans = Vec::new();
            for (words, style) in &segs {
                if !text.is_empty() {
                    text.push(' ');
                }
                let start = u32::try_from(text.len()).unwrap();
                text.push_str(&words.join(" "));
                let style = match style {
                    0 => Style::Emphasis,
                    1 => Style::Strong,
                    2 => Style::Code,
                    3 => link("https://e.com/(x) y"),
                    _ => continue,
                };
                spans.push(Span { start, end: u32::try_from(text.len()).unwrap(), style });
            }
            let kind = match k {
                0 => BlockKind::Paragraph,
                1 => BlockKind::Heading { level: 2 },
                2 => BlockKind::Quote,
                3 => BlockKind::Caption,
                4 => BlockKind::AuthorNote,
                5 => BlockKind::ListItem { depth: 0, number: None },
                _ => BlockKind::ListItem { depth: 0, number: Some(3) },
            };
            let e = Entry::with_blocks(vec![
                Block::paragraph("x"),
                Block::new(kind, text.clone()).with_spans(spans),
            ])
            .with_title(&text);
            let mut md = Vec::new();
            crate::render::write_md(&e, &mut md).unwrap();
            let md = String::from_utf8(md).unwrap();
            let out = parse("x.md", &md, 1);
            prop_assert_eq!(&out.entries[0].title, &e.title, "{}", md);
            prop_assert_eq!(&out.entries[0].blocks, &e.blocks, "{}", md);
        }
    }
}
