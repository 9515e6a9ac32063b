//! EPUB books: one entry per chapter, in reading order, read straight
//! from the zip with the package document's spine.
//!
//! A magazine issue is a book of articles, so each chapter is an entry:
//! its own first heading is its title, its head's metadata (as a web page
//! gives it: author, date, tags, canonical URL) wins over the book's
//! (`dc:creator`, `dc:date`, `dc:subject`), and the book's title is every
//! entry's collection. Pages that are not chapters are left out: the
//! navigation document, spine items marked `linear="no"`, pages without
//! text (covers) and contents pages (nothing but a list).
//!
//! The reading is on `zip` and `quick-xml`, which the app has anyway:
//! what an EPUB reader crate would add is the package document's spine,
//! read here in a hundred lines. A damaged book (a truncated zip, a
//! missing package document) is one warning saying what is wrong.

use super::{Meta, build_entry, html, parse_date};
use crate::model::{Block, BlockKind, Style};
use crate::parse::ParseOutput;
use quick_xml::Reader;
use quick_xml::events::Event;
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// What the EPUB export writes as the book's generator.
pub const GENERATOR: &str = "HotLine Reader";

/// The most one file inside the book may unpack to: a zip bomb stops
/// here.
const MAX_PART: u64 = 32 << 20;

/// The entries of the EPUB book `bytes`, loaded from `source`.
pub fn parse(source: &str, bytes: &[u8], file_hash: u64) -> ParseOutput {
    match read_book(source, bytes, file_hash) {
        Ok(out) => out,
        Err(why) => ParseOutput {
            entries: Vec::new(),
            warnings: vec![format!("not a readable EPUB: {why}")],
        },
    }
}

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

fn read_book(source: &str, bytes: &[u8], file_hash: u64) -> Result<ParseOutput, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let opf_path = rootfile(&mut zip)?;
    let opf = read_text(&mut zip, &opf_path)?;
    let package = Package::read(&opf)?;
    let base = opf_path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut warnings = Vec::new();
    let mut entries = Vec::new();
    let book = package.title.clone();
    // A book this app wrote states each chapter's metadata in full, so an
    // undated or anonymous chapter stays so rather than taking the book's.
    let defaults = !package.generator.starts_with(GENERATOR);
    let creator = package.creator.clone().filter(|_| defaults);
    let date = package.date.filter(|_| defaults);
    let subjects = if defaults {
        package.subjects.clone()
    } else {
        Vec::new()
    };
    for (n, item) in package.chapters().enumerate() {
        let path = join(base, item.href);
        let text = match read_text(&mut zip, &path) {
            Ok(t) => t,
            Err(why) => {
                warnings.push(format!("chapter {}: {why}", n + 1));
                continue;
            }
        };
        let text = if defaults {
            Cow::Borrowed(text.as_str())
        } else {
            without_marks(&text)
        };
        let chapter = html::chapter(&text);
        let wanted = match defaults {
            true => is_chapter(&chapter.blocks),
            // This app's books mark each entry's page; the others are its
            // contents.
            false => chapter.entry.is_some(),
        };
        if !wanted {
            continue;
        }
        let meta = Meta {
            title: chapter.heading.clone().or_else(|| {
                chapter
                    .meta
                    .title
                    .clone()
                    .filter(|t| Some(t) != book.as_ref())
            }),
            author: chapter.meta.author.clone().or_else(|| creator.clone()),
            date: chapter.meta.date.or(date),
            kind: chapter.meta.kind,
            tags: if chapter.meta.tags.is_empty() {
                subjects.clone()
            } else {
                chapter.meta.tags.clone()
            },
            url: chapter.meta.url.clone(),
            collection: book.clone(),
            teaser: None,
        };
        let part = u32::try_from(entries.len() + 1).unwrap_or(u32::MAX);
        let mut e = build_entry(source, meta, chapter.blocks, file_hash, part);
        if chapter.heading.is_none() && chapter.meta.title.is_none() {
            // Untitled chapters are named after their book and place.
            if let Some(b) = &book {
                e.title = crate::parse::title::clamp(&format!("{b}, part {part}"));
            }
        }
        entries.push(e);
    }
    if entries.is_empty() {
        warnings.push("no chapters with text found".to_string());
    }
    Ok(ParseOutput { entries, warnings })
}

