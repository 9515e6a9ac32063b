//! Named collections of entries, in an order the reader sets: create,
//! rename, delete, add and remove entries, move one, and read them back.
//! Entries are kept by id, so a collection outlives a reload; names are
//! unique without regard to case.

use super::{DbError, Library};
use rusqlite::{OptionalExtension, params};

/// One collection and how many entries it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    pub id: i64,
    pub name: String,
    pub count: usize,
}

/// Why a change to a collection was refused.
#[derive(Debug, thiserror::Error)]
pub enum CollectionError {
    #[error("a collection needs a name")]
    EmptyName,
    #[error("there is already a collection named “{0}”")]
    Exists(String),
    #[error("there is no collection named “{0}”")]
    Missing(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<rusqlite::Error> for CollectionError {
    fn from(e: rusqlite::Error) -> Self {
        CollectionError::Db(DbError::Sql(e))
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A name on one line, trimmed.
fn clean(name: &str) -> Result<String, CollectionError> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(CollectionError::EmptyName);
    }
    Ok(name)
}

impl Library {
    /// Every collection, by name (without regard to case).
    pub fn collections(&mut self) -> Result<Vec<Collection>, DbError> {
        let mut stmt = self.conn().prepare(
            "SELECT c.id, c.name, COUNT(e.entry) FROM collection c
             LEFT JOIN collection_entry e ON e.collection = c.id
             GROUP BY c.id ORDER BY c.name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Collection {
                id: r.get(0)?,
                name: r.get(1)?,
                count: usize::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Creates an empty collection.
    pub fn create_collection(&mut self, name: &str) -> Result<Collection, CollectionError> {
        let name = clean(name)?;
        if self.collection_id(&name)?.is_some() {
            return Err(CollectionError::Exists(name));
        }
        self.conn().execute(
            "INSERT INTO collection (name, created) VALUES (?1, ?2)",
            params![name, now()],
        )?;
        let id = self.conn().last_insert_rowid();
        Ok(Collection { id, name, count: 0 })
    }

    /// The id of the collection named `name` (without regard to case).
    fn collection_id(&mut self, name: &str) -> Result<Option<i64>, CollectionError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id FROM collection WHERE name = ?1 COLLATE NOCASE",
                [name.trim()],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn existing(&mut self, name: &str) -> Result<i64, CollectionError> {
        self.collection_id(name)?
            .ok_or_else(|| CollectionError::Missing(name.trim().to_string()))
    }

    pub fn rename_collection(&mut self, from: &str, to: &str) -> Result<(), CollectionError> {
        let id = self.existing(from)?;
        let to = clean(to)?;
        if self.collection_id(&to)?.is_some_and(|other| other != id) {
            return Err(CollectionError::Exists(to));
        }
        self.conn().execute(
            "UPDATE collection SET name = ?1 WHERE id = ?2",
            params![to, id],
        )?;
        Ok(())
    }

    /// Deletes a collection (its entries stay in the archive).
    pub fn delete_collection(&mut self, name: &str) -> Result<(), CollectionError> {
        let id = self.existing(name)?;
        self.conn()
            .execute("DELETE FROM collection WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Adds entries at the end, in the order given; ids already in the
    /// collection stay where they are. Returns how many were added.
    pub fn add_to_collection(
        &mut self,
        name: &str,
        ids: &[&str],
    ) -> Result<usize, CollectionError> {
        let id = self.existing(name)?;
        Ok(self.write(|tx| {
            let mut next: i64 = tx.query_row(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM collection_entry WHERE collection = ?1",
                [id],
                |r| r.get(0),
            )?;
            let mut insert = tx.prepare(
                "INSERT OR IGNORE INTO collection_entry (collection, entry, position)
                 VALUES (?1, ?2, ?3)",
            )?;
            let mut added = 0;
            for entry in ids {
                let n = insert.execute(params![id, entry, next])?;
                added += n;
                next += i64::try_from(n).unwrap_or(0);
            }
            Ok(added)
        })?)
    }

    /// Removes entries; returns how many were there.
    pub fn remove_from_collection(
        &mut self,
        name: &str,
        ids: &[&str],
    ) -> Result<usize, CollectionError> {
        let id = self.existing(name)?;
        Ok(self.write(|tx| {
            let mut delete =
                tx.prepare("DELETE FROM collection_entry WHERE collection = ?1 AND entry = ?2")?;
            ids.iter()
                .map(|entry| delete.execute(params![id, entry]))
                .sum()
        })?)
    }

    /// Moves `entry` to place `to` (0 is first; past the end is last).
    pub fn move_in_collection(
        &mut self,
        name: &str,
        entry: &str,
        to: usize,
    ) -> Result<(), CollectionError> {
        let mut ids = self.collection_entries(name)?;
        let Some(from) = ids.iter().position(|e| e == entry) else {
            return Ok(());
        };
        let moved = ids.remove(from);
        ids.insert(to.min(ids.len()), moved);
        let id = self.existing(name)?;
        Ok(self.write(|tx| {
            let mut update = tx.prepare(
                "UPDATE collection_entry SET position = ?1 WHERE collection = ?2 AND entry = ?3",
            )?;
            for (i, e) in ids.iter().enumerate() {
                update.execute(params![i as i64, id, e])?;
            }
            Ok(())
        })?)
    }

    /// The ids in the collection, in its order.
    pub fn collection_entries(&mut self, name: &str) -> Result<Vec<String>, CollectionError> {
        let id = self.existing(name)?;
        let mut stmt = self.conn().prepare(
            "SELECT entry FROM collection_entry WHERE collection = ?1 ORDER BY position, entry",
        )?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_collection_keeps_its_entries_in_the_order_set() {
        let mut db = Library::in_memory().unwrap();
        db.create_collection("  Reading   list ").unwrap();
        assert!(matches!(
            db.create_collection("reading LIST"),
            Err(CollectionError::Exists(_))
        ));
        assert!(matches!(
            db.create_collection("  "),
            Err(CollectionError::EmptyName)
        ));
        assert_eq!(
            db.add_to_collection("Reading list", &["b", "a", "c", "a"])
                .unwrap(),
            3
        );
        assert_eq!(
            db.collection_entries("reading list").unwrap(),
            ["b", "a", "c"]
        );
        db.move_in_collection("Reading list", "c", 0).unwrap();
        assert_eq!(
            db.collection_entries("Reading list").unwrap(),
            ["c", "b", "a"]
        );
        assert_eq!(
            db.remove_from_collection("Reading list", &["b", "zz"])
                .unwrap(),
            1
        );
        db.add_to_collection("Reading list", &["d"]).unwrap();
        assert_eq!(
            db.collection_entries("Reading list").unwrap(),
            ["c", "a", "d"]
        );
        db.create_collection("Alpha").unwrap();
        let all: Vec<(String, usize)> = db
            .collections()
            .unwrap()
            .into_iter()
            .map(|c| (c.name, c.count))
            .collect();
        assert_eq!(
            all,
            [("Alpha".to_string(), 0), ("Reading list".to_string(), 3)]
        );
        db.rename_collection("alpha", "Later").unwrap();
        assert!(matches!(
            db.rename_collection("Later", "reading list"),
            Err(CollectionError::Exists(_))
        ));
        db.delete_collection("Reading list").unwrap();
        assert!(matches!(
            db.collection_entries("Reading list"),
            Err(CollectionError::Missing(_))
        ));
        assert_eq!(db.collections().unwrap().len(), 1);
    }

    #[test]
    fn processes_opening_a_new_file_at_once_migrate_it_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite");
        let openers: Vec<_> = (0..4)
            .map(|w| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let mut db = Library::open(&path).unwrap().library;
                    db.create_collection(&format!("List {w}")).unwrap();
                })
            })
            .collect();
        for o in openers {
            o.join().unwrap();
        }
        let mut db = Library::open(&path).unwrap().library;
        assert_eq!(db.collections().unwrap().len(), 4);
    }

    #[test]
    fn two_connections_writing_at_once_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite");
        Library::open(&path)
            .unwrap()
            .library
            .create_collection("Shared")
            .unwrap();
        let writers: Vec<_> = (0..2)
            .map(|w| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let mut db = Library::open(&path).unwrap().library;
                    for i in 0..50 {
                        let id = format!("w{w}-{i}");
                        db.add_to_collection("Shared", &[id.as_str()]).unwrap();
                    }
                })
            })
            .collect();
        for w in writers {
            w.join().unwrap();
        }
        let mut db = Library::open(&path).unwrap().library;
        let ids = db.collection_entries("Shared").unwrap();
        assert_eq!(ids.len(), 100);
    }
}
