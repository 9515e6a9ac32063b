//! The parser: one decoded file's text -> entries plus warnings.
//!
//! Owns [`parse_document`] and [`ParseOutput`]; the steps live in submodules:
//! [`lines`] (line endings, trimming, masthead, teaser markers), [`header`]
//! (title, byline and date lines at the top, date/byline at the bottom),
//! [`byline`], [`date`], [`body`] (paragraphs, headings, author notes),
//! [`caption`] (glued image captions), [`title`] and [`teaser`].
//!
//! # Format
//! Optional masthead (`The HotLine Magazine Archives` / `For The Profession
//! of Cloud/SaaS Product Support`, dropped wherever it stands), then a header
//! of up to six non-blank lines in any order: a title line, a byline, a date
//! line. Paragraphs are separated by blank lines; hard-wrapped lines are
//! joined with one space. The last one or two non-blank lines may be a date
//! or byline. A file with teaser markers (`Continue Reading »`, `Read more`)
//! is an index page (see below). Nothing here ever panics or slices inside a
//! character; impossible dates become "no date" plus a warning.
//!
//! # Title rule
//! 1. If the file (after any masthead) opens with a title line, that is the
//!    title and it is not repeated in the body. A title line is a `# Title`
//!    Markdown heading, a `Title: …` field, or a title-like line — at most 80
//!    characters and 15 words, not ending in `.`, `,`, `;` or `:`, starting
//!    with a capital or digit, not a byline or date — that is either followed
//!    by a byline or date line, or stands alone as a one-line paragraph with
//!    more text after it. It may come before or after the byline and date.
//! 2. Otherwise (as in every built-in file) the title is derived from the
//!    first body paragraph (never a caption, never the masthead): its first
//!    sentence, without a final `.`, if that ends within 80 characters; else
//!    the paragraph's text cut at a word boundary to at most 80 characters
//!    with `…`.
//! 3. If there is no text at all to derive from, the file's stem, then
//!    `Untitled`.
//!
//! Every title is trimmed, on one line and at most 80 characters.
//!
//! # Index pages
//! Each run of paragraphs before a marker is one [`Kind::Excerpt`] with
//! `page = PageRef { source, part: k, of: n }` (parts numbered from 1 over
//! the teasers that have text). Text after the last marker is kept as one
//! more excerpt (a teaser whose marker was lost), so nothing is dropped.
//! Each teaser takes its title by the rule above and its own byline or date
//! if it has one; a byline or date that only the first teaser carries, or
//! that stands alone after the last marker, applies to the whole page.

pub mod body;
pub mod byline;
pub mod caption;
pub mod date;
pub mod header;
pub mod lines;
pub mod teaser;
pub mod title;

pub use byline::{Byline, parse_byline};
pub use date::{DateLine, parse_date_line};

use crate::id;
use crate::model::{Block, BlockKind, Entry, Kind, PageRef};
use header::Meta;

/// What one file parsed into.
#[derive(Debug, Default)]
pub struct ParseOutput {
    pub entries: Vec<Entry>,
    /// Problems worth telling the user about (without the file name).
    pub warnings: Vec<String>,
}

/// One article or teaser as read: its metadata and body.
struct Piece {
    meta: Meta,
    blocks: Vec<Block>,
}

/// Parses one decoded file. `file_hash` is [`id::content_hash`] of its bytes.
pub fn parse_document(source: &str, text: &str, file_hash: u64) -> ParseOutput {
    let prepared = lines::prepare(text);
    let mut warnings = Vec::new();
    let entries = if prepared.cuts.is_empty() {
        let piece = read_piece(&prepared.lines, text, &mut warnings);
        if piece.blocks.is_empty() {
            Vec::new()
        } else {
            vec![build_entry(source, piece, file_hash, None)]
        }
    } else {
        index_page(source, text, &prepared, file_hash, &mut warnings)
    };
    if entries.is_empty() {
        warnings.push("no text found".to_string());
    }
    ParseOutput { entries, warnings }
}

