//! Bylines: `By Jane Doe`, `Written by …`, `Posted by …`, `Author: …`,
//! optionally with a date (`By Jane Doe on April 1, 2009`, `… | April 1, 2009`,
//! `…, April 1, 2009`) and a role (`By Jane Doe, Staff Writer`).
//!
//! Owns [`parse_byline`], [`Byline`] and the re-casing of ALL-CAPS and
//! all-lowercase names ([`recase_name`]): `JANE DOE` -> `Jane Doe`,
//! `mary o'brien-mcdonald` -> `Mary O'Brien-McDonald`. Mixed-case names are
//! kept as written.

use super::date::{self, DateLine};

/// A parsed byline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Byline {
    pub name: String,
    pub date: Option<DateLine>,
}

/// Longest byline line, in bytes.
const MAX_BYLINE: usize = 100;

/// Byline prefixes, longest first; each must be followed by a non-letter.
const PREFIXES: &[&str] = &[
    "written by",
    "posted by",
    "authored by",
    "article by",
    "story by",
    "words by",
    "text by",
    "author",
    "by",
];

/// Where a date may follow the name.
const DATE_SEPARATORS: &[&str] = &[" | ", " on ", ", ", " - ", " – ", " — ", " · ", " / "];

/// Where a role may follow the name.
const ROLE_SEPARATORS: &[&str] = &[",", " | ", " - ", " – ", " — ", " · ", " / ", " ("];

/// Words that never occur in a name (so `by the way` is not a byline).
const NOT_NAME: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "at", "is", "are", "was", "were", "be", "this", "that",
    "it", "its", "my", "our", "your", "their", "we", "i", "you", "he", "she", "they", "for",
    "with", "from", "way", "now", "then", "all", "not", "no", "so", "if", "as", "using", "default",
];

/// Particles that may stay lowercase inside a mixed-case name.
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "la", "le", "ten", "ter",
    "bin", "ibn", "al", "el", "and", "y", "dos", "das",
];

/// Parses a line as a byline.
pub fn parse_byline(line: &str) -> Option<Byline> {
    let line = line.trim();
    if line.len() > MAX_BYLINE {
        return None;
    }
    let rest = strip_prefix(line)?;
    let (name_part, date) = split_date(rest);
    let name_part = join_suffix(name_part);
    let name = cut_role(&name_part);
    if !is_name(name) {
        return None;
    }
    Some(Byline {
        name: recase_name(name),
        date,
    })
}

fn strip_prefix(line: &str) -> Option<&str> {
    for p in PREFIXES {
        if let Some(rest) = date::strip_word_ci(line, p) {
            let rest = rest.trim_start();
            let rest = rest.strip_prefix(':').unwrap_or(rest).trim_start();
            // `Author` needs a colon or a dash; `By` needs a space or colon.
            let after = &line[p.len()..];
            if *p == "author" && !after.trim_start().starts_with([':', '-', '—']) {
                return None;
            }
            if !after.starts_with(|c: char| c.is_whitespace() || c == ':') {
                return None;
            }
            let rest = rest.trim_start_matches(['-', '—', '–']).trim_start();
            return (!rest.is_empty()).then_some(rest);
        }
    }
    None
}

/// Splits `Jane Doe on April 1, 2009` into the name part and the date.
fn split_date(rest: &str) -> (&str, Option<DateLine>) {
    for (i, _) in rest.char_indices() {
        let tail = &rest[i..];
        for sep in DATE_SEPARATORS {
            let Some(head) = tail.get(..sep.len()) else {
                continue;
            };
            if head.eq_ignore_ascii_case(sep)
                && let Some(d) = date::parse_date_line(&tail[sep.len()..])
            {
                return (&rest[..i], Some(d));
            }
        }
    }
    (rest, None)
}

/// Suffixes of a name whose period is theirs (`Jr.`, `Inc.`): it stays
/// when a sentence's full stop is dropped, and a comma before one starts
/// no role (`Jane Doe, Jr.`).
const SUFFIXES: &[&str] = &["jr", "sr", "inc", "ltd", "co", "corp", "esq", "phd"];

fn is_suffix(word: &str) -> bool {
    let word = word.trim_end_matches('.');
    SUFFIXES.iter().any(|s| s.eq_ignore_ascii_case(word))
}

/// `Jane Doe, Jr.` as `Jane Doe Jr.`: the comma before a suffix is not a
/// role's.
fn join_suffix(name: &str) -> std::borrow::Cow<'_, str> {
    let Some(at) = name.find(", ").filter(|&at| {
        let next = name[at + 2..].split([' ', ',']).next().unwrap_or("");
        is_suffix(next)
    }) else {
        return name.into();
    };
    format!("{}{}", &name[..at], &name[at + 1..]).into()
}

/// Drops a role after the name (`Jane Doe, Staff Writer`) and a full stop
/// after it, not the period of an initial or a suffix (`Martin L. King
/// Jr.`).
fn cut_role(name: &str) -> &str {
    let end = ROLE_SEPARATORS
        .iter()
        .filter_map(|sep| name.find(sep))
        .min()
        .unwrap_or(name.len());
    let name = name[..end].trim().trim_end_matches([':', ';']).trim_end();
    let Some(stem) = name.strip_suffix('.') else {
        return name;
    };
    let last = stem.rsplit(char::is_whitespace).next().unwrap_or("");
    let initial = last.chars().count() == 1 && last.chars().all(char::is_alphabetic);
    if initial || is_suffix(last) {
        name
    } else {
        stem.trim_end_matches(['.', ':', ';']).trim()
    }
}

