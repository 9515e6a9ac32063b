//! The one text highlights are measured in: an entry's blocks, in order,
//! joined by a blank line (`"\n\n"`). Offsets are bytes of that text; every
//! offset this module hands out or takes is snapped onto a character
//! boundary and clamped to the text, so no input makes it panic.

use crate::model::{Block, Entry};
use std::ops::Range;

/// What stands between two blocks in the joined text.
pub const SEPARATOR: &str = "\n\n";

/// An entry's text as highlights see it, with where each block starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryText {
    text: String,
    /// The offset of each block's first byte in `text`.
    starts: Vec<usize>,
    /// Each block's length in bytes.
    lens: Vec<usize>,
}

impl EntryText {
    /// The text of `entry`: its blocks joined by [`SEPARATOR`].
    pub fn of(entry: &Entry) -> EntryText {
        EntryText::from_blocks(entry.blocks.iter().map(|b| b.text.as_str()))
    }

    /// The text of blocks given as strings, joined as [`EntryText::of`]
    /// joins an entry's blocks.
    pub fn from_blocks<'a>(blocks: impl IntoIterator<Item = &'a str>) -> EntryText {
        let blocks: Vec<&str> = blocks.into_iter().collect();
        let size = blocks.iter().map(|b| b.len() + SEPARATOR.len()).sum();
        let mut text = String::with_capacity(size);
        let mut starts = Vec::with_capacity(blocks.len());
        let mut lens = Vec::with_capacity(blocks.len());
        for (i, block) in blocks.into_iter().enumerate() {
            if i > 0 {
                text.push_str(SEPARATOR);
            }
            starts.push(text.len());
            lens.push(block.len());
            text.push_str(block);
        }
        EntryText { text, starts, lens }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text's length in bytes.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// How many blocks the text is made of.
    pub fn blocks(&self) -> usize {
        self.starts.len()
    }

    /// xxh3-64 of the text: specified and platform-independent, so the
    /// same text has the same hash on every run and machine.
    pub fn hash(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(self.text.as_bytes())
    }

    /// `offset` clamped to the text and moved back onto a character
    /// boundary.
    pub fn snap(&self, offset: usize) -> usize {
        floor_char(&self.text, offset)
    }

    /// `range` with both ends snapped ([`EntryText::snap`]) and in order.
    pub fn snap_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.snap(range.start);
        let end = self.snap(range.end).max(start);
        start..end
    }

    /// The block holding `offset` and the byte in that block. An offset
    /// in the separator after a block is that block's end; with no
    /// blocks, `(0, 0)`.
    pub fn block_at(&self, offset: usize) -> (usize, usize) {
        block_at(&self.starts, &self.lens, self.snap(offset))
    }

    /// The offset in the text of byte `byte` of block `block` (a block
    /// past the last is the last; a byte past the block's end is its end).
    pub fn offset(&self, block: usize, byte: usize) -> usize {
        let Some(last) = self.starts.len().checked_sub(1) else {
            return 0;
        };
        let block = block.min(last);
        let (start, len) = (self.starts[block], self.lens[block]);
        self.snap(start + byte.min(len))
    }

    /// `range` cut at block boundaries: each block it touches, with the
    /// bytes of that block's text it covers (never empty; the separators
    /// between blocks belong to none).
    pub fn pieces(&self, range: Range<usize>) -> impl Iterator<Item = (usize, Range<usize>)> + '_ {
        pieces(&self.starts, &self.lens, self.snap_range(range))
    }
}

/// An entry's text as [`EntryText`] joins it, without joining it: where
/// each block starts, and comparisons of a stretch of it with a string.
/// Checking that a highlight is still where it was made then costs the
/// length of its quote and context, not a copy and a hash of the text.
#[derive(Debug, Clone)]
pub struct Outline<'a> {
    blocks: &'a [Block],
    starts: Vec<usize>,
    lens: Vec<usize>,
    len: usize,
}

