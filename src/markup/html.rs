//! Blocks as XHTML (EPUB chapters, and captions and author notes inside
//! Markdown): headings `<h1>`…`<h6>` by level, lists `<ul>`/`<ol>` nested
//! by depth, `<blockquote>`, `<pre>`, `<figure><figcaption>`, author notes
//! as `<aside class="author-note">`, and `<em>`, `<strong>`, `<code>`,
//! `<a href>` inside. Everything is escaped and well-formed XML. A
//! reader's highlights are `<mark>`, each with its EPUB 3 footnote
//! reference (`<a epub:type="noteref" href="#note-N">`) after it.

use super::{Mark, Piece, pieces_marked};
use crate::model::{Block, BlockKind, Style};

/// The block's text with its spans as inline XHTML.
pub fn inline(b: &Block) -> String {
    inline_marked(b, &[])
}

/// [`inline`] with `marks` as `<mark>` and their footnote references.
pub fn inline_marked(b: &Block, marks: &[Mark]) -> String {
    let mut out = String::with_capacity(b.text.len() + 16);
    for p in pieces_marked(b, marks) {
        match p {
            Piece::Text(t) => out.push_str(&escape(t)),
            Piece::MarkOpen => out.push_str("<mark>"),
            Piece::MarkClose(None) => out.push_str("</mark>"),
            Piece::MarkClose(Some(n)) => out.push_str(&noteref(n)),
            Piece::Open(s) => match s {
                Style::Emphasis => out.push_str("<em>"),
                Style::Strong => out.push_str("<strong>"),
                Style::Code => out.push_str("<code>"),
                Style::Link { url } => out.push_str(&format!("<a href=\"{}\">", escape(url))),
            },
            Piece::Close(s) => out.push_str(match s {
                Style::Emphasis => "</em>",
                Style::Strong => "</strong>",
                Style::Code => "</code>",
                Style::Link { .. } => "</a>",
            }),
        }
    }
    out
}

/// A mark's end with its EPUB 3 footnote reference.
fn noteref(n: usize) -> String {
    format!("</mark><a epub:type=\"noteref\" href=\"#note-{n}\" id=\"ref-{n}\"><sup>{n}</sup></a>")
}

/// The blocks as XHTML elements, one per line; `ids` names the section
/// headings `s1`, `s2`… (for a table of contents).
pub fn blocks(blocks: &[Block], ids: SectionIds) -> String {
    blocks_marked(blocks, &[], ids)
}

/// [`blocks`] with the marks of each block (`marks[i]` for `blocks[i]`).
pub fn blocks_marked(blocks: &[Block], marks: &[Vec<Mark>], ids: SectionIds) -> String {
    let mut s = String::new();
    // The open lists, innermost last: whether each is ordered.
    let mut lists: Vec<bool> = Vec::new();
    let mut section = 0;
    for (i, b) in blocks.iter().enumerate() {
        let marks = marks.get(i).map_or(&[][..], Vec::as_slice);
        let (depth, number) = match b.kind {
            BlockKind::ListItem { depth, number } => (Some(usize::from(depth)), number),
            _ => (None, None),
        };
        let Some(d) = depth else {
            while !lists.is_empty() {
                close_list(&mut s, &mut lists);
            }
            push_block(&mut s, b, marks, ids, &mut section);
            continue;
        };
        let ordered = number.is_some();
        while lists.len() > d + 1 {
            close_list(&mut s, &mut lists);
        }
        if lists.len() == d + 1 && lists.last() != Some(&ordered) {
            close_list(&mut s, &mut lists);
        }
        if lists.len() == d + 1 {
            s.push_str("</li>\n");
        }
        while lists.len() < d + 1 {
            let innermost = lists.len() == d;
            match number {
                Some(n) if innermost && n != 1 => s.push_str(&format!("<ol start=\"{n}\">\n")),
                Some(_) => s.push_str("<ol>\n"),
                None => s.push_str("<ul>\n"),
            }
            lists.push(ordered);
            if !innermost {
                // An item to hold the deeper list.
                s.push_str("<li>");
            }
        }
        s.push_str(&format!("<li>{}", inline_marked(b, marks)));
    }
    while !lists.is_empty() {
        close_list(&mut s, &mut lists);
    }
    s
}

