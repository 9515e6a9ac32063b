//! WordPress exports (WXR): one entry per published post, read as a
//! stream so that an export of 100,000 posts never sits in memory whole.
//!
//! Per post: the title, the author's display name (the channel's
//! `wp:author` list maps logins to names; WordPress writes it before the
//! posts), the date (`wp:post_date_gmt`, then `pubDate`, then
//! `wp:post_date`; `0000-00-00…` means none), categories and tags, the
//! post's link, and its content as blocks, where `<!--more-->` marks the
//! end of the teaser. Drafts, pages, attachments, menu items and other
//! kinds of item are skipped and counted in one warning. Invalid XML stops
//! the read with a warning saying where; the posts before it are kept.

use super::{Meta, build_entry, html, parse_date};
use crate::id;
use crate::model::{Block, Entry};
use crate::parse::ParseOutput;
use quick_xml::Reader;
use quick_xml::events::Event;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;

/// The entries of the WordPress export read from `input`, loaded as
/// `source`.
pub fn parse_reader<R: BufRead>(source: &str, input: R) -> ParseOutput {
    let mut reader = Reader::from_reader(input);
    reader.config_mut().check_end_names = true;
    let mut buf = Vec::with_capacity(64 * 1024);
    let mut read = Read::default();
    // The element path, by qualified name (`wp:post_type`).
    let mut path: Vec<Vec<u8>> = Vec::new();
    let mut text = String::new();
    let mut warnings = Vec::new();
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(e) => {
                warnings.push(format!(
                    "invalid XML at byte {}: {e}; the posts after it are not loaded",
                    reader.error_position()
                ));
                break;
            }
        };
        match event {
            Event::Start(e) => {
                let name = e.name().as_ref().to_vec();
                if name == b"item" {
                    read.item = Some(Item::default());
                } else if name == b"category"
                    && let Some(item) = read.item.as_mut()
                {
                    let domain = e.try_get_attribute("domain").ok().flatten().and_then(|a| {
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()
                            .map(|v| v.into_owned())
                    });
                    item.category_domain = domain;
                }
                path.push(name);
                text.clear();
            }
            Event::End(_) => {
                let Some(name) = path.pop() else { continue };
                read.end(&name, std::mem::take(&mut text), source);
            }
            Event::Empty(e) => {
                // An empty element closes at once, with no text.
                read.end(e.name().as_ref(), String::new(), source);
            }
            Event::Text(t) => text.push_str(&t.decode().unwrap_or_default()),
            Event::CData(t) => text.push_str(&String::from_utf8_lossy(&t.into_inner())),
            Event::GeneralRef(r) => {
                let resolved = r.resolve_char_ref().ok().flatten();
                match resolved {
                    Some(c) => text.push(c),
                    None => {
                        let name = r.decode().unwrap_or_default();
                        text.push_str(named_entity(&name).unwrap_or(""));
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    read.flush(source);
    if read.items == 0 && warnings.is_empty() {
        warnings.push("no posts found in the WordPress export".to_string());
    }
    if !read.skipped.is_empty() {
        let each: Vec<String> = read
            .skipped
            .iter()
            .map(|(what, n)| format!("{n} {}", plural(what, *n)))
            .collect();
        warnings.push(format!("skipped {}", each.join(", ")));
    }
    ParseOutput {
        entries: read.entries,
        warnings,
    }
}

/// The five entities XML defines, and the HTML ones WordPress is known to
/// leave in titles.
fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "hellip" => "…",
        "mdash" => "—",
        "ndash" => "–",
        "rsquo" => "’",
        "lsquo" => "‘",
        "rdquo" => "”",
        "ldquo" => "“",
        _ => return None,
    })
}

/// What is read so far.
#[derive(Default)]
struct Read {
    /// Login → display name, from the channel's `wp:author` blocks.
    authors: HashMap<String, String>,
    /// The `wp:author` being read: its login and display name.
    author: (Option<String>, Option<String>),
    item: Option<Item>,
    /// Posts read and not yet converted.
    pending: Vec<Pending>,
    entries: Vec<Entry>,
    /// Items seen, posts or not.
    items: usize,
    /// Items skipped, by what they are (`draft`, `attachment`…).
    skipped: BTreeMap<String, usize>,
}

