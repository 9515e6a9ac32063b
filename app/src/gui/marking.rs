//! Marking passages in the reader: the text selection (a drag, a
//! double-click for a word, or Shift with the arrow keys), kept as places
//! in the open entry's blocks; where each block was drawn this frame, so a
//! pointer or a key finds its place in the text; and what the selection
//! and the highlights are in each block's own bytes, for drawing.

use egui::{Galley, Pos2, Rect};
use hotline::Entry;
use hotline::db::Highlight;
use hotline::marks::anchor::{self, Placement};
use hotline::marks::text::EntryText;
use std::ops::Range;
use std::sync::Arc;

/// A place in an entry's text: a block and a byte in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub block: usize,
    pub byte: usize,
}

/// A selection in the open entry: where it began and where it ends now
/// (in either order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextSelection {
    /// The entry it is in, a canonical index.
    pub entry: u32,
    pub anchor: Place,
    pub focus: Place,
}

impl TextSelection {
    /// Its first and last place.
    pub fn ordered(&self) -> (Place, Place) {
        (self.anchor.min(self.focus), self.anchor.max(self.focus))
    }

    pub fn is_empty(&self) -> bool {
        self.anchor == self.focus
    }

    /// Its bytes in block `block`, if it reaches that block.
    pub fn in_block(&self, block: usize, len: usize) -> Option<Range<usize>> {
        let (a, b) = self.ordered();
        if block < a.block || block > b.block {
            return None;
        }
        let start = if block == a.block { a.byte } else { 0 };
        let end = if block == b.block { b.byte } else { len };
        (start < end).then_some(start..end.min(len))
    }
}

/// One block as drawn this frame.
pub struct Drawn {
    pub block: usize,
    pub rect: Rect,
    pub galley: Arc<Galley>,
}

impl Drawn {
    /// The byte of `text` (the block's) nearest to `pos`.
    pub fn byte_at(&self, text: &str, pos: Pos2) -> usize {
        let cursor = self.galley.cursor_from_pos(pos - self.rect.min);
        byte_of_char(text, cursor.index.0)
    }

    /// The screen position of byte `byte` of `text`, at the bottom of its
    /// line.
    pub fn pos_of(&self, text: &str, byte: usize) -> Pos2 {
        let chars = text.get(..byte).map_or(0, |t| t.chars().count());
        let rect = self.galley.pos_from_cursor(egui::text::CCursor::new(chars));
        self.rect.min + rect.left_bottom().to_vec2()
    }
}

/// The byte where the `chars`-th character of `text` starts.
pub fn byte_of_char(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

/// How a selection grows from the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    WordForward,
    WordBack,
    /// To the end of the block, then the next block's end.
    BlockForward,
    BlockBack,
}

/// The reader's marking state that is not saved.
#[derive(Default)]
pub struct Marking {
    pub selection: Option<TextSelection>,
    /// A drag is making the selection.
    pub dragging: bool,
    /// The blocks drawn this frame, in order.
    pub drawn: Vec<Drawn>,
    /// The first block at least partly in view.
    pub first_visible: Option<usize>,
    /// The highlight whose card is open.
    pub active: Option<i64>,
    /// The note being written on the active highlight, or on the entry.
    pub draft: Option<Draft>,
}

/// A note being written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub on: NoteOn,
    pub text: String,
    /// Put the keyboard in the field on the next frame.
    pub focus: bool,
}

/// What a note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteOn {
    Highlight(i64),
    /// The whole entry.
    Entry,
}

impl Marking {
    /// Forgets what the last frame drew.
    pub fn begin_frame(&mut self) {
        self.drawn.clear();
        self.first_visible = None;
    }

    /// Forgets the selection, the open card and its draft (another entry
    /// opened).
    pub fn reset(&mut self) {
        self.selection = None;
        self.dragging = false;
        self.active = None;
        self.draft = None;
    }

    /// Takes the ids the database gave to highlights made here.
    pub fn resolve(&mut self, id_now: impl Fn(i64) -> i64) {
        self.active = self.active.map(&id_now);
        if let Some(Draft {
            on: NoteOn::Highlight(id),
            ..
        }) = &mut self.draft
        {
            *id = id_now(*id);
        }
    }

