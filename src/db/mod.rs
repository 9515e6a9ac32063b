//! The reader's own database: highlights, notes, collections and reading
//! positions, in one SQLite file in the per-user data folder, with where
//! each entry they refer to came from (so they follow an edited file).
//!
//! SQLite is bundled (`rusqlite`'s `bundled` feature), so nothing needs
//! installing. The file is opened in WAL mode with a busy timeout, so a
//! window and a command line (or two windows) can use it at once and
//! neither loses a write. Its schema is versioned from the first release
//! (`PRAGMA user_version`) and brought up to date by [`schema`]'s
//! migrations, each in one transaction. A file that is not a database or
//! fails SQLite's integrity check is set aside under a `.damaged` name,
//! never deleted, and a fresh one is started; a file written by a newer
//! version of the app is left alone and refused.

mod collections;
mod highlights;
mod origins;
mod positions;
mod schema;

pub use collections::{Collection, CollectionError};
pub use highlights::{Anchor, Colour, Highlight};
pub use origins::{Move, NewPlace, Origin, OriginRef};

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a write waits for another process's write to finish.
const BUSY: Duration = Duration::from_secs(5);

/// An open database.
pub struct Library {
    conn: Connection,
    path: PathBuf,
}

/// Why the database cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("the library database {} was written by a newer HotLine Reader (schema {found}; this one knows {known}); it is left as it is", .path.display())]
    Newer {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("cannot make the folder of the library database {}: {source}", .path.display())]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the library database {}: {source}", .path.display())]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("cannot set the damaged library database {} aside: {source}", .path.display())]
    SetAside {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("library database: {0}")]
    Sql(#[from] rusqlite::Error),
}

/// An open database, and what had to be done to open it.
pub struct Opened {
    pub library: Library,
    /// Where a damaged file was set aside, if one was.
    pub set_aside: Option<PathBuf>,
}

/// The database's file name in the per-user data folder.
pub const FILE_NAME: &str = "library.sqlite";

/// Where the reader's database lives: `HOTLINE_LIBRARY` if set (tests and
/// a second library), else `library.sqlite` in the per-user data folder
/// (`$XDG_DATA_HOME/hotline` on Linux). `None` when the system names no
/// data folder.
pub fn default_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("HOTLINE_LIBRARY").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    directories::ProjectDirs::from("", "", "hotline").map(|p| p.data_dir().join(FILE_NAME))
}

