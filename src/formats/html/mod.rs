//! HTML: fragments (a post's content, an EPUB chapter's body) and whole
//! saved pages, read into blocks with their structure.
//!
//! [`fragment_blocks`] reads markup as it stands: headings, paragraphs,
//! nested lists with their numbers, quotes, preformatted text, captions,
//! author notes, tables as rows of text, and emphasis, strong text, code
//! and links as spans. It reads back what [`crate::markup::html`] writes.
//!
//! [`parse`] reads a whole page: its article apart from the site's
//! navigation, sidebars and footer ([`extract`]), and its title, author,
//! date, address and tags from the page's metadata ([`meta`]), into one
//! entry.
//!
//! The parser is html5ever's (through `dom_query`), which reads any
//! markup, however broken, as browsers do; XHTML reads as HTML. A page
//! that closes what it opens and marks its article is read without it:
//! [`fast`] builds the same tree from a byte-level tokenizer ([`lex`]) at a
//! fraction of the cost, as a plain vector of nodes ([`arena`]) that every
//! walk reads as it reads dom_query's ([`dom::Node`]), and declines every
//! page it cannot build with certainty.

mod arena;
mod blocks;
mod depth;
mod dom;
mod extract;
mod fast;
mod lex;
mod meta;
mod raw;
mod survey;
mod text;
mod url;

#[cfg(test)]
mod fast_tests;
#[cfg(test)]
mod tests;

use crate::formats::{Meta, build_entry};
use crate::model::{Block, BlockKind};
use crate::parse::ParseOutput;
use crate::parse::{parse_byline, parse_date_line};
use blocks::{Chrome, Rules};
use dom_query::Document;
use extract::{How, Order};
use std::borrow::Cow;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The blocks of an HTML fragment (or of a whole document's body).
///
/// Block elements make blocks of their kind: `<h1>`–`<h6>` headings of
/// that level, `<p>` paragraphs, `<li>` list items (their depth in nested
/// lists, and in an `<ol>` their number, from `start` and `value`),
/// `<blockquote>` a quote per paragraph, `<pre>` preformatted text (line
/// breaks and spaces kept), `<figcaption>` captions, `<aside
/// class="author-note">` author notes, table rows one paragraph each with
/// the cells between ` | `. Inside them `<em>`, `<i>`, `<cite>` are
/// emphasis, `<strong>`, `<b>` strong, `<code>`, `<kbd>`, `<samp>`, `<tt>`
/// code, `<a href>` links (as written; `javascript:` ones are no links).
/// Scripts, styles, forms' controls, embedded objects and `<nav>` are
/// left out, and so are images (their `alt` text too). Whitespace runs are
/// one space, and each block and span is trimmed.
///
/// **Blank lines are paragraph breaks in bare text.** Text that is not
/// inside a paragraph-like element (straight in the fragment, or in a
/// `<div>`, `<blockquote>`…) breaks into paragraphs at each blank line,
/// since WordPress stores posts that way and adds the `<p>`s only when a
/// page is shown (`wpautop`); a single line break is a space. Two `<br>`s
/// in a row also end a paragraph.
pub fn fragment_blocks(html: &str) -> Vec<Block> {
    let html = html.strip_prefix('\u{feff}').unwrap_or(html);
    catch_unwind(AssertUnwindSafe(|| {
        let doc = Document::fragment(for_parser(html).as_ref());
        blocks::blocks(
            doc.root(),
            Rules {
                chrome: Chrome::Keep,
                base: None,
                root_text: None,
            },
        )
    }))
    .unwrap_or_default()
}

/// Reads a whole HTML or XHTML page (`text`, decoded, from the file
/// `source`, whose bytes hash to `file_hash`) into one article entry.
///
/// The article is the page's marked `<article>` (or `<main>`,
/// `itemprop="articleBody"`) when it clearly holds the text, else what
/// readability finds, else the `<body>` without its navigation, header,
/// footer and asides. The title is `og:title`, else `<title>` (without
/// the site's name when the page's heading shows which part is the
/// article's), else the first `<h1>`, and a heading that repeats it at
/// the top of the text is dropped. The author is `<meta name="author">`,
/// `article:author` (when a name), else a byline element; the date
/// `article:published_time`, a `<time>` in the article, or a `date` meta;
/// the address the canonical link, else `og:url` (relative links are made
/// absolute against it); the tags `article:tag` and the `keywords`.
///
/// A page without text gives no entry and the warning "no text found";
/// a page whose text is all navigation and the like, "no article text
/// found in the page".
pub fn parse(source: &str, text: &str, file_hash: u64) -> ParseOutput {
    let reading = Reading {
        source,
        file_hash,
        order: Order::HolderFirst,
        parser: Parser::Fast,
    };
    parse_with(reading, text).0
}

/// Where a page comes from and how it is read.
#[derive(Debug, Clone, Copy)]
struct Reading<'a> {
    source: &'a str,
    file_hash: u64,
    order: Order,
    parser: Parser,
}

