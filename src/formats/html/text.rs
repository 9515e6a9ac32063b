//! One block's text as the walk gathers it: whitespace runs collapsed to
//! one space and trimmed (or kept as they are, in preformatted text), the
//! separators between a table row's cells, and the inline spans, each from
//! its first visible character to its last, so that spans never begin or
//! end with a space and nest as the elements did.

use crate::model::{Block, BlockKind, Span, Style};

/// A span while its block is being gathered.
struct Pending {
    style: Style,
    /// Set at the span's first visible character: a span that never gets
    /// one is empty and dropped.
    start: Option<usize>,
    /// Set when the span's element closes; a span still open when the
    /// block ends runs to the end.
    end: Option<usize>,
}

/// The text of the block being gathered.
#[derive(Default)]
pub(super) struct Text {
    s: String,
    spans: Vec<Pending>,
    /// The open spans (indexes into `spans`), outermost first.
    open: Vec<usize>,
    /// How many open spans have no start yet.
    unstarted: usize,
    /// A space is due before the next visible character.
    space: bool,
    /// A cell separator is due before the next visible character.
    cell: bool,
    /// Newlines in the whitespace since the last visible character.
    newlines: u32,
    /// Line breaks (`<br>`) since the last visible character.
    breaks: u32,
    /// Preformatted: every character is kept as it is.
    pub(super) raw: bool,
}

impl Text {
    /// Whether a blank line stands between the text so far and what
    /// comes next (a paragraph break where text is not in paragraphs).
    pub(super) fn blank_line_due(&self) -> bool {
        self.newlines >= 2 && !self.s.is_empty()
    }

    /// A `<br>` in normal text: a space, and true for the second in a
    /// row, which old pages (and what readability makes of them) use to
    /// end a paragraph.
    pub(super) fn line_break(&mut self) -> bool {
        self.space = true;
        self.breaks += 1;
        self.breaks >= 2 && !self.s.is_empty()
    }

    /// The start of a table cell other than the row's first.
    pub(super) fn cell(&mut self) {
        self.cell = true;
    }

    /// Whitespace in normal text with `newlines` line feeds in it.
    pub(super) fn spaces(&mut self, newlines: u32) {
        self.space = true;
        self.newlines += newlines;
    }

    /// A word (a run of visible characters) of normal text, or words
    /// one space apart.
    pub(super) fn push(&mut self, word: &str) {
        if !self.s.is_empty() {
            if self.cell {
                self.s.push_str(" | ");
            } else if self.space {
                self.s.push(' ');
            }
        }
        self.space = false;
        self.cell = false;
        self.newlines = 0;
        self.breaks = 0;
        self.start_spans();
        self.s.push_str(word);
    }

    /// Preformatted text, kept as it is (a no-break space is a space).
    pub(super) fn push_raw(&mut self, t: &str) {
        for c in t.chars() {
            let c = if c == '\u{a0}' { ' ' } else { c };
            if !c.is_whitespace() {
                self.start_spans();
            }
            self.s.push(c);
        }
    }

    fn start_spans(&mut self) {
        if self.unstarted > 0 {
            let at = self.s.len();
            for &i in &self.open {
                if let Some(p) = self.spans.get_mut(i) {
                    p.start.get_or_insert(at);
                }
            }
            self.unstarted = 0;
        }
    }

    /// Opens a span of `style`.
    pub(super) fn open(&mut self, style: Style) {
        self.open.push(self.spans.len());
        self.spans.push(Pending {
            style,
            start: None,
            end: None,
        });
        self.unstarted += 1;
    }

    /// Closes the innermost open span.
    pub(super) fn close(&mut self) {
        let Some(i) = self.open.pop() else { return };
        let len = self.s.len();
        if let Some(p) = self.spans.get_mut(i) {
            if p.start.is_none() {
                self.unstarted = self.unstarted.saturating_sub(1);
            }
            p.end = Some(len);
        }
    }

    /// Whether a span of a style `like` is open.
    pub(super) fn is_open(&self, like: impl Fn(&Style) -> bool) -> bool {
        self.open
            .iter()
            .any(|&i| self.spans.get(i).is_some_and(|p| like(&p.style)))
    }

    /// The block gathered so far, as `kind` (`None` if it has no visible
    /// text), and a fresh start for the next one: the spans still open
    /// go on in it.
    pub(super) fn take(&mut self, kind: BlockKind) -> Option<Block> {
        let mut s = std::mem::take(&mut self.s);
        let spans = std::mem::take(&mut self.spans);
        // The spans still open carry on into the next block.
        self.unstarted = self.open.len();
        for i in self.open.iter_mut() {
            let style = spans.get(*i).map_or(Style::Emphasis, |p| p.style.clone());
            *i = self.spans.len();
            self.spans.push(Pending {
                style,
                start: None,
                end: None,
            });
        }
        self.space = false;
        self.cell = false;
        self.newlines = 0;
        self.breaks = 0;
        if self.raw {
            let end = s.trim_end().len();
            s.truncate(end);
        }
        if s.trim_start().is_empty() {
            return None;
        }
        let len = s.len();
        let spans = spans
            .into_iter()
            .filter_map(|p| {
                let start = p.start?;
                let mut end = p.end.unwrap_or(len).min(len);
                while let Some(c) = s.get(start..end).and_then(|t| t.chars().next_back()) {
                    if !c.is_whitespace() {
                        break;
                    }
                    end -= c.len_utf8();
                }
                (start < end).then_some(Span {
                    start: u32::try_from(start).ok()?,
                    end: u32::try_from(end).ok()?,
                    style: p.style,
                })
            })
            .collect();
        Some(Block::new(kind, s).with_spans(spans))
    }
}
