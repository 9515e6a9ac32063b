//! The file formats a folder may hold, and what each importer shares.
//!
//! [`route`] decides from a file's name (and, where the name is not
//! enough, its first bytes) how it is read: plain text (the
//! [`crate::parse`] parser, unchanged), an HTML page, Markdown with front
//! matter, an EPUB book, a WordPress export (WXR), a JSON export of this
//! app, or not an article at all (data, images, archives, office files),
//! which is counted but not loaded.
//!
//! Every importer builds its entries with [`Meta`] and [`build_entry`], so
//! titles, names, dates, tags and ids follow one set of rules whatever the
//! format.

pub mod epub;
pub mod html;
pub mod json;
pub mod markdown;
pub mod wxr;

use crate::id;
use crate::model::{Block, Entry, Kind};
use crate::parse::{byline, date, title};
use chrono::NaiveDate;

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Html,
    Markdown,
    Epub,
    /// A WordPress export, read as a stream of posts.
    Wxr,
    /// A JSON export of this app (an array of entries or one entry).
    Json,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "plain text",
            Format::Html => "HTML",
            Format::Markdown => "Markdown",
            Format::Epub => "EPUB",
            Format::Wxr => "WordPress export",
            Format::Json => "JSON export",
        }
    }
}

/// What a file is, as far as the load is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// Read it in this format.
    Read(Format),
    /// Look at its first bytes to decide ([`sniff`]): an `.xml` may be a
    /// WordPress export, a `.json` an export of this app.
    Sniff,
    /// Not an article: counted under this extension (`.png`, or `(none)`).
    NotArticle(String),
}

/// Extensions of files that are never articles.
const NOT_ARTICLES: &[&str] = &[
    // Data.
    "jsonl", "ndjson", "csv", "tsv", "yaml", "yml", "toml", "ini", "cfg", "conf", "sqlite", "db",
    "log", "lock", "sum", "map", // Images.
    "png", "jpg", "jpeg", "gif", "webp", "svg", "ico", "bmp", "tif", "tiff", "heic", "avif",
    "psd", // Archives.
    "zip", "tar", "gz", "tgz", "bz2", "xz", "zst", "7z", "rar", "jar", "iso", "dmg",
    // Office files and PDFs.
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", "pages",
    "numbers", "key", // Sound, video, fonts, programs.
    "mp3", "m4a", "wav", "flac", "ogg", "mp4", "m4v", "mov", "avi", "mkv", "webm", "ttf", "otf",
    "woff", "woff2", "exe", "dll", "so", "dylib", "bin", "class", "o", "a", "wasm", "pyc",
    // Code and styles that sit beside saved pages.
    "css", "js", "mjs", "ts",
];

/// How the file called `name` (a path or file name) is read.
pub fn route(name: &str) -> Route {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let ext = match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => return Route::Read(Format::Text),
    };
    match ext.as_str() {
        "txt" | "text" => Route::Read(Format::Text),
        "html" | "htm" | "xhtml" | "xht" | "shtml" => Route::Read(Format::Html),
        "md" | "markdown" | "mdown" | "mkd" | "mkdn" => Route::Read(Format::Markdown),
        "epub" => Route::Read(Format::Epub),
        "xml" | "wxr" | "json" => Route::Sniff,
        e if NOT_ARTICLES.contains(&e) => Route::NotArticle(format!(".{e}")),
        // Any other name is read as text if its bytes are text: people
        // name notes `.note`, `.me` or `2008.05`.
        _ => Route::Read(Format::Text),
    }
}

/// How a file that [`route`] could not place by name is read, from its
/// first bytes: a WordPress export (an RSS document in the WXR
/// namespace), a JSON export of this app, or not an article.
pub fn sniff(name: &str, head: &[u8]) -> Sniffed {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let ext = file.rsplit_once('.').map_or_else(
        || "(none)".to_string(),
        |(_, e)| format!(".{}", e.to_ascii_lowercase()),
    );
    let head = String::from_utf8_lossy(&head[..head.len().min(8192)]);
    let start = head.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with('<') && head.contains("<rss") && head.contains("wordpress.org/export/") {
        return Sniffed::Read(Format::Wxr);
    }
    if (start.starts_with('[') || start.starts_with('{'))
        && head.contains("\"title\"")
        && head.contains("\"blocks\"")
    {
        return Sniffed::Read(Format::Json);
    }
    Sniffed::NotArticle(ext)
}

/// What [`sniff`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sniffed {
    Read(Format),
    /// Not an article: counted under this extension.
    NotArticle(String),
}

/// Whether text read as plain text is an HTML page after all: it opens
/// with a doctype or an `<html>` tag.
pub fn looks_like_html(text: &str) -> bool {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    let head = start.get(..14).unwrap_or(start).to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// One entry's metadata as a file gives it, before the shared rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<NaiveDate>,
    pub kind: Option<Kind>,
    pub tags: Vec<String>,
    pub url: Option<String>,
    pub collection: Option<String>,
    pub teaser: Option<u32>,
}

