//! Blocks as CommonMark, written so that a Markdown reader (ours included)
//! reads the same blocks back: headings as `#`…`######` by level, lists
//! with nesting and numbers, quotes as `> `, preformatted text fenced,
//! captions as `<figcaption>` and author notes as `<aside>` (HTML blocks
//! every CommonMark reader passes through, so neither turns into a
//! paragraph), emphasis `*`, strong `**`, code `` ` `` and links
//! `[text](url)`. Text that Markdown would read as syntax is escaped.
//! A reader's highlights are written as Obsidian's `==text==`, each
//! followed by its footnote reference `[^n]`; text written with marks
//! escapes every `=` of its own, so none reads as a mark's edge.

use super::{Mark, Piece, pieces_marked};
use crate::model::{Block, BlockKind, Style};
use std::io::{self, Write};

/// Writes `blocks`, each after a blank line (a list's items follow one
/// another without one, so the list stays tight).
pub fn write_blocks(blocks: &[Block], w: &mut dyn Write) -> io::Result<()> {
    write_all(blocks, &[], Equals::AsText, w)
}

/// [`write_blocks`] as text written with marks: the marks of each block
/// (`marks[i]` for `blocks[i]`; missing ones are none), every `=` of the
/// text escaped.
pub fn write_blocks_marked(
    blocks: &[Block],
    marks: &[Vec<Mark>],
    w: &mut dyn Write,
) -> io::Result<()> {
    write_all(blocks, marks, Equals::Escaped, w)
}

fn write_all(
    blocks: &[Block],
    marks: &[Vec<Mark>],
    equals: Equals,
    w: &mut dyn Write,
) -> io::Result<()> {
    // Each open list level: its content indent, from the markers written,
    // and whether it is ordered.
    let mut levels: Vec<(usize, bool)> = Vec::new();
    let mut in_list = false;
    for (i, b) in blocks.iter().enumerate() {
        let item = matches!(b.kind, BlockKind::ListItem { .. });
        if !(item && in_list) || starts_late_list(b, &levels) {
            w.write_all(b"\n")?;
        }
        in_list = item;
        if !item {
            levels.clear();
        }
        let marks = marks.get(i).map_or(&[][..], Vec::as_slice);
        write_block(b, marks, equals, &mut levels, w)?;
    }
    Ok(())
}

/// Whether `b` is the first item of an ordered list numbered from other
/// than 1: CommonMark lets only a list from 1 interrupt a paragraph, so
/// right under another item (`- a` / `  2. b`) it would read as that
/// item's text. A blank line before it keeps it a list.
fn starts_late_list(b: &Block, levels: &[(usize, bool)]) -> bool {
    let BlockKind::ListItem {
        depth,
        number: Some(n),
    } = b.kind
    else {
        return false;
    };
    let depth = usize::from(depth).min(levels.len());
    n != 1 && levels.get(depth).is_none_or(|&(_, ordered)| !ordered)
}

fn write_block(
    b: &Block,
    marks: &[Mark],
    equals: Equals,
    levels: &mut Vec<(usize, bool)>,
    w: &mut dyn Write,
) -> io::Result<()> {
    let inline = |b: &Block| inline_with(b, marks, equals);
    // Captions and notes are HTML here: marks without footnotes.
    let bare: Vec<Mark> = marks
        .iter()
        .map(|m| Mark {
            note: None,
            ..m.clone()
        })
        .collect();
    match b.kind {
        BlockKind::Paragraph => writeln!(w, "{}", line_start(&inline(b), equals)),
        BlockKind::Heading { level } => {
            let hashes = "#".repeat(usize::from(level.clamp(1, 6)));
            writeln!(w, "{hashes} {}", heading_end(inline(b)))
        }
        BlockKind::ListItem { depth, number } => {
            let depth = usize::from(depth).min(levels.len());
            levels.truncate(depth);
            let pad = levels.last().map_or(0, |&(indent, _)| indent);
            let marker = match number {
                Some(n) => format!("{n}. "),
                None => "- ".to_string(),
            };
            levels.push((pad + marker.len(), number.is_some()));
            writeln!(
                w,
                "{}{marker}{}",
                " ".repeat(pad),
                line_start(&inline(b), equals)
            )
        }
        BlockKind::Quote => writeln!(w, "> {}", line_start(&inline(b), equals)),
        BlockKind::Preformatted => {
            let fence = "`".repeat(longest_run(&b.text, '`').max(2) + 1);
            writeln!(w, "{fence}\n{}\n{fence}", b.text.trim_end_matches('\n'))?;
            write_refs(marks, w)
        }
        BlockKind::Caption => {
            let t = super::html::inline_marked(b, &bare);
            writeln!(w, "<figcaption>{t}</figcaption>")?;
            write_refs(marks, w)
        }
        BlockKind::AuthorNote => {
            writeln!(w, "<aside>{}</aside>", super::html::inline_marked(b, &bare))?;
            write_refs(marks, w)
        }
    }
}