impl Library {
    /// Opens (or creates) the database at `path`, bringing its schema up
    /// to date; a damaged file is set aside and a fresh one started.
    pub fn open(path: &Path) -> Result<Opened, DbError> {
        if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|source| DbError::Folder {
                path: path.to_path_buf(),
                source,
            })?;
        }
        match Self::open_checked(path) {
            Ok(library) => Ok(Opened {
                library,
                set_aside: None,
            }),
            Err(Damage::Damaged) => {
                let aside = set_aside(path)?;
                let library = Self::open_checked(path).map_err(|d| match d {
                    Damage::Damaged => DbError::Open {
                        path: path.to_path_buf(),
                        source: rusqlite::Error::SqliteFailure(
                            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                            Some("still damaged after setting it aside".into()),
                        ),
                    },
                    Damage::Error(e) => e,
                })?;
                Ok(Opened {
                    library,
                    set_aside: Some(aside),
                })
            }
            Err(Damage::Error(e)) => Err(e),
        }
    }

    /// A database in memory, for tests and for a window whose data
    /// folder cannot be written.
    pub fn in_memory() -> Result<Library, DbError> {
        let mut conn = Connection::open_in_memory()?;
        schema::migrate(&mut conn, Path::new(":memory:"))?;
        Ok(Library {
            conn,
            path: PathBuf::from(":memory:"),
        })
    }

    fn open_checked(path: &Path) -> Result<Library, Damage> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let open_err = |source| {
            Damage::Error(DbError::Open {
                path: path.to_path_buf(),
                source,
            })
        };
        let mut conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
        conn.busy_timeout(BUSY).map_err(open_err)?;
        // The first statement that reads the file tells a file that is
        // not a database; a newer app's file is refused before anything
        // (even the journal mode) is written to it.
        let version: Result<i64, _> = conn.query_row("PRAGMA user_version", [], |r| r.get(0));
        match version {
            Ok(found) if found > schema::VERSION => {
                return Err(Damage::Error(DbError::Newer {
                    path: path.to_path_buf(),
                    found,
                    known: schema::VERSION,
                }));
            }
            Ok(_) => {}
            Err(e) if is_damage(&e) => return Err(Damage::Damaged),
            Err(e) => return Err(open_err(e)),
        }
        let mode: Result<String, _> = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0));
        match mode {
            Ok(_) => {}
            Err(e) if is_damage(&e) => return Err(Damage::Damaged),
            Err(e) => return Err(open_err(e)),
        }
        let check: Result<String, _> = conn.query_row("PRAGMA quick_check", [], |r| r.get(0));
        match check {
            Ok(ok) if ok == "ok" => {}
            Ok(_) => return Err(Damage::Damaged),
            Err(e) if is_damage(&e) => return Err(Damage::Damaged),
            Err(e) => return Err(open_err(e)),
        }
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
            .map_err(open_err)?;
        schema::migrate(&mut conn, path).map_err(Damage::Error)?;
        Ok(Library {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Where the database is (`:memory:` for one in memory).
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn conn(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Runs `f` in one write transaction, taken at once (`IMMEDIATE`), so
    /// that it waits for another writer instead of failing when it turns
    /// from reading to writing; committed when `f` succeeds.
    pub(crate) fn write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

/// Why a file could not be opened as a sound database.
enum Damage {
    /// Not a database, or one that fails its integrity check.
    Damaged,
    Error(DbError),
}

fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

/// Moves a damaged database (and its WAL and shared-memory files) to
/// `NAME.damaged-SECONDS`, next to it; returns the new path.
fn set_aside(path: &Path) -> Result<PathBuf, DbError> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let name = path.file_name().map_or_else(
        || "library.sqlite".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let aside = path.with_file_name(format!("{name}.damaged-{secs}"));
    let err = |source| DbError::SetAside {
        path: path.to_path_buf(),
        source,
    };
    std::fs::rename(path, &aside).map_err(err)?;
    for suffix in ["-wal", "-shm"] {
        let side = path.with_file_name(format!("{name}{suffix}"));
        if side.exists() {
            std::fs::rename(
                &side,
                aside.with_file_name(format!("{name}.damaged-{secs}{suffix}")),
            )
            .map_err(err)?;
        }
    }
    Ok(aside)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_in_a_folder_not_made_yet_makes_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a").join("b").join(FILE_NAME);
        Library::open(&path).unwrap();
        assert!(path.is_file());
    }

    #[test]
    fn a_new_file_gets_the_current_schema_in_wal_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite");
        let mut opened = Library::open(&path).unwrap();
        assert!(opened.set_aside.is_none());
        let conn = opened.library.conn();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, schema::VERSION);
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        // Opening again migrates nothing and keeps the data.
        drop(opened);
        assert!(Library::open(&path).unwrap().set_aside.is_none());
    }

    #[test]
    fn a_damaged_file_is_set_aside_never_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite");
        std::fs::write(&path, b"this is not a database, not at all, not even close").unwrap();
        let opened = Library::open(&path).unwrap();
        let aside = opened.set_aside.unwrap();
        assert_eq!(
            std::fs::read(&aside).unwrap(),
            b"this is not a database, not at all, not even close"
        );
        assert!(
            aside
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("library.sqlite.damaged-")
        );
        assert!(path.exists(), "a fresh database in its place");
    }

    #[test]
    fn a_file_from_a_newer_app_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("PRAGMA user_version = 999; CREATE TABLE future (x);")
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Library::open(&path).err().unwrap();
        assert!(matches!(err, DbError::Newer { found: 999, .. }), "{err}");
        assert!(err.to_string().contains("newer HotLine Reader"));
        assert!(
            std::fs::read(&path).unwrap() == before,
            "the file is unchanged"
        );
    }
}
