//! Where each entry the user's data refers to came from, and moving that
//! data to the entry that replaced it.
//!
//! An entry's id changes when its file is edited, so the highlights,
//! notes, collection places and reading positions kept under the old id
//! would be lost with it. Each referenced entry's [`Origin`] (file, part,
//! title, a sketch of its text) is kept, so [`crate::marks::follow`] can
//! find the entry that replaced it; [`Library::follow_entry`] then moves
//! every row in one transaction. Nothing the user wrote is deleted: two
//! notes are joined, and only a collection place or position the new id
//! already has wins over the old one's.

use super::highlights::{REANCHOR, anchor_values};
use super::{Anchor, DbError, Library};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params, params_from_iter};
use std::collections::{HashMap, HashSet};

/// Where an entry came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The entry's `source` (its file's path as loaded, or `builtin/NAME`).
    pub source: String,
    /// Its teaser position on its page (0 for a whole article).
    pub part: u32,
    pub title: String,
}

/// A referenced entry's recorded origin, borrowed from the row being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OriginRef<'a> {
    pub source: &'a str,
    pub part: u32,
    pub title: &'a str,
}

impl OriginRef<'_> {
    pub fn to_owned(self) -> Origin {
        Origin {
            source: self.source.to_string(),
            part: self.part,
            title: self.title.to_string(),
        }
    }
}

/// Where a highlight goes when its entry is followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewPlace {
    /// Its passage is in the new text here.
    Anchor(Anchor),
    /// The text is the same: the anchor stands.
    Unchanged,
    /// Its passage is not found: kept, flagged, never drawn.
    Orphan,
}

/// One entry's data moved to the entry that replaced it.
#[derive(Debug, Clone)]
pub struct Move<'a> {
    pub from: &'a str,
    pub to: &'a str,
    /// The new entry's origin and text sketch.
    pub origin: &'a Origin,
    pub sketch: &'a [u64],
    /// Each highlight of `from` by id, and where it goes.
    pub highlights: &'a [(i64, NewPlace)],
}

/// A sketch as stored: its hashes, little-endian.
fn sketch_bytes(sketch: &[u64]) -> Vec<u8> {
    sketch.iter().flat_map(|h| h.to_le_bytes()).collect()
}

fn sketch_of(bytes: &[u8]) -> Vec<u64> {
    bytes
        .chunks_exact(8)
        .filter_map(|c| Some(u64::from_le_bytes(c.try_into().ok()?)))
        .collect()
}

const UPSERT_ORIGIN: &str = "INSERT INTO entry_origin (entry, source, part, title, sketch)
     VALUES (?1, ?2, ?3, ?4, ?5)
     ON CONFLICT (entry) DO UPDATE SET source = excluded.source, part = excluded.part,
         title = excluded.title, sketch = excluded.sketch";