/// A block that is not a list item.
fn push_block(s: &mut String, b: &Block, marks: &[Mark], ids: SectionIds, section: &mut usize) {
    let t = inline_marked(b, marks);
    match b.kind {
        BlockKind::Paragraph => s.push_str(&format!("<p>{t}</p>\n")),
        BlockKind::Heading { level } => {
            let level = level.clamp(1, 6);
            match ids {
                SectionIds::Numbered => {
                    *section += 1;
                    s.push_str(&format!("<h{level} id=\"s{section}\">{t}</h{level}>\n"));
                }
                SectionIds::None => s.push_str(&format!("<h{level}>{t}</h{level}>\n")),
            }
        }
        BlockKind::Quote => s.push_str(&format!("<blockquote><p>{t}</p></blockquote>\n")),
        // Marked like any text (line breaks and spaces are kept as they
        // are in both).
        BlockKind::Preformatted if !marks.is_empty() => s.push_str(&format!("<pre>{t}</pre>\n")),
        BlockKind::Preformatted => s.push_str(&format!("<pre>{}</pre>\n", escape(&b.text))),
        BlockKind::Caption => {
            s.push_str(&format!("<figure><figcaption>{t}</figcaption></figure>\n"));
        }
        BlockKind::AuthorNote => {
            s.push_str(&format!(
                "<aside class=\"author-note\"><p>{t}</p></aside>\n"
            ));
        }
        BlockKind::ListItem { .. } => s.push_str(&format!("<ul><li>{t}</li></ul>\n")),
    }
}

/// Closes the innermost list and the item open in it.
fn close_list(s: &mut String, lists: &mut Vec<bool>) {
    let ordered = lists.pop().unwrap_or(false);
    s.push_str(if ordered {
        "</li>\n</ol>\n"
    } else {
        "</li>\n</ul>\n"
    });
}

/// Whether section headings get ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionIds {
    Numbered,
    None,
}

/// Text escaped for XML, without the control characters XML 1.0 forbids.
pub fn escape(t: &str) -> String {
    let mut s = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            c if c.is_control() && c != '\t' && c != '\n' => {}
            c => s.push(c),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(depth: u8, number: Option<u32>, t: &str) -> Block {
        Block::new(BlockKind::ListItem { depth, number }, t)
    }

    #[test]
    fn a_mark_in_preformatted_text_is_drawn_and_keeps_the_lines() {
        let pre = [Block::new(BlockKind::Preformatted, "a < b\n  c")];
        let mark = Mark {
            start: 4,
            end: 9,
            note: Some(7),
        };
        let html = blocks_marked(&pre, &[vec![mark]], SectionIds::None);
        assert!(
            html.starts_with("<pre>a &lt; <mark>b\n  c</mark><a epub:type=\"noteref\""),
            "{html}"
        );
        assert_eq!(
            blocks_marked(&pre, &[vec![]], SectionIds::None),
            "<pre>a &lt; b\n  c</pre>\n"
        );
    }

    #[test]
    fn lists_nest_by_depth_and_close_before_other_blocks() {
        let html = blocks(
            &[
                item(0, None, "a"),
                item(1, Some(1), "b"),
                item(1, Some(2), "c"),
                item(0, None, "d"),
                Block::paragraph("p"),
            ],
            SectionIds::None,
        );
        assert_eq!(
            html,
            "<ul>\n<li>a<ol>\n<li>b</li>\n<li>c</li>\n</ol>\n</li>\n<li>d</li>\n</ul>\n<p>p</p>\n"
        );
    }

    #[test]
    fn headings_keep_their_level_and_text_is_escaped() {
        let html = blocks(
            &[Block::new(BlockKind::Heading { level: 3 }, "A & <B>")],
            SectionIds::Numbered,
        );
        assert_eq!(html, "<h3 id=\"s1\">A &amp; &lt;B&gt;</h3>\n");
    }
}
