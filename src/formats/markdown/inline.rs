//! A block's text as Markdown events (or HTML tags) hand it over: runs of
//! whitespace, line breaks included, become one space, the text has no
//! space at either end, and the inline styles are kept as byte ranges over
//! the text that never start or end on a space.

use crate::model::{Block, BlockKind, Span, Style};

/// The text and spans of one block being read.
#[derive(Debug, Default)]
pub(super) struct Inline {
    text: String,
    /// Spans in the order they opened (outer before inner), so that two
    /// styles over the same words keep their nesting once sorted.
    spans: Vec<Span>,
    /// The spans still open: their index in `spans`.
    open: Vec<usize>,
    /// A space is due before the next visible character.
    space: bool,
}

impl Inline {
    /// Appends `s` with its whitespace collapsed.
    pub(super) fn push(&mut self, s: &str) {
        // Most text is ASCII with single spaces between words: only its
        // ends need looking at.
        let inner = s.trim_matches(' ');
        if is_plain(inner) {
            if inner.len() < s.len() && s.starts_with(' ') {
                self.space = true;
            }
            if !inner.is_empty() {
                self.push_word(inner);
            }
            if inner.len() < s.len() && s.ends_with(' ') {
                self.space = true;
            }
            return;
        }
        let mut first = true;
        for word in s.split(char::is_whitespace) {
            if !first {
                self.space = true;
            }
            first = false;
            if !word.is_empty() {
                self.push_word(word);
            }
        }
    }

    /// Appends text that starts and ends with no whitespace and has none
    /// inside but single spaces.
    fn push_word(&mut self, word: &str) {
        if self.space && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.space = false;
        self.text.push_str(word);
    }

    /// A break between words (a soft or hard line break, `<br>`).
    pub(super) fn space(&mut self) {
        self.space = true;
    }

    /// Opens a span of `style` at the current end of the text.
    pub(super) fn open(&mut self, style: Style) {
        let at = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        self.open.push(self.spans.len());
        self.spans.push(Span {
            start: at,
            end: at,
            style,
        });
    }

    /// Closes the innermost open span whose style is of the same kind as
    /// `style` (a link closes the innermost link whatever its target), and
    /// any opened inside it that are still open.
    pub(super) fn close(&mut self, style: &Style) {
        let same = |s: &Style| std::mem::discriminant(s) == std::mem::discriminant(style);
        let Some(pos) = self.open.iter().rposition(|&i| same(&self.spans[i].style)) else {
            return;
        };
        while self.open.len() > pos {
            if let Some(i) = self.open.pop() {
                self.end_span(i);
            }
        }
    }

    /// Sets span `i`'s end to the end of the text, with the spaces at
    /// either edge left out.
    fn end_span(&mut self, i: usize) {
        let end = self.text.len();
        let span = &mut self.spans[i];
        let mut start = span.start as usize;
        if self.text.as_bytes().get(start) == Some(&b' ') {
            start += 1;
        }
        span.start = u32::try_from(start).unwrap_or(u32::MAX);
        span.end = u32::try_from(end).unwrap_or(u32::MAX);
    }

    /// The block of `kind` with the text and spans gathered so far (every
    /// open span closed at the end), leaving this empty; `None` when there
    /// is no text.
    pub(super) fn take(&mut self, kind: BlockKind) -> Option<Block> {
        while let Some(i) = self.open.pop() {
            self.end_span(i);
        }
        self.space = false;
        if self.text.is_empty() {
            self.spans.clear();
            return None;
        }
        // The buffers stay for the next block; the block gets copies of
        // their exact size.
        let text = self.text.as_str().to_owned();
        self.text.clear();
        let spans = self.spans.drain(..).collect();
        Some(Block::new(kind, text).with_spans(spans))
    }

    /// The text gathered so far, leaving this empty (for a table cell).
    pub(super) fn take_text(&mut self) -> String {
        self.open.clear();
        self.spans.clear();
        self.space = false;
        let text = self.text.as_str().to_owned();
        self.text.clear();
        text
    }
}

/// Whether `s` has no whitespace but single spaces (and no control
/// characters): it can be taken as it is.
fn is_plain(s: &str) -> bool {
    let b = s.as_bytes();
    // Folds without an early exit, which the compiler turns into vector
    // code; only text with other characters than ASCII decodes them.
    let controls = b
        .iter()
        .fold(false, |acc, &x| acc | (x < b' ') | (x == 0x7f));
    if controls || memchr::memmem::find(b, b"  ").is_some() {
        return false;
    }
    !has_unicode_space(b)
}