    /// A drag began at `at` in entry `entry`.
    pub fn start(&mut self, entry: u32, at: Place) {
        self.selection = Some(TextSelection {
            entry,
            anchor: at,
            focus: at,
        });
        self.dragging = true;
        self.active = None;
        self.draft = None;
    }

    /// Selects `bytes` of block `block` (a double-clicked word).
    pub fn select(&mut self, entry: u32, block: usize, bytes: Range<usize>) {
        self.selection = Some(TextSelection {
            entry,
            anchor: Place {
                block,
                byte: bytes.start,
            },
            focus: Place {
                block,
                byte: bytes.end,
            },
        })
        .filter(|s| !s.is_empty());
        self.dragging = false;
        self.active = None;
        self.draft = None;
    }

    /// A click on the text: on a highlight it opens its card, elsewhere
    /// it lets go of the selection and the card.
    pub fn click(&mut self, highlight: Option<i64>) {
        self.selection = None;
        self.dragging = false;
        if self.active != highlight {
            self.draft = None;
        }
        self.active = highlight;
    }

    /// Moves the selection's end with the pointer while a drag lasts.
    pub fn follow_drag(&mut self, ui: &egui::Ui, entry: &Entry) {
        if !self.dragging {
            return;
        }
        let (down, pos) = ui.input(|i| (i.pointer.primary_down(), i.pointer.interact_pos()));
        if let Some(at) = pos.and_then(|p| self.place_at(entry, p))
            && let Some(sel) = &mut self.selection
        {
            sel.focus = at;
        }
        if !down {
            self.dragging = false;
            self.selection = self.selection.filter(|s| !s.is_empty());
        }
    }

    /// The drawn block under or nearest (by height) to `pos`.
    pub fn drawn_near(&self, pos: Pos2) -> Option<&Drawn> {
        self.drawn.iter().min_by(|a, b| {
            let d = |r: &Rect| {
                if r.y_range().contains(pos.y) {
                    0.0
                } else {
                    (r.center().y - pos.y).abs()
                }
            };
            d(&a.rect).total_cmp(&d(&b.rect))
        })
    }

    /// The place in `entry` under or nearest to `pos`.
    pub fn place_at(&self, entry: &Entry, pos: Pos2) -> Option<Place> {
        let d = self.drawn_near(pos)?;
        let text = &entry.blocks.get(d.block)?.text;
        // Above or below the block: its start or its end.
        let byte = if pos.y < d.rect.top() {
            0
        } else if pos.y > d.rect.bottom() {
            text.len()
        } else {
            d.byte_at(text, pos)
        };
        Some(Place {
            block: d.block,
            byte,
        })
    }

    /// Grows (or starts) the selection in `entry` by a keyboard step; a
    /// new one starts at the first block in view.
    pub fn extend(&mut self, entry_ix: u32, entry: &Entry, step: Step) {
        let sel = match self.selection.filter(|s| s.entry == entry_ix) {
            Some(s) => s,
            None => {
                let block = self.first_visible.unwrap_or(0);
                let at = Place { block, byte: 0 };
                TextSelection {
                    entry: entry_ix,
                    anchor: at,
                    focus: at,
                }
            }
        };
        let focus = moved(entry, sel.focus, step);
        self.selection = Some(TextSelection { focus, ..sel });
        self.active = None;
    }
}

