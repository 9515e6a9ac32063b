//! The little HTML a Markdown file holds: inline tags inside paragraphs
//! (`<em>`, `<strong>`, `<code>`, `<a href>`, `<br>`), and HTML blocks.
//! Our own writer puts captions in `<figcaption>` and author notes in
//! `<aside>` with escaped text and those inline tags; a combined export
//! marks each entry with `<a id="…"></a>` and a `<!-- hotline {…} -->`
//! comment. Any other block's text is read as paragraphs, its tags
//! dropped. This is no HTML parser: it reads tags one by one, which is all
//! these fragments need.

use super::inline::Inline;
use crate::model::{Block, BlockKind, Style};

/// What an HTML block (or a paragraph made only of HTML) holds.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Fragment {
    /// Text: a caption, an author note, or paragraphs.
    Blocks(Vec<Block>),
    /// Markers without text: anchors' ids and `hotline` comments' JSON, in
    /// order.
    Markers(Vec<Marker>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Marker {
    Anchor(String),
    Hotline(String),
}

/// One tag as written: `<name attrs>`, `</name>` or `<name/>`.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Tag<'a> {
    /// Lowercase ASCII.
    name: String,
    closing: bool,
    attrs: &'a str,
}

impl Tag<'_> {
    /// The value of attribute `key` (entities decoded).
    fn attr(&self, key: &str) -> Option<String> {
        let mut rest = self.attrs;
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() {
                return None;
            }
            let name_end = rest
                .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
                .unwrap_or(rest.len());
            let name = &rest[..name_end];
            rest = rest[name_end..].trim_start();
            let mut value = "";
            if let Some(after) = rest.strip_prefix('=') {
                let after = after.trim_start();
                let (v, tail) = match after.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let inner = &after[1..];
                        let end = inner.find(q).unwrap_or(inner.len());
                        (&inner[..end], inner.get(end + 1..).unwrap_or(""))
                    }
                    _ => {
                        let end = after.find(char::is_whitespace).unwrap_or(after.len());
                        (&after[..end], &after[end..])
                    }
                };
                value = v;
                rest = tail;
            }
            if name.eq_ignore_ascii_case(key) {
                return Some(decode(value).into_owned());
            }
        }
    }
}

/// Reads the tag at the start of `s` (which starts with `<`): the tag and
/// its length in bytes, or `None` when `<` starts no tag (`a < b`).
pub(super) fn parse_tag(s: &str) -> Option<(Tag<'_>, usize)> {
    let body = s.strip_prefix('<')?;
    let (closing, body) = match body.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, body),
    };
    let name_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(body.len());
    if name_len == 0 || !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    // The closing `>`, outside quoted attribute values.
    let mut quote = None;
    let mut end = None;
    for (i, c) in body.char_indices().skip(name_len) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => {
                end = Some(i);
                break;
            }
            _ => {}
        }
    }
    let end = end?;
    let tag = Tag {
        name: body[..name_len].to_ascii_lowercase(),
        closing,
        attrs: body[name_len..end].trim_end_matches('/'),
    };
    let len = s.len() - body.len() + end + 1;
    Some((tag, len))
}

/// Applies an inline tag to the text being read: styles open and close,
/// `<br>` is a space. Other tags change nothing.
pub(super) fn apply_inline(tag: &Tag<'_>, buf: &mut Inline) {
    let style = match tag.name.as_str() {
        "em" | "i" | "cite" | "dfn" | "var" => Style::Emphasis,
        "strong" | "b" => Style::Strong,
        "code" | "kbd" | "samp" | "tt" => Style::Code,
        "a" => {
            if tag.closing {
                buf.close(&Style::Link { url: String::new() });
            } else if let Some(url) = tag.attr("href").filter(|u| !u.trim().is_empty()) {
                buf.open(Style::Link {
                    url: url.trim().to_string(),
                });
            }
            return;
        }
        "br" | "wbr" | "td" | "th" => {
            buf.space();
            return;
        }
        _ => return,
    };
    if tag.closing {
        buf.close(&style);
    } else {
        buf.open(style);
    }
}

/// Tags that end a paragraph of an HTML block's text.
fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "nav"
            | "main"
            | "figure"
            | "figcaption"
            | "aside"
            | "hr"
            | "details"
            | "summary"
    )
}

/// Reads an HTML block: a caption when it opens with `<figcaption>` or
/// `<figure>`, an author note when it opens with `<aside>`, otherwise
/// paragraphs; markers when it holds no text at all.
pub(super) fn read_block(raw: &str) -> Fragment {
    let kind = match first_tag(raw).as_deref() {
        Some("figcaption" | "figure") => BlockKind::Caption,
        Some("aside") => BlockKind::AuthorNote,
        _ => BlockKind::Paragraph,
    };
    let mut blocks = Vec::new();
    let mut markers = Vec::new();
    let mut buf = Inline::default();
    // The element whose content is skipped (`script`, `style`).
    let mut skip: Option<String> = None;
    let mut rest = raw;
    while !rest.is_empty() {
        let lt = memchr::memchr(b'<', rest.as_bytes()).unwrap_or(rest.len());
        if lt > 0 {
            if skip.is_none() {
                buf.push(&decode(&rest[..lt]));
            }
            rest = &rest[lt..];
            continue;
        }
        if let Some(comment) = rest.strip_prefix("<!--") {
            let end = comment.find("-->").unwrap_or(comment.len());
            if let Some(json) = comment[..end].trim().strip_prefix("hotline") {
                markers.push(Marker::Hotline(json.trim().to_string()));
            }
            rest = comment.get(end + 3..).unwrap_or("");
            continue;
        }
        let Some((tag, len)) = parse_tag(rest) else {
            if skip.is_none() {
                buf.push("<");
            }
            rest = &rest[1..];
            continue;
        };
        rest = &rest[len..];
        if let Some(name) = &skip {
            if tag.closing && tag.name == *name {
                skip = None;
            }
            continue;
        }
        if !tag.closing && matches!(tag.name.as_str(), "script" | "style" | "template") {
            skip = Some(tag.name.clone());
        } else if tag.name == "a" && !tag.closing && tag.attr("href").is_none() {
            if let Some(id) = tag.attr("id").or_else(|| tag.attr("name")) {
                markers.push(Marker::Anchor(id));
            }
        } else if is_block_tag(&tag.name) {
            if kind == BlockKind::Paragraph {
                blocks.extend(buf.take(kind));
            } else {
                buf.space();
            }
        } else {
            apply_inline(&tag, &mut buf);
        }
    }
    blocks.extend(buf.take(kind));
    if blocks.is_empty() {
        Fragment::Markers(markers)
    } else {
        Fragment::Blocks(blocks)
    }
}

