//! The fast path against html5ever: on every page it accepts it must
//! build the same tree and give the same entry, and on any bytes it must
//! neither panic nor change what a page reads as.

use super::blocks::{self, Chrome, Rules};
use super::extract::{self, How, Order};
use super::survey::Survey;
use super::{Parser, Reading, dom, fast, parse_with, raw, survey};
use dom_query::{Document, NodeRef};
use proptest::prelude::*;

/// The text the fast tree is built from, as [`parse_with`] prepares it.
fn prepared(page: &str) -> String {
    let page = page.strip_prefix('\u{feff}').unwrap_or(page);
    raw::focus(page).unwrap_or_else(|| page.to_string())
}

fn reading(parser: Parser) -> Reading<'static> {
    Reading {
        source: "p.html",
        file_hash: 3,
        order: Order::HolderFirst,
        parser,
    }
}

/// The `<html>` element written out.
fn html_of(doc: &Document) -> String {
    doc.root()
        .first_element_child()
        .map(|h| h.html().to_string())
        .unwrap_or_default()
}

/// Whether the fast tree accepts `page`; panics (for the test) when it
/// builds another tree than html5ever, or the page reads otherwise with
/// it than with html5ever alone.
pub(super) fn agrees(page: &str) -> bool {
    fast_read(page).is_some()
}

/// How the article of `page` was found, when the fast tree accepts it
/// (and panics as [`agrees`] does).
fn fast_read(page: &str) -> Option<Option<How>> {
    let text = prepared(page);
    let tree = Document::from(text.as_str());
    holders_counted_as_walked(&tree);
    let accepted = arena_reads_as_its_tree(&text).map(|doc| {
        assert_eq!(
            html_of(&doc),
            html_of(&tree),
            "the trees differ for {text:?}"
        );
    });
    let fast = parse_with(reading(Parser::Fast), page);
    let tree = parse_with(reading(Parser::Html5ever), page);
    assert_eq!(
        fast.0.entries, tree.0.entries,
        "the entries differ for {page:?}"
    );
    assert_eq!(fast.0.warnings, tree.0.warnings, "{page:?}");
    assert_eq!(fast.1, tree.1, "{page:?}");
    accepted.map(|()| fast.1)
}

/// The fast tree of `text`, as dom_query's.
fn fast_document(text: &str) -> Option<Document> {
    let page = fast::prepare(text)?;
    fast::tree(&page).map(|t| t.to_document())
}

/// Panics unless the walks read the fast tree (an arena) as they read
/// the same tree made dom_query's: the same survey, the same blocks of
/// the whole page and of its article. Gives that tree, when the fast
/// tree accepts the page.
fn arena_reads_as_its_tree(text: &str) -> Option<Document> {
    let page = fast::prepare(text)?;
    let arena = fast::tree(&page)?;
    let doc = arena.to_document();
    let (a, d) = (survey::survey(arena.root()), survey::survey(doc.root()));
    assert_eq!(summary(&a), summary(&d), "{text:?}");
    for chrome in [Chrome::Keep, Chrome::Article, Chrome::Body] {
        let rules = Rules {
            chrome,
            base: Some("https://example.com/a/b"),
            root_text: None,
        };
        assert_eq!(
            blocks::blocks(arena.root(), rules),
            blocks::blocks(doc.root(), rules),
            "{text:?}"
        );
    }
    assert_eq!(
        extract::marked(arena.root(), &a, None),
        extract::marked(doc.root(), &d, None),
        "{text:?}"
    );
    Some(doc)
}

/// All a survey found but which nodes its candidates are.
fn summary<I>(s: &Survey<I>) -> String {
    let candidates: Vec<_> = s
        .candidates
        .iter()
        .map(|c| (c.holder, c.text, c.nested))
        .collect();
    format!(
        "{:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {candidates:?} {} {} {}",
        s.metas,
        s.title,
        s.canonical,
        s.base,
        s.h1,
        s.h1_in_article,
        s.headings,
        s.bylines,
        s.time_published,
        s.time_in_article,
        s.text,
        s.elements,
        s.depth
    )
}

/// Panics unless every holder with text has the survey's count of it
/// equal to the walk's own ([`dom::text_len`]), which the article's walk
/// takes instead of counting again.
fn holders_counted_as_walked(doc: &Document) {
    let s = survey::survey(doc.root());
    for c in s.candidates.iter().filter(|c| c.text > 0) {
        let walked = dom::text_len(NodeRef::new(c.id, &doc.tree));
        assert_eq!(c.text, walked, "{:?}", html_of(doc));
    }
}