/// One `<item>` as read.
#[derive(Default)]
struct Item {
    title: String,
    link: String,
    guid: String,
    creator: String,
    content: String,
    pub_date: String,
    post_date: String,
    post_date_gmt: String,
    post_id: String,
    post_type: String,
    status: String,
    tags: Vec<String>,
    category_domain: Option<String>,
}

impl Read {
    /// The element `name` ended with `text` inside it.
    fn end(&mut self, name: &[u8], text: String, source: &str) {
        if let Some(item) = self.item.as_mut() {
            match name {
                b"title" => item.title = text,
                b"link" => item.link = text,
                b"guid" => item.guid = text,
                b"dc:creator" => item.creator = text,
                b"content:encoded" => item.content = text,
                b"pubDate" => item.pub_date = text,
                b"wp:post_date" => item.post_date = text,
                b"wp:post_date_gmt" => item.post_date_gmt = text,
                b"wp:post_id" => item.post_id = text,
                b"wp:post_type" => item.post_type = text,
                b"wp:status" => item.status = text,
                b"category" => {
                    // `domain="category"` or `"post_tag"`; other domains
                    // (formats, series) are not tags.
                    let domain = item.category_domain.take();
                    if matches!(domain.as_deref(), None | Some("category" | "post_tag")) {
                        item.tags.push(text);
                    }
                }
                b"item" => {
                    if let Some(item) = self.item.take() {
                        self.finish(item, source);
                    }
                }
                _ => {}
            }
            return;
        }
        match name {
            b"wp:author_login" => self.author.0 = Some(text),
            b"wp:author_display_name" => self.author.1 = Some(text),
            b"wp:author" => {
                if let (Some(login), Some(name)) = std::mem::take(&mut self.author) {
                    self.authors.insert(login, name);
                }
            }
            _ => {}
        }
    }

    fn finish(&mut self, item: Item, source: &str) {
        self.items += 1;
        let kind = if item.post_type.is_empty() {
            "post"
        } else {
            item.post_type.as_str()
        };
        let status = if item.status.is_empty() {
            "publish"
        } else {
            item.status.as_str()
        };
        if kind != "post" {
            *self.skipped.entry(kind.replace('_', " ")).or_default() += 1;
            return;
        }
        if status != "publish" {
            *self.skipped.entry(status.replace('_', " ")).or_default() += 1;
            return;
        }
        let author = (!item.creator.trim().is_empty()).then(|| {
            let login = item.creator.trim();
            self.authors
                .get(login)
                .filter(|n| !n.trim().is_empty())
                .cloned()
                .unwrap_or_else(|| login.to_string())
        });
        let date = parse_date(&item.post_date_gmt)
            .or_else(|| parse_date(&item.pub_date))
            .or_else(|| parse_date(&item.post_date));
        let link = [&item.link, &item.guid]
            .into_iter()
            .find(|l| l.starts_with("http://") || l.starts_with("https://"))
            .cloned();
        let meta = Meta {
            title: Some(item.title.clone()),
            author,
            date,
            tags: item.tags,
            url: link,
            ..Meta::default()
        };
        // Each post's id rests on the post itself, so an edit to another
        // post in the export changes no other id.
        let key = format!("{}\u{0}{}\u{0}{}", item.post_id, item.guid, item.title);
        let hash = id::content_hash(key.as_bytes());
        self.pending.push(Pending {
            meta,
            content: item.content,
            hash,
        });
        if self.pending.len() >= BATCH {
            self.flush(source);
        }
    }

    /// Turns the posts read so far into entries, their contents on every
    /// core (the XML is read on one), in order.
    fn flush(&mut self, source: &str) {
        let done: Vec<Entry> = std::mem::take(&mut self.pending)
            .into_par_iter()
            .map(|p| {
                let (blocks, teaser) = content_blocks(&p.content);
                let meta = Meta { teaser, ..p.meta };
                build_entry(source, meta, blocks, p.hash, 0)
            })
            .collect();
        self.entries.extend(done);
    }
}

/// Posts converted together: enough to keep every core busy, few enough
/// that their raw contents take little memory.
const BATCH: usize = 256;