/// A plausible person's name (or several joined with `and`).
fn is_name(name: &str) -> bool {
    if name.is_empty() || name.chars().count() > 60 {
        return false;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 {
        return false;
    }
    let word_ok = |w: &&str| {
        w.chars().next().is_some_and(char::is_alphabetic)
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-'))
            && !NOT_NAME.iter().any(|n| n.eq_ignore_ascii_case(w))
    };
    if !words.iter().all(word_ok) {
        return false;
    }
    let mixed = name.chars().any(char::is_uppercase) && name.chars().any(char::is_lowercase);
    // A mixed-case name starts with a capital, and its lowercase words are particles.
    !mixed
        || words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || PARTICLES.iter().any(|p| p.eq_ignore_ascii_case(w))
        })
}

/// Title-cases an ALL-CAPS or all-lowercase name; keeps a mixed-case one.
pub fn recase_name(name: &str) -> String {
    let has_upper = name.chars().any(char::is_uppercase);
    let has_lower = name.chars().any(char::is_lowercase);
    if has_upper && has_lower {
        return name.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    name.split_whitespace()
        .map(recase_word)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `o'brien-mcdonald` -> `O'Brien-McDonald`; `iii` -> `III`.
fn recase_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut piece = String::new();
    for c in word.chars() {
        if matches!(c, '-' | '\'' | '’' | '.') {
            push_piece(&mut out, &piece);
            piece.clear();
            out.push(c);
        } else {
            piece.push(c);
        }
    }
    push_piece(&mut out, &piece);
    out
}

fn push_piece(out: &mut String, piece: &str) {
    let lower = piece.to_lowercase();
    if ["ii", "iii", "iv", "vi", "vii", "viii"].contains(&lower.as_str()) {
        out.push_str(&lower.to_uppercase());
        return;
    }
    let (prefix, rest) = match lower.strip_prefix("mc") {
        Some(rest) if !rest.is_empty() => ("Mc", rest),
        _ => ("", lower.as_str()),
    };
    out.push_str(prefix);
    let mut chars = rest.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn name(line: &str) -> Option<String> {
        parse_byline(line).map(|b| b.name)
    }

    #[test]
    fn byline_forms() {
        for line in [
            "By Jane Doe",
            "BY JANE DOE",
            "by jane doe",
            "Written by Jane Doe",
            "Posted by Jane Doe",
            "Author: Jane Doe",
            "By: Jane Doe",
            "By Jane Doe, Staff Writer",
        ] {
            assert_eq!(name(line).as_deref(), Some("Jane Doe"), "{line}");
        }
        assert_eq!(
            name("By Mikael Blaisdell").as_deref(),
            Some("Mikael Blaisdell")
        );
    }

    #[test]
    fn a_suffix_or_an_initial_keeps_its_period() {
        for (line, want) in [
            ("By Martin L. King Jr.", "Martin L. King Jr."),
            ("By Martin L. King, Jr.", "Martin L. King Jr."),
            ("By John Roe Sr., Staff Writer", "John Roe Sr."),
            ("By Acme Widgets Inc.", "Acme Widgets Inc."),
            ("By Jane Q.", "Jane Q."),
            // A sentence's full stop still goes.
            ("By Jane Doe.", "Jane Doe"),
            ("By Jane Doe, Staff Writer.", "Jane Doe"),
        ] {
            assert_eq!(name(line).as_deref(), Some(want), "{line}");
        }
    }

    #[test]
    fn byline_with_date() {
        let want = NaiveDate::from_ymd_opt(2009, 4, 1);
        for line in [
            "By Jane Doe on April 1, 2009",
            "By Jane Doe | April 1, 2009",
            "By Jane Doe, April 1, 2009",
            "Posted by Jane Doe on 2009-04-01",
        ] {
            let b = parse_byline(line).unwrap();
            assert_eq!(b.name, "Jane Doe", "{line}");
            assert_eq!(b.date.and_then(|d| d.date()), want, "{line}");
        }
    }

    #[test]
    fn recasing_handles_mc_o_and_hyphens() {
        assert_eq!(
            recase_name("MARY O'BRIEN-MCDONALD"),
            "Mary O'Brien-McDonald"
        );
        assert_eq!(recase_name("john smith iii"), "John Smith III");
        assert_eq!(recase_name("Ludwig van Beethoven"), "Ludwig van Beethoven");
        assert_eq!(recase_name("danah boyd"), "Danah Boyd");
    }

    #[test]
    fn prose_is_not_a_byline() {
        for line in [
            "by the way, this is not a byline",
            "By the end of the day we were tired.",
            "Byzantine empires rose and fell",
            "Authority matters",
            "By",
            "by 2009 everything changed",
        ] {
            assert_eq!(name(line), None, "{line}");
        }
    }
}