/// `from` moved by `step` within `entry`'s blocks.
fn moved(entry: &Entry, from: Place, step: Step) -> Place {
    let blocks = &entry.blocks;
    let Some(text) = blocks.get(from.block).map(|b| b.text.as_str()) else {
        return from;
    };
    let last = blocks.len().saturating_sub(1);
    match step {
        Step::WordForward => {
            if from.byte >= text.len() {
                if from.block < last {
                    return Place {
                        block: from.block + 1,
                        byte: word_end(&blocks[from.block + 1].text, 0),
                    };
                }
                return from;
            }
            Place {
                byte: word_end(text, from.byte),
                ..from
            }
        }
        Step::WordBack => {
            if from.byte == 0 {
                if from.block > 0 {
                    let prev = &blocks[from.block - 1].text;
                    return Place {
                        block: from.block - 1,
                        byte: word_start(prev, prev.len()),
                    };
                }
                return from;
            }
            Place {
                byte: word_start(text, from.byte),
                ..from
            }
        }
        Step::BlockForward if from.byte < text.len() => Place {
            byte: text.len(),
            ..from
        },
        Step::BlockForward if from.block < last => Place {
            block: from.block + 1,
            byte: blocks[from.block + 1].text.len(),
        },
        Step::BlockBack if from.byte > 0 => Place { byte: 0, ..from },
        Step::BlockBack if from.block > 0 => Place {
            block: from.block - 1,
            byte: 0,
        },
        Step::BlockForward | Step::BlockBack => from,
    }
}

/// The end of the word at or after `from` (past spaces first).
fn word_end(text: &str, from: usize) -> usize {
    let rest = text.get(from..).unwrap_or("");
    let skip = rest.len() - rest.trim_start().len();
    let word = &rest[skip..];
    let len = word.find(char::is_whitespace).unwrap_or(word.len());
    from + skip + len
}

/// The start of the word before `from` (past spaces first).
fn word_start(text: &str, from: usize) -> usize {
    let before = text.get(..from).unwrap_or(text).trim_end();
    before.rfind(char::is_whitespace).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    })
}

