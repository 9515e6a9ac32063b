//! Blocks written out with their structure: as Markdown ([`md`]), as
//! XHTML ([`html`]) and as plain text ([`plain`]). Export, `show` and
//! the importers' round trip share these, so each block kind is written
//! one way everywhere. A reader's highlights ride along as [`Mark`]s,
//! which [`pieces_marked`] weaves into the spans.

pub mod html;
pub mod md;
pub mod plain;

use crate::model::{Block, Span, Style};

/// One piece of a block's text: `Open`/`Close` of a span, or text; and,
/// from [`pieces_marked`], the edges of a highlight.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Open(&'a Style),
    Close(&'a Style),
    /// A highlighted passage starts (or goes on after a span's edge).
    MarkOpen,
    /// It stops: for good with the footnote number of the highlight's
    /// last piece, `None` when it only pauses at a span's edge or goes on
    /// in the next block.
    MarkClose(Option<usize>),
}

/// A highlighted passage of a block: bytes `start..end` of its text, and
/// the footnote number written after it (on a highlight's last piece).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub note: Option<usize>,
}

/// [`pieces`] with `marks` (in order, not overlapping) woven in as the
/// innermost element: a mark pauses at every span edge inside it, so the
/// pieces still nest. Without marks it is [`pieces`].
pub fn pieces_marked<'a>(block: &'a Block, marks: &[Mark]) -> Vec<Piece<'a>> {
    let plain = pieces(block);
    if marks.is_empty() {
        return plain;
    }
    let text = block.text.as_str();
    // Only marks that cut the text at characters, in order: the others
    // would lose text.
    let mut after = 0usize;
    let marks: Vec<&Mark> = marks
        .iter()
        .filter(|m| {
            let fits = m.start >= after
                && m.start < m.end
                && text.is_char_boundary(m.start)
                && text.is_char_boundary(m.end);
            if fits {
                after = m.end;
            }
            fits
        })
        .collect();
    let mut out = Vec::with_capacity(plain.len() + marks.len() * 3);
    let mut at = 0usize;
    let mut next = 0usize;
    // The mark being written, and whether it is paused at a span edge.
    let mut open: Option<usize> = None;
    let mut paused = false;
    for p in plain {
        let Piece::Text(t) = p else {
            if open.is_some() && !paused {
                out.push(Piece::MarkClose(None));
                paused = true;
            }
            out.push(p);
            continue;
        };
        let end = at + t.len();
        let mut pos = at;
        while pos < end {
            if let Some(m) = open {
                if paused {
                    out.push(Piece::MarkOpen);
                    paused = false;
                }
                let stop = marks[m].end.min(end);
                push_text(text, pos, stop, &mut out);
                pos = stop.max(pos);
                if marks[m].end <= end {
                    out.push(Piece::MarkClose(marks[m].note));
                    open = None;
                    next = m + 1;
                } else {
                    break;
                }
            } else if let Some(m) = marks.get(next).filter(|m| m.start < end) {
                let from = m.start.max(pos);
                if m.end <= from {
                    next += 1;
                    continue;
                }
                push_text(text, pos, from, &mut out);
                out.push(Piece::MarkOpen);
                open = Some(next);
                pos = from;
            } else {
                push_text(text, pos, end, &mut out);
                pos = end;
            }
        }
        at = end;
    }
    if let Some(m) = open {
        if paused {
            out.push(Piece::MarkOpen);
        }
        out.push(Piece::MarkClose(marks[m].note));
    }
    out
}

/// `text[from..to]` as a piece, when it is a non-empty slice.
fn push_text<'a>(text: &'a str, from: usize, to: usize, out: &mut Vec<Piece<'a>>) {
    if let Some(t) = text.get(from..to).filter(|t| !t.is_empty()) {
        out.push(Piece::Text(t));
    }
}