impl<'a> Outline<'a> {
    /// The outline of `entry`'s text (the text [`EntryText::of`] makes).
    pub fn of(entry: &'a Entry) -> Outline<'a> {
        let blocks = entry.blocks.as_slice();
        let lens: Vec<usize> = blocks.iter().map(|b| b.text.len()).collect();
        let mut starts = Vec::with_capacity(blocks.len());
        let mut at = 0;
        for (i, len) in lens.iter().enumerate() {
            if i > 0 {
                at += SEPARATOR.len();
            }
            starts.push(at);
            at += len;
        }
        Outline {
            blocks,
            starts,
            lens,
            len: at,
        }
    }

    /// The text's length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the text's bytes from `at` are `s`'s (false where `s`
    /// would run past the end). Equal bytes of a string start and end on
    /// character boundaries of the text as well.
    pub fn holds(&self, at: usize, s: &str) -> bool {
        let mut want = s.as_bytes();
        if at.checked_add(want.len()).is_none_or(|end| end > self.len) {
            return false;
        }
        let mut pos = at;
        let first = self
            .starts
            .partition_point(|&st| st <= pos)
            .saturating_sub(1);
        for (b, block) in self.blocks.iter().enumerate().skip(first) {
            // The block's bytes, then the separator after it (if any).
            let (start, block) = (self.starts[b], &block.text);
            let sep = if b + 1 < self.blocks.len() {
                SEPARATOR
            } else {
                ""
            };
            for (from, part) in [
                (start, block.as_bytes()),
                (start + block.len(), sep.as_bytes()),
            ] {
                if want.is_empty() {
                    return true;
                }
                let Some(skip) = pos.checked_sub(from) else {
                    continue;
                };
                let Some(rest) = part.get(skip..) else {
                    continue;
                };
                let n = rest.len().min(want.len());
                if rest[..n] != want[..n] {
                    return false;
                }
                want = &want[n..];
                pos += n;
            }
        }
        want.is_empty()
    }

    /// `range` cut at block boundaries, as [`EntryText::pieces`] cuts it
    /// (the range's ends are to be on character boundaries: ends found
    /// by [`Outline::holds`] are).
    pub fn pieces(&self, range: Range<usize>) -> impl Iterator<Item = (usize, Range<usize>)> + '_ {
        let end = range.end.min(self.len);
        pieces(&self.starts, &self.lens, range.start.min(end)..end)
    }
}

/// The block holding `offset`, and the byte in it, of blocks starting at
/// `starts` with lengths `lens`.
fn block_at(starts: &[usize], lens: &[usize], offset: usize) -> (usize, usize) {
    let block = starts.partition_point(|&s| s <= offset).saturating_sub(1);
    match (starts.get(block), lens.get(block)) {
        (Some(&start), Some(&len)) => (block, (offset - start).min(len)),
        _ => (0, 0),
    }
}

/// `range` (snapped, in order) cut at the boundaries of those blocks.
fn pieces<'s>(
    starts: &'s [usize],
    lens: &'s [usize],
    range: Range<usize>,
) -> impl Iterator<Item = (usize, Range<usize>)> + 's {
    let first = block_at(starts, lens, range.start).0;
    let last = block_at(starts, lens, range.end).0;
    let blocks = if range.is_empty() {
        0..0
    } else {
        first..last + 1
    };
    blocks.filter_map(move |b| {
        let (start, len) = (*starts.get(b)?, *lens.get(b)?);
        let from = range.start.max(start) - start;
        let to = range.end.min(start + len).saturating_sub(start);
        (from < to).then_some((b, from..to))
    })
}