/// Pages as `gen_corpus --format html` writes them (the benchmark's
/// corpus): an article of paragraphs, a list, a quote and a figure, and
/// a category archive of several teasers.
const CORPUS: [&str; 2] = [
    include_str!("testdata/corpus-article.html"),
    include_str!("testdata/corpus-archive.html"),
];

#[test]
fn the_benchmark_corpus_pages_take_the_fast_path() {
    let page = CORPUS[0];
    assert_eq!(fast_read(page), Some(Some(How::Holder)));
    let crlf = page.replace('\n', "\r\n");
    assert_eq!(fast_read(&crlf), Some(Some(How::Holder)));
    // Several teasers and no one article: the `<main>` that holds them
    // all is read.
    assert_eq!(fast_read(CORPUS[1]), Some(Some(How::Holder)));
}

/// The pages of the library's integration tests.
const INTEGRATION: [&str; 3] = [
    "<html><head><title>Broken Page</title></head><body><article><h1>Broken Page</h1>\
     <p>Unclosed <em>emphasis <div><p>and a stray </span> tag, still a page with text in it.",
    "<html><body><div><span></div><script>x()</script>",
    include_str!("testdata/saved-page.html"),
];

#[test]
fn the_integration_test_pages_read_the_same_with_either_parser() {
    let accepted: Vec<bool> = INTEGRATION.iter().map(|p| agrees(p)).collect();
    assert_eq!(accepted, [false, false, true]);
}

#[test]
fn pages_the_fast_tree_cannot_be_sure_of_go_to_html5ever() {
    let good =
        "<html><head><title>T</title></head><body><article><p>Text</p></article></body></html>";
    assert!(agrees(good));
    for odd in [
        // An unclosed paragraph, a block in a paragraph, misnested spans.
        "<p>Text</article>",
        "<p>Text<div>x</div></p>",
        "<p><em><strong>Text</em></strong></p>",
        // A list item left open, a link in a link, a cell straight in a table.
        "<ul><li>a<li>b</li></ul><p>Text</p>",
        "<p><a href=x>a<a href=y>b</a></a></p>",
        "<table><td>x</td></table><p>Text</p>",
        "<table>loose<tr><td>x</td></tr></table><p>Text</p>",
        // A legacy reference without its `;`, a self-closed div, SVG.
        "<p>&copy 2008 Text</p>",
        "<div/><p>Text</p>",
        "<p>Text<svg><title>x</title></svg></p>",
    ] {
        let page = good.replace("<p>Text</p>", odd);
        assert!(!agrees(&page), "{page}");
    }
}

/// A word, some with references.
fn word() -> impl Strategy<Value = String> {
    let with_references = prop::sample::select(
        &[
            "&amp;",
            "&lt;b&gt;",
            "it&#8217;s",
            "&#x2014;",
            "a&nbsp;b",
            "&copy;",
            "fish & chips",
            "1 < 2",
            "x=\"q\" 'y'",
            "caf\u{e9}",
        ][..],
    );
    prop_oneof!["[a-zA-Z]{1,8}", with_references.prop_map(String::from)]
}

/// Whitespace, odd runs of it too.
fn space() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just(" "),
        Just("\n"),
        Just("\n\n"),
        Just("  \t "),
        Just("\n \n")
    ]
}

/// Inline content: words, spans, links, breaks, comments.
fn inline() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => word(),
        1 => word().prop_map(|w| format!("<em>{w}</em>")),
        1 => word().prop_map(|w| format!("<strong><i>{w}</i></strong>")),
        1 => word().prop_map(|w| format!("<code>{w}</code>")),
        1 => (word(), attr_value()).prop_map(|(w, v)| format!("<a href{v}>{w}</a>")),
        1 => Just("<br>".to_string()),
        1 => Just("<!-- a <p> comment -->".to_string()),
        1 => Just("<img src=\"x.png\" alt=\"alt text\">".to_string()),
        1 => Just("<span class=\"x\">span</span>".to_string()),
    ];
    prop::collection::vec((piece, space()), 1..6)
        .prop_map(|v| v.into_iter().map(|(p, s)| format!("{p}{s}")).collect())
}

/// `="…"` in one of the ways an attribute's value is quoted.
fn attr_value() -> impl Strategy<Value = &'static str> {
    prop::sample::select(
        &[
            "=\"/a/b?x=1&amp;y=2\"",
            "='https://e.com/q'",
            "=rel/path",
            " = \"#frag\" ",
            "=\"javascript:void(0)\"",
        ][..],
    )
}

/// The attributes of a block element.
fn attrs() -> impl Strategy<Value = &'static str> {
    prop::sample::select(
        &[
            "",
            " class=\"entry\"",
            " CLASS='share-buttons'",
            " id=related",
            " class=\"author-note\"",
            " hidden",
            " style=\"display: none\"",
            " class=\"byline\" data-x='1' data-x=\"2\"",
        ][..],
    )
}

