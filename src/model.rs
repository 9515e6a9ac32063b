//! The archive's data model: plain data, no I/O, no UI.
//!
//! An [`Entry`] is one readable item: a whole article, or one teaser
//! ([`Kind::Excerpt`]) cut from an index page. Its body is a list of
//! [`Block`]s. Everything else in the crate (parser, queries, search, export)
//! produces or consumes these types.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Whether an entry is a full article or a teaser from an index page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Article,
    Excerpt,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::Excerpt => "excerpt",
        }
    }

    /// Parses `article` / `excerpt` (case-insensitive).
    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "article" | "articles" => Some(Kind::Article),
            "excerpt" | "excerpts" | "teaser" => Some(Kind::Excerpt),
            _ => None,
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What one block of an entry's body is.
///
/// Serialized inside its [`Block`] as `"type"` (plus `level`, `depth` and
/// `number` where they apply), so a plain paragraph is
/// `{"type": "paragraph", "text": "…"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BlockKind {
    /// Body text.
    Paragraph,
    /// A section heading; `level` 1–6 as in HTML, where the entry's title
    /// stands above level 1 (the built-in sections are level 2).
    Heading {
        #[serde(default = "BlockKind::section_level")]
        level: u8,
    },
    /// One item of a list; `depth` 0 for the outermost list, `number` for
    /// an ordered list's item, `None` for a bullet.
    ListItem {
        #[serde(default)]
        depth: u8,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        number: Option<u32>,
    },
    /// A quoted passage.
    Quote,
    /// Preformatted text (code, verse, tables as text): its line breaks
    /// and spaces are kept.
    Preformatted,
    /// An image or figure caption (in the built-in corpus, glued onto the
    /// next paragraph by the scraper and split off again by the parser).
    Caption,
    /// A note about the author, set apart from the body
    /// (e.g. `(Robert Butche is the Publisher of Newsroom Magazine.)`).
    AuthorNote,
}

impl BlockKind {
    /// The level of a section heading in the built-in articles.
    pub const SECTION: u8 = 2;

    fn section_level() -> u8 {
        Self::SECTION
    }

    /// A section heading of the built-in kind (level 2).
    pub const fn section() -> BlockKind {
        BlockKind::Heading {
            level: Self::SECTION,
        }
    }

    pub fn is_heading(self) -> bool {
        matches!(self, BlockKind::Heading { .. })
    }
}

/// How a run of text inside a block is set.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "style", rename_all = "snake_case")]
pub enum Style {
    Emphasis,
    Strong,
    /// Code or another run of literal text.
    Code,
    /// A link to `url`.
    Link {
        url: String,
    },
}

/// A style over the bytes `start..end` of a block's text (both on
/// character boundaries). Spans may nest (a link inside emphasis) but do
/// not overlap otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
    #[serde(flatten)]
    pub style: Style,
}

/// One block of an entry's body, in reading order: its kind, its text
/// (plain, what search, word counts and highlights see) and the inline
/// styles over that text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    #[serde(flatten)]
    pub kind: BlockKind,
    pub text: String,
    /// Sorted by `start`, then longest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<Span>,
}

impl Block {
    /// A block of `kind` with plain text.
    pub fn new(kind: BlockKind, text: impl Into<String>) -> Block {
        Block {
            kind,
            text: text.into(),
            spans: Vec::new(),
        }
    }

    pub fn paragraph(text: impl Into<String>) -> Block {
        Block::new(BlockKind::Paragraph, text)
    }

    /// A section heading of the built-in kind (level 2).
    pub fn heading(text: impl Into<String>) -> Block {
        Block::new(BlockKind::section(), text)
    }

    pub fn caption(text: impl Into<String>) -> Block {
        Block::new(BlockKind::Caption, text)
    }

    pub fn author_note(text: impl Into<String>) -> Block {
        Block::new(BlockKind::AuthorNote, text)
    }

