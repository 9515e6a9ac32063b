//! Scripts and styles cut out of a page's text before it is parsed.
//!
//! A page as a browser saves it is mostly inline scripts and styles, and
//! the HTML parser reads their text a character at a time only for the
//! walk to drop it. Cutting each `<script>…</script>` and
//! `<style>…</style>` out first, at the speed of a byte search, makes
//! such a page several times faster to read. Comments are stepped over
//! (a `<script>` in one is no script), and a script that holds `<!--` is
//! left to the parser, whose rules for it differ (the old
//! `<!-- document.write("<script></script>") -->` idiom).

use memchr::memchr;
use std::borrow::Cow;

/// `html` without its `<script>` and `<style>` elements.
pub(super) fn without_scripts(html: &str) -> Cow<'_, str> {
    let b = html.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while let Some(at) = next_tag(b, i) {
        let name: &[u8] = if is_tag(b, at + 1, b"script") {
            b"script"
        } else if is_tag(b, at + 1, b"style") {
            b"style"
        } else {
            i = at + 1;
            continue;
        };
        let Some(open_end) = memchr(b'>', &b[at..]).map(|e| at + e + 1) else {
            break;
        };
        let Some(close) = closing_tag(b, open_end, name, Nested::Allowed) else {
            // Unclosed: the parser reads the rest as the script's text.
            out.push_str(&html[copied..at]);
            copied = b.len();
            break;
        };
        if find(&b[..close], open_end, b"<!--").is_some() {
            i = close;
            continue;
        }
        let end = memchr(b'>', &b[close..]).map_or(b.len(), |e| close + e + 1);
        out.push_str(&html[copied..at]);
        copied = end;
        i = end;
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// The page cut down to its `<head>` and its one `<article>`, when the
/// page has exactly one and that holds at least [`FOCUS_SHARE`] of the
/// page's text: the parser then never reads the menus, sidebars and footer
/// around it, which are most of a saved page's bytes. `None` when the
/// page is not so plain (no head, no article, several, or an article
/// that holds too little), and the whole page is read.
pub(super) fn focus(html: &str) -> Option<String> {
    let b = html.as_bytes();
    let mut head: Option<(usize, usize)> = None;
    let mut article: Option<(usize, usize)> = None;
    let mut opens = 0;
    let mut i = 0;
    while let Some(at) = next_tag(b, i) {
        if head.is_none() && is_tag(b, at + 1, b"head") {
            let end = find_ci(b, at, b"</head")?;
            let end = memchr(b'>', &b[end..]).map(|e| end + e + 1)?;
            head = Some((at, end));
            i = end;
            continue;
        }
        if is_tag(b, at + 1, b"article") {
            opens += 1;
            if opens > 1 {
                return None;
            }
            let close = article_close(b, at)?;
            let end = memchr(b'>', &b[close..]).map(|e| close + e + 1)?;
            article = Some((at, end));
            i = end;
            continue;
        }
        i = at + 1;
    }
    let ((h0, h1), (a0, a1)) = (head?, article?);
    let (body, inside) = body_and_article(b, h1, (a0, a1));
    if body == 0 || inside * 100 < body * FOCUS_SHARE {
        return None;
    }
    let mut out = String::with_capacity(h1 - h0 + a1 - a0 + 40);
    out.push_str("<html>");
    out.push_str(html.get(h0..h1)?);
    out.push_str("<body>");
    out.push_str(html.get(a0..a1)?);
    out.push_str("</body></html>");
    Some(out)
}

/// Where the article opened at `at` closes (its first `</article`), in
/// one pass over its tags; `None` when it never does, or when another
/// `<article` (in any case) stands before that, which is a second article.
fn article_close(b: &[u8], at: usize) -> Option<usize> {
    closing_tag(b, at + 1, b"article", Nested::Refused)
}

/// The share of a page's text (percent) its one article must hold for
/// [`focus`] to read only it.
const FOCUS_SHARE: usize = 60;

/// [`visible_bytes`] of the body (`b` from `body`) and of the article
/// (`b[a0..a1]`), counting the article's text once: the body's count is
/// the text before the article, the article's and the text after it,
/// when the body's scan steps onto the article's first and past its last
/// byte as a scan of the article alone does (it does unless a tag or
/// comment straddles them), else each is counted whole.
fn body_and_article(b: &[u8], body: usize, (a0, a1): (usize, usize)) -> (usize, usize) {
    let (before, at_article) = scan(b, body, a0);
    let (inside, past_article) = scan(b, a0, a1);
    if at_article == a0 && past_article == a1 {
        let (after, _) = scan(b, a1, b.len());
        return (before + inside + after, inside);
    }
    (visible_bytes(&b[body..]), visible_bytes(&b[a0..a1]))
}

/// Bytes of `b` outside tags and comments that are not whitespace: a
/// rough measure of text, at the speed of a byte search.
fn visible_bytes(b: &[u8]) -> usize {
    scan(b, 0, b.len()).0
}

/// [`visible_bytes`] of `b` from `from`, its scan stopped at its first
/// step that starts at or past `stop`: the count, and where that step
/// starts. The scan carries nothing from step to step but where it is, so
/// one that starts where another stopped goes on as that one would.
fn scan(b: &[u8], from: usize, stop: usize) -> (usize, usize) {
    let mut n = 0;
    let mut i = from;
    while i < stop.min(b.len()) {
        let next = memchr(b'<', &b[i..]).map_or(b.len(), |o| i + o);
        // Bytes above the space: whitespace and control characters are
        // not text.
        n += count_bytes(&b[i..next], |c| c > b' ');
        if next >= b.len() {
            return (n, b.len());
        }
        i = if b[next..].starts_with(b"<!--") {
            find(b, next + 4, b"-->").map_or(b.len(), |e| e + 3)
        } else {
            memchr(b'>', &b[next..]).map_or(b.len(), |e| next + e + 1)
        };
    }
    (n, i)
}

/// How many bytes of `b` `holds` is true of: counted a chunk at a time in
/// a byte (a sum without branches into lanes of bytes, which runs as
/// vector code 16 bytes a step, where a sum in `usize` takes 2).
pub(super) fn count_bytes(b: &[u8], holds: impl Fn(u8) -> bool) -> usize {
    b.chunks(255)
        .map(|chunk| {
            let n = chunk
                .iter()
                .fold(0u8, |n, &c| n.wrapping_add(u8::from(holds(c))));
            usize::from(n)
        })
        .sum()
}

/// Where the next `<` at or after `from` is that does not open a
/// comment (comments are stepped over whole).
fn next_tag(b: &[u8], mut from: usize) -> Option<usize> {
    loop {
        let at = from + memchr(b'<', b.get(from..)?)?;
        if !b[at..].starts_with(b"<!--") {
            return Some(at);
        }
        from = find(b, at + 4, b"-->")? + 3;
    }
}

/// Where `needle` (ASCII, matched in any case) first occurs from `from`.
fn find_ci(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = needle.first()?;
    let mut i = from;
    while let Some(off) = memchr(*first, b.get(i..)?) {
        let at = i + off;
        if b.get(at..at + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// Whether `b` holds the tag name `name` (any case) at `at`, ended as a
/// tag name ends.
fn is_tag(b: &[u8], at: usize, name: &[u8]) -> bool {
    let end = at + name.len();
    b.get(at..end).is_some_and(|n| n.eq_ignore_ascii_case(name))
        && b.get(end)
            .is_none_or(|&c| c.is_ascii_whitespace() || c == b'>' || c == b'/')
}

/// What an opening `<name` met before the closing tag means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nested {
    /// Nothing: the first `</name` closes.
    Allowed,
    /// A second element of the name: there is no closing tag to give.
    Refused,
}

/// Where the first `</name` after `from` starts.
fn closing_tag(b: &[u8], from: usize, name: &[u8], nested: Nested) -> Option<usize> {
    let mut i = from;
    while let Some(off) = memchr(b'<', b.get(i..)?) {
        let at = i + off;
        if b.get(at + 1) == Some(&b'/') && is_tag(b, at + 2, name) {
            return Some(at);
        }
        if nested == Nested::Refused
            && b.get(at + 1..at + 1 + name.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(name))
        {
            return None;
        }
        i = at + 1;
    }
    None
}

/// Where `needle` first occurs in `b` from `from`.
fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, needle).map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn an_article_closes_where_its_end_tag_is_unless_another_opens_first(
            bytes in prop::collection::vec(
                prop::sample::select(&["<", "</", "article", "ARTICLE", "x", ">", " ", "<articles"][..]),
                0..30,
            ),
        ) {
            let page = format!("<article>{}", bytes.concat());
            let b = page.as_bytes();
            // The end tag, then no `<article` before it.
            let apart = closing_tag(b, 0, b"article", Nested::Allowed)
                .filter(|&close| find_ci(&b[..close], 1, b"<article").is_none());
            prop_assert_eq!(article_close(b, 0), apart, "{}", page);
        }

        #[test]
        fn bytes_are_counted_as_a_filter_counts_them(
            bytes in prop::collection::vec(any::<u8>(), 0..1200),
        ) {
            let above_space = bytes.iter().filter(|&&c| c > b' ').count();
            prop_assert_eq!(count_bytes(&bytes, |c| c > b' '), above_space);
        }

        #[test]
        fn the_article_counted_once_counts_as_body_and_article_counted_apart(
            bytes in prop::collection::vec(prop::sample::select(b"<>!-a \n".to_vec()), 0..80),
            cuts in prop::collection::vec(any::<prop::sample::Index>(), 3),
        ) {
            let mut at: Vec<usize> = cuts.iter().map(|c| c.index(bytes.len() + 1)).collect();
            at.sort_unstable();
            let (body, a0, a1) = (at[0], at[1], at[2]);
            prop_assert_eq!(
                body_and_article(&bytes, body, (a0, a1)),
                (visible_bytes(&bytes[body..]), visible_bytes(&bytes[a0..a1]))
            );
        }
    }

    #[test]
    fn a_page_with_one_article_is_cut_to_its_head_and_article() {
        let text = "word ".repeat(40);
        let page = format!(
            "<!DOCTYPE html><html><HEAD><title>T</title></HEAD><body><nav><a>Home</a></nav>\
             <!-- <article>not one</article> --><Article class=x><p>{text}</p></article>\
             <footer>Small print</footer></body></html>"
        );
        let cut = focus(&page).unwrap();
        assert!(cut.starts_with("<html><HEAD><title>T</title></HEAD><body><Article class=x>"));
        assert!(cut.ends_with("</article></body></html>"));
        assert!(!cut.contains("Home") && !cut.contains("Small print"));
        // Two articles, or one that holds little of the text: the whole page.
        let two = page.replace("<footer>", "<article><p>x</p></article><footer>");
        assert_eq!(focus(&two), None);
        let small = page.replace("Small print", &"print ".repeat(400));
        assert_eq!(focus(&small), None);
        assert_eq!(focus("<p>no head</p><article>x</article>"), None);
    }

    #[test]
    fn scripts_and_styles_go_and_the_rest_stays() {
        let html = "<p>a</p><SCRIPT type=x>if (a<b) { s = '<p>no</p>'; }</Script ><p>b</p>\
                    <style>p{}</style><scripts>kept</scripts><p>c</p>";
        assert_eq!(
            without_scripts(html),
            "<p>a</p><p>b</p><scripts>kept</scripts><p>c</p>"
        );
        assert!(matches!(without_scripts("<p>plain</p>"), Cow::Borrowed(_)));
    }

    #[test]
    fn comments_and_old_script_idioms_are_left_to_the_parser() {
        let commented = "<!-- <script> --><p>kept</p><script>x</script>";
        assert_eq!(without_scripts(commented), "<!-- <script> --><p>kept</p>");
        let idiom = "<script><!-- document.write(\"<script></script>\") --></script><p>k</p>";
        assert_eq!(without_scripts(idiom), idiom);
        assert_eq!(
            without_scripts("<p>k</p><script>never closed <p>"),
            "<p>k</p>"
        );
        assert_eq!(without_scripts("<p>k</p><script"), "<p>k</p><script");
    }
}
