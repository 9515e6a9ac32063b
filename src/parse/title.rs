//! Titles and title-like lines.
//!
//! Owns [`is_title_like`] (shared by titles and section headings),
//! [`derive`] (the first sentence of the first paragraph, cut to 80
//! characters), [`clamp`] (every title's final form: trimmed, one line, at
//! most [`MAX_TITLE`] characters, cut at a word boundary with `…`) and
//! [`fallback`] (file stem, then `Untitled`). See the parent module for the
//! whole title rule.

use super::{byline, date};

/// Longest title, in characters (not bytes).
pub const MAX_TITLE: usize = 80;

/// Abbreviations whose `.` does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "etc", "inc", "ltd", "co", "corp", "no",
    "vol", "fig", "e.g", "i.e", "u.s", "prof", "gen", "sen", "rep", "gov", "mt", "ft", "approx",
    "dept", "est", "jan", "feb", "apr", "aug", "sept", "oct", "nov", "dec",
];

/// A short line standing alone that does not end a sentence: at most 80
/// characters and `max_words` words, not ending in `.`, `,`, `;` or `:`
/// (`?` and `!` are fine), not in brackets, not a list item, starting with a
/// capital or digit (or a word like `iPhone`), not a date or byline line.
pub fn is_title_like(line: &str, max_words: usize) -> bool {
    is_title_like_in(line, max_words, Case::Capitalised)
}

/// Whether a title must start like one (see [`is_title_like`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// A capital or digit first: a line alone needs it to be taken for a
    /// title rather than a short sentence.
    Capitalised,
    /// Any case: a line with a byline right under it is a title whatever
    /// its case (`same title` / `By Sam Same`).
    Any,
}

/// [`is_title_like`], with the start's case checked as `case` says.
pub fn is_title_like_in(line: &str, max_words: usize, case: Case) -> bool {
    let t = line.trim();
    // The cheap tests first: this runs on every one-line paragraph.
    if t.is_empty() || t.len() > MAX_TITLE * 4 {
        return false;
    }
    let end = t.trim_end_matches(['"', '”', '’', '\'', ')', ']', '*', '_']);
    if end.ends_with(['.', ',', ';', ':']) || end.is_empty() {
        return false;
    }
    if t.starts_with(['(', '[', '{', '*', '-', '•', '>', '–', '—', '·']) {
        return false;
    }
    if t.chars().count() > MAX_TITLE || t.split_whitespace().count() > max_words {
        return false;
    }
    if case == Case::Capitalised && !starts_like_title(t) {
        return false;
    }
    date::parse_date_line(t).is_none() && byline::parse_byline(t).is_none()
}

/// The first letter or digit is a capital or digit, or its word has an
/// inner capital (`iPhone`, `eBay`).
fn starts_like_title(t: &str) -> bool {
    let Some(pos) = t.find(char::is_alphanumeric) else {
        return false;
    };
    let word = t[pos..].split_whitespace().next().unwrap_or_default();
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() || c.is_numeric() => true,
        Some(c) if c.is_alphabetic() => chars.any(char::is_uppercase),
        _ => false,
    }
}

/// Derives a title from body text: its first sentence, or as much as fits in
/// [`MAX_TITLE`] characters, cut at a word boundary with `…`.
pub fn derive(text: &str) -> String {
    clamp(first_sentence(text))
}

/// The first sentence of `text` if it ends within [`MAX_TITLE`] characters
/// (without a final `.`, keeping `?` and `!`); otherwise all of `text`.
fn first_sentence(text: &str) -> &str {
    let mut iter = text.char_indices().take(MAX_TITLE + 2).peekable();
    while let Some((i, c)) = iter.next() {
        if !matches!(c, '.' | '?' | '!') {
            continue;
        }
        let mut end = i + c.len_utf8();
        // A closing quote may follow the sentence end.
        while let Some(&(j, q)) = iter.peek() {
            if !matches!(q, '"' | '”' | '’' | '\'' | ')') {
                break;
            }
            end = j + q.len_utf8();
            iter.next();
        }
        let next = iter.peek().map(|&(_, n)| n);
        if next.is_some_and(|n| !n.is_whitespace()) {
            continue;
        }
        if c == '.' && is_abbreviation(&text[..i]) {
            continue;
        }
        let sentence = &text[..end];
        return if c == '.' && end == i + 1 {
            &text[..i]
        } else {
            sentence
        };
    }
    text
}