/// A page worth an entry: it has text, and is not a contents page (a
/// list of links, perhaps under a heading).
/// What `export::epub` writes around a chapter's text for the reader's
/// marks, each from its opening to its end: footnote references,
/// footnotes, the entry note and the list of highlights no longer found.
/// The entry's own text is escaped there, so it never holds these.
const MARK_PARTS: [(&str, &str); 4] = [
    ("<a epub:type=\"noteref\"", "</a>"),
    ("<aside epub:type=\"footnote\"", "</aside>"),
    ("<aside class=\"entry-note\"", "</aside>"),
    ("<section class=\"orphans\"", "</section>"),
];

/// A chapter this app wrote, without the parts its marks added (the
/// `<mark>` elements hold the text and stay): the chapter reads back as
/// the entry it was.
fn without_marks(text: &str) -> Cow<'_, str> {
    if !MARK_PARTS.iter().any(|(open, _)| text.contains(open)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((at, (open, close))) = MARK_PARTS
        .iter()
        .filter_map(|p| rest.find(p.0).map(|at| (at, p)))
        .min_by_key(|(at, _)| *at)
    {
        out.push_str(&rest[..at]);
        let after = &rest[at + open.len()..];
        rest = after
            .find(close)
            .map_or("", |end| &after[end + close.len()..]);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn is_chapter(blocks: &[Block]) -> bool {
    let text = blocks.iter().any(|b| !b.text.trim().is_empty());
    let whole_link = |b: &Block| {
        b.spans.iter().any(|s| {
            matches!(s.style, Style::Link { .. }) && s.start == 0 && s.end as usize >= b.text.len()
        })
    };
    let mut items = blocks.iter().filter(|b| !b.is_heading()).peekable();
    let contents = items.peek().is_some()
        && items.all(|b| matches!(b.kind, BlockKind::ListItem { .. }) && whole_link(b));
    text && !contents
}

/// The package document's path, from `META-INF/container.xml` (or the
/// first `.opf` in the book, when the container is missing).
fn rootfile(zip: &mut Zip<'_>) -> Result<String, String> {
    if let Ok(container) = read_text(zip, "META-INF/container.xml") {
        let mut reader = Reader::from_str(&container);
        loop {
            match reader.read_event() {
                Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"rootfile" => {
                    if let Some(path) = attr(&e, "full-path") {
                        return Ok(path);
                    }
                }
                Ok(Event::Eof) => break,
                Err(e) => return Err(format!("META-INF/container.xml is not valid XML: {e}")),
                _ => {}
            }
        }
    }
    (0..zip.len())
        .filter_map(|i| zip.by_index(i).ok().map(|f| f.name().to_string()))
        .find(|n| n.to_ascii_lowercase().ends_with(".opf"))
        .ok_or_else(|| "no package document (.opf) in the book".to_string())
}

/// One file of the book as text (lossy UTF-8), at most [`MAX_PART`].
fn read_text(zip: &mut Zip<'_>, path: &str) -> Result<String, String> {
    let file = zip.by_name(path).map_err(|e| format!("{path}: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_PART + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{path}: {e}"))?;
    if bytes.len() as u64 > MAX_PART {
        return Err(format!("{path} unpacks to more than 32 MB"));
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok().flatten()?;
    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()
        .map(|v| v.into_owned())
}

/// `base/href` with `..` and `.` resolved and `%20`-style escapes decoded.
fn join(base: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or(href);
    let mut parts: Vec<&str> = if href.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|p| !p.is_empty()).collect()
    };
    for p in href.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    percent_decode(&parts.join("/"))
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).and_then(|&c| hex(c)),
            b.get(i + 2).and_then(|&c| hex(c)),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What the package document says: the book's metadata, its files and
/// their reading order.
#[derive(Default)]
struct Package {
    title: Option<String>,
    creator: Option<String>,
    date: Option<chrono::NaiveDate>,
    subjects: Vec<String>,
    /// The `generator` meta: the program that wrote the book.
    generator: String,
    /// id → (href, properties).
    manifest: HashMap<String, (String, String)>,
    /// Reading order: idrefs of the linear spine items.
    spine: Vec<String>,
}

struct SpineItem<'a> {
    href: &'a str,
}