/// The name of the first tag in `raw` that is not a comment.
fn first_tag(raw: &str) -> Option<String> {
    let mut rest = raw.trim_start();
    loop {
        if let Some(c) = rest.strip_prefix("<!--") {
            rest = c.get(c.find("-->")? + 3..)?.trim_start();
            continue;
        }
        return parse_tag(rest).map(|(t, _)| t.name);
    }
}

/// `s` with its character references decoded: numeric ones and the named
/// ones text uses most (others stay as written).
pub(super) fn decode(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest
            .char_indices()
            .take(34)
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|e| entity(&rest[1..e]).map(|c| (c, e + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The character an entity's name (between `&` and `;`) stands for.
fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return Some(
            char::from_u32(code)
                .filter(|&c| c != '\0')
                .unwrap_or('\u{fffd}'),
        );
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "middot" => '·',
        "bull" => '•',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "times" => '×',
        "eacute" => 'é',
        "egrave" => 'è',
        "agrave" => 'à',
        "uuml" => 'ü',
        "ouml" => 'ö',
        "auml" => 'ä',
        "szlig" => 'ß',
        "ccedil" => 'ç',
        "euro" => '€',
        "pound" => '£',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    fn blocks(raw: &str) -> Vec<Block> {
        match read_block(raw) {
            Fragment::Blocks(b) => b,
            Fragment::Markers(m) => panic!("markers {m:?} for {raw:?}"),
        }
    }

    #[test]
    fn our_caption_and_author_note_come_back_with_their_spans() {
        let cap = blocks(
            "<figcaption>A &lt;b&gt; &amp; <em>c</em> <a href=\"https://e.com/?a=1&amp;b=2\">d</a></figcaption>\n",
        );
        assert_eq!(cap.len(), 1);
        assert_eq!(cap[0].kind, BlockKind::Caption);
        assert_eq!(cap[0].text, "A <b> & c d");
        assert_eq!(
            cap[0].spans,
            [
                Span {
                    start: 8,
                    end: 9,
                    style: Style::Emphasis
                },
                Span {
                    start: 10,
                    end: 11,
                    style: Style::Link {
                        url: "https://e.com/?a=1&b=2".into()
                    }
                },
            ]
        );
        let note = blocks(
            "<aside class=\"author-note\"><p><strong>Jane</strong> <code>x&lt;y</code></p></aside>",
        );
        assert_eq!(note.len(), 1);
        assert_eq!(note[0].kind, BlockKind::AuthorNote);
        assert_eq!(note[0].text, "Jane x<y");
        assert_eq!(note[0].spans[0].style, Style::Strong);
        assert_eq!((note[0].spans[1].start, note[0].spans[1].end), (5, 8));
        let fig =
            blocks("<figure><img src=\"a.png\" alt=\"no\"><figcaption>Cap</figcaption></figure>");
        assert_eq!(fig, [Block::caption("Cap")]);
    }

    #[test]
    fn other_blocks_are_paragraphs_without_their_tags() {
        assert_eq!(
            blocks(
                "<div>\n<p>One &mdash; <span>two</span></p><p>Three &bogus; & 4 < 5</p>\n<script>x()</script></div>"
            ),
            [
                Block::paragraph("One — two"),
                Block::paragraph("Three &bogus; & 4 < 5")
            ]
        );
    }

    #[test]
    fn markers_are_read_where_there_is_no_text() {
        assert_eq!(
            read_block("<a id=\"first-0a1b\"></a>\n<!-- hotline {\"kind\":\"excerpt\"} -->\n"),
            Fragment::Markers(vec![
                Marker::Anchor("first-0a1b".into()),
                Marker::Hotline("{\"kind\":\"excerpt\"}".into())
            ])
        );
        assert_eq!(
            read_block("<!-- a comment --><div></div>"),
            Fragment::Markers(vec![])
        );
    }

    #[test]
    fn tags_and_entities() {
        let (tag, len) = parse_tag("<a title='x>y' href=\"u\">rest").unwrap();
        assert_eq!((tag.name.as_str(), tag.closing, len), ("a", false, 24));
        assert_eq!(tag.attr("href").as_deref(), Some("u"));
        assert_eq!(tag.attr("title").as_deref(), Some("x>y"));
        assert_eq!(tag.attr("id"), None);
        assert_eq!(
            parse_tag("</EM>").map(|(t, n)| (t.name, t.closing, n)),
            Some(("em".into(), true, 5))
        );
        assert_eq!(parse_tag("< 3"), None);
        assert_eq!(parse_tag("<b"), None);
        assert_eq!(
            decode("&#233;&#x2014;&amp;amp;&nope;&#0;&"),
            "é—&amp;&nope;\u{fffd}&"
        );
    }
}
