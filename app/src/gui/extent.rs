//! Long entries laid out only where they are seen.
//!
//! egui lays a text out whole before it draws any of it: about a second
//! and some hundreds of megabytes for every few megabytes of text. A
//! book-length entry laid out whole would stop the window when it opens,
//! and one 15 MB paragraph stopped it for twenty seconds. So an entry of
//! more than [`LONG`] bytes lays out only the blocks in or near the view;
//! each other block takes the height it had when last drawn or, never
//! drawn, one estimated from its length. A single block of more than
//! [`GIANT`] bytes is drawn as plain pieces of about [`PIECE`] bytes,
//! each laid out only where it is seen.
//!
//! A block above the view that is laid out for the first time (scrolling
//! up) can be taller or shorter than its estimate: the difference is
//! added to the scroll offset, so what is in view stays put. And since a
//! long entry's height in points depends on what was laid out, where the
//! reader is in one is kept as the block at the top of the view and how
//! far into it ([`Extent::anchor`]), not in points.

use std::collections::HashMap;
use std::rc::Rc;

/// Entries longer than this (bytes of text) are laid out where seen.
pub const LONG: usize = 100_000;

/// Blocks longer than this are drawn in pieces, without marks.
pub const GIANT: usize = 100_000;

/// About how long a piece of a giant block is.
const PIECE: usize = 8_000;

/// How far beyond the view blocks are still laid out (points), so that a
/// short scroll finds them ready.
const AHEAD: f32 = 600.0;

/// One block, or one piece of a giant block.
pub type Item = (usize, usize);

/// How an entry's blocks are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Laid {
    /// All of them, every frame (egui keeps their layouts).
    Whole,
    /// Only those in or near the view: the entry is longer than [`LONG`].
    WhereSeen,
}

impl Laid {
    pub fn of(entry: &hotline::Entry) -> Laid {
        match entry.blocks.iter().map(|b| b.text.len()).sum::<usize>() > LONG {
            true => Laid::WhereSeen,
            false => Laid::Whole,
        }
    }
}

/// The heights of a long entry's blocks as last drawn, for one entry,
/// column width and text size.
#[derive(Default)]
pub struct Extent {
    key: Option<(u32, u32, u32)>,
    heights: HashMap<Item, f32>,
    /// Where each giant block's pieces start.
    pieces: HashMap<usize, Rc<[usize]>>,
    /// This frame: how much the blocks above the view grew when laid out.
    shift: f32,
    /// This frame: the block at the top of the view, and how far into it.
    anchor: Option<(usize, f32)>,
}

impl Extent {
    /// Starts a frame of `entry_ix` at this column width and text size;
    /// heights measured at another are forgotten.
    pub fn begin(&mut self, entry_ix: u32, width: f32, size: f32) {
        let key = (entry_ix, width.to_bits(), size.to_bits());
        self.shift = 0.0;
        self.anchor = None;
        if self.key != Some(key) {
            self.heights.clear();
            if self.key.is_none_or(|k| k.0 != entry_ix) {
                self.pieces.clear();
            }
            self.key = Some(key);
        }
    }

    /// Whether `item` is out of sight: then its space is taken (its last
    /// height, else `estimate`) and it is not drawn.
    pub fn skip(&self, ui: &mut egui::Ui, item: Item, estimate: f32) -> bool {
        let height = self.heights.get(&item).copied().unwrap_or(estimate);
        let width = ui.available_width();
        let rect = egui::Rect::from_min_size(ui.cursor().min, egui::vec2(width, height));
        if ui.is_rect_visible(rect.expand2(egui::vec2(0.0, AHEAD))) {
            return false;
        }
        // The layout adds its spacing after the space, as after a block
        // drawn, whose height counts it.
        let spacing = ui.spacing().item_spacing.y;
        ui.allocate_space(egui::vec2(width, (height - spacing).max(0.0)));
        true
    }

    /// `item` was drawn from `top` to where the layout's cursor is now;
    /// `estimate` is the height it would have been given. `of` is which
    /// part of its block the item is (a piece `k` of `n`: `(k, n)`).
    pub fn drawn(
        &mut self,
        ui: &egui::Ui,
        item: Item,
        top: f32,
        (estimate, of): (f32, (f32, f32)),
    ) {
        let bottom = ui.cursor().min.y;
        let height = bottom - top;
        let was = self.heights.insert(item, height).unwrap_or(estimate);
        let view = ui.clip_rect().top();
        if bottom <= view {
            self.shift += height - was;
        } else if top <= view && self.anchor.is_none() && height > 0.0 {
            let into = (of.0 + (view - top) / height) / of.1;
            self.anchor = Some((item.0, into));
        }
    }

    /// Takes the blocks' first and last place as the reader's when the
    /// view's top is above the first block (`first_top`, the header) or
    /// below them all: call once every block is drawn or skipped.
    pub fn ends(&mut self, ui: &egui::Ui, first_top: f32, blocks: usize) {
        let view = ui.clip_rect().top();
        if self.anchor.is_none() && blocks > 0 {
            self.anchor = Some(match view < first_top {
                true => (0, 0.0),
                false => (blocks - 1, 1.0),
            });
        }
    }

    /// How much the blocks above the view grew this frame.
    pub fn shift(&self) -> f32 {
        self.shift
    }

    /// The block at the top of the view this frame, and how far into it
    /// (0 to 1).
    pub fn anchor(&self) -> Option<(usize, f32)> {
        self.anchor
    }

    /// Where the pieces of the giant block `block` (its text `text`) start:
    /// after a space near every [`PIECE`] bytes.
    pub fn pieces(&mut self, block: usize, text: &str) -> Rc<[usize]> {
        let starts = self.pieces.entry(block);
        starts.or_insert_with(|| piece_starts(text).into()).clone()
    }
}

fn piece_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut at = 0;
    while text.len() - at > PIECE {
        let mut cut = at + PIECE;
        while !text.is_char_boundary(cut) {
            cut += 1;
        }
        // At the next space within another piece's length, else here.
        let next = text[cut..]
            .char_indices()
            .take_while(|(i, _)| *i < PIECE)
            .find(|(_, c)| c.is_whitespace())
            .map_or(cut, |(i, c)| cut + i + c.len_utf8());
        if next >= text.len() {
            break;
        }
        starts.push(next);
        at = next;
    }
    starts
}

/// The height of `bytes` of text set in lines of `width` points at `size`
/// points with lines `leading` times the size apart, before it is laid
/// out.
pub fn estimate(bytes: usize, width: f32, size: f32, leading: f32) -> f32 {
    // A serif face sets about two characters per point of size per em.
    let per_line = (width / (size * 0.48)).max(1.0);
    let lines = (bytes as f32 / per_line).ceil().max(1.0);
    lines * size * leading
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_start_after_a_space_and_cover_the_text() {
        let text = "word ".repeat(10_000) + "é".repeat(20_000).as_str();
        let starts = piece_starts(&text);
        assert!(starts.len() > 10);
        for w in starts.windows(2) {
            assert!(w[1] - w[0] <= 2 * PIECE + 4);
            assert!(text.is_char_boundary(w[1]));
        }
        // Where there are spaces, a piece starts after one.
        assert!(starts[1..3].iter().all(|&s| text[..s].ends_with(' ')));
        assert_eq!(piece_starts("short"), vec![0]);
    }
}
