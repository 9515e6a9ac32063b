//! Metadata lines at the top and bottom of an article (or of one teaser).
//!
//! Owns [`Meta`], [`scan_header`] and [`scan_footer`]. The header is the run
//! of the first few non-blank lines that are a byline, a date, a title line
//! or an ignorable field (`Source: …`, a `=====` rule); it stops at the first
//! other line. The footer is up to two last non-blank lines that are a date
//! or a byline. Those lines are never body text.

use super::byline::{self, Byline};
use super::date::{self, DateLine};
use super::title;
use chrono::NaiveDate;

/// What the header and footer said about an entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<NaiveDate>,
    /// From `Tags:`, `Categories:` or `Filed under:` lines (comma-separated).
    pub tags: Vec<String>,
    /// From a `URL:` or `Link:` line.
    pub url: Option<String>,
}

/// How many non-blank lines at the top may be metadata.
const HEADER_LINES: usize = 6;

/// How many non-blank lines at the bottom may be metadata.
const FOOTER_LINES: usize = 2;

/// A title line has at most this many words.
const TITLE_WORDS: usize = 15;

/// Fields of exported files that are metadata, not text: dropped.
const IGNORED_FIELDS: &[&str] = &["source", "kind"];

/// Fields that list the entry's tags, comma-separated.
const TAG_FIELDS: &[&str] = &["tags", "tag", "categories", "category", "filed under"];

/// Fields that give the entry's address.
const URL_FIELDS: &[&str] = &["url", "link"];

/// Reads the header of `lines`, filling `meta`; returns where the body starts.
pub fn scan_header(lines: &[&str], meta: &mut Meta, warnings: &mut Vec<String>) -> usize {
    let mut seen = 0;
    let mut body_start = 0;
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() {
            continue;
        }
        seen += 1;
        if seen > HEADER_LINES {
            break;
        }
        if let Some(b) = byline::parse_byline(line) {
            take_byline(meta, b, warnings);
        } else if let Some(d) = date::parse_date_line(line) {
            take_date(meta, d, warnings);
        } else if is_ignored(line) {
            // Dropped.
        } else if let Some(tags) = TAG_FIELDS.iter().find_map(|f| field(line, f)) {
            let tags = tags.split(',').map(|t| t.trim().to_string());
            meta.tags.extend(tags.filter(|t| !t.is_empty()));
        } else if let Some(url) = URL_FIELDS.iter().find_map(|f| field(line, f)) {
            meta.url.get_or_insert_with(|| url.to_string());
        } else if meta.title.is_none()
            && let Some(t) = title_at(lines, i)
        {
            meta.title = Some(t);
        } else {
            break;
        }
        body_start = i + 1;
    }
    body_start
}

/// Reads the footer of `lines[start..]`, filling `meta`; returns where the
/// body ends.
pub fn scan_footer(
    lines: &[&str],
    start: usize,
    meta: &mut Meta,
    warnings: &mut Vec<String>,
) -> usize {
    let mut end = lines.len();
    for _ in 0..FOOTER_LINES {
        while end > start && lines[end - 1].is_empty() {
            end -= 1;
        }
        if end <= start {
            break;
        }
        let line = lines[end - 1];
        if let Some(d) = date::parse_date_line(line) {
            take_date(meta, d, warnings);
        } else if let Some(b) = byline::parse_byline(line) {
            take_byline(meta, b, warnings);
        } else {
            break;
        }
        end -= 1;
    }
    end
}

fn take_byline(meta: &mut Meta, b: Byline, warnings: &mut Vec<String>) {
    if meta.author.is_none() {
        meta.author = Some(b.name);
    }
    if let Some(d) = b.date {
        take_date(meta, d, warnings);
    }
}

fn take_date(meta: &mut Meta, d: DateLine, warnings: &mut Vec<String>) {
    if let Some(w) = d.warning() {
        warnings.push(w);
    }
    if meta.date.is_none() {
        meta.date = d.date();
    }
}