/// A published post read, its content not yet made blocks.
struct Pending {
    meta: Meta,
    content: String,
    hash: u64,
}

/// The post's blocks, and how many of them come before `<!--more-->`.
fn content_blocks(content: &str) -> (Vec<Block>, Option<u32>) {
    match split_more(content) {
        Some((teaser, rest)) => {
            let mut blocks = html::fragment_blocks(&shortcodes(teaser));
            let n = u32::try_from(blocks.len()).unwrap_or(u32::MAX);
            blocks.extend(html::fragment_blocks(&shortcodes(rest)));
            (blocks, Some(n))
        }
        None => (html::fragment_blocks(&shortcodes(content)), None),
    }
}

/// The content before and after `<!--more-->` (or `<!--more Read on-->`).
fn split_more(content: &str) -> Option<(&str, &str)> {
    let at = content.find("<!--more")?;
    let end = content[at..].find("-->")? + at + 3;
    Some((&content[..at], &content[end..]))
}

/// WordPress shortcodes made plain: `[caption …]<img …/> Text[/caption]`
/// becomes a figure with the text as its caption; any other `[name …]` and
/// `[/name]` tag is dropped and what it wraps kept.
fn shortcodes(html: &str) -> String {
    if !html.contains('[') {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let Some(close) = after.find(']') else {
            out.push_str(after);
            return out;
        };
        let tag = &after[1..close];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        let is_code = name.starts_with(|c: char| c.is_ascii_alphabetic())
            && !tag.contains(['<', '>', '\n'])
            && (tag.len() == name.len() + usize::from(tag.starts_with('/'))
                || tag[usize::from(tag.starts_with('/')) + name.len()..].starts_with(' '));
        if !is_code {
            out.push('[');
            rest = &after[1..];
            continue;
        }
        rest = &after[close + 1..];
        if name == "caption" && !tag.starts_with('/') {
            let end = rest.find("[/caption]").unwrap_or(rest.len());
            let inner = &rest[..end];
            // The caption is the text after the image.
            let text = match inner.rfind('>') {
                Some(i) => &inner[i + 1..],
                None => inner,
            };
            out.push_str(&format!(
                "<figure><figcaption>{}</figcaption></figure>",
                text.trim()
            ));
            rest = rest.get(end + "[/caption]".len()..).unwrap_or("");
        }
    }
    out.push_str(rest);
    out
}