    /// The block with these inline styles (kept only where they fall on
    /// the text's character boundaries, and sorted).
    pub fn with_spans(mut self, spans: Vec<Span>) -> Block {
        let t = &self.text;
        let fits = |s: &Span| {
            s.start < s.end
                && t.is_char_boundary(s.start as usize)
                && t.is_char_boundary(s.end as usize)
                && (s.end as usize) <= t.len()
        };
        self.spans = spans.into_iter().filter(fits).collect();
        self.spans
            .sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        self
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_heading(&self) -> bool {
        self.kind.is_heading()
    }

    /// True for the blocks whose words count as body text (everything but
    /// captions and author notes).
    pub fn is_body_text(&self) -> bool {
        !matches!(self.kind, BlockKind::Caption | BlockKind::AuthorNote)
    }

    /// True for the blocks an outline keeps: headings and captions.
    pub fn is_outline(&self) -> bool {
        matches!(self.kind, BlockKind::Heading { .. } | BlockKind::Caption)
    }
}

/// Where an excerpt came from: the index page and the teaser's position on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRef {
    /// The `source` of the index page (same form as [`Entry::source`]).
    pub source: String,
    /// 1-based position of the teaser on that page.
    pub part: u32,
    /// How many teasers the page holds.
    pub of: u32,
}

/// One readable item of the archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable lowercase slug `[a-z0-9-]`, unique within a loaded archive and
    /// identical on every run and machine (see `crate::id`).
    pub id: String,
    /// Non-empty, at most 80 characters.
    pub title: String,
    pub author: Option<String>,
    pub date: Option<NaiveDate>,
    pub kind: Kind,
    /// `builtin/<file name>` for the embedded corpus, or the file's path as loaded.
    pub source: String,
    /// For excerpts: the page they came from.
    pub page: Option<PageRef>,
    pub blocks: Vec<Block>,
    /// Words of body text (every block but captions and author notes).
    pub words: u32,
    /// Tags and categories, as the file gives them (deduplicated, in
    /// their first order).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Where the text was published (a page's canonical URL, a post's
    /// link, a front matter's `source_url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The book or issue the entry is a part of (an EPUB's title).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection: Option<String>,
    /// How many of the leading blocks are the entry's teaser, when the
    /// file marks one (WordPress's `<!--more-->`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teaser: Option<u32>,
}

/// Average adult silent-reading speed used for "reading time".
pub const WORDS_PER_MINUTE: u32 = 230;

impl Entry {
    /// Section headings, in order.
    pub fn sections(&self) -> impl Iterator<Item = &str> {
        self.blocks
            .iter()
            .filter(|b| b.is_heading())
            .map(|b| b.text.as_str())
    }

    /// Captions, in order.
    pub fn captions(&self) -> impl Iterator<Item = &str> {
        self.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Caption)
            .map(|b| b.text.as_str())
    }

    /// Whether the title is only the opening of the text: what the parser
    /// makes of a file without a title (its first sentence, perhaps cut
    /// with "…"). A reader then shows it once, in the text.
    pub fn title_is_opening(&self) -> bool {
        let title = self.title.trim_end_matches('…');
        let title: Vec<&str> = title.split_whitespace().collect();
        if title.is_empty() {
            return false;
        }
        let Some(first) = self.first_paragraph() else {
            return false;
        };
        let mut words = first.split_whitespace();
        let (last, whole) = title.split_last().unwrap_or((&"", &[]));
        // Every word but the last whole; the last may be cut short.
        whole.iter().all(|w| words.next() == Some(*w))
            && words.next().is_some_and(|w| w.starts_with(last))
    }

    /// Estimated reading time in whole minutes (at least 1).
    pub fn reading_minutes(&self) -> u32 {
        self.words.div_ceil(WORDS_PER_MINUTE).max(1)
    }

    /// The first paragraph's text, if any.
    pub fn first_paragraph(&self) -> Option<&str> {
        self.blocks
            .iter()
            .find(|b| b.kind == BlockKind::Paragraph)
            .map(|b| b.text.as_str())
    }

    /// The two fields that go together, for building an entry with struct
    /// update syntax (`Entry { id, title, …, ..Entry::with_blocks(blocks) }`):
    /// the blocks and their word count, so the count is never written by
    /// hand. Every other field is empty.
    pub fn with_blocks(blocks: Vec<Block>) -> Entry {
        Entry {
            id: String::new(),
            title: String::new(),
            author: None,
            date: None,
            kind: Kind::Article,
            source: String::new(),
            page: None,
            words: Entry::count_words(&blocks),
            blocks,
            tags: Vec::new(),
            url: None,
            collection: None,
            teaser: None,
        }
    }

    /// The entry with this id (builder style, after [`Entry::with_blocks`]:
    /// `Entry::with_blocks(blocks).with_id("a").with_title("A")`), for
    /// importers and test fixtures alike.
    pub fn with_id(mut self, id: &str) -> Entry {
        self.id = id.to_string();
        self
    }

    pub fn with_title(mut self, title: &str) -> Entry {
        self.title = title.to_string();
        self
    }

    /// By `author` (`"Jane Doe"`, or an `Option` that may be `None`).
    pub fn with_author<'a>(mut self, author: impl Into<Option<&'a str>>) -> Entry {
        self.author = author.into().map(str::to_string);
        self
    }

    /// Dated `(year, month, day)` (or an `Option` of it); an impossible
    /// date leaves it undated.
    pub fn with_date(mut self, date: impl Into<Option<(i32, u32, u32)>>) -> Entry {
        self.date = date
            .into()
            .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
        self
    }

    pub fn with_kind(mut self, kind: Kind) -> Entry {
        self.kind = kind;
        self
    }

    pub fn with_source(mut self, source: &str) -> Entry {
        self.source = source.to_string();
        self
    }

    /// Recomputes [`Entry::words`] from the blocks.
    pub fn count_words(blocks: &[Block]) -> u32 {
        let n: usize = blocks
            .iter()
            .filter(|b| b.is_body_text())
            .map(|b| count_words(b.text()))
            .sum();
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}