/// Which parser builds a page's tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parser {
    /// [`fast`] where it can (a page whose article is marked), else
    /// html5ever.
    Fast,
    /// html5ever on every page (for comparing the two).
    #[cfg(test)]
    Html5ever,
}

/// [`parse`], finding the article in `order`; also says how it was
/// found (`None` for a page that gave no entry).
fn parse_with(reading: Reading<'_>, text: &str) -> (ParseOutput, Option<How>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    catch_unwind(AssertUnwindSafe(|| {
        // A plain page is read from its head and article alone.
        let focused = matches!(reading.order, Order::HolderFirst)
            .then(|| raw::focus(text))
            .flatten();
        read_page(reading, focused.as_deref().unwrap_or(text))
    }))
    .unwrap_or_else(|_| (warning("the page could not be read"), None))
}

/// What html5ever reads of a page: its scripts and styles cut out, and
/// its markup no deeper than browsers nest it.
fn for_parser(html: &str) -> Cow<'_, str> {
    let html = raw::without_scripts(html);
    match depth::flattened(&html) {
        Cow::Borrowed(_) => html,
        Cow::Owned(flat) => Cow::Owned(flat),
    }
}

fn warning(message: &str) -> ParseOutput {
    ParseOutput {
        entries: Vec::new(),
        warnings: vec![message.to_string()],
    }
}

fn read_page(reading: Reading<'_>, text: &str) -> (ParseOutput, Option<How>) {
    let Reading {
        source,
        file_hash,
        order,
        parser,
    } = reading;
    // The fast tree serves only a page whose marked article is read
    // alone: readability and the fallback read html5ever's tree. It
    // reads scripts and styles at the speed of a byte search itself.
    if parser == Parser::Fast
        && order == Order::HolderFirst
        && let Some(page) = fast::prepare(text)
        && let Some(tree) = fast::tree(&page)
    {
        let root = tree.root();
        let read = page_entry(source, survey::survey(root), file_hash, |survey, base| {
            extract::marked(root, survey, base).map(|b| (b, How::Holder))
        });
        if let Some(read) = read {
            return read;
        }
    }
    let text = for_parser(text);
    let doc = Document::from(text.as_ref());
    let survey = survey::survey(doc.root());
    page_entry(source, survey, file_hash, |survey, base| {
        Some(extract::extract(&text, doc, survey, base, order))
    })
    .unwrap_or_else(|| (warning("the page could not be read"), None))
}

/// The entry of the page `survey` surveyed, its article's blocks from
/// `article` (`None` when it finds none, and so the page gives nothing
/// here).
fn page_entry<I>(
    source: &str,
    survey: survey::Survey<I>,
    file_hash: u64,
    article: impl FnOnce(&survey::Survey<I>, Option<&str>) -> Option<(Vec<Block>, How)>,
) -> Option<(ParseOutput, Option<How>)> {
    if survey.text == 0 {
        return Some((warning("no text found"), None));
    }
    let meta = meta::meta(&survey);
    let base = meta::base(&survey);
    let (mut blocks, how) = article(&survey, base.as_deref())?;
    drop_title_lines(&mut blocks, meta.title.as_deref());
    if !blocks.iter().any(Block::is_body_text) {
        return Some((warning("no article text found in the page"), None));
    }
    let entry = build_entry(source, meta, blocks, file_hash, 0);
    Some((
        ParseOutput {
            entries: vec![entry],
            warnings: Vec::new(),
        },
        Some(how),
    ))
}

