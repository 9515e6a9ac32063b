//! From a parsed tree to blocks: which element makes which block kind,
//! which inline element makes which span, and (for a whole page) which
//! parts are the site's chrome rather than the article.
//!
//! Any element of the block level ends the block before it and starts a
//! new one, so text straight inside a `<div>` or `<body>` becomes
//! paragraphs of its own between the others. The kind of a block is that
//! of the innermost element that gives one: `<h1>`–`<h6>`, `<li>`,
//! `<blockquote>`, `<pre>`, `<figcaption>`, `<aside class="author-note">`;
//! anything else is a paragraph.
//!
//! Text that is not inside a paragraph-like element (straight inside
//! `<body>`, `<div>`, `<section>`, `<blockquote>`…) breaks into paragraphs
//! at blank lines, as WordPress stores posts (its `wpautop` adds the
//! `<p>`s only when a page is shown); two `<br>`s in a row break a
//! paragraph anywhere, as old pages use them.

use super::dom::{
    self, Elem, Kind, Node, Visitor, has_descendant, has_token, is_dropped, is_hidden,
};
use super::text::Text;
use super::url;
use crate::model::{Block, BlockKind, Style};
use dom_query::{LocalName, local_name};

/// How much of what is under the root is the site's chrome, left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Chrome {
    /// Nothing: a fragment is all content.
    Keep,
    /// Inside an article's own element: its navigation, asides, footer,
    /// bylines and the blocks whose class or id says they are sharing
    /// buttons, comments, related links and the like.
    Article,
    /// A whole page's body: the above, and its header too.
    Body,
}

/// What a walk is told.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rules<'r> {
    pub(super) chrome: Chrome,
    /// The page's own address, to make its relative links absolute.
    pub(super) base: Option<&'r str>,
    /// The text under the root as [`dom::text_len`] counts it, when the
    /// caller has counted it already (the survey counts each holder's):
    /// the walk then need not count it again.
    pub(super) root_text: Option<usize>,
}

/// The blocks under `root` (not counting `root`'s own attributes).
pub(super) fn blocks<N: Node>(root: N, rules: Rules<'_>) -> Vec<Block> {
    let mut w = Walker {
        rules,
        root,
        root_len: rules.root_text,
        names: String::new(),
        text: Text::default(),
        out: Vec::new(),
        frames: Vec::new(),
        ctx: Vec::new(),
        lists: Vec::new(),
        bare: Vec::new(),
        tables: Vec::new(),
        pre: 0,
    };
    dom::walk(root, &mut w);
    w.flush();
    w.out
}

/// What an element being walked opened, to close when it ends.
#[derive(Default)]
struct Frame {
    /// It is of the block level: the text before and after it are other
    /// blocks (and it pushed onto `bare`).
    block: bool,
    span: bool,
    ctx: bool,
    list: bool,
    pre: bool,
    table: bool,
}

/// An element that gives the blocks inside it their kind.
enum Ctx {
    Heading(u8),
    /// A list item; `used` once its first block is out (more blocks in
    /// the same item are paragraphs).
    Item {
        depth: u8,
        number: Option<u32>,
        used: bool,
    },
    Quote,
    Pre,
    Caption,
    Note,
    /// A row of a data table: one paragraph.
    Row,
}

/// An open list.
struct List {
    ordered: bool,
    next: i64,
    step: i64,
}

struct Walker<'r, N> {
    rules: Rules<'r>,
    root: N,
    /// The text under the root (when first needed), for the rule that
    /// keeps chrome-like blocks that hold most of it.
    root_len: Option<usize>,
    /// An element's class and id, lowercased (kept for its buffer).
    names: String,
    text: Text,
    out: Vec<Block>,
    frames: Vec<Frame>,
    ctx: Vec<Ctx>,
    lists: Vec<List>,
    /// For each open block-level element, whether text straight inside it
    /// is bare (breaks into paragraphs at blank lines).
    bare: Vec<bool>,
    /// For each open table, whether it holds data (rows of cells) rather
    /// than the page's layout.
    tables: Vec<bool>,
    /// How many preformatted elements are open.
    pre: u32,
}

impl<N: Node> Visitor<N> for Walker<'_, N> {
    fn enter(&mut self, node: N) -> bool {
        node.with(|k| match k {
            Kind::Text(contents) => {
                self.text_node(contents);
                false
            }
            Kind::Element(el) => self.element(node, el),
            _ => false,
        })
    }

    fn exit(&mut self, _: N) {
        let Some(f) = self.frames.pop() else { return };
        if f.span {
            self.text.close();
        }
        if f.block {
            self.flush();
            self.bare.pop();
        }
        if f.pre {
            self.pre = self.pre.saturating_sub(1);
            self.text.raw = self.pre > 0;
        }
        if f.ctx {
            self.ctx.pop();
        }
        if f.list {
            self.lists.pop();
        }
        if f.table {
            self.tables.pop();
        }
    }
}

