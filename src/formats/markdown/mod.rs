//! Markdown files: front matter ([`front_matter`], [`meta`]), a CommonMark
//! body ([`body`], with [`inline`] text and the [`html`] it may hold), and
//! our own combined export ([`combined`]), read into entries.
//!
//! # Title
//! 1. The front matter's `title`. When the body opens with a level-1
//!    heading of the same text (compared without case and spacing, as our
//!    own export writes it), that heading is dropped.
//! 2. Else a level-1 heading that opens the body is the title, and not a
//!    block.
//! 3. Else the shared rule of [`build_entry`]: the first paragraph's
//!    opening, or the file's name.
//!
//! # Date
//! The front matter's (see [`meta`]); else a Jekyll file name's
//! (`2008-05-15-slug.md`).
//!
//! A file whose front matter says `entries: N` and whose body holds
//! anchors each followed by a `# Title` is a combined export: one entry
//! per anchor, numbered from 1 for their ids.

mod body;
mod combined;
mod front_matter;
mod html;
mod inline;
mod meta;
mod simple_yaml;
mod yaml_size;

use crate::formats::build_entry;
use crate::model::{Block, BlockKind};
use crate::parse::ParseOutput;
use body::Item;
use chrono::NaiveDate;
use std::borrow::Cow;

/// Parses one Markdown file. `file_hash` is [`crate::id::content_hash`]
/// of its bytes.
pub fn parse(source: &str, text: &str, file_hash: u64) -> ParseOutput {
    let text = unix_newlines(text);
    let mut warnings = Vec::new();
    let split = front_matter::split(&text, &mut warnings);
    let front = meta::read(&split.fields, &mut warnings);
    let items = body::read(split.body, front.marks);
    if let Some(declared) = front.entries
        && let Some(entries) = combined::split(source, &items, declared, file_hash, &mut warnings)
    {
        return ParseOutput { entries, warnings };
    }
    let mut meta = front.meta;
    let mut blocks: Vec<Block> = items
        .into_iter()
        .filter_map(|item| match item {
            Item::Block(b) => Some(b),
            Item::Marker(_) => None,
        })
        .collect();
    let opening = blocks
        .first()
        .filter(|b| b.kind == BlockKind::Heading { level: 1 })
        .map(|b| b.text.clone());
    if let Some(heading) = opening {
        let repeats = meta
            .title
            .as_deref()
            .is_none_or(|t| same_title(t, &heading));
        if repeats {
            blocks.remove(0);
            meta.title.get_or_insert(heading);
        }
    }
    meta.date = meta.date.or_else(|| jekyll_date(source));
    if blocks.is_empty() && meta.title.is_none() {
        warnings.push("no text found".to_string());
        return ParseOutput {
            entries: Vec::new(),
            warnings,
        };
    }
    let entry = build_entry(source, meta, blocks, file_hash, 0);
    ParseOutput {
        entries: vec![entry],
        warnings,
    }
}

/// `\r\n` and lone `\r` as `\n`, so code blocks and front matter see one
/// kind of line end (borrowed when there is none to change).
fn unix_newlines(text: &str) -> Cow<'_, str> {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Whether two titles are the same but for case and spacing.
fn same_title(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
}

/// The date a Jekyll post's file name starts with (`2008-05-15-slug.md`).
fn jekyll_date(source: &str) -> Option<NaiveDate> {
    let name = source.rsplit(['/', '\\']).next().unwrap_or(source);
    let date = name.get(..10)?;
    if name.as_bytes().get(10) != Some(&b'-')
        || !date.bytes().all(|b| b.is_ascii_digit() || b == b'-')
    {
        return None;
    }
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests;
