//! Marks follow their entry: after a load, the user's data kept under an
//! id the archive no longer has (an edit changed the file's bytes, so its
//! id) is moved to the entry that replaced it, and its highlights are
//! placed again in the new text.
//!
//! The common case, nothing changed, is one pass over the referenced ids
//! with their recorded origins, a lookup in the archive and a comparison
//! per id, copying nothing. Only ids that are gone
//! cost more: the entry that replaced one is the entry of the same file
//! and part (an edited file), else one with the same title slug and the
//! most alike text (a moved and edited file), and only when the old
//! file's folder is part of this load; the data of a folder not loaded
//! stays as it is. Nothing is deleted: a highlight whose passage is gone
//! is kept as an orphan, with its quote.

use super::anchor::{Placement, locate, make};
use super::sketch;
use super::text::EntryText;
use crate::archive::Archive;
use crate::db::{DbError, Library, Move, NewPlace, Origin, OriginRef};
use crate::id::{SLUG_MAX, slugify};
// `with_text` reads an entry's text from its file when the archive keeps
// only outlines.
use crate::load::{BUILTIN_PREFIX, with_text};
use crate::model::Entry;
use std::collections::HashMap;
use std::path::Path;

/// How alike (by [`sketch::similarity`]) a moved entry's text must be to
/// the old one's to be taken for it.
const MIN_ALIKE: f64 = 0.3;

/// What a reconcile did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    /// Entries whose data moved to the entry that replaced them.
    pub followed: usize,
    /// Highlights placed again in a changed text.
    pub moved: usize,
    /// Highlights whose passage was not found again.
    pub orphaned: usize,
    /// Entries whose origin was recorded or brought up to date.
    pub recorded: usize,
}

impl Report {
    /// What to tell the reader, if anything needs telling.
    pub fn message(&self) -> Option<String> {
        match self.orphaned {
            0 => None,
            1 => Some("1 highlight could not be placed after its file changed".into()),
            n => Some(format!(
                "{n} highlights could not be placed after their files changed"
            )),
        }
    }
}

/// Records where each referenced entry of `archive` came from, and
/// moves the data of every referenced id that is gone to the entry that
/// replaced it (see the module's doc). It reads and writes the database
/// (and, for an outline archive, the files of changed entries): run it
/// off the UI thread.
pub fn reconcile(db: &mut Library, archive: &Archive) -> Result<Report, DbError> {
    let mut unrecorded: Vec<(String, u32)> = Vec::new();
    let mut gone: Vec<(String, Origin)> = Vec::new();
    db.visit_referenced(|id, origin| match (archive.index_of(id), origin) {
        (Some(ix), origin) => {
            let same = origin.zip(archive.get(ix)).is_some_and(|(o, e)| from(o, e));
            if !same {
                unrecorded.push((id.to_string(), ix));
            }
        }
        (None, Some(origin)) => gone.push((id.to_string(), origin.to_owned())),
        // Data from before origins were kept: nothing says where it came from.
        (None, None) => {}
    })?;
    let mut report = Report {
        recorded: record(db, archive, &unrecorded)?,
        ..Report::default()
    };
    if gone.is_empty() {
        return Ok(report);
    }
    gone.sort_by(|a, b| a.0.cmp(&b.0));
    let places = Places::of(archive);
    for (id, origin) in &gone {
        if !places.loaded(&origin.source) {
            continue;
        }
        let old = db.origin_sketch(id)?;
        if let Some(ix) = places.replacement(origin, &old) {
            follow(db, archive, id, ix, &mut report)?;
        }
    }
    Ok(report)
}

/// Whether `entry` is where `origin` says it came from.
fn from(origin: OriginRef<'_>, entry: &Entry) -> bool {
    origin.source == entry.source && origin.part == part(entry) && origin.title == entry.title
}

/// An entry's teaser position on its page (0 for a whole article).
fn part(entry: &Entry) -> u32 {
    entry.page.as_ref().map_or(0, |p| p.part)
}

/// The origin of `entry` as the archive has it.
fn origin_of(entry: &Entry) -> Origin {
    Origin {
        source: entry.source.clone(),
        part: part(entry),
        title: entry.title.clone(),
    }
}

/// Records the origin of each entry of `unrecorded` (an id and its place
/// in the archive): one not recorded yet or since changed (a moved file
/// keeps its id); returns how many.
fn record(
    db: &mut Library,
    archive: &Archive,
    unrecorded: &[(String, u32)],
) -> Result<usize, DbError> {
    let rows: Vec<(&str, Origin, Vec<u64>)> = unrecorded
        .iter()
        .filter_map(|(id, ix)| {
            let entry = with_text(archive, *ix)?;
            let text = EntryText::of(&entry);
            Some((id.as_str(), origin_of(&entry), sketch::of(text.as_str())))
        })
        .collect();
    db.record_origins(&rows)?;
    Ok(rows.len())
}