/// Counts whitespace-separated tokens that contain at least one letter or digit
/// (so a lone dash is not a word).
///
/// Same result as `split_whitespace().filter(any alphanumeric).count()`, but
/// over 64 bytes at a time with bit masks: this runs over every byte of a
/// 400 MB archive while loading. ASCII bytes are classified eight at a time
/// without branches; only the lead bytes of other characters are looked at
/// one by one, with a fast path for the General Punctuation block (curly
/// quotes, dashes, thin spaces: `E2 80 xx`). A token is counted at its first
/// letter or digit.
pub fn count_words(text: &str) -> usize {
    let b = text.as_bytes();
    let (mut count, mut seen) = (0usize, false);
    let mut chunks = b.chunks_exact(64);
    let mut base = 0;
    for chunk in &mut chunks {
        count += count_chunk(text, base, chunk, &mut seen);
        base += 64;
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        // Zero bytes are neither letters nor spaces: they change nothing.
        let mut padded = [0u8; 64];
        padded[..tail.len()].copy_from_slice(tail);
        count += count_chunk(text, base, &padded, &mut seen);
    }
    count
}

/// [`count_words`] over the 64 bytes of `text` from `base` (`chunk`, which
/// may be zero-padded past the end of `text`). `seen` says whether the
/// current token already has a letter or digit, on entry and on exit.
///
/// With bit masks `a` (letters and digits) and `s` (spaces), a letter
/// starts a counted word exactly when the nearest letter or space before it
/// is a space. Adding `s` to `!a` makes each space a carry that runs over
/// spaces and other bytes and stops at the first letter after it, setting
/// that letter's bit: those bits are the words. A carry out of the top bit
/// means the chunk ends after a space with no letter since. A character of
/// several bytes is classified at its lead byte; its other bytes are
/// neither letters nor spaces, so carries run over them.
fn count_chunk(text: &str, base: usize, chunk: &[u8], seen: &mut bool) -> usize {
    let (mut a, mut s, mut high) = (0u64, 0u64, 0u64);
    for (g, group) in chunk.chunks_exact(8).enumerate() {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(group);
        let (alnum, space, hi) = classify8(u64::from_le_bytes(bytes));
        a |= alnum << (8 * g);
        s |= space << (8 * g);
        high |= hi << (8 * g);
    }
    while high != 0 {
        let i = high.trailing_zeros() as usize;
        high &= high - 1;
        let lead = chunk[i];
        if lead < 0xC0 {
            continue; // a continuation byte
        }
        let at = base + i;
        let (space, alnum) = if lead == 0xE2 && text.as_bytes().get(at + 1) == Some(&0x80) {
            // U+2000..=U+203F: no letters or digits; spaces are
            // U+2000..=U+200A, U+2028, U+2029 and U+202F.
            let low = text.as_bytes().get(at + 2).copied().unwrap_or(0);
            (matches!(low, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF), false)
        } else {
            match text.get(at..).and_then(|t| t.chars().next()) {
                Some(ch) => (ch.is_whitespace(), ch.is_alphanumeric()),
                None => (false, false),
            }
        };
        a |= u64::from(alnum) << i;
        s |= u64::from(space) << i;
    }
    let (partial, c1) = (!a).overflowing_add(s);
    let (sum, c2) = partial.overflowing_add(u64::from(!*seen));
    *seen = !(c1 | c2);
    (sum & a).count_ones() as usize
}

