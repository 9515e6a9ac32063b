//! Highlights and notes as stored: a highlight is a passage of an entry
//! (its quote, a little text before and after, its byte range and a hash
//! of the entry's text, so it can be found again when the text changes),
//! a colour, an optional note, and when it was made and last changed. An
//! entry note is about the whole entry.

use super::{DbError, Library};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, params, params_from_iter};

/// The four highlight colours, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Colour {
    Yellow,
    Green,
    Blue,
    Pink,
}

impl Colour {
    pub const ALL: [Colour; 4] = [Colour::Yellow, Colour::Green, Colour::Blue, Colour::Pink];

    pub fn as_str(self) -> &'static str {
        match self {
            Colour::Yellow => "yellow",
            Colour::Green => "green",
            Colour::Blue => "blue",
            Colour::Pink => "pink",
        }
    }

    /// A stored or typed name; an unknown one is yellow, so a row written
    /// by a newer app with more colours still shows.
    pub fn parse(s: &str) -> Colour {
        Colour::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
            .unwrap_or(Colour::Yellow)
    }
}

/// Where a highlight sits: its quote with some text around it, its byte
/// range in the entry's text when made, and that text's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub quote: String,
    pub prefix: String,
    pub suffix: String,
    pub start: u64,
    pub end: u64,
    pub text_hash: u64,
}

/// One stored highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    pub id: i64,
    pub entry: String,
    pub anchor: Anchor,
    pub colour: Colour,
    pub note: String,
    /// Seconds since the Unix epoch.
    pub created: i64,
    pub updated: i64,
    /// The passage could not be found again after its entry's file
    /// changed: the highlight is kept (with its quote) to be listed, and
    /// never drawn.
    pub orphan: bool,
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// SQLite keeps integers signed: a hash or offset is stored as its bits.
fn to_sql(n: u64) -> i64 {
    i64::from_ne_bytes(n.to_ne_bytes())
}

fn from_sql(n: i64) -> u64 {
    u64::from_ne_bytes(n.to_ne_bytes())
}

/// The anchor's six columns, in the order the statements name them.
pub(super) fn anchor_values(a: &Anchor) -> [Value; 6] {
    [
        Value::Text(a.quote.clone()),
        Value::Text(a.prefix.clone()),
        Value::Text(a.suffix.clone()),
        Value::Integer(to_sql(a.start)),
        Value::Integer(to_sql(a.end)),
        Value::Integer(to_sql(a.text_hash)),
    ]
}

const COLUMNS: &str = "id, entry, quote, prefix, suffix, start, end, text_hash, colour, note, created, updated, orphan";

/// The statement that sets a highlight's anchor (its six columns, then
/// its id) and marks it placed.
pub(super) const REANCHOR: &str = "UPDATE highlight SET quote = ?1, prefix = ?2, suffix = ?3, start = ?4, end = ?5, text_hash = ?6, orphan = 0
     WHERE id = ?7";

fn highlight(r: &Row<'_>) -> rusqlite::Result<Highlight> {
    Ok(Highlight {
        id: r.get(0)?,
        entry: r.get(1)?,
        anchor: Anchor {
            quote: r.get(2)?,
            prefix: r.get(3)?,
            suffix: r.get(4)?,
            start: from_sql(r.get(5)?),
            end: from_sql(r.get(6)?),
            text_hash: from_sql(r.get(7)?),
        },
        colour: Colour::parse(&r.get::<_, String>(8)?),
        note: r.get(9)?,
        created: r.get(10)?,
        updated: r.get(11)?,
        orphan: r.get(12)?,
    })
}

impl Library {
    /// Stores a new highlight of `entry`; returns it.
    pub fn add_highlight(
        &mut self,
        entry: &str,
        anchor: Anchor,
        colour: Colour,
        note: &str,
    ) -> Result<Highlight, DbError> {
        let t = now();
        let values = [Value::Text(entry.to_string())]
            .into_iter()
            .chain(anchor_values(&anchor))
            .chain([
                Value::Text(colour.as_str().to_string()),
                Value::Text(note.to_string()),
                Value::Integer(t),
            ]);
        self.conn().execute(
            "INSERT INTO highlight (entry, quote, prefix, suffix, start, end, text_hash, colour, note, created, updated)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
            params_from_iter(values),
        )?;
        let id = self.conn().last_insert_rowid();
        Ok(Highlight {
            id,
            entry: entry.to_string(),
            anchor,
            colour,
            note: note.to_string(),
            created: t,
            updated: t,
            orphan: false,
        })
    }

    /// Changes a highlight's colour and note; `false` if it is gone.
    pub fn update_highlight(
        &mut self,
        id: i64,
        colour: Colour,
        note: &str,
    ) -> Result<bool, DbError> {
        let n = self.conn().execute(
            "UPDATE highlight SET colour = ?1, note = ?2, updated = ?3 WHERE id = ?4",
            params![colour.as_str(), note, now(), id],
        )?;
        Ok(n == 1)
    }