/// The entry for `meta` and `blocks` from the file `source`: the title
/// clamped (or derived from the first paragraph, or the file's name), the
/// author cleaned ([`clean_author`]), tags trimmed and deduplicated, and
/// the id made from the title, `hash` (of the file, or of the part of it
/// the entry comes from) and `part`.
pub fn build_entry(source: &str, meta: Meta, blocks: Vec<Block>, hash: u64, part: u32) -> Entry {
    let title = meta
        .title
        .map(|t| title::clamp(&t))
        .filter(|t| !t.is_empty())
        .or_else(|| {
            let first = blocks
                .iter()
                .find(|b| b.kind == crate::model::BlockKind::Paragraph)
                .or_else(|| blocks.iter().find(|b| b.is_body_text()))?;
            let t = title::derive(first.text());
            (!t.is_empty()).then_some(t)
        })
        .unwrap_or_else(|| title::fallback(source));
    let mut e = Entry {
        id: id::make_id(&title, hash, part),
        title,
        author: meta.author.as_deref().and_then(clean_author),
        date: meta.date,
        kind: meta.kind.unwrap_or(Kind::Article),
        source: source.to_string(),
        ..Entry::with_blocks(blocks)
    };
    e.tags = clean_tags(meta.tags);
    e.url = meta
        .url
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty());
    e.collection = meta
        .collection
        .map(|c| title::clamp(&c))
        .filter(|c| !c.is_empty());
    e.teaser = meta
        .teaser
        .filter(|&n| n > 0 && (n as usize) < e.blocks.len());
    e
}

/// A name as a file's metadata gives it (`By Jane Doe`, `JANE DOE`,
/// `Doe, Jane`… kept as given apart from a byline's words and an
/// all-caps or all-lowercase spelling), or `None` when nothing is left.
pub fn clean_author(raw: &str) -> Option<String> {
    let one_line = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.is_empty() {
        return None;
    }
    if let Some(b) = byline::parse_byline(&one_line) {
        return Some(b.name);
    }
    let name = one_line.trim_matches(|c: char| c == ',' || c == ';' || c.is_whitespace());
    if name.is_empty() || name.chars().count() > 100 {
        return None;
    }
    Some(byline::recase_name(name))
}

/// Tags trimmed, one space between words, without empties and repeats
/// (compared without case; the first spelling is kept).
pub fn clean_tags(tags: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    tags.into_iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty() && t.chars().count() <= 100)
        .filter(|t| seen.insert(t.to_lowercase()))
        .collect()
}

/// A date as metadata writes it: ISO 8601 (`2008-05-15`,
/// `2008-05-15T09:30:00Z`, `2008-05-15 09:30:00`), RFC 2822 (`Thu, 15 May
/// 2008 09:30:00 +0000`), or anything the plain-text parser reads as a
/// date line (`May 15, 2008`). A date-time keeps its own calendar day.
/// `0000-00-00…` (WordPress's "no date") and impossible dates are `None`.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let s = raw.trim();
    if s.is_empty() || s.starts_with("0000-00-00") {
        return None;
    }
    if let Some(day) = s
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    {
        let rest = &s[10..];
        if rest.is_empty() || rest.starts_with(['T', 't', ' ']) {
            return Some(day);
        }
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(dt.date_naive());
    }
    date::parse_date_line(s).and_then(|d| d.date())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_say_how_a_file_is_read() {
        assert_eq!(route("a/b.HTML"), Route::Read(Format::Html));
        assert_eq!(route("2008-05-15-slug.md"), Route::Read(Format::Markdown));
        assert_eq!(route("notes"), Route::Read(Format::Text));
        assert_eq!(route(".hidden"), Route::Read(Format::Text));
        assert_eq!(route("x.epub"), Route::Read(Format::Epub));
        assert_eq!(route("manifest.jsonl"), Route::NotArticle(".jsonl".into()));
        assert_eq!(route("photo.PNG"), Route::NotArticle(".png".into()));
        assert_eq!(route("export.xml"), Route::Sniff);
        assert_eq!(route("odd.name"), Route::Read(Format::Text));
    }

    #[test]
    fn first_bytes_tell_a_wordpress_export_and_a_json_export() {
        let wxr = br#"<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/">"#;
        assert_eq!(sniff("e.xml", wxr), Sniffed::Read(Format::Wxr));
        assert_eq!(
            sniff("feed.xml", b"<rss><channel>"),
            Sniffed::NotArticle(".xml".into())
        );
        let json = br#"[{"id":"a","title":"A","blocks":[]}]"#;
        assert_eq!(sniff("all.json", json), Sniffed::Read(Format::Json));
        assert_eq!(
            sniff("data.json", b"{\"x\": 1}"),
            Sniffed::NotArticle(".json".into())
        );
    }

    #[test]
    fn dates_in_every_metadata_form() {
        let d = NaiveDate::from_ymd_opt(2008, 5, 15);
        assert_eq!(parse_date("2008-05-15"), d);
        assert_eq!(parse_date("2008-05-15T09:30:00Z"), d);
        assert_eq!(parse_date("2008-05-15 23:30:00"), d);
        assert_eq!(parse_date("Thu, 15 May 2008 09:30:00 +0000"), d);
        assert_eq!(parse_date("May 15, 2008"), d);
        assert_eq!(parse_date("0000-00-00 00:00:00"), None);
        assert_eq!(parse_date("2008-02-30"), None);
        assert_eq!(parse_date("soon"), None);
    }

    #[test]
    fn an_entry_follows_the_shared_rules() {
        let meta = Meta {
            title: Some("  A   Title\n".into()),
            author: Some("By JANE DOE".into()),
            tags: vec![
                "Support".into(),
                " support ".into(),
                "".into(),
                "SaaS".into(),
            ],
            url: Some(" https://e.com/a ".into()),
            teaser: Some(9),
            ..Meta::default()
        };
        let e = build_entry("x.md", meta, vec![Block::paragraph("Text.")], 7, 0);
        assert_eq!(e.title, "A Title");
        assert_eq!(e.author.as_deref(), Some("Jane Doe"));
        assert_eq!(e.tags, ["Support", "SaaS"]);
        assert_eq!(e.url.as_deref(), Some("https://e.com/a"));
        assert_eq!(e.teaser, None, "a teaser longer than the entry is none");
        let untitled = build_entry("dir/notes.md", Meta::default(), vec![], 7, 0);
        assert_eq!(untitled.title, "notes");
    }
}