const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Masks (bit `i` for byte `i`) of the letters and digits, of the
/// whitespace, and of the bytes of 0x80 and above among eight bytes: the
/// first two as `char::is_alphanumeric` and `char::is_whitespace` see ASCII
/// bytes (bytes of 0x80 and above are in neither).
fn classify8(x: u64) -> (u64, u64, u64) {
    let high = x & HIGH;
    // With the high bits cleared, the high bit of each byte of
    // `b + (0x80 - lo)` says `b >= lo`, and no byte carries into the next.
    let x = x & !HIGH;
    let in_range = |x: u64, lo: u8, hi: u8| {
        let at_least = x.wrapping_add(LOW * u64::from(0x80 - lo));
        let above = x.wrapping_add(LOW * u64::from(0x7F - hi));
        at_least & !above & HIGH
    };
    let letters = in_range(x | (LOW * 0x20), b'a', b'z');
    let digits = in_range(x, b'0', b'9');
    let spaces = in_range(x, b'\t', b'\r') | in_range(x, b' ', b' ');
    // Gathers the eight high bits into the low byte.
    let gather = |m: u64| m.wrapping_mul(0x0002_0408_1020_4081) >> 56;
    (
        gather((letters | digits) & !high),
        gather(spaces & !high),
        gather(high),
    )
}

/// How much of each entry a load keeps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Text {
    /// Every block of every entry (the default).
    #[default]
    Full,
    /// Only the outline: section headings and captions, with everything
    /// else (metadata, word count) as a full load has it: enough to list,
    /// count and chart the archive without holding its text.
    Outline,
}

/// A non-fatal problem found while loading: the file, and what was wrong.
/// The rest of the load goes on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// The file's path as loaded (or `builtin/<name>`).
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Warning {
    /// `PATH: message` on one line: control characters in either (a file
    /// name may hold a newline) are escaped, so one warning can never read
    /// as two.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (path, message) = (escape_controls(&self.path), escape_controls(&self.message));
        write!(f, "{path}: {message}")
    }
}