    /// Moves a highlight to where its passage is found now (an orphan
    /// so placed is one no longer).
    pub fn reanchor_highlight(&mut self, id: i64, anchor: &Anchor) -> Result<bool, DbError> {
        let values = anchor_values(anchor)
            .into_iter()
            .chain([Value::Integer(id)]);
        let n = self.conn().execute(REANCHOR, params_from_iter(values))?;
        Ok(n == 1)
    }

    /// Deletes a highlight; `false` if it was gone already.
    pub fn delete_highlight(&mut self, id: i64) -> Result<bool, DbError> {
        Ok(self
            .conn()
            .execute("DELETE FROM highlight WHERE id = ?1", [id])?
            == 1)
    }

    /// The highlights of `entry`, in the order of their place in the text.
    pub fn highlights_of(&mut self, entry: &str) -> Result<Vec<Highlight>, DbError> {
        let sql = format!("SELECT {COLUMNS} FROM highlight WHERE entry = ?1 ORDER BY start, id");
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map([entry], highlight)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every highlight, newest first.
    pub fn all_highlights(&mut self) -> Result<Vec<Highlight>, DbError> {
        let sql = format!("SELECT {COLUMNS} FROM highlight ORDER BY created DESC, id DESC");
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map([], highlight)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The highlights that could not be placed again after their files
    /// changed, newest first.
    pub fn orphan_highlights(&mut self) -> Result<Vec<Highlight>, DbError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM highlight WHERE orphan = 1 ORDER BY created DESC, id DESC"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map([], highlight)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The note about the whole of `entry`, if any.
    pub fn entry_note(&mut self, entry: &str) -> Result<Option<String>, DbError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT note FROM entry_note WHERE entry = ?1",
                [entry],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Every entry note as (entry, note, updated), newest first.
    pub fn entry_notes(&mut self) -> Result<Vec<(String, String, i64)>, DbError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT entry, note, updated FROM entry_note ORDER BY updated DESC, entry")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Sets the note about `entry`; an empty note removes it.
    pub fn set_entry_note(&mut self, entry: &str, note: &str) -> Result<(), DbError> {
        if note.trim().is_empty() {
            self.conn()
                .execute("DELETE FROM entry_note WHERE entry = ?1", [entry])?;
        } else {
            self.conn().execute(
                "INSERT INTO entry_note (entry, note, updated) VALUES (?1, ?2, ?3)
                 ON CONFLICT (entry) DO UPDATE SET note = excluded.note, updated = excluded.updated",
                params![entry, note, now()],
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor(quote: &str, start: u64) -> Anchor {
        Anchor {
            quote: quote.into(),
            prefix: "before ".into(),
            suffix: " after".into(),
            start,
            end: start + quote.len() as u64,
            text_hash: u64::MAX - 7,
        }
    }

    #[test]
    fn highlights_are_kept_changed_moved_and_deleted() {
        let mut db = Library::in_memory().unwrap();
        let a = db
            .add_highlight("e1", anchor("second", 40), Colour::Blue, "")
            .unwrap();
        let b = db
            .add_highlight("e1", anchor("first", 10), Colour::Pink, "a note")
            .unwrap();
        db.add_highlight("e2", anchor("other", 0), Colour::Yellow, "")
            .unwrap();
        let of = db.highlights_of("e1").unwrap();
        assert_eq!(
            of,
            [b.clone(), a.clone()],
            "in text order, every field back"
        );
        assert_eq!(
            of[0].anchor.text_hash,
            u64::MAX - 7,
            "a hash keeps all its bits"
        );
        assert!(db.update_highlight(a.id, Colour::Green, "changed").unwrap());
        let moved = anchor("second", 55);
        assert!(db.reanchor_highlight(a.id, &moved).unwrap());
        let a2 = &db.highlights_of("e1").unwrap()[1];
        assert_eq!(
            (a2.colour, a2.note.as_str(), a2.anchor.start),
            (Colour::Green, "changed", 55)
        );
        assert!(db.delete_highlight(b.id).unwrap());
        assert!(!db.delete_highlight(b.id).unwrap());
        assert_eq!(db.all_highlights().unwrap().len(), 2);
    }

    #[test]
    fn an_entry_note_is_set_replaced_and_cleared() {
        let mut db = Library::in_memory().unwrap();
        assert_eq!(db.entry_note("e").unwrap(), None);
        db.set_entry_note("e", "first").unwrap();
        db.set_entry_note("e", "second").unwrap();
        assert_eq!(db.entry_note("e").unwrap().as_deref(), Some("second"));
        db.set_entry_note("d", "other").unwrap();
        let mut all: Vec<(String, String)> = (db.entry_notes().unwrap().into_iter())
            .map(|(e, n, _)| (e, n))
            .collect();
        all.sort();
        assert_eq!(
            all,
            vec![("d".into(), "other".into()), ("e".into(), "second".into())]
        );
        db.set_entry_note("e", "  ").unwrap();
        assert_eq!(db.entry_note("e").unwrap(), None);
    }

    #[test]
    fn colours_read_back_by_name_and_unknown_ones_are_yellow() {
        for c in Colour::ALL {
            assert_eq!(Colour::parse(c.as_str()), c);
        }
        assert_eq!(Colour::parse("PINK"), Colour::Pink);
        assert_eq!(Colour::parse("ultraviolet"), Colour::Yellow);
    }
}