impl<N: Node> Walker<'_, N> {
    /// Ends the block being gathered, if it has text.
    fn flush(&mut self) {
        let kind = match self.ctx.last() {
            // Whatever stands inside a `<pre>` keeps its spaces.
            _ if self.text.raw => BlockKind::Preformatted,
            None | Some(Ctx::Row) => BlockKind::Paragraph,
            Some(Ctx::Heading(level)) => BlockKind::Heading { level: *level },
            Some(Ctx::Item { used: true, .. }) => BlockKind::Paragraph,
            Some(Ctx::Item { depth, number, .. }) => BlockKind::ListItem {
                depth: *depth,
                number: *number,
            },
            Some(Ctx::Quote) => BlockKind::Quote,
            Some(Ctx::Pre) => BlockKind::Preformatted,
            Some(Ctx::Caption) => BlockKind::Caption,
            Some(Ctx::Note) => BlockKind::AuthorNote,
        };
        if let Some(b) = self.text.take(kind) {
            if let Some(Ctx::Item { used, .. }) = self.ctx.last_mut() {
                *used = true;
            }
            self.out.push(b);
        }
    }

    fn text_node(&mut self, t: &str) {
        if self.pre > 0 {
            self.text.push_raw(t);
            return;
        }
        let bare = self.bare.last().copied().unwrap_or(true);
        let mut rest = t;
        while !rest.is_empty() {
            let word_at = space_len(rest);
            if word_at > 0 {
                let newlines = rest.as_bytes()[..word_at]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                self.text
                    .spaces(u32::try_from(newlines).unwrap_or(u32::MAX));
                rest = &rest[word_at..];
            }
            if rest.is_empty() {
                break;
            }
            // Words one space apart go in as one piece: the same text as
            // one word at a time, at a fraction of the calls.
            let word_end = piece_len(rest);
            if bare && self.text.blank_line_due() {
                self.flush();
            }
            self.text.push(&rest[..word_end]);
            rest = &rest[word_end..];
        }
    }

    /// Enters an element; returns whether to walk its children.
    fn element(&mut self, node: N, el: &N::El) -> bool {
        let name = el.name();
        if is_dropped(el) || is_hidden(el) {
            return false;
        }
        // ASP.NET pages wrap the whole page in one form: only a form
        // without paragraphs or headings is the site's (a search box).
        if *name == local_name!("form")
            && !has_descendant(node, &["p", "article", "main", "h1", "h2", "h3"])
        {
            return false;
        }
        if self.rules.chrome != Chrome::Keep && self.is_chrome(node, el) {
            return false;
        }
        match *name {
            local_name!("br") => {
                if self.pre > 0 {
                    self.text.push_raw("\n");
                } else if self.text.line_break() {
                    self.flush();
                }
                return false;
            }
            local_name!("hr") => {
                self.flush();
                return false;
            }
            _ => {}
        }
        let data_table = self.tables.last().copied().unwrap_or(false);
        let mut f = Frame::default();
        let cell = matches!(*name, local_name!("td") | local_name!("th"));
        if is_block(name) && !(data_table && cell) {
            self.flush();
            f.block = true;
            let bare = is_bare(name) || (cell && !data_table);
            self.bare.push(bare);
        }
        let ctx = match *name {
            local_name!("h1") => Some(Ctx::Heading(1)),
            local_name!("h2") => Some(Ctx::Heading(2)),
            local_name!("h3") => Some(Ctx::Heading(3)),
            local_name!("h4") => Some(Ctx::Heading(4)),
            local_name!("h5") => Some(Ctx::Heading(5)),
            local_name!("h6") => Some(Ctx::Heading(6)),
            local_name!("li") => Some(self.item(el)),
            local_name!("blockquote") => Some(Ctx::Quote),
            local_name!("pre")
            | local_name!("listing")
            | local_name!("xmp")
            | local_name!("plaintext") => {
                self.pre += 1;
                self.text.raw = true;
                f.pre = true;
                Some(Ctx::Pre)
            }
            local_name!("figcaption") | local_name!("caption") => Some(Ctx::Caption),
            // WordPress's captions in pages.
            local_name!("p") | local_name!("div") if has_token(el, "class", "wp-caption-text") => {
                Some(Ctx::Caption)
            }
            local_name!("aside") if is_author_note(el) => Some(Ctx::Note),
            local_name!("tr") if data_table => Some(Ctx::Row),
            _ => None,
        };
        if let Some(c) = ctx {
            self.ctx.push(c);
            f.ctx = true;
        }
        match *name {
            local_name!("ul") | local_name!("ol") | local_name!("menu") | local_name!("dir") => {
                self.lists.push(list(node, el));
                f.list = true;
            }
            local_name!("table") => {
                self.tables.push(is_data_table(node));
                f.table = true;
            }
            local_name!("td") | local_name!("th") if data_table => self.text.cell(),
            _ => {}
        }
        if let Some(style) = self.span(el) {
            self.text.open(style);
            f.span = true;
        }
        self.frames.push(f);
        true
    }

    /// The list item `el` in the innermost open list: its depth and, in
    /// an ordered list, its number (its `value`, or the one after the
    /// previous item's).
    fn item(&mut self, el: &N::El) -> Ctx {
        let depth = u8::try_from(self.lists.len().saturating_sub(1)).unwrap_or(u8::MAX);
        let number = match self.lists.last_mut() {
            Some(l) if l.ordered => {
                let n = el
                    .attr("value")
                    .and_then(|v| v.trim().parse::<i64>().ok())
                    .unwrap_or(l.next);
                l.next = n.saturating_add(l.step);
                Some(u32::try_from(n.max(0)).unwrap_or(u32::MAX))
            }
            _ => None,
        };
        Ctx::Item {
            depth,
            number,
            used: false,
        }
    }

    /// The span an inline element starts, if any (none inside one of the
    /// same style: `<em><i>` is one emphasis).
    fn span(&self, el: &N::El) -> Option<Style> {
        let style = match *el.name() {
            local_name!("em")
            | local_name!("i")
            | local_name!("cite")
            | local_name!("var")
            | local_name!("dfn") => Style::Emphasis,
            local_name!("strong") | local_name!("b") => Style::Strong,
            local_name!("code") | local_name!("kbd") | local_name!("samp") | local_name!("tt")
                if self.pre == 0 =>
            {
                Style::Code
            }
            local_name!("a") => Style::Link {
                url: url::link(el.attr("href")?, self.rules.base)?,
            },
            _ => return None,
        };
        let same = std::mem::discriminant(&style);
        (!self.text.is_open(|s| std::mem::discriminant(s) == same)).then_some(style)
    }

    /// Whether `el` is the site's rather than the article's (see [`Chrome`]).
    fn is_chrome(&mut self, node: N, el: &N::El) -> bool {
        let name = el.name();
        if is_author_note(el) {
            return false;
        }
        match *name {
            local_name!("footer") | local_name!("aside") => return true,
            local_name!("header") if self.rules.chrome == Chrome::Body => return true,
            local_name!("a") | local_name!("body") | local_name!("html") => return false,
            _ => {}
        }
        if let Some(role) = el.attr("role") {
            let role = role.trim().to_ascii_lowercase();
            if matches!(
                role.as_str(),
                "navigation"
                    | "contentinfo"
                    | "complementary"
                    | "search"
                    | "menu"
                    | "menubar"
                    | "dialog"
                    | "alertdialog"
            ) || (role == "banner" && self.rules.chrome == Chrome::Body)
            {
                return true;
            }
        }
        let names = &mut self.names;
        dom::class_and_id(el, names);
        if dom::is_byline(el, names) && dom::text_len(node) < 100 {
            return true;
        }
        // Layout tables name their cells after the page's columns.
        if !self.tables.is_empty() || !is_unlikely_name(names) {
            return false;
        }
        let root = self.root;
        let root_len = *self.root_len.get_or_insert_with(|| dom::text_len(root));
        dom::text_len(node).saturating_mul(2) < root_len
    }
}