impl Library {
    /// Every entry id some row refers to: a highlight, an entry note, a
    /// collection's entry or a reading position.
    pub fn referenced_entries(&mut self) -> Result<HashSet<String>, DbError> {
        let mut stmt = self.conn().prepare(
            "SELECT entry FROM highlight UNION SELECT entry FROM entry_note
             UNION SELECT entry FROM collection_entry UNION SELECT entry FROM position",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Calls `visit` with every referenced entry id (as
    /// [`Library::referenced_entries`] lists them) and its recorded origin,
    /// if any, in one pass that copies nothing: reconciling an unchanged
    /// library of 100,000 entries is this query and a lookup per row.
    pub fn visit_referenced(
        &mut self,
        mut visit: impl FnMut(&str, Option<OriginRef<'_>>),
    ) -> Result<(), DbError> {
        let mut stmt = self.conn().prepare(
            "SELECT r.entry, o.source, o.part, o.title FROM (
                 SELECT entry FROM highlight UNION SELECT entry FROM entry_note
                 UNION SELECT entry FROM collection_entry UNION SELECT entry FROM position
             ) r LEFT JOIN entry_origin o ON o.entry = r.entry",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let entry = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            let origin = match row
                .get_ref(1)?
                .as_str_or_null()
                .map_err(rusqlite::Error::from)?
            {
                None => None,
                Some(source) => Some(OriginRef {
                    source,
                    part: row.get(2)?,
                    title: row.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?,
                }),
            };
            visit(entry, origin);
        }
        Ok(())
    }

    /// Every recorded origin, by entry id (without the sketches).
    pub fn origins(&mut self) -> Result<HashMap<String, Origin>, DbError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT entry, source, part, title FROM entry_origin")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                Origin {
                    source: r.get(1)?,
                    part: r.get(2)?,
                    title: r.get(3)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The sketch of `entry`'s text when its origin was recorded (empty
    /// if none was).
    pub fn origin_sketch(&mut self, entry: &str) -> Result<Vec<u64>, DbError> {
        let bytes: Option<Vec<u8>> = self
            .conn()
            .query_row(
                "SELECT sketch FROM entry_origin WHERE entry = ?1",
                [entry],
                |r| r.get(0),
            )
            .optional()?;
        Ok(bytes.map(|b| sketch_of(&b)).unwrap_or_default())
    }

    /// Records (or replaces) the origins of entries, in one transaction.
    pub fn record_origins(&mut self, rows: &[(&str, Origin, Vec<u64>)]) -> Result<(), DbError> {
        if rows.is_empty() {
            return Ok(());
        }
        Ok(self.write(|tx| {
            let mut upsert = tx.prepare(UPSERT_ORIGIN)?;
            for (entry, o, sketch) in rows {
                upsert.execute(params![
                    entry,
                    o.source,
                    o.part,
                    o.title,
                    sketch_bytes(sketch)
                ])?;
            }
            Ok(())
        })?)
    }

    /// Moves every row of `m.from` to `m.to` and puts each highlight where
    /// `m.highlights` says, all in one transaction.
    pub fn follow_entry(&mut self, m: &Move<'_>) -> Result<(), DbError> {
        Ok(self.write(|tx| {
            let (from, to) = (m.from, m.to);
            tx.execute(
                "UPDATE highlight SET entry = ?2 WHERE entry = ?1",
                [from, to],
            )?;
            let mut reanchor = tx.prepare(REANCHOR)?;
            for (id, place) in m.highlights {
                match place {
                    NewPlace::Anchor(a) => {
                        let values = anchor_values(a).into_iter().chain([Value::Integer(*id)]);
                        reanchor.execute(params_from_iter(values))?;
                    }
                    NewPlace::Unchanged => {}
                    NewPlace::Orphan => {
                        tx.execute("UPDATE highlight SET orphan = 1 WHERE id = ?1", [id])?;
                    }
                }
            }
            // A note the new id has already is kept, the old one joined
            // after it.
            tx.execute(
                "UPDATE entry_note SET note = note || char(10) || char(10)
                     || (SELECT note FROM entry_note WHERE entry = ?1)
                 WHERE entry = ?2 AND EXISTS (SELECT 1 FROM entry_note WHERE entry = ?1)",
                [from, to],
            )?;
            tx.execute(
                "DELETE FROM entry_note WHERE entry = ?1
                 AND EXISTS (SELECT 1 FROM entry_note WHERE entry = ?2)",
                [from, to],
            )?;
            // A collection place or position the new id has already wins;
            // the old one says the same thing (or less recently).
            for table in ["entry_note", "collection_entry", "position"] {
                tx.execute(
                    &format!("UPDATE OR IGNORE {table} SET entry = ?2 WHERE entry = ?1"),
                    [from, to],
                )?;
                tx.execute(&format!("DELETE FROM {table} WHERE entry = ?1"), [from])?;
            }
            let o = m.origin;
            tx.execute(
                UPSERT_ORIGIN,
                params![to, o.source, o.part, o.title, sketch_bytes(m.sketch)],
            )?;
            tx.execute("DELETE FROM entry_origin WHERE entry = ?1", [from])?;
            Ok(())
        })?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Colour;

    fn origin(source: &str) -> Origin {
        Origin {
            source: source.into(),
            part: 0,
            title: "A title".into(),
        }
    }

    fn anchor(quote: &str) -> Anchor {
        Anchor {
            quote: quote.into(),
            prefix: String::new(),
            suffix: String::new(),
            start: 0,
            end: quote.len() as u64,
            text_hash: 1,
        }
    }

    #[test]
    fn origins_are_recorded_replaced_and_read_back_with_their_sketch() {
        let mut db = Library::in_memory().unwrap();
        db.record_origins(&[("a", origin("x.txt"), vec![1, u64::MAX])])
            .unwrap();
        db.record_origins(&[("a", origin("y.txt"), vec![3])])
            .unwrap();
        assert_eq!(db.origins().unwrap()["a"], origin("y.txt"));
        assert_eq!(db.origin_sketch("a").unwrap(), [3]);
        assert!(db.origin_sketch("none").unwrap().is_empty());
    }

    #[test]
    fn every_kind_of_row_names_its_entry_as_referenced() {
        let mut db = Library::in_memory().unwrap();
        db.add_highlight("h", anchor("q"), Colour::Blue, "")
            .unwrap();
        db.set_entry_note("n", "note").unwrap();
        db.create_collection("c").unwrap();
        db.add_to_collection("c", &["c1"]).unwrap();
        db.set_position("p", 10.0).unwrap();
        let refs = db.referenced_entries().unwrap();
        let mut refs: Vec<_> = refs.into_iter().collect();
        refs.sort();
        assert_eq!(refs, ["c1", "h", "n", "p"]);
        db.record_origins(&[("n", origin("n.txt"), vec![])])
            .unwrap();
        let mut seen = Vec::new();
        db.visit_referenced(|id, o| seen.push((id.to_string(), o.map(OriginRef::to_owned))))
            .unwrap();
        seen.sort_by(|a, b| a.0.cmp(&b.0));
        let with = |id: &str, o: Option<Origin>| (id.to_string(), o);
        assert_eq!(
            seen,
            [
                with("c1", None),
                with("h", None),
                with("n", Some(origin("n.txt"))),
                with("p", None)
            ]
        );
    }

    #[test]
    fn following_moves_every_row_in_one_go_and_loses_no_note() {
        let mut db = Library::in_memory().unwrap();
        let kept = db
            .add_highlight("old", anchor("kept"), Colour::Green, "mine")
            .unwrap();
        let lost = db
            .add_highlight("old", anchor("gone"), Colour::Pink, "")
            .unwrap();
        let same = db
            .add_highlight("old", anchor("same"), Colour::Blue, "")
            .unwrap();
        db.set_entry_note("old", "old note").unwrap();
        db.set_entry_note("new", "new note").unwrap();
        db.create_collection("c").unwrap();
        db.add_to_collection("c", &["first", "old", "last"])
            .unwrap();
        db.set_position("old", 42.0).unwrap();
        db.record_origins(&[("old", origin("a.txt"), vec![])])
            .unwrap();
        let moved = Anchor {
            start: 5,
            end: 9,
            ..anchor("kept")
        };
        db.follow_entry(&Move {
            from: "old",
            to: "new",
            origin: &origin("a.txt"),
            sketch: &[9],
            highlights: &[
                (kept.id, NewPlace::Anchor(moved.clone())),
                (lost.id, NewPlace::Orphan),
                (same.id, NewPlace::Unchanged),
            ],
        })
        .unwrap();
        let now = db.highlights_of("new").unwrap();
        assert_eq!(now.len(), 3);
        assert!(db.highlights_of("old").unwrap().is_empty());
        let by_id = |id| now.iter().find(|h| h.id == id).unwrap();
        assert_eq!(
            (&by_id(kept.id).anchor, by_id(kept.id).orphan),
            (&moved, false)
        );
        assert_eq!(by_id(kept.id).note, "mine");
        assert!(by_id(lost.id).orphan);
        assert_eq!(
            by_id(lost.id).anchor.quote,
            "gone",
            "an orphan keeps its quote"
        );
        assert_eq!(by_id(same.id).anchor, anchor("same"));
        assert_eq!(db.orphan_highlights().unwrap().len(), 1);
        assert_eq!(
            db.entry_note("new").unwrap().as_deref(),
            Some("new note\n\nold note")
        );
        assert_eq!(db.entry_note("old").unwrap(), None);
        assert_eq!(
            db.collection_entries("c").unwrap(),
            ["first", "new", "last"]
        );
        assert_eq!(db.position("new").unwrap(), Some(42.0));
        assert!(!db.origins().unwrap().contains_key("old"));
        assert_eq!(db.origin_sketch("new").unwrap(), [9]);
        // Placed again, an orphan is one no longer.
        assert!(db.reanchor_highlight(lost.id, &moved).unwrap());
        assert!(db.orphan_highlights().unwrap().is_empty());
    }
}
