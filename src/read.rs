//! Reading one file of a user's folder without trusting it: what a load may
//! open, and how much of it it reads.
//!
//! A folder can hold anything: an 8 GB sparse file, a FIFO nobody writes
//! to, a device node, a symlink into `/proc`. Each of these would hang the
//! load or exhaust memory if read whole, so [`with_file_bytes`] opens
//! without blocking, reads only regular files, refuses a file over the
//! size cap before reading it (and stops at the cap when the file grows or
//! lies about its size, as pseudo-files do), and refuses binary content
//! from its first bytes instead of after reading all of it.
//! [`system_path`] names the kernel's pseudo-filesystems, which a load
//! never walks into.
//!
//! Main items: [`ReadLimit`], [`ReadError`], [`with_file_bytes`],
//! [`special_kind`], [`system_path`].

use crate::decode::{self, DecodeError};
use std::fs::{File, FileType, Metadata};
use std::io::{self, ErrorKind, Read};
use std::path::Path;

/// The largest file a load reads, unless told otherwise: no article is
/// anywhere near it, and a folder's stray disk image or database is
/// refused at once instead of being read into memory.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 << 20;

/// How much of one file may be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimit {
    /// Files larger than this many bytes are skipped.
    pub max_bytes: u64,
}

impl Default for ReadLimit {
    fn default() -> Self {
        ReadLimit {
            max_bytes: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read: {0}")]
    Io(#[from] io::Error),
    #[error("skipped: {0}, not a regular file")]
    Special(&'static str),
    #[error(
        "skipped: larger than the {} limit ({}; see --max-file-size)",
        human_size(*limit),
        match size { Some(s) => human_size(*s), None => "still growing".to_string() }
    )]
    TooLarge {
        /// The size the file reports, if it was over the limit before
        /// reading (`None` when it only grew past the limit while read).
        size: Option<u64>,
        limit: u64,
    },
    #[error("skipped: {0}")]
    Content(#[from] DecodeError),
}

/// Bytes read before the content is judged text or binary: the decoder
/// looks at this much to tell.
const SNIFF: usize = 8192;

/// What the caller already knows of a file it asks to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    /// Nothing: the open file's own metadata gives its type and size.
    Nothing,
    /// A stat the caller made found a regular file of `size` bytes: no
    /// second one (a load reads 100,000 files). Should the file have been
    /// swapped for something else since, the non-blocking open, the size
    /// cap on the read itself and the binary test still hold.
    Regular { size: u64 },
}

/// Opens `path` and, if it is a regular file within `limit` whose first
/// bytes are not binary, reads it into this thread's reusable buffer and
/// hands its bytes to `f` (judged text: see [`decode::Sniff`]): no
/// allocation per file.
pub fn with_file_bytes<R>(
    path: &Path,
    known: Known,
    limit: ReadLimit,
    f: impl FnOnce(&[u8]) -> R,
) -> Result<R, ReadError> {
    with_file_bytes_as(path, known, limit, Expect::Text, f)
}

/// What a file is expected to hold: text is judged by its first bytes
/// and refused when binary; a binary format (an EPUB's zip) is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Text,
    Binary,
}

/// [`with_file_bytes`] of a file expected to hold `expect`.
pub fn with_file_bytes_as<R>(
    path: &Path,
    known: Known,
    limit: ReadLimit,
    expect: Expect,
    f: impl FnOnce(&[u8]) -> R,
) -> Result<R, ReadError> {
    use std::cell::RefCell;
    /// A buffer that grew past this for one huge file is not kept.
    const KEEP: usize = 1 << 20;
    const START: usize = 64 * 1024;
    thread_local! {
        static BUF: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    let (mut file, size) = open_file(path, known)?;
    if size > limit.max_bytes {
        return Err(ReadError::TooLarge {
            size: Some(size),
            limit: limit.max_bytes,
        });
    }
    BUF.with(|cell| {
        // Taken out of the cell, so a re-entrant call cannot find it borrowed.
        let mut buf = cell.take();
        if buf.len() < START {
            buf.resize(START, 0);
        }
        let read = read_capped(&mut file, &mut buf, limit, expect);
        let result = read.map(|filled| f(&buf[..filled]));
        if buf.len() <= KEEP {
            cell.replace(buf);
        }
        result
    })
}

/// Reads `file` into `buf` (grown as needed), judging its first
/// [`SNIFF`] bytes before reading on and stopping one byte past the limit.
fn read_capped(
    file: &mut File,
    buf: &mut Vec<u8>,
    limit: ReadLimit,
    expect: Expect,
) -> Result<usize, ReadError> {
    let cap = usize::try_from(limit.max_bytes).unwrap_or(usize::MAX);
    let mut filled = 0;
    let mut sniffed = expect == Expect::Binary;
    loop {
        if !sniffed && filled >= SNIFF {
            decode::sniff(&buf[..filled])?;
            sniffed = true;
        }
        if filled > cap {
            return Err(ReadError::TooLarge {
                size: None,
                limit: limit.max_bytes,
            });
        }
        if filled == buf.len() {
            let grown = buf.len().saturating_mul(2).min(cap.saturating_add(1));
            buf.resize(grown.max(filled + 1), 0);
        }
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    if !sniffed {
        decode::sniff(&buf[..filled])?;
    }
    Ok(filled)
}

/// Opens `path` for reading if it is a regular file, and its size (as
/// `known` gives it, or from the open file).
pub fn open_file(path: &Path, known: Known) -> Result<(File, u64), ReadError> {
    let file = open_nonblocking(path)?;
    let size = match known {
        Known::Nothing => {
            let meta = file.metadata()?;
            check_regular(&meta)?;
            meta.len()
        }
        Known::Regular { size } => size,
    };
    Ok((file, size))
}

/// Opens for reading without blocking: a FIFO that appeared after the walk
/// saw a file (or that a symlink now points to) would otherwise wait for a
/// writer forever. Its type is checked on the open file right after.
fn open_nonblocking(path: &Path) -> io::Result<File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    opts.open(path)
}

fn check_regular(meta: &Metadata) -> Result<(), ReadError> {
    match special_kind(&meta.file_type()) {
        Some(kind) => Err(ReadError::Special(kind)),
        None => Ok(()),
    }
}

/// What a file that is neither a regular file nor a folder is, for the
/// warning that says why it was skipped (`None` for files and folders).
pub fn special_kind(t: &FileType) -> Option<&'static str> {
    if t.is_dir() {
        return None;
    }
    node_kind(t)
}

/// What a file-system node that is not a regular file is, in words
/// (`None` for a regular file): shared by the loader, which skips such
/// nodes, and export, which never replaces one.
pub fn node_kind(t: &FileType) -> Option<&'static str> {
    if t.is_file() {
        return None;
    }
    if t.is_symlink() {
        return Some("a symbolic link");
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_char_device() {
            return Some("a character device");
        }
        if t.is_block_device() {
            return Some("a block device");
        }
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Folders whose files are the kernel's view of the running system, not
/// documents: reading them can block forever (`/proc/kmsg`) or return
/// gigabytes (`/proc/self/pagemap`).
#[cfg(unix)]
const SYSTEM_ROOTS: &[&str] = &["/proc", "/sys", "/dev"];

/// The pseudo-filesystem `path` resolves into (`/proc`, `/sys`, `/dev`),
/// following symlinks, or `None` for an ordinary path.
pub fn system_path(path: &Path) -> Option<&'static str> {
    #[cfg(unix)]
    {
        let real = std::fs::canonicalize(path).ok()?;
        SYSTEM_ROOTS
            .iter()
            .find(|root| real.starts_with(root))
            .copied()
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// `n` bytes as people write sizes: `512 bytes`, `64 MB`, `8.0 GB`.
pub fn human_size(n: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if n < 1024 {
        return format!("{n} bytes");
    }
    let mut value = n as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if value.fract() == 0.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Parses a size as a user writes it: `65536`, `64K`, `64M`, `1G`, `1.5GB`
/// (binary units, case-insensitive, an optional `B` or `iB`).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(digits_end);
    let value: f64 = num
        .parse()
        .map_err(|_| format!("'{s}' is not a size (try 64M or 1G)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return Err(format!("'{s}': unknown unit (use K, M, G or T)")),
    };
    let bytes = value * (1u64 << shift) as f64;
    if !bytes.is_finite() || bytes < 1.0 || bytes > u64::MAX as f64 {
        return Err(format!("'{s}' is not a usable size"));
    }
    Ok(bytes as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
        with_file_bytes(
            path,
            Known::Nothing,
            ReadLimit { max_bytes: max },
            <[u8]>::to_vec,
        )
    }

    #[test]
    fn a_file_over_the_cap_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        let f = File::create(&path).unwrap();
        // Sparse: 8 GB on paper, nothing on disk; reading it would take
        // minutes and 8 GB of memory.
        f.set_len(8 << 30).unwrap();
        let err = read(&path, DEFAULT_MAX_FILE_SIZE).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { size: Some(_), .. }));
        assert_eq!(
            err.to_string(),
            "skipped: larger than the 64 MB limit (8 GB; see --max-file-size)"
        );
        std::fs::write(&path, "Short text.").unwrap();
        assert_eq!(read(&path, 11).unwrap(), b"Short text.");
        assert!(matches!(read(&path, 10), Err(ReadError::TooLarge { .. })));
    }

    #[test]
    fn binary_content_is_refused_from_its_first_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("disk.img");
        let mut bytes = vec![0u8; 64];
        bytes.extend(std::iter::repeat_n(b'a', 100_000));
        std::fs::write(&path, &bytes).unwrap();
        let err = read(&path, DEFAULT_MAX_FILE_SIZE).unwrap_err();
        assert!(
            matches!(err, ReadError::Content(DecodeError::Binary)),
            "{err}"
        );
        // Text of any length still reads whole.
        let text = "word ".repeat(50_000);
        std::fs::write(&path, &text).unwrap();
        assert_eq!(
            read(&path, DEFAULT_MAX_FILE_SIZE).unwrap().len(),
            text.len()
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_pseudo_file_that_lies_about_its_size_stops_at_the_cap() {
        // procfs reports size 0 for files that read as many bytes.
        let path = Path::new("/proc/self/maps");
        assert_eq!(std::fs::metadata(path).unwrap().len(), 0);
        assert!(matches!(
            read(path, 8),
            Err(ReadError::TooLarge { size: None, .. })
        ));
        assert_eq!(system_path(path), Some("/proc"));
        assert_eq!(system_path(Path::new("/dev/null")), Some("/dev"));
        assert_eq!(system_path(Path::new("/")), None);
        assert_eq!(system_path(Path::new("/no/such/path")), None);
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_never_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            // Opening a FIFO for reading would wait for a writer forever.
            let err = read(&fifo, DEFAULT_MAX_FILE_SIZE).unwrap_err();
            assert_eq!(
                err.to_string(),
                "skipped: a FIFO (named pipe), not a regular file"
            );
        }
        let err = read(Path::new("/dev/null"), DEFAULT_MAX_FILE_SIZE).unwrap_err();
        assert_eq!(
            err.to_string(),
            "skipped: a character device, not a regular file"
        );
    }

    #[test]
    fn sizes_read_and_print_as_people_write_them() {
        assert_eq!(parse_size("65536"), Ok(65536));
        assert_eq!(parse_size("64K"), Ok(64 << 10));
        assert_eq!(parse_size("64mb"), Ok(64 << 20));
        assert_eq!(parse_size("1.5G"), Ok(3 << 29));
        assert!(parse_size("0").is_err());
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5 parsecs").is_err());
        assert!(parse_size("1e400").is_err());
        assert_eq!(human_size(512), "512 bytes");
        assert_eq!(human_size(64 << 20), "64 MB");
        assert_eq!(human_size(3 << 29), "1.5 GB");
    }
}