/// `offset` clamped to `text` and moved back onto a character boundary.
pub(crate) fn floor_char(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn entry(blocks: &[String]) -> Entry {
        Entry::with_blocks(
            blocks
                .iter()
                .map(|b| Block::paragraph(b.as_str()))
                .collect(),
        )
    }

    proptest! {
        #[test]
        fn an_outline_reads_as_the_joined_text(
            blocks in prop::collection::vec("[a-c\n é]{0,12}", 0..5),
            at in 0usize..70,
            len in 0usize..30,
            other in "[a-c\n é]{0,6}",
        ) {
            let e = entry(&blocks);
            let (outline, text) = (Outline::of(&e), EntryText::of(&e));
            prop_assert_eq!(outline.len(), text.len());
            let s = text.as_str();
            // Every stretch of the text is held where it is, and a string
            // is held only where the text has those very bytes.
            if let Some(stretch) = s.get(at..(at + len).min(s.len())) {
                prop_assert!(outline.holds(at, stretch), "{:?} at {}", stretch, at);
            }
            let there = s.as_bytes().get(at..at + other.len()) == Some(other.as_bytes());
            prop_assert_eq!(outline.holds(at, &other), there, "{:?} at {}", other, at);
            let range = text.snap_range(at..at + len);
            let cut: Vec<_> = outline.pieces(range.clone()).collect();
            prop_assert_eq!(cut, text.pieces(range).collect::<Vec<_>>());
        }
    }

    fn three() -> EntryText {
        EntryText::from_blocks(["Héllo", "", "wörld end"])
    }

    #[test]
    fn blocks_are_joined_by_a_blank_line() {
        let t = three();
        assert_eq!(t.as_str(), "Héllo\n\n\n\nwörld end");
        assert_eq!(t.blocks(), 3);
        assert_eq!(t.hash(), xxhash_rust::xxh3::xxh3_64(t.as_str().as_bytes()));
        assert_eq!(EntryText::from_blocks([]).as_str(), "");
    }

    #[test]
    fn the_hash_is_the_same_on_every_machine() {
        // A fixed value: xxh3 is specified, so a change here means stored
        // anchors would no longer be recognised as Exact.
        assert_eq!(
            EntryText::from_blocks(["a", "b"]).hash(),
            xxhash_rust::xxh3::xxh3_64(b"a\n\nb")
        );
        assert_eq!(
            EntryText::from_blocks(["a", "b"]).hash(),
            14_609_384_088_745_736_867
        );
    }

    #[test]
    fn block_at_and_offset_are_inverse_and_snap() {
        let t = three();
        assert_eq!(t.block_at(0), (0, 0));
        assert_eq!(t.block_at(6), (0, 6), "end of the first block");
        assert_eq!(t.block_at(7), (0, 6), "in the separator: the block's end");
        assert_eq!(t.block_at(8), (1, 0), "the empty block");
        assert_eq!(t.block_at(10), (2, 0));
        assert_eq!(t.block_at(12), (2, 1), "inside ö: back to its start");
        assert_eq!(t.block_at(usize::MAX), (2, 10));
        assert_eq!(t.offset(2, 0), 10);
        assert_eq!(t.offset(9, 99), t.len());
        assert_eq!(t.offset(0, 2), 1, "inside é: back to its start");
        for at in 0..=t.len() {
            let (b, byte) = t.block_at(at);
            assert!(t.offset(b, byte) <= at);
        }
        let empty = EntryText::from_blocks([]);
        assert_eq!((empty.block_at(5), empty.offset(3, 3)), ((0, 0), 0));
    }

    #[test]
    fn pieces_cut_a_range_at_block_boundaries() {
        let t = EntryText::from_blocks(["one two", "three", "four"]);
        let all: Vec<_> = t.pieces(4..18).collect();
        assert_eq!(all, [(0, 4..7), (1, 0..5), (2, 0..2)]);
        assert_eq!(t.pieces(7..9).count(), 0, "only the separator");
        assert_eq!(t.pieces(5..5).count(), 0);
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = t.pieces(30..2).count();
        assert_eq!(reversed, 0, "reversed and out of range");
        let u = three();
        let cut: Vec<_> = u.pieces(2..12).collect();
        assert_eq!(cut, [(0, 1..6), (2, 0..1)], "snapped onto characters");
    }
}
