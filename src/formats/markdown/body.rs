//! The body: CommonMark (with tables) read by `pulldown-cmark` into
//! blocks with their spans.
//!
//! | Markdown | block |
//! | --- | --- |
//! | `#`…`######`, setext headings | heading of that level |
//! | paragraph | paragraph (a quote inside a block quote) |
//! | list item | list item: `depth` 0 for the outermost list, `number` from the list's start, +1 per item; an item's paragraphs are joined, and one after a nested list is a paragraph |
//! | fenced or indented code | preformatted, its text exact without the final line break |
//! | table | preformatted, columns aligned with ` \| ` |
//! | `<figcaption>`, `<figure>` HTML | caption |
//! | `<aside>` HTML | author note |
//! | other HTML | paragraphs of its text, none when it is only tags |
//! | thematic break, image | nothing (an image's alt text is no text of the entry) |
//!
//! Inline: emphasis, strong, code and links become spans (also from the
//! `<em>`, `<strong>`, `<code>` and `<a href>` tags); soft and hard
//! breaks are spaces; whitespace runs are one space.
//!
//! A body with the reader's marks ([`MarkSyntax::Obsidian`], this app's
//! export) reads back as the same text: an unescaped `=` is a mark's
//! edge, and footnotes and `> [!note]`-style callouts are left out.

use super::html::{self, Fragment, Marker};
use super::inline::Inline;
use super::meta::MarkSyntax;
use crate::model::{Block, BlockKind, Style};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// One thing the body holds, in order.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Item {
    Block(Block),
    /// `<a id="…"></a>` or a `<!-- hotline … -->` comment standing alone.
    Marker(Marker),
}

/// The containers the reader is inside, innermost last.
#[derive(Debug)]
enum Container {
    Quote,
    /// A list, with the number of its next item (ordered lists).
    List {
        next: Option<u32>,
    },
    Item {
        depth: u8,
        number: Option<u32>,
        /// Whether the item's own text was written as a block already.
        done: bool,
    },
}

/// What the text being gathered will be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leaf {
    /// No block is open.
    None,
    Text(BlockKind),
    /// A paragraph that may turn out to hold only HTML markers.
    Paragraph(BlockKind),
    Code,
    Html,
    Cell,
}

struct Reader {
    items: Vec<Item>,
    stack: Vec<Container>,
    leaf: Leaf,
    buf: Inline,
    /// Raw text of a code block or HTML block, or a paragraph's inline HTML.
    raw: String,
    /// Whether the open paragraph has had any text besides inline HTML.
    has_text: bool,
    /// Inside an image (its alt text is skipped).
    images: u32,
    /// A table's rows of cells.
    rows: Vec<Vec<String>>,
    /// Tags open inside a footnote or callout being left out (0: none).
    skipping: u32,
}

/// Reads a Markdown body into blocks and markers.
pub(super) fn read(body: &str, marks: MarkSyntax) -> Vec<Item> {
    let mut r = Reader {
        items: Vec::new(),
        stack: Vec::new(),
        leaf: Leaf::None,
        buf: Inline::default(),
        raw: String::new(),
        has_text: false,
        images: 0,
        rows: Vec::new(),
        skipping: 0,
    };
    match marks {
        MarkSyntax::None => {
            for event in Parser::new_ext(body, Options::ENABLE_TABLES) {
                r.event(event);
            }
        }
        MarkSyntax::Obsidian => {
            let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_GFM;
            for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
                r.marked_event(event, escaped_at(body, range.start));
            }
        }
    }
    r.flush();
    r.items
}