fn plural(what: &str, n: usize) -> String {
    match (what, n) {
        (w, 1) => w.to_string(),
        ("attachment", _) => "attachments".into(),
        ("nav menu item", _) => "menu items".into(),
        ("draft", _) => "drafts".into(),
        ("page", _) => "pages".into(),
        (w, _) if w.ends_with('s') => w.to_string(),
        (w, _) => format!("{w}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BlockKind;
    use chrono::NaiveDate;

    fn item(extra: &str, content: &str) -> String {
        format!(
            "<item><title>Post &amp; Title</title><link>https://blog.example/p/1</link>\
             <dc:creator><![CDATA[jdoe]]></dc:creator><guid isPermaLink=\"false\">https://blog.example/?p=1</guid>\
             <content:encoded><![CDATA[{content}]]></content:encoded>{extra}</item>"
        )
    }

    fn wxr(items: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" \
             xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
             xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\
             <channel><title>Blog</title><wp:wxr_version>1.2</wp:wxr_version>\
             <wp:author><wp:author_login><![CDATA[jdoe]]></wp:author_login>\
             <wp:author_display_name><![CDATA[Jane Doe]]></wp:author_display_name></wp:author>\
             {items}</channel></rss>"
        )
    }

    fn parse(text: &str) -> ParseOutput {
        parse_reader("export.xml", text.as_bytes())
    }

    const POST: &str = "<wp:post_id>1</wp:post_id><wp:post_date>2008-05-14 22:30:00</wp:post_date>\
        <wp:post_date_gmt>2008-05-15 03:30:00</wp:post_date_gmt><wp:status>publish</wp:status>\
        <wp:post_type>post</wp:post_type>\
        <category domain=\"category\" nicename=\"support\"><![CDATA[Support]]></category>\
        <category domain=\"post_tag\" nicename=\"saas\"><![CDATA[SaaS]]></category>\
        <category domain=\"post_format\" nicename=\"aside\"><![CDATA[Aside]]></category>";

    #[test]
    fn a_published_post_is_an_entry_with_its_metadata_and_teaser() {
        let content =
            "<p>First <em>teaser</em> paragraph.</p>\n<!--more-->\n<p>The rest.</p><h2>Later</h2>";
        let out = parse(&wxr(&item(POST, content)));
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        let e = &out.entries[0];
        assert_eq!(e.title, "Post & Title");
        assert_eq!(e.author.as_deref(), Some("Jane Doe"));
        assert_eq!(e.date, NaiveDate::from_ymd_opt(2008, 5, 15), "GMT first");
        assert_eq!(e.tags, ["Support", "SaaS"]);
        assert_eq!(e.url.as_deref(), Some("https://blog.example/p/1"));
        assert_eq!(e.teaser, Some(1));
        let texts: Vec<&str> = e.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["First teaser paragraph.", "The rest.", "Later"]);
        assert!(e.blocks[2].is_heading());
    }

    #[test]
    fn dates_fall_back_from_gmt_to_pubdate_to_local() {
        let no_gmt = "<wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>\
            <pubDate>Mon, 30 Nov -0001 00:00:00 +0000</pubDate>\
            <wp:post_date>2007-03-24 10:00:00</wp:post_date><wp:status>publish</wp:status>\
            <wp:post_type>post</wp:post_type>";
        let out = parse(&wxr(&item(no_gmt, "<p>x</p>")));
        assert_eq!(out.entries[0].date, NaiveDate::from_ymd_opt(2007, 3, 24));
        let pub_date =
            "<pubDate>Sat, 24 Mar 2007 10:00:00 +0000</pubDate><wp:post_type>post</wp:post_type>";
        let out = parse(&wxr(&item(pub_date, "<p>x</p>")));
        assert_eq!(out.entries[0].date, NaiveDate::from_ymd_opt(2007, 3, 24));
    }

    #[test]
    fn drafts_attachments_and_menu_items_are_skipped_and_counted() {
        let other = |t: &str, s: &str| {
            item(
                &format!("<wp:post_type>{t}</wp:post_type><wp:status>{s}</wp:status>"),
                "x",
            )
        };
        let items = [
            item(POST, "<p>Kept.</p>"),
            other("post", "draft"),
            other("post", "draft"),
            other("attachment", "inherit"),
            other("nav_menu_item", "publish"),
        ]
        .concat();
        let out = parse(&wxr(&items));
        assert_eq!(out.entries.len(), 1);
        assert_eq!(
            out.warnings,
            ["skipped 1 attachment, 2 drafts, 1 nav menu item"]
        );
    }

    #[test]
    fn invalid_xml_keeps_the_posts_before_it_and_says_where() {
        let broken = wxr(&[item(POST, "<p>Kept.</p>"), "<item><title>x</wrong>".into()].concat());
        let out = parse(&broken);
        assert_eq!(out.entries.len(), 1);
        assert!(
            out.warnings[0].starts_with("invalid XML at byte "),
            "{:?}",
            out.warnings
        );
    }

    #[test]
    fn a_caption_shortcode_is_a_caption_and_others_are_dropped() {
        let content = "[caption id=\"a\" width=\"300\"]<img src=\"x.jpg\" /> The desk at dawn[/caption]\n\n\
            Plain paragraph [embed]https://v.example/1[/embed] here.";
        let out = parse(&wxr(&item(POST, content)));
        let b = &out.entries[0].blocks;
        assert_eq!(b[0].kind, BlockKind::Caption);
        assert_eq!(b[0].text, "The desk at dawn");
        assert_eq!(b[1].text, "Plain paragraph https://v.example/1 here.");
        assert_eq!(
            shortcodes("a [1] and [b c d]"),
            "a [1] and ",
            "only [name …] tags"
        );
    }

    proptest::proptest! {
        #[test]
        fn any_input_gives_entries_or_warnings_without_a_panic(s in "\\PC{0,400}") {
            let _ = parse(&s);
            let _ = parse(&wxr(&s));
            let _ = shortcodes(&s);
        }
    }
}
