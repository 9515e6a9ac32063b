//! The one stamp of a file both caches and the loader compare: its size,
//! modification time and (on Unix) status-change time.

/// When a file was last seen: its size, modification time and (on Unix)
/// status-change time, which every write, rename or `touch -r` moves on
/// and which no program can set back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    pub size: u64,
    pub mtime_ns: u128,
    pub ctime_ns: u128,
}

impl Stamp {
    /// The stamp of a file whose metadata was read already.
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        #[cfg(unix)]
        let ctime_ns = {
            use std::os::unix::fs::MetadataExt;
            // Two's complement bits: only compared, never read as a time.
            (i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec())) as u128
        };
        #[cfg(not(unix))]
        let ctime_ns = 0;
        Stamp {
            size: meta.len(),
            mtime_ns,
            ctime_ns,
        }
    }

    /// The stamp of the file at `path` now; `None` if it cannot be stat'ed.
    pub fn now(path: &std::path::Path) -> Option<Stamp> {
        std::fs::metadata(path).ok().map(|m| Stamp::of(&m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_changes_the_stamp_and_a_read_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"one").unwrap();
        let first = Stamp::now(&path).unwrap();
        assert_eq!(first.size, 3);
        let _ = std::fs::read(&path).unwrap();
        assert_eq!(Stamp::now(&path), Some(first));
        std::fs::write(&path, b"three").unwrap();
        assert_ne!(Stamp::now(&path), Some(first));
        assert_eq!(Stamp::now(&dir.path().join("gone")), None);
    }
}