/// Whether UTF-8 `b` holds a whitespace character other than ASCII: each
/// starts with one of four lead bytes (U+0085 and U+00A0 with `C2`,
/// U+1680 with `E1`, U+2000–U+205F with `E2`, U+3000 with `E3`), which
/// the byte search finds without decoding the text around them.
fn has_unicode_space(b: &[u8]) -> bool {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let space_at = |i: usize| match b[i] {
        0xC2 => matches!(at(i + 1), 0x85 | 0xA0),
        0xE1 => at(i + 1) == 0x9A && at(i + 2) == 0x80,
        0xE2 => match at(i + 1) {
            0x80 => matches!(at(i + 2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF),
            0x81 => at(i + 2) == 0x9F,
            _ => false,
        },
        _ => at(i + 1) == 0x80 && at(i + 2) == 0x80,
    };
    memchr::memchr3_iter(0xC2, 0xE2, 0xE3, b).any(space_at)
        || memchr::memchr_iter(0xE1, b).any(space_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: u32, end: u32, style: Style) -> Span {
        Span { start, end, style }
    }

    #[test]
    fn unicode_spaces_are_found_by_their_bytes() {
        for c in (0u32..0x3001)
            .filter_map(char::from_u32)
            .filter(|c| *c as u32 >= 0x80)
        {
            let text = format!("a’{c}b");
            assert_eq!(
                has_unicode_space(text.as_bytes()),
                c.is_whitespace(),
                "{c:?}"
            );
        }
        assert!(!has_unicode_space("it’s — “fine”".as_bytes()));
    }

    #[test]
    fn whitespace_collapses_and_spans_leave_spaces_out() {
        let mut i = Inline::default();
        i.push("  one \n two ");
        i.open(Style::Strong);
        i.push(" three  ");
        i.close(&Style::Strong);
        i.space();
        i.push("four");
        let b = i.take(BlockKind::Paragraph).unwrap();
        assert_eq!(b.text, "one two three four");
        assert_eq!(b.spans, [span(8, 13, Style::Strong)]);
        assert_eq!(i.take(BlockKind::Paragraph), None, "taking empties it");
    }

    proptest::proptest! {
        #[test]
        fn whitespace_collapses_like_split_whitespace(
            pieces in proptest::collection::vec("([a-z.]{1,4}|[ \t\n\x0b\x0c\r]{1,2}|\u{a0}|\u{2003}|\u{3000}|é|\u{1f600}){0,12}", 0..4)
        ) {
            let mut i = Inline::default();
            for p in &pieces {
                i.push(p);
            }
            let text = i.take(BlockKind::Paragraph).map(|b| b.text).unwrap_or_default();
            let all = pieces.concat();
            proptest::prop_assert_eq!(text, all.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }

    #[test]
    fn same_range_spans_keep_their_nesting_and_open_ones_close_at_the_end() {
        let mut i = Inline::default();
        i.open(Style::Emphasis);
        i.open(Style::Strong);
        i.push("both");
        i.close(&Style::Strong);
        i.close(&Style::Emphasis);
        i.push(" and ");
        i.open(Style::Link { url: "u".into() });
        i.push("é");
        let b = i.take(BlockKind::Quote).unwrap();
        assert_eq!(
            b.spans,
            [
                span(0, 4, Style::Emphasis),
                span(0, 4, Style::Strong),
                span(9, 11, Style::Link { url: "u".into() }),
            ]
        );
    }

    #[test]
    fn closing_an_outer_span_closes_what_is_open_inside_and_empty_spans_go() {
        let mut i = Inline::default();
        i.push("a ");
        i.open(Style::Emphasis);
        i.open(Style::Code);
        i.push("b");
        i.close(&Style::Emphasis);
        i.close(&Style::Code); // already closed: nothing happens
        i.open(Style::Strong);
        i.push("  ");
        i.close(&Style::Strong);
        let b = i.take(BlockKind::Paragraph).unwrap();
        assert_eq!(b.text, "a b");
        assert_eq!(
            b.spans,
            [span(2, 3, Style::Emphasis), span(2, 3, Style::Code)]
        );
        assert_eq!(i.take(BlockKind::Paragraph), None);
    }
}
