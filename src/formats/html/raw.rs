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
    while let Some(off) = memchr(b'<', &b[i..]) {
        let at = i + off;
        if b[at..].starts_with(b"<!--") {
            i = find(b, at + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
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
        let Some(close) = closing_tag(b, open_end, name) else {
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

/// Whether `b` holds the tag name `name` (any case) at `at`, ended as a
/// tag name ends.
fn is_tag(b: &[u8], at: usize, name: &[u8]) -> bool {
    let end = at + name.len();
    b.get(at..end).is_some_and(|n| n.eq_ignore_ascii_case(name))
        && b.get(end)
            .is_none_or(|&c| c.is_ascii_whitespace() || c == b'>' || c == b'/')
}

/// Where the first `</name` after `from` starts.
fn closing_tag(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(off) = memchr(b'<', b.get(i..)?) {
        let at = i + off;
        if b.get(at + 1) == Some(&b'/') && is_tag(b, at + 2, name) {
            return Some(at);
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
