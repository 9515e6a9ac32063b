//! One user file read in the format [`crate::formats::route`] gives it:
//! text formats through the reader's reusable buffer, an EPUB as bytes
//! that are not judged as text, a WordPress export streamed, and a file
//! that is not an article left unread (only a `.xml` or `.json` has its
//! first bytes looked at to tell).

use super::{ItemOutput, parse_as};
use crate::decode::Sniff;
use crate::formats::{self, Format, Route, Sniffed};
use crate::read::{self, Expect, Known, ReadError, ReadLimit};
use std::io::Read as _;
use std::path::Path;

/// What reading one file gave.
pub(crate) enum FileRead {
    Parsed(ItemOutput),
    /// Not an article: its extension, for the folder's summary.
    NotArticle(String),
}

/// Reads and parses the file at `path`, loaded as `source`.
pub(crate) fn read_file(
    source: &str,
    path: &Path,
    known: Known,
    limit: ReadLimit,
) -> Result<FileRead, ReadError> {
    let format = match formats::route(source) {
        Route::Read(f) => f,
        Route::NotArticle(ext) => return Ok(FileRead::NotArticle(ext)),
        Route::Sniff => match formats::sniff(source, &head(path, known)?) {
            Sniffed::Read(f) => f,
            Sniffed::NotArticle(ext) => return Ok(FileRead::NotArticle(ext)),
        },
    };
    let parse = |bytes: &[u8]| parse_as(format, source, bytes, Sniff::Done);
    let parsed = match format {
        Format::Epub => read::with_file_bytes_as(path, known, limit, Expect::Binary, parse)?,
        Format::Wxr => stream_wxr(source, path, known)?,
        _ => read::with_file_bytes(path, known, limit, parse)?,
    };
    Ok(FileRead::Parsed(parsed))
}

/// A WordPress export read as a stream, post by post: its size is not
/// held against the file-size limit, since it is never in memory whole.
fn stream_wxr(source: &str, path: &Path, known: Known) -> Result<ItemOutput, ReadError> {
    let (file, _) = read::open_file(path, known)?;
    let reader = std::io::BufReader::with_capacity(256 * 1024, file);
    let out = formats::wxr::parse_reader(source, reader);
    let warnings = out
        .warnings
        .into_iter()
        .map(|m| super::warn(source, m))
        .collect();
    Ok((out.entries, warnings))
}

/// The first bytes of the file, enough for [`formats::sniff`].
fn head(path: &Path, known: Known) -> Result<Vec<u8>, ReadError> {
    let (file, _) = read::open_file(path, known)?;
    let mut head = Vec::with_capacity(8192);
    file.take(8192).read_to_end(&mut head)?;
    Ok(head)
}