/// The footnote references of `marks` in a paragraph of their own, for a
/// block that cannot hold them (code, and the HTML of captions and notes,
/// where Markdown is not read): they follow the block.
fn write_refs(marks: &[Mark], w: &mut dyn Write) -> io::Result<()> {
    let refs: String = marks
        .iter()
        .filter_map(|m| m.note)
        .map(|n| format!("[^{n}]"))
        .collect();
    if refs.is_empty() {
        return Ok(());
    }
    writeln!(w, "\n{refs}")
}

/// `text` as the text of a `#` heading line (an entry's title): on one
/// line, with what Markdown would read as syntax escaped.
pub fn heading(text: &str) -> String {
    heading_end(inline(&Block::new(BlockKind::Heading { level: 1 }, text)))
}

/// [`heading`] in text written with marks (`=` escaped).
pub fn heading_marked(text: &str) -> String {
    heading_end(inline_marked(
        &Block::new(BlockKind::Heading { level: 1 }, text),
        &[],
    ))
}

/// The block's text on one line with its spans as Markdown.
pub fn inline(b: &Block) -> String {
    inline_with(b, &[], Equals::AsText)
}

/// [`inline`] with `marks` as `==…==` and their footnote references, and
/// every `=` of the text escaped. Inside code a mark cannot be written:
/// the code is left as it is; a reference met inside code or a link's
/// text follows the code or the link.
pub fn inline_marked(b: &Block, marks: &[Mark]) -> String {
    inline_with(b, marks, Equals::Escaped)
}

fn inline_with(b: &Block, marks: &[Mark], equals: Equals) -> String {
    let mut out = String::with_capacity(b.text.len() + 8);
    let mut code: Option<String> = None;
    // Footnote references met inside code or a link, written after it.
    let mut held: Vec<usize> = Vec::new();
    let mut links = 0usize;
    for p in pieces_marked(b, marks) {
        match (p, code.as_mut()) {
            (Piece::Text(t), Some(c)) => c.push_str(t),
            (Piece::Text(t), None) => escape_into(&one_line(t), equals, &mut out),
            (Piece::MarkOpen, None) => out.push_str("=="),
            (Piece::MarkClose(n), None) => {
                out.push_str("==");
                match n {
                    Some(n) if links > 0 => held.push(n),
                    Some(n) => out.push_str(&format!("[^{n}]")),
                    None => {}
                }
            }
            (Piece::MarkOpen, Some(_)) => {}
            (Piece::MarkClose(n), Some(_)) => held.extend(n),
            (Piece::Open(Style::Code), None) => code = Some(String::new()),
            (Piece::Close(Style::Code), Some(_)) => {
                let c = one_line(&code.take().unwrap_or_default());
                let ticks = "`".repeat(longest_run(&c, '`') + 1);
                // A space on each side keeps a backtick at an edge apart
                // from the fence; readers strip one space on each side.
                let pad = if c.starts_with('`') || c.ends_with('`') {
                    " "
                } else {
                    ""
                };
                out.push_str(&format!("{ticks}{pad}{c}{pad}{ticks}"));
                if links == 0 {
                    push_refs(&mut held, &mut out);
                }
            }
            // Inside code, other styles have no Markdown form.
            (Piece::Open(_) | Piece::Close(_), Some(_)) => {}
            (Piece::Open(s), None) => out.push_str(match s {
                Style::Emphasis => "*",
                Style::Strong => "**",
                Style::Link { .. } => {
                    links += 1;
                    "["
                }
                Style::Code => "",
            }),
            (Piece::Close(s), None) => match s {
                Style::Emphasis => out.push('*'),
                Style::Strong => out.push_str("**"),
                Style::Link { url } => {
                    out.push_str(&format!("]({})", link_target(url)));
                    links = links.saturating_sub(1);
                    if links == 0 {
                        push_refs(&mut held, &mut out);
                    }
                }
                Style::Code => {}
            },
        }
    }
    push_refs(&mut held, &mut out);
    out
}

/// Footnote references held back, written now.
fn push_refs(held: &mut Vec<usize>, out: &mut String) {
    for n in held.drain(..) {
        out.push_str(&format!("[^{n}]"));
    }
}

/// A heading's text with a final run of `#` escaped: after a space (or
/// alone) it would read as the heading's closing sequence and vanish.
fn heading_end(mut s: String) -> String {
    let run = s.trim_end_matches('#').len();
    if run < s.len() && (run == 0 || s[..run].ends_with(' ')) {
        s.insert(run, '\\');
    }
    s
}

/// Whitespace runs, line breaks included, as one space: a paragraph is
/// one line.
fn one_line(t: &str) -> String {
    let mut s = String::with_capacity(t.len());
    let mut space = false;
    for c in t.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                s.push(' ');
            }
            space = false;
            s.push(c);
        }
    }
    if space {
        s.push(' ');
    }
    s
}

/// Whether `=` is escaped (in text written with marks, where `==` is a
/// mark's edge).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Equals {
    AsText,
    Escaped,
}

/// Escapes what Markdown would read as inline syntax: emphasis, code,
/// links, HTML, entities and backslashes.
fn escape_into(t: &str, equals: Equals, out: &mut String) {
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let special = match c {
            '\\' | '*' | '_' | '`' | '[' | ']' => true,
            '=' => equals == Equals::Escaped,
            '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
            '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#'),
            _ => false,
        };
        if special {
            out.push('\\');
        }
        out.push(c);
    }
}

