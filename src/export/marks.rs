//! The reader's marks carried by an export: for each exported entry, its
//! highlights (from the library database) and its entry note.
//!
//! The caller loads them ([`Marks::load`]); the export places each
//! highlight in the entry's text as it writes the entry ([`place`], with
//! [`crate::marks::locate`] in the [`EntryText`] the reader's offsets
//! count). A highlight whose passage is no longer found is an *orphan*:
//! never marked in the text, only listed with the notes. Each placed
//! highlight becomes per-block [`Mark`]s (a passage may cross blocks,
//! [`EntryText::pieces`]), its footnote number on the last piece.

use crate::db::{DbError, Highlight, Library};
use crate::link::Link;
use crate::marks::{EntryText, Outline, Placement, in_place, locate};
use crate::markup::Mark;
use crate::model::Entry;
use std::ops::Range;

/// The marks of one entry as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntryMarks {
    /// Its highlights, in the order of their place in the text.
    pub highlights: Vec<Highlight>,
    /// The note about the whole entry.
    pub note: Option<String>,
}

impl EntryMarks {
    pub fn is_empty(&self) -> bool {
        self.highlights.is_empty() && self.note.is_none()
    }
}

/// The marks to include in an export, by entry id. Empty (the default)
/// exports the entries as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    // foldhash: an export looks up every entry it writes.
    by_entry: foldhash::HashMap<String, EntryMarks>,
}

impl Marks {
    /// The marks of the entries with these ids, read from the database
    /// in two queries whatever their number (entries without any are
    /// left out).
    pub fn load<'a>(
        db: &mut Library,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<Marks, DbError> {
        let wanted: std::collections::HashSet<&str> = ids.into_iter().collect();
        let mut by_entry = foldhash::HashMap::<String, EntryMarks>::default();
        for h in db.all_highlights()? {
            if wanted.contains(h.entry.as_str()) {
                by_entry
                    .entry(h.entry.clone())
                    .or_default()
                    .highlights
                    .push(h);
            }
        }
        for (entry, note, _) in db.entry_notes()? {
            if wanted.contains(entry.as_str()) {
                by_entry.entry(entry).or_default().note = Some(note);
            }
        }
        for m in by_entry.values_mut() {
            // In the order of their place in the text, as the reader lists them.
            m.highlights.sort_by_key(|h| (h.anchor.start, h.id));
        }
        Ok(Marks { by_entry })
    }

    /// Sets an entry's marks (nothing is kept for empty ones).
    pub fn insert(&mut self, id: &str, marks: EntryMarks) {
        if marks.is_empty() {
            self.by_entry.remove(id);
        } else {
            self.by_entry.insert(id.to_string(), marks);
        }
    }

    pub fn get(&self, id: &str) -> Option<&EntryMarks> {
        self.by_entry.get(id)
    }

    pub fn is_empty(&self) -> bool {
        self.by_entry.is_empty()
    }
}

/// One highlight as an export writes it: where it sits in the text, if
/// anywhere, and its footnote number in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed<'a> {
    pub highlight: &'a Highlight,
    /// Its bytes in the entry's text; `None` for an orphan.
    pub range: Option<Range<usize>>,
    /// Its footnote number, counted through the whole file from 1.
    pub number: usize,
}

impl Placed<'_> {
    pub fn link(&self) -> Link {
        Link::highlight(&self.highlight.entry, self.highlight.id)
    }
}

/// An entry's marks ready to write: its placed highlights (in text order,
/// orphans last), the marks of each block, and its entry note.
#[derive(Debug, Default)]
pub struct Laid<'a> {
    pub placed: Vec<Placed<'a>>,
    /// Per block, its marks in order, without overlaps.
    pub blocks: Vec<Vec<Mark>>,
    pub note: Option<&'a str>,
}

impl Laid<'_> {
    pub fn is_empty(&self) -> bool {
        self.placed.is_empty() && self.note.is_none()
    }
}

/// Places `marks` in `entry`'s text; footnotes are numbered from `first`.
pub fn lay<'a>(entry: &Entry, marks: Option<&'a EntryMarks>, first: usize) -> Laid<'a> {
    let Some(marks) = marks else {
        return Laid::default();
    };
    // Most highlights are where they were made, which the outline checks
    // without copying the text; the text is joined only for the others.
    let outline = Outline::of(entry);
    let mut text: Option<EntryText> = None;
    let mut placed: Vec<Placed<'a>> = marks
        .highlights
        .iter()
        .map(|h| {
            let range = if h.orphan {
                // The library found it lost when its file changed.
                None
            } else if let Some(r) = in_place(&outline, &h.anchor) {
                trimmed(&h.anchor.quote, r)
            } else {
                place(text.get_or_insert_with(|| EntryText::of(entry)), h)
            };
            Placed {
                highlight: h,
                range,
                number: 0,
            }
        })
        .collect();
    // Text order, orphans last (a stable sort keeps their stored order).
    placed.sort_by_key(|p| p.range.as_ref().map_or((1, 0, 0), |r| (0, r.start, r.end)));
    let mut blocks: Vec<Vec<Mark>> = vec![Vec::new(); entry.blocks.len()];
    let mut covered = 0usize;
    for (k, p) in placed.iter_mut().enumerate() {
        p.number = first + k;
        let Some(r) = &p.range else { continue };
        // Overlaps are cut: the earlier highlight keeps the shared text.
        let r = r.start.max(covered)..r.end;
        if r.start >= r.end {
            continue;
        }
        covered = r.end;
        let pieces: Vec<_> = match &text {
            Some(text) => text.pieces(r).collect(),
            None => outline.pieces(r).collect(),
        };
        let last = pieces.len().saturating_sub(1);
        for (j, (b, range)) in pieces.into_iter().enumerate() {
            blocks[b].push(Mark {
                start: range.start,
                end: range.end,
                note: (j == last).then_some(p.number),
            });
        }
    }
    Laid {
        placed,
        blocks,
        note: marks.note.as_deref(),
    }
}

