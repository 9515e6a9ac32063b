//! Where a page's article is, apart from the site's chrome around it.
//!
//! The cheap way first: a page that marks its article (one
//! `itemprop="articleBody"`, `<article>` or `<main>` that holds a clear
//! share of the page's text) is read from that element, less the chrome
//! inside it. Other pages go to readability (`dom_smoothie`, a port of
//! Mozilla's Readability.js), which scores the page's blocks to find the
//! article, at several times the cost. When readability finds nothing or
//! only a scrap, the page falls back to its `<article>`, then `<main>`,
//! then its `<body>` without navigation, header, footer and asides.

use super::blocks::{self, Chrome, Rules};
use super::dom::Node;
use super::survey::{Candidate, Holder, Survey};
use crate::model::{Block, Entry};
use dom_query::{Document, NodeRef};
use dom_smoothie::{Config, Readability};

/// How the article was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum How {
    /// In the element that marks it.
    Holder,
    Readability,
    /// In the fallback's `<article>`, `<main>` or `<body>`.
    Fallback,
}

/// Whether the cheap way is tried before readability.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    /// The marked element when there is a clear one, else readability.
    HolderFirst,
    /// Readability on every page (for comparing the two).
    #[cfg(test)]
    ReadabilityFirst,
}

/// Text (characters other than whitespace) an element must hold to be
/// taken for the article without readability's opinion.
const MIN_HOLDER_TEXT: usize = 140;

/// Readability's result is used as it is when it has this many words;
/// a shorter one is weighed against the fallback's.
const ENOUGH_WORDS: u32 = 50;

/// Pages nesting deeper than this, or with more elements, skip
/// readability: its cost grows faster than the page, and some of its
/// steps recurse.
const MAX_READABLE_DEPTH: usize = 400;
const MAX_READABLE_ELEMENTS: usize = 20_000;

/// The article's blocks in the page `doc` (parsed from `text`), and how
/// they were found.
pub(super) fn extract(
    text: &str,
    doc: Document,
    survey: &Survey,
    base: Option<&str>,
    order: Order,
) -> (Vec<Block>, How) {
    if order == Order::HolderFirst
        && let Some(b) = marked(doc.root(), survey, base)
    {
        return (b, How::Holder);
    }
    let readable_size =
        survey.depth <= MAX_READABLE_DEPTH && survey.elements <= MAX_READABLE_ELEMENTS;
    let (kept, read) = if readable_size {
        (None, readability(doc, base).filter(|b| !b.is_empty()))
    } else {
        (Some(doc), None)
    };
    let read_words = read.as_deref().map_or(0, Entry::count_words);
    if read_words >= ENOUGH_WORDS
        && let Some(b) = read
    {
        return (b, How::Readability);
    }
    // Readability changes the document it reads: the fallback reads the
    // page anew (the same text parses to the same tree, so the survey's
    // node ids hold).
    let doc = kept.unwrap_or_else(|| Document::from(text));
    let fallback = fallback(&doc, survey, base);
    // Readability keeps all of a short page (its header too), where the
    // fallback's rules drop the chrome; but a fallback of many more words
    // than readability's picked up blocks that readability knew to leave.
    match read {
        Some(b)
            if fallback.is_empty()
                || Entry::count_words(&fallback) > read_words.saturating_mul(2) =>
        {
            (b, How::Readability)
        }
        _ => (fallback, How::Fallback),
    }
}

/// The blocks of the element that clearly holds the article, when the
/// page (under `root`) has one and it holds any.
pub(super) fn marked<N: Node>(
    root: N,
    survey: &Survey<N::Id>,
    base: Option<&str>,
) -> Option<Vec<Block>> {
    let c = clear_holder(survey)?;
    // A clear holder has text, so no element the walk leaves out holds
    // it, and the survey counted its text as the walk would.
    let rules = Rules {
        root_text: Some(c.text),
        ..article_rules(base)
    };
    let b = blocks::blocks(root.at(c.id), rules);
    (!b.is_empty()).then_some(b)
}

fn article_rules(base: Option<&str>) -> Rules<'_> {
    Rules {
        chrome: Chrome::Article,
        base,
        root_text: None,
    }
}

/// The element that clearly holds the article: of the first kind
/// (`articleBody`, `<article>`, `<main>`) the page has, the one with the
/// most text, if it has enough, a quarter of the page's, and twice as
/// much as any other of its kind (a page of several teasers has no one
/// article).
fn clear_holder<I>(s: &Survey<I>) -> Option<&Candidate<I>> {
    [Holder::Body, Holder::Article, Holder::Main]
        .iter()
        .find_map(|&holder| {
            let mut of_kind: Vec<&Candidate<I>> = s
                .candidates
                .iter()
                .filter(|c| c.holder == holder && !c.nested)
                .collect();
            of_kind.sort_by_key(|c| std::cmp::Reverse(c.text));
            let best = *of_kind.first()?;
            let second = of_kind.get(1).map_or(0, |c| c.text);
            (best.text >= MIN_HOLDER_TEXT
                && best.text.saturating_mul(4) >= s.text
                && best.text >= second.saturating_mul(2))
            .then_some(best)
        })
}

/// The blocks readability finds in `doc`, if it finds any.
fn readability(doc: Document, base: Option<&str>) -> Option<Vec<Block>> {
    let config = Config {
        // The classes the walk reads.
        classes_to_preserve: vec!["author-note".into(), "wp-caption-text".into()],
        // The page's metadata is read apart from readability.
        disable_json_ld: true,
        ..Config::default()
    };
    let mut r = Readability::with_document(doc, None, Some(config)).ok()?;
    r.parse().ok()?;
    let root = r.doc.select_single("#readability-page-1");
    let node = *root.nodes().first()?;
    Some(blocks::blocks(
        node,
        Rules {
            chrome: Chrome::Keep,
            base,
            root_text: None,
        },
    ))
}

/// The page's `<article>`, else its `<main>`, else its `<body>` without
/// the chrome.
fn fallback(doc: &Document, s: &Survey, base: Option<&str>) -> Vec<Block> {
    for holder in [Holder::Body, Holder::Article, Holder::Main] {
        let best = s
            .candidates
            .iter()
            .filter(|c| c.holder == holder && !c.nested)
            .max_by_key(|c| c.text);
        if let Some(c) = best {
            let b = blocks::blocks(NodeRef::new(c.id, &doc.tree), article_rules(base));
            if !b.is_empty() {
                return b;
            }
        }
    }
    let body = doc.body().unwrap_or_else(|| doc.root());
    blocks::blocks(
        body,
        Rules {
            chrome: Chrome::Body,
            base,
            root_text: None,
        },
    )
}
