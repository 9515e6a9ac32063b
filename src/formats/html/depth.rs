//! Markup nested deeper than browsers build it, flattened before parsing.
//!
//! For each start tag the standard's tree construction looks down the
//! stack of open elements (is a `<p>` open to close?), so html5ever's time
//! grows with the square of a page's depth: 200,000 nested `<div>`s take
//! minutes. Browsers stop nesting at a fixed depth (Blink at 512) and put
//! deeper elements beside their parent. [`flattened`] does the same on the
//! markup: it follows the open elements as the tree builder would (closing
//! what a new tag implies, ignoring end tags of elements not in scope),
//! and leaves out the start tags that would open deeper than
//! [`MAX_DEPTH`]. Their text stays, and their end tags then close what
//! they close in the page without them. A page that never goes so deep is
//! returned as it is.
//!
//! The stack here is an estimate: tables' implied sections are not
//! counted, and elements moved out of a table are counted inside it. The
//! parser's depth stays within a small multiple of [`MAX_DEPTH`], which
//! is all the cost needs.

use memchr::memchr;
use std::borrow::Cow;
use std::collections::HashMap;

/// The deepest a start tag may open.
pub(super) const MAX_DEPTH: usize = 512;

/// `html` with the start tags that open deeper than [`MAX_DEPTH`] left out.
pub(super) fn flattened(html: &str) -> Cow<'_, str> {
    let b = html.as_bytes();
    let mut open = Open::default();
    // Byte ranges of the start tags left out.
    let mut cut: Vec<(usize, usize)> = Vec::new();
    // The tag's name in lower case.
    let mut key = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr(b'<', &b[i..]) {
        let at = i + off;
        let Some(tag) = read_tag(b, at) else {
            // A tag cut off by the page's end is no tag.
            break;
        };
        i = tag.end;
        match tag.kind {
            Kind::Other => {}
            Kind::End(name) => open.end(lower(name, &mut key)),
            Kind::Start { name, self_closing } => {
                let name = lower(name, &mut key);
                if name == b"plaintext" {
                    // The rest of the page is its text.
                    break;
                }
                if let Some(raw) = raw_text(name) {
                    // Its text runs to its own end tag.
                    match find_end_tag(b, i, raw) {
                        Some(end) => i = end,
                        None => break,
                    }
                    continue;
                }
                if !open.start(name, self_closing) {
                    cut.push((at, tag.end));
                }
            }
        }
    }
    if cut.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    for (start, end) in cut {
        out.push_str(&html[copied..start]);
        copied = end;
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// The open elements as the tree builder keeps them, by interned name.
#[derive(Default)]
struct Open {
    ids: HashMap<Vec<u8>, u32>,
    /// The open elements, outermost first.
    stack: Vec<u32>,
    /// For each name, where its open elements are in the stack.
    at: Vec<Vec<usize>>,
    /// Where the open elements are that bound the default scope.
    bounds: Vec<usize>,
    /// How many `<svg>` and `<math>` are open (inside them `/>` closes).
    foreign: usize,
}

/// `name` in lower case, in `buf`.
fn lower<'b>(name: &[u8], buf: &'b mut Vec<u8>) -> &'b [u8] {
    buf.clear();
    buf.extend(name.iter().map(u8::to_ascii_lowercase));
    buf
}