/// The length in bytes of the whitespace (`char::is_whitespace`) that `s`
/// starts with: ASCII is judged a byte at a time (text is mostly ASCII,
/// and a byte test is several times faster than decoding each
/// character), anything else by its character.
fn space_len(s: &str) -> usize {
    let mut i = 0;
    while i < s.len() && is_space_at(s, i) {
        i += s
            .get(i..)
            .and_then(|r| r.chars().next())
            .map_or(1, char::len_utf8);
    }
    i
}

/// The length in bytes of the words (runs of characters other than
/// whitespace) one space apart that `s` starts with: eight bytes at a
/// time skip to the next byte that may end it ([`may_end`]), which is
/// then judged alone.
fn piece_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    loop {
        while let Some(chunk) = b.get(i..i + 8) {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            let ends = may_end(u64::from_le_bytes(word));
            if ends != 0 {
                i += (ends.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        let Some(&c) = b.get(i) else { return i };
        if c > b' ' && c.is_ascii() {
            i += 1;
        } else if c == b' ' {
            // A space joins the word after it, if one follows at once.
            if is_space_at(s, i + 1) {
                return i;
            }
            i += 1;
        } else if c.is_ascii() {
            if matches!(c, b'\t'..=b'\r') {
                return i;
            }
            i += 1;
        } else {
            let ch = s.get(i..).and_then(|r| r.chars().next()).unwrap_or(' ');
            if ch.is_whitespace() {
                return i;
            }
            i += ch.len_utf8();
        }
    }
}

/// The high bit of each byte of eight (`x`, little-endian) that may end a
/// piece of words: a control character, a byte of a character beyond
/// ASCII, or a space before one of those or another space (or before the
/// eighth byte's unknown next). Every byte that ends a piece is marked;
/// a marked one may not (a space before `é`), and is judged alone.
fn may_end(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const EACH: u64 = 0x0101_0101_0101_0101;
    // Per byte, with no carry from one to the next: the high bit set
    // where the low seven bits reach 0x21 (are above the space).
    let above_space = (x & LOW7) + EACH * (0x80 - 0x21);
    let below_word = !(above_space | x) & HIGH; // < 0x21
    let odd = below_word | (x & HIGH); // < 0x21, or >= 0x80
    let y = x ^ (EACH * u64::from(b' '));
    let space = !(((y & LOW7) + LOW7) | y) & HIGH;
    // The mark of the byte after each (the eighth's next unknown).
    let next_odd = (odd >> 8) | (HIGH << 56);
    (odd & !space) | (space & next_odd)
}

/// Whether `s` has whitespace at byte `i`, or ends there.
fn is_space_at(s: &str, i: usize) -> bool {
    match s.as_bytes().get(i) {
        None => true,
        Some(&c) if c.is_ascii() => matches!(c, b'\t'..=b'\r' | b' '),
        Some(_) => s
            .get(i..)
            .and_then(|r| r.chars().next())
            .is_none_or(char::is_whitespace),
    }
}

/// The list `el` opens: ordered or not, and its first number (`start`, or
/// for a `reversed` list the number of its items).
fn list<N: Node>(node: N, el: &N::El) -> List {
    let ordered = *el.name() == local_name!("ol");
    let reversed = ordered && el.attr("reversed").is_some();
    let start = el.attr("start").and_then(|v| v.trim().parse::<i64>().ok());
    let next = start.unwrap_or_else(|| {
        if reversed {
            let children = std::iter::successors(node.links().0, |c| c.links().1);
            let items = children
                .filter(|&c| dom::is_named(c, &local_name!("li")))
                .count();
            i64::try_from(items).unwrap_or(1)
        } else {
            1
        }
    });
    List {
        ordered,
        next,
        step: if reversed { -1 } else { 1 },
    }
}

/// Whether a table holds data (cells of inline text, read as rows) rather
/// than a page's layout (cells of paragraphs, read as the blocks they
/// hold).
fn is_data_table<N: Node>(node: N) -> bool {
    !has_descendant(
        node,
        &[
            "table",
            "p",
            "div",
            "ul",
            "ol",
            "dl",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "pre",
            "section",
            "article",
            "figure",
        ],
    )
}

/// Whether `el` is an author's note (`<aside class="author-note">`, as
/// [`crate::markup::html`] writes one).
fn is_author_note(el: &(impl Elem + ?Sized)) -> bool {
    has_token(el, "class", "author-note")
}

/// Elements of the block level: each ends the block before it.
fn is_block(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("address")
            | local_name!("article")
            | local_name!("aside")
            | local_name!("blockquote")
            | local_name!("body")
            | local_name!("caption")
            | local_name!("center")
            | local_name!("dd")
            | local_name!("details")
            | local_name!("dialog")
            | local_name!("dir")
            | local_name!("div")
            | local_name!("dl")
            | local_name!("dt")
            | local_name!("fieldset")
            | local_name!("figcaption")
            | local_name!("figure")
            | local_name!("footer")
            | local_name!("form")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("header")
            | local_name!("hgroup")
            | local_name!("html")
            | local_name!("legend")
            | local_name!("li")
            | local_name!("listing")
            | local_name!("main")
            | local_name!("menu")
            | local_name!("ol")
            | local_name!("p")
            | local_name!("plaintext")
            | local_name!("pre")
            | local_name!("section")
            | local_name!("summary")
            | local_name!("table")
            | local_name!("tbody")
            | local_name!("td")
            | local_name!("tfoot")
            | local_name!("th")
            | local_name!("thead")
            | local_name!("tr")
            | local_name!("ul")
            | local_name!("xmp")
    )
}

/// Block-level elements whose own text is bare, not a paragraph's: it
/// breaks into paragraphs at blank lines.
fn is_bare(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("html")
            | local_name!("body")
            | local_name!("div")
            | local_name!("section")
            | local_name!("article")
            | local_name!("main")
            | local_name!("header")
            | local_name!("footer")
            | local_name!("aside")
            | local_name!("blockquote")
            | local_name!("figure")
            | local_name!("center")
            | local_name!("details")
            | local_name!("fieldset")
            | local_name!("form")
    )
}

