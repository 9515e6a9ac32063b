//! Teaser markers of index pages: `Continue Reading »`, `Read more »`,
//! `[Read more]`, `Continue reading…`, `Read the rest of this entry »`,
//! `More »` and the like.
//!
//! Owns [`is_marker_line`] (a whole line that is only a marker) and
//! [`strip_trailing_marker`] (a marker at the very end of a paragraph's last
//! line). Matching is case-insensitive; surrounding brackets and trailing
//! decorations (`»`, `›`, `>`, `→`, `…`, `...`) are ignored.

/// Longest marker line, in bytes.
const MAX_MARKER: usize = 120;

/// Marker phrases that count on their own, without decoration.
const PHRASES: &[&str] = &[
    "continue reading",
    "keep reading",
    "read more",
    "read on",
    "read the rest of this entry",
    "read the rest of this post",
    "read the rest of this article",
    "read the rest of this story",
    "read the rest",
    "read full article",
    "read the full article",
    "read full story",
    "read the full story",
    "read full post",
    "read the full post",
    "read the entire article",
    "read entire article",
    "read article",
    "click here to read more",
    "click to read more",
    "view full article",
];

/// Phrases that are markers only with a decoration (`More »`, `[Continue]`).
const DECORATED_PHRASES: &[&str] = &["more", "continue", "full article", "full story"];

/// The last words of the marker phrases.
const LAST_WORDS: &[&str] = &[
    "reading", "more", "on", "entry", "post", "article", "rest", "story", "continue",
];

/// Characters that decorate a marker.
fn is_decoration(c: char) -> bool {
    matches!(
        c,
        '»' | '›'
            | '>'
            | '→'
            | '⟶'
            | '…'
            | '.'
            | '«'
            | '‹'
            | '<'
            | '←'
            | ':'
            | '-'
            | '–'
            | '—'
    ) || c.is_whitespace()
}

/// What a candidate marker looks like once its decorations are removed.
struct Bare<'a> {
    text: &'a str,
    /// Brackets, arrows, `»` or an ellipsis were present.
    decorated: bool,
}

fn bare(s: &str) -> Bare<'_> {
    let t = s.trim();
    let (t, bracketed) = match t
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .or_else(|| t.strip_prefix('(').and_then(|x| x.strip_suffix(')')))
    {
        Some(inner) => (inner, true),
        None => (t, false),
    };
    let core = t.trim_matches(is_decoration);
    let stripped = &t[t.len() - t.trim_start_matches(is_decoration).len()..];
    let trail = &stripped[core.len()..];
    let lead = &t[..t.len() - stripped.len()];
    // A lone final `.` is punctuation, not decoration.
    let fancy = |x: &str| {
        let x = x.trim();
        !x.is_empty() && x != "." && x != ":"
    };
    Bare {
        text: core,
        decorated: bracketed || fancy(trail) || fancy(lead),
    }
}

fn phrase_matches(text: &str, decorated: bool) -> bool {
    let eq = |p: &&str| p.eq_ignore_ascii_case(text);
    if PHRASES.iter().any(eq) || (decorated && DECORATED_PHRASES.iter().any(eq)) {
        return true;
    }
    // `Continue reading “Some Title” →`
    decorated
        && text
            .get(..17)
            .is_some_and(|h| h.eq_ignore_ascii_case("continue reading "))
}

/// True when the whole line is only a teaser marker.
pub fn is_marker_line(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() || line.len() > MAX_MARKER {
        return false;
    }
    let b = bare(line);
    !b.text.is_empty() && phrase_matches(b.text, b.decorated)
}

/// If `line` (the last line of a paragraph) ends with a teaser marker after
/// a sentence end, returns the text before the marker.
///
/// Stricter than [`is_marker_line`] so prose is never cut: the marker must
/// follow `.`, `?`, `!`, `…`, a closing quote or bracket, start with a
/// capital or `[`, and be decorated or capitalised exactly like a marker.
pub fn strip_trailing_marker(line: &str) -> Option<&str> {
    let line = line.trim_end();
    // Cheap test first: every marker phrase ends with one of these words.
    let last = line
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default();
    if !LAST_WORDS.iter().any(|w| w.eq_ignore_ascii_case(last)) {
        return None;
    }
    let mut window = line.len().saturating_sub(MAX_MARKER);
    while !line.is_char_boundary(window) {
        window += 1;
    }
    for (i, c) in line[window..].char_indices().map(|(i, c)| (i + window, c)) {
        if i == 0 || !(c.is_uppercase() || c == '[') {
            continue;
        }
        let before = line[..i].trim_end();
        if before.len() == i || !ends_sentence(before) {
            continue;
        }
        let b = bare(&line[i..]);
        let plain_ok = !b.decorated && b.text.len() == line[i..].trim().len();
        if !b.text.is_empty() && (b.decorated || plain_ok) && phrase_matches(b.text, b.decorated) {
            return Some(before);
        }
    }
    None
}

fn ends_sentence(s: &str) -> bool {
    s.ends_with(['.', '?', '!', '…', '”', '"', ')', ']', '’'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_lines() {
        for line in [
            "Continue Reading »",
            "Continue reading…",
            "Continue reading...",
            "Read more »",
            "Read More",
            "[Read more]",
            "Read the rest of this entry »",
            "Read full article",
            "More »",
            "READ MORE >>",
            "Continue reading “A Title” →",
        ] {
            assert!(is_marker_line(line), "{line}");
        }
        for line in [
            "More",
            "Read more about it here.",
            "Continue",
            "We should all read more",
            "",
        ] {
            assert!(!is_marker_line(line), "{line}");
        }
    }

    #[test]
    fn trailing_markers() {
        assert_eq!(
            strip_trailing_marker("The end of the teaser. Read more »"),
            Some("The end of the teaser.")
        );
        assert_eq!(
            strip_trailing_marker("And so it went… Continue reading…"),
            Some("And so it went…")
        );
        assert_eq!(
            strip_trailing_marker("We should all read more »"),
            None,
            "needs a sentence end before it"
        );
        assert_eq!(strip_trailing_marker("I want to read more."), None);
        assert_eq!(strip_trailing_marker("Read more »"), None);
    }
}
