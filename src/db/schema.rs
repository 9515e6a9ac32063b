//! The database's schema and its migrations: migration `n` brings the
//! schema from version `n` to `n + 1`, in one transaction with the
//! version (`PRAGMA user_version`), so a crash leaves either version,
//! never half of one.

use super::DbError;
use rusqlite::Connection;
use std::path::Path;

/// Each step, in order; the schema's version is how many have run.
const MIGRATIONS: &[&str] = &[
    // 1: highlights, notes, collections and reading positions.
    "CREATE TABLE highlight (
         id INTEGER PRIMARY KEY,
         entry TEXT NOT NULL,
         quote TEXT NOT NULL,
         prefix TEXT NOT NULL DEFAULT '',
         suffix TEXT NOT NULL DEFAULT '',
         start INTEGER NOT NULL,
         end INTEGER NOT NULL,
         text_hash INTEGER NOT NULL,
         colour TEXT NOT NULL,
         note TEXT NOT NULL DEFAULT '',
         created INTEGER NOT NULL,
         updated INTEGER NOT NULL
     );
     CREATE INDEX highlight_entry ON highlight (entry);
     CREATE TABLE entry_note (
         entry TEXT PRIMARY KEY,
         note TEXT NOT NULL,
         updated INTEGER NOT NULL
     );
     CREATE TABLE collection (
         id INTEGER PRIMARY KEY,
         name TEXT NOT NULL,
         created INTEGER NOT NULL
     );
     CREATE UNIQUE INDEX collection_name ON collection (name COLLATE NOCASE);
     CREATE TABLE collection_entry (
         collection INTEGER NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
         entry TEXT NOT NULL,
         position INTEGER NOT NULL,
         PRIMARY KEY (collection, entry)
     );
     CREATE TABLE position (
         entry TEXT PRIMARY KEY,
         offset REAL NOT NULL,
         updated INTEGER NOT NULL
     );",
    // 2: where each entry the user's data refers to came from (its file,
    // its part of that file, its title and a sketch of its text), so the
    // data can follow the entry when an edit changes its id; and which
    // highlights could not be placed again after such an edit.
    "CREATE TABLE entry_origin (
         entry TEXT PRIMARY KEY,
         source TEXT NOT NULL,
         part INTEGER NOT NULL,
         title TEXT NOT NULL,
         sketch BLOB NOT NULL DEFAULT x''
     );
     CREATE INDEX entry_origin_source ON entry_origin (source, part);
     ALTER TABLE highlight ADD COLUMN orphan INTEGER NOT NULL DEFAULT 0;",
];

/// The schema this binary writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// Runs the migrations the database at `path` has not had.
pub fn migrate(conn: &mut Connection, path: &Path) -> Result<(), DbError> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    // Another process may be migrating too: each step checks the version
    // again inside its write transaction.
    if found > VERSION {
        return Err(DbError::Newer {
            path: path.to_path_buf(),
            found,
            known: VERSION,
        });
    }
    let start = usize::try_from(found).unwrap_or(0);
    for (i, step) in MIGRATIONS.iter().enumerate().skip(start) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now > i as i64 {
            continue;
        }
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Library;

    #[test]
    fn a_schema_1_file_with_rows_is_migrated_with_nothing_lost() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(MIGRATIONS[0]).unwrap();
            conn.execute_batch(
                "PRAGMA user_version = 1;
                 INSERT INTO highlight (entry, quote, prefix, suffix, start, end, text_hash, colour, note, created, updated)
                     VALUES ('e1', 'the quote', 'before ', ' after', 7, 16, -5, 'green', 'a note', 100, 200);
                 INSERT INTO entry_note (entry, note, updated) VALUES ('e1', 'about e1', 300);
                 INSERT INTO collection (id, name, created) VALUES (1, 'Reading', 400);
                 INSERT INTO collection_entry (collection, entry, position) VALUES (1, 'e2', 0), (1, 'e1', 1);
                 INSERT INTO position (entry, offset, updated) VALUES ('e3', 812.5, 500);",
            )
            .unwrap();
        }
        let mut db = Library::open(&path).unwrap().library;
        let version: i64 = db
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, VERSION);
        let h = &db.highlights_of("e1").unwrap()[0];
        assert_eq!(
            (
                h.anchor.quote.as_str(),
                h.anchor.prefix.as_str(),
                h.anchor.suffix.as_str()
            ),
            ("the quote", "before ", " after")
        );
        assert_eq!(
            (h.anchor.start, h.anchor.end, h.anchor.text_hash),
            (7, 16, (-5i64) as u64)
        );
        assert_eq!(
            (h.note.as_str(), h.created, h.updated, h.orphan),
            ("a note", 100, 200, false)
        );
        assert_eq!(db.entry_note("e1").unwrap().as_deref(), Some("about e1"));
        assert_eq!(db.collection_entries("Reading").unwrap(), ["e2", "e1"]);
        assert_eq!(db.position("e3").unwrap(), Some(812.5));
        assert!(
            db.origins().unwrap().is_empty(),
            "origins are recorded at the next reconcile"
        );
    }
}
