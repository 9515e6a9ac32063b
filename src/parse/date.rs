//! Date lines: a whole line that is a date, optionally with a prefix.
//!
//! Owns [`parse_date_line`] and [`DateLine`]. Accepted forms (case-insensitive):
//! `2009-04-01`, `2009/04/01`, `2009.04.01`, `April 1, 2009`, `April 1st, 2009`,
//! `1 April 2009`, `1st April, 2009`, `Apr. 1, 2009`, `Apr 1 2009`,
//! `Sept. 3, 2008`, an optional weekday (`Wednesday, April 1, 2009`), an optional
//! prefix (`Posted on`, `Published:`, `Published on`, `Date:`, `Updated`,
//! `Posted`, `Last updated`, `On`) and an optional time (`at 10:30 am`, `UTC`).
//! Numbers are length-checked before parsing, so nothing overflows; a date
//! that does not exist (`February 30, 2008`) is [`DateLine::Impossible`].

use chrono::NaiveDate;

/// What a date line holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateLine {
    /// A real calendar date.
    Valid(NaiveDate),
    /// Shaped like a date but no such day exists; holds the date as written.
    Impossible(String),
}

impl DateLine {
    /// The date, if it exists.
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            DateLine::Valid(d) => Some(*d),
            DateLine::Impossible(_) => None,
        }
    }

    /// The warning to report for an impossible date.
    pub fn warning(&self) -> Option<String> {
        match self {
            DateLine::Valid(_) => None,
            DateLine::Impossible(s) => Some(format!("impossible date '{s}' ignored")),
        }
    }
}

/// Longest line considered as a date line, in bytes.
const MAX_DATE_LINE: usize = 100;

/// Prefixes stripped before the date itself, longest first.
const PREFIXES: &[&str] = &[
    "originally published on",
    "originally published",
    "last updated on",
    "last updated",
    "published on",
    "updated on",
    "posted on",
    "published",
    "updated",
    "posted",
    "dated",
    "date",
    "on",
];

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];

/// Words allowed after the date (a time of day and a zone).
const TIME_WORDS: &[&str] = &[
    "at", "@", "am", "pm", "a.m.", "p.m.", "utc", "gmt", "est", "edt", "cst", "cdt", "mst", "mdt",
    "pst", "pdt", "bst", "cet", "cest",
];

/// Parses a whole line as a date (with optional prefix, weekday and time).
/// `None` when the line is not a date line at all.
pub fn parse_date_line(line: &str) -> Option<DateLine> {
    let line = line.trim();
    if line.is_empty() || line.len() > MAX_DATE_LINE || !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    parse_date(strip_prefixes(line))
}

