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
