//! JSON export: every field of the model plus the derived ones, in the form
//! of [`crate::render::Full`] (deserializing an object as an [`Entry`] gives
//! the entry back). A single file is one JSON array, streamed one entry at a
//! time; per-entry files hold one object ([`crate::render::write_json`]).
//!
//! An export with the reader's marks gives every object a `highlights`
//! array (id, quote, note, colour, created, updated as RFC 3339 UTC, the
//! link back, the anchor where the passage is now (or was, for an orphan)
//! and whether it is an `orphan`) and its entry `note` (or null); the
//! entry still reads back from the object, which ignores them.

use super::ExportProgress;
use super::marks::{Laid, Marks, Placed, lay};
use super::write::WriteError;
use crate::model::Entry;
use crate::render::Full;
use serde::Serialize;
use std::io::{self, Write};

/// An entry with its marks.
#[derive(Serialize)]
struct WithMarks<'a> {
    #[serde(flatten)]
    full: Full<'a>,
    highlights: Vec<JsonHighlight<'a>>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonHighlight<'a> {
    id: i64,
    quote: &'a str,
    note: &'a str,
    colour: &'static str,
    created: String,
    updated: String,
    link: String,
    anchor: JsonAnchor<'a>,
    orphan: bool,
}

/// Byte offsets in the entry's text (its blocks joined by a blank line).
#[derive(Serialize)]
struct JsonAnchor<'a> {
    start: u64,
    end: u64,
    prefix: &'a str,
    suffix: &'a str,
}

impl<'a> WithMarks<'a> {
    fn new(e: &'a Entry, laid: &Laid<'a>) -> WithMarks<'a> {
        WithMarks {
            full: Full::new(e),
            highlights: laid.placed.iter().map(JsonHighlight::new).collect(),
            note: laid.note,
        }
    }
}

impl<'a> JsonHighlight<'a> {
    fn new(p: &Placed<'a>) -> JsonHighlight<'a> {
        let h = p.highlight;
        let (start, end) = p
            .range
            .as_ref()
            .map_or((h.anchor.start, h.anchor.end), |r| {
                (r.start as u64, r.end as u64)
            });
        JsonHighlight {
            id: h.id,
            quote: &h.anchor.quote,
            note: &h.note,
            colour: h.colour.as_str(),
            created: rfc3339(h.created),
            updated: rfc3339(h.updated),
            link: p.link().to_string(),
            anchor: JsonAnchor {
                start,
                end,
                prefix: &h.anchor.prefix,
                suffix: &h.anchor.suffix,
            },
            orphan: p.range.is_none(),
        }
    }
}

/// Seconds since the epoch as `2026-12-06T14:25:00Z`.
pub(crate) fn rfc3339(secs: i64) -> String {
    use chrono::{Datelike, Timelike};
    let t = chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default();
    let year = t.year();
    if !(0..=9999).contains(&year) {
        // Outside four digits: chrono's own form (a sign, more digits).
        return t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    }
    // `YYYY-MM-DDTHH:MM:SSZ` by hand: an export writes two per highlight,
    // and this is several times quicker than the general formatter.
    let digits = |n: u32, width: usize, out: &mut Vec<u8>| {
        for k in (0..width).rev() {
            out.push(b'0' + (n / 10u32.pow(k as u32) % 10) as u8);
        }
    };
    let mut out = Vec::with_capacity(20);
    digits(year as u32, 4, &mut out);
    for (sep, n) in [(b'-', t.month()), (b'-', t.day()), (b'T', t.hour())] {
        out.push(sep);
        digits(n, 2, &mut out);
    }
    for n in [t.minute(), t.second()] {
        out.push(b':');
        digits(n, 2, &mut out);
    }
    out.push(b'Z');
    String::from_utf8(out).unwrap_or_default()
}

/// One entry with its marks as a pretty object (a per-entry file).
pub(crate) fn write_entry(e: &Entry, laid: &Laid<'_>, w: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, &WithMarks::new(e, laid))?;
    writeln!(w)
}

/// Writes all entries as one JSON array, one compact object per line
/// (with their marks when the export carries any).
pub(crate) fn write_combined(
    entries: &[&Entry],
    marks: &Marks,
    progress: &ExportProgress,
    w: &mut dyn Write,
) -> Result<(), WriteError> {
    w.write_all(b"[")?;
    for (i, e) in entries.iter().enumerate() {
        super::check_cancel(progress)?;
        w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        if marks.is_empty() {
            serde_json::to_writer(&mut *w, &Full::new(e)).map_err(io::Error::from)?;
        } else {
            let laid = lay(e, marks.get(&e.id), 1);
            serde_json::to_writer(&mut *w, &WithMarks::new(e, &laid)).map_err(io::Error::from)?;
        }
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
        let (marks, progress) = (Marks::default(), ExportProgress::default());
        write_combined(&[&e, &e, &e], &marks, &progress, &mut out).unwrap();
        let back: Vec<Entry> = serde_json::from_slice(&out).unwrap();
        assert_eq!(back, vec![e.clone(), e.clone(), e]);
        let mut empty = Vec::new();
        write_combined(&[], &marks, &progress, &mut empty).unwrap();
        assert_eq!(
            serde_json::from_slice::<Vec<Entry>>(&empty).unwrap(),
            vec![]
        );
    }

    #[test]
    fn times_are_written_as_chrono_writes_them() {
        let chrono_form = |secs: i64| {
            chrono::DateTime::from_timestamp(secs, 0)
                .unwrap_or_default()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        };
        let mut secs: Vec<i64> = vec![0, -1, 59, 86_399, 951_782_400, 1_700_000_000];
        secs.extend((0..2_000).map(|k| k * 1_234_567_891 % 400_000_000_000 - 62_000_000_000));
        secs.extend([
            253_402_300_799,
            253_402_300_800,
            -62_167_219_200,
            -62_167_219_201,
        ]);
        secs.extend([i64::MIN, i64::MAX]);
        for s in secs {
            assert_eq!(rfc3339(s), chrono_form(s), "{s}");
        }
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
    }
}