/// Moves `old`'s data to the entry at `ix`, placing each highlight again
/// in its text.
fn follow(
    db: &mut Library,
    archive: &Archive,
    old: &str,
    ix: u32,
    report: &mut Report,
) -> Result<(), DbError> {
    let Some(entry) = with_text(archive, ix) else {
        return Ok(());
    };
    let text = EntryText::of(&entry);
    let highlights: Vec<(i64, NewPlace)> = db
        .highlights_of(old)?
        .into_iter()
        .map(|h| {
            let place = match locate(&text, &h.anchor) {
                Placement::Exact(_) => NewPlace::Unchanged,
                Placement::Moved(range) => NewPlace::Anchor(make(&text, range)),
                Placement::Orphan => NewPlace::Orphan,
            };
            (h.id, place)
        })
        .collect();
    for (_, place) in &highlights {
        match place {
            NewPlace::Anchor(_) => report.moved += 1,
            NewPlace::Orphan => report.orphaned += 1,
            NewPlace::Unchanged => {}
        }
    }
    db.follow_entry(&Move {
        from: old,
        to: &entry.id,
        origin: &origin_of(&entry),
        sketch: &sketch::of(text.as_str()),
        highlights: &highlights,
    })?;
    report.followed += 1;
    Ok(())
}

/// The archive's entries by file and part and by title slug, and what it
/// loaded: built only when some id is gone.
struct Places<'a> {
    archive: &'a Archive,
    by_file: HashMap<(&'a str, u32), Vec<u32>>,
    by_slug: HashMap<String, Vec<u32>>,
    builtin: bool,
}

impl<'a> Places<'a> {
    fn of(archive: &'a Archive) -> Places<'a> {
        let mut by_file: HashMap<(&str, u32), Vec<u32>> = HashMap::new();
        let mut by_slug: HashMap<String, Vec<u32>> = HashMap::new();
        for (ix, e) in (0u32..).zip(archive.entries()) {
            let part = e.page.as_ref().map_or(0, |p| p.part);
            by_file
                .entry((e.source.as_str(), part))
                .or_default()
                .push(ix);
            by_slug.entry(slug(&e.title)).or_default().push(ix);
        }
        let builtin = archive
            .entries()
            .iter()
            .any(|e| e.source.starts_with(BUILTIN_PREFIX));
        Places {
            archive,
            by_file,
            by_slug,
            builtin,
        }
    }

    /// Whether the file `source` would have been read by this load.
    fn loaded(&self, source: &str) -> bool {
        if source.starts_with(BUILTIN_PREFIX) {
            return self.builtin;
        }
        let path = Path::new(source);
        self.archive
            .roots()
            .iter()
            .any(|root| path.starts_with(root))
    }

    /// The entry that replaced the one `origin` names, whose text had the
    /// sketch `old`: of the same file and part, with the same title slug
    /// or else the most alike text (an edited file); failing that, the
    /// entry with the same title slug and the most alike text (a moved and
    /// edited file). A new file at the old path with another title and
    /// text is not taken for the old one.
    fn replacement(&self, origin: &Origin, old: &[u64]) -> Option<u32> {
        let slug = slug(&origin.title);
        let same_file = self
            .by_file
            .get(&(origin.source.as_str(), origin.part))
            .map_or(&[][..], Vec::as_slice);
        let titled: Vec<u32> = same_file
            .iter()
            .copied()
            .filter(|&ix| {
                self.archive
                    .get(ix)
                    .is_some_and(|e| self::slug(&e.title) == slug)
            })
            .collect();
        if let [only] = titled.as_slice() {
            return Some(*only);
        }
        let named = self.by_slug.get(&slug).map_or(&[][..], Vec::as_slice);
        self.most_alike(same_file, old)
            .or_else(|| self.most_alike(named, old))
    }

    /// The one entry of `candidates` whose text is the most like `old`
    /// (at least [`MIN_ALIKE`]); none on a tie.
    fn most_alike(&self, candidates: &[u32], old: &[u64]) -> Option<u32> {
        let mut scored: Vec<(f64, u32)> = candidates
            .iter()
            .filter_map(|&ix| {
                let entry = with_text(self.archive, ix)?;
                let alike = sketch::similarity(old, &sketch::of(EntryText::of(&entry).as_str()));
                (alike >= MIN_ALIKE).then_some((alike, ix))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        match scored.as_slice() {
            [(a, _), (b, _), ..] if a == b => None,
            [(_, ix), ..] => Some(*ix),
            [] => None,
        }
    }
}

/// A title as an id's slug part, so titles compare as ids do.
fn slug(title: &str) -> String {
    slugify(title, SLUG_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_speaks_only_of_orphans_and_counts_them_in_words() {
        let mut r = Report {
            followed: 2,
            moved: 5,
            ..Report::default()
        };
        assert_eq!(r.message(), None);
        r.orphaned = 1;
        assert_eq!(
            r.message().as_deref(),
            Some("1 highlight could not be placed after its file changed")
        );
        r.orphaned = 3;
        assert_eq!(
            r.message().as_deref(),
            Some("3 highlights could not be placed after their files changed")
        );
    }
}