/// Whether the word just before a `.` is an abbreviation or an initial.
pub(crate) fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or_default();
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters == 1 || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// A title's final form: control characters and whitespace runs become one
/// space, trimmed, at most [`MAX_TITLE`] characters (cut at a word boundary,
/// with `…`). May be empty if `s` has no visible text.
pub fn clamp(s: &str) -> String {
    let mut clean = String::with_capacity(s.len().min(MAX_TITLE * 4));
    for word in s
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
    {
        if !clean.is_empty() {
            clean.push(' ');
        }
        clean.push_str(word);
        if clean.len() > MAX_TITLE * 4 {
            break;
        }
    }
    if clean.chars().count() <= MAX_TITLE {
        return clean;
    }
    // Room for the ellipsis.
    let limit = clean
        .char_indices()
        .nth(MAX_TITLE - 1)
        .map_or(clean.len(), |(i, _)| i);
    let cut = if clean[limit..].starts_with(' ') {
        limit
    } else {
        match clean[..limit].rfind(' ') {
            Some(sp) if sp > 0 => sp,
            _ => limit,
        }
    };
    let head = clean[..cut].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—' | '(' | '“' | '"')
    });
    let head = if head.is_empty() {
        &clean[..limit]
    } else {
        head
    };
    format!("{head}…")
}

/// A title from the file name's stem, or `Untitled`.
pub fn fallback(source: &str) -> String {
    let stem = std::path::Path::new(source)
        .file_stem()
        .and_then(|s| s.to_str())
        .map(clamp)
        .unwrap_or_default();
    if stem.is_empty() {
        "Untitled".to_string()
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_like_lines() {
        assert!(is_title_like("Vision at all Levels", 12));
        assert!(is_title_like("Is Support Truly a Profession?", 12));
        assert!(is_title_like("iPhone Tips", 12));
        assert!(!is_title_like("This ends a sentence.", 12));
        assert!(!is_title_like("(Robert Butche is the Publisher.)", 12));
        assert!(!is_title_like("By Jane Doe", 12));
        assert!(!is_title_like("March 24, 2007", 12));
        assert!(!is_title_like("lowercase start here", 12));
        assert!(!is_title_like(&"Word ".repeat(13), 12));
    }

    #[test]
    fn derived_titles() {
        assert_eq!(derive("What is it? More text."), "What is it?");
        assert_eq!(derive("It works. More text."), "It works");
        assert_eq!(derive("Mr. Smith went home. Then"), "Mr. Smith went home");
        let long = "For more than 30 years, I’ve been working with companies across a very wide range of industries.";
        let t = derive(long);
        assert_eq!(
            t,
            "For more than 30 years, I’ve been working with companies across a very wide…"
        );
        assert!(t.chars().count() <= MAX_TITLE);
    }

    #[test]
    fn clamp_never_exceeds_the_limit() {
        let one_word = "x".repeat(500);
        assert_eq!(clamp(&one_word).chars().count(), MAX_TITLE);
        assert_eq!(clamp("  a\nb\u{7}c  "), "a b c");
        let wide = "日本語".repeat(50);
        assert!(clamp(&wide).chars().count() <= MAX_TITLE);
    }

    #[test]
    fn fallback_uses_the_stem() {
        assert_eq!(fallback("dir/my-notes.txt"), "my-notes");
        assert_eq!(fallback(""), "Untitled");
    }
}