impl Open {
    fn id(&mut self, name: &[u8]) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.at.len() as u32;
        self.ids.insert(name.to_vec(), id);
        self.at.push(Vec::new());
        id
    }

    /// Where the innermost open `name` is.
    fn innermost(&self, name: &[u8]) -> Option<usize> {
        let id = *self.ids.get(name)?;
        self.at[id as usize].last().copied()
    }

    /// Where the innermost open `name` is when it is in the scope that
    /// `more` (names) bound besides the default ones.
    fn in_scope(&self, name: &[u8], more: &[&[u8]]) -> Option<usize> {
        let at = self.innermost(name)?;
        let bound = more
            .iter()
            .filter_map(|m| self.innermost(m))
            .chain(self.bounds.last().copied())
            .max();
        bound.is_none_or(|b| at >= b).then_some(at)
    }

    fn top_is(&self, names: &[&[u8]]) -> bool {
        self.stack.last().is_some_and(|&top| {
            names
                .iter()
                .any(|n| self.ids.get(*n).is_some_and(|&id| id == top))
        })
    }

    /// Closes the element at `at` and every one inside it.
    fn pop_to(&mut self, at: usize) {
        while self.stack.len() > at {
            let Some(id) = self.stack.pop() else { break };
            self.at[id as usize].pop();
            if self.bounds.last() == Some(&self.stack.len()) {
                self.bounds.pop();
            }
            if self.is(id, FOREIGN) {
                self.foreign = self.foreign.saturating_sub(1);
            }
        }
    }

    fn is(&self, id: u32, names: &[&[u8]]) -> bool {
        names
            .iter()
            .any(|n| self.ids.get(*n).is_some_and(|&i| i == id))
    }

    /// A start tag: closes what it implies, then opens its element unless
    /// that would be deeper than [`MAX_DEPTH`] (`false`: leave the tag
    /// out).
    fn start(&mut self, name: &[u8], self_closing: bool) -> bool {
        if PAGE.contains(&name) {
            return true;
        }
        self.close_implied(name);
        if VOID.contains(&name) || (self_closing && self.foreign > 0) {
            return true;
        }
        if self.stack.len() >= MAX_DEPTH {
            return false;
        }
        let id = self.id(name);
        let at = self.stack.len();
        self.stack.push(id);
        self.at[id as usize].push(at);
        if BOUNDS.contains(&name) {
            self.bounds.push(at);
        }
        if FOREIGN.contains(&name) {
            if self_closing {
                self.pop_to(at);
            } else {
                self.foreign += 1;
            }
        }
        true
    }

    /// What a start tag closes before it opens (the standard's implied
    /// end tags).
    fn close_implied(&mut self, name: &[u8]) {
        if CLOSES_P.contains(&name)
            && let Some(at) = self.in_scope(b"p", &[b"button"])
        {
            self.pop_to(at);
        }
        let innermost_of = |open: &Open, names: &[&[u8]], more: &[&[u8]]| {
            names.iter().filter_map(|n| open.in_scope(n, more)).max()
        };
        let at = match name {
            b"li" => innermost_of(self, &[b"li"], &[b"ol", b"ul"]),
            b"dd" | b"dt" => innermost_of(self, &[b"dd", b"dt"], &[b"dl"]),
            b"td" | b"th" => innermost_of(self, &[b"td", b"th"], &[]),
            b"tr" => innermost_of(self, &[b"tr"], &[]),
            b"tbody" | b"thead" | b"tfoot" => {
                innermost_of(self, &[b"tbody", b"thead", b"tfoot"], &[])
            }
            b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6"
                if self.top_is(&[b"h1", b"h2", b"h3", b"h4", b"h5", b"h6"]) =>
            {
                Some(self.stack.len() - 1)
            }
            b"option" | b"optgroup" if self.top_is(&[b"option"]) => Some(self.stack.len() - 1),
            b"optgroup" if self.top_is(&[b"optgroup"]) => Some(self.stack.len() - 1),
            _ => None,
        };
        if let Some(at) = at {
            self.pop_to(at);
        }
    }

    /// An end tag closes its element when one is in scope; otherwise the
    /// tree builder ignores it.
    fn end(&mut self, name: &[u8]) {
        if PAGE.contains(&name) {
            return;
        }
        if let Some(at) = self.in_scope(name, &[]) {
            self.pop_to(at);
        }
    }
}

/// The page's own elements, which the tree builder never nests.
const PAGE: &[&[u8]] = &[b"html", b"head", b"body"];

/// Elements without content or end tag.
const VOID: &[&[u8]] = &[
    b"area",
    b"base",
    b"basefont",
    b"bgsound",
    b"br",
    b"col",
    b"embed",
    b"frame",
    b"hr",
    b"image",
    b"img",
    b"input",
    b"keygen",
    b"link",
    b"meta",
    b"param",
    b"source",
    b"track",
    b"wbr",
];

/// Elements that end a search for an open element (the default scope).
const BOUNDS: &[&[u8]] = &[
    b"applet",
    b"caption",
    b"marquee",
    b"object",
    b"table",
    b"td",
    b"template",
    b"th",
];

/// Elements whose contents are SVG or MathML, where `/>` closes.
const FOREIGN: &[&[u8]] = &[b"svg", b"math"];