/// One block of an article.
fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (attrs(), inline()).prop_map(|(a, t)| format!("<p{a}>{t}</p>")),
        1 => (1..7u8, inline()).prop_map(|(l, t)| format!("<h{l}>{t}</h{l}>")),
        1 => (prop::bool::ANY, prop::collection::vec(inline(), 1..4)).prop_map(|(ordered, items)| {
            let tag = if ordered { "ol start=3" } else { "ul" };
            let end = if ordered { "ol" } else { "ul" };
            let items: String = items.iter().map(|i| format!("<li>{i}</li>\n")).collect();
            format!("<{tag}>\n{items}<li>outer<ul><li>inner</li></ul></li></{end}>")
        }),
        1 => inline().prop_map(|t| format!("<blockquote><p>{t}</p>{t}</blockquote>")),
        1 => inline().prop_map(|t| format!("<pre>\n  {t}\n  <b>bold</b>  kept</pre>")),
        1 => (prop::bool::ANY, inline()).prop_map(|(tbody, t)| {
            let rows = format!("<tr><th>h</th><th>{t}</th></tr>\n<tr><td>1</td><td>2</td></tr>");
            if tbody {
                format!("<table>\n<thead><tr><td>a</td></tr></thead><tbody>{rows}</tbody>\n</table>")
            } else {
                format!("<table class=\"data\">\n{rows}\n</table>")
            }
        }),
        1 => inline().prop_map(|t| format!("<figure><img src=a.png><figcaption>{t}</figcaption></figure>")),
        1 => (attrs(), inline(), inline()).prop_map(|(a, t, u)| format!("<div{a}>{t}\n\n{u}<div>{u}</div></div>")),
        1 => inline().prop_map(|t| format!("<aside class=\"author-note\">{t}</aside>")),
        1 => Just("<script>if (a < b) { x = '<p>'; }</script><style>p{}</style><hr>".to_string()),
        1 => inline().prop_map(|t| format!("<dl><dt>{t}</dt><dd>{t}</dd></dl>")),
        1 => inline().prop_map(|t| format!("<section><h2>Part</h2><p>{t}</p></section>")),
    ]
}

/// A saved page: a head of metadata, chrome, and an article of `blocks`.
fn saved_page() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(block(), 1..8),
        inline(),
        prop::bool::ANY,
        attr_value(),
    )
        .prop_map(|(blocks, title, doctype, url)| {
            let doctype = if doctype { "<!DOCTYPE html>\n" } else { "" };
            let body = blocks.join("\n");
            format!(
                "{doctype}<html lang=en>\n<head>\n<meta charset=\"utf-8\">\n\
                 <title>{title} | Site</title>\n<meta name='author' content=\"Ann &amp; Bo\">\n\
                 <meta property=og:url content{url}>\n\
                 <link rel=\"canonical\" href{url}>\n<script>var a = '</p>';</script>\n</head>\n\
                 <body class=\"single\">\n<nav><ul><li><a href=\"/\">Home</a></li></ul></nav>\n\
                 <main><article class=\"post\">\n<h1>{title}</h1>\n{body}\n\
                 <p>Enough words here that the article holds a clear share of the page.</p>\n\
                 </article></main>\n<footer><p>Copyright</p></footer>\n</body>\n</html>\n"
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generated_pages_read_the_same_with_either_parser(page in saved_page()) {
        // Each page of this shape closes what it opens: the fast tree
        // takes it.
        prop_assert!(agrees(&page));
    }

    #[test]
    fn cut_or_spliced_pages_read_the_same_with_either_parser(
        page in saved_page(),
        at in any::<prop::sample::Index>(),
        len in 0..40usize,
    ) {
        // A piece cut out anywhere leaves a page the fast tree takes or
        // declines, but reads as html5ever reads it either way.
        let b = page.as_bytes();
        let from = at.index(b.len());
        let to = (from + len).min(b.len());
        let cut = [&b[..from], &b[to..]].concat();
        agrees(&String::from_utf8_lossy(&cut));
    }

    #[test]
    fn the_fast_tree_never_panics_on_any_text(text in "\\PC{0,300}") {
        agrees(&text);
    }

    #[test]
    fn the_fast_tree_never_panics_on_markup_like_bytes(
        bytes in prop::collection::vec(
            prop::sample::select(b"<>/!-&#;=\"' \n\rxapbodyhtmlx0".to_vec()), 0..300),
    ) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = fast_document(&text);
        let _ = fast_document(&format!("<html><head></head><body>{text}"));
    }
}
