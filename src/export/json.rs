//! JSON export: every field of the model plus the derived ones, in the form
//! of [`crate::render::Full`] (deserializing an object as an [`Entry`] gives
//! the entry back). A single file is one JSON array, streamed one entry at a
//! time; per-entry files hold one object ([`crate::render::write_json`]).

use super::ExportProgress;
use super::write::WriteError;
use crate::model::Entry;
use crate::render::Full;
use std::io::{self, Write};

/// Writes all entries as one JSON array, one compact object per line.
pub(crate) fn write_combined(
    entries: &[&Entry],
    progress: &ExportProgress,
    w: &mut dyn Write,
) -> Result<(), WriteError> {
    w.write_all(b"[")?;
    for (i, e) in entries.iter().enumerate() {
        super::check_cancel(progress)?;
        w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *w, &Full::new(e)).map_err(io::Error::from)?;
        progress.advance();
    }
    w.write_all(b"\n]\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Kind, PageRef};

    fn excerpt() -> Entry {
        let blocks = vec![Block::heading("Part"), Block::paragraph("Some text.")];
        Entry {
            id: "teaser-1".into(),
            title: "Teaser".into(),
            author: None,
            date: None,
            kind: Kind::Excerpt,
            source: "builtin/002.txt".into(),
            page: Some(PageRef {
                source: "builtin/002.txt".into(),
                part: 2,
                of: 8,
            }),
            ..Entry::with_blocks(blocks)
        }
    }

    #[test]
    fn object_parses_back_to_the_entry() {
        let e = excerpt();
        let mut out = Vec::new();
        crate::render::write_json(&e, &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["sections"], serde_json::json!(["Part"]));
        assert_eq!(v["reading_minutes"], 1);
        assert_eq!(v["page"]["part"], 2);
        let back: Entry = serde_json::from_value(v).unwrap();
        assert_eq!(back, e);
    }

    #[test]
    fn combined_is_one_array() {
        let e = excerpt();
        let mut out = Vec::new();
        write_combined(&[&e, &e, &e], &ExportProgress::default(), &mut out).unwrap();
        let back: Vec<Entry> = serde_json::from_slice(&out).unwrap();
        assert_eq!(back, vec![e.clone(), e.clone(), e]);
        let mut empty = Vec::new();
        write_combined(&[], &ExportProgress::default(), &mut empty).unwrap();
        assert_eq!(
            serde_json::from_slice::<Vec<Entry>>(&empty).unwrap(),
            vec![]
        );
    }
}