/// A rule (`=====`, `-----`, `***`) or a metadata field of an exported file.
fn is_ignored(line: &str) -> bool {
    is_rule(line)
        || IGNORED_FIELDS.iter().any(|f| {
            date::strip_word_ci(line, f).is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
}

fn is_rule(line: &str) -> bool {
    line.len() >= 3
        && line
            .bytes()
            .all(|b| matches!(b, b'=' | b'-' | b'*' | b'_' | b' '))
}

/// The title at line `i`: a Markdown `# Title`, a `Title: …` field, or a
/// title-like line followed by a byline or date, or standing alone as a
/// one-line paragraph with more text after it.
fn title_at(lines: &[&str], i: usize) -> Option<String> {
    let line = lines[i];
    if let Some(t) = markdown_heading(line).or_else(|| field(line, "title")) {
        let t = title::clamp(t);
        return (!t.is_empty()).then_some(t);
    }
    let next = lines[i + 1..].iter().position(|l| !l.is_empty())? + i + 1;
    // A metadata line right after it (byline, date, `Source: …`) makes the
    // line a title even when it ends in a period, as exported titles that
    // were whole sentences do.
    let followed = byline::parse_byline(lines[next]).is_some()
        || date::parse_date_line(lines[next]).is_some()
        || is_ignored(lines[next]);
    let bare = line.trim_end().trim_end_matches('.');
    if followed && title::is_title_like(bare, TITLE_WORDS) {
        return Some(title::clamp(line));
    }
    // A byline on the very next line claims the line above it as the
    // title, whatever its case; otherwise the two would run together into
    // one paragraph and the byline would be lost in it.
    let byline_under = next == i + 1 && byline::parse_byline(lines[next]).is_some();
    if byline_under && title::is_title_like_in(bare, TITLE_WORDS, title::Case::Any) {
        return Some(title::clamp(line));
    }
    let alone = lines.get(i + 1).is_some_and(|l| l.is_empty() || is_rule(l));
    (alone && title::is_title_like(line, TITLE_WORDS)).then(|| title::clamp(line))
}

/// `Title: The Text` -> `The Text`.
fn field<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let rest = date::strip_word_ci(line, name)?.trim_start();
    let value = rest.strip_prefix(':')?.trim();
    (!value.is_empty()).then_some(value)
}

/// `## Heading ##` -> `Heading`.
pub fn markdown_heading(line: &str) -> Option<&str> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = line[hashes..].strip_prefix([' ', '\t'])?;
    let text = rest.trim().trim_end_matches('#').trim_end();
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(text: &str) -> (Meta, usize) {
        let lines: Vec<&str> = text.lines().collect();
        let mut meta = Meta::default();
        let start = scan_header(&lines, &mut meta, &mut Vec::new());
        (meta, start)
    }

    #[test]
    fn title_then_byline_then_date() {
        let (m, start) = header("My Title\nBy Jane Doe\nApril 1, 2009\n\nBody text here.");
        assert_eq!(m.title.as_deref(), Some("My Title"));
        assert_eq!(m.author.as_deref(), Some("Jane Doe"));
        assert_eq!(m.date, NaiveDate::from_ymd_opt(2009, 4, 1));
        assert_eq!(start, 3);
    }

    #[test]
    fn a_lowercase_title_keeps_the_byline_under_it() {
        let (m, start) = header("same title\nBy Sam Same\n\nSome text here about things.");
        assert_eq!(m.title.as_deref(), Some("same title"));
        assert_eq!(m.author.as_deref(), Some("Sam Same"));
        assert_eq!(start, 2);
        // A lowercase sentence with a blank line before the byline stays
        // body text.
        let (m, start) = header("same old story here\n\nBy Sam Same\n\nText.");
        assert_eq!((m.title, start), (None, 0));
    }

    #[test]
    fn long_first_paragraph_is_body() {
        let (m, start) = header("By Jane Doe\n\nThis is a sentence that starts the body.\n");
        assert_eq!(m.title, None);
        assert_eq!(start, 1);
        let (m, _) = header("A short wrapped line\nthat goes on here.\n\nMore.");
        assert_eq!(m.title, None);
    }

    #[test]
    fn footer_dates_and_impossible_dates() {
        let lines = ["Body.", "", "February 30, 2008"];
        let mut meta = Meta::default();
        let mut w = Vec::new();
        assert_eq!(scan_footer(&lines, 0, &mut meta, &mut w), 1);
        assert_eq!(meta.date, None);
        assert_eq!(w, vec!["impossible date 'February 30, 2008' ignored"]);
    }

    #[test]
    fn tag_and_url_fields_are_metadata() {
        let (m, start) =
            header("A Title\nBy Jane Doe\nTags: Support, SaaS ,\nURL: https://e.com/a\n\nBody.");
        assert_eq!(m.tags, ["Support", "SaaS"]);
        assert_eq!(m.url.as_deref(), Some("https://e.com/a"));
        assert_eq!(m.title.as_deref(), Some("A Title"));
        assert_eq!(start, 4, "the body starts after the fields");
    }

    #[test]
    fn title_before_an_export_source_field() {
        let (m, start) =
            header("It's time to reinvent Support.\nSource: builtin/x.txt\n\nBody text here.");
        assert_eq!(m.title.as_deref(), Some("It's time to reinvent Support."));
        assert_eq!(start, 2);
        let (m, _) = header("Field Notes Number 24\nSource: gen/24.txt\n\nBody.");
        assert_eq!(m.title.as_deref(), Some("Field Notes Number 24"));
        let (m, _) = header("A sentence that ends here.\n\nBody.");
        assert_eq!(m.title, None);
    }

    #[test]
    fn markdown_headings() {
        assert_eq!(markdown_heading("## Hello ##"), Some("Hello"));
        assert_eq!(markdown_heading("#hashtag"), None);
        assert_eq!(markdown_heading("####### seven"), None);
    }
}