/// Reads one article or teaser: header, footer, body.
fn read_piece(lines: &[&str], doc: &str, warnings: &mut Vec<String>) -> Piece {
    let mut meta = Meta::default();
    let start = header::scan_header(lines, &mut meta, warnings);
    let end = header::scan_footer(lines, start, &mut meta, warnings);
    let mut blocks = body::blocks(&lines[start..end], doc);
    if !blocks.iter().any(Block::is_body_text) {
        // A title line with nothing after it is the text itself.
        match meta.title.take() {
            Some(t) => blocks.insert(0, Block::paragraph(t)),
            None => blocks.clear(),
        }
    }
    Piece { meta, blocks }
}

/// Splits an index page at its markers into excerpts.
fn index_page(
    source: &str,
    doc: &str,
    prepared: &lines::Prepared<'_>,
    file_hash: u64,
    warnings: &mut Vec<String>,
) -> Vec<Entry> {
    let mut bounds = Vec::with_capacity(prepared.cuts.len() + 2);
    bounds.push(0);
    bounds.extend_from_slice(&prepared.cuts);
    bounds.push(prepared.lines.len());
    let pieces: Vec<Piece> = bounds
        .windows(2)
        .map(|w| read_piece(&prepared.lines[w[0]..w[1]], doc, warnings))
        .collect();
    let page = page_meta(&pieces);
    let teasers: Vec<Piece> = pieces
        .into_iter()
        .filter(|p| !p.blocks.is_empty())
        .collect();
    let of = u32::try_from(teasers.len()).unwrap_or(u32::MAX);
    teasers
        .into_iter()
        .zip(1..)
        .map(|(mut p, part)| {
            p.meta.author = p.meta.author.or_else(|| page.author.clone());
            p.meta.date = p.meta.date.or(page.date);
            let page_ref = PageRef {
                source: source.to_string(),
                part,
                of,
            };
            build_entry(source, p, file_hash, Some(page_ref))
        })
        .collect()
}

/// The byline and date that apply to a whole index page: those only the
/// first teaser carries, or those standing alone after the last marker.
fn page_meta(pieces: &[Piece]) -> Meta {
    let mut page = Meta::default();
    let Some((first, rest)) = pieces.split_first() else {
        return page;
    };
    let (tail, others) = match rest.split_last() {
        Some((last, others)) if last.blocks.is_empty() => (Some(last), others),
        _ => (None, rest),
    };
    page.author = tail.and_then(|t| t.meta.author.clone());
    if page.author.is_none() && !others.iter().any(|p| p.meta.author.is_some()) {
        page.author.clone_from(&first.meta.author);
    }
    page.date = tail.and_then(|t| t.meta.date);
    if page.date.is_none() && !others.iter().any(|p| p.meta.date.is_some()) {
        page.date = first.meta.date;
    }
    page
}

/// Makes the entry: title by the title rule, id from title, hash and part.
fn build_entry(source: &str, piece: Piece, file_hash: u64, page: Option<PageRef>) -> Entry {
    let title = piece
        .meta
        .title
        .or_else(|| derive_title(&piece.blocks))
        .unwrap_or_else(|| title::fallback(source));
    let (kind, part) = match &page {
        Some(p) => (Kind::Excerpt, p.part),
        None => (Kind::Article, 0),
    };
    let mut e = Entry {
        id: id::make_id(&title, file_hash, part),
        title,
        author: piece.meta.author,
        date: piece.meta.date,
        kind,
        source: source.to_string(),
        page,
        ..Entry::with_blocks(piece.blocks)
    };
    e.tags = crate::formats::clean_tags(piece.meta.tags);
    e.url = piece.meta.url;
    e
}

/// The title derived from the first paragraph (or heading), if it has text.
fn derive_title(blocks: &[Block]) -> Option<String> {
    let first = blocks
        .iter()
        .find(|b| b.kind == BlockKind::Paragraph)
        .or_else(|| blocks.iter().find(|b| b.is_body_text()))?;
    let t = title::derive(first.text());
    (!t.is_empty()).then_some(t)
}
