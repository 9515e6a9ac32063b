//! Where the reader left each entry: a scroll offset by entry id, kept
//! across runs and shared by every window.

use super::{DbError, Library};
use rusqlite::{OptionalExtension, params};

impl Library {
    /// The offset saved for `entry`, if any.
    pub fn position(&mut self, entry: &str) -> Result<Option<f32>, DbError> {
        let offset: Option<f64> = self
            .conn()
            .query_row(
                "SELECT offset FROM position WHERE entry = ?1",
                [entry],
                |r| r.get(0),
            )
            .optional()?;
        Ok(offset.map(|o| o as f32))
    }

    /// Every saved offset, by entry id.
    pub fn positions(&mut self) -> Result<Vec<(String, f32)>, DbError> {
        let mut stmt = self.conn().prepare("SELECT entry, offset FROM position")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, f64>(1)? as f32)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Saves `offset` for `entry`; an offset at the top forgets it.
    pub fn set_position(&mut self, entry: &str, offset: f32) -> Result<(), DbError> {
        let offset = if offset.is_finite() {
            offset.max(0.0)
        } else {
            0.0
        };
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        if offset == 0.0 {
            self.conn()
                .execute("DELETE FROM position WHERE entry = ?1", [entry])?;
        } else {
            self.conn().execute(
                "INSERT INTO position (entry, offset, updated) VALUES (?1, ?2, ?3)
                 ON CONFLICT (entry) DO UPDATE SET offset = excluded.offset, updated = excluded.updated",
                params![entry, f64::from(offset), now],
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_kept_replaced_and_forgotten_at_the_top() {
        let mut db = Library::in_memory().unwrap();
        assert_eq!(db.position("a").unwrap(), None);
        db.set_position("a", 120.5).unwrap();
        db.set_position("a", 300.0).unwrap();
        assert_eq!(db.position("a").unwrap(), Some(300.0));
        db.set_position("a", 0.0).unwrap();
        assert_eq!(db.position("a").unwrap(), None);
        db.set_position("b", f32::NAN).unwrap();
        assert_eq!(db.position("b").unwrap(), None, "not a number is the top");
        db.set_position("c", 42.0).unwrap();
        assert_eq!(db.positions().unwrap(), vec![("c".to_string(), 42.0)]);
    }
}
