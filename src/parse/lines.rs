//! Line-level preparation of a file's text.
//!
//! Owns [`prepare`] and [`Prepared`]: line endings normalised (LF, CRLF and
//! lone CR), every line trimmed (NBSP included), blank and masthead lines
//! turned into `""`, and teaser markers turned into chunk boundaries
//! ([`Prepared::cuts`]). Also [`push_collapsed`], which joins text with single
//! spaces (runs of spaces, tabs and NBSPs become one space; a single NBSP
//! between words is kept).
//!
//! Everything borrows from the input; the only allocation is the line list.

use super::teaser;

/// The lines of one file, ready for the parser.
#[derive(Debug, Default)]
pub struct Prepared<'a> {
    /// Trimmed lines; `""` for blank, masthead and marker lines.
    pub lines: Vec<&'a str>,
    /// Chunk boundaries from teaser markers, ascending: chunk `k` is
    /// `lines[cuts[k-1]..cuts[k]]`. Empty for an ordinary article.
    pub cuts: Vec<usize>,
}

/// The magazine's masthead lines (compared case-insensitively, whitespace
/// normalised).
const MASTHEAD: &[&str] = &[
    "the hotline magazine archives",
    "for the profession of cloud/saas product support",
];

/// Splits, trims and classifies the lines of `text`.
pub fn prepare(text: &str) -> Prepared<'_> {
    let mut lines: Vec<&str> = Vec::with_capacity(text.len() / 64 + 4);
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        for raw in split_lf(text) {
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            lines.extend(raw.split('\r').map(str::trim));
        }
    } else {
        lines.extend(split_lf(text).map(str::trim));
    }
    let mut cuts = Vec::new();
    for i in 0..lines.len() {
        let line = lines[i];
        if line.is_empty() {
            continue;
        }
        if is_masthead(line) {
            lines[i] = "";
        } else if teaser::is_marker_line(line) {
            lines[i] = "";
            cuts.push(i);
        } else if lines.get(i + 1).is_none_or(|n| n.is_empty())
            && let Some(before) = teaser::strip_trailing_marker(line)
        {
            lines[i] = before;
            cuts.push(i + 1);
        }
    }
    Prepared { lines, cuts }
}

/// `text.split('\n')`, with the vectorised `memchr` search.
fn split_lf(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .chain(std::iter::once(text.len()))
        .map(move |end| {
            // Both ends are char boundaries: `\n` is one byte.
            let line = &text[start..end];
            start = end + 1;
            line
        })
}