/// Parts of a class or id that mark a page's chrome (readability's list,
/// matched anywhere in the name).
const UNLIKELY: &[&str] = &[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumbs",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
    "sharedaddy",
    "newsletter",
    "subscribe",
    "cookie",
];

/// Whole words of a class or id that mark a page's chrome.
const UNLIKELY_WORDS: &[&str] = &[
    "meta", "share", "sharing", "tags", "promo", "advert", "ads", "ad", "widget", "skip",
];

/// Parts of a class or id that make a block likely content whatever else
/// the name says (readability's list).
const MAYBE: &[&str] = &[
    "and", "article", "body", "column", "content", "main", "mathjax", "shadow",
];

/// Whether an element's lowercased class and id (`names`) mark it as
/// the page's chrome.
fn is_unlikely_name(names: &str) -> bool {
    if names.is_empty() || MAYBE.iter().any(|m| dom::has_part(names, m)) {
        return false;
    }
    UNLIKELY.iter().any(|u| dom::has_part(names, u))
        || names
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|t| UNLIKELY_WORDS.contains(&t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`piece_len`] a character at a time: a word's, or a space before
    /// one.
    fn piece_by_chars(s: &str) -> usize {
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let mut end = 0;
        for (k, &(at, c)) in chars.iter().enumerate() {
            let word_follows = chars.get(k + 1).is_some_and(|&(_, n)| !n.is_whitespace());
            if !c.is_whitespace() {
                end = at + c.len_utf8();
            } else if !(c == ' ' && word_follows) {
                break;
            }
        }
        end
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn whitespace_ends_where_char_is_whitespace_says(s in "[ a\\t\\n\\x0b\\x0c\\r\\u{a0}\\u{85}\\u{2003}\\u{3000}é€😀x]{0,20}") {
            let space = s.find(|c: char| !c.is_whitespace()).unwrap_or(s.len());
            prop_assert_eq!(space_len(&s), space);
        }

        #[test]
        fn a_piece_is_the_words_one_space_apart(s in "[ a\\t\\n\\x0b\\x01\\x7f\\u{a0}\\u{85}\\u{2003}é😀xyzw]{0,40}") {
            prop_assert_eq!(piece_len(&s), piece_by_chars(&s));
        }

        #[test]
        fn a_piece_of_long_words_is_found_eight_bytes_at_a_time(
            s in "(([a-z\u{e9}]{1,12})( |  |\n|\t| \u{a0}| \u{e9}|\u{2003})){0,8}[a-z]{0,12}",
        ) {
            prop_assert_eq!(piece_len(&s), piece_by_chars(&s));
        }

        #[test]
        fn a_space_at_the_end_of_eight_bytes_is_judged_with_the_next(
            head in "[a-z]{7}",
            tail in "(  |\t| \n|\u{2003}| [a-z]) ?[a-z]{0,9}",
        ) {
            let s = format!("{head} {tail}");
            let end = if s.as_bytes().get(8).is_some_and(u8::is_ascii_lowercase) {
                8 + piece_len(&s[8..])
            } else {
                7
            };
            prop_assert_eq!(piece_len(&s), end, "{:?}", s);
        }

        #[test]
        fn eight_bytes_mark_every_byte_that_may_end_a_piece(bytes in any::<[u8; 8]>()) {
            let marks = may_end(u64::from_le_bytes(bytes));
            for (k, &c) in bytes.iter().enumerate() {
                let marked = marks & (0x80 << (8 * k)) != 0;
                let odd = |c: u8| c <= b' ' || c >= 0x80;
                let next_odd = bytes.get(k + 1).is_none_or(|&n| odd(n));
                let ends = if c == b' ' { next_odd } else { odd(c) };
                prop_assert_eq!(marked, ends, "byte {} of {:?}", k, bytes);
            }
        }
    }
}