/// The word around byte `at` of `text`.
pub fn word_at(text: &str, at: usize) -> Range<usize> {
    let is_word = |c: char| c.is_alphanumeric() || c == '\'' || c == '’' || c == '-';
    let at = (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word(c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .find(|&(_, c)| !is_word(c))
        .map_or(text.len(), |(i, _)| at + i);
    start..end
}

/// Where each highlight of `entry` is now, by its index in
/// `highlights` (its bytes in the entry's text); the indexes of those
/// whose passage cannot be found with confidence come apart, listed and
/// never drawn in the wrong place.
pub fn placed(entry: &Entry, highlights: &[Highlight]) -> Placed {
    let mut placed = Placed {
        text: EntryText::of(entry),
        ranges: Vec::new(),
        orphans: Vec::new(),
    };
    for (i, h) in highlights.iter().enumerate() {
        match anchor::locate(&placed.text, &h.anchor) {
            Placement::Exact(r) | Placement::Moved(r) if !h.orphan => placed.ranges.push((r, i)),
            _ => placed.orphans.push(i),
        }
    }
    placed
}

/// The highlights of an entry as the reader draws them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The entry's text the ranges count in.
    pub text: EntryText,
    /// Each placed highlight's bytes in the entry's text, and its index.
    pub ranges: Vec<(Range<usize>, usize)>,
    /// The indexes of the highlights that cannot be placed.
    pub orphans: Vec<usize>,
}

impl Placed {
    /// Where block `block` starts in the entry's text, if it has one.
    fn start_of(&self, block: usize) -> Option<usize> {
        (block < self.text.blocks()).then(|| self.text.offset(block, 0))
    }

    /// Where each block starts in the entry's text.
    #[cfg(test)]
    pub fn starts(&self) -> Vec<usize> {
        (0..self.text.blocks())
            .filter_map(|b| self.start_of(b))
            .collect()
    }

    /// The block and byte of byte `offset` of the entry's text.
    pub fn place_of(&self, offset: usize) -> Place {
        let (block, byte) = self.text.block_at(offset);
        Place { block, byte }
    }

    /// Where the highlight at index `i` ends, if it is placed.
    pub fn end_of(&self, i: usize) -> Option<Place> {
        let (range, _) = self.ranges.iter().find(|(_, at)| *at == i)?;
        Some(self.place_of(range.end))
    }
    /// The highlights in block `block` (`len` bytes long): each one's
    /// bytes in the block and its index.
    pub fn in_block(&self, block: usize, len: usize) -> Vec<(Range<usize>, usize)> {
        let Some(start) = self.start_of(block) else {
            return Vec::new();
        };
        let end = start + len;
        self.ranges
            .iter()
            .filter(|(r, _)| r.start < end && r.end > start)
            .map(|(r, i)| (r.start.max(start) - start..r.end.min(end) - start, *i))
            .filter(|(r, _)| r.start < r.end)
            .collect()
    }

    /// The indexes of placed highlights whose passage ends in block
    /// `block`.
    pub fn ending_in(&self, block: usize, len: usize) -> impl Iterator<Item = usize> + '_ {
        let start = self.start_of(block);
        self.ranges
            .iter()
            .filter(move |(r, _)| start.is_some_and(|s| r.end > s && r.end <= s + len))
            .map(|(_, i)| *i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hotline::Block;

    fn entry() -> Entry {
        Entry::with_blocks(vec![
            Block::paragraph("One two three."),
            Block::paragraph("Four five."),
        ])
    }

    #[test]
    fn keyboard_steps_move_by_words_and_blocks() {
        let e = entry();
        let p = |block, byte| Place { block, byte };
        assert_eq!(moved(&e, p(0, 0), Step::WordForward), p(0, 3));
        assert_eq!(moved(&e, p(0, 3), Step::WordForward), p(0, 7));
        assert_eq!(moved(&e, p(0, 14), Step::WordForward), p(1, 4));
        assert_eq!(moved(&e, p(0, 7), Step::WordBack), p(0, 4));
        assert_eq!(moved(&e, p(1, 0), Step::WordBack), p(0, 8));
        assert_eq!(moved(&e, p(0, 3), Step::BlockForward), p(0, 14));
        assert_eq!(moved(&e, p(0, 14), Step::BlockForward), p(1, 10));
        assert_eq!(moved(&e, p(1, 10), Step::BlockForward), p(1, 10));
        assert_eq!(moved(&e, p(1, 4), Step::BlockBack), p(1, 0));
    }

    #[test]
    fn a_selection_over_two_blocks_covers_the_end_of_one_and_the_start_of_the_next() {
        let s = TextSelection {
            entry: 0,
            anchor: Place { block: 1, byte: 4 },
            focus: Place { block: 0, byte: 8 },
        };
        assert_eq!(s.in_block(0, 14), Some(8..14));
        assert_eq!(s.in_block(1, 10), Some(0..4));
        assert_eq!(s.in_block(2, 10), None);
    }

    #[test]
    fn a_highlight_is_drawn_only_where_its_quote_can_be_found() {
        let e = entry();
        let text = EntryText::of(&e);
        let at = |quote: &str| {
            let start = text.as_str().find(quote).unwrap_or(0);
            Highlight {
                id: 1,
                entry: "e".into(),
                anchor: anchor::make(&text, start..start + quote.len()),
                colour: hotline::db::Colour::Yellow,
                note: String::new(),
                created: 0,
                updated: 0,
                orphan: false,
            }
        };
        let mut gone = at("Four");
        gone.anchor.quote = "a passage that is nowhere".into();
        gone.anchor.text_hash ^= 1;
        let hs = [at("three.\n\nFour"), gone];
        let placed = placed(&e, &hs);
        assert_eq!(placed.starts(), vec![0, 16]);
        assert_eq!(placed.ranges, vec![(8..20, 0)]);
        assert_eq!(placed.orphans, vec![1]);
        assert_eq!(placed.in_block(0, 14), vec![(8..14, 0)]);
        assert_eq!(placed.in_block(1, 10), vec![(0..4, 0)]);
        assert_eq!(placed.ending_in(1, 10).collect::<Vec<_>>(), vec![0]);
        assert_eq!(placed.ending_in(0, 14).count(), 0);
    }

    #[test]
    fn a_double_click_takes_the_whole_word() {
        assert_eq!(word_at("say it’s fine", 6), 4..10);
        // Just after a word (a click on its last letter's right half).
        assert_eq!(word_at("a b", 1), 0..1);
        assert_eq!(word_at("a  b", 2), 2..2);
        assert_eq!(word_at("", 3), 0..0);
    }
}
