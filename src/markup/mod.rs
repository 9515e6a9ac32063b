//! Blocks written out with their structure: as Markdown ([`md`]), as
//! XHTML ([`html`]) and as plain text ([`plain`]). Export, `show` and
//! the importers' round trip share these, so each block kind is written
//! one way everywhere.

pub mod html;
pub mod md;
pub mod plain;

use crate::model::{Block, Span, Style};

/// One piece of a block's text: `Open`/`Close` of a span, or text.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Open(&'a Style),
    Close(&'a Style),
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