/// `s.split(' ')` for short words: a plain byte loop beats a vectorised
/// search when the next space is a few bytes away.
pub fn split_spaces(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == b' ') {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// True for one of the masthead lines.
pub fn is_masthead(line: &str) -> bool {
    if !(20..=80).contains(&line.len()) {
        return false;
    }
    MASTHEAD.iter().any(|m| {
        let mut want = m.split(' ');
        let mut have = line.split_whitespace();
        loop {
            match (want.next(), have.next()) {
                (None, None) => return true,
                (Some(w), Some(h)) if w.eq_ignore_ascii_case(h) => {}
                _ => return false,
            }
        }
    })
}

/// Byte length of the whitespace character at `b[i]` that [`push_collapsed`]
/// folds (ASCII space, tab, vertical tab, form feed, NBSP), or 0.
fn ws_len(b: &[u8], i: usize) -> usize {
    match b[i] {
        b' ' | b'\t' | 0x0B | 0x0C => 1,
        0xC2 if b.get(i + 1) == Some(&0xA0) => 2,
        _ => 0,
    }
}

/// Whether `b` holds two spaces in a row, a tab, VT, FF or a `0xC2` lead
/// byte (as in NBSP). Checked 32 bytes at a time without early exits, so
/// it vectorises.
fn has_foldable_bytes(b: &[u8]) -> bool {
    let hit = |x: u8, next: u8| {
        (x == b'\t') | (x == 0x0B) | (x == 0x0C) | (x == 0xC2) | ((x == b' ') & (next == b' '))
    };
    let Some(last) = b.len().checked_sub(1) else {
        return false;
    };
    let (pairs, next) = (&b[..last], &b[1..]);
    let mut chunks = pairs.chunks_exact(32).zip(next.chunks_exact(32));
    for (chunk, after) in &mut chunks {
        if chunk
            .iter()
            .zip(after)
            .fold(false, |acc, (&x, &n)| acc | hit(x, n))
        {
            return true;
        }
    }
    let done = pairs.len() / 32 * 32;
    pairs[done..]
        .iter()
        .zip(&next[done..])
        .any(|(&x, &n)| hit(x, n))
        || hit(b[last], 0)
}

/// Appends `s` to `out`, turning each run of two or more whitespace
/// characters (or a tab) into one space.
pub fn push_collapsed(out: &mut String, s: &str) {
    if !has_foldable_bytes(s.as_bytes()) {
        out.push_str(s);
        return;
    }
    let b = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let first = ws_len(b, i);
        if first == 0 {
            i += 1;
            continue;
        }
        let mut j = i + first;
        let mut run = 1;
        while j < b.len() {
            let l = ws_len(b, j);
            if l == 0 {
                break;
            }
            j += l;
            run += 1;
        }
        if run > 1 || (b[i] != b' ' && first == 1) {
            // Both ends are char boundaries: whitespace is whole characters.
            out.push_str(&s[start..i]);
            out.push(' ');
            start = j;
        }
        i = j;
    }
    out.push_str(&s[start..]);
}

/// Joins lines into one paragraph with single spaces.
pub fn join(lines: &[&str]) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    for l in lines {
        if !out.is_empty() {
            out.push(' ');
        }
        push_collapsed(&mut out, l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_are_normalised() {
        for text in [
            "a\nb\n\nc",
            "a\r\nb\r\n\r\nc",
            "a\rb\r\rc",
            "a  \nb\u{a0}\n \nc",
        ] {
            assert_eq!(prepare(text).lines, vec!["a", "b", "", "c"], "{text:?}");
        }
    }

    #[test]
    fn masthead_lines_are_blanked() {
        let p = prepare(
            "THE HOTLINE  magazine archives\nFor The Profession of Cloud/SaaS Product Support\nBody.",
        );
        assert_eq!(p.lines, vec!["", "", "Body."]);
    }

    #[test]
    fn markers_become_cuts() {
        let p = prepare("One.\n\nRead more »\n\nTwo. Continue reading…\n\nThree.");
        assert_eq!(p.lines, vec!["One.", "", "", "", "Two.", "", "Three."]);
        assert_eq!(p.cuts, vec![2, 5]);
    }

    #[test]
    fn whitespace_runs_collapse() {
        let mut s = String::new();
        push_collapsed(&mut s, "a.\u{a0} b\t c  d\u{a0}e");
        assert_eq!(s, "a. b c d\u{a0}e");
        assert_eq!(join(&["one", "two  three"]), "one two three");
    }

    proptest::proptest! {
        #[test]
        fn fast_splits_agree_with_std(t in "([a-z]{0,5}|[ \n\r\t]|\u{a0}|\u{e9}){0,80}") {
            let lf: Vec<&str> = split_lf(&t).collect();
            proptest::prop_assert_eq!(lf, t.split('\n').collect::<Vec<_>>());
            let sp: Vec<&str> = split_spaces(&t).collect();
            proptest::prop_assert_eq!(sp, t.split(' ').collect::<Vec<_>>());
        }

        #[test]
        fn foldable_bytes_are_found_anywhere(t in "([a-z]{0,40}|[ \t\x0b\x0c]|\u{a0}|\u{e9}){0,60}") {
            let b = t.as_bytes();
            let want = t.contains("  ") || b.iter().any(|&x| matches!(x, b'\t' | 0x0B | 0x0C | 0xC2));
            proptest::prop_assert_eq!(has_foldable_bytes(b), want);
        }
    }
}