impl Package {
    fn read(opf: &str) -> Result<Package, String> {
        let mut p = Package::default();
        let mut reader = Reader::from_str(opf);
        let mut field: Option<&'static str> = None;
        let mut text = String::new();
        loop {
            let event = reader
                .read_event()
                .map_err(|e| format!("the package document is not valid XML: {e}"))?;
            match event {
                Event::Start(e) => {
                    field = match e.local_name().as_ref() {
                        b"title" => Some("title"),
                        b"creator" => Some("creator"),
                        b"date" => Some("date"),
                        b"subject" => Some("subject"),
                        _ => None,
                    };
                    text.clear();
                    p.item(&e);
                }
                Event::Empty(e) => p.item(&e),
                Event::Text(t) => text.push_str(&t.decode().unwrap_or_default()),
                Event::CData(t) => text.push_str(&String::from_utf8_lossy(&t.into_inner())),
                Event::GeneralRef(r) => {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        text.push(c);
                    } else {
                        let name = r.decode().unwrap_or_default();
                        text.push_str(match name.as_ref() {
                            "amp" => "&",
                            "lt" => "<",
                            "gt" => ">",
                            "quot" => "\"",
                            "apos" => "'",
                            _ => "",
                        });
                    }
                }
                Event::End(_) => {
                    let value = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    match field.take() {
                        Some("title") if p.title.is_none() && !value.is_empty() => {
                            p.title = Some(value)
                        }
                        Some("creator") if p.creator.is_none() && !value.is_empty() => {
                            p.creator = Some(value)
                        }
                        Some("date") if p.date.is_none() => p.date = parse_date(&value),
                        Some("subject") if !value.is_empty() => p.subjects.push(value),
                        _ => {}
                    }
                    text.clear();
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if p.spine.is_empty() {
            return Err("the package document has no spine (reading order)".to_string());
        }
        Ok(p)
    }

    /// A manifest `item`, spine `itemref` or `meta`.
    fn item(&mut self, e: &quick_xml::events::BytesStart<'_>) {
        match e.local_name().as_ref() {
            b"meta" if attr(e, "name").as_deref() == Some("generator") => {
                self.generator = attr(e, "content").unwrap_or_default();
            }
            b"item" => {
                if let (Some(id), Some(href)) = (attr(e, "id"), attr(e, "href")) {
                    let props = attr(e, "properties").unwrap_or_default();
                    self.manifest.insert(id, (href, props));
                }
            }
            b"itemref" => {
                let linear = attr(e, "linear").is_none_or(|l| l != "no");
                if let (Some(id), true) = (attr(e, "idref"), linear) {
                    self.spine.push(id);
                }
            }
            _ => {}
        }
    }

    /// The spine's documents in reading order, without the navigation
    /// document.
    fn chapters(&self) -> impl Iterator<Item = SpineItem<'_>> {
        self.spine.iter().filter_map(|id| {
            let (href, props) = self.manifest.get(id)?;
            let nav = props.split_whitespace().any(|p| p == "nav");
            (!nav).then_some(SpineItem { href })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use std::io::Write;

    /// A book with a cover page, a contents page and two chapters.
    fn book(chapter_two: &str) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default();
        let mut put = |name: &str, text: &str| {
            z.start_file(name, opts).unwrap();
            z.write_all(text.as_bytes()).unwrap();
        };
        put("mimetype", "application/epub+zip");
        put(
            "META-INF/container.xml",
            r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#,
        );
        put(
            "OEBPS/content.opf",
            r#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>HotLine, May 2008</dc:title><dc:creator>The Editors</dc:creator><dc:date>2008-05-01</dc:date><dc:subject>Support</dc:subject></metadata><manifest><item id="nav" href="nav.xhtml" properties="nav" media-type="application/xhtml+xml"/><item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/><item id="toc" href="toc.xhtml" media-type="application/xhtml+xml"/><item id="c1" href="text/one.xhtml" media-type="application/xhtml+xml"/><item id="c2" href="text/two%20b.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="nav"/><itemref idref="cover"/><itemref idref="toc"/><itemref idref="c1"/><itemref idref="c2"/></spine></package>"#,
        );
        let page = |head: &str, body: &str| {
            format!(
                "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>HotLine, May 2008</title>{head}</head><body>{body}</body></html>"
            )
        };
        put(
            "OEBPS/nav.xhtml",
            &page(
                "",
                "<nav><ol><li><a href=\"text/one.xhtml\">One</a></li></ol></nav>",
            ),
        );
        put(
            "OEBPS/cover.xhtml",
            &page("", "<img src=\"cover.jpg\" alt=\"\"/>"),
        );
        put(
            "OEBPS/toc.xhtml",
            &page(
                "",
                "<h1>Contents</h1><ol><li><a href=\"text/one.xhtml\">One</a></li></ol>",
            ),
        );
        put(
            "OEBPS/text/one.xhtml",
            &page(
                "<meta name=\"author\" content=\"Jane Doe\"/>",
                "<h1>Calm Desks</h1><p>The first <em>chapter</em>.</p><h2>More</h2><p>Text.</p>",
            ),
        );
        put("OEBPS/text/two b.xhtml", &page("", chapter_two));
        z.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn each_chapter_is_an_entry_with_the_book_as_its_collection() {
        let out = parse(
            "may.epub",
            &book("<h2>Renewals</h2><p>Second chapter.</p>"),
            7,
        );
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        let titles: Vec<&str> = out.entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["Calm Desks", "Renewals"]);
        let (one, two) = (&out.entries[0], &out.entries[1]);
        assert_eq!(one.author.as_deref(), Some("Jane Doe"), "the chapter's own");
        assert_eq!(two.author.as_deref(), Some("The Editors"), "the book's");
        assert_eq!(two.date, chrono::NaiveDate::from_ymd_opt(2008, 5, 1));
        assert_eq!(one.collection.as_deref(), Some("HotLine, May 2008"));
        assert_eq!(one.tags, ["Support"]);
        assert_eq!(one.kind, Kind::Article);
        let texts: Vec<&str> = one.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["The first chapter.", "More", "Text."]);
        assert_ne!(one.id, two.id);
    }

    #[test]
    fn a_truncated_book_is_one_warning() {
        let bytes = book("<p>x</p>");
        let out = parse("cut.epub", &bytes[..bytes.len() / 2], 7);
        assert!(out.entries.is_empty());
        assert!(
            out.warnings[0].starts_with("not a readable EPUB: "),
            "{:?}",
            out.warnings
        );
        let out = parse("junk.epub", b"PK\x03\x04 not really", 7);
        assert_eq!(out.warnings.len(), 1);
    }

    #[test]
    fn hrefs_resolve_against_the_package_folder() {
        assert_eq!(
            join("OEBPS", "text/two%20b.xhtml#x"),
            "OEBPS/text/two b.xhtml"
        );
        assert_eq!(join("OEBPS/sub", "../a.xhtml"), "OEBPS/a.xhtml");
        assert_eq!(join("", "a.xhtml"), "a.xhtml");
    }

    proptest::proptest! {
        #[test]
        fn damaged_books_never_panic(cut in 0usize..4000, flip in proptest::collection::vec((0usize..4000, 0u8..255), 0..8)) {
            let mut bytes = book("<p>Second.</p>");
            for (at, v) in flip {
                if let Some(b) = bytes.get_mut(at) {
                    *b ^= v;
                }
            }
            bytes.truncate(cut.max(1));
            let _ = parse("x.epub", &bytes, 1);
        }
    }
}