/// Strips the `Posted on` style prefixes (and a following `:`).
fn strip_prefixes(mut s: &str) -> &str {
    loop {
        let before = s.len();
        for p in PREFIXES {
            if let Some(rest) = strip_word_ci(s, p) {
                s = rest
                    .trim_start_matches([':', '-', '—', '–', ' '])
                    .trim_start();
                break;
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

/// Strips `word` from the start of `s` (ASCII case-insensitive) if a
/// non-letter follows it.
pub(crate) fn strip_word_ci<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let head = s.get(..word.len())?;
    if !head.eq_ignore_ascii_case(word) {
        return None;
    }
    let rest = &s[word.len()..];
    match rest.chars().next() {
        Some(c) if c.is_alphanumeric() => None,
        _ => Some(rest),
    }
}

/// Parses the date itself: `s` must be only a date (plus weekday and time).
fn parse_date(s: &str) -> Option<DateLine> {
    let s = s.trim().trim_end_matches('.').trim_end();
    let mut tokens = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .peekable();
    if let Some(first) = tokens.peek()
        && is_weekday(first)
    {
        tokens.next();
    }
    let tokens: Vec<&str> = tokens.collect();
    let (ymd, used) = match tokens.as_slice() {
        [one, ..] if numeric_ymd(one).is_some() => (numeric_ymd(one)?, 1),
        [a, b, c, ..] => (words_ymd(a, b, c)?, 3),
        _ => return None,
    };
    if !tokens[used..].iter().all(|t| is_time_word(t)) {
        return None;
    }
    let (y, m, d) = ymd;
    let text = date_text(s, &tokens, used);
    Some(match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => DateLine::Valid(date),
        None => DateLine::Impossible(text),
    })
}

/// The date as written (without weekday or time), for warnings.
fn date_text(s: &str, tokens: &[&str], used: usize) -> String {
    let (Some(first), Some(last)) = (tokens.first(), tokens.get(used.saturating_sub(1))) else {
        return s.to_string();
    };
    let start = first.as_ptr() as usize - s.as_ptr() as usize;
    let end = last.as_ptr() as usize - s.as_ptr() as usize + last.len();
    s.get(start..end).unwrap_or(s).to_string()
}

fn is_weekday(t: &str) -> bool {
    let t = t.trim_end_matches('.');
    WEEKDAYS.iter().any(|w| w.eq_ignore_ascii_case(t))
}

fn is_time_word(t: &str) -> bool {
    if TIME_WORDS.iter().any(|w| w.eq_ignore_ascii_case(t)) {
        return true;
    }
    // `10:30`, `10:30:15`, `10:30am`.
    let core = t
        .trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.')
        .trim_end();
    core.contains(':') && core.len() <= 8 && core.bytes().all(|b| b.is_ascii_digit() || b == b':')
}

/// `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD`.
fn numeric_ymd(t: &str) -> Option<(i32, u32, u32)> {
    let sep = t.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let mut parts = t.split(sep);
    let y = number(parts.next()?, 4, 4)?;
    let m = number(parts.next()?, 1, 2)?;
    let d = number(parts.next()?, 1, 2)?;
    if parts.next().is_some() {
        return None;
    }
    Some((i32::try_from(y).ok()?, m, d))
}

/// `Month Day Year` or `Day Month Year`.
fn words_ymd(a: &str, b: &str, c: &str) -> Option<(i32, u32, u32)> {
    let y = i32::try_from(number(c, 4, 4)?).ok()?;
    if let Some(m) = month(a) {
        return Some((y, m, day(b)?));
    }
    let m = month(b)?;
    Some((y, m, day(a)?))
}

fn month(t: &str) -> Option<u32> {
    let t = t.strip_suffix('.').unwrap_or(t);
    MONTHS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(t))
        .map(|&(_, m)| m)
}

/// A day number with an optional ordinal suffix (`1st`, `22nd`, `3rd`, `4th`).
fn day(t: &str) -> Option<u32> {
    let digits = t.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &t[digits.len()..];
    let ok_suffix = suffix.is_empty()
        || ["st", "nd", "rd", "th"]
            .iter()
            .any(|s| s.eq_ignore_ascii_case(suffix));
    if !ok_suffix {
        return None;
    }
    number(digits, 1, 2)
}

/// An ASCII number of `min..=max` digits (so it cannot overflow).
fn number(t: &str, min: usize, max: usize) -> Option<u32> {
    if t.len() < min || t.len() > max || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Option<DateLine> {
        NaiveDate::from_ymd_opt(y, m, d).map(DateLine::Valid)
    }

    #[test]
    fn accepts_the_common_forms() {
        for s in [
            "2009-04-01",
            "2009/04/01",
            "April 1, 2009",
            "April 1st, 2009",
            "1 April 2009",
            "1st April 2009",
            "Apr. 1, 2009",
            "Apr 1 2009",
            "Wednesday, April 1, 2009",
            "Posted on April 1, 2009",
            "Published: 2009-04-01",
            "Published on April 1, 2009",
            "Date: April 1, 2009",
            "Updated April 1, 2009",
            "Posted April 1, 2009",
            "APRIL 1, 2009",
            "April 1, 2009.",
            "April 1, 2009 at 10:30 am",
        ] {
            assert_eq!(parse_date_line(s), ymd(2009, 4, 1), "{s}");
        }
        assert_eq!(parse_date_line("Sept. 3, 2008"), ymd(2008, 9, 3));
        assert_eq!(parse_date_line("March 24, 2007"), ymd(2007, 3, 24));
    }

    #[test]
    fn impossible_dates_are_flagged() {
        let d = parse_date_line("February 30, 2008").unwrap();
        assert_eq!(d.date(), None);
        assert_eq!(
            d.warning().unwrap(),
            "impossible date 'February 30, 2008' ignored"
        );
        assert!(matches!(
            parse_date_line("2009-13-01"),
            Some(DateLine::Impossible(_))
        ));
    }

    #[test]
    fn sentences_and_huge_numbers_are_not_dates() {
        for s in [
            "It happened on April 1, 2009 in Paris.",
            "April 2009",
            "99999999999999999999-01-01",
            "April 99999999999999999999, 2009",
            "2009",
            "The 1st of April",
            "",
        ] {
            assert_eq!(parse_date_line(s), None, "{s}");
        }
    }
}
