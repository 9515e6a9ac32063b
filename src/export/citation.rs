//! Plain-text citations for "Copy citation":
//! `Author, “Title,” The HotLine Magazine, Month D, YYYY.`
//!
//! Rules: no author → the citation starts with the title; no date → the
//! date is left out; a title ending in `?` or `!` takes no comma. The
//! "magazine" is *The HotLine Magazine* for the built-in archive; for a
//! user's own files it is the name of the folder the file is in (the closest
//! thing to a publication a folder of articles has), and it is left out when
//! the file has no parent folder.

use crate::archive::Archive;
use crate::load::BUILTIN_PREFIX;
use crate::model::Entry;
use std::path::Path;

/// The publication named for built-in entries.
pub const MAGAZINE: &str = "The HotLine Magazine";

/// One plain-text citation for an entry.
pub fn citation(entry: &Entry) -> String {
    let mut s = String::new();
    if let Some(author) = entry
        .author
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        s.push_str(author);
        s.push_str(", ");
    }
    let title = entry.title.trim().trim_end_matches(['.', ',', ';', ':']);
    let rest: Vec<String> = magazine(&entry.source)
        .into_iter()
        .chain(entry.date.map(crate::render::long_date))
        .collect();
    let closed = title.ends_with(['?', '!', '…']);
    match (rest.is_empty(), closed) {
        (true, true) => s.push_str(&format!("“{title}”")),
        (true, false) => s.push_str(&format!("“{title}.”")),
        (false, true) if !title.ends_with('…') => {
            s.push_str(&format!("“{title}” {}.", rest.join(", ")))
        }
        (false, _) => s.push_str(&format!("“{title},” {}.", rest.join(", "))),
    }
    s
}

/// Citations of the entries at `ixs`, one per line.
pub fn citations(archive: &Archive, ixs: &[u32]) -> String {
    ixs.iter()
        .filter_map(|&ix| archive.get(ix))
        .map(citation)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The publication an entry came from (see the module doc).
fn magazine(source: &str) -> Option<String> {
    if source.starts_with(BUILTIN_PREFIX) {
        return Some(MAGAZINE.to_string());
    }
    Path::new(source)
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().trim().to_string())
        .filter(|n| !n.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;

    fn entry(
        title: &str,
        author: Option<&str>,
        date: Option<(i32, u32, u32)>,
        source: &str,
    ) -> Entry {
        Entry::with_blocks(vec![Block::paragraph("Text.")])
            .with_id("x")
            .with_title(title)
            .with_source(source)
            .with_author(author)
            .with_date(date)
    }

    #[test]
    fn full_citation_of_a_builtin_entry() {
        let e = entry(
            "Vision at all Levels",
            Some("Mikael Blaisdell"),
            Some((2007, 3, 24)),
            "builtin/000.txt",
        );
        assert_eq!(
            citation(&e),
            "Mikael Blaisdell, “Vision at all Levels,” The HotLine Magazine, March 24, 2007."
        );
    }

    #[test]
    fn missing_parts_are_left_out() {
        let e = entry("Teaser", None, None, "builtin/002.txt");
        assert_eq!(citation(&e), "“Teaser,” The HotLine Magazine.");
        let q = entry(
            "Is Support Truly a Profession?",
            Some("M B"),
            Some((2008, 5, 15)),
            "builtin/4.txt",
        );
        assert_eq!(
            citation(&q),
            "M B, “Is Support Truly a Profession?” The HotLine Magazine, May 15, 2008."
        );
        let bare = entry("Loose.", None, None, "loose.txt");
        assert_eq!(citation(&bare), "“Loose.”");
    }

    #[test]
    fn user_files_cite_their_folder() {
        let e = entry(
            "Notes",
            Some("Jane Doe"),
            Some((2009, 4, 1)),
            "/home/j/Support Essays/notes.txt",
        );
        assert_eq!(
            citation(&e),
            "Jane Doe, “Notes,” Support Essays, April 1, 2009."
        );
    }
}