/// A line whose start Markdown would read as a block (heading, quote,
/// list, rule, table, fence) with that character escaped.
/// In text written with marks every `=` of the text is escaped already,
/// so a line's first `=` opens a mark and stays as it is.
fn line_start(s: &str, equals: Equals) -> String {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let mut s = s.to_string();
    let setext = equals == Equals::AsText && s.starts_with('=');
    if setext || s.starts_with(['#', '>', '-', '+', '|', '~']) {
        s.insert(0, '\\');
    } else if digits > 0 && s[digits..].starts_with(['.', ')']) {
        s.insert(digits, '\\');
    }
    s
}

/// A link's destination: in angle brackets when it has spaces or
/// parentheses.
fn link_target(url: &str) -> String {
    if url.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_string()
    }
}

fn longest_run(t: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in t.chars() {
        run = if ch == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    fn md(blocks: &[Block]) -> String {
        let mut out = Vec::new();
        write_blocks(blocks, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn each_kind_has_its_markdown_form() {
        let blocks = vec![
            Block::new(BlockKind::Heading { level: 3 }, "Deep"),
            Block::paragraph("A *star* and 1. more").with_spans(vec![Span {
                start: 0,
                end: 1,
                style: Style::Strong,
            }]),
            Block::new(
                BlockKind::ListItem {
                    depth: 0,
                    number: Some(1),
                },
                "One",
            ),
            Block::new(
                BlockKind::ListItem {
                    depth: 1,
                    number: None,
                },
                "Inner",
            ),
            Block::new(
                BlockKind::ListItem {
                    depth: 0,
                    number: Some(2),
                },
                "Two",
            ),
            Block::new(BlockKind::Quote, "Said."),
            Block::new(BlockKind::Preformatted, "let x = `y`;\n  indented"),
            Block::caption("A <b> & c"),
            Block::author_note("(Jane writes.)"),
        ];
        assert_eq!(
            md(&blocks),
            "\n### Deep\n\n**A** \\*star\\* and 1. more\n\n1. One\n   - Inner\n2. Two\n\n\
             > Said.\n\n```\nlet x = `y`;\n  indented\n```\n\n\
             <figcaption>A &lt;b&gt; &amp; c</figcaption>\n\n<aside>(Jane writes.)</aside>\n"
        );
    }

    #[test]
    fn a_mark_in_code_or_html_keeps_its_footnote_after_the_block() {
        let blocks = vec![
            Block::new(BlockKind::Preformatted, "let x = 1;\nlet y = 2;"),
            Block::caption("A figure"),
            Block::author_note("A note"),
        ];
        let mark = |start, end, note| Mark { start, end, note };
        let marks = vec![
            vec![mark(0, 3, None), mark(4, 5, Some(1))],
            vec![mark(2, 8, Some(2))],
            vec![mark(0, 1, Some(3))],
        ];
        let mut out = Vec::new();
        write_blocks_marked(&blocks, &marks, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\n```\nlet x = 1;\nlet y = 2;\n```\n\n[^1]\n\n\
             <figcaption>A <mark>figure</mark></figcaption>\n\n[^2]\n\n\
             <aside><mark>A</mark> note</aside>\n\n[^3]\n"
        );
    }

    #[test]
    fn a_late_numbered_list_under_an_item_and_a_closing_hash_keep_their_meaning() {
        let item = |depth, number, t| Block::new(BlockKind::ListItem { depth, number }, t);
        assert_eq!(
            md(&[
                item(0, None, "a"),
                item(1, Some(2), "b"),
                item(1, Some(3), "c"),
                item(1, None, "d"),
                item(1, Some(1), "e"),
            ]),
            "\n- a\n\n  2. b\n  3. c\n  - d\n  1. e\n"
        );
        assert_eq!(
            md(&[Block::new(BlockKind::Heading { level: 2 }, "C # ##")]),
            "\n## C # \\##\n"
        );
        assert_eq!(heading("#"), "\\#");
        assert_eq!(heading("C# and *x*"), "C# and \\*x\\*");
    }

    #[test]
    fn a_paragraph_that_looks_like_a_block_stays_a_paragraph() {
        assert_eq!(
            md(&[Block::paragraph("# not a heading")]),
            "\n\\# not a heading\n"
        );
        assert_eq!(
            md(&[Block::paragraph("1. not a list")]),
            "\n1\\. not a list\n"
        );
    }

    #[test]
    fn links_and_code_are_written_with_their_targets() {
        let b = Block::paragraph("see the docs and `x`").with_spans(vec![
            Span {
                start: 4,
                end: 12,
                style: Style::Link {
                    url: "https://e.com/a (b)".into(),
                },
            },
            Span {
                start: 17,
                end: 20,
                style: Style::Code,
            },
        ]);
        assert_eq!(
            inline(&b),
            "see [the docs](<https://e.com/a (b)>) and `` `x` ``"
        );
    }
}