/// Where a highlight's passage is in `text` now, trimmed of whitespace
/// at its ends; `None` for an orphan (one the library marked so, or one
/// not found now).
fn place(text: &EntryText, h: &Highlight) -> Option<Range<usize>> {
    // The library found it lost when its file changed: never drawn.
    if h.orphan {
        return None;
    }
    let found = match locate(text, &h.anchor) {
        Placement::Exact(r) | Placement::Moved(r) => r,
        Placement::Orphan => return None,
    };
    trimmed(text.as_str().get(found.clone())?, found)
}

/// `range`, whose text is `inner`, without the whitespace at its ends.
fn trimmed(inner: &str, range: Range<usize>) -> Option<Range<usize>> {
    let start = range.start + (inner.len() - inner.trim_start().len());
    let end = range.end - (inner.len() - inner.trim_end().len());
    (start < end).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{Anchor, Colour};
    use crate::model::Block;

    /// A highlight of `quote` at `start` in [`entry`]'s text, anchored as
    /// the reader anchors one; a quote not there gets a bare anchor.
    fn highlight(id: i64, quote: &str, start: usize, note: &str) -> Highlight {
        let text = EntryText::of(&entry());
        let range = start..start + quote.len();
        let anchor = match text.as_str().get(range.clone()) {
            Some(q) if q == quote && !quote.is_empty() => crate::marks::make(&text, range),
            _ => Anchor {
                quote: quote.into(),
                prefix: String::new(),
                suffix: String::new(),
                start: start as u64,
                end: range.end as u64,
                text_hash: 0,
            },
        };
        Highlight {
            id,
            entry: "e".into(),
            anchor,
            colour: Colour::Yellow,
            note: note.into(),
            created: 0,
            updated: 0,
            orphan: false,
        }
    }

    fn entry() -> Entry {
        Entry::with_blocks(vec![
            Block::paragraph("First block here."),
            Block::paragraph("Second block there."),
        ])
        .with_id("e")
    }

    #[test]
    fn a_passage_is_found_where_it_was_moved_to_or_is_an_orphan() {
        let before = EntryText::from_blocks(["First block here.", "Second block there, and more."]);
        let anchored = |range: Range<usize>| Highlight {
            anchor: crate::marks::make(&before, range),
            ..highlight(1, "", 0, "")
        };
        let h = anchored(19..31);
        assert_eq!(place(&before, &h), Some(19..31));
        // The text changed before it: the passage moved with it.
        let after = EntryText::from_blocks(["A new first block.", "Second block there, and more."]);
        assert_eq!(place(&after, &h), Some(20..32));
        // Deleted: an orphan.
        let gone = EntryText::from_blocks(["First block here.", "Nothing else."]);
        assert_eq!(place(&gone, &h), None);
        // Whitespace at its ends is not marked.
        assert_eq!(place(&before, &anchored(5..12)), Some(6..11));
    }

    #[test]
    fn a_passage_across_blocks_is_cut_per_block_with_its_note_last() {
        let e = entry();
        let m = EntryMarks {
            highlights: vec![
                highlight(7, "here.\n\nSecond", 11, "n"),
                highlight(8, "missing", 0, ""),
                highlight(9, "First", 0, ""),
            ],
            note: Some("about it".into()),
        };
        let laid = lay(&e, Some(&m), 3);
        let order: Vec<(i64, usize, bool)> = laid
            .placed
            .iter()
            .map(|p| (p.highlight.id, p.number, p.range.is_some()))
            .collect();
        assert_eq!(order, [(9, 3, true), (7, 4, true), (8, 5, false)]);
        assert_eq!(
            laid.blocks[0],
            [
                Mark {
                    start: 0,
                    end: 5,
                    note: Some(3)
                },
                Mark {
                    start: 12,
                    end: 17,
                    note: None
                }
            ]
        );
        assert_eq!(
            laid.blocks[1],
            [Mark {
                start: 0,
                end: 6,
                note: Some(4)
            }]
        );
        assert_eq!(laid.note, Some("about it"));
    }

    #[test]
    fn marks_are_loaded_for_the_entries_asked_in_text_order() {
        let mut db = Library::in_memory().unwrap();
        let late = highlight(1, "there", 32, "");
        let early = highlight(2, "First", 0, "n");
        for h in [&late, &early] {
            db.add_highlight("e", h.anchor.clone(), h.colour, &h.note)
                .unwrap();
        }
        db.add_highlight("other", early.anchor.clone(), Colour::Blue, "")
            .unwrap();
        db.set_entry_note("e", "about").unwrap();
        db.set_entry_note("unasked", "x").unwrap();
        let marks = Marks::load(&mut db, ["e", "nothing"]).unwrap();
        let e = marks.get("e").unwrap();
        let quotes: Vec<&str> = e
            .highlights
            .iter()
            .map(|h| h.anchor.quote.as_str())
            .collect();
        assert_eq!(quotes, ["First", "there"]);
        assert_eq!(e.note.as_deref(), Some("about"));
        assert!(marks.get("other").is_none() && marks.get("unasked").is_none());
        assert!(marks.get("nothing").is_none());
    }
}