/// Elements whose start tag closes an open `<p>`.
const CLOSES_P: &[&[u8]] = &[
    b"address",
    b"article",
    b"aside",
    b"blockquote",
    b"center",
    b"dd",
    b"details",
    b"dialog",
    b"dir",
    b"div",
    b"dl",
    b"dt",
    b"fieldset",
    b"figcaption",
    b"figure",
    b"footer",
    b"form",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"header",
    b"hgroup",
    b"hr",
    b"li",
    b"listing",
    b"main",
    b"menu",
    b"nav",
    b"ol",
    b"p",
    b"pre",
    b"search",
    b"section",
    b"summary",
    b"table",
    b"ul",
];

/// The end tag that ends an element whose text is read as text (no tags
/// inside), when `name` is one.
fn raw_text(name: &[u8]) -> Option<&'static [u8]> {
    const RAW: &[&[u8]] = &[
        b"iframe",
        b"noembed",
        b"noframes",
        b"script",
        b"style",
        b"textarea",
        b"title",
        b"xmp",
    ];
    RAW.iter().find(|r| **r == name).copied()
}

/// Where the text after the first `</name` from `from` goes on (past its
/// `>`).
fn find_end_tag(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(off) = memchr(b'<', b.get(i..)?) {
        let at = i + off;
        let named = b.get(at + 2..at + 2 + name.len());
        if b.get(at + 1) == Some(&b'/')
            && named.is_some_and(|n| n.eq_ignore_ascii_case(name))
            && b.get(at + 2 + name.len())
                .is_none_or(|&c| c.is_ascii_whitespace() || c == b'>' || c == b'/')
        {
            return Some(memchr(b'>', &b[at..]).map_or(b.len(), |e| at + e + 1));
        }
        i = at + 1;
    }
    None
}

/// A piece of markup that starts with `<`.
struct Tag<'a> {
    kind: Kind<'a>,
    /// Just past it.
    end: usize,
}

enum Kind<'a> {
    Start {
        name: &'a [u8],
        self_closing: bool,
    },
    End(&'a [u8]),
    /// A comment, a doctype, or a `<` that opens no tag (text).
    Other,
}

/// The piece of markup at `at` (a `<`), as the tokenizer reads it; `None`
/// when the page ends inside it.
fn read_tag(b: &[u8], at: usize) -> Option<Tag<'_>> {
    let rest = &b[at..];
    if rest.starts_with(b"<!--") {
        let end = memchr::memmem::find(&rest[4..], b"-->")? + at + 4 + 3;
        return Some(Tag {
            kind: Kind::Other,
            end,
        });
    }
    match rest.get(1) {
        Some(c) if c.is_ascii_alphabetic() => {
            let (name, after) = name_at(b, at + 1);
            let (end, self_closing) = attributes_end(b, after)?;
            Some(Tag {
                kind: Kind::Start { name, self_closing },
                end,
            })
        }
        Some(b'/') if rest.get(2).is_some_and(u8::is_ascii_alphabetic) => {
            let (name, after) = name_at(b, at + 2);
            let (end, _) = attributes_end(b, after)?;
            Some(Tag {
                kind: Kind::End(name),
                end,
            })
        }
        // `<!…>`, `<?…>` and `</…>` without a name are bogus comments.
        Some(b'!' | b'?' | b'/') => Some(Tag {
            kind: Kind::Other,
            end: at + memchr(b'>', rest)? + 1,
        }),
        _ => Some(Tag {
            kind: Kind::Other,
            end: at + 1,
        }),
    }
}

