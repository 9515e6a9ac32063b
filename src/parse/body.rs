//! The body of an entry: paragraphs, section headings, captions, author notes.
//!
//! Owns [`blocks`]. Paragraphs are runs of non-blank lines joined with single
//! spaces. A paragraph becomes:
//! - a [`Block::Heading`] if it is a Markdown heading (`## Text`, or a line
//!   underlined with `===`/`---`), or a single short title-like line
//!   ([`title::is_title_like`], at most 12 words) that is not the last one;
//! - a [`Block::AuthorNote`] if it is one of the last two paragraphs (not the
//!   first) and is wrapped in `(...)`, `[...]` or `*...*`, or starts with
//!   `About the author`;
//! - otherwise a [`Block::Paragraph`], after splitting off glued captions
//!   ([`caption`]) as [`Block::Caption`]s.
//!
//! Paragraphs without any letter or digit (`* * *`, `---`) are dropped.

use super::header::markdown_heading;
use super::{caption, lines, title};
use crate::model::Block;

/// A section heading has at most this many words.
const HEADING_WORDS: usize = 12;

/// One paragraph as found in the file.
struct Para {
    text: String,
    single_line: bool,
    heading: bool,
}

/// Turns body lines (`""` = blank) into blocks. `doc` is the whole file's
/// text, for the caption rule.
pub fn blocks(body: &[&str], doc: &str) -> Vec<Block> {
    let paras = paragraphs(body);
    let n = paras.len();
    let mut out = Vec::with_capacity(n + 2);
    for (i, p) in paras.into_iter().enumerate() {
        let from_end = n - 1 - i;
        if p.heading {
            out.push(Block::heading(p.text));
        } else if from_end <= 1 && i > 0 && is_author_note(&p.text) {
            out.push(Block::author_note(p.text));
        } else if p.single_line && from_end > 0 && title::is_title_like(&p.text, HEADING_WORDS) {
            out.push(Block::heading(p.text));
        } else {
            push_paragraph(p.text, doc, &mut out);
        }
    }
    out
}

/// Groups lines into paragraphs.
fn paragraphs(body: &[&str]) -> Vec<Para> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, line) in body.iter().enumerate() {
        if line.is_empty() {
            if let Some(s) = start.take() {
                push_para(&body[s..i], &mut out);
            }
        } else if let Some(h) = markdown_heading(line) {
            if let Some(s) = start.take() {
                push_para(&body[s..i], &mut out);
            }
            out.push(Para {
                text: lines::join(&[h]),
                single_line: true,
                heading: true,
            });
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        push_para(&body[s..], &mut out);
    }
    out
}

fn push_para(group: &[&str], out: &mut Vec<Para>) {
    if !group.iter().any(|l| l.chars().any(char::is_alphanumeric)) {
        return;
    }
    // A line underlined with `===` or `---` is a heading.
    if let [text, rule] = group
        && rule.len() >= 3
        && (rule.bytes().all(|b| b == b'=') || rule.bytes().all(|b| b == b'-'))
    {
        out.push(Para {
            text: lines::join(&[*text]),
            single_line: true,
            heading: true,
        });
        return;
    }
    out.push(Para {
        text: lines::join(group),
        single_line: group.len() == 1,
        heading: false,
    });
}

/// A paragraph wrapped in brackets or asterisks, or an `About the author` one.
fn is_author_note(text: &str) -> bool {
    let t = text.trim_end_matches('.');
    let wrapped = |open: char, close: char| {
        t.len() >= 3 && t.starts_with(open) && t.ends_with(close) && t.len() > open.len_utf8()
    };
    wrapped('(', ')')
        || wrapped('[', ']')
        || wrapped('*', '*')
        || t.get(..16)
            .is_some_and(|h| h.eq_ignore_ascii_case("about the author"))
}

/// Pushes a body paragraph, splitting off glued captions.
fn push_paragraph(text: String, doc: &str, out: &mut Vec<Block>) {
    let mut rest: &str = &text;
    if let Some((cap, after)) = caption::split_glued(rest, doc) {
        out.push(Block::caption(cap.to_string()));
        rest = after;
    }
    let mut split = false;
    while let Some((end, cap, after)) = caption::split_inline(rest) {
        out.push(Block::paragraph(rest[..end].to_string()));
        out.push(Block::caption(rest[cap].to_string()));
        rest = &rest[after..];
        split = true;
    }
    if rest.len() == text.len() && !split {
        out.push(Block::paragraph(text));
    } else if !rest.is_empty() {
        out.push(Block::paragraph(rest.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(body: &str) -> Vec<Block> {
        let lines: Vec<&str> = body.lines().map(str::trim).collect();
        blocks(&lines, body)
    }

    #[test]
    fn headings_paragraphs_and_notes() {
        let b = kinds(
            "First paragraph here.\n\nA Heading\n\nText\nwrapped here.\n\n(Jane is a writer.)",
        );
        assert_eq!(
            b,
            vec![
                Block::paragraph("First paragraph here."),
                Block::heading("A Heading"),
                Block::paragraph("Text wrapped here."),
                Block::author_note("(Jane is a writer.)"),
            ]
        );
    }

    #[test]
    fn markdown_and_setext_headings() {
        let b = kinds("## One\nText.\n\nTwo\n===\n\nMore.\n\n* * *\n\nEnd.");
        let headings: Vec<&str> = b
            .iter()
            .filter(|b| b.is_heading())
            .map(Block::text)
            .collect();
        assert_eq!(headings, vec!["One", "Two"]);
        assert_eq!(b.len(), 5, "{b:?}");
    }

    #[test]
    fn a_lone_short_last_line_is_text() {
        let b = kinds("Body text.\n\nThanks for Reading");
        assert_eq!(b[1], Block::paragraph("Thanks for Reading"));
    }
}
