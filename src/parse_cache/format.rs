//! The bytes of a parse cache file: the header, each source's text blob
//! and the outline, encoded little-endian with length-prefixed strings;
//! decoding checks every read, so a damaged file gives `None`, never a
//! panic.

use super::writer::Record;
use super::{Cached, VERSION, fingerprint};
use crate::cache::Stamp;
use crate::model::{Block, BlockKind, Entry, Kind, PageRef, Span, Style};
use chrono::NaiveDate;
use std::collections::HashMap;

pub(super) const MAGIC: &[u8; 8] = b"HLPARSE\0";

/// Magic, version, fingerprint, then where the outline is: offset, length
/// and hash.
pub(super) const HEADER: usize = 8 + 4 + 8 + 8 + 8 + 8;

pub(super) fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

pub(super) fn put_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(&n.to_le_bytes());
}

pub(super) fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, u32::try_from(s.len()).unwrap_or(u32::MAX));
    out.extend_from_slice(s.as_bytes());
}

pub(super) fn put_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
        None => out.push(0),
    }
}

/// A block: its kind (a tag and the kind's numbers), text and spans.
pub(super) fn put_block(out: &mut Vec<u8>, b: &Block) {
    match b.kind {
        BlockKind::Paragraph => out.push(0),
        BlockKind::Heading { level } => out.extend_from_slice(&[1, level]),
        BlockKind::Caption => out.push(2),
        BlockKind::AuthorNote => out.push(3),
        BlockKind::ListItem { depth, number } => {
            out.extend_from_slice(&[4, depth]);
            put_opt_u32(out, number);
        }
        BlockKind::Quote => out.push(5),
        BlockKind::Preformatted => out.push(6),
    }
    put_str(out, &b.text);
    put_u32(out, u32::try_from(b.spans.len()).unwrap_or(u32::MAX));
    for sp in &b.spans {
        put_u32(out, sp.start);
        put_u32(out, sp.end);
        match &sp.style {
            Style::Emphasis => out.push(0),
            Style::Strong => out.push(1),
            Style::Code => out.push(2),
            Style::Link { url } => {
                out.push(3);
                put_str(out, url);
            }
        }
    }
}

fn put_opt_u32(out: &mut Vec<u8>, n: Option<u32>) {
    match n {
        Some(n) => {
            out.push(1);
            put_u32(out, n);
        }
        None => out.push(0),
    }
}

pub(super) fn encode_blocks(entries: &[Entry], out: &mut Vec<u8>) {
    for e in entries {
        put_u32(out, u32::try_from(e.blocks.len()).unwrap_or(u32::MAX));
        for b in &e.blocks {
            put_block(out, b);
        }
    }
}

pub(super) fn encode_record(r: &Record<'_>, (at, len, hash): (u64, u64, u64), out: &mut Vec<u8>) {
    put_str(out, r.source);
    put_u64(out, r.stamp.size);
    out.extend_from_slice(&r.stamp.mtime_ns.to_le_bytes());
    out.extend_from_slice(&r.stamp.ctime_ns.to_le_bytes());
    put_u64(out, at);
    put_u64(out, len);
    put_u64(out, hash);
    put_u32(out, u32::try_from(r.warnings.len()).unwrap_or(u32::MAX));
    for w in r.warnings {
        put_str(out, &w.message);
    }
    put_u32(out, u32::try_from(r.entries.len()).unwrap_or(u32::MAX));
    for e in r.entries {
        put_str(out, &e.id);
        put_str(out, &e.title);
        put_opt_str(out, e.author.as_deref());
        match e.date {
            Some(d) => {
                out.push(1);
                out.extend_from_slice(&chrono::Datelike::num_days_from_ce(&d).to_le_bytes());
            }
            None => out.push(0),
        }
        out.push(match e.kind {
            Kind::Article => 0,
            Kind::Excerpt => 1,
        });
        match &e.page {
            Some(p) => {
                out.push(1);
                put_u32(out, p.part);
                put_u32(out, p.of);
            }
            None => out.push(0),
        }
        put_u32(out, e.words);
        let outline: Vec<&Block> = e.blocks.iter().filter(|b| b.is_outline()).collect();
        put_u32(out, u32::try_from(outline.len()).unwrap_or(u32::MAX));
        for b in outline {
            put_block(out, b);
        }
        put_u32(out, u32::try_from(e.tags.len()).unwrap_or(u32::MAX));
        for t in &e.tags {
            put_str(out, t);
        }
        put_opt_str(out, e.url.as_deref());
        put_opt_str(out, e.collection.as_deref());
        put_opt_u32(out, e.teaser);
    }
}

pub(super) struct Reader<'a> {
    b: &'a [u8],
}

impl<'a> Reader<'a> {
    fn new(b: &'a [u8]) -> Self {
        Reader { b }
    }

    fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.b.len() {
            return None;
        }
        let (head, rest) = self.b.split_at(n);
        self.b = rest;
        Some(head)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.bytes(1)?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.bytes(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.bytes(8)?.try_into().ok()?))
    }

    fn u128(&mut self) -> Option<u128> {
        Some(u128::from_le_bytes(self.bytes(16)?.try_into().ok()?))
    }

    fn str(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        let s = simdutf8::basic::from_utf8(self.bytes(n)?).ok()?;
        Some(s.to_string())
    }

    fn opt_u32(&mut self) -> Option<Option<u32>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.u32()?)),
            _ => None,
        }
    }

    /// A block as [`put_block`] wrote it.
    fn block(&mut self) -> Option<Block> {
        let kind = match self.u8()? {
            0 => BlockKind::Paragraph,
            1 => BlockKind::Heading { level: self.u8()? },
            2 => BlockKind::Caption,
            3 => BlockKind::AuthorNote,
            4 => BlockKind::ListItem {
                depth: self.u8()?,
                number: self.opt_u32()?,
            },
            5 => BlockKind::Quote,
            6 => BlockKind::Preformatted,
            _ => return None,
        };
        let text = self.str()?;
        let n = self.count(9)?;
        let mut spans = Vec::with_capacity(n);
        for _ in 0..n {
            let (start, end) = (self.u32()?, self.u32()?);
            let style = match self.u8()? {
                0 => Style::Emphasis,
                1 => Style::Strong,
                2 => Style::Code,
                3 => Style::Link { url: self.str()? },
                _ => return None,
            };
            spans.push(Span { start, end, style });
        }
        let block = Block::new(kind, text).with_spans(spans.clone());
        // Spans that do not fit the text mean a damaged file.
        (block.spans.len() == spans.len()).then_some(block)
    }

    fn opt_str(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.str()?)),
            _ => None,
        }
    }

    /// A count of items that each take at least `min` bytes: bounded by
    /// what is left, so a damaged count cannot make us allocate much.
    fn count(&mut self, min: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.saturating_mul(min) <= self.b.len()).then_some(n)
    }
}

/// Where the outline is (offset, length, hash), if the header's magic,
/// version and parser fingerprint are this binary's.
pub(super) fn decode_header(header: &[u8; HEADER]) -> Option<(u64, u64, u64)> {
    let mut h = Reader::new(header);
    if h.bytes(8)? != MAGIC || h.u32()? != VERSION || h.u64()? != fingerprint() {
        return None;
    }
    Some((h.u64()?, h.u64()?, h.u64()?))
}

pub(super) fn decode_outline(b: &[u8]) -> Option<HashMap<String, Cached>> {
    let mut r = Reader::new(b);
    let n = r.count(76)?;
    let mut files = HashMap::with_capacity(n);
    for _ in 0..n {
        let source = r.str()?;
        let stamp = Stamp {
            size: r.u64()?,
            mtime_ns: r.u128()?,
            ctime_ns: r.u128()?,
        };
        let blob = (r.u64()?, r.u64()?, r.u64()?);
        let nw = r.count(4)?;
        let warnings = (0..nw).map(|_| r.str()).collect::<Option<Vec<_>>>()?;
        let ne = r.count(20)?;
        let mut entries = Vec::with_capacity(ne);
        for _ in 0..ne {
            entries.push(decode_entry(&mut r, &source)?);
        }
        files.insert(
            source,
            Cached {
                stamp,
                entries,
                warnings,
                blob,
            },
        );
    }
    r.b.is_empty().then_some(files)
}

pub(super) fn decode_entry(r: &mut Reader<'_>, source: &str) -> Option<Entry> {
    let id = r.str()?;
    let title = r.str()?;
    let author = r.opt_str()?;
    let date = match r.u8()? {
        0 => None,
        1 => {
            let days = i32::from_le_bytes(r.bytes(4)?.try_into().ok()?);
            Some(NaiveDate::from_num_days_from_ce_opt(days)?)
        }
        _ => return None,
    };
    let kind = match r.u8()? {
        0 => Kind::Article,
        1 => Kind::Excerpt,
        _ => return None,
    };
    let page = match r.u8()? {
        0 => None,
        1 => Some(PageRef {
            source: source.to_string(),
            part: r.u32()?,
            of: r.u32()?,
        }),
        _ => return None,
    };
    let words = r.u32()?;
    let nb = r.count(9)?;
    let mut blocks = Vec::with_capacity(nb);
    for _ in 0..nb {
        blocks.push(r.block()?);
    }
    let nt = r.count(4)?;
    let mut tags = Vec::with_capacity(nt);
    for _ in 0..nt {
        tags.push(r.str()?);
    }
    Some(Entry {
        id,
        title,
        author,
        date,
        kind,
        source: source.to_string(),
        page,
        blocks,
        words,
        tags,
        url: r.opt_str()?,
        collection: r.opt_str()?,
        teaser: r.opt_u32()?,
    })
}

/// Replaces each entry's outline with every block from its text blob.
pub(super) fn fill_blocks(blob: &[u8], c: &mut Cached) -> bool {
    let mut r = Reader::new(blob);
    let mut all = Vec::with_capacity(c.entries.len());
    for _ in 0..c.entries.len() {
        let Some(n) = r.count(9) else { return false };
        let mut blocks = Vec::with_capacity(n);
        for _ in 0..n {
            let Some(b) = r.block() else { return false };
            blocks.push(b);
        }
        all.push(blocks);
    }
    if !r.b.is_empty() {
        return false;
    }
    for (e, blocks) in c.entries.iter_mut().zip(all) {
        e.blocks = blocks;
    }
    true
}