/// One chapter of a book: an XHTML page read whole, with no article to
/// find in it.
#[derive(Debug, Default)]
pub struct Chapter {
    /// What the page's head states (as [`parse`] reads it, and
    /// `hotline:kind`, which this app's books write).
    pub meta: Meta,
    /// The chapter's own title: its first heading, when it opens the page.
    pub heading: Option<String>,
    /// The page's blocks, without that heading or a byline or date line
    /// under it.
    pub blocks: Vec<Block>,
    /// The id of the entry the page was written from, when this app
    /// wrote it (`<meta name="hotline:entry">`).
    pub entry: Option<String>,
}

/// Reads one chapter of an EPUB book.
pub fn chapter(text: &str) -> Chapter {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    catch_unwind(AssertUnwindSafe(|| {
        let doc = Document::from(for_parser(text).as_ref());
        let survey = survey::survey(doc.root());
        let mut meta = meta::meta(&survey);
        if let Some(kind) = survey
            .meta("hotline:kind")
            .and_then(crate::model::Kind::parse)
        {
            meta.kind = Some(kind);
        }
        let rules = Rules {
            chrome: Chrome::Keep,
            base: None,
            root_text: None,
        };
        let mut blocks = blocks::blocks(doc.root(), rules);
        let heading = match blocks.first() {
            Some(b) if b.is_heading() && blocks.len() > 1 => Some(blocks.remove(0).text),
            _ => None,
        };
        // The byline and date under the heading are the head's metadata
        // again (this app's books write them so).
        let top = blocks.len().min(2);
        let mut i = 0;
        for _ in 0..top {
            match blocks.get(i) {
                Some(b) if blocks.len() > 1 && is_meta_line(b) => {
                    blocks.remove(i);
                }
                _ => i += 1,
            }
        }
        Chapter {
            meta,
            heading,
            blocks,
            entry: survey.meta("hotline:entry").map(str::to_string),
        }
    }))
    .unwrap_or_default()
}

/// Blocks at the top that may repeat the title, byline or date (a
/// kicker may stand above them).
const TOP: usize = 4;

/// Drops what the entry shows apart from its text, where the page repeats
/// it at the top: the heading that is the title, and paragraphs that are
/// only a byline or a date (`By Jane Doe`, `May 15, 2008`). Nothing is
/// dropped that is the only text there is.
fn drop_title_lines(blocks: &mut Vec<Block>, title: Option<&str>) {
    let same = |a: &str, b: &str| {
        a.split_whitespace()
            .map(str::to_lowercase)
            .eq(b.split_whitespace().map(str::to_lowercase))
    };
    let mut title = title;
    let mut i = 0;
    for _ in 0..TOP {
        let Some(b) = blocks.get(i) else { break };
        let is_title = b.is_heading() && title.is_some_and(|t| same(&b.text, t));
        let is_line = is_meta_line(b);
        let others = blocks
            .iter()
            .enumerate()
            .any(|(j, o)| j != i && o.is_body_text());
        if (is_title || is_line) && others {
            if is_title {
                title = None;
            }
            blocks.remove(i);
        } else {
            i += 1;
        }
    }
}

/// A paragraph that is only a byline or a date (`By Jane Doe`, `May 15,
/// 2008`, `By Jane Doe · May 15, 2008`).
fn is_meta_line(b: &Block) -> bool {
    b.kind == BlockKind::Paragraph
        && (parse_byline(&b.text).is_some()
            || parse_date_line(&b.text).is_some_and(|d| d.date().is_some()))
}

/// The entry and how its article was found (for the tests of each way).
#[cfg(test)]
fn parse_how(text: &str, order: Order) -> (Option<crate::model::Entry>, Option<How>) {
    // Every page a test reads reads the same with html5ever alone.
    fast_tests::agrees(text);
    let reading = Reading {
        source: "page.html",
        file_hash: 1,
        order,
        parser: Parser::Fast,
    };
    let (out, how) = parse_with(reading, text);
    (out.entries.into_iter().next(), how)
}