/// `s` with its control characters (and the line separators and bidi
/// overrides that can make text look like other text) written as escapes
/// (`\n`, `\t`, `\u{202e}`), so that text from outside (a file name, a
/// query) prints on one line and cannot pass for program output. Borrowed
/// when there is nothing to escape.
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    let hostile =
        |c: char| c.is_control() || matches!(c, '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(hostile) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hostile(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_made_of_the_opening_is_known() {
        let e = |title: &str, first: &str| {
            Entry::with_blocks(vec![Block::caption("A picture"), Block::paragraph(first)])
                .with_title(title)
        };
        let text =
            "History is full of examples of what ultimately happens to those who cannot adapt.";
        assert!(
            e(
                "History is full of examples of what ultimately happens to those who cannot…",
                text
            )
            .title_is_opening()
        );
        assert!(
            e(
                "History is full of examples of what ultimately happens to those who cannot adapt.",
                text
            )
            .title_is_opening()
        );
        assert!(e("History is full of exam…", text).title_is_opening());
        assert!(!e("The Battleship", text).title_is_opening());
        assert!(!e("History is full of errors", text).title_is_opening());
        assert!(!e("", text).title_is_opening());
    }

    #[test]
    fn an_entry_is_built_field_by_field_with_its_word_count() {
        let e = Entry::with_blocks(vec![Block::paragraph("Two words.")])
            .with_id("a-1")
            .with_title("A")
            .with_author("Jane Doe")
            .with_date((2007, 3, 24))
            .with_kind(Kind::Excerpt)
            .with_source("x.txt");
        assert_eq!((e.id.as_str(), e.title.as_str()), ("a-1", "A"));
        assert_eq!(e.author.as_deref(), Some("Jane Doe"));
        assert_eq!(e.date, NaiveDate::from_ymd_opt(2007, 3, 24));
        assert_eq!(
            (e.kind, e.source.as_str(), e.words),
            (Kind::Excerpt, "x.txt", 2)
        );
        let undated = e.with_date((2008, 2, 30)).with_author(None);
        assert_eq!((undated.date, undated.author), (None, None));
    }

    #[test]
    fn a_warning_prints_on_one_line_whatever_the_file_name() {
        let w = Warning {
            path: "dir/new\nwarning: forged.txt".into(),
            message: "skipped: empty file".into(),
        };
        assert_eq!(
            w.to_string(),
            "dir/new\\nwarning: forged.txt: skipped: empty file"
        );
        assert_eq!(
            escape_controls("a\u{202e}b\tc\u{1b}[0m"),
            "a\\u{202e}b\\tc\\u{1b}[0m"
        );
        assert!(matches!(
            escape_controls("plain é"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    /// The definition `count_words` must agree with.
    fn naive(t: &str) -> usize {
        t.split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
    }

    #[test]
    fn count_words_matches_the_unicode_definition() {
        for t in [
            "",
            "  one two\tthree\nfour\r\nfive\x0bsix\x0c ",
            "a — b – c - d",
            "caf\u{e9} na\u{ef}ve\u{a0}word\u{2003}x\u{3000}y",
            "It’s “quoted” 2007 ’80’s !!! ... x",
            "\u{85}tail\u{2028}line",
        ] {
            assert_eq!(count_words(t), naive(t), "{t:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn count_words_agrees_with_the_naive_count(
            t in "([a-z0-9 \t\n\r\x0b\x0c.,!-]|\u{a0}|\u{85}|\u{e9}|\u{2000}|\u{200a}|\u{200b}|\u{2014}|\u{2019}|\u{2028}|\u{202f}|\u{205f}|\u{2070}|\u{3000}|\u{1f600}){0,40}"
        ) {
            proptest::prop_assert_eq!(count_words(&t), naive(&t));
        }

        #[test]
        fn count_words_agrees_over_long_ascii_runs(
            t in "([a-z0-9]{1,9}|[ \\t\\n]{1,3}|[-.,!\"&*]{1,2}){0,120}(\u{2019}[a-z ]{0,90}){0,2}"
        ) {
            proptest::prop_assert_eq!(count_words(&t), naive(&t));
        }

        #[test]
        fn count_words_agrees_when_characters_straddle_chunks(
            t in "([a-z]{1,7}|[ \t]|\u{a0}|\u{e9}|\u{2003}|\u{2014}|\u{3000}|\u{1f600}|\\PC){0,300}"
        ) {
            proptest::prop_assert_eq!(count_words(&t), naive(&t));
        }
    }

    #[test]
    fn words_skip_punctuation_tokens() {
        assert_eq!(count_words("It’s a test — really, 30 years."), 6);
        assert_eq!(count_words("   "), 0);
    }

    #[test]
    fn word_count_ignores_captions_and_notes() {
        let blocks = vec![
            Block::caption("Hubble Telescope over Earth"),
            Block::heading("Vision at all Levels"),
            Block::paragraph("One two three."),
            Block::author_note("(Someone is somebody.)"),
        ];
        assert_eq!(Entry::count_words(&blocks), 7);
    }

    #[test]
    fn reading_time_is_at_least_a_minute() {
        let mut e = Entry {
            id: "x".into(),
            title: "x".into(),
            author: None,
            date: None,
            kind: Kind::Article,
            source: "x".into(),
            page: None,
            blocks: vec![],
            words: 0,
            tags: vec![],
            url: None,
            collection: None,
            teaser: None,
        };
        assert_eq!(e.reading_minutes(), 1);
        e.words = 461;
        assert_eq!(e.reading_minutes(), 3);
    }

    #[test]
    fn kind_round_trips() {
        for k in [Kind::Article, Kind::Excerpt] {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Kind::parse("EXCERPT"), Some(Kind::Excerpt));
        assert_eq!(Kind::parse("essay"), None);
    }
}