/// The tag name at `from` and where it ends.
fn name_at(b: &[u8], from: usize) -> (&[u8], usize) {
    let len = b[from..]
        .iter()
        .position(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
        .unwrap_or(b.len() - from);
    (&b[from..from + len], from + len)
}

/// Past the `>` that ends a tag whose attributes start at `from`, and
/// whether it ends `/>`; quoted values may hold `>`.
fn attributes_end(b: &[u8], from: usize) -> Option<(usize, bool)> {
    let mut i = from;
    loop {
        match *b.get(i)? {
            b'>' => return Some((i + 1, i > from && b[i - 1] == b'/')),
            b'=' => {
                i += 1;
                while b.get(i).is_some_and(u8::is_ascii_whitespace) {
                    i += 1;
                }
                if let Some(&q) = b.get(i).filter(|&&c| c == b'"' || c == b'\'') {
                    i += 1 + memchr(q, b.get(i + 1..)?)? + 1;
                }
            }
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn deepest(html: &str) -> usize {
        let doc = dom_query::Document::from(html);
        let mut deepest = 0;
        for node in doc.select("*").nodes() {
            deepest = deepest.max(node.ancestors(None).len());
        }
        deepest
    }

    #[test]
    fn a_page_within_the_depth_is_left_as_it_is() {
        let page = format!(
            "<html><body>{}text{}<p>a<p>b<ul><li>one<li>two</ul></body></html>",
            "<div>".repeat(MAX_DEPTH - 1),
            "</div>".repeat(MAX_DEPTH - 1)
        );
        assert!(matches!(flattened(&page), Cow::Borrowed(_)));
    }

    #[test]
    fn start_tags_deeper_than_the_limit_go_and_their_text_stays() {
        let n = 5000;
        let page = format!(
            "<html><body>{}deep text{}<p>after</p></body></html>",
            "<div class=\"x\">".repeat(n),
            "</div>".repeat(n)
        );
        let flat = flattened(&page);
        assert_eq!(flat.matches("<div").count(), MAX_DEPTH);
        assert!(flat.contains("deep text") && flat.contains("<p>after</p>"));
        let depth = deepest(&flat);
        assert!((MAX_DEPTH..MAX_DEPTH + 4).contains(&depth), "{depth}");
        // The paragraph after them is no longer inside them.
        let p_depth = |html: &str| {
            let doc = dom_query::Document::from(html);
            doc.select("p").nodes()[0].ancestors(None).len()
        };
        assert_eq!(
            p_depth(&flat),
            p_depth("<html><body><p>after</p></body></html>")
        );
    }

    /// Elements a page leaves open that the tree builder closes (a
    /// paragraph before the next, a list item before the next, table
    /// cells) do not count as depth: an old page of thousands of them
    /// is not flattened.
    #[test]
    fn implied_end_tags_close_elements_as_the_tree_builder_does() {
        let rows = "<tr><td>a<td>b".repeat(2000);
        let items = "<li>item <b>bold</b>".repeat(2000);
        let page = format!(
            "<html><body>{}<table>{rows}</table><ul>{items}</ul><dl>{}</dl><select>{}</select>{}</body></html>",
            "<p>para <i>it</i> text".repeat(2000),
            "<dt>t<dd>d".repeat(2000),
            "<option>o".repeat(2000),
            "<h2>a<h3>b".repeat(2000),
        );
        assert!(matches!(flattened(&page), Cow::Borrowed(_)));
    }

    /// End tags of elements that are not open (or not in scope) are
    /// ignored, as the tree builder ignores them: they cannot hide depth.
    #[test]
    fn stray_end_tags_do_not_undo_depth() {
        // Not open at all, and open but outside the cell's scope.
        for page in [
            "<div></span></p>".repeat(2000),
            "<div><table><td></div>".repeat(1000),
        ] {
            let flat = flattened(&page);
            assert!(deepest(&flat) <= 3 * MAX_DEPTH, "{}", deepest(&flat));
        }
    }

    #[test]
    fn raw_text_comments_and_svg_are_read_as_the_tokenizer_reads_them() {
        let page = format!(
            "<title>{}</title><!-- {} --><textarea>{}</textarea><svg>{}</svg><p title=\"a>b\">x</p>",
            "<div>".repeat(2000),
            "<div>".repeat(2000),
            "<div>".repeat(2000),
            "<path d=\"M0\"/>".repeat(2000),
        );
        assert!(matches!(flattened(&page), Cow::Borrowed(_)));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Any markup: what is kept is the page less whole start tags, and
        /// the parser's tree is never much deeper than the limit.
        #[test]
        fn only_start_tags_go_and_the_depth_is_bounded(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("<div>"), Just("</div>"), Just("<p>"), Just("<li>"), Just("<td>"),
                    Just("<table>"), Just("</table>"), Just("<b>"), Just("</span>"),
                    Just("<svg>"), Just("<g/>"), Just("text"), Just("<!--"), Just("-->"),
                    Just("<title>"), Just("</title>"), Just("<a href='>'>"), Just("<"), Just("<br/>"),
                ],
                0..2000,
            ),
        ) {
            let page = parts.concat();
            let flat = flattened(&page);
            prop_assert!(flat.len() <= page.len());
            prop_assert_eq!(
                flat.matches("text").count(),
                page.matches("text").count()
            );
            prop_assert!(deepest(&flat) <= 4 * MAX_DEPTH);
        }
    }
}