/// Whether the character at `at` is backslash-escaped in `source` (an odd
/// run of backslashes before it).
fn escaped_at(source: &str, at: usize) -> bool {
    let before = source.as_bytes().get(..at).unwrap_or_default();
    before.iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

impl Reader {
    /// An event of a body with marks: footnote definitions and callouts
    /// are skipped whole, and the marks' `=` are taken out of the text
    /// (each escaped `=` of the text starts an event of its own, so only a
    /// first character can be one).
    fn marked_event(&mut self, event: Event<'_>, first_escaped: bool) {
        if self.skipping > 0 {
            match event {
                Event::Start(_) => self.skipping += 1,
                Event::End(_) => self.skipping -= 1,
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::FootnoteDefinition(_) | Tag::BlockQuote(Some(_))) => {
                self.flush();
                self.skipping = 1;
            }
            Event::Text(t) if !matches!(self.leaf, Leaf::Code | Leaf::Html) => {
                let text: String = t
                    .char_indices()
                    .filter(|&(i, c)| c != '=' || (i == 0 && first_escaped))
                    .map(|(_, c)| c)
                    .collect();
                if !text.is_empty() {
                    self.event(Event::Text(text.into()));
                }
            }
            Event::FootnoteReference(_) => {}
            other => self.event(other),
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => match self.leaf {
                Leaf::Code | Leaf::Html => self.raw.push_str(&t),
                _ if self.images > 0 => {}
                _ => {
                    self.ensure_leaf();
                    if !self.has_text {
                        self.has_text = !t.trim().is_empty();
                    }
                    self.buf.push(&t);
                }
            },
            Event::Code(t) if self.images == 0 => {
                self.ensure_leaf();
                self.has_text = true;
                self.buf.open(Style::Code);
                self.buf.push(&t);
                self.buf.close(&Style::Code);
            }
            Event::Html(t) => self.raw.push_str(&t),
            Event::InlineHtml(t) => {
                self.ensure_leaf();
                self.raw.push_str(&t);
                let tag = (t.starts_with('<') && !t.starts_with("<!"))
                    .then(|| html::parse_tag(&t))
                    .flatten();
                if let Some((tag, _)) = tag {
                    html::apply_inline(&tag, &mut self.buf);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                self.buf.space();
                self.raw.push('\n');
            }
            // Not enabled: math, footnotes, task lists, metadata blocks.
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {
                if let Leaf::Text(BlockKind::ListItem { .. }) = self.leaf {
                    // A loose item's next paragraph: the same item.
                    self.buf.space();
                    return;
                }
                self.flush();
                self.leaf = Leaf::Paragraph(self.context_kind());
                self.has_text = false;
                self.raw.clear();
            }
            Tag::Heading { level, .. } => {
                self.flush();
                self.leaf = Leaf::Text(BlockKind::Heading { level: level as u8 });
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.stack.push(Container::Quote);
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.leaf = Leaf::Code;
                self.raw.clear();
            }
            Tag::HtmlBlock => {
                self.flush();
                self.leaf = Leaf::Html;
                self.raw.clear();
            }
            Tag::List(start) => {
                self.flush();
                let next = start.map(|n| u32::try_from(n).unwrap_or(u32::MAX));
                self.stack.push(Container::List { next });
            }
            Tag::Item => {
                self.flush();
                let lists = self
                    .stack
                    .iter()
                    .filter(|c| matches!(c, Container::List { .. }))
                    .count();
                let depth = u8::try_from(lists.saturating_sub(1)).unwrap_or(u8::MAX);
                let number = match self.stack.last_mut() {
                    Some(Container::List { next }) => {
                        let n = *next;
                        *next = next.map(|n| n.saturating_add(1));
                        n
                    }
                    _ => None,
                };
                self.stack.push(Container::Item {
                    depth,
                    number,
                    done: false,
                });
                self.leaf = Leaf::Text(BlockKind::ListItem { depth, number });
            }
            Tag::Table(_) => {
                self.flush();
                self.rows.clear();
            }
            Tag::TableHead | Tag::TableRow => self.rows.push(Vec::new()),
            Tag::TableCell => {
                self.leaf = Leaf::Cell;
            }
            Tag::Emphasis => self.open(Style::Emphasis),
            Tag::Strong => self.open(Style::Strong),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let url = match link_type {
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.to_string(),
                };
                self.open(Style::Link { url });
            }
            Tag::Image { .. } => self.images += 1,
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            // A list item's paragraphs are its text, which ends with it.
            TagEnd::Paragraph if !matches!(self.leaf, Leaf::Text(BlockKind::ListItem { .. })) => {
                self.flush();
            }
            TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::HtmlBlock => self.flush(),
            TagEnd::BlockQuote(_) | TagEnd::List(_) => {
                self.flush();
                self.stack.pop();
            }
            TagEnd::Item => {
                self.flush();
                self.stack.pop();
            }
            TagEnd::TableCell => {
                let cell = self.buf.take_text();
                if let Some(row) = self.rows.last_mut() {
                    row.push(cell);
                }
                self.leaf = Leaf::None;
            }
            TagEnd::Table => {
                let text = table_text(&std::mem::take(&mut self.rows));
                if !text.is_empty() {
                    self.push_block(Block::new(BlockKind::Preformatted, text));
                }
            }
            TagEnd::Emphasis => self.close(&Style::Emphasis),
            TagEnd::Strong => self.close(&Style::Strong),
            TagEnd::Link => self.close(&Style::Link { url: String::new() }),
            TagEnd::Image => self.images = self.images.saturating_sub(1),
            _ => {}
        }
    }

    fn open(&mut self, style: Style) {
        if self.images == 0 {
            self.ensure_leaf();
            self.buf.open(style);
        }
    }

    fn close(&mut self, style: &Style) {
        if self.images == 0 {
            self.buf.close(style);
        }
    }

    /// What a paragraph is where the reader stands: a list item's own
    /// text, a quote inside a block quote, else a paragraph.
    fn context_kind(&self) -> BlockKind {
        match self.stack.last() {
            Some(Container::Item {
                depth,
                number,
                done: false,
            }) => BlockKind::ListItem {
                depth: *depth,
                number: *number,
            },
            Some(Container::Quote) => BlockKind::Quote,
            _ => BlockKind::Paragraph,
        }
    }

    /// Opens a block for text that arrives outside one.
    fn ensure_leaf(&mut self) {
        if self.leaf == Leaf::None {
            self.leaf = Leaf::Text(self.context_kind());
        }
    }

    /// Ends the open block, if any.
    fn flush(&mut self) {
        let leaf = std::mem::replace(&mut self.leaf, Leaf::None);
        match leaf {
            Leaf::None | Leaf::Cell => {}
            Leaf::Text(kind) => self.push_text(kind),
            Leaf::Paragraph(kind) => {
                if !self.has_text && !self.raw.is_empty() {
                    // Only HTML: an anchor, a hotline comment, or text in tags.
                    self.buf.take(kind);
                    let raw = std::mem::take(&mut self.raw);
                    self.push_html(&raw);
                } else {
                    self.push_text(kind);
                }
                self.raw.clear();
            }
            Leaf::Code => {
                let raw = std::mem::take(&mut self.raw);
                let text = raw.trim_end_matches('\n');
                if !text.trim().is_empty() {
                    self.push_block(Block::new(BlockKind::Preformatted, text));
                }
            }
            Leaf::Html => {
                let raw = std::mem::take(&mut self.raw);
                self.push_html(&raw);
            }
        }
    }

    fn push_text(&mut self, kind: BlockKind) {
        if let Some(block) = self.buf.take(kind) {
            self.push_block(block);
        }
    }

    fn push_html(&mut self, raw: &str) {
        match html::read_block(raw) {
            Fragment::Blocks(blocks) => {
                for b in blocks {
                    self.push_block(b);
                }
            }
            Fragment::Markers(markers) => self.items.extend(markers.into_iter().map(Item::Marker)),
        }
    }

    fn push_block(&mut self, block: Block) {
        if let BlockKind::ListItem { .. } = block.kind
            && let Some(Container::Item { done, .. }) = self.stack.last_mut()
        {
            *done = true;
        }
        self.items.push(Item::Block(block));
    }
}

/// A table as text: one line per row, cells padded to their column's
/// width and joined with ` | `, a rule of dashes under the header.
fn table_text(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; columns];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let mut line = String::new();
        for (c, w) in widths.iter().enumerate() {
            let cell = row.get(c).map_or("", String::as_str);
            if c > 0 {
                line.push_str(" | ");
            }
            line.push_str(cell);
            line.extend(std::iter::repeat_n(' ', w - cell.chars().count()));
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if i == 0 && rows.len() > 1 {
            let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w.max(1))).collect();
            out.push_str(&rule.join("-|-"));
            out.push('\n');
        }
    }
    out.trim_end_matches('\n').to_string()
}
