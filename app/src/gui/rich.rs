//! One block's text as the reader lays it out: its inline styles
//! (emphasis in the italic face, strong in the bold one, code in the
//! monospace one, links underlined in the link colour), the reader's
//! highlights and its text selection, and the find bar's hits on their
//! marker backgrounds, merged into one [`LayoutJob`].

use super::find::Hit;
use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontFamily, Stroke};
use hotline::model::{Span, Style};
use std::ops::Range;

/// The faces and colours inline styles are drawn with.
pub struct Faces {
    pub italic: FontFamily,
    pub bold: FontFamily,
    pub mono: FontFamily,
    pub link: Color32,
}

/// What is drawn: the text, its spans, the hits in it and which of them
/// is current, with the marker colours (every hit, the current hit), the
/// highlights with their colours, and the selected bytes with theirs. A
/// selection shows over a hit, and a hit over a highlight.
pub struct Marked<'a> {
    pub text: &'a str,
    pub spans: &'a [Span],
    pub hits: &'a [Hit],
    pub current: Option<usize>,
    pub marks: (Color32, Color32),
    pub highlights: &'a [(Range<usize>, Color32)],
    pub selection: Option<(Range<usize>, Color32)>,
}

/// The layout job of `m` in `base`, styled by `faces`.
pub fn job(m: &Marked<'_>, base: &TextFormat, faces: &Faces) -> LayoutJob {
    let text = m.text;
    // Every place the format may change, in order.
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for s in m.spans {
        cuts.extend([s.start as usize, s.end as usize]);
    }
    for h in m.hits {
        cuts.extend([h.range.start, h.range.end]);
    }
    for (r, _) in m.highlights.iter().chain(&m.selection) {
        cuts.extend([r.start, r.end]);
    }
    cuts.retain(|&c| c <= text.len() && text.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();
    let mut job = LayoutJob::default();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let Some(piece) = text.get(a..b) else {
            continue;
        };
        let mut f = base.clone();
        for s in m
            .spans
            .iter()
            .filter(|s| s.start as usize <= a && b <= s.end as usize)
        {
            match &s.style {
                Style::Emphasis => f.font_id.family = faces.italic.clone(),
                Style::Strong => f.font_id.family = faces.bold.clone(),
                Style::Code => {
                    f.font_id.family = faces.mono.clone();
                    f.font_id.size *= 0.9;
                }
                Style::Link { .. } => {
                    f.color = faces.link;
                    f.underline = Stroke::new(1.0, faces.link);
                }
            }
        }
        let hit = m
            .hits
            .iter()
            .position(|h| h.range.start <= a && b <= h.range.end);
        let within = |r: &Range<usize>| r.start <= a && b <= r.end;
        if let Some((_, c)) = m.highlights.iter().rev().find(|(r, _)| within(r)) {
            f.background = *c;
        }
        if let Some(i) = hit {
            f.background = if m.current == Some(i) {
                m.marks.1
            } else {
                m.marks.0
            };
        }
        if let Some((_, c)) = m.selection.as_ref().filter(|(r, _)| within(r)) {
            f.background = *c;
        }
        job.append(piece, 0.0, f);
    }
    if job.is_empty() {
        job.append("", 0.0, base.clone());
    }
    job
}

/// The link over the byte `at` of the text, if any.
pub fn link_at(spans: &[Span], at: usize) -> Option<&str> {
    spans.iter().find_map(|s| match &s.style {
        Style::Link { url } if (s.start as usize) <= at && at < s.end as usize => {
            Some(url.as_str())
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::find::Place;
    use egui::FontId;

    #[test]
    fn spans_and_hits_each_change_the_format_of_their_own_bytes() {
        let spans = [
            Span {
                start: 0,
                end: 3,
                style: Style::Emphasis,
            },
            Span {
                start: 4,
                end: 7,
                style: Style::Link {
                    url: "https://e.com".into(),
                },
            },
        ];
        let hits = [Hit {
            place: Place::Title,
            range: 5..9,
        }];
        let m = Marked {
            text: "one two three",
            spans: &spans,
            hits: &hits,
            current: None,
            marks: (Color32::YELLOW, Color32::RED),
            highlights: &[(10..12, Color32::GREEN)],
            selection: Some((12..13, Color32::GRAY)),
        };
        let faces = Faces {
            italic: FontFamily::Name("i".into()),
            bold: FontFamily::Name("b".into()),
            mono: FontFamily::Monospace,
            link: Color32::BLUE,
        };
        let base = TextFormat::simple(FontId::proportional(14.0), Color32::BLACK);
        let job = job(&m, &base, &faces);
        let parts: Vec<(&str, bool, Color32, Color32)> = job
            .sections
            .iter()
            .map(|s| {
                (
                    &job.text[s.byte_range.start.0..s.byte_range.end.0],
                    s.format.font_id.family == faces.italic,
                    s.format.color,
                    s.format.background,
                )
            })
            .collect();
        assert_eq!(job.text, "one two three");
        assert_eq!(
            parts[0],
            ("one", true, Color32::BLACK, Color32::TRANSPARENT)
        );
        assert_eq!(parts[2], ("t", false, Color32::BLUE, Color32::TRANSPARENT));
        assert_eq!(parts[3], ("wo", false, Color32::BLUE, Color32::YELLOW));
        assert_eq!(parts[4], (" t", false, Color32::BLACK, Color32::YELLOW));
        // A highlight where no hit is; the selection over everything.
        assert_eq!(parts[6], ("re", false, Color32::BLACK, Color32::GREEN));
        assert_eq!(
            parts.last().copied(),
            Some(("e", false, Color32::BLACK, Color32::GRAY))
        );
        assert_eq!(link_at(&spans, 5), Some("https://e.com"));
        assert_eq!(link_at(&spans, 8), None);
    }
}
