//! An outline entry's text, read again from its file when it is wanted
//! (snippets for a page of hits, the entry in the reader, an export),
//! and only if the file is still the one the load read.

use super::file::{FileRead, read_file};
use super::{BUILTIN, BUILTIN_PREFIX, parse_bytes};
use crate::archive::Archive;
use crate::cache::Stamp;
use crate::model::Entry;
use crate::read::{Known, ReadLimit};
use std::path::Path;

/// The entry at `ix` with its text: borrowed when the archive holds text,
/// else read and parsed again from its file (the embedded corpus or a
/// user's file), which is what an outline load leaves for the few
/// entries whose text is wanted (snippets for a page of search results,
/// the one in the reader). The outline entry itself when the file cannot be
/// read, changed since the load (size or times differ) or no longer holds
/// the entry: never another file's or another version's text.
pub fn with_text(archive: &Archive, ix: u32) -> Option<std::borrow::Cow<'_, Entry>> {
    use std::borrow::Cow;
    let entry = archive.get(ix)?;
    if archive.has_text() {
        return Some(Cow::Borrowed(entry));
    }
    Some(reread(archive, entry).map_or(Cow::Borrowed(entry), Cow::Owned))
}

fn reread(archive: &Archive, entry: &Entry) -> Option<Entry> {
    let source = entry.source.as_str();
    let seen = archive.file_stamp(source);
    let mut found = reread_source(source, archive.file_path(source), seen, |p| {
        same_entry(entry, p)
    })?;
    found.id.clone_from(&entry.id);
    Some(found)
}

/// The entry of `source` (a built-in file, or the file at `path`) that
/// `pick` chooses, read and parsed again, its id as the parser gives it:
/// `None` when the file cannot be read, no longer has the stamp `seen`
/// (if one is given) or holds no such entry.
pub(crate) fn reread_source(
    source: &str,
    path: &Path,
    seen: Option<Stamp>,
    pick: impl Fn(&Entry) -> bool,
) -> Option<Entry> {
    let (parsed, _) = match source.strip_prefix(BUILTIN_PREFIX) {
        Some(name) => parse_bytes(source, BUILTIN.get_file(name)?.contents()),
        None => {
            let limit = match seen {
                Some(seen) => {
                    if Stamp::now(path)? != seen {
                        return None;
                    }
                    // The very file the load accepted, whatever the limit was.
                    ReadLimit {
                        max_bytes: seen.size,
                    }
                }
                None => ReadLimit::default(),
            };
            match read_file(source, path, Known::Nothing, limit).ok()? {
                FileRead::Parsed(parsed) => parsed,
                FileRead::NotArticle(_) => return None,
            }
        }
    };
    parsed.into_iter().find(pick)
}

/// Whether `parsed` (fresh from the parser, its id not yet made unique) is
/// the entry `loaded` of an archive.
fn same_entry(loaded: &Entry, parsed: &Entry) -> bool {
    let id = loaded.id == parsed.id
        || loaded
            .id
            .strip_prefix(parsed.id.as_str())
            .is_some_and(|rest| rest.starts_with('-'));
    id && loaded.title == parsed.title
        && loaded.page == parsed.page
        && loaded.words == parsed.words
        && loaded.sections().eq(parsed.sections())
}