/// The block's text cut at its spans' edges, with the opens and closes in
/// nesting order. A span that overlaps another without nesting is closed
/// where the outer one closes, so the pieces always nest.
pub fn pieces(block: &Block) -> Vec<Piece<'_>> {
    let text = block.text.as_str();
    let mut out = Vec::new();
    // Open spans, innermost last, each with where it closes.
    let mut open: Vec<(&Style, usize)> = Vec::new();
    let mut at = 0usize;
    fn emit_to<'a>(text: &'a str, out: &mut Vec<Piece<'a>>, at: &mut usize, to: usize) {
        if to > *at {
            if let Some(t) = text.get(*at..to) {
                out.push(Piece::Text(t));
            }
            *at = to;
        }
    }
    let spans = block.spans.iter().map(|s: &Span| {
        let end = (s.end as usize).min(text.len());
        (&s.style, (s.start as usize).min(end), end)
    });
    for (style, start, end) in spans {
        // Close what ends before this span starts.
        while let Some(&(top, top_end)) = open.last() {
            if top_end > start {
                break;
            }
            emit_to(text, &mut out, &mut at, top_end);
            out.push(Piece::Close(top));
            open.pop();
        }
        emit_to(text, &mut out, &mut at, start);
        // Clipped to the span it sits in, so the pieces nest.
        let end = open.last().map_or(end, |&(_, top_end)| end.min(top_end));
        if end <= at {
            continue;
        }
        out.push(Piece::Open(style));
        open.push((style, end));
    }
    while let Some((top, top_end)) = open.pop() {
        emit_to(text, &mut out, &mut at, top_end);
        out.push(Piece::Close(top));
    }
    emit_to(text, &mut out, &mut at, text.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BlockKind;

    fn span(start: u32, end: u32, style: Style) -> Span {
        Span { start, end, style }
    }

    #[test]
    fn marks_are_innermost_and_pause_at_span_edges() {
        let b =
            Block::paragraph("one two three four").with_spans(vec![span(4, 7, Style::Emphasis)]);
        let marks = [
            Mark {
                start: 0,
                end: 6,
                note: Some(1),
            },
            Mark {
                start: 8,
                end: 13,
                note: None,
            },
        ];
        assert_eq!(
            pieces_marked(&b, &marks),
            vec![
                Piece::MarkOpen,
                Piece::Text("one "),
                Piece::MarkClose(None),
                Piece::Open(&Style::Emphasis),
                Piece::MarkOpen,
                Piece::Text("tw"),
                Piece::MarkClose(Some(1)),
                Piece::Text("o"),
                Piece::Close(&Style::Emphasis),
                Piece::Text(" "),
                Piece::MarkOpen,
                Piece::Text("three"),
                Piece::MarkClose(None),
                Piece::Text(" four"),
            ]
        );
        assert_eq!(pieces_marked(&b, &[]), pieces(&b));
    }

    #[test]
    fn pieces_nest_and_cover_the_text() {
        let b = Block::paragraph("one two three four").with_spans(vec![
            span(4, 13, Style::Emphasis),
            span(8, 13, Style::Strong),
            span(10, 16, Style::Code), // overlaps: clipped
        ]);
        let p = pieces(&b);
        assert_eq!(
            p,
            vec![
                Piece::Text("one "),
                Piece::Open(&Style::Emphasis),
                Piece::Text("two "),
                Piece::Open(&Style::Strong),
                Piece::Text("th"),
                Piece::Open(&Style::Code),
                Piece::Text("ree"),
                Piece::Close(&Style::Code),
                Piece::Close(&Style::Strong),
                Piece::Close(&Style::Emphasis),
                Piece::Text(" four"),
            ]
        );
        let text: String = p
            .iter()
            .filter_map(|p| match p {
                Piece::Text(t) => Some(*t),
                _ => None,
            })
            .collect();
        assert_eq!(text, b.text);
        assert_eq!(Block::new(BlockKind::Quote, "x").spans.len(), 0);
    }
}
